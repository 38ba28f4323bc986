"""Commands on one charter or two: check, show, who, duties, impact, coverage, graph, diff, site,
schema."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import itertools
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

import click

from jointmeeting import report
from jointmeeting.charter.escape import printable
from jointmeeting.charter.loader import charter_from_text, load_charter
from jointmeeting.charter.model import AmbiguousNameError, Charter, UnknownUnitError
from jointmeeting.charter.parse import Limits
from jointmeeting.checks.coverage import coverage, coverage_gaps
from jointmeeting.checks.rules import check
from jointmeeting.cli.app import (
    CHARTER_ENV,
    ExitCode,
    _contacts,
    _day,
    _limits,
    _load,
    _load_to_read,
    _unfinished,
    charter_option,
    cli,
    emit,
    format_option,
    on_option,
)
from jointmeeting.errors import CharterError, Diagnostic, Severity, total
from jointmeeting.graph import search

#: A charter in a folder: a YAML file with ``format``, ``id`` and ``units`` (or ``extends``) at
#: its top level. Templates, contacts and records files lack one of them and are left alone.
_CHARTER_KEYS = (re.compile(r"^format:", re.M), re.compile(r"^id:", re.M),
                 re.compile(r"^(units|extends):", re.M))


def _charter_files(paths: Sequence[str]) -> list[str]:
    """The files named, and the charters in the folders named (recursively, in order)."""
    found: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            found.append(path)
            continue
        for candidate in sorted(Path(path).rglob("*.y*ml")):
            if candidate.suffix not in (".yaml", ".yml") or not candidate.is_file():
                continue
            try:
                with open(candidate, encoding="utf-8", errors="replace") as handle:
                    head = handle.read(1 << 20)
            except OSError:
                head = ""
            if all(key.search(head) for key in _CHARTER_KEYS):
                found.append(str(candidate))
    return found


def _check_file(path: str, today: dt.date | None, contacts_path: str | None,
                limits: Limits) -> tuple[list[Diagnostic], list[str]]:
    """Every finding about one charter file, and the day representation was judged on (today
    in the charter's own zone unless given); run in a worker process for `check DIR`."""
    loaded, found = _load(path, limits)
    contacts, problems = _contacts(contacts_path, path)
    found += problems
    if loaded is None:
        return found, []
    day = today or dt.datetime.now(loaded.zone).date()
    found += check(loaded, today=day, contacts=contacts)
    return found, [day.isoformat()]


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(report.FORMATS), default="text",
              show_default=True)
@click.option("--errors-only", is_flag=True, help="Report errors, leave out warnings.")
@on_option
@click.option("--contacts", "contacts_path", type=click.Path(dir_okay=False), default=None,
              help="A contacts file to check reachability against (default: "
                   "$JOINTMEETING_CONTACTS, else contacts.yaml beside the charter, if any).")
@click.option("-j", "--jobs", type=click.IntRange(0), default=0, show_default=True,
              help="Processes checking charters side by side (0: one per core).")
def check_command(paths: Sequence[str], fmt: str, errors_only: bool,
                  on: dt.datetime | None, contacts_path: str | None, jobs: int) -> int:
    """Check charter files, and every charter in the folders named (a YAML file with format,
    id and units at its top level); every finding at once, as path:line:col: CODE message."""
    if not paths:
        if not os.environ.get(CHARTER_ENV):
            raise click.UsageError(f"name a charter file, or set ${CHARTER_ENV}")
        paths = [os.environ[CHARTER_ENV]]
    files = _charter_files(paths)
    if not files:
        raise click.UsageError(f"no charter in {', '.join(paths)} (a charter has format, id "
                               "and units at its top level)")
    today = on.date() if on else None
    limits = _limits()
    workers = min(jobs or os.cpu_count() or 1, len(files))
    found: list[Diagnostic] = []
    days: set[str] = set()
    if workers <= 1:
        for path in files:
            findings, day = _check_file(path, today, contacts_path, limits)
            found += findings
            days.update(day)
    else:
        # Processes, not threads: the work is Python, and a tree of a province's charters
        # should take its cores. Results come back in the files' order.
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            chunk = max(1, min(32, len(files) // (workers * 4)))
            for findings, day in pool.map(_check_file, files, itertools.repeat(today),
                                          itertools.repeat(contacts_path),
                                          itertools.repeat(limits), chunksize=chunk):
                found += findings
                days.update(day)
    found += [d for d in _plugin_findings() if d not in found]
    if errors_only:
        found = [d for d in found if d.severity is Severity.ERROR]
    if found or fmt == "json":
        click.echo(report.diagnostics(found, fmt))
    if fmt == "text":
        errors = total(d for d in found if d.severity is Severity.ERROR)
        summary = (f"{len(files)} charter(s): {errors} error(s), "
                   f"{total(found) - errors} warning(s)"
                   + (f"; representation judged on {', '.join(sorted(days))}" if days else "")
                   + ("" if on or not days else " (today; pin the day with --on YYYY-MM-DD)"))
        click.echo(summary, err=True)
    return ExitCode.FINDINGS if found else ExitCode.OK


def _plugin_findings() -> list[Diagnostic]:
    """Plugins that failed to load (JM401): a charter that is fine may still be served by a
    broken installation, and `check` is where its users look."""
    from jointmeeting.host.manager import plugin_host

    return plugin_host().findings


@cli.command("show")
@charter_option
@click.option("--areas", "list_areas", is_flag=True,
              help="List the national outlines' area ids instead.")
@on_option
@format_option
def show_command(charter_path: str, list_areas: bool, on: dt.datetime | None, fmt: str) -> int:
    """A summary of a charter to read: units, members, duties, meetings, rules, assumptions."""
    from rich.console import Console

    from jointmeeting.report import data

    console = Console()
    if list_areas:
        if fmt == "json":
            emit("areas", data.area_list())
        else:
            report.area_list(console)
        return ExitCode.OK
    charter, errors = _load_to_read(charter_path, on.date() if on else None)
    if fmt == "json":
        emit("summary", data.summary(charter, _day(on, charter)))
        return ExitCode.OK
    click.echo(_unfinished(errors), nl=False)
    report.show(charter, console, day=_day(on, charter))
    return ExitCode.OK


@cli.command("who")
@click.argument("keywords", nargs=-1, required=True)
@charter_option
@format_option
def who_command(keywords: Sequence[str], charter_path: str, fmt: str) -> int:
    """Units whose names or duties match KEYWORDS (留守儿童, 拐卖, 市文旅局 …), leads first, with
    the clause; then the joint meeting's own responsibilities and rules that match."""
    charter, errors = _load_to_read(charter_path)
    matches, clauses = search.who(charter, *keywords), search.clauses(charter, *keywords)
    if fmt == "json":
        from jointmeeting.report import data

        emit("who", data.who(matches))
        return ExitCode.OK if matches or clauses else ExitCode.FINDINGS
    if not matches and not clauses:
        near = search.suggestions(charter, keywords)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        click.echo(f"nothing matches {' '.join(keywords)}{hint}", err=True)
        return ExitCode.FINDINGS
    click.echo(_unfinished(errors) + report.who(charter, matches, clauses))
    return ExitCode.OK


@cli.command("duties")
@click.argument("unit")
@charter_option
@format_option
def duties_command(unit: str, charter_path: str, fmt: str) -> int:
    """A unit's duties, by its id, official name or any alias."""
    charter, errors = _load_to_read(charter_path)
    try:
        found = charter.unit(unit)
    except (UnknownUnitError, AmbiguousNameError) as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="UNIT") from None
    if fmt == "json":
        from jointmeeting.report import data

        emit("duties", data.unit_duties(charter, found))
        return ExitCode.OK
    click.echo(_unfinished(errors) + report.unit_duties(charter, found))
    return ExitCode.OK


@cli.command("impact")
@click.argument("unit")
@click.option("--into", "into", default=None, help="A unit the first one merges into.")
@charter_option
@format_option
def impact_command(unit: str, into: str | None, charter_path: str, fmt: str) -> int:
    """What loses its owner, lead or representative if UNIT is removed (or merged --into)."""
    from jointmeeting.graph.responsibility import ResponsibilityGraph

    charter, errors = _load_to_read(charter_path)
    try:
        impact = ResponsibilityGraph.from_charter(charter).impact(unit, into)
    except (UnknownUnitError, AmbiguousNameError) as exc:
        raise click.BadParameter(str(exc.args[0])) from None
    if fmt == "json":
        from jointmeeting.report import data

        emit("impact", data.impact(impact))
        return ExitCode.OK
    click.echo(_unfinished(errors) + report.impact(impact))
    return ExitCode.OK


@cli.command("coverage")
@charter_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def coverage_command(charter_path: str, fmt: str) -> int:
    """Units × the national outlines' 15 areas; L leads, O owns, S supports."""
    charter, errors = _load_to_read(charter_path)
    matrix = coverage(charter)
    click.echo(_unfinished(errors, fmt) + report.coverage(charter, matrix, fmt), nl=False)
    gaps = [dataclasses.replace(gap, path=charter_path)
            for gap in coverage_gaps(matrix, charter)]
    if gaps and fmt != "json":
        # Findings go where findings go, so the table on stdout stays a table.
        click.echo(report.diagnostics(gaps, "text"), err=True)
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
    from jointmeeting.graph import pictures
    from jointmeeting.graph.responsibility import NodeKind, ResponsibilityGraph

    charter, errors = _load_to_read(charter_path)
    graph = ResponsibilityGraph.from_charter(charter)
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
    def as_json(picture: ResponsibilityGraph) -> str:
        from jointmeeting.report.envelope import to_json

        return to_json("graph", json.loads(pictures.to_json(picture)))

    render = {"dot": pictures.to_dot, "mermaid": pictures.to_mermaid, "svg": pictures.to_svg,
              "graphml": pictures.to_graphml, "json": as_json}[fmt]
    try:
        text = _unfinished(errors, fmt) + render(graph)
    except pictures.GraphvizError as exc:  # missing, failed or too slow: said, never a crash
        click.echo(f"jointmeeting: {exc}", err=True)
        missing = isinstance(exc, pictures.GraphvizMissingError)
        return ExitCode.USAGE if missing else ExitCode.FINDINGS
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
    from jointmeeting.charter.diff import diff

    after, errors = _load_to_read(new)
    found = diff(_charter_or_template(old, after), after)
    click.echo(_unfinished(errors, fmt) + report.differences(found, fmt, after.language))
    return ExitCode.FINDINGS if found else ExitCode.OK


@cli.command("site")
@charter_option
@click.option("-o", "--output", type=click.Path(file_okay=False), required=True,
              help="The folder to write the site into.")
@on_option
@format_option
def site_command(charter_path: str, output: str, on: dt.datetime | None, fmt: str) -> int:
    """A static site of the charter: search, units, areas, rules, graph, open points."""
    from jointmeeting.publish.site import build

    charter, errors = _load_to_read(charter_path, on.date() if on else None)
    built = build(charter, Path(output), day=_day(on, charter), unfinished=errors)
    if fmt == "json":
        emit("site", {"folder": output, "warnings": built.warnings,
                      "pages": sorted(p.relative_to(output).as_posix() for p in built.pages)})
        return ExitCode.OK
    for warning in built.warnings:
        click.echo(printable(f"jointmeeting: {warning}"), err=True)
    click.echo(f"wrote {len(built.pages)} pages to {output}")
    return ExitCode.OK


def _charter_or_template(path: str, other: Charter) -> Charter:
    """A charter, or a template seen as a charter: the template under the other charter's own
    metadata, so that `diff TEMPLATE COUNTY` shows what the county changed."""
    try:
        return load_charter(path, limits=_limits())
    except CharterError as exc:
        errors = exc.diagnostics
    meta = {"extends": str(Path(path).resolve()), "format": 1, "id": other.id,
            "title": other.title,
            "jurisdiction": other.jurisdiction.model_dump(mode="json", exclude_unset=True),
            "source": other.source.model_dump(mode="json", exclude_unset=True)}
    try:
        # JSON is YAML: the template, extended by nothing but the metadata it lacks. The
        # template is named on the command line, so its folder is allowed.
        limits = _limits()
        limits = dataclasses.replace(limits, allow_outside=(*limits.allow_outside,
                                                            str(Path(path).parent)))
        return charter_from_text(json.dumps(meta, ensure_ascii=False), path, limits=limits)
    except CharterError:
        click.echo(report.diagnostics(errors, "text"), err=True)
        raise SystemExit(ExitCode.FINDINGS) from None


@cli.command("schema")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "hooks"]),
              default="json", show_default=True,
              help="JSON Schema, the reference in docs/charter-format.md, or the hooks section "
              "of docs/plugins.md.")
def schema_command(fmt: str) -> int:
    """Print the charter format as JSON Schema (or as a Markdown reference), or the plugin
    hooks' reference."""
    if fmt == "markdown":
        from jointmeeting.report.reference import format_reference

        click.echo(format_reference(), nl=False)
    elif fmt == "hooks":
        from jointmeeting.report.reference import hooks_reference

        click.echo(hooks_reference(), nl=False)
    else:
        click.echo(report.json_schema(), nl=False)
    return ExitCode.OK


