"""The year as iCalendar: meetings, case-report deadlines and action-item due dates, with stable
UIDs (importing the file again updates events instead of doubling them) and alarms before each
deadline, so staff see them in the calendar they already use."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from jointmeeting.charter.model import Charter, UnknownIdError
from jointmeeting.charter.values import deadline_delta
from jointmeeting.charter.words import words
from jointmeeting.errors import JointMeetingError
from jointmeeting.runtime.review import Review

PRODID = "-//jointmeeting//jointmeeting//ZH"


def _uid(charter: Charter, *parts: object) -> str:
    return "-".join(str(p) for p in parts) + f"@{charter.id}.jointmeeting"


def _event(uid: str, summary: str, start: dt.date | dt.datetime, description: str,
           *, alarm: dt.timedelta | None, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    if isinstance(start, dt.datetime):
        event.add("dtend", start + dt.timedelta(minutes=30))
    else:
        event.add("dtend", start + dt.timedelta(days=1))
    event.add("description", description)
    if alarm is not None:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", summary)
        reminder.add("trigger", -alarm)
        event.add_component(reminder)
    return event


class CalendarError(JointMeetingError):
    """The records hold a year or a time the calendar cannot write (past the year 9999)."""


def calendar(result: Review) -> bytes:
    """The year's events as an iCalendar file.

    Raises:
        CalendarError: a record's year or time lies at the edge of the calendar, where an
            event's end or alarm would fall outside it.
    """
    try:
        return _calendar(result)
    except (OverflowError, ValueError) as exc:
        # ValueError: dt.datetime(year, …) for a year outside 1…9999.
        raise CalendarError(f"the {result.year} records hold a date the calendar cannot "
                            f"write: {exc}") from None


def _calendar(result: Review) -> bytes:
    charter = result.charter
    # A fixed stamp keeps the file the same for the same records: it can be diffed and committed.
    stamp = dt.datetime(result.year, 1, 1, tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{charter.title} {result.year}")
    cal.add("x-wr-timezone", charter.timezone)
    say = words(charter.language)
    for held in result.records.meetings:
        try:
            clause = charter.meeting(held.kind).source
        except UnknownIdError:  # the review reports the record; the calendar still shows it
            clause = ""
        meeting = charter.label(held.kind)
        cal.add_component(_event(
            _uid(charter, "meeting", held.id), meeting
            + (say("calendar.subject", subject=held.subject) if held.subject else ""),
            held.date, say("calendar.basis", document=charter.source.document
                           or say("doc.no-number"), clause=clause),
            alarm=dt.timedelta(days=3), stamp=stamp))
        for decision in held.decisions:
            for action in decision.actions:
                owner = charter.label(action.owner)
                # With no office, the joint meeting itself follows up, by the meeting's clause.
                office = charter.office
                note = say("calendar.action.note", meeting=f"{meeting} {held.date}",
                           office=office.name if office else charter.label("joint-meeting"),
                           clause=office.source if office else clause)
                cal.add_component(_event(
                    _uid(charter, "action", held.id, action.id),
                    say("calendar.action", text=action.text, owner=owner),
                    action.due, note, alarm=dt.timedelta(days=7), stamp=stamp))
    for case in result.cases:
        if case.deadline is None:
            continue
        reporting = charter.rule(case.case.rule)
        within = reporting.steps[0].within
        due = case.deadline.astimezone(charter.zone)
        cal.add_component(_event(
            _uid(charter, "case", case.case.id),
            say("calendar.case", rule=reporting.name, case=case.case.id), due,
            f"{reporting.text} "
            + say("calendar.basis", document=charter.source.document or say("doc.no-number"),
                  clause=reporting.source),
            alarm=min(dt.timedelta(hours=2), deadline_delta(within)) if within else None,
            stamp=stamp))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
