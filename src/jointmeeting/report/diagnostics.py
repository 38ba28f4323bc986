"""Findings as text, JSON or GitHub annotations; the charter format as JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Sequence

from jointmeeting.charter.escape import printable
from jointmeeting.charter.model import Charter
from jointmeeting.charter.values import described
from jointmeeting.errors import Diagnostic
from jointmeeting.report.envelope import findings_json

FORMATS = ("text", "json", "github")

SCHEMA_ID = "https://jointmeeting.invalid/schema/charter.schema.json"


def diagnostics(found: Sequence[Diagnostic], fmt: str) -> str:
    """Findings in one of :data:`FORMATS`; text and github give one line per finding."""
    if fmt == "json":
        return findings_json(found).rstrip("\n")
    if fmt == "github":
        return "\n".join(_github(d) for d in found)
    return "\n".join(printable(str(d)) for d in found)


def _github(d: Diagnostic) -> str:
    # Workflow commands need %, CR and LF escaped in the message, and also , and : in
    # properties (GitHub's own toolkit, `escapeData` and `escapeProperty`). Control characters
    # are made printable first: a log is a terminal too.
    def escape(text: str, prop: bool = False) -> str:
        text = printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(",", "%2C").replace(":", "%3A") if prop else text

    props = [f"title={d.code}"]
    if d.path:
        props.insert(0, f"file={escape(d.path, True)}")
    if d.position:
        props[1:1] = [f"line={d.position.line}", f"col={d.position.col}"]
    return f"::{d.severity.value} {','.join(props)}::{escape(d.message)}"


def json_schema() -> str:
    """The charter format as JSON Schema (draft 2020-12), as committed in ``schema/``."""
    described(Charter)
    schema = Charter.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
