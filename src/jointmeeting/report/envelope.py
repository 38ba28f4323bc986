"""The one envelope of every JSON result, and the kinds of result it carries.

Every JSON result this library prints for another program is wrapped the same way,
``{"jointmeeting": VERSION, "kind": KIND, "data": …}``, so a consumer can tell what it holds and
which release made it. ``schema/envelope.schema.json`` describes the envelope and
``schema/kinds/KIND.schema.json`` each kind's data; ``docs/json.md`` documents them all.

Why a closed list of kinds: a consumer dispatches on ``kind``, so a new one is a change of the
documented interface (its schema, its section of the docs), never an accident of a command.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jointmeeting import __version__
from jointmeeting.charter.escape import json_safe
from jointmeeting.errors import Diagnostic

#: Every kind of JSON result, with the command that prints it.
KINDS: dict[str, str] = {
    "ack": "ack STEP --format json",
    "areas": "show --areas --format json",
    "calendar": "calendar --format json",
    "charter": "export --format json",
    "coverage": "coverage --format json",
    "diagnostics": "check --format json, and every command's errors in JSON mode",
    "diff": "diff --format json, draft --update --format json",
    "draft": "draft NOTICE --format json",
    "dispatch": "dispatch --format json",
    "duties": "duties --format json",
    "graph": "graph --format json",
    "history": "roster show --unit UNIT --format json",
    "impact": "impact --format json",
    "init": "init FOLDER --format json",
    "plan": "route --format json, incident open --format json",
    "plugins": "plugins --format json",
    "popolo": "export --format popolo",
    "proposal": "roster propose, roster file, roster withdraw --format json",
    "proposals": "roster proposals --format json",
    "records": "records import --format json",
    "refs": "notice refs --format json",
    "review": "review --format json",
    "roster": "roster show --format json",
    "scenarios": "route --test FILE --format json",
    "site": "site --format json",
    "steps": "incident status --format json",
    "summary": "show --format json",
    "timeline": "timeline --format json",
    "token": "token add, token revoke --format json",
    "tokens": "token list --format json",
    "who": "who --format json",
    # The HTTP service's own results (jointmeeting serve; their shapes are in its
    # /openapi.json).
    "audit": "GET /audit (the service)",
    "incident": "GET /incidents/ID, POST /incidents, POST /steps/ID/ack (the service)",
    "incidents": "GET /incidents (the service)",
    "ping": "GET /ping (the service)",
    "units": "GET /units (the service)",
}


def envelope(kind: str, data: Any) -> dict[str, Any]:
    """Wrap a result in the envelope every JSON output shares."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of JSON result: {kind}")
    return {"jointmeeting": __version__, "kind": kind, "data": data}


def to_json(kind: str, data: Any, *, indent: int | None = 2) -> str:
    """The enveloped result as JSON text, ending in a newline (one line with ``indent=None``);
    characters that would act on a terminal are ``\\u`` escapes (:func:`json_safe`)."""
    return json_safe(json.dumps(envelope(kind, data), ensure_ascii=False, indent=indent)) + "\n"


def finding(d: Diagnostic) -> dict[str, Any]:
    """One finding as JSON data (the items of the ``diagnostics`` kind)."""
    return {
        "path": d.path,
        "line": d.position.line if d.position else None,
        "col": d.position.col if d.position else None,
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
    }


def findings_json(found: Sequence[Diagnostic]) -> str:
    """Findings as the ``diagnostics`` kind."""
    return to_json("diagnostics", [finding(d) for d in found])
