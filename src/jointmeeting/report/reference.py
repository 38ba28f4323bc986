"""The charter format reference, generated from the models (docs/charter-format.md)."""

from __future__ import annotations

import enum
import inspect
import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from jointmeeting.charter.model import Charter
from jointmeeting.charter.outline import areas
from jointmeeting.charter.values import described
from jointmeeting.errors import Code
from jointmeeting.host import hookspecs

HEADER = """# The charter format

Generated from the models by `jointmeeting schema --format markdown`; a test fails when this
file is stale. A charter is one YAML document; unknown keys are errors; booleans are `true` or
`false` only; dates are `YYYY-MM-DD`; deadlines are ISO 8601 durations (`PT24H`, `P3D`) of at
most 366 days, or `immediately`. The JSON Schema is `schema/charter.schema.json`.

Besides the keys below, a county's file may start with `extends: PATH` (a template charter,
relative to the file) and `remove: {units: [id, …], duties: [id, …]}` (any list of items with
ids; a list or an id the template does not have is JM208); see docs/adopting.md.
How each shape real notices take is written (liaison officers, a lead unit, joint owners, no
per-unit duties …): docs/shapes.md.
"""


def _type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        parts = [_type(a) for a in typing.get_args(annotation) if a is not type(None)]
        nullable = type(None) in typing.get_args(annotation)
        return " or ".join(parts) + (" or null" if nullable else "")
    if origin is list:
        return f"list of {_type(typing.get_args(annotation)[0])}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"mapping of {_type(key)} to {_type(value)}"
    if origin is typing.Literal:
        return " or ".join(repr(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " / ".join(f"`{m.value}`" for m in annotation)
    return getattr(annotation, "__name__", str(annotation))


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if (isinstance(annotation, type) and issubclass(annotation, BaseModel)
                and annotation not in found):
            found.append(annotation)
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(root)
    return found


def format_reference() -> str:
    described(Charter)
    out = [HEADER]
    for model in _models(Charter):
        out.append(f"\n## {model.__name__}\n")
        doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        if doc and not doc.startswith(model.__name__ + "("):
            out.append(f"{doc}\n")
        out.append("\n| key | type | required | meaning |\n| --- | --- | --- | --- |\n")
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else (
                f"no (default `{info.default}`)" if info.default not in (None, PydanticUndefined)
                else "no")
            meaning = (info.description or "").replace("|", "\\|")
            out.append(f"| `{info.alias or name}` | {_type(info.annotation)} | {required} | "
                       f"{meaning} |\n")
    out.append("\n## Areas of the national outlines\n\n| id | area |\n| --- | --- |\n")
    out += [f"| `{a.id}` | {a.name} |\n" for a in areas().values()]
    out.append("\n## Finding codes\n\n| code | severity | meaning |\n| --- | --- | --- |\n")
    out += [f"| {code} | {code.severity.value} | {code.summary} |\n" for code in Code]
    return "".join(out)


#: Where the generated hooks reference stands in ``docs/plugins.md``.
HOOKS_BEGIN = "<!-- hooks: generated from hookspecs.py by `jointmeeting schema --format hooks` -->"
HOOKS_END = "<!-- end of hooks -->"


def hooks_reference() -> str:
    """The hooks section of ``docs/plugins.md``: each hook of :mod:`jointmeeting.host.hookspecs`
    with its exact signature and its docstring, the whole contract, in the order they stand."""
    out = [HOOKS_BEGIN, "\n\n## Hooks\n"]
    for name, function in vars(hookspecs).items():
        if not (name.startswith(f"{hookspecs.PROJECT}_") and callable(function)):
            continue
        signature = inspect.signature(function)
        # Annotations are the source's own strings (``from __future__ import annotations``).
        params = ", ".join(f"{p.name}: {p.annotation}" for p in signature.parameters.values())
        # reST's ``code`` is Markdown's `code`; a fenced block stays fenced.
        doc = re.sub(r"(?<!`)``([^`]+)``(?!`)", r"`\1`", inspect.cleandoc(function.__doc__ or ""))
        out.append(f"\n### {name}\n\n```python\ndef {name}({params}) -> "
                   f"{signature.return_annotation}:\n```\n\n{doc}\n")
    out.append(f"\n{HOOKS_END}\n")
    return "".join(out)
