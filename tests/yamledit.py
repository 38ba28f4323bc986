"""Edits to YAML text for tests: set a value by its path, touching only that value's characters.

Why not ``text.replace(old, new)``: a replace says nothing of what it changes, silently does
nothing when the file's wording moves, and may hit the wrong place. Why not a ruamel dump: it
would move other lines, and tests assert line and column. This splices at the positions the
project's own parser gives, like :mod:`jointmeeting.charter.writer`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from jointmeeting.charter.parse import parse_text
from jointmeeting.charter.writer import scalar


def edit_yaml(text: str, path: str, value: object) -> str:
    """``text`` with the value at ``path`` set to ``value``.

    ``path`` is dotted: mapping keys, list indexes, or a list item's ``id`` (else its
    ``name``): ``"duties.civil-affairs-2.owner"``, ``"members.张三.since"``, ``"units.0"``.
    A key its mapping lacks is added as the mapping's first key, in the mapping's style (block
    or flow). ``value`` is written as YAML: a string plainly where it reads back the same,
    else quoted; a list or a mapping in flow style.

    Raises:
        KeyError: a part of ``path`` names nothing in the document.
    """
    data, source, found = parse_text(text, "edit.yaml")
    if found:
        raise ValueError(f"not YAML to edit: {found[0]}")
    loc: list[str | int] = []
    node: Any = data
    *parents, last = path.split(".")
    for part in parents:
        loc.append(_step(node, part, path))
        node = node[loc[-1]]
    lines = text.splitlines(keepends=True)
    if isinstance(node, dict) and last not in node:
        return _add_key(lines, source, tuple(loc), node, last, value)
    loc.append(_step(node, last, path))
    start = source.locate(tuple(loc))
    if start is None:
        raise KeyError(path)
    row, col = start.line - 1, start.col - 1
    line = lines[row]
    flow = _in_flow(lines, source, tuple(loc[:-1]))
    end = _scalar_end(line, col, flow)
    return "".join([*lines[:row], line[:col] + _yaml(value, flow=flow) + line[end:],
                    *lines[row + 1:]])


def _step(node: Any, part: str, path: str) -> str | int:
    if isinstance(node, dict):
        if part not in node:
            raise KeyError(f"{path}: no key {part!r}")
        return part
    if isinstance(node, list):
        if part.isdigit():
            return int(part)
        for field in ("id", "name"):
            for index, item in enumerate(node):
                if isinstance(item, dict) and str(item.get(field)) == part:
                    return index
    raise KeyError(f"{path}: nothing called {part!r}")


def _in_flow(lines: list[str], source: Any, parent: tuple[str | int, ...]) -> bool:
    where = source.locate(parent) if parent else None
    return where is not None and lines[where.line - 1][where.col - 1] in "{["


def _scalar_end(line: str, col: int, flow: bool) -> int:
    """Where the scalar starting at ``col`` ends on its line."""
    quote = line[col]
    if quote in "\"'":
        index = col + 1
        while index < len(line):
            if quote == '"' and line[index] == "\\":
                index += 2
                continue
            if line[index] == quote:
                if quote == "'" and line[index + 1:index + 2] == "'":  # '' is one quote
                    index += 2
                    continue
                return index + 1
            index += 1
        raise ValueError(f"a quoted scalar runs past its line: {line!r}")
    if line[col] in "{[":  # a flow collection: to its closing bracket
        depth = 0
        for index in range(col, len(line)):
            depth += (line[index] in "{[") - (line[index] in "}]")
            if depth == 0:
                return index + 1
        raise ValueError(f"a flow collection runs past its line: {line!r}")
    end = len(line.rstrip("\r\n"))
    comment = line.find(" #", col)
    end = comment if comment >= 0 else end
    if flow:
        stops = [i for i in (line.find(c, col) for c in ",}]") if 0 <= i < end]
        end = min(stops, default=end)
    return len(line[:end].rstrip())


def _add_key(lines: list[str], source: Any, loc: tuple[str | int, ...], mapping: dict[str, Any],
             key: str, value: object) -> str:
    first = source.locate((*loc, next(iter(mapping))), key=True)
    if first is None:
        raise KeyError(".".join(map(str, (*loc, key))))
    row, col = first.line - 1, first.col - 1
    line = lines[row]
    if line[:col].rstrip().endswith(("{", ",")):  # a flow mapping: `{key: value, ` before it
        lines[row] = line[:col] + f"{key}: {_yaml(value, flow=True)}, " + line[col:]
    else:  # a block mapping: a line of its own at the first key's column, after any dash
        lines[row:row + 1] = [line[:col] + f"{key}: {_yaml(value, flow=False)}\n",
                              " " * col + line[col:]]
    return "".join(lines)


def _yaml(value: object, *, flow: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v, flow=True) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v, flow=True)}" for k, v in value.items()) + "}"
    text = str(value)
    if any(ord(c) < 0x20 or c == "\x7f" for c in text):  # written as escapes, never raw
        return json.dumps(text, ensure_ascii=False)
    # Quoted as in a flow collection even in a block: `[bold]…` would otherwise read as a list.
    return scalar(text, flow=True)
