"""``jointmeeting init``: a new county repository whose checks pass at once."""

from __future__ import annotations

import datetime as dt

import click

from jointmeeting import report
from jointmeeting.cli.app import ExitCode, cli, date_type, emit, format_option
from jointmeeting.errors import Severity
from jointmeeting.report.envelope import finding


@cli.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--notice", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The notice (text or .docx): copied into charters/sources/, and the charter "
                   "drafted from it (`jointmeeting draft`).")
@click.option("--on", "on", type=date_type, default=None,
              help="The day pytest judges representation on (default: today).")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@format_option
def init_command(folder: str, notice: str | None, on: dt.datetime | None, force: bool,
                 fmt: str) -> int:
    """Make FOLDER a county repository: a charter (drafted from --notice, else an example to
    replace), sources/, pytest with the plugin and a pinned day, a pre-commit hook, a
    .gitignore keeping the ledger out, and a CI example. Refuses a folder that is not empty
    unless --force. Exit 1 when the draft has errors to fix by hand (the files are written)."""
    from jointmeeting.publish.scaffold import InitError, init

    try:
        made = init(folder, notice=notice, on=on.date() if on else None, force=force)
    except InitError as exc:
        raise click.UsageError(str(exc)) from None
    errors = [d for d in made.findings if d.severity is Severity.ERROR]
    code = ExitCode.FINDINGS if errors else ExitCode.OK
    if fmt == "json":
        emit("init", {"folder": str(made.folder), "files": made.files,
                      "drafted": notice is not None, "review": made.review,
                      "findings": [finding(d) for d in made.findings]})
        return code
    for name in made.files:
        click.echo(f"wrote {made.folder / name}")
    if made.findings:
        click.echo(report.diagnostics(made.findings, "text"), err=True)
    if notice is None:
        click.echo(f"{folder}: charters/charter.yaml is an example to replace with your "
                   "notice's content; `pytest` passes as it is", err=True)
    else:
        click.echo(f"{folder}: charters/charter.yaml is drafted from {notice}: review it "
                   f"({len(made.review)} point(s) in its last lines), then run `jointmeeting "
                   "check` and `pytest`", err=True)
    return code
