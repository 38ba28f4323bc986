"""``jointmeeting init``: a new county repository whose checks pass at once."""

from __future__ import annotations

import datetime as dt

import click

from jointmeeting.cli.app import ExitCode, cli, date_type, emit, format_option


@cli.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--notice", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The notice's text file, copied into charters/sources/.")
@click.option("--on", "on", type=date_type, default=None,
              help="The day pytest judges representation on (default: today).")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@format_option
def init_command(folder: str, notice: str | None, on: dt.datetime | None, force: bool,
                 fmt: str) -> int:
    """Make FOLDER a county repository: an example charter to replace, sources/, pytest with
    the plugin and a pinned day, a pre-commit hook, a .gitignore keeping the ledger out, and a
    CI example. Refuses a folder that is not empty unless --force."""
    from jointmeeting.scaffold import InitError, init

    try:
        made = init(folder, notice=notice, on=on.date() if on else None, force=force)
    except InitError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        emit("init", {"folder": str(made.folder), "files": made.files})
        return ExitCode.OK
    for name in made.files:
        click.echo(f"wrote {made.folder / name}")
    click.echo(f"{folder}: charters/charter.yaml is an example to replace with your notice's "
               "content; `pytest` passes as it is", err=True)
    return ExitCode.OK
