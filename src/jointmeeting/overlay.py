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

from jointmeeting.errors import Diagnostic, Loc, Position
from jointmeeting.parse import SourceMap

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
    """Findings about ``remove:``: a key that is no id-keyed list, an id the template lacks."""
    if "remove" not in county:
        return []
    removed = county["remove"]
    path = county_map.path
    if not isinstance(removed, dict):
        return [Diagnostic("JM208", "remove: write a mapping of lists of ids, e.g. "
                           "{units: [id, …]}", path, county_map.locate(("remove",)))]
    found = []
    for key, ids in removed.items():
        if key not in KEYED:
            found.append(Diagnostic("JM208", f"remove: '{key}' is not a list of items with ids "
                                    f"(those are {', '.join(KEYED)})", path,
                                    county_map.locate(("remove", key), key=True)))
            continue
        if not isinstance(ids, list):
            found.append(Diagnostic("JM208", f"remove.{key}: write a list of ids", path,
                                    county_map.locate(("remove", key))))
            continue
        known = {item.get("id") for item in template.get(key) or [] if isinstance(item, dict)}
        for j, item_id in enumerate(ids):
            if not isinstance(item_id, str):  # a mapping or list here would not even hash
                found.append(Diagnostic("JM208", f"remove.{key}[{j}]: write an id, not "
                                        f"{type(item_id).__name__}", path,
                                        county_map.locate(("remove", key, j))))
            elif item_id not in known:
                found.append(Diagnostic("JM208", f"remove.{key}: the template has no "
                                        f"{key} item '{item_id}'", path,
                                        county_map.locate(("remove", key, j))))
    return found


def merge(template: dict[str, Any], template_map: SourceMap | MergedSourceMap,
          county: dict[str, Any], county_map: SourceMap) -> tuple[dict[str, Any],
                                                                 MergedSourceMap]:
    """The county's data over the template's, and where every part of it came from."""
    merged_map = MergedSourceMap(county_map.path, county_map)
    removed: dict[str, Any] = county.get("remove") or {}
    gone_units = set(removed.get("units") or []) if isinstance(removed, dict) else set()
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
            drop = set(removed.get(key) or []) if isinstance(removed, dict) else set()
            mine = {item.get("id"): i for i, item in enumerate(county.get(key, []))
                    if isinstance(item, dict)}
            out: list[Any] = []
            for i, item in enumerate(template[key]):
                item_id = item.get("id") if isinstance(item, dict) else None
                if item_id in drop or item_id in mine:
                    continue
                if key == "duties" and isinstance(item, dict) and item.get("owner") in gone_units:
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
