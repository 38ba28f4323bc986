"""From a reported case to a plan: who must be told, by when, in what order, and on which clause.

"Within 24 hours" counts from when the case became known to the reporting unit; deadlines are
aware datetimes in the charter's time zone. A step whose recipient has no channel in the contacts
file goes to the office instead, and says so; a step is never dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from jointmeeting.charter.contacts import Channel, Contacts
from jointmeeting.charter.model import Charter, ReportingRule, ReportKind, Unit, UnknownIdError
from jointmeeting.charter.moments import in_zone
from jointmeeting.charter.values import deadline_delta
from jointmeeting.charter.words import words
from jointmeeting.errors import JointMeetingError


class PlanError(JointMeetingError):
    """A case that the charter's rules cannot route as asked."""


@dataclass(frozen=True, slots=True)
class Report:
    """A case as it is reported. ``details`` (a victim's name, an address) stay in the ledger
    and never go into a message."""

    rule: str
    reporter: str
    known_at: dt.datetime
    summary: str = ""
    minor: bool = False
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlannedStep:
    seq: int
    recipient: str
    label: str
    action: str
    deadline: dt.datetime | None
    rule: str
    clause: str
    channels: tuple[Channel, ...] = ()
    note: str = ""
    mandatory: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    report: Report
    reporter_label: str
    steps: tuple[PlannedStep, ...]


def _is_body(charter: Charter, ref: str) -> bool:
    """Whether ``ref`` reports as a body of the table (a post, the office, the joint meeting
    itself), not as a unit or party."""
    if ref == "joint-meeting" or (charter.office is not None and ref == charter.office.id):
        return True
    try:
        charter.post(ref)
    except UnknownIdError:
        return False
    return True


def _rule(charter: Charter, kind: str) -> ReportingRule:
    try:
        return charter.rule(kind)
    except UnknownIdError as error:
        raise PlanError(str(error)) from None


def _reporter(charter: Charter, rule: ReportingRule, reporter: str) -> str:
    """The id of the unit, party or body reporting, found by id, name or alias.

    The office, a post or the joint meeting itself report where a rule names them (upward, to
    the bodies above the table); a unit or a party reports as itself.

    Raises:
        NameLookupError: nothing answers to ``reporter`` (the same error every lookup raises).
        PlanError: it is not one of the rule's reporters.
    """
    if _is_body(charter, reporter):
        if reporter in rule.reporters:
            return reporter
        raise PlanError(f"{charter.label(reporter)} is not a reporter under {rule.id} "
                        f"(reporters: {', '.join(rule.reporters)})")
    found = charter.unit_or_party(reporter)
    member = isinstance(found, Unit) and "members" in rule.reporters
    if not member and found.id not in rule.reporters:
        raise PlanError(f"{found.name} is not a reporter under {rule.id} "
                        f"(reporters: {', '.join(rule.reporters)})")
    return found.id


def aware(moment: dt.datetime, charter: Charter) -> dt.datetime:
    """A time with its zone: a naive time is read in the charter's time zone."""
    return in_zone(moment, charter.timezone)


def plan(charter: Charter, report: Report, contacts: Contacts | None = None) -> Plan:
    """The ordered steps the charter requires for ``report``; the plan's report holds the time
    it became known in the charter's zone (a naive time is read there) and the reporter's id
    (whatever name it was given by)."""
    rule = _rule(charter, report.rule)
    reporter = _reporter(charter, rule, report.reporter)
    try:
        known = aware(report.known_at, charter)
        deadlines = [None if s.within is None else (
            working_days_after(known, deadline_delta(s.within)) if s.working_days
            else known + deadline_delta(s.within)) for s in rule.steps]
    except OverflowError:
        raise PlanError(f"{report.known_at} is too near the edge of the calendar for the "
                        "deadlines of this rule") from None
    report = dataclasses.replace(report, known_at=known, reporter=reporter)
    office = charter.office.id if charter.office is not None else None
    # A step's note is read by the office (route, the timeline): in the charter's language.
    say = words(charter.language)
    steps = []
    for seq, (step, deadline) in enumerate(zip(rule.steps, deadlines, strict=True), start=1):
        recipient, note = step.to, ""
        channels: tuple[Channel, ...] = ()
        if step.within is None:
            note = say("plan.note.no_deadline")
        elif step.working_days:
            note = say("plan.note.working_days")
        if contacts is not None:
            channels = tuple(contacts.channels(recipient))
            if not channels and recipient == "members":  # 分送各成员单位: every unit's own
                every = [c for unit in charter.units for c in contacts.channels(unit.id)]
                channels = tuple(c for i, c in enumerate(every) if c not in every[:i])
            if not channels:
                # With no office (the notice sets up none) the step is sent by hand.
                fallback = tuple(contacts.channels(office)) if office else ()
                note = say("semi").join(filter(None, [note, say(
                    "plan.note.fallback" if fallback else "plan.note.by_hand",
                    recipient=charter.label(recipient))]))
                channels = fallback
        steps.append(PlannedStep(
            seq=seq, recipient=recipient, label=charter.label(recipient), action=step.action,
            deadline=deadline, rule=rule.id, clause=rule.source, channels=channels, note=note,
            mandatory=rule.kind is ReportKind.MANDATORY))
    return Plan(report, charter.label(reporter), tuple(steps))


def working_days_after(start: dt.datetime, span: dt.timedelta) -> dt.datetime:
    """``start`` plus ``span`` counted in working days (Monday to Friday): 3个工作日内 from a
    Friday ends on Wednesday. Whole days count as working days; a part of a day is added as
    time on the last one. Public holidays and make-up working days (调休) are not known here."""
    day, days = start, span.days
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day + (span - dt.timedelta(days=span.days))


def next_level(charter: Charter, recipient: str) -> str | None:
    """Who is told when ``recipient`` has not acknowledged in time: the next in the chain, or
    the chain's start for a recipient outside it; None past the top or without a chain."""
    if charter.escalation is None:
        return None
    chain = charter.escalation.chain
    if recipient not in chain:
        return chain[0]
    index = chain.index(recipient)
    return chain[index + 1] if index + 1 < len(chain) else None
