"""YAML text -> plain Python data, with the position of every key and value kept beside it.

Why not ``YAML(typ="rt")`` or ``YAML(typ="safe")``: the round-trip loader is pure Python and several
times slower, and both construct objects from tags and expand aliases before anything can bound
them. So this module reads the parser's *events* and builds the data itself, which lets it

- resolve scalars by the YAML 1.2 core schema only, whatever ``%YAML`` directive the file has
  (``no`` stays a string, ``1:20`` stays a string, and no state outlives the call);
- refuse tags instead of constructing objects;
- count aliases as expanded and stop an alias bomb before anything walks the data;
- bound nesting depth and file size;
- record positions in a side table (dagster's idea) instead of wrapping every value.

The events come from libyaml through ``ruamel.yaml.cyaml.CParser`` when a C extension is
installed (``ruamel.yaml.clib``, which ships wheels for every platform; the ``oldlibyaml`` extra),
else from ruamel.yaml's pure-Python parser, with the same results about three times slower; a
warning says so once. Why not the ``libyaml`` extra: its ``ruamel.yaml.clibz`` is published as
source only and compiles libyaml with a downloaded Zig toolchain at install time, which an
intranet mirror cannot do.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from jointmeeting.errors import Diagnostic, Loc, Position

#: Set by tests (and by anyone who wants to compare) to read with the pure-Python parser.
PURE_ENV = "JOINTMEETING_YAML_PURE"


def _c_parser() -> Callable[[str], Any] | None:
    """ruamel's libyaml binding, or None when no C extension is importable (or it is refused)."""
    if os.environ.get(PURE_ENV):
        return None
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:
        return None
    return CParser  # type: ignore[no-any-return]


_warned: list[bool] = []


def _pure_parser(text: str) -> Any:
    from ruamel.yaml.main import YAML

    if not _warned:
        _warned.append(True)
        warnings.warn("no C YAML parser is installed (pip install ruamel.yaml.clib): charters "
                      "load with the pure-Python parser, which is slower", RuntimeWarning,
                      stacklevel=4)
    events = YAML(typ="safe", pure=True).parse(text)
    return SimpleNamespace(get_event=partial(next, events, None))


#: Makes an object with ``get_event()`` (None at the end) from a text.
new_parser: Callable[[str], Any] = _c_parser() or _pure_parser


def _event_classes() -> dict[str, type]:
    """The event classes the parser in use hands out, by name.

    Why: the C bindings have given their own classes (``ruamel.yaml.clibz``) or ruamel's public
    ones (``ruamel.yaml.clib``); asking the parser keeps ``type() is`` checks, the fast path,
    without importing another package's private module.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        parser = new_parser("--- &a {k: [v, *a]}\n")
        found: dict[str, type] = {}
        while (event := parser.get_event()) is not None:
            found[type(event).__name__] = type(event)
    _warned.clear()
    return found


_EVENTS = _event_classes()
AliasEvent = _EVENTS["AliasEvent"]
DocumentStartEvent = _EVENTS["DocumentStartEvent"]
MappingEndEvent = _EVENTS["MappingEndEvent"]
MappingStartEvent = _EVENTS["MappingStartEvent"]
ScalarEvent = _EVENTS["ScalarEvent"]
SequenceEndEvent = _EVENTS["SequenceEndEvent"]
SequenceStartEvent = _EVENTS["SequenceStartEvent"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep a hostile file from costing more than a few seconds and some memory."""

    max_bytes: int = 32 * 1024 * 1024
    max_depth: int = 64
    #: Nodes counted as if every alias were expanded; an alias bomb passes it within a few levels.
    max_nodes: int = 4_000_000
    #: Folders, besides the charter's own, that the files a charter names (``extends:``,
    #: ``source.text``, a roster's ``path``) may stand in; see :mod:`jointmeeting.charter.named`.
    allow_outside: tuple[str, ...] = ()


#: Tags a file may spell out: the core schema's own. Any other would ask for an object.
_CORE_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(_CORE_TAG + t for t in ("str", "map", "seq"))

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


_NUMBER_START = frozenset("0123456789+-.")


def resolve_plain(value: str) -> Any:
    """A plain scalar's value by the YAML 1.2 core schema (no sexagesimals, no yes/no, no dates)."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value[0] not in _NUMBER_START:  # most scalars are names and texts: skip the regexes
        return value
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


@dataclass(slots=True)
class SourceMap:
    """Positions of keys and values, looked up by a path into the data.

    Kept per container, keyed by ``id()``: the containers live as long as the data does.
    """

    path: str
    root: Any = None
    root_position: Position = field(default_factory=lambda: Position(1, 1))
    #: id(container) -> key or index -> (key line, key col, value line, value col), 1-based.
    #: Plain tuples, not Positions: a large charter has millions of them.
    _marks: dict[int, dict[Any, tuple[int, int, int, int]]] = field(default_factory=dict)

    def source_of(self, loc: Loc) -> str:
        return self.path

    def locate(self, loc: Loc, *, key: bool = False) -> Position | None:
        """Position of the value at ``loc`` (or of its key); the nearest existing parent otherwise.

        A missing key points at its parent mapping, as a reader expects ("this mapping lacks ...").
        """
        node, found = self.root, self.root_position
        for part in loc:
            marks = self._marks.get(id(node))
            if marks is None or part not in marks:
                return found
            key_line, key_col, line, col = marks[part]
            found = Position(key_line, key_col) if key and part == loc[-1] else Position(line, col)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return found
        return found


class _Stop(Exception):
    """Raised inside the event loop to end parsing with one diagnostic."""

    def __init__(self, code: str, message: str, position: tuple[int, int]) -> None:
        self.diagnostic = (code, message, Position(*position))


def _refuse_tag(tag: str | None, event: Any) -> None:
    if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
        raise _Stop("JM106", f"tag {tag!r} is not allowed in a charter", _pos(event.start_mark))


def _pos(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _tab_indents(text: str, path: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not _TAB_INDENT.search(text):
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        col = line.find("\t", 0, indent)
        if col >= 0:
            message = "tab in indentation; YAML indents with spaces only"
            found.append(Diagnostic("JM104", message, path, Position(number, col + 1)))
    return found


def decode(raw: bytes, path: str, limits: Limits) -> tuple[str | None, list[Diagnostic]]:
    """Bytes -> text, refusing what is not a YAML text file. A UTF-8 BOM is allowed."""
    if len(raw) > limits.max_bytes:
        message = f"file is {len(raw):,} bytes; the limit is {limits.max_bytes:,}"
        return None, [Diagnostic("JM102", message, path, Position(1, 1))]
    nul = raw.find(b"\0")
    if nul >= 0:
        return None, [Diagnostic("JM101", "NUL byte: this is not a text file", path,
                                 _offset_position(raw, nul))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        return None, [Diagnostic("JM101", message, path, _offset_position(raw, exc.start))]
    return text, []


def _offset_position(raw: bytes, offset: int) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(raw.count(b"\n", 0, offset) + 1, column)


def parse_text(text: str, path: str, limits: Limits = Limits()
               ) -> tuple[Any, SourceMap, list[Diagnostic]]:
    """Parse one YAML document. Returns the data, its positions and every finding.

    Findings here stop the parse (a YAML parser cannot go on past broken syntax), except duplicate
    keys, which are all collected.
    """
    source = SourceMap(path)
    tabs = _tab_indents(text, path)
    if tabs:
        return None, source, tabs
    found: list[Diagnostic] = []
    try:
        source.root = _build(text, source, limits, path, found)
    except _Stop as stop:
        code, message, position = stop.diagnostic
        found.append(Diagnostic(code, message, path, position))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = ": ".join(str(p) for p in (exc.context, exc.problem) if p)
        position = Position(*_pos(mark)) if mark else Position(1, 1)
        found.append(Diagnostic("JM103", message, path, position))
    except YAMLError as exc:
        found.append(Diagnostic("JM103", str(exc).splitlines()[-1].strip(), path, Position(1, 1)))
    except (ValueError, IndexError, RecursionError, AssertionError, TypeError,
            OverflowError) as exc:
        # libyaml and its binding are not meant to raise these, but a user's file must never
        # surface a traceback, whatever the parser does with it.
        message = f"the YAML parser failed ({type(exc).__name__}: {exc})"
        found.append(Diagnostic("JM112", message, path, Position(1, 1)))
    return source.root, source, found


def _build(text: str, source: SourceMap, limits: Limits, path: str, found: list[Diagnostic]) -> Any:
    parser = new_parser(text)
    next_event = parser.get_event
    # A frame per open container: (container, its marks, pending key, key position,
    # expanded-node count at its start, its anchor).
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    expanded = 0
    root: Any = None
    documents = 0

    def add(value: Any, position: tuple[int, int]) -> None:
        nonlocal root
        if not stack:
            root = value
            source.root_position = Position(*position)
            return
        frame = stack[-1]
        container, marks = frame[0], frame[1]
        if type(container) is list:
            marks[len(container)] = (*position, *position)
            container.append(value)
        elif frame[2] is _NO_KEY:
            if type(value) is not str and (isinstance(value, (dict, list)) or value is None):
                raise _Stop("JM110", "a mapping key must be a plain scalar", position)
            key = value if type(value) is str else str(value)
            if key in container:
                found.append(Diagnostic("JM105", f"duplicate key '{key}' (first at line "
                                        f"{marks[key][0]})", path, Position(*position)))
            frame[2], frame[3] = key, position
        else:
            key = frame[2]
            if key not in marks:  # a duplicate key keeps its first value; JM105 says so
                container[key] = value
                marks[key] = (*frame[3], *position)
            frame[2] = _NO_KEY

    while True:
        event = next_event()
        if event is None:
            break
        kind = type(event)
        if kind is ScalarEvent:
            expanded += 1
            tag = event.tag
            _refuse_tag(tag, event)
            value = event.value if (event.style or tag) else resolve_plain(event.value)
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            add(value, _pos(event.start_mark))
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            expanded += 1
            position = _pos(event.start_mark)
            _refuse_tag(event.tag, event)
            if len(stack) >= limits.max_depth:
                raise _Stop("JM108", f"nesting deeper than {limits.max_depth} levels", position)
            container: dict[str, Any] | list[Any] = {} if kind is MappingStartEvent else []
            add(container, position)
            marks: dict[Any, tuple[int, int, int, int]] = {}
            source._marks[id(container)] = marks
            stack.append([container, marks, _NO_KEY, None, expanded, event.anchor])
            if event.anchor is not None:
                open_anchors.add(event.anchor)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            container, _, _, _, start, anchor = stack.pop()
            if anchor is not None:
                open_anchors.discard(anchor)
                anchors[anchor] = (container, expanded - start + 1)
        elif kind is AliasEvent:
            position = _pos(event.start_mark)
            if event.anchor in open_anchors:
                raise _Stop("JM111", f"alias *{event.anchor} refers to a node that contains it",
                            position)
            if event.anchor not in anchors:
                raise _Stop("JM111", f"alias *{event.anchor} names no anchor before it", position)
            value, size = anchors[event.anchor]
            expanded += size
            if expanded > limits.max_nodes:
                raise _Stop("JM107", f"aliases expand to more than {limits.max_nodes:,} nodes",
                            position)
            add(value, position)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Stop("JM109", "more than one YAML document; a charter is one document",
                            _pos(event.start_mark))
        if expanded > limits.max_nodes:
            raise _Stop("JM107", f"more than {limits.max_nodes:,} nodes", _pos(event.start_mark))
    if documents == 0:
        raise _Stop("JM109", "the file holds no YAML document", (1, 1))
    return root


class _NoKey:
    """Marks a mapping frame that waits for its next key."""


_NO_KEY = _NoKey()
