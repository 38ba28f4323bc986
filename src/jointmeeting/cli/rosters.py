"""Roster commands: who represents each unit, and succession as the charter's clause has it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from jointmeeting import report
from jointmeeting.charter.escape import printable
from jointmeeting.charter.model import AmbiguousNameError, UnknownUnitError
from jointmeeting.checks.rules import check
from jointmeeting.cli.app import (
    ExitCode,
    _ledger,
    _load,
    _load_or_exit,
    _load_to_read,
    _unfinished,
    charter_option,
    cli,
    date_type,
    emit,
    format_option,
    ledger_option,
)


@cli.group("roster")
def roster_group() -> None:
    """Who represents each unit, and succession as the notice prescribes."""


@roster_group.command("show")
@charter_option
@click.option("--at", "at", type=date_type, default=None, help="The day (default: today).")
@click.option("--unit", default=None, help="Show one unit's history instead.")
@format_option
def roster_show(charter_path: str, at: dt.datetime | None, unit: str | None, fmt: str) -> int:
    """The representative of every unit on a day, or one unit's history."""
    day = at.date() if at else dt.date.today()
    charter, errors = _load_to_read(charter_path, day)
    try:
        found = charter.unit(unit) if unit else None
    except (UnknownUnitError, AmbiguousNameError) as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="--unit") from None
    if fmt == "json":
        from jointmeeting.report import data

        if found is not None:
            emit("history", data.history(charter, found))
        else:
            emit("roster", data.roster(charter, day))
        return ExitCode.OK
    click.echo(_unfinished(errors), nl=False)
    click.echo(report.history(charter, found) if found else report.roster(charter, day))
    return ExitCode.OK


@roster_group.command("propose")
@click.argument("unit")
@click.option("--name", required=True, help="The successor's name.")
@click.option("--position", required=True, help="The successor's position in the unit.")
@click.option("--effective", required=True, type=date_type, help="The day the change holds.")
@charter_option
@ledger_option
@format_option
def roster_propose(unit: str, name: str, position: str, effective: dt.datetime,
                   charter_path: str, ledger_path: str | None, fmt: str) -> int:
    """Record UNIT's proposal of a successor (由所在单位提出接任人选)."""
    from jointmeeting.runtime.roster import propose

    _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        made = propose(ledger, Path(charter_path), unit, name, position, effective.date())
    if fmt == "json":
        from jointmeeting.report import data

        emit("proposal", data.proposal(made))
        return ExitCode.OK
    click.echo(f"proposal {made.id}: {made.name}, {made.position} at {made.unit}, "
               f"from {made.effective}")
    return ExitCode.OK


@roster_group.command("file")
@click.argument("proposal", type=int)
@click.option("--number", default=None, help="The filing number (default: YEAR-NNN).")
@click.option("--date", "filed_on", type=date_type, default=None,
              help="The filing date (default: today).")
@click.option("--approved-on", "approved_on", type=date_type, default=None,
              help="The day the approving post consented, where the notice asks for it.")
@click.option("--dry-run", is_flag=True, help="Print the change to the charter; record nothing.")
@charter_option
@ledger_option
@format_option
def roster_file(proposal: int, number: str | None, filed_on: dt.datetime | None,
                approved_on: dt.datetime | None, dry_run: bool, charter_path: str,
                ledger_path: str | None, fmt: str) -> int:
    """File PROPOSAL as the charter's succession clause says (filed with the office, approved
    by a post, or automatic) and update the charter's roster."""
    from jointmeeting.runtime.roster import file

    charter = _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        filed, patch = file(ledger, Path(charter_path), proposal, number=number,
                            filed_on=filed_on.date() if filed_on else None,
                            approved_on=approved_on.date() if approved_on else None,
                            dry_run=dry_run)
    if fmt == "json":
        from jointmeeting.report import data

        if dry_run:
            emit("proposal", data.proposal(filed, patch=patch))
            return ExitCode.OK
        after, found = _load(charter_path)
        found += check(after, today=filed.effective) if after is not None else []
        emit("proposal", data.proposal(filed, found=found))
        return ExitCode.OK
    if dry_run:
        click.echo(patch, nl=False)
        return ExitCode.OK
    rule = charter.succession
    how = (f"filed as {filed.filing}" if rule and rule.filed_with else
           f"approved by {rule.approved_by}" if rule and rule.approved_by else "recorded")
    click.echo(f"proposal {filed.id} {how} on {filed.filed_on}; "
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
@format_option
def roster_proposals(charter_path: str, ledger_path: str | None, fmt: str) -> int:
    """Every proposal in the ledger, with its filing."""
    from jointmeeting.runtime.roster import proposals

    with _ledger(charter_path, ledger_path) as ledger:
        found = proposals(ledger)
    if fmt == "json":
        from jointmeeting.report import data

        emit("proposals", data.proposals(found))
    else:
        for p in found:
            state = (f"filed {p.filing} on {p.filed_on}" + ("" if p.written else
                                                           ", not yet written to the charter")
                     if p.filing else "proposed") + (", withdrawn" if p.withdrawn else "")
            click.echo(printable(f"{p.id}  {p.unit}  {p.name}  {p.position}  from "
                                 f"{p.effective}  {state}"))
    return ExitCode.OK


@roster_group.command("withdraw")
@click.argument("proposal", type=int)
@charter_option
@ledger_option
@format_option
def roster_withdraw(proposal: int, charter_path: str, ledger_path: str | None, fmt: str) -> int:
    """Withdraw PROPOSAL, filed or not, while it is not yet in the charter's roster."""
    from jointmeeting.runtime.roster import withdraw

    with _ledger(charter_path, ledger_path) as ledger:
        done = withdraw(ledger, Path(charter_path), proposal)
    if fmt == "json":
        from jointmeeting.report import data

        emit("proposal", data.proposal(done))
        return ExitCode.OK
    click.echo(f"proposal {done.id} withdrawn: {done.name} will not represent {done.unit}"
               + (f" (filing number {done.filing} stays used)" if done.filing else ""))
    return ExitCode.OK
