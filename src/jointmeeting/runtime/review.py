"""The year reviewed against the charter: every requirement checked, each finding citing the
clause of the notice it comes from."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from jointmeeting.charter.model import Charter, Tracks, UnknownIdError
from jointmeeting.charter.values import deadline_delta
from jointmeeting.charter.words import words
from jointmeeting.errors import Diagnostic
from jointmeeting.runtime.year import CaseReport, YearRecords


@dataclass(frozen=True, slots=True)
class UnitYear:
    unit: str
    name: str
    plan: bool
    matters: int
    in_report: int
    progress_reports: int


@dataclass(frozen=True, slots=True)
class CaseYear:
    case: CaseReport
    deadline: dt.datetime | None
    on_time: bool


@dataclass
class Review:
    charter: Charter
    year: int
    records: YearRecords
    findings: list[Diagnostic] = field(default_factory=list)
    units: list[UnitYear] = field(default_factory=list)
    cases: list[CaseYear] = field(default_factory=list)


def review(charter: Charter, records: YearRecords, *, today: dt.date,
           case_reports: list[CaseReport] | None = None) -> Review:
    """Check a year's records against the charter's meetings, reporting rules and requirements.

    Args:
        today: the day the review is made: an action is overdue when its due date is before it.
        case_reports: further case reports (e.g. incidents opened in the ledger).
    """
    result = Review(charter, records.year, records)
    found = result.findings
    units = {u.id: u for u in charter.units}
    say = words(charter.language)

    def name(ref: str | None) -> str:
        # A post, unit or meeting of the record by the name a person reads.
        return say("nobody") if ref is None else charter.label(ref)

    for held in records.meetings:
        try:
            rule = charter.meeting(held.kind)
        except UnknownIdError:
            found.append(Diagnostic("JM518", say("JM518.meeting", record=held.id,
                                                 kind=held.kind)))
            continue
        if rule.chair and held.chair != rule.chair:
            chair = charter.label(rule.chair)
            found.append(Diagnostic("JM511", say("JM511", meeting=rule.name, date=held.date,
                                                 chair=name(held.chair), expected=chair),
                                    clause=rule.source))
        for present in held.present:
            if present not in units:
                found.append(Diagnostic("JM518", say("JM518.present", record=held.id,
                                                     unit=present), clause=rule.source))
    for rule in charter.meetings:
        times = rule.times_a_year()  # per_year, or what a cadence such as P3M gives
        if times is None:
            continue
        count = sum(held.kind == rule.id for held in records.meetings)
        low, high = times.min, times.max
        if count < low or (high is not None and count > high):
            found.append(Diagnostic("JM510", say("JM510", meeting=rule.name, count=count,
                                                 year=records.year, span=say.span(low, high)),
                                    clause=rule.source))

    # Found by what they are (``tracks``), not by the ids one county gave them.
    progress = charter.tracked_rule(Tracks.PROGRESS)
    plan_rule = charter.tracked_requirement(Tracks.PLANS)
    plans = {p.unit: p for p in records.plans}
    for kept in records.plans:
        if kept.unit not in units:
            found.append(Diagnostic("JM518", say("JM518.plan", unit=kept.unit),
                                    clause=plan_rule.source if plan_rule else None))
    for report in records.progress_reports:
        if report.unit not in units:
            found.append(Diagnostic("JM518", say("JM518.progress", unit=report.unit),
                                    clause=progress.source if progress else None))
    sent = Counter(r.unit for r in records.progress_reports)  # counted once, not per unit
    for unit in charter.units:
        plan = plans.get(unit.id)
        live = [m for m in plan.matters if m.status != "dropped"] if plan else []
        reports = sent[unit.id]
        in_report = sum(m.in_work_report for m in live)
        result.units.append(UnitYear(unit.id, unit.name, plan is not None, len(live), in_report,
                                     reports))
        if plan_rule is not None:
            minimum = plan_rule.per_year.min if plan_rule.per_year else 1
            if plan is None:
                found.append(Diagnostic("JM512", say("JM512", unit=unit.name,
                                                     year=records.year),
                                        clause=plan_rule.source, unit=unit.id))
            elif len(live) < minimum:
                found.append(Diagnostic("JM513", say("JM513", unit=unit.name, count=len(live),
                                                     minimum=minimum),
                                        clause=plan_rule.source, unit=unit.id))
            for matter in live:
                if matter.status == "done" and not matter.in_work_report:
                    found.append(Diagnostic("JM514", say("JM514", unit=unit.name,
                                                         matter=matter.text),
                                            clause=plan_rule.source, unit=unit.id))
        if progress is not None and not reports:
            found.append(Diagnostic("JM515", say("JM515", unit=unit.name, year=records.year),
                                    clause=progress.source, unit=unit.id))

    for case in [*records.cases, *(case_reports or [])]:
        try:
            reporting = charter.rule(case.rule)
        except UnknownIdError:
            found.append(Diagnostic("JM518", say("JM518.case", case=case.id, rule=case.rule)))
            continue
        within = reporting.steps[0].within
        try:
            deadline = case.known_at + deadline_delta(within) if within else None
        except OverflowError:
            # Known at the calendar's end: the deadline falls past it, so no report is late.
            deadline = None
        on_time = deadline is None or case.reported_at <= deadline
        result.cases.append(CaseYear(case, deadline, on_time))
        if not on_time:
            late = case.reported_at - case.known_at
            found.append(Diagnostic("JM516", say("JM516", case=case.id, rule=reporting.name,
                                                 hours=f"{late.total_seconds() / 3600:.0f}",
                                                 limit=say.deadline(within)),
                                    clause=reporting.source))

    office_clause = charter.office.source if charter.office is not None else None
    for held in records.meetings:
        for decision in held.decisions:
            for action in decision.actions:
                if action.owner not in units:
                    found.append(Diagnostic("JM518", say("JM518.action", action=action.id,
                                                         unit=action.owner),
                                            clause=office_clause))
                elif action.done is None and action.due < today:
                    found.append(Diagnostic(
                        "JM517", say("JM517", text=action.text, date=held.date,
                                     meeting=name(held.kind), unit=units[action.owner].name,
                                     due=action.due),
                        clause=office_clause, unit=action.owner))
    order = {u.id: i for i, u in enumerate(charter.units)}
    found.sort(key=lambda f: (f.code, order.get(f.unit or "", -1)))
    return result


