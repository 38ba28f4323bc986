"""What happens in time, for people to read: rosters, case plans and steps, the year's review."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jointmeeting.charter.escape import printable
from jointmeeting.charter.model import Charter, Unit
from jointmeeting.charter.moments import local_text
from jointmeeting.charter.words import words
from jointmeeting.report.charter import representatives
from jointmeeting.report.columns import display_width, pad
from jointmeeting.report.envelope import to_json

if TYPE_CHECKING:
    from jointmeeting.runtime.outbox import Step
    from jointmeeting.runtime.plan import Plan
    from jointmeeting.runtime.review import Review


def roster(charter: Charter, day: dt.date) -> str:
    """Every unit and who represents it on ``day`` (members, or posts its people hold)."""
    out = [f"{charter.title}: representatives on {day.isoformat()}"]
    width = max((display_width(u.name) for u in charter.units), default=0)
    for unit in charter.units:
        people = representatives(charter, unit, day)
        out.append(f"  {pad(unit.name, width)} {'；'.join(people) or '（无）'}")
    return "\n".join(map(printable, out))


def history(charter: Charter, unit: Unit) -> str:
    out = [f"{unit.name}（{unit.id}）"]
    for member in charter.history(unit):
        until = member.until.isoformat() if member.until else "至今"
        filing = f"  备案 {member.filing}" if member.filing else ""
        position = next(a.position for a in member.appointments() if a.unit == unit.id)
        since = member.since.isoformat() if member.since else "（起始日期未载）"
        out.append(f"  {since} – {until}  {member.label}（{position}）"
                   f"{filing}  {member.source}")
    return "\n".join(map(printable, out))


def _local(charter: Charter, moment: dt.datetime | None) -> str:
    """A moment in the charter's zone; one not recorded says so in the charter's words."""
    if moment is None:
        return words(charter.language)("moment.none")
    return local_text(moment, charter.timezone)


def plan(charter: Charter, made: Plan) -> str:
    """A case's plan as the office's clerk reads it, in the charter's language."""
    say = words(charter.language)
    rule = charter.rule(made.report.rule)
    known = _local(charter, made.report.known_at)
    # A rule a county takes from its template says so: it cites the template's clause.
    inherited = f" {say('mark.inherited')}" if charter.inherited("reporting", rule) else ""
    out = [say("plan.head", rule=rule.name, clause=rule.source, inherited=inherited,
               reporter=made.reporter_label, known=known)
           + (say("plan.minor") if made.report.minor else "")]
    for step in made.steps:
        via = say("plan.via.sep").join(c.via for c in step.channels)
        due = say("plan.by", deadline=_local(charter, step.deadline)) if step.deadline \
            else say.deadline(None)
        out.append("  " + say("plan.step", seq=step.seq, recipient=step.label,
                              action=step.action, deadline=due)
                   + (say("plan.via", via=via) if via else "")
                   + (say("plan.note", note=step.note) if step.note else ""))
    return "\n".join(map(printable, out))


def steps(charter: Charter, found: Sequence[Step]) -> str:
    """A case's steps as the office's clerk reads them, in the charter's language."""
    say = words(charter.language)
    out = []
    for step in found:
        due = say("plan.by", deadline=_local(charter, step.deadline)) if step.deadline \
            else say.deadline(None)
        out.append(say(
            "steps.line", id=step.id, seq=step.seq, recipient=step.label,
            level=say("steps.level", level=step.level) if step.level else "",
            action=step.action, deadline=due,
            via=say("steps.via", via=step.via) if step.via else say("steps.by_hand"),
            status=say(f"steps.status.{step.status}"), attempts=step.attempts,
            error=say("steps.error", error=step.last_error) if step.last_error else ""))
    return "\n".join(map(printable, out))


def review_table(result: Review) -> str:
    """The review for a terminal: findings with their clauses, then the units' year."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    say = words(result.charter.language)
    console = Console(record=True, width=120, file=io.StringIO())
    console.print(printable(say("review.summary", title=result.charter.title, year=result.year,
                                count=len(result.findings))), markup=False)
    for f in result.findings:
        clause = f"  [{f.clause}]" if f.clause else ""  # none for a record off the charter
        console.print(printable(f"  {f.code} {f.message}{clause}"), markup=False)
    table = Table(*(say(f"review.col.{column}") for column in
                    ("unit", "plan", "matters", "in_report", "progress")))
    for u in result.units:
        table.add_row(Text(printable(u.name)), say("review.yes" if u.plan else "review.no"),
                      str(u.matters), str(u.in_report), str(u.progress_reports))
    console.print(table)
    return console.export_text().rstrip("\n")


def review_json(result: Review) -> str:
    data = {
        "charter": result.charter.id, "year": result.year,
        "findings": [{"code": f.code, "severity": f.severity.value, "message": f.message,
                      "clause": f.clause, "unit": f.unit} for f in result.findings],
        "units": [dataclasses.asdict(u) for u in result.units],
        "cases": [{"id": c.case.id, "on_time": c.on_time,
                   "deadline": c.deadline.isoformat() if c.deadline else None}
                  for c in result.cases],
    }
    return to_json("review", data)


def review_html(result: Review, today: dt.date) -> str:
    """One printable page, in the charter's language, an office can attach to its annual
    report: names, never ids."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("jointmeeting", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)
    charter = result.charter
    cases = [{"case": c.case, "on_time": c.on_time,
              "reporter": charter.label(c.case.reporter),
              "known": _local(charter, c.case.known_at),
              "reported": _local(charter, c.case.reported_at)} for c in result.cases]
    return env.get_template("review.html.j2").render(
        charter=charter, year=result.year, today=today.isoformat(), findings=result.findings,
        records=result.records, units=result.units, cases=cases, t=words(charter.language),
        name_of=charter.label)
