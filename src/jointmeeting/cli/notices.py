"""Commands on a notice's text: ``notice refs`` (every reference it yields)."""

from __future__ import annotations

import dataclasses
import json

import click

from jointmeeting.cli.app import ExitCode, cli
from jointmeeting.notice import parse_notice, read_notice


@cli.group("notice")
def notice_group() -> None:
    """Read a notice's text (UTF-8 or GB18030 text, or .docx) as the checks do."""


@notice_group.command("refs")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def refs_command(path: str, fmt: str) -> int:
    """Every reference NOTICE yields, with its text, in the notice's order: what a charter's
    `source` may cite."""
    references = parse_notice(read_notice(path)).references()
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(r) for r in references], ensure_ascii=False,
                              indent=2))
    else:
        for reference in references:
            click.echo(f"{reference.ref}\t{reference.text}")
    return ExitCode.OK
