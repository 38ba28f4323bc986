"""The year's commands: records, review, calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jointmeeting import report
from jointmeeting.cli.app import (
    ExitCode,
    _findings_out,
    _ledger,
    _load_or_exit,
    charter_option,
    cli,
    date_type,
    emit,
    format_option,
    ledger_option,
)
from jointmeeting.errors import RecordsError

if TYPE_CHECKING:
    from jointmeeting.runtime.review import Review

@cli.group("records")
def records_group() -> None:
    """The year's records: meetings, progress reports, case reports, annual plans."""


@records_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--year", type=int, default=None,
              help="The year: required for a CSV; a YAML file of another year is refused.")
@charter_option
@ledger_option
@format_option
def records_import(path: str, year: int | None, charter_path: str, ledger_path: str | None,
                   fmt: str) -> int:
    """Load records from a YAML file or a CSV kept in a spreadsheet, checked against the
    charter: every bad row is a finding, and then nothing is imported."""
    from jointmeeting.runtime.year import read_csv, read_yaml, store

    charter = _load_or_exit(charter_path)
    try:
        if path.lower().endswith(".csv"):
            if year is None:
                raise click.UsageError("a CSV needs --year")
            records = read_csv(path, charter, year)
        else:
            records = read_yaml(path, charter, year)
    except RecordsError as exc:
        _findings_out(exc.diagnostics)
        return ExitCode.FINDINGS
    with _ledger(charter_path, ledger_path) as ledger:
        count = store(ledger, charter, records)
    if fmt == "json":
        from jointmeeting.report import data

        emit("records", data.records(records.year, count))
        return ExitCode.OK
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
@format_option
def calendar_command(charter_path: str, year: int, output: str, ledger_path: str | None,
                     fmt: str) -> int:
    """The year's meetings, report deadlines and action-item due dates as iCalendar (.ics)."""
    from jointmeeting.publish.ical import calendar

    result = _review(charter_path, ledger_path, year, dt.date.today())
    Path(output).write_bytes(calendar(result))
    if fmt == "json":
        emit("calendar", {"file": output, "year": year})
        return ExitCode.OK
    click.echo(f"wrote {output}")
    return ExitCode.OK


