"""docs/json.md, generated from the schemas under schema/: the envelope, then each kind's
properties with their descriptions. Rewrite it with ``python tests/json_docs.py > docs/json.md``;
tests/test_json_out.py fails when it is stale."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent.parent / "schema"

HEAD = """\
# JSON output

Generated from `schema/envelope.schema.json` and `schema/kinds/*.schema.json` by
`python tests/json_docs.py > docs/json.md`; a test fails when this file is stale.

Every command that prints a result takes `--format json` and prints one JSON document on
standard output, always in the same envelope:

```json
{"jointmeeting": "0.2.0", "kind": "records", "data": {"year": 2025, "records": 42}}
```

- `jointmeeting`: the version that wrote it (the tag `vX.Y.Z` of CHANGELOG.md).
- `kind`: what `data` is; one of the kinds below, each with its schema at
  `schema/kinds/KIND.schema.json` (the envelope's schema `$ref`s it for its kind).
- `data`: the result.

When a command fails in JSON mode (a charter that does not load, an unknown unit, a bad option,
a locked ledger), standard output still holds one envelope: the findings, as the `diagnostics`
kind, with the exit code of the text mode (1 findings, 2 usage, 3 internal error). Nothing but
the envelope goes to standard output; notes for people (an unfinished charter, the day judged
on) go to standard error. `dispatch --format json` without `--once` prints one envelope per pass,
one per line (JSON Lines). Times carry their offset (`+08:00`); dates are `YYYY-MM-DD`.
Cases keep to the least data: a plan or a step names the channel it goes by, never its address
or secret; the command line never prints a case's summary or details, and the service's
`incident` gives them only to the roles that may read them.

The HTTP service (`jointmeeting serve`) answers in the same envelope with the same kinds: one
kind is one shape, whoever prints it (the service's own kinds are `ping`, `units`, `incident`,
`incidents` and `audit`; its OpenAPI description is at `/openapi.json`).
"""


def _type(node: dict[str, Any]) -> str:
    kind = node.get("type", "")
    text = " or ".join(kind) if isinstance(kind, list) else kind
    if "enum" in node:
        text += " (" + ", ".join(f"`{v}`" for v in node["enum"]) + ")"
    if "format" in node:
        text += f", {node['format']}"
    return text or "see its schema"


def _rows(node: dict[str, Any], prefix: str) -> Iterator[tuple[str, str, str]]:
    if node.get("type") == "array" or "array" in node.get("type", []):
        node = node.get("items", {})
        prefix += "[]"
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield path, _type(sub), sub["description"]
        yield from _rows(sub, path)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        yield from _rows(extra, prefix + ".*")


def render() -> str:
    envelope = json.loads((SCHEMAS / "envelope.schema.json").read_text(encoding="utf-8"))
    out = [HEAD]
    for kind in envelope["properties"]["kind"]["enum"]:
        schema = json.loads((SCHEMAS / "kinds" / f"{kind}.schema.json").read_text(
            encoding="utf-8"))
        out.append(f"## `{kind}`\n\n{schema['description']}\n")
        if "$ref" in schema:
            out.append(f"Its schema: `schema/{schema['$ref'].removeprefix('../')}`.\n")
            continue
        out.append(f"`data` is {_type(schema)}.\n")
        rows = list(_rows(schema, ""))
        if rows:
            out.append("| field | type | meaning |\n|---|---|---|")
            out += [f"| `{path}` | {kind_} | {text.replace('|', '/')} |"
                    for path, kind_, text in rows]
            out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(render())
