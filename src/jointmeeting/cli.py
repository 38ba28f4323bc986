"""The ``jointmeeting`` command: parse arguments, call the library, render, exit with a code.

Exit codes: 0 clean, 1 findings, 2 usage error, 3 internal error. A mistake in a user's file is a
finding and never shows a traceback; a bug in this program does (``--debug`` always does).
"""

from __future__ import annotations

import datetime as dt
import enum
import gc
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from jointmeeting import report
from jointmeeting.checks import check
from jointmeeting.errors import CharterError, Diagnostic, JointMeetingError, Severity
from jointmeeting.graph import NodeKind
from jointmeeting.loader import charter_from_text, load_charter
from jointmeeting.model import AmbiguousNameError, Charter, UnknownUnitError

if TYPE_CHECKING:
    from jointmeeting.contacts import Contacts
    from jointmeeting.runtime.ledger import Ledger
    from jointmeeting.runtime.review import Review

CHARTER_ENV = "JOINTMEETING_CHARTER"


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3


charter_option = click.option(
    "--charter", "charter_path", envvar=CHARTER_ENV, required=True,
    type=click.Path(dir_okay=False), help=f"The charter file (default: ${CHARTER_ENV}).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show a traceback for every error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Check and query joint meeting charters (联席会议制度)."""
    ctx.obj = {"debug": debug}


def _load(path: str) -> tuple[Charter | None, list[Diagnostic]]:
    """The charter with its roster from the source it names, and every finding so far."""
    try:
        charter = load_charter(path)
    except CharterError as exc:
        if click.get_current_context().obj.get("debug"):
            traceback.print_exc()
        return None, exc.diagnostics
    if charter.roster.source == "charter":
        return charter, []
    from jointmeeting.plugins import plugin_host

    host = plugin_host()
    charter, read = host.read_roster(charter)
    return charter, [*host.findings, *read.diagnostics]


def _contacts(given: str | None, charter_path: str) -> tuple[Contacts | None,
                                                             list[Diagnostic]]:
    from jointmeeting.contacts import default_contacts, load_contacts

    path = given or default_contacts(charter_path)
    if path is None:
        return None, []
    try:
        return load_contacts(path), []
    except CharterError as exc:
        return None, exc.diagnostics


def _load_or_exit(path: str) -> Charter:
    """A charter that loads and has no errors; otherwise its findings and exit 1.

    Why check here: the other commands follow references (an owner, a host) and would fail
    on a charter whose references are broken; the user is better served by the findings.
    """
    loaded, found = _load(path)
    if loaded is not None:
        found += check(loaded)
    errors = [d for d in found if d.severity is Severity.ERROR]
    if errors or loaded is None:
        click.echo(report.diagnostics(errors, "text"), err=True)
        raise SystemExit(ExitCode.FINDINGS)
    return loaded


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(report.FORMATS), default="text",
              show_default=True)
@click.option("--errors-only", is_flag=True, help="Report errors, leave out warnings.")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day 'current representative' refers to (default: today).")
@click.option("--contacts", "contacts_path", type=click.Path(dir_okay=False), default=None,
              help="A contacts file to check reachability against (default: "
                   "$JOINTMEETING_CONTACTS, else contacts.yaml beside the charter, if any).")
def check_command(paths: Sequence[str], fmt: str, errors_only: bool,
                  on: dt.datetime | None, contacts_path: str | None) -> int:
    """Check charter files; every finding at once, as path:line:col: CODE message."""
    if not paths:
        if not os.environ.get(CHARTER_ENV):
            raise click.UsageError(f"name a charter file, or set ${CHARTER_ENV}")
        paths = [os.environ[CHARTER_ENV]]
    found: list[Diagnostic] = []
    for path in paths:
        loaded, read = _load(path)
        found += read
        contacts, problems = _contacts(contacts_path, path)
        found += problems
        if loaded is not None:
            found += check(loaded, today=on.date() if on else None, contacts=contacts)
    if errors_only:
        found = [d for d in found if d.severity is Severity.ERROR]
    if found or fmt == "json":
        click.echo(report.diagnostics(found, fmt))
    if fmt == "text":
        errors = sum(d.severity is Severity.ERROR for d in found)
        summary = f"{len(paths)} charter(s): {errors} error(s), {len(found) - errors} warning(s)"
        click.echo(summary, err=True)
    return ExitCode.FINDINGS if found else ExitCode.OK


@cli.command("show")
@charter_option
@click.option("--areas", "list_areas", is_flag=True,
              help="List the national outlines' area ids instead.")
def show_command(charter_path: str, list_areas: bool) -> int:
    """A summary of a charter to read: units, members, duties, meetings, rules, assumptions."""
    from rich.console import Console

    console = Console()
    if list_areas:
        report.area_list(console)
        return ExitCode.OK
    report.show(_load_or_exit(charter_path), console)
    return ExitCode.OK


@cli.command("who")
@click.argument("keywords", nargs=-1, required=True)
@charter_option
def who_command(keywords: Sequence[str], charter_path: str) -> int:
    """Units whose duties match KEYWORDS (留守儿童, 拐卖 …), leads first, with the clause."""
    graph = _load_or_exit(charter_path).graph()
    matches = graph.who(*keywords)
    if not matches:
        click.echo(f"no duty matches {' '.join(keywords)}", err=True)
        return ExitCode.FINDINGS
    click.echo(report.who(matches))
    return ExitCode.OK


@cli.command("duties")
@click.argument("unit")
@charter_option
def duties_command(unit: str, charter_path: str) -> int:
    """A unit's duties, by its id, official name or any alias."""
    charter = _load_or_exit(charter_path)
    try:
        found = charter.unit(unit)
    except (UnknownUnitError, AmbiguousNameError) as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="UNIT") from None
    click.echo(report.unit_duties(charter, found))
    return ExitCode.OK


@cli.command("impact")
@click.argument("unit")
@click.option("--into", "into", default=None, help="A unit the first one merges into.")
@charter_option
def impact_command(unit: str, into: str | None, charter_path: str) -> int:
    """What loses its owner, lead or representative if UNIT is removed (or merged --into)."""
    graph = _load_or_exit(charter_path).graph()
    try:
        impact = graph.impact(unit, into)
    except (UnknownUnitError, AmbiguousNameError) as exc:
        raise click.BadParameter(str(exc.args[0])) from None
    click.echo(report.impact(impact))
    return ExitCode.OK


@cli.command("coverage")
@charter_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def coverage_command(charter_path: str, fmt: str) -> int:
    """Units × the national outlines' 15 areas; L leads, O owns, S supports."""
    charter = _load_or_exit(charter_path)
    click.echo(report.coverage(charter, charter.graph().coverage(), fmt), nl=False)
    return ExitCode.OK


@cli.command("graph")
@charter_option
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid", "graphml", "json", "svg"]),
              default="dot", show_default=True)
@click.option("--focus", default=None, help="Only what is near this unit.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10))
@click.option("--only", default=None, metavar="KINDS",
              help="Comma-separated node kinds to keep, e.g. unit,post,office,party,meeting.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
def graph_command(charter_path: str, fmt: str, focus: str | None, depth: int, only: str | None,
                  output: str | None) -> int:
    """The organisation and responsibility graph as a picture or data."""
    from jointmeeting import pictures

    graph = _load_or_exit(charter_path).graph()
    if only is not None:
        try:
            graph = graph.only(NodeKind(kind.strip()) for kind in only.split(","))
        except ValueError:
            kinds = ", ".join(k.value for k in NodeKind)
            raise click.BadParameter(f"kinds are {kinds}", param_hint="--only") from None
    if focus is not None:
        try:
            graph = graph.focus(focus, depth)
        except (UnknownUnitError, AmbiguousNameError) as exc:
            raise click.BadParameter(str(exc.args[0]), param_hint="--focus") from None
    render = {"dot": pictures.to_dot, "mermaid": pictures.to_mermaid, "svg": pictures.to_svg,
              "graphml": type(graph).to_graphml, "json": type(graph).to_json}[fmt]
    try:
        text = render(graph)
    except pictures.GraphvizMissingError as exc:
        click.echo(f"jointmeeting: {exc}", err=True)
        return ExitCode.USAGE
    if output is None:
        click.echo(text, nl=False)
    else:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    return ExitCode.OK


@cli.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def diff_command(old: str, new: str, fmt: str) -> int:
    """What changed in responsibilities from OLD to NEW; exit 1 when anything did."""
    from jointmeeting.diff import diff

    after = _load_or_exit(new)
    found = diff(_charter_or_template(old, after), after)
    click.echo(report.differences(found, fmt))
    return ExitCode.FINDINGS if found else ExitCode.OK


@cli.group("roster")
def roster_group() -> None:
    """Who represents each unit, and succession as the notice prescribes (一（二）)."""


ledger_option = click.option(
    "--ledger", "ledger_path", envvar="JOINTMEETING_LEDGER", default=None,
    type=click.Path(dir_okay=False),
    help="The ledger file (default: $JOINTMEETING_LEDGER, else .jointmeeting/ledger.sqlite3 "
         "beside the charter).")
date_type = click.DateTime(["%Y-%m-%d"])


def _ledger(charter_path: str, ledger_path: str | None) -> Ledger:
    from jointmeeting.runtime.ledger import Ledger, default_path

    return Ledger(ledger_path or default_path(charter_path))


@roster_group.command("show")
@charter_option
@click.option("--at", "at", type=date_type, default=None, help="The day (default: today).")
@click.option("--unit", default=None, help="Show one unit's history instead.")
def roster_show(charter_path: str, at: dt.datetime | None, unit: str | None) -> int:
    """The representative of every unit on a day, or one unit's history."""
    charter = _load_or_exit(charter_path)
    day = at.date() if at else dt.date.today()
    try:
        text = report.history(charter, charter.unit(unit)) if unit else report.roster(charter,
                                                                                     day)
    except (UnknownUnitError, AmbiguousNameError) as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="--unit") from None
    click.echo(text)
    return ExitCode.OK


@roster_group.command("propose")
@click.argument("unit")
@click.option("--name", required=True, help="The successor's name.")
@click.option("--position", required=True, help="The successor's position in the unit.")
@click.option("--effective", required=True, type=date_type, help="The day the change holds.")
@charter_option
@ledger_option
def roster_propose(unit: str, name: str, position: str, effective: dt.datetime,
                   charter_path: str, ledger_path: str | None) -> int:
    """Record UNIT's proposal of a successor (由所在单位提出接任人选)."""
    from jointmeeting.runtime.roster import propose

    _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        made = propose(ledger, Path(charter_path), unit, name, position, effective.date())
    click.echo(f"proposal {made.id}: {made.name}, {made.position} at {made.unit}, "
               f"from {made.effective}")
    return ExitCode.OK


@roster_group.command("file")
@click.argument("proposal", type=int)
@click.option("--number", default=None, help="The filing number (default: YEAR-NNN).")
@click.option("--date", "filed_on", type=date_type, default=None,
              help="The filing date (default: today).")
@click.option("--dry-run", is_flag=True, help="Print the change to the charter; record nothing.")
@charter_option
@ledger_option
def roster_file(proposal: int, number: str | None, filed_on: dt.datetime | None, dry_run: bool,
                charter_path: str, ledger_path: str | None) -> int:
    """File PROPOSAL with the office (报联席会议办公室备案) and update the charter's roster."""
    from jointmeeting.runtime.roster import file

    _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        filed, patch = file(ledger, Path(charter_path), proposal, number=number,
                            filed_on=filed_on.date() if filed_on else None, dry_run=dry_run)
    if dry_run:
        click.echo(patch, nl=False)
        return ExitCode.OK
    click.echo(f"proposal {filed.id} filed as {filed.filing} on {filed.filed_on}; "
               f"{filed.name} represents {filed.unit} from {filed.effective}")
    # What the change leaves behind, e.g. a unit that was represented through the outgoing
    # member's second post.
    after, found = _load(charter_path)
    found += check(after, today=filed.effective) if after is not None else []
    if found:
        click.echo(report.diagnostics(found, "text"), err=True)
    return ExitCode.OK


@roster_group.command("proposals")
@charter_option
@ledger_option
def roster_proposals(charter_path: str, ledger_path: str | None) -> int:
    """Every proposal in the ledger, with its filing."""
    from jointmeeting.runtime.roster import proposals

    with _ledger(charter_path, ledger_path) as ledger:
        for p in proposals(ledger):
            state = (f"filed {p.filing} on {p.filed_on}" + ("" if p.written else
                                                           ", not yet written to the charter")
                     if p.filing else "proposed")
            click.echo(f"{p.id}  {p.unit}  {p.name}  {p.position}  from {p.effective}  {state}")
    return ExitCode.OK


contacts_option = click.option(
    "--contacts", "contacts_path", type=click.Path(dir_okay=False), default=None,
    help="The contacts file (default: $JOINTMEETING_CONTACTS, else contacts.yaml beside the "
         "charter, if any).")
datetime_type = click.DateTime(["%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M",
                                "%Y-%m-%d %H:%M"])


def _contacts_or_exit(given: str | None, charter_path: str) -> Contacts | None:
    contacts, problems = _contacts(given, charter_path)
    if problems:
        click.echo(report.diagnostics(problems, "text"), err=True)
        raise SystemExit(ExitCode.FINDINGS)
    return contacts


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@cli.command("route")
@charter_option
@click.option("--kind", help="The reporting rule, e.g. major-case, mandatory-report.")
@click.option("--from", "reporter", help="Who reports: a unit (id, name, alias) or a party.")
@click.option("--at", "at", type=datetime_type, help="When it became known (default: now).")
@click.option("--test", "scenarios", type=click.Path(dir_okay=False),
              help="Check a file of scenarios instead; exit 1 on any mismatch.")
@contacts_option
def route_command(charter_path: str, kind: str | None, reporter: str | None,
                  at: dt.datetime | None, scenarios: str | None, contacts_path: str | None
                  ) -> int:
    """The plan for a case, as a person reads it; nothing is sent."""
    from jointmeeting.runtime import scenarios as tests
    from jointmeeting.runtime.plan import Report, plan

    charter = _load_or_exit(charter_path)
    contacts = _contacts_or_exit(contacts_path, charter_path)
    if scenarios:
        outcomes = tests.run(charter, tests.load_scenarios(scenarios), contacts)
        for outcome in outcomes:
            click.echo(f"{'ok  ' if outcome.passed else 'FAIL'} {outcome.name}"
                       + ("" if outcome.passed else f": {outcome.detail}"))
        failed = sum(not o.passed for o in outcomes)
        click.echo(f"{len(outcomes) - failed} passed, {failed} failed")
        return ExitCode.FINDINGS if failed else ExitCode.OK
    if not kind or not reporter:
        raise click.UsageError("give --kind and --from, or --test SCENARIOS.yaml")
    made = plan(charter, Report(kind, reporter, at or _now()), contacts)
    click.echo(report.plan(charter, made))
    return ExitCode.OK


@cli.group("incident")
def incident_group() -> None:
    """Open a case and follow it."""


@incident_group.command("open")
@charter_option
@click.option("--kind", required=True, help="The reporting rule, e.g. major-case.")
@click.option("--from", "reporter", required=True, help="Who reports: a unit or a party.")
@click.option("--at", "at", type=datetime_type, help="When it became known (default: now).")
@click.option("--summary", default="", help="What happened (not sent for cases of minors).")
@click.option("--minor", is_flag=True, help="The case involves a minor.")
@click.option("--detail", "details", multiple=True, metavar="KEY=VALUE",
              help="A detail kept in the ledger and never sent (victim name, address …).")
@contacts_option
@ledger_option
def incident_open(charter_path: str, kind: str, reporter: str, at: dt.datetime | None,
                  summary: str, minor: bool, details: Sequence[str], contacts_path: str | None,
                  ledger_path: str | None) -> int:
    """Open an incident: its plan is stored before anything is sent."""
    from jointmeeting.runtime.outbox import open_incident
    from jointmeeting.runtime.plan import Report, plan

    charter = _load_or_exit(charter_path)
    contacts = _contacts_or_exit(contacts_path, charter_path)
    pairs = dict(d.split("=", 1) for d in details if "=" in d)
    made = plan(charter, Report(kind, reporter, at or _now(), summary, minor, pairs), contacts)
    with _ledger(charter_path, ledger_path) as ledger:
        incident = open_incident(ledger, charter, made, now=_now())
    click.echo(f"incident {incident} opened")
    click.echo(report.plan(charter, made))
    return ExitCode.OK


@incident_group.command("status")
@click.argument("incident", type=int)
@charter_option
@ledger_option
def incident_status(incident: int, charter_path: str, ledger_path: str | None) -> int:
    """Each step of an incident: to whom, by when, and where it stands."""
    from jointmeeting.runtime.outbox import steps

    charter = _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        click.echo(report.steps(charter, steps(ledger, incident)))
    return ExitCode.OK


@cli.command("timeline")
@click.argument("incident", type=int)
@charter_option
@ledger_option
def timeline_command(incident: int, charter_path: str, ledger_path: str | None) -> int:
    """Everything that happened to an incident, in order."""
    from jointmeeting.runtime.outbox import timeline

    charter = _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        for at, event, step, detail in timeline(ledger, incident):
            when = at.astimezone(ZoneInfo(charter.timezone))
            click.echo(f"{when:%Y-%m-%d %H:%M:%S}  {event:<13} "
                       f"{'#' + str(step) if step else '':<5} {detail}")
    return ExitCode.OK


@cli.command("dispatch")
@charter_option
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between passes.")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a send may take.")
@contacts_option
@ledger_option
def dispatch_command(charter_path: str, once: bool, interval: float, timeout: float,
                     contacts_path: str | None, ledger_path: str | None) -> int:
    """Send due steps, retry failed ones with backoff, escalate overdue ones."""
    import time

    from jointmeeting.plugins import plugin_host
    from jointmeeting.runtime.outbox import dispatch

    charter = _load_or_exit(charter_path)
    contacts = _contacts_or_exit(contacts_path, charter_path)
    host = plugin_host()
    notifiers = host.notifiers()
    if host.findings:
        click.echo(report.diagnostics(host.findings, "text"), err=True)
    with _ledger(charter_path, ledger_path) as ledger:
        while True:
            done = dispatch(ledger, charter, notifiers, now=_now(), contacts=contacts,
                            timeout=timeout)
            click.echo(f"sent {done.sent}, failed {done.failed}, escalated {done.escalated}",
                       err=True)
            if once:
                return ExitCode.OK
            time.sleep(interval)


@cli.command("ack")
@click.argument("step", type=int)
@charter_option
@ledger_option
def ack_command(step: int, charter_path: str, ledger_path: str | None) -> int:
    """Acknowledge STEP: its recipient has it, so it does not escalate."""
    from jointmeeting.runtime.outbox import ack

    with _ledger(charter_path, ledger_path) as ledger:
        done = ack(ledger, step, now=_now())
    click.echo(f"step {step} acknowledged: {done.label}, {done.action}")
    return ExitCode.OK


@cli.group("records")
def records_group() -> None:
    """The year's records: meetings, progress reports, case reports, annual plans."""


@records_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--year", type=int, default=None, help="The year, for a CSV (YAML files say it).")
@charter_option
@ledger_option
def records_import(path: str, year: int | None, charter_path: str, ledger_path: str | None
                   ) -> int:
    """Load records from a YAML file or a CSV kept in a spreadsheet; bad rows are findings."""
    from jointmeeting.runtime.year import read_csv, read_yaml, store

    charter = _load_or_exit(charter_path)
    try:
        if path.lower().endswith(".csv"):
            if year is None:
                raise click.UsageError("a CSV needs --year")
            records = read_csv(path, charter, year)
        else:
            records = read_yaml(path)
    except CharterError as exc:
        click.echo(report.diagnostics(exc.diagnostics, "text"), err=True)
        return ExitCode.FINDINGS
    with _ledger(charter_path, ledger_path) as ledger:
        count = store(ledger, charter, records)
    click.echo(f"{count} record(s) for {records.year} in the ledger")
    return ExitCode.OK


def _review(charter_path: str, ledger_path: str | None, year: int, today: dt.date) -> Review:
    from jointmeeting.runtime.review import review
    from jointmeeting.runtime.year import incident_reports, load_year

    charter = _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        records = load_year(ledger, charter, year)
        cases = list(incident_reports(ledger, charter, year))
    return review(charter, records, today=today, case_reports=cases)


@cli.command("review")
@charter_option
@click.option("--year", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table",
              show_default=True)
@click.option("--today", "today", type=date_type, default=None,
              help="The day of the review (default: today): what is due before it is overdue.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@ledger_option
def review_command(charter_path: str, year: int, fmt: str, today: dt.datetime | None,
                   output: str | None, ledger_path: str | None) -> int:
    """The year against the charter; each finding cites its clause. Exit 1 on findings."""
    day = today.date() if today else dt.date.today()
    result = _review(charter_path, ledger_path, year, day)
    if fmt == "html":
        text = report.review_html(result, day)
    else:
        text = report.review_json(result) if fmt == "json" else report.review_table(result)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=not text.endswith("\n"))
    return ExitCode.FINDINGS if result.findings else ExitCode.OK


@cli.command("calendar")
@charter_option
@click.option("--year", type=int, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@ledger_option
def calendar_command(charter_path: str, year: int, output: str, ledger_path: str | None) -> int:
    """The year's meetings, report deadlines and action-item due dates as iCalendar (.ics)."""
    from jointmeeting.ical import calendar

    result = _review(charter_path, ledger_path, year, dt.date.today())
    Path(output).write_bytes(calendar(result))
    click.echo(f"wrote {output}")
    return ExitCode.OK


@cli.command("site")
@charter_option
@click.option("-o", "--output", type=click.Path(file_okay=False), required=True,
              help="The folder to write the site into.")
def site_command(charter_path: str, output: str) -> int:
    """A static site of the charter: search, units, areas, rules, graph, open points."""
    from jointmeeting.site import build

    built = build(_load_or_exit(charter_path), Path(output))
    for warning in built.warnings:
        click.echo(f"jointmeeting: {warning}", err=True)
    click.echo(f"wrote {len(built.pages)} pages to {output}")
    return ExitCode.OK


def _charter_or_template(path: str, other: Charter) -> Charter:
    """A charter, or a template seen as a charter: the template under the other charter's own
    metadata, so that `diff TEMPLATE COUNTY` shows what the county changed."""
    try:
        return load_charter(path)
    except CharterError as exc:
        errors = exc.diagnostics
    meta = {"extends": str(Path(path).resolve()), "format": 1, "id": other.id,
            "title": other.title,
            "jurisdiction": other.jurisdiction.model_dump(mode="json", exclude_none=True),
            "source": other.source.model_dump(mode="json", exclude_none=True)}
    try:
        # JSON is YAML: the template, extended by nothing but the metadata it lacks.
        return charter_from_text(json.dumps(meta, ensure_ascii=False), path)
    except CharterError:
        click.echo(report.diagnostics(errors, "text"), err=True)
        raise SystemExit(ExitCode.FINDINGS) from None


@cli.command("schema")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json",
              show_default=True, help="JSON Schema, or the reference in docs/charter-format.md.")
def schema_command(fmt: str) -> int:
    """Print the charter format as JSON Schema (or as a Markdown reference)."""
    if fmt == "markdown":
        from jointmeeting.reference import format_reference

        click.echo(format_reference(), nl=False)
    else:
        click.echo(report.json_schema(), nl=False)
    return ExitCode.OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (and exits with it when run as a script)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=args, prog_name="jointmeeting", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = ExitCode.USAGE if isinstance(exc, click.UsageError) else ExitCode.FINDINGS
    except JointMeetingError as exc:
        # A user's mistake found below the CLI (a locked ledger, a stale file, a bad
        # proposal): one clear line, no traceback.
        click.echo(f"jointmeeting: {exc}", err=True)
        code = ExitCode.FINDINGS
    except click.exceptions.Abort:
        code = ExitCode.USAGE
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else ExitCode.INTERNAL
    except Exception:
        traceback.print_exc()
        click.echo("jointmeeting: internal error; please report it with the traceback above",
                   err=True)
        code = ExitCode.INTERNAL
    return int(code or 0)


def run() -> None:
    """The console script.

    Why ``gc.freeze()``: everything imported by now lives until the process exits, and the
    cyclic collector would otherwise walk it again at every collection that the command's own
    work triggers (about a sixth of `jointmeeting check`'s run on a small charter). Freezing
    moves it out of the collector's sight; the library, used from another program, is
    untouched.
    """
    gc.freeze()
    sys.exit(main())
