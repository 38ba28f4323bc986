"""Commands on a notice's text: ``notice refs`` (every reference it yields) and ``draft`` (a
first charter from it)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jointmeeting import report
from jointmeeting.charter.loader import charter_from_text, load_charter
from jointmeeting.charter.notice import parse_notice, read_notice
from jointmeeting.cli.app import ExitCode, cli, emit
from jointmeeting.errors import CharterError, Diagnostic, Severity
from jointmeeting.report.envelope import finding

if TYPE_CHECKING:
    from jointmeeting.draft.drafter import Draft


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
        emit("refs", [dataclasses.asdict(r) for r in references])
    else:
        for reference in references:
            click.echo(f"{reference.ref}\t{reference.text}")
    return ExitCode.OK


@cli.command("draft")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False),
                metavar="[CHARTER] NOTICE")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write the charter here (default: standard output).")
@click.option("--update", "update", is_flag=True,
              help="Compare: `draft --update CHARTER NOTICE` drafts the revised NOTICE, keeps "
                   "CHARTER's items wherever the notice kept their words, and prints the "
                   "structured diff (as `jointmeeting diff`).")
@click.option("--force", is_flag=True, help="Overwrite an existing --output file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="json: the draft (or with --update, the diff) in the jointmeeting envelope.")
def draft_command(paths: tuple[str, ...], output: str | None, update: bool, force: bool,
                  fmt: str) -> int:
    """Draft a charter from a NOTICE (UTF-8 or GB18030 text, or .docx): every text verbatim
    with its clause, every inference marked with an assumption, a review at the end (and on
    stderr). Then review it and run `jointmeeting check` on it."""
    from jointmeeting.draft.drafter import draft_charter

    if len(paths) != (2 if update else 1):
        raise click.UsageError("give NOTICE, or --update CHARTER NOTICE")
    notice_path = Path(paths[-1])
    if output is not None and Path(output).exists() and not force:
        raise click.UsageError(f"{output} exists: a draft never writes over a charter (use "
                               "--update to compare, or --force)")
    target = Path(output or (paths[0] if update else "charter.yaml"))
    text_path = os.path.relpath(notice_path.resolve(), target.resolve().parent)
    draft = draft_charter(read_notice(notice_path), str(notice_path),
                          text_path=Path(text_path).as_posix())
    if draft.findings and fmt != "json":
        click.echo(report.diagnostics(draft.findings, "text"), err=True)
    if update:
        return _update(Path(paths[0]), draft, output, fmt)
    if fmt == "json":
        # The draft as data: its YAML, what to review, the findings; written to --output too.
        if output is not None:
            Path(output).write_text(draft.text, encoding="utf-8")
        emit("draft", {"charter": draft.text, "output": output, "review": draft.review,
                       "findings": [finding(d) for d in draft.findings]})
        errors = [d for d in draft.findings if d.severity is Severity.ERROR]
        return ExitCode.FINDINGS if errors or not draft.text else ExitCode.OK
    if draft.review:
        click.echo("\n".join(draft.review), err=True)
    if output is not None:
        Path(output).write_text(draft.text, encoding="utf-8")
    elif draft.text:
        click.echo(draft.text, nl=False)
    return _loads(draft.text, str(target), target.resolve().parent, draft.findings)


def _loads(text: str, path: str, base_dir: Path, findings: Sequence[Diagnostic]) -> int:
    """Exit 0 when the draft loads and nothing was missing, else print why and exit 1."""
    if not text:
        return ExitCode.FINDINGS
    try:
        charter_from_text(text, path, base_dir=base_dir)
    except CharterError as exc:
        click.echo("the draft does not load yet; write these by hand:", err=True)
        click.echo(report.diagnostics(exc.diagnostics, "text"), err=True)
        return ExitCode.FINDINGS
    errors = [d for d in findings if d.severity is Severity.ERROR]
    return ExitCode.FINDINGS if errors else ExitCode.OK


def _update(charter_path: Path, draft: Draft, output: str | None, fmt: str) -> int:
    from jointmeeting.charter.diff import diff
    from jointmeeting.draft.as_yaml import render
    from jointmeeting.draft.update import merge

    existing = load_charter(charter_path)
    text = render(merge(existing, draft), draft.review)
    try:
        revised = charter_from_text(text, str(output or charter_path),
                                    base_dir=charter_path.resolve().parent)
    except CharterError as exc:
        click.echo("the revised charter does not load; the draft's findings:", err=True)
        click.echo(report.diagnostics(exc.diagnostics, "text"), err=True)
        return ExitCode.FINDINGS
    click.echo(report.differences(diff(existing, revised), fmt, revised.language))
    if output is not None:
        Path(output).write_text(text, encoding="utf-8")
    return ExitCode.OK
