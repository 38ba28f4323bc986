"""Charter files -> :class:`~jointmeeting.charter.model.Charter`, with every finding reported
at once.

The YAML layer (:mod:`jointmeeting.charter.parse`) gives data and positions; pydantic validates
the data; each pydantic error becomes a diagnostic at the position of the key or value it names (a
missing key points at the mapping that lacks it). Pydantic error *types* decide the code, never
the text of their messages.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from jointmeeting.charter import pieces
from jointmeeting.charter.model import Charter
from jointmeeting.charter.named import NamedFileError, Scope, read_named, read_regular, shown
from jointmeeting.charter.overlay import MergedSourceMap, merge, removals
from jointmeeting.charter.parse import Limits, SourceMap, decode, parse_text
from jointmeeting.charter.values import NORMALISED
from jointmeeting.errors import MAX_PER_CODE, CharterError, Diagnostic, FileError, Loc, Position

#: Pydantic error types that mean "this value is of the wrong kind", as opposed to a bad value.
_TYPE_ERRORS = frozenset((
    "bool_type", "int_type", "float_type", "string_type", "list_type", "dict_type", "model_type",
    "model_attributes_type", "literal_error", "enum", "int_from_float", "bool_parsing",
    "int_parsing", "none_required",
))
_CODES = {"extra_forbidden": "JM201", "missing": "JM202", "name_chars": "JM206"}


def format_loc(loc: Loc) -> str:
    """``('duties', 3, 'owner')`` -> ``duties[3].owner``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "null"
    return f"{type(value).__name__} {value!r}"


def _code(error: ErrorDetails) -> str:
    return _code_of(error["type"])


def _code_of(kind: str) -> str:
    return _CODES.get(kind) or ("JM203" if kind in _TYPE_ERRORS else "JM204")


def _diagnostics(errors: list[ErrorDetails], source: SourceMap | MergedSourceMap
                 ) -> Iterator[Diagnostic]:
    """Each error as a finding; past :data:`MAX_PER_CODE` of a code, without looking up its
    position, since it will only be counted."""
    counts: dict[str, int] = {}
    for error in errors:
        code = _code(error)
        counts[code] = counts.get(code, 0) + 1
        yield (_diagnostic(error, source) if counts[code] <= MAX_PER_CODE
               else Diagnostic(code, "", source.path))


def _diagnostic(error: ErrorDetails, source: SourceMap | MergedSourceMap) -> Diagnostic:
    kind, loc = error["type"], tuple(error["loc"])
    code = _code(error)
    where = format_loc(loc)
    if kind == "extra_forbidden":
        message = f"unknown key '{loc[-1]}' in {format_loc(loc[:-1])}"
        position = source.locate(loc, key=True)
    elif kind == "missing":
        message = f"missing key '{loc[-1]}' in {format_loc(loc[:-1])}"
        position = source.locate(loc[:-1])
    else:
        message = f"{where}: {error['msg']}"
        if code == "JM203":
            message += f" (got {_describe(error['input'])})"
            if kind == "bool_type":
                message += "; write true or false"
        position = source.locate(loc)
    return Diagnostic(code, message, source.source_of(loc), position)


def _normalised_names(model: BaseModel, raw: Any, loc: Loc,
                      source: SourceMap | MergedSourceMap) -> Iterator[Diagnostic]:
    """Warn wherever the model holds a string other than the file's: a name it normalised."""
    if not isinstance(raw, dict):
        return
    for name in type(model).model_fields:
        value, written = getattr(model, name), raw.get(name)
        here = (*loc, name)
        if isinstance(value, BaseModel):
            yield from _normalised_names(value, written, here, source)
        elif isinstance(value, list) and isinstance(written, list):
            for index, (item, raw_item) in enumerate(zip(value, written, strict=False)):
                if isinstance(item, BaseModel):
                    yield from _normalised_names(item, raw_item, (*here, index), source)
                elif isinstance(item, str) and isinstance(raw_item, str) and item != raw_item:
                    yield _name_warning(raw_item, item, (*here, index), source)
        elif isinstance(value, str) and isinstance(written, str) and value != written:
            yield _name_warning(written, value, here, source)


def _name_warning(written: str, stored: str, loc: Loc, source: SourceMap | MergedSourceMap
                  ) -> Diagnostic:
    message = (f"{format_loc(loc)}: name {written!r} is read as {stored!r} "
               "(NFKC, whitespace removed); write it that way")
    return Diagnostic("JM205", message, source.source_of(loc), source.locate(loc))


M = TypeVar("M", bound=BaseModel)

#: How many templates deep ``extends`` may go.
MAX_EXTENDS = 8


def _layers(text: str, path: str, base_dir: Path | None, limits: Limits, seen: frozenset[Path],
            scope: Scope) -> tuple[Any, SourceMap | MergedSourceMap, list[Diagnostic]]:
    """Parse a file and, when it ``extends:`` a template, the templates under it, merged.

    Every template is read within ``scope``, the top charter's: a template cannot widen where
    the templates under it may stand."""
    data, source, findings = parse_text(text, path, limits)
    if findings or not isinstance(data, dict) or "extends" not in data:
        return data, source, findings
    ref = data["extends"]
    where = source.locate(("extends",))
    if not isinstance(ref, str) or not ref:
        return None, source, [Diagnostic("JM207", "extends: name the template's file", path,
                                         where)]
    try:
        target, raw = read_named(ref, base_dir or Path("."), scope)
    except NamedFileError as exc:
        return None, source, [Diagnostic("JM207", f"extends: {exc.message}", path, where)]
    if target in seen or len(seen) >= MAX_EXTENDS:
        chain = " → ".join(p.name for p in (*seen, target))
        return None, source, [Diagnostic("JM207", f"templates extend in a loop or too deep: "
                                         f"{chain}", path, where)]
    template_text, _ = decode(raw, str(target), limits)
    if template_text is None:
        return None, source, [Diagnostic("JM207", f"extends: {shown(ref)} is not a charter "
                                         "template (not UTF-8 text)", path, where)]
    template, template_map, found = _layers(template_text, str(target), target.parent, limits,
                                            seen | {target}, scope)
    if found or not isinstance(template, dict):
        return None, source, found or [Diagnostic("JM207", f"extends: {shown(ref)} is not a "
                                                  "charter template", path, where)]
    problems = removals(template, data, source)
    if problems:
        return None, source, problems
    merged, merged_map = merge(template, template_map, data, source)
    return merged, merged_map, []


def validate_text(text: str, path: str, model: type[M], *, limits: Limits = Limits(),
                  base_dir: Path | None = None, context: dict[str, Any] | None = None
                  ) -> tuple[M, SourceMap | MergedSourceMap, list[Diagnostic]]:
    """YAML text validated as ``model``: the model, its positions, and warnings.

    A file that ``extends:`` a template is merged over it first (see :mod:`overlay`).
    ``context`` is passed to the validators (e.g. the charter's time zone for records).
    Raises :class:`CharterError` with every finding when the text is not such a model.
    """
    built, source, warnings, _ = _validate(text, path, model, limits, base_dir, context)
    return built, source, warnings


def _validate(text: str, path: str, model: type[M], limits: Limits, base_dir: Path | None,
              context: dict[str, Any] | None = None
              ) -> tuple[M, SourceMap | MergedSourceMap, list[Diagnostic], Scope]:
    scope = Scope.of(base_dir, limits.allow_outside, limits.max_bytes)
    try:
        seen = frozenset({(base_dir / Path(path).name).resolve()}) if base_dir else frozenset()
    except (OSError, ValueError):
        seen = frozenset()
    data, source, findings = _layers(text, path, base_dir, limits, seen, scope)
    if data is None and findings:
        raise CharterError(findings)
    if not isinstance(data, dict):
        position = source.locate(())
        raise CharterError([*findings, Diagnostic(
            "JM203", f"the file must be a mapping of keys, not {_describe(data)}", path,
            position)])
    normalised: set[str] = set()
    try:
        built = pieces.validate(model, data, context={**(context or {}), NORMALISED: normalised},
                                code_of=_code_of, cap=MAX_PER_CODE)
    except pieces.Invalid as exc:
        findings += _diagnostics(exc.errors, source)
        # Errors past the cap that a large file's validation only counted: summary lines.
        findings += [Diagnostic(code, "", source.path, omitted=count)
                     for code, count in exc.omitted.items()]
        raise CharterError(findings) from None
    if findings:
        raise CharterError(findings)
    warnings = list(_normalised_names(built, data, (), source)) if normalised else []
    return built, source, warnings, scope


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a file becomes data and a model (or the
    model becomes a graph).

    Why: a large charter is millions of new containers and none of them is in a cycle; the
    collector walked them again at every collection their making triggered (a fifth to a third
    of a large load, a third of building the graph), and found nothing to free. Collection
    resumes, as it was, right after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def charter_from_text(text: str, path: str = "<string>", *, base_dir: Path | None = None,
                      limits: Limits = Limits()) -> Charter:
    """Build a charter from YAML text. Raises :class:`CharterError` with every finding."""
    with collector_paused():
        charter, source, warnings, scope = _validate(text, path, Charter, limits, base_dir)
    charter._locator = source
    charter._base_dir = base_dir
    charter._scope = scope
    charter._load_findings = warnings
    return charter


def read_text(path: str | os.PathLike[str], limits: Limits = Limits()) -> str:
    """A YAML file's text, refused with a diagnostic when too large, binary, not UTF-8, or not
    a regular file (a FIFO or a device is refused without reading it)."""
    name = os.fspath(path)
    try:
        raw = read_regular(name, limits.max_bytes, shown_as="the file")
    except NamedFileError as exc:
        position = Position(1, 1) if exc.code == "JM102" else None
        raise CharterError([Diagnostic(exc.code, exc.message, name, position)]) from None
    text, findings = decode(raw, name, limits)
    if text is None:
        raise CharterError(findings)
    return text


def load_charter(path: str | os.PathLike[str], *, limits: Limits = Limits()) -> Charter:
    """Load and validate a charter file as it stands, its ``roster:`` source not applied.

    Most callers want :func:`jointmeeting.load_charter`, which applies it; this is for those
    that work on the file itself (edits, diffs of files, succession filings).

    Raises:
        CharterError: the file cannot be read, is not YAML, or does not fit the charter's
            types; ``.diagnostics`` holds every finding, each with its line and column.
    """
    name = os.fspath(path)
    return charter_from_text(read_text(name, limits), name, base_dir=Path(name).parent,
                             limits=limits)


def load_file(path: str | os.PathLike[str], *, model: type[M], error: type[FileError],
              context: dict[str, Any] | None = None, limits: Limits = Limits()) -> M:
    """One file of a kind (contacts, scenarios, records), validated as ``model``.

    The one path every kind of file but the charter takes (each kind binds ``model`` and
    ``error`` once, as pre-commit's ``clientlib`` does): every finding is raised at once as
    ``error``, and a model with a private ``_locator`` keeps its positions.
    """
    built, source = load_located(path, model=model, error=error, context=context, limits=limits)
    if "_locator" in model.__private_attributes__:
        # Only some models keep positions; M does not declare the attribute for the type checker.
        setattr(built, "_locator", source)  # noqa: B010
    return built


def load_located(path: str | os.PathLike[str], *, model: type[M], error: type[FileError],
                 context: dict[str, Any] | None = None, limits: Limits = Limits()
                 ) -> tuple[M, SourceMap | MergedSourceMap]:
    """:func:`load_file`, and where each value stands in the file, for checks that relate the
    file to something else (a year's records to the charter) and must say where."""
    name = os.fspath(path)
    try:
        built, source, _ = validate_text(read_text(name, limits), name, model, limits=limits,
                                         context=context)
    except FileError as exc:
        raise error(exc.diagnostics) from None
    return built, source


__all__ = ["Limits", "Position", "charter_from_text", "format_loc", "load_charter",
           "load_file", "load_located"]
