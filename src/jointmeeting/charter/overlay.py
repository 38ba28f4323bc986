"""Templates and overlays: a county charter that ``extends:`` a template charter.

Merging rules, the same at every level of ``extends``:

- lists of items with ids (units, posts, parties, duties, meetings, reporting, requirements,
  responsibilities, assumptions) merge by id: the county's item replaces the template's item
  with the same id, new ids are added after the template's, and ``remove: {units: [id, …]}``
  drops inherited ones (a removed unit takes its duties with it); ``remove`` takes every such
  list, and a list or an id the template does not have is an error (JM208), never ignored;
- every other top-level key (jurisdiction, source, office, members, roster, succession,
  escalation, …) is the county's when the county has it, the template's otherwise.

Every item keeps the position of the file it came from, so a finding about an inherited item
points into the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jointmeeting.charter.parse import SourceMap
from jointmeeting.errors import Diagnostic, Loc, Position

#: Lists merged by id, in the order a charter lists them.
KEYED = ("assumptions", "units", "posts", "parties", "duties", "responsibilities", "meetings",
         "reporting", "requirements")
#: Keys of the overlay itself, consumed by the merge.
OVERLAY_KEYS = ("extends", "remove")


@dataclass
class MergedSourceMap:
    """Positions of a merged charter: each item, and each top-level key, in its own file."""

    path: str
    own: SourceMap
    items: dict[tuple[str, int], tuple[SourceMap, Loc]] = field(default_factory=dict)
    keys: dict[str, SourceMap] = field(default_factory=dict)

    def _origin(self, loc: Loc) -> tuple[SourceMap, Loc]:
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            found = self.items.get((loc[0], loc[1]))
            if found is not None:
                return found[0], (*found[1], *loc[2:])
        if loc and isinstance(loc[0], str) and loc[0] in self.keys:
            return self.keys[loc[0]], loc
        return self.own, loc

    def locate(self, loc: Loc, *, key: bool = False) -> Position | None:
        source, original = self._origin(loc)
        return source.locate(original, key=key)

    def source_of(self, loc: Loc) -> str:
        return self._origin(loc)[0].path

    def county_position(self, loc: Loc, *, key: bool = False) -> Position | None:
        """Where ``loc`` stands in the county's own file, if it is written there."""
        return self.own.locate(loc, key=key)


def removals(template: dict[str, Any], county: dict[str, Any], county_map: SourceMap
             ) -> list[Diagnostic]:
    """What is wrong with a county's ``remove:``, all at once: its shape (a mapping of the
    id-keyed lists to lists of ids; JM201/JM203, as the schema says) and ids the template does
    not have (JM208). Unchecked, a misspelt list or id would remove nothing, silently."""
    if "remove" not in county:
        return []
    remove, path = county["remove"], county_map.path

    def at(loc: Loc, code: str, message: str, *, key: bool = False) -> Diagnostic:
        return Diagnostic(code, message, path, county_map.locate(("remove", *loc), key=key))

    if not isinstance(remove, dict):
        return [at((), "JM203", "remove: a mapping of list names to ids to drop, such as "
                    "{units: [an-id]}")]
    found = []
    for key, ids in remove.items():
        if key not in KEYED:
            found.append(at((key,), "JM201", f"unknown key '{key}' in remove (lists: "
                            f"{', '.join(KEYED)})", key=True))
            continue
        if not isinstance(ids, list):
            found.append(at((key,), "JM203", f"remove.{key}: a list of ids"))
            continue
        known = {item.get("id") for item in template.get(key) or [] if isinstance(item, dict)}
        for i, item_id in enumerate(ids):
            if not isinstance(item_id, str):  # a mapping or list here would not even hash
                found.append(at((key, i), "JM203", f"remove.{key}[{i}]: an id, not "
                                f"{_kind(item_id)}"))
            elif item_id not in known:
                found.append(at((key, i), "JM208", f"remove.{key}: the template has no {key} "
                                f"item '{item_id}'"))
    return found


def merge(template: dict[str, Any], template_map: SourceMap | MergedSourceMap,
          county: dict[str, Any], county_map: SourceMap) -> tuple[dict[str, Any],
                                                                 MergedSourceMap]:
    """The county's data over the template's, and where every part of it came from."""
    merged_map = MergedSourceMap(county_map.path, county_map)
    removed = _removed(county.get("remove"))
    gone_units = removed.get("units", set())
    data: dict[str, Any] = {}

    def origin_of(loc: Loc) -> tuple[SourceMap, Loc]:
        if isinstance(template_map, MergedSourceMap):
            return template_map._origin(loc)
        return template_map, loc

    for key in dict.fromkeys([*template, *county]):
        if key in OVERLAY_KEYS:
            continue
        if key in KEYED and isinstance(template.get(key), list) and \
                isinstance(county.get(key, []), list):
            drop = removed.get(key, set())
            # An id that is not text (a list, a mapping) matches nothing: validation reports it.
            mine = {_id(item) for item in county.get(key, [])} - {None}
            out: list[Any] = []
            for i, item in enumerate(template[key]):
                item_id = _id(item)
                if item_id is not None and (item_id in drop or item_id in mine):
                    continue
                if key == "duties" and _id(item, "owner") in gone_units:
                    continue
                merged_map.items[(key, len(out))] = origin_of((key, i))
                out.append(item)
            for i, item in enumerate(county.get(key, [])):
                merged_map.items[(key, len(out))] = (county_map, (key, i))
                out.append(item)
            data[key] = out
        elif key in county:
            data[key] = county[key]
        else:
            data[key] = template[key]
            source, _ = origin_of((key,))
            merged_map.keys[key] = source
    return data, merged_map


def _id(item: Any, key: str = "id") -> str | None:
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def _removed(remove: Any) -> dict[str, set[str]]:
    """``remove:`` as list name -> ids; what :func:`removal_findings` reports is left out."""
    if not isinstance(remove, dict):
        return {}
    return {key: {i for i in ids if isinstance(i, str)} for key, ids in remove.items()
            if key in KEYED and isinstance(ids, list)}


def _kind(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return "null" if value is None else f"{type(value).__name__} {value!r}"
