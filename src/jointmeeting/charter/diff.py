"""A structured diff of two charters' responsibilities: this year's notice against last year's, a
county's charter against its template.

Units are matched by id, then by any shared name or alias (so a renamed bureau that keeps its old
name as an alias is "renamed", not "removed and added"). Duties are matched by their text, then
by id: a duty whose text stays but whose owner changes has *moved*; one whose id stays but whose
text changes has *changed*. Members are matched by name; rules, meetings, posts and requirements
by id.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from jointmeeting.charter.model import Charter, Duty
from jointmeeting.charter.values import normalise_name


class Change(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    MOVED = "moved"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference: what kind of item, which one, how it changed, and the detail."""

    part: str  # unit, duty, member, post, meeting, reporting, requirement, office, succession
    change: Change
    item: str
    detail: str = ""
    old: str | None = None
    new: str | None = None
    inherited: str | None = None  # the template the new charter takes the item from

    def as_dict(self) -> dict[str, str | None]:
        return {"part": self.part, "change": self.change.value, "item": self.item,
                "detail": self.detail, "old": self.old, "new": self.new,
                "inherited": self.inherited}


def _match_units(old: Charter, new: Charter) -> dict[str, str]:
    """Old unit id -> new unit id, by id first, then by any shared normalised name."""
    matched = {u.id: u.id for u in old.units if u.id in {n.id for n in new.units}}
    taken = set(matched.values())
    for unit in old.units:
        if unit.id in matched:
            continue
        names = {normalise_name(n) for n in unit.names()}
        for candidate in new.units:
            if candidate.id not in taken and names & {normalise_name(n)
                                                      for n in candidate.names()}:
                matched[unit.id] = candidate.id
                taken.add(candidate.id)
                break
    return matched


def _units(old: Charter, new: Charter, mapping: dict[str, str]) -> Iterable[Difference]:
    new_units = {u.id: u for u in new.units}
    for unit in old.units:
        if unit.id not in mapping:
            yield Difference("unit", Change.REMOVED, unit.id, unit.name)
            continue
        other = new_units[mapping[unit.id]]
        if other.id != unit.id or other.name != unit.name:
            yield Difference("unit", Change.RENAMED, unit.id, f"{unit.name} → {other.name}",
                             old=f"{unit.id} {unit.name}", new=f"{other.id} {other.name}")
        elif (set(other.aliases), other.kind, other.parent) != (set(unit.aliases), unit.kind,
                                                                unit.parent):
            yield Difference("unit", Change.CHANGED, unit.id, _fields(unit, other, ("name",)))
    for unit in new.units:
        if unit.id not in mapping.values():
            yield Difference("unit", Change.ADDED, unit.id, unit.name)


def _duties(old: Charter, new: Charter, mapping: dict[str, str]) -> Iterable[Difference]:
    # Pair by text first (a duty that moved keeps its words), then by id (a duty reworded in
    # place keeps its id); what is left was removed or added.
    remaining = list(new.duties)
    pairs: list[tuple[Duty, Duty]] = []
    unpaired: list[Duty] = []
    for duty in old.duties:
        text = normalise_name(duty.text)
        other = next((d for d in remaining if normalise_name(d.text) == text), None)
        if other is None:
            unpaired.append(duty)
        else:
            remaining.remove(other)
            pairs.append((duty, other))
    for duty in unpaired:
        other = next((d for d in remaining if d.id == duty.id), None)
        if other is None:
            yield Difference("duty", Change.REMOVED, duty.id, duty.text, old=duty.owner)
            continue
        remaining.remove(other)
        yield Difference("duty", Change.CHANGED, duty.id, "text", old=duty.text, new=other.text)
        pairs.append((duty, other))
    for duty, other in pairs:
        yield from _duty_fields(duty, other, mapping)
    for duty in remaining:
        yield Difference("duty", Change.ADDED, duty.id, duty.text, new=duty.owner)


def _duty_fields(duty: Duty, other: Duty, mapping: dict[str, str]) -> Iterable[Difference]:
    if mapping.get(duty.owner, duty.owner) != other.owner:
        yield Difference("duty", Change.MOVED, duty.id, duty.text, old=duty.owner,
                         new=other.owner)
    if duty.role != other.role:
        yield Difference("duty", Change.CHANGED, duty.id, "role", old=duty.role.value,
                         new=other.role.value)
    if [mapping.get(s, s) for s in duty.support] != other.support:
        yield Difference("duty", Change.CHANGED, duty.id, "support",
                         old=", ".join(duty.support), new=", ".join(other.support))


def _fields(a: BaseModel, b: BaseModel, skip: Sequence[str] = ()) -> str:
    ours, theirs = a.model_dump(mode="json"), b.model_dump(mode="json")
    return ", ".join(k for k in ours if k not in skip and ours[k] != theirs.get(k))


def _keyed(part: str, old: Sequence[Any], new: Sequence[Any], key: str) -> Iterable[Difference]:
    before = {getattr(item, key): item for item in old}
    after = {getattr(item, key): item for item in new}
    for name, item in before.items():
        if name not in after:
            yield Difference(part, Change.REMOVED, str(name))
        elif item != after[name]:
            yield Difference(part, Change.CHANGED, str(name), _fields(item, after[name]))
    for name in after:
        if name not in before:
            yield Difference(part, Change.ADDED, str(name))


def _renamed(charter: Charter, mapping: dict[str, str]) -> Charter:
    """The charter with its unit references renamed as matched, so a renamed unit's members,
    posts and office do not show as changed merely because the unit's id did."""
    def unit(ref: str | None) -> str | None:
        return mapping.get(ref, ref) if ref else ref

    members = [m.model_copy(update={
        "unit": unit(m.unit),
        "also": [a.model_copy(update={"unit": unit(a.unit)}) for a in m.also]})
        for m in charter.members]
    posts = [p.model_copy(update={"held_by": p.held_by.model_copy(
        update={"unit": unit(p.held_by.unit)})}) for p in charter.posts]
    office = (charter.office.model_copy(update={"host": unit(charter.office.host)})
              if charter.office is not None else None)
    return charter.model_copy(update={"members": members, "posts": posts, "office": office})


def diff(old: Charter, new: Charter) -> list[Difference]:
    """Every difference in responsibilities between two charters, units and duties first."""
    mapping = _match_units(old, new)
    found = [*_units(old, new, mapping), *_duties(old, new, mapping)]
    old = _renamed(old, mapping)
    found += _keyed("member", old.members, new.members, "name")
    for part in ("posts", "meetings", "reporting", "requirements", "parties"):
        found += _keyed(part.rstrip("s") if part != "parties" else "party",
                        getattr(old, part), getattr(new, part), "id")
    for part in ("office", "succession"):
        before, after = getattr(old, part), getattr(new, part)
        if before != after:
            detail = _fields(before, after) if before and after else ""
            change = Change.CHANGED if before and after else (
                Change.ADDED if after else Change.REMOVED)
            found.append(Difference(part, change, part, detail))
    return [_marked(d, new) for d in found]


#: The charter list each part of a difference is an item of.
_FIELDS = {"unit": "units", "duty": "duties", "post": "posts", "meeting": "meetings",
           "reporting": "reporting", "requirement": "requirements", "party": "parties"}


def _marked(difference: Difference, new: Charter) -> Difference:
    """The difference, marked when the new charter takes the item from its template: a
    county's diff must not present the template's items as the county's own."""
    if difference.change is Change.REMOVED:
        return difference
    field = _FIELDS.get(difference.part)
    if field is None:
        where = new.inherited(difference.part) if difference.part in ("office", "succession") \
            else None
    else:
        item = next((x for x in getattr(new, field) if getattr(x, "id", None) == difference.item),
                    None)
        where = new.inherited(field, item) if item is not None else None
    return replace(difference, inherited=where) if where else difference

