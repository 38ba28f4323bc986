"""The year's records: meetings held, progress reports received, case reports, annual plans and
their practical matters (实事). Kept in the ledger, one row per record, validated on the way in and
on the way out; imported from a YAML file or from a CSV an office kept in a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from jointmeeting.charter.loader import load_located
from jointmeeting.charter.model import AmbiguousNameError, Charter, Tracks, UnknownUnitError
from jointmeeting.charter.moments import ZONE, LocalMoment, in_zone
from jointmeeting.charter.values import IsoDate, Model, Slug, Text
from jointmeeting.errors import Diagnostic, Loc, Locator, Position, RecordsError
from jointmeeting.host.rosters import CsvError, as_date, heading_columns, office_csv_rows
from jointmeeting.runtime.ledger import Ledger


class Action(Model):
    id: Slug
    text: Text
    owner: Slug
    due: IsoDate
    done: IsoDate | None = None


class Decision(Model):
    text: Text
    actions: list[Action] = Field(default_factory=list)


class MeetingHeld(Model):
    id: Slug
    kind: Slug = Field(description="A meeting id of the charter: plenary, thematic.")
    date: IsoDate
    chair: Slug | None = Field(None, description="The post (or unit) that chaired it.")
    present: list[Slug] = Field(default_factory=list)
    subject: Text | None = None
    minutes: Text | None = None
    decisions: list[Decision] = Field(default_factory=list)


class ProgressReport(Model):
    unit: Slug
    date: IsoDate
    period: Text | None = None


class CaseReport(Model):
    id: Slug
    rule: Slug
    reporter: Text
    known_at: LocalMoment = Field(description="When it became known; without an offset, in "
                                  "the charter's time zone.")
    reported_at: LocalMoment = Field(description="When it was reported; without an offset, in "
                                     "the charter's time zone.")


class Matter(Model):
    """A practical matter (实事) for women and children in a unit's annual plan."""

    text: Text
    status: Literal["planned", "in-progress", "done", "dropped"] = "planned"
    in_work_report: bool = False


class AnnualPlan(Model):
    unit: Slug
    submitted: IsoDate | None = None
    matters: list[Matter] = Field(default_factory=list)


class YearRecords(Model):
    format: Literal[1] = 1
    year: int
    meetings: list[MeetingHeld] = Field(default_factory=list)
    progress_reports: list[ProgressReport] = Field(default_factory=list)
    cases: list[CaseReport] = Field(default_factory=list)
    plans: list[AnnualPlan] = Field(default_factory=list)


#: kind of record -> (model, the field that keys it within a year)
_KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "meetings": (MeetingHeld, "id"), "progress_reports": (ProgressReport, ""),
    "cases": (CaseReport, "id"), "plans": (AnnualPlan, "unit"),
}


def _key(kind: str, record: BaseModel) -> str:
    field = _KINDS[kind][1]
    if field:
        return str(getattr(record, field))
    return json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def store(ledger: Ledger, charter: Charter, records: YearRecords) -> int:
    """Add or replace a year's records (a record with the same key replaces the older one)."""
    count = 0
    with ledger.transaction() as db:
        for kind in _KINDS:
            for record in getattr(records, kind):
                db.execute(
                    "INSERT INTO records (charter, year, kind, key, body) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (charter, year, kind, key) DO UPDATE SET body = excluded.body",
                    (charter.id, records.year, kind, _key(kind, record),
                     record.model_dump_json()))
                count += 1
    return count


def load_year(ledger: Ledger, charter: Charter, year: int) -> YearRecords:
    """The year's records from the ledger; an empty year is a year with no records."""
    found: dict[str, list[BaseModel]] = {kind: [] for kind in _KINDS}
    for kind, body in ledger.db.execute(
            "SELECT kind, body FROM records WHERE charter = ? AND year = ? ORDER BY id",
            (charter.id, year)):
        found[kind].append(_KINDS[kind][0].model_validate_json(body))
    return YearRecords.model_validate({"year": year, **found})


def read_yaml(path: str | os.PathLike[str], charter: Charter | None = None,
              year: int | None = None) -> YearRecords:
    """A year's records from YAML. With ``charter``, a time without an offset is read in the
    charter's time zone (without one, such a time is a finding), and every record is checked
    against it: the whole file is refused (RecordsError, every finding positioned) when any
    record names a unit, post, meeting or rule the charter lacks, repeats an id, or falls in
    another year than ``year`` (or than the file's own)."""
    context = {ZONE: charter.timezone} if charter is not None else None
    records, where = load_located(path, model=YearRecords, error=RecordsError, context=context)
    if charter is not None:
        problems = check_records(records, charter, where, os.fspath(path), year)
        if problems:
            raise RecordsError(problems)
    return records


def check_records(records: YearRecords, charter: Charter, where: Locator, path: str,
                  year: int | None = None) -> list[Diagnostic]:
    """What in a year's records the charter does not know, ids used twice, and events of
    another year: each finding at its position in ``path``."""
    found: list[Diagnostic] = []

    def finding(code: str, loc: Loc, message: str) -> None:
        found.append(Diagnostic(code, message, path, where.locate(loc)))

    if year is not None and records.year != year:
        finding("JM522", ("year",), f"the file holds records of {records.year}, not {year} "
                "(--year); nothing was imported")
    units = {u.id for u in charter.units}
    known = charter.party_ids()
    meetings = {m.id for m in charter.meetings}
    rules = {r.id for r in charter.reporting}
    seen: dict[tuple[str, str], Loc] = {}

    def once(kind: str, key: str, loc: Loc) -> None:
        first = seen.setdefault((kind, key), loc)
        if first != loc:
            earlier = where.locate(first)
            finding("JM521", loc, f"{kind} id '{key}' is used twice (first on line "
                    f"{earlier.line if earlier else '?'}); nothing was imported")

    for i, held in enumerate(records.meetings):
        at: Loc = ("meetings", i)
        once("meeting", held.id, (*at, "id"))
        if held.kind not in meetings:
            finding("JM518", (*at, "kind"), f"meeting {held.id}: '{held.kind}' is not a meeting "
                    f"of the charter (it has {', '.join(sorted(meetings)) or 'none'})")
        if held.chair and known.get(held.chair) not in ("post", "unit", "office"):
            finding("JM518", (*at, "chair"), f"meeting {held.id}: chair '{held.chair}' is not "
                    "a post or unit of the charter")
        for j, present in enumerate(held.present):
            if present not in units:
                finding("JM518", (*at, "present", j), f"meeting {held.id}: present "
                        f"'{present}' is not a unit of the charter")
        if held.date.year != records.year:
            finding("JM522", (*at, "date"), f"meeting {held.id} was held in "
                    f"{held.date.year}, not {records.year}")
        for j, decision in enumerate(held.decisions):
            for k, action in enumerate(decision.actions):
                loc: Loc = (*at, "decisions", j, "actions", k)
                once("action", action.id, (*loc, "id"))
                if action.owner not in known:
                    finding("JM518", (*loc, "owner"), f"action {action.id}: owner "
                            f"'{action.owner}' is not a unit or post of the charter")
    for i, sent in enumerate(records.progress_reports):
        if sent.unit not in units:
            finding("JM518", ("progress_reports", i, "unit"), f"progress report: "
                    f"'{sent.unit}' is not a unit of the charter")
    for i, kept in enumerate(records.plans):
        once("plan of unit", kept.unit, ("plans", i, "unit"))
        if kept.unit not in units:
            finding("JM518", ("plans", i, "unit"), f"plan: '{kept.unit}' is not a unit of the "
                    "charter")
    for i, case in enumerate(records.cases):
        once("case", case.id, ("cases", i, "id"))
        if case.rule not in rules:
            finding("JM518", ("cases", i, "rule"), f"case {case.id}: '{case.rule}' is not a "
                    f"reporting rule of the charter (it has {', '.join(sorted(rules))})")
        if case.reporter not in known and not _unit_named(charter, case.reporter):
            finding("JM518", ("cases", i, "reporter"), f"case {case.id}: reporter "
                    f"'{case.reporter}' is not a unit or party of the charter")
        if case.known_at.year != records.year:
            finding("JM522", ("cases", i, "known_at"), f"case {case.id} became known in "
                    f"{case.known_at.year}, not {records.year}")
    return found


def _unit_named(charter: Charter, name: str) -> bool:
    try:
        charter.unit(name)
    except (UnknownUnitError, AmbiguousNameError):
        return False
    return True


#: CSV "record" column values, in the language offices write them.
_CSV_KINDS = {"工作进展": "progress", "进展报送": "progress", "progress": "progress",
              "实事": "matter", "matter": "matter", "案件": "case", "case": "case"}
_CSV_HEADINGS = {"record": ("类型", "记录类型", "record"), "date": ("日期", "报送日期", "date"),
                 "text": ("内容", "实事内容", "text"), "status": ("状态", "status"),
                 "report": ("纳入工作报告", "in_work_report"), "period": ("期间", "period"),
                 "known": ("知悉时间", "known_at"), "reported": ("报告时间", "reported_at"),
                 "rule": ("规则", "rule")}
_STATUS = {"计划": "planned", "进行中": "in-progress", "已完成": "done", "完成": "done",
           "取消": "dropped"}
_YES = {"是", "yes", "true", "1", "√", "已纳入"}


def read_csv(path: str | os.PathLike[str], charter: Charter, year: int) -> YearRecords:
    """A year's progress reports, practical matters and case reports from one CSV (UTF-8 with
    or without BOM, or GB18030). Raises RecordsError naming every bad row."""
    name = os.fspath(path)
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:
        raise RecordsError([Diagnostic("JM100", f"cannot read the file: {exc.strerror}",
                                       name, None)]) from None
    try:
        rows = office_csv_rows(raw)
    except CsvError as exc:
        raise RecordsError([Diagnostic("JM520", str(exc), name, Position(exc.row, 1))]) from None
    wanted = {"".join(h.split()): f for f, hs in _CSV_HEADINGS.items() for h in hs}
    columns: dict[str, int] = {}
    start = 0
    for index, row in enumerate(rows):
        units = heading_columns([*row, "姓名"])  # the unit column, found as rosters find it
        if "unit" in units:
            columns = {wanted["".join(c.split())]: i for i, c in enumerate(row)
                       if "".join(c.split()) in wanted}
            columns["unit"] = units["unit"]
            start = index + 1
            break
    if "record" not in columns:
        raise RecordsError([Diagnostic("JM520", "no header row with 类型 and 单位 columns",
                                       name, Position(1, 1))])
    records = YearRecords(year=year)
    plans: dict[str, AnnualPlan] = {}
    problems: list[Diagnostic] = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if any(cell.strip() for cell in row):
            problem = _read_row(_Row(row, number, columns), charter, records, plans, year)
            if problem is not None:
                field, message = problem
                problems.append(Diagnostic("JM520", f"row {number}: {message}", name,
                                           Position(number, columns.get(field, 0) + 1)))
    if problems:
        raise RecordsError(problems)
    records.plans.extend(plans.values())
    return records


@dataclass(frozen=True, slots=True)
class _Row:
    cells: list[str]
    number: int
    columns: dict[str, int]

    def __call__(self, field: str) -> str:
        index = self.columns.get(field)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""


def _read_row(cell: _Row, charter: Charter, records: YearRecords,
              plans: dict[str, AnnualPlan], year: int) -> tuple[str, str] | None:
    """Add one CSV row to the records; (column, reason) when it cannot be read."""
    kind = _CSV_KINDS.get(cell("record"))
    if kind is None:
        return "record", (f"record type '{cell('record')}' is not one of "
                          f"{', '.join(sorted(set(_CSV_KINDS)))}")
    try:
        unit = charter.unit(cell("unit")).id
    except (UnknownUnitError, AmbiguousNameError) as exc:
        return "unit", str(exc.args[0])
    try:
        if kind == "progress":
            day = as_date(cell("date"))
            if day is None:
                return "date", f"'{cell('date')}' is not a date"
            records.progress_reports.append(ProgressReport(
                unit=unit, date=day, period=cell("period") or None))
        elif kind == "matter":
            plan = plans.setdefault(unit, AnnualPlan(unit=unit, submitted=as_date(cell("date"))))
            plan.matters.append(Matter.model_validate({
                "text": cell("text"),
                "status": _STATUS.get(cell("status"), cell("status") or "planned"),
                "in_work_report": cell("report").lower() in _YES}))
        else:
            # A row without a rule is a case under the rule the charter tracks cases with.
            default = charter.tracked_rule(Tracks.CASES)
            rule = cell("rule") or (default.id if default else "")
            if rule not in {r.id for r in charter.reporting}:
                return "rule", (f"'{rule}' is not a reporting rule of the charter" if rule else
                                "no rule given, and no reporting rule of the charter tracks "
                                "cases (tracks: cases)")
            known = _aware(cell("known"), charter)
            if known.year != year:
                return "known", (f"the case became known in {known.year}, not {year} "
                                 "(--year); import it with that year's records")
            records.cases.append(CaseReport(
                id=f"csv-{cell.number}", rule=rule, reporter=unit, known_at=known,
                reported_at=_aware(cell("reported"), charter)))
    except ValidationError as exc:
        error = exc.errors()[0]
        return "record", f"{'.'.join(map(str, error['loc']))}: {error['msg']}"
    except ValueError as exc:
        return "record", str(exc)
    return None


def _aware(text: str, charter: Charter) -> dt.datetime:
    return in_zone(dt.datetime.fromisoformat(text.replace("/", "-")), charter.timezone)


def incident_reports(ledger: Ledger, charter: Charter, year: int) -> Iterable[CaseReport]:
    """Cases opened through `jointmeeting incident open`, as case reports: reported when the
    incident was opened."""
    for row in ledger.db.execute(
            "SELECT id, rule, reporter, known_at, opened_at FROM incidents WHERE charter = ?",
            (charter.id,)):
        known = dt.datetime.fromisoformat(row["known_at"])
        if known.year == year:
            yield CaseReport(id=f"incident-{row['id']}", rule=row["rule"],
                             reporter=row["reporter"], known_at=known,
                             reported_at=dt.datetime.fromisoformat(row["opened_at"]))
