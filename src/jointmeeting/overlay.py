"""Templates and overlays: a county charter that ``extends:`` a template charter.

Merging rules, the same at every level of ``extends``:

- lists of items with ids (units, posts, parties, duties, meetings, reporting, requirements,
  responsibilities, assumptions) merge by id: the county's item replaces the template's item
  with the same id, new ids are added after the template's, and ``remove: {units: [id, …]}``
  drops inherited ones (a removed unit takes its duties with it);
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
from jointmeeting.values import is_slug

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


def remove_findings(county: dict[str, Any], source: SourceMap) -> list[Diagnostic]:
    """What is wrong with a file's ``remove:``: it maps lists that merge by id (:data:`KEYED`)
    to lists of ids, as the JSON Schema says. Unchecked, a misspelt list or id would remove
    nothing, silently."""
    removed = county.get("remove")

    def at(code: str, message: str, loc: Loc, *, key: bool = False) -> Diagnostic:
        return Diagnostic(code, message, source.path, source.locate(loc, key=key))

    if "remove" not in county:
        return []
    if not isinstance(removed, dict):
        return [at("JM203", "remove: must be a mapping of lists of ids, e.g. "
                   "{units: [finance]}", ("remove",))]
    found = []
    for name, ids in removed.items():
        if name not in KEYED:
            found.append(at("JM201", f"unknown key '{name}' in remove: the lists are "
                            f"{', '.join(KEYED)}", ("remove", name), key=True))
        elif not isinstance(ids, list):
            found.append(at("JM203", f"remove.{name} must be a list of ids", ("remove", name)))
        else:
            found += [at("JM204", f"remove.{name}[{i}]: '{item}' is not an id",
                         ("remove", name, i)) for i, item in enumerate(ids) if not is_slug(item)]
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
