"""Coverage of the national outlines' areas: who has a duty in each area, and the gaps (JM320
no unit at all, JM321 no leading unit) within the areas the charter serves."""

from __future__ import annotations

from jointmeeting.charter.model import Charter, Role
from jointmeeting.charter.outline import areas
from jointmeeting.errors import Diagnostic

#: Area id -> unit id -> the strongest role the unit has in a duty serving the area.
Matrix = dict[str, dict[str, Role]]


def coverage(charter: Charter) -> Matrix:
    """Every outline area (and any other area a duty names), with each unit's strongest role
    in the duties serving it."""
    matrix: Matrix = {area: {} for area in areas()}
    for duty in charter.duties:
        for area in duty.areas:
            cell = matrix.setdefault(area, {})
            for unit_id, role in [*((o, duty.role) for o in duty.owners()),
                                  *((s, Role.SUPPORTS) for s in duty.support)]:
                held = cell.get(unit_id)
                if held is None or role.rank < held.rank:
                    cell[unit_id] = role
    return matrix


def coverage_gaps(matrix: Matrix, charter: Charter | None = None) -> list[Diagnostic]:
    """JM320 for an area nobody has a duty in, JM321 for one nobody leads; with a charter,
    only within the areas it serves (its ``areas:`` scope)."""
    gaps = []
    for area, cells in matrix.items():
        if charter is not None and not charter.in_scope(area):
            continue
        if not cells:
            gaps.append(Diagnostic("JM320", f"no unit has a duty in {area} ({areas()[area].name})"))
        elif Role.LEAD not in cells.values():
            gaps.append(Diagnostic("JM321", f"no unit leads (牵头) in {area} "
                                   f"({areas()[area].name})"))
    return gaps
