"""Tasks a work plan assigns to units in a bracket after each task, and duties written as
sentences whose subject is a unit (``甲局应……``).

A plan (工作要点, 行动计划) often lists no member units and gives no duty paragraphs: it writes
each task, then who carries it — ``（甲局负责，乙局、丙委配合）``, ``(甲厅牵头,乙局、丙厅等分别
负责)``. The units named there are the table's, and each bracket makes the task before it a duty:
its owners (负责/牵头), its supporters (配合/协助). A report of a system writes duties as
sentences instead: ``甲局应指导……``, ``乙局要设立……``. Both are read here from a paragraph's
text; the drafter turns what is found into units and duties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jointmeeting.charter.notice import clauses_of, comparable
from jointmeeting.draft.text import full_width, is_unit_label

#: A bracket's text: at most a few lines; a longer one is prose, not an assignment.
_BRACKET = re.compile(r"（([^（）]{3,300})）")
#: One piece of an assignment: names joined by 、, an optional 等 (an open list), its role.
_ASSIGNED = re.compile(r"(?P<names>[^，、（）等]{2,30}(?:、[^，、（）等]{2,30})*)(?P<open>等)?"
                       r"(?:分别|共同|具体)?(?P<role>牵头|负责|配合|协助)")
#: Where a task starts, at the latest: after an item's mark (``---``, ``——``, ``（3）``,
#: ``（二）``) between the previous assignment and this one.
_TASK_MARK = re.compile(r"-{2,}|—{2,}|（(?:\d{1,2}|[一二三四五六七八九十]{1,3})）")
#: A sentence's subject and the verb that makes its rest a duty.
_SUBJECT = re.compile(r"(?P<subject>[^，。；：、“”《》（）]{2,16}?)(?:应当|应|要|负责)")
_OWNERS = ("牵头", "负责")
_LISTED = re.compile(r"(?:^|[，：])(?P<names>[^，：、]{2,16}(?:、[^，：、]{2,16}){2,})等"
                     r"[\d一二三四五六七八九十]*(?:个|家)?(?:部门|单位)")


def is_office(name: str) -> bool:
    """Whether a name in an assignment is the joint meeting's office (联席会议办公室)."""
    return name == "办公室" or name.endswith("联席会议办公室")


@dataclass
class Task:
    """A task and the units its bracket assigns it to, as the notice names them."""

    text: str
    source: str
    owners: list[str]
    supporters: list[str]
    at: str  # the clause (or paragraph) that holds its bracket
    covers: list[str]  # the clauses it spans, read by it
    open_piece: str | None = None  # the piece whose list ends 等 (``乙局等分别负责``)

    def names(self) -> list[str]:
        """Every unit's name it gives, in the notice's order."""
        return self.owners + self.supporters


def _assignment(inside: str) -> tuple[list[str], list[str], str | None] | None:
    """(owners, supporters, the piece ending 等) of a bracket's text, or None when any of its
    pieces is not ``names + role`` or a name is no unit's."""
    owners: list[str] = []
    supporters: list[str] = []
    open_piece = None
    for piece in re.split(r"[，；]", inside):
        match = _ASSIGNED.fullmatch(piece)
        if match is None:
            return None
        names = match["names"].split("、")
        if not all(is_office(n) or is_unit_label(n, listed=True) for n in names):
            return None
        (owners if match["role"] in _OWNERS else supporters).extend(names)
        if match["open"]:
            open_piece = piece
    return (owners, supporters, open_piece) if owners else None


def _source(ref: str, body: str, start: int, end: int) -> tuple[str, list[str]]:
    """The clause that holds ``body[start:end]``, or the paragraph when it spans clauses; and
    the clauses it spans."""
    at = 0
    spanned = []
    for n, clause in enumerate(clauses_of(body), 1):
        at = body.find(clause, at)
        if at < end and start < at + len(clause):
            spanned.append(f"{ref}/{n}")
        at += len(clause)
    return (spanned[0] if len(spanned) == 1 else ref), spanned


def assigned_tasks(ref: str, body: str) -> list[Task]:
    """The tasks of a paragraph that each end with the bracket assigning them.

    A task runs from the end of the previous assignment (or the paragraph's start) to the end
    of its own bracket, from the last item mark in between: the bracket is part of the duty's
    text, as the notice writes it.
    """
    view = full_width(body)
    tasks: list[Task] = []
    begin = 0
    for bracket in _BRACKET.finditer(view):
        read = _assignment(comparable(bracket[1]).translate(str.maketrans(",;", "，；")))
        if read is None:
            continue
        owners, supporters, open_piece = read
        marks = list(_TASK_MARK.finditer(view, begin, bracket.start()))
        start = marks[-1].end() if marks else begin
        while start < bracket.start() and view[start].isspace():
            start += 1
        text = body[start:bracket.end()].strip()
        source, covers = _source(ref, body, start, bracket.end())
        tasks.append(Task(text, source, owners, supporters,
                          _source(ref, body, bracket.start(), bracket.end())[0], covers,
                          open_piece))
        begin = bracket.end()
    return tasks


def listed_units(piece: str) -> list[str]:
    """The names of a list that ends ``等（六）部门`` in a piece of a clause (``甲局、乙局、丙委等
    六部门要……``): three names or more, each a unit's."""
    match = _LISTED.search(full_width(piece))
    names = match["names"].split("、") if match else []
    return names if all(is_unit_label(n, listed=True) for n in names) else []


def duty_subjects(clause: str) -> list[tuple[str, int]]:
    """The subjects a clause may say shall do something (``甲局应……``, ``……的,乙院应当受理``),
    with where each starts: the words right before 应当/应/要/负责 at the start of a piece of the
    clause (cut at commas); the drafter takes the first that names a unit."""
    view = full_width(clause)
    starts = [0] + [m.end() for m in re.finditer("，", view)]
    return [(m["subject"], start) for start in starts
            if (m := _SUBJECT.match(view, start))]
