"""The areas of the national development outlines for women and for children, 2021–2030.

Shipped as data (``data/areas.json``) so that coverage can be computed and a charter's area ids
checked: 8 areas for women, 7 for children.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    outline: str
    en: str = ""

    def name_in(self, language: str) -> str:
        """The area's name in a charter's language: the outlines' own Chinese, or English."""
        return self.en if language == "en" and self.en else self.name


@cache
def areas() -> dict[str, Area]:
    """Every area by id, in the outlines' order."""
    raw = json.loads(resources.files("jointmeeting").joinpath("data/areas.json").read_text("utf-8"))
    return {
        area["id"]: Area(area["id"], area["name"], outline["id"], area.get("en", ""))
        for outline in raw["outlines"]
        for area in outline["areas"]
    }
