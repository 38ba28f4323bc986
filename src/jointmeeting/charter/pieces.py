"""A large document validated piece by piece, its errors capped per code as they come.

Why: pydantic gathers every error of one validation before it returns any. A file of a million
wrong values (a list of a million numbers where unit ids belong) made a million error records,
1.5 GB and several seconds, before the loader's cap on findings per code could drop all but the
first hundred. Here a document of more than :data:`PIECE` values is validated in pieces of at
most that many: the items of a long list in runs, an item larger than a piece on its own (its
own long lists first). The errors of each piece are kept up to the cap per code and otherwise
only counted, so memory holds one piece's errors at a time.

The document is then validated as a whole with those lists already validated: a model instance
passes pydantic unchecked and a validated value validates as itself, so a valid document gives
the model one validation gives, and the errors of the parts not taken apart are the ones it
gives. A document of at most :data:`PIECE` values takes one validation, exactly as before.
"""

from __future__ import annotations

import collections
import itertools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from jointmeeting.errors import JointMeetingError, Loc

M = TypeVar("M", bound=BaseModel)

#: The most values (scalars and containers, counted as if every alias were expanded) one
#: validation is given. Why this many: its errors, at worst one or two a value, stay a few
#: tens of MB, and a charter of Hulin's size (a few thousand values) is one piece.
PIECE = 20_000


class Invalid(JointMeetingError):
    """The document is not a valid model: the errors kept, and how many of each code were
    only counted (past the cap). The loader turns it into findings; no user sees it."""

    def __init__(self, errors: list[ErrorDetails], omitted: dict[str, int]) -> None:
        super().__init__(f"{len(errors) + sum(omitted.values())} validation errors")
        self.errors = errors
        self.omitted = omitted


def validate(model: type[M], data: Any, *, context: dict[str, Any],
             code_of: Callable[[str], str], cap: int) -> M:
    """``data`` validated as ``model``, in pieces when it is large.

    Raises:
        Invalid: with every error of a document of one piece; of a larger one, the first
            ``cap`` errors of each code (``code_of`` gives the code of a kind of error) and
            the count of the others.
    """
    big: dict[int, list[int]] = {}
    if _measure(data, big) <= PIECE:
        try:
            return model.model_validate(data, context=context)
        except ValidationError as exc:
            raise Invalid(exc.errors(), {}) from None
    ranks = {name: rank for rank, name in enumerate(model.model_fields)}
    pieces = _Pieces(big, context, _Sink(code_of, cap, ranks))
    settled = pieces.settle(model, data, ())
    try:
        built = model.model_validate(settled, context=context)
    except ValidationError as exc:
        pieces.sink.add(exc, (), None, pieces.failed)
        raise pieces.sink.invalid() from None
    if pieces.failed:
        raise pieces.sink.invalid()
    return built


def _measure(value: Any, big: dict[int, list[int]]) -> int:
    """How many values ``value`` holds, itself included; every container holding more than a
    piece goes into ``big``, a list with where each of its pieces starts.

    Why ``type() is``: the parser makes plain dicts and lists, and this walks every value of a
    large file; it is a fifth faster than ``isinstance``.
    """
    kind = type(value)
    if kind is dict:
        total = 1 + len(value)
        for item in value.values():
            kind = type(item)
            if kind is dict or kind is list:
                total += _measure(item, big) - 1
        if total > PIECE:
            big[id(value)] = []
        return total
    if kind is not list:
        return 1
    total = 1 + len(value)
    nested: dict[int, int] = {}  # the sizes of the items that are containers
    for index, item in enumerate(value):
        kind = type(item)
        if kind is dict or kind is list:
            nested[index] = size = _measure(item, big)
            total += size - 1
    if total > PIECE:
        big[id(value)] = _starts(len(value), nested)
    return total


def _starts(length: int, nested: dict[int, int]) -> list[int]:
    """Where each run of items starts, each run at most a piece (an item larger than a piece
    runs alone); ``nested`` has the sizes of the items that are not one value, in order."""
    starts, held, at = [0], 0, 0
    for index in [*nested, length]:
        while at < index:  # the single values before this item, a piece's room at a time
            if held >= PIECE:
                starts.append(at)
                held = 0
            take = min(index - at, PIECE - held)
            held, at = held + take, at + take
        if index == length:
            return starts
        size = nested[index]
        if held and held + size > PIECE:
            starts.append(index)
            held = 0
        held, at = held + size, index + 1
    return starts


@dataclass
class _Pieces:
    big: dict[int, list[int]]
    context: dict[str, Any]
    sink: _Sink
    #: Where a list failed: its place holds no items, and what its ancestors say of it is
    #: not what one validation would say.
    failed: list[Loc] = field(default_factory=list)

    def settle(self, kind: Any, value: Any, loc: Loc) -> Any:
        """``value`` with each large list in it validated (as a list of ``kind``'s parts),
        or as it is where ``kind`` is not a model or a list this can take apart."""
        if id(value) not in self.big:
            return value
        model, item = _model(kind), _item(kind)
        if isinstance(value, dict) and model is not None:
            out = dict(value)
            for name, info in model.model_fields.items():
                key = info.alias or name
                if key in value:
                    out[key] = self.settle(info.annotation, value[key], (*loc, key))
            return out
        if isinstance(value, list) and item is not None:
            return self._list(item, value, loc)
        return value

    def _list(self, item: Any, value: list[Any], loc: Loc) -> list[Any]:
        adapter = _adapter(item)
        out: list[Any] = []
        ok = True
        starts = self.big[id(value)]
        for start, end in itertools.pairwise([*starts, len(value)]):
            piece = value[start:end]
            if any(id(part) in self.big for part in piece):
                piece = [self.settle(item, part, (*loc, start + offset))
                         for offset, part in enumerate(piece)]
            try:
                out += adapter.validate_python(piece, context=self.context)
            except ValidationError as exc:
                ok = False
                self.sink.add(exc, loc, start, self.failed)
        if not ok:
            self.failed.append(loc)
            return []
        return out


@cache
def _adapter(item: Any) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[item])


def _bare(kind: Any) -> Any:
    """``kind`` without ``Annotated`` and without ``| None``; None for other unions."""
    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(kind) if a is not type(None)]
        return _bare(members[0]) if len(members) == 1 else None
    return kind


def _model(kind: Any) -> type[BaseModel] | None:
    bare = _bare(kind)
    return bare if isinstance(bare, type) and issubclass(bare, BaseModel) else None


def _item(kind: Any) -> Any:
    bare = _bare(kind)
    return typing.get_args(bare)[0] if typing.get_origin(bare) is list else None


@dataclass
class _Sink:
    """Errors as they come: the first ``cap`` of each code within each top-level field (so
    that, merged in field order, they are the first ``cap`` one validation would list), the
    rest counted."""

    code_of: Callable[[str], str]
    cap: int
    fields: dict[str, int]
    kept: dict[tuple[int, str], list[ErrorDetails]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, exc: ValidationError, loc: Loc, start: int | None, failed: list[Loc]) -> None:
        """The errors of one validation, at ``loc`` (the items of a piece from ``start``)."""
        light = exc.errors(include_url=False, include_context=False, include_input=False)
        if start is None or failed:
            self._one_by_one(exc, light, loc, start, failed)
            return
        # A piece of a list, nothing failed around it: every error ranks as the list does, so
        # count them by kind, and look at each only while a code still has room.
        rank = self.fields.get(str(loc[0]), len(self.fields)) if loc else len(self.fields)
        room: set[str] = set()
        for kind, count in collections.Counter(e["type"] for e in light).items():
            code = self.code_of(kind)
            self.counts[code] = self.counts.get(code, 0) + count
            if len(self.kept.get((rank, code), ())) < self.cap:
                room.add(code)
        if room:
            self._one_by_one(exc, light, loc, start, failed, rank, counted=True)

    def _one_by_one(self, exc: ValidationError, light: list[ErrorDetails], loc: Loc,
                    start: int | None, failed: list[Loc], rank: int | None = None,
                    counted: bool = False) -> None:
        full: list[ErrorDetails] | None = None
        for index, error in enumerate(light):
            at = tuple(error["loc"])
            if start is not None:
                at = (*loc, start + int(at[0]), *at[1:])
            if failed and any(_related(at, gone) for gone in failed):
                continue
            code = self.code_of(error["type"])
            if not counted:
                self.counts[code] = self.counts.get(code, 0) + 1
            where = rank if rank is not None else self.fields.get(
                str(at[0]) if at else "", len(self.fields))
            kept = self.kept.setdefault((where, code), [])
            if len(kept) < self.cap:
                full = full or exc.errors(include_url=False)
                kept.append({**full[index], "loc": at})

    def invalid(self) -> Invalid:
        errors: list[ErrorDetails] = []
        used: dict[str, int] = {}
        for (_, code), kept in sorted(self.kept.items(), key=lambda pair: pair[0][0]):
            room = self.cap - used.get(code, 0)
            errors += kept[:room]
            used[code] = used.get(code, 0) + min(room, len(kept))
        omitted = {code: count - used.get(code, 0) for code, count in self.counts.items()
                   if count > used.get(code, 0)}
        return Invalid(errors, omitted)


def _related(loc: Loc, gone: Loc) -> bool:
    """Whether an error at ``loc`` is about a failed list at ``gone``: within it (its place
    was emptied) or about a container of it (which one validation would not have judged)."""
    shorter = min(len(loc), len(gone))
    return loc[:shorter] == gone[:shorter]
