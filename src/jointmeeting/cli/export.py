"""``jointmeeting export``: the resolved charter for systems that are not Python."""

from __future__ import annotations

import json

import click

from jointmeeting.cli.app import _load_or_exit, charter_option, cli
from jointmeeting.report.envelope import envelope
from jointmeeting.report.export import charter_json, popolo


@cli.command("export")
@charter_option
@click.option("--format", "fmt", type=click.Choice(["json", "popolo"]), default="json",
              show_default=True,
              help="json: the resolved charter in the jointmeeting envelope; popolo: its "
                   "organisations, posts, people and memberships as Popolo JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
def export_command(charter_path: str, fmt: str, output: str | None) -> int:
    """The charter after `extends:` and its roster source, as JSON another system can read."""
    charter = _load_or_exit(charter_path)
    data = charter_json(charter) if fmt == "json" else envelope("popolo", popolo(charter))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    return 0
