"""Case commands: route, incident, dispatch, ack, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import click

from jointmeeting import report
from jointmeeting.charter.escape import printable
from jointmeeting.charter.moments import local_text
from jointmeeting.charter.words import words
from jointmeeting.cli.app import (
    ExitCode,
    _contacts_or_exit,
    _findings_out,
    _ledger,
    _load_or_exit,
    _load_to_read,
    _now,
    _unfinished,
    charter_option,
    cli,
    contacts_option,
    datetime_type,
    emit,
    format_option,
    ledger_option,
)
from jointmeeting.errors import ScenarioError
from jointmeeting.report.columns import display_width, pad


@cli.command("route")
@charter_option
@click.option("--kind", help="The reporting rule's id (listed by `show`).")
@click.option("--from", "reporter", help="Who reports: a unit (id, name, alias) or a party.")
@click.option("--at", "at", type=datetime_type, help="When it became known (default: now).")
@click.option("--test", "scenarios", type=click.Path(dir_okay=False),
              help="Check a file of scenarios instead; exit 1 on any mismatch.")
@contacts_option
@format_option
def route_command(charter_path: str, kind: str | None, reporter: str | None,
                  at: dt.datetime | None, scenarios: str | None, contacts_path: str | None,
                  fmt: str) -> int:
    """The plan for a case, as a person reads it; nothing is sent."""
    from jointmeeting.report import data
    from jointmeeting.runtime import scenarios as tests
    from jointmeeting.runtime.plan import Report, plan

    charter, errors = _load_to_read(charter_path)
    contacts = _contacts_or_exit(contacts_path, charter_path)
    if fmt == "text":
        click.echo(_unfinished(errors), nl=False)
    if scenarios:
        try:
            cases = tests.load_scenarios(scenarios)
        except ScenarioError as exc:
            _findings_out(exc.diagnostics)
            return ExitCode.FINDINGS
        outcomes = tests.run(charter, cases, contacts)
        if fmt == "json":
            emit("scenarios", data.scenarios(outcomes))
            return ExitCode.FINDINGS if any(not o.passed for o in outcomes) else ExitCode.OK
        for outcome in outcomes:
            click.echo(f"{'ok  ' if outcome.passed else 'FAIL'} {outcome.name}"
                       + ("" if outcome.passed else f": {outcome.detail}"))
        failed = sum(not o.passed for o in outcomes)
        click.echo(f"{len(outcomes) - failed} passed, {failed} failed")
        return ExitCode.FINDINGS if failed else ExitCode.OK
    if not kind or not reporter:
        raise click.UsageError("give --kind and --from, or --test SCENARIOS.yaml")
    made = plan(charter, Report(kind, reporter, at or _now()), contacts)
    if fmt == "json":
        emit("plan", data.plan(charter, made))
    else:
        click.echo(report.plan(charter, made))
    return ExitCode.OK


@cli.group("incident")
def incident_group() -> None:
    """Open a case and follow it."""


@incident_group.command("open")
@charter_option
@click.option("--kind", required=True, help="The reporting rule's id (listed by `show`).")
@click.option("--from", "reporter", required=True, help="Who reports: a unit or a party.")
@click.option("--at", "at", type=datetime_type, help="When it became known (default: now).")
@click.option("--summary", default="", help="What happened (not sent for cases of minors).")
@click.option("--minor", is_flag=True, help="The case involves a minor.")
@click.option("--detail", "details", multiple=True, metavar="KEY=VALUE",
              help="A detail kept in the ledger and never sent (victim name, address …).")
@contacts_option
@ledger_option
@format_option
def incident_open(charter_path: str, kind: str, reporter: str, at: dt.datetime | None,
                  summary: str, minor: bool, details: Sequence[str], contacts_path: str | None,
                  ledger_path: str | None, fmt: str) -> int:
    """Open an incident: its plan is stored before anything is sent."""
    from jointmeeting.runtime.outbox import open_incident
    from jointmeeting.runtime.plan import Report, plan

    charter = _load_or_exit(charter_path)
    contacts = _contacts_or_exit(contacts_path, charter_path)
    pairs = dict(d.split("=", 1) for d in details if "=" in d)
    made = plan(charter, Report(kind, reporter, at or _now(), summary, minor, pairs), contacts)
    with _ledger(charter_path, ledger_path) as ledger:
        incident = open_incident(ledger, charter, made, now=_now())
    if fmt == "json":
        from jointmeeting.report import data

        emit("plan", data.plan(charter, made, incident))
        return ExitCode.OK
    click.echo(f"incident {incident} opened")
    click.echo(report.plan(charter, made))
    return ExitCode.OK


@incident_group.command("status")
@click.argument("incident", type=int)
@charter_option
@ledger_option
@format_option
def incident_status(incident: int, charter_path: str, ledger_path: str | None, fmt: str) -> int:
    """Each step of an incident: to whom, by when, and where it stands."""
    from jointmeeting.report import data
    from jointmeeting.runtime.outbox import steps

    charter = _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        found = steps(ledger, incident)
    if fmt == "json":
        emit("steps", data.steps(incident, found))
    else:
        click.echo(report.steps(charter, found))
    return ExitCode.OK


@cli.command("timeline")
@click.argument("incident", type=int)
@charter_option
@ledger_option
@format_option
def timeline_command(incident: int, charter_path: str, ledger_path: str | None, fmt: str) -> int:
    """Everything that happened to an incident, in order."""
    from jointmeeting.report import data
    from jointmeeting.runtime.outbox import timeline

    charter = _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        events = timeline(ledger, incident)
    if fmt == "json":
        emit("timeline", data.timeline(charter, events))
    else:
        say = words(charter.language)  # the office's words for each kind of event
        kinds = {event.kind: say(f"office.event.{event.kind}") for event in events}
        width = max(map(display_width, kinds.values()), default=0)
        for event in events:
            when = local_text(event.at, charter.timezone, seconds=True)
            click.echo(f"{when}  {pad(kinds[event.kind], width)}  "
                       f"{'#' + str(event.step) if event.step else '':<5} "
                       f"{printable(event.detail)}")
    return ExitCode.OK


@cli.command("dispatch")
@charter_option
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between passes.")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a send may take.")
@contacts_option
@ledger_option
@format_option
def dispatch_command(charter_path: str, once: bool, interval: float, timeout: float,
                     contacts_path: str | None, ledger_path: str | None, fmt: str) -> int:
    """Send due steps, retry failed ones with backoff, escalate overdue ones.

    With ``--format json`` each pass's counts go to stdout as one ``dispatch`` envelope per
    line (JSON Lines), so a supervisor can read them as they come."""
    import time

    from jointmeeting.host.manager import plugin_host
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
            if fmt == "json":
                from jointmeeting.report import data
                from jointmeeting.report.envelope import to_json

                click.echo(to_json("dispatch", data.dispatched(
                    done.sent, done.failed, done.escalated, done.set_aside), indent=None),
                    nl=False)
            else:
                click.echo(f"sent {done.sent}, failed {done.failed}, "
                           f"escalated {done.escalated}", err=True)
            if done.set_aside and fmt != "json":
                click.echo(report.diagnostics(done.set_aside, "text"), err=True)
            if once:
                return ExitCode.FINDINGS if done.set_aside else ExitCode.OK
            time.sleep(interval)


@cli.command("ack")
@click.argument("step", type=int)
@charter_option
@ledger_option
@format_option
def ack_command(step: int, charter_path: str, ledger_path: str | None, fmt: str) -> int:
    """Acknowledge STEP: its recipient has it, so it does not escalate."""
    from jointmeeting.runtime.outbox import ack

    charter = _load_or_exit(charter_path)
    now = _now()
    with _ledger(charter_path, ledger_path) as ledger:
        done = ack(ledger, charter, step, now=now)
    if fmt == "json":
        from jointmeeting.report import data

        emit("ack", {"acknowledged_at": now.isoformat(), "step": data.step(done)})
        return ExitCode.OK
    click.echo(printable(f"step {step} acknowledged: {done.label}, {done.action}"))
    return ExitCode.OK


