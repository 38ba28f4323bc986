"""Rows of a roster, from any source, made into members and checked like the charter's own.

For plugin authors: read your rows (a spreadsheet, a CSV, an HR system's API), describe each as
a :class:`Row`, and hand them to :func:`members_from_rows`. Every row that cannot become a member
is a diagnostic at ``file:row:column``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from jointmeeting.charter.model import AmbiguousNameError, Charter, Member, UnknownUnitError
from jointmeeting.charter.values import normalise_name
from jointmeeting.errors import Diagnostic, JointMeetingError, Position
from jointmeeting.host.hookspecs import RosterRead

#: Column headings offices use, by the field they fill (compared without whitespace).
HEADINGS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "成员姓名", "name"),
    "unit": ("单位", "所在单位", "成员单位", "工作单位", "unit"),
    "position": ("职务", "职位", "现任职务", "position"),
    "since": ("任职日期", "起始日期", "开始日期", "since"),
    "until": ("离任日期", "结束日期", "until"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "电话", "phone"),
    "source": ("出处", "source"),
}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\Z")


@dataclass
class Row:
    """One row: its 1-based number in the file, and field -> (value, 1-based column)."""

    number: int
    cells: dict[str, tuple[object, int]] = field(default_factory=dict)

    def get(self, name: str) -> tuple[object, int] | None:
        found = self.cells.get(name)
        if found is None or found[0] is None or str(found[0]).strip() == "":
            return None
        return found


#: The largest cell a CSV may hold, as Python's csv module allows by default.
MAX_CELL = 128 * 1024


class CsvError(JointMeetingError, ValueError):
    """A CSV that cannot be read whole; ``row`` is the 1-based line where the bad row starts."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(f"row {row}: {message}")
        self.row, self.reason = row, message


def office_csv_rows(raw: bytes) -> list[list[str]]:
    """The rows of a CSV as an office saves it: Excel on Chinese Windows writes "CSV" as
    GB18030 (GBK), "CSV UTF-8" with a BOM, and "Unicode text" as UTF-16 with a BOM, separated
    by tabs.

    Raises:
        CsvError: a quote that is never closed (it would swallow every later row), a cell over
            :data:`MAX_CELL`, a NUL byte; naming the row where the trouble starts.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise CsvError(1, "the file starts as UTF-16 but is not; save it again") from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            # GB18030 maps nearly every byte sequence; what it cannot is marked, not fatal.
            text = raw.decode("gb18030", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise CsvError(start, _csv_problem(str(exc), text, start)) from None
        if any(len(cell) > MAX_CELL for cell in row):
            raise CsvError(start, f"a cell is larger than {MAX_CELL // 1024} KiB")
        rows.append(row)


def _csv_problem(error: str, text: str, row: int) -> str:
    # The csv module stops at its field limit before it could see a quote left open; an odd
    # number of quotes from the row to the end means one never closes.
    rest = "".join(io.StringIO(text, newline="").readlines()[row - 1:])
    if "end of data" in error or ("field limit" in error and rest.count('"') % 2):
        return "a quote opened in this row is never closed; close it, nothing was read"
    if "field limit" in error:
        return f"a cell is larger than {MAX_CELL // 1024} KiB"
    if "NUL" in error:
        return "the row holds a NUL byte; save the file again as text"
    return f"cannot be read as CSV ({error}); a quote inside a cell must be doubled"


def heading_columns(cells: Iterable[object]) -> dict[str, int]:
    """Field -> 0-based column for a header row; empty when the row is not a header."""
    wanted = {"".join(h.split()).lower(): f for f, hs in HEADINGS.items() for h in hs}
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = "".join(str(cell).split()).lower() if cell is not None else ""
        if key in wanted:
            found.setdefault(wanted[key], index)
    return found if {"name", "unit"} <= found.keys() else {}


def as_text(value: object) -> str:
    """A cell as text: integers stay integers (a phone number is not 1.38e10)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(as_text(value))
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def members_from_rows(charter: Charter, rows: Iterable[Row], path: str,
                      *, default_since: dt.date | None = None) -> RosterRead:
    """Members from rows, with a diagnostic for every row that cannot be one."""
    read = RosterRead(members=[])
    # A row's member stands in the notice's list under the same name, or came through the
    # charter's succession rule, or (with no such rule) sits for a unit where the notice lists
    # it; which clauses those are is the charter's to say.
    listed = {m.name: m.source for m in charter.members if m.name}
    succession = charter.succession.source if charter.succession else None
    since_default = default_since or charter.source.issued

    def finding(code: str, row: Row, column: int, message: str) -> None:
        read.diagnostics.append(Diagnostic(code, f"row {row.number}: {message}", path,
                                           Position(row.number, column)))

    for row in rows:
        name, unit = row.get("name"), row.get("unit")
        if name is None or unit is None:
            missing = "name" if name is None else "unit"
            finding("JM404", row, (unit or name or (None, 1))[1], f"no {missing}")
            continue
        try:
            found = charter.unit(as_text(unit[0]))
        except (UnknownUnitError, AmbiguousNameError) as exc:
            finding("JM403", row, unit[1], str(exc.args[0]))
            continue
        dates: dict[str, dt.date | None] = {"since": since_default, "until": None}
        bad = False
        for key in ("since", "until"):
            cell = row.get(key)
            if cell is not None:
                dates[key] = as_date(cell[0])
                if dates[key] is None:
                    finding("JM404", row, cell[1], f"{key} '{as_text(cell[0])}' is not a date")
                    bad = True
        if dates["since"] is None and not bad:
            # The roster is the county's own record: with no date in the row and none in the
            # notice to take, the row is incomplete (a member's since: null is the notice's).
            finding("JM404", row, name[1], "no since, and the notice gives no date to take")
            bad = True
        if bad:
            continue
        person = as_text(name[0])
        position = row.get("position")
        source = row.get("source")
        cited = as_text(source[0]) if source else (
            listed.get(normalise_name(person)) or succession or found.source)
        try:
            member = Member.model_validate({
                "name": person, "unit": found.id,
                "position": as_text(position[0]) if position else "成员",
                "since": dates["since"], "until": dates["until"],
                "source": cited,
            })
        except ValidationError as exc:
            error = exc.errors()[0]
            field_name = str(error["loc"][0])
            finding("JM404", row, (row.get(field_name) or name)[1], f"{field_name}: "
                    f"{error['msg']}")
            continue
        read.members.append(member)
        phone = row.get("phone")
        if phone is not None and member.name:
            read.contacts[member.name] = {"phone": as_text(phone[0])}
    return read
