"""Edits to a charter file that touch only the lines they are about.

Why splice text instead of dumping a round-tripped document: a charter is a transcription of a
legal text, kept by people, with comments, alignment and quoting that mean something to them. An
edit must leave every other byte as it was (pre-commit's ``migrate_config`` is the model): the
parser's positions say where the edited item stands, and the new lines are written in the style
of their neighbours (a flow mapping on one line, or a block mapping). The result is parsed and
validated before anyone writes it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from jointmeeting.charter.loader import charter_from_text
from jointmeeting.charter.model import Charter, Member
from jointmeeting.charter.parse import resolve_plain
from jointmeeting.errors import JointMeetingError, Locator

_FLOW_SPECIAL = set(",[]{}#&*!|>'\"%@`:")


class EditError(JointMeetingError):
    """An edit cannot be made to this file as it stands."""


def scalar(value: str, *, flow: bool) -> str:
    """A string as a YAML scalar: plain where that reads back as the same string, else quoted."""
    special = _FLOW_SPECIAL if flow else set("#&*!|>'\"%@`")
    if (value and value == value.strip() and not (set(value) & special)
            and value[0] not in "-?" and ": " not in value
            and resolve_plain(value) == value):
        return value
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Succession:
    """A new representative for a unit, as the charter's succession clause has it made: with a
    filing number when it is filed with the office, an approval date when a post approves it."""

    unit: str
    name: str
    position: str
    effective: dt.date
    filing: str | None
    source: str
    approved_on: dt.date | None = None


def _member_fields(new: Succession, unit_id: str, until: dt.date | None
                   ) -> list[tuple[str, str]]:
    fields = [("name", new.name), ("unit", unit_id), ("position", new.position),
              ("since", new.effective.isoformat())]
    if until is not None:
        fields.append(("until", until.isoformat()))
    if new.filing is not None:
        fields.append(("filing", new.filing))
    if new.approved_on is not None:
        fields.append(("approved_on", new.approved_on.isoformat()))
    return [*fields, ("source", new.source)]


def apply_succession(text: str, charter: Charter, new: Succession) -> str:
    """The file's text with the unit's current members ended on the effective date and the new
    member added after them. ``charter`` must be the one loaded from ``text``.

    Successions fall in order of their effective dates, whatever the order they are filed in:
    when a successor from a later date is already in the file, the new member serves until
    that date, and the member it follows ends on the new effective date instead.
    """
    locator = charter.locator
    if locator is None:
        raise EditError("the charter was not loaded from a file")
    unit = charter.unit(new.unit)
    if new.filing is not None and any(m.filing == new.filing for m in charter.members):
        raise EditError(f"filing {new.filing} is already in the charter; give another "
                        "--number")
    also = [m for m in charter.members
            if m.active(new.effective) and any(a.unit == unit.id for a in m.also)]
    if also:
        raise EditError(f"{unit.name} is represented through {also[0].name}'s second "
                        "appointment; split that membership by hand first")
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    indexes = [i for i, m in enumerate(charter.members)
               if m.unit == unit.id and m.active(new.effective)]
    same_day = [charter.members[i] for i in indexes
                if charter.members[i].since == new.effective]
    if same_day:
        raise EditError(f"{same_day[0].name} already takes over {unit.name} on "
                        f"{new.effective.isoformat()}; withdraw one of the two proposals "
                        "(jointmeeting roster withdraw PROPOSAL)")
    later = [m.since for m in charter.members
             if m.unit == unit.id and m.since is not None and m.since > new.effective]
    # Work from the bottom up so that earlier line numbers stay valid.
    if indexes:
        last = indexes[-1]
        style_of = last
        anchor = _item_end(lines, charter, last)
    elif charter.members:
        style_of = len(charter.members) - 1
        anchor = _item_end(lines, charter, style_of)
    else:
        raise EditError("the charter lists no members to add the new one beside; add the "
                        "first member by hand, then file again")
    fields = _member_fields(new, unit.id, min(later) if later else None)
    lines[anchor + 1:anchor + 1] = _render(lines, charter, style_of, fields, newline)
    for index in reversed(indexes):
        _end_membership(lines, charter, index, new.effective, newline)
    result = "".join(lines)
    # Raises CharterError if the edit broke anything.
    charter_from_text(result, locator.source_of(("members",)), base_dir=charter.base_dir)
    return result


def _is_flow(lines: list[str], charter: Charter, index: int) -> bool:
    position = charter.locator.locate(("members", index)) if charter.locator else None
    assert position is not None
    return lines[position.line - 1][position.col - 1] == "{"


def _item_end(lines: list[str], charter: Charter, index: int) -> int:
    """The 0-based index of the last line of a member item, comments and blanks after it left
    out (they introduce what follows)."""
    locator = charter.locator
    assert locator is not None
    if index + 1 < len(charter.members):
        next_start = locator.locate(("members", index + 1))
        assert next_start is not None
        end = next_start.line - 2
    else:
        start = locator.locate(("members",), key=True)
        assert start is not None
        later = [p.line for key in _top_keys(charter)
                 if (p := locator.locate((key,), key=True)) and p.line > start.line]
        end = (min(later) if later else len(lines) + 1) - 2
    begin = locator.locate(("members", index))
    assert begin is not None
    while end > begin.line - 1 and (not lines[end].strip() or
                                    lines[end].lstrip().startswith("#")):
        end -= 1
    return end


def _top_keys(charter: Charter) -> list[str]:
    return list(type(charter).model_fields)


def _render(lines: list[str], charter: Charter, like: int, fields: list[tuple[str, str]],
            newline: str) -> list[str]:
    locator = charter.locator
    assert locator is not None
    start = locator.locate(("members", like))
    assert start is not None
    row, dash = _dash(lines, start.line - 1, start.col - 1)
    indent = lines[row][:dash]
    if _is_flow(lines, charter, like):
        body = ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in fields)
        return [f"{indent}- {{{body}}}{newline}"]
    if row < start.line - 1:  # the dash alone on its line, the mapping below it
        inner = " " * (start.col - 1)
        return [f"{indent}-{newline}",
                *(f"{inner}{k}: {scalar(v, flow=False)}{newline}" for k, v in fields)]
    inner = indent + " " * (start.col - 1 - dash)
    out = [f"{indent}- {fields[0][0]}: {scalar(fields[0][1], flow=False)}{newline}"]
    out += [f"{inner}{k}: {scalar(v, flow=False)}{newline}" for k, v in fields[1:]]
    return out


def _dash(lines: list[str], row: int, col: int) -> tuple[int, int]:
    """Where the ``-`` of a list item starting at ``row``/``col`` (0-based) stands: on its
    line before it, or alone on an earlier line (comments and blank lines between)."""
    before = lines[row][:col].rstrip()
    if before.endswith("-"):
        return row, len(before) - 1
    for earlier in range(row - 1, -1, -1):
        text = lines[earlier].split("#", 1)[0].rstrip()
        if text.strip() == "-":
            return earlier, len(text) - 1
        if text.strip():
            break
    raise EditError(f"cannot find the dash of the member item on line {row + 1}; write it "
                    "as `- name: …` and file again")


def _date_at(lines: list[str], locator: Locator, member: Member, index: int, field: str,
             value: dt.date | None) -> tuple[int, int, int]:
    """Where a member's date stands as written: (line index, start column, end column), or an
    EditError when the file does not write it as YYYY-MM-DD (or null, for a date the notice
    does not give) there."""
    at = locator.locate(("members", index, field))
    assert at is not None
    row = lines[at.line - 1]
    written = value.isoformat() if value else "null"
    start, end = at.col - 1, at.col - 1 + len(written)
    if row[start:end] != written:
        raise EditError(f"cannot find {member.name}'s {field} date as written; write it as "
                        "YYYY-MM-DD and file again")
    return at.line - 1, start, end


def _end_membership(lines: list[str], charter: Charter, index: int, until: dt.date,
                    newline: str) -> None:
    locator = charter.locator
    assert locator is not None
    member: Member = charter.members[index]
    if member.until is not None:  # a later successor ends it already; it now ends earlier
        line, start, end = _date_at(lines, locator, member, index, "until", member.until)
        lines[line] = f"{lines[line][:start]}{until.isoformat()}{lines[line][end:]}"
        return
    if _is_flow(lines, charter, index):
        line, _, after = _date_at(lines, locator, member, index, "since", member.since)
        lines[line] = f"{lines[line][:after]}, until: {until.isoformat()}{lines[line][after:]}"
        return
    key = locator.locate(("members", index, "since"), key=True)
    assert key is not None
    lines.insert(key.line, f"{' ' * (key.col - 1)}until: {until.isoformat()}{newline}")
