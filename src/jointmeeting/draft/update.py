"""A revised notice against a charter already kept by hand (``jointmeeting draft --update``).

The new notice is drafted afresh; then every item whose words the notice did not change is taken
from the existing charter as it stands — ids, areas, assumptions, remarks and all — so that the
structured diff (:func:`jointmeeting.charter.diff.diff`) between the existing charter and the
result shows what the *notice* changed, not what the draft would have written differently from
the county's hand edits. What only a person writes (escalation, the charter-wide assumptions,
the roster source, the jurisdiction) is kept whole.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from jointmeeting.charter.model import Charter
from jointmeeting.charter.notice import comparable
from jointmeeting.charter.values import normalise_name
from jointmeeting.draft.drafter import Draft
from jointmeeting.draft.words import plain

#: Parts a person writes and a notice never changes: kept from the existing charter.
_KEPT = ("id", "title", "timezone", "jurisdiction", "roster", "escalation")
#: Lists whose items are matched by their verbatim text.
_BY_TEXT = ("posts", "responsibilities", "meetings", "reporting", "requirements")


def _dump(charter: Charter, part: str) -> Any:
    value = getattr(charter, part)
    if isinstance(value, list):
        return [item.model_dump(mode="json", exclude_unset=True) for item in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    return value


def merge(existing: Charter, draft: Draft) -> dict[str, Any]:
    """The draft of a revised notice with the existing charter's items wherever the notice
    kept their words (and its hand-kept parts), ready to render."""
    new = plain(draft.data)
    out: dict[str, Any] = {"format": 1}
    for part in _KEPT:
        value = _dump(existing, part)
        if value not in (None, {}, []) and part in existing.model_fields_set:
            out[part] = value
    out["source"] = {**_dump(existing, "source"), **new.get("source", {})}
    kinds = {a.id for a in existing.assumptions}
    out["assumptions"] = _dump(existing, "assumptions") + [
        a for a in new.get("assumptions", []) if a["id"] not in kinds]
    ids = _units(existing, new, out)
    out["office"] = _same_text(_dump(existing, "office"), new.get("office"), ids)
    for part in ("posts", "parties"):
        out[part] = _keyed(_dump(existing, part), [_renamed(i, ids) for i in new.get(part, [])],
                           "text" if part == "posts" else "name")
    out["members"] = _members(existing, new, ids)
    out["duties"] = _duties(existing, new, ids)
    for part in _BY_TEXT[1:]:
        out[part] = _keyed(_dump(existing, part), [_renamed(i, ids) for i in new.get(part, [])],
                           "text")
    out["succession"] = _same_text(_dump(existing, "succession"), new.get("succession"), ids)
    return {k: v for k, v in out.items() if v not in (None, [])}


def _units(existing: Charter, new: dict[str, Any], out: dict[str, Any]) -> dict[str, str]:
    """The units: an existing unit wherever one of its names is the drafted unit's; the
    drafted unit's id -> the id kept."""
    ids: dict[str, str] = {}
    taken = {u.id for u in existing.units}
    units = []
    for item in new.get("units", []):
        names = {normalise_name(n) for n in [item["name"], *item.get("aliases", [])]}
        match = next((u for u in existing.units
                      if names & {normalise_name(n) for n in u.names()}), None)
        if match is not None:
            ids[item["id"]] = match.id
            kept = match.model_dump(mode="json", exclude_unset=True)
            aliases = [a for a in item.get("aliases", []) if normalise_name(a) not in
                       {normalise_name(n) for n in match.names()}]
            if aliases or normalise_name(item["name"]) != normalise_name(match.name):
                kept["name"] = item["name"]  # the notice renamed it: its new name is official
                kept["aliases"] = [n for n in dict.fromkeys([match.name, *match.aliases,
                                                             *aliases])
                                   if normalise_name(n) != normalise_name(item["name"])]
            units.append(kept)
            continue
        unit_id, n = item["id"], 2
        while unit_id in taken:
            unit_id, n = f"{item['id']}-{n}", n + 1
        taken.add(unit_id)
        ids[item["id"]] = unit_id
        units.append({**item, "id": unit_id})
    out["units"] = units
    return ids


def _renamed(item: Any, ids: dict[str, str]) -> Any:
    """A drafted item with its unit ids replaced by the ids kept."""
    if isinstance(item, dict):
        return {k: (ids.get(v, v) if k in ("unit", "owner", "host", "to") and isinstance(v, str)
                    else [ids.get(s, s) for s in v] if k in ("support", "reporters")
                    else _renamed(v, ids)) for k, v in item.items()}
    if isinstance(item, list):
        return [_renamed(v, ids) for v in item]
    return item


def _same_text(old: Any, new: Any, ids: dict[str, str]) -> Any:
    if new is None:
        return None
    if old is not None and comparable(old.get("text", "")) == comparable(new.get("text", "")):
        return old
    return _renamed(new, ids)


def _keyed(old: list[dict[str, Any]], new: list[dict[str, Any]], key: str
           ) -> list[dict[str, Any]]:
    """The new items, each replaced by the old item with the same words under ``key``; failing
    that, a new item citing the same clause as an old one keeps the old one's id and remark
    (a reworded item). A new item whose id an old one already uses gets a fresh one."""
    by_key = {comparable(str(item.get(key, ""))): item for item in old}
    used = {item["id"] for item in old if "id" in item}
    out = []
    for item in new:
        kept = by_key.pop(comparable(str(item.get(key, ""))), None)
        if kept is not None:
            out.append(kept)
            continue
        reworded = next((o for o in by_key.values() if o.get("source") == item.get("source")
                         and o.get("id", "").split("-")[0] == item.get("id", "").split("-")[0]),
                        None)
        if reworded is not None:
            by_key = {k: v for k, v in by_key.items() if v is not reworded}
            item = {**item, **{k: reworded[k] for k in ("id", "remark") if k in reworded}}
        elif "id" in item and item["id"] in used:
            base, n = item["id"], 2
            while f"{base}-{n}" in used:
                n += 1
            item = {**item, "id": f"{base}-{n}"}
        out.append(item)
    return out


def _who(name: str | None, unit: str, position: str) -> str:
    """A member's key: the name, or the seat for one the notice does not name."""
    return normalise_name(name) if name else f"{unit}/{position}"


def _members(existing: Charter, new: dict[str, Any], ids: dict[str, str]
             ) -> list[dict[str, Any]]:
    """The existing roster where the new notice still lists the person, or where a filed
    succession brought them in; the people the new notice adds; the people it no longer lists
    are left out, so that the diff shows them."""
    drafted = [_renamed(m, ids) for m in new.get("members", [])]
    listed = {_who(m.get("name"), m["unit"], m["position"]) for m in drafted}
    kept = [m.model_dump(mode="json", exclude_unset=True) for m in existing.members
            if _who(m.name, m.unit, m.position) in listed or m.filing is not None]
    known = {_who(m.name, m.unit, m.position) for m in existing.members}
    return kept + [m for m in drafted
                   if _who(m.get("name"), m["unit"], m["position"]) not in known]


def _duties(existing: Charter, new: dict[str, Any], ids: dict[str, str]
            ) -> list[dict[str, Any]]:
    """Each drafted duty, as the existing duty with the same words where there is one (its id,
    areas, assumption and remark kept; its owner and role as the new notice says)."""
    old = {comparable(d.text): d for d in existing.duties}
    used = {d.id for d in existing.duties}
    out = []
    for item in (_renamed(d, ids) for d in new.get("duties", [])):
        match = old.pop(comparable(item["text"]), None)
        if match is None:  # reworded in place: the same clause, the same owner
            match = next((d for d in old.values() if d.source == item["source"]
                          and d.owner == item["owner"]), None)
            if match is not None:
                old = {k: d for k, d in old.items() if d is not match}
                kept = match.model_dump(mode="json", exclude_unset=True)
                kept["text"] = item["text"]
                item = {**kept, **{k: item[k] for k in ("owner", "role", "text", "source")}}
                out.append(item)
                continue
        if match is not None:
            kept = match.model_dump(mode="json", exclude_unset=True)
            kept.update({k: item[k] for k in ("owner", "role", "source") if k in item})
            if item.get("support") or match.support:
                kept["support"] = item.get("support", [])
            out.append(kept)
            continue
        duty_id, n = item["id"], 2
        while duty_id in used:
            duty_id, n = f"{item['id']}-{n}", n + 1
        used.add(duty_id)
        out.append({**item, "id": duty_id})
    return out
