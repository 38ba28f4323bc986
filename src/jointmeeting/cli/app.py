"""The ``jointmeeting`` command: parse arguments, call the library, render, exit with a code.

Exit codes: 0 clean, 1 findings, 2 usage error (an unknown or misspelt unit or party name
included, in every command), 3 internal error. A mistake in a user's file is a
finding and never shows a traceback; a bug in this program does (``--debug`` always does).

The commands live in modules by subject (charters, rosters, cases, the year); this module holds
the group, the options and loaders they share, and the entry point.
"""

from __future__ import annotations

import datetime as dt
import enum
import gc
import itertools
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from jointmeeting import __version__, report
from jointmeeting.charter.escape import printable
from jointmeeting.charter.model import Charter, NameLookupError
from jointmeeting.charter.named import ALLOW_OUTSIDE_ENV
from jointmeeting.charter.parse import Limits
from jointmeeting.checks.rules import check
from jointmeeting.errors import (
    CharterError,
    ContactsError,
    Diagnostic,
    JointMeetingError,
    Severity,
)
from jointmeeting.host.assembly import load_charter

if TYPE_CHECKING:
    from jointmeeting.charter.contacts import Contacts
    from jointmeeting.runtime.ledger import Ledger

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
@click.version_option(__version__, "--version", "-V", prog_name="jointmeeting",
                      message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show a traceback for every error.")
@click.option("--allow-outside", "allow_outside", multiple=True, metavar="DIR",
              type=click.Path(file_okay=False),
              help="A folder besides the charter's own that files named in a charter "
                   "(extends, source.text, roster path) may stand in; repeatable "
                   f"(also ${ALLOW_OUTSIDE_ENV}).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, allow_outside: tuple[str, ...]) -> None:
    """Check, query and run joint meeting charters (联席会议制度)."""
    ctx.obj = {"debug": debug, "limits": Limits(allow_outside=allow_outside)}


def _limits() -> Limits:
    """The limits the command line sets (``--allow-outside``) for every charter it loads."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.obj if ctx is not None else None
    limits = obj.get("limits") if isinstance(obj, dict) else None
    return limits if isinstance(limits, Limits) else Limits()


def _load(path: str, limits: Limits | None = None) -> tuple[Charter | None, list[Diagnostic]]:
    """The charter with its roster from the source it names (:func:`jointmeeting.load_charter`,
    the library's one loader), or the findings that stopped it. ``limits`` default to the
    command line's (a `check DIR` worker process has no command line to ask)."""
    try:
        return load_charter(path, limits=limits or _limits()), []
    except CharterError as exc:
        context = click.get_current_context(silent=True)  # none in a `check DIR` worker
        if context is not None and context.obj.get("debug"):
            traceback.print_exc()
        return None, exc.diagnostics


def _contacts(given: str | None, charter_path: str) -> tuple[Contacts | None,
                                                             list[Diagnostic]]:
    from jointmeeting.charter.contacts import default_contacts, load_contacts

    path = given or default_contacts(charter_path)
    if path is None:
        return None, []
    try:
        return load_contacts(path), []
    except ContactsError as exc:
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
        _findings_out(errors)
        raise SystemExit(ExitCode.FINDINGS)
    return loaded


def _load_to_read(path: str, on: dt.date | None = None) -> tuple[Charter, int]:
    """A charter that loads, for a read-only command, and how many errors it has.

    Why not refuse a charter with findings: a county halfway through transcribing its notice
    needs to look at what it has (a unit's duties, the graph, the site). The findings go first,
    to stderr, and the command marks its output (:func:`_unfinished`); only a file that cannot
    be loaded at all is refused.
    """
    loaded, found = _load(path)
    if loaded is None:
        _findings_out(found)
        raise SystemExit(ExitCode.FINDINGS)
    found += check(loaded, today=on)
    errors = [d for d in found if d.severity is Severity.ERROR]
    if errors:
        click.echo(report.diagnostics(errors, "text"), err=True)
        click.echo(f"jointmeeting: {path} is unfinished ({len(errors)} error(s) above); "
                   "what follows is marked and may be incomplete", err=True)
    return loaded, len(errors)


def json_mode() -> bool:
    """Whether the running command was asked for ``--format json``."""
    context = click.get_current_context(silent=True)
    return context is not None and context.params.get("fmt") == "json"


def _findings_out(found: Sequence[Diagnostic]) -> None:
    """Findings that stop a command: as the ``diagnostics`` kind on stdout in JSON mode (a
    program reading the output gets JSON whatever happened), else one line each on stderr."""
    if json_mode():
        click.echo(report.diagnostics(found, "json"))
    else:
        click.echo(report.diagnostics(found, "text"), err=True)


def emit(kind: str, data: object) -> None:
    """A result in the JSON envelope on stdout."""
    from jointmeeting.report.envelope import to_json

    click.echo(to_json(kind, data), nl=False)


#: ``--format text|json`` of a command whose only other output is text for people.
format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="json: the result in the jointmeeting envelope (docs/json.md).")


def _unfinished(errors: int, fmt: str = "text") -> str:
    """The first line of a read-only command's output on an unfinished charter, as a comment
    of the output's format; empty for a clean charter and for data formats with no comments
    (JSON, CSV: the mark is on stderr only)."""
    if not errors:
        return ""
    text = f"UNFINISHED CHARTER: {errors} error(s), see `jointmeeting check`"
    marks = {"text": f"# {text}\n", "table": f"# {text}\n", "dot": f"// {text}\n",
             "mermaid": f"%% {text}\n"}
    return marks.get(fmt, "")


def _day(on: dt.datetime | None, charter: Charter) -> dt.date:
    """The day a command judges "current" by: ``--on``, else today in the charter's time zone
    (which it then says)."""
    if on is not None:
        return on.date()
    today = dt.datetime.now(charter.zone).date()
    click.echo(f"jointmeeting: representatives as of {today} (today; pin the day with --on)",
               err=True)
    return today


on_option = click.option(
    "--on", "on", type=click.DateTime(["%Y-%m-%d"]), default=None,
    help="The day 'current representative' refers to (default: today, said on stderr).")


ledger_option = click.option(
    "--ledger", "ledger_path", envvar="JOINTMEETING_LEDGER", default=None,
    type=click.Path(dir_okay=False),
    help="The ledger: an SQLite file, or a postgresql:// URL for a ledger several machines "
         "share (default: $JOINTMEETING_LEDGER, else .jointmeeting/ledger.sqlite3 beside the "
         "charter).")
date_type = click.DateTime(["%Y-%m-%d"])


def _ledger(charter_path: str, ledger_path: str | None) -> Ledger:
    from jointmeeting.runtime.ledger import Ledger, default_path

    return Ledger(ledger_path or default_path(charter_path))


contacts_option = click.option(
    "--contacts", "contacts_path", type=click.Path(dir_okay=False), default=None,
    help="The contacts file (default: $JOINTMEETING_CONTACTS, else contacts.yaml beside the "
         "charter, if any).")
datetime_type = click.DateTime(["%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M",
                                "%Y-%m-%d %H:%M"])


def _contacts_or_exit(given: str | None, charter_path: str) -> Contacts | None:
    contacts, problems = _contacts(given, charter_path)
    if problems:
        _findings_out(problems)
        raise SystemExit(ExitCode.FINDINGS)
    return contacts


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (and exits with it when run as a script)."""

    args = list(sys.argv[1:] if argv is None else argv)
    as_json = _wants_json(args)

    def fail(code: str, message: str, path: str | None = None) -> None:
        # In JSON mode the reader is a program: the failure is a finding in the envelope on
        # stdout; otherwise one line on stderr.
        if as_json:
            click.echo(report.diagnostics([Diagnostic(code, message, path)], "json"))
        else:
            where = f"{path}: " if path else ""
            click.echo(printable(f"jointmeeting: {where}{message}"), err=True)

    try:
        code = cli.main(args=args, prog_name="jointmeeting", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        if as_json:
            fail("JM590", exc.format_message())
        else:
            exc.show()
        code = ExitCode.USAGE if isinstance(exc, click.UsageError) else ExitCode.FINDINGS
    except NameLookupError as exc:
        # A unit or party the charter does not have, from any command: one code for the one
        # mistake, as click gives a bad argument value.
        fail("JM590", str(exc))
        code = ExitCode.USAGE
    except JointMeetingError as exc:
        # A user's mistake found below the CLI (a locked ledger, a stale file, a bad
        # proposal): one clear line, no traceback.
        fail("JM591", str(exc))
        code = ExitCode.FINDINGS
    except OSError as exc:
        # A path the user gave that cannot be read or written: their machine, not our bug.
        fail("JM591", str(exc.strerror or exc),
             str(exc.filename) if exc.filename is not None else None)
        code = ExitCode.FINDINGS
    except click.exceptions.Abort:
        code = ExitCode.USAGE
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else ExitCode.INTERNAL
    except Exception as exc:
        # A bug of this program: the traceback goes to stderr for the report; in JSON mode
        # stdout still holds JSON, so the program reading it sees a finding, not a crash.
        traceback.print_exc()
        click.echo("jointmeeting: internal error; please report it with the traceback above",
                   err=True)
        if as_json:
            fail("JM599", f"internal error: {type(exc).__name__}")
        code = ExitCode.INTERNAL
    return int(code or 0)


def _wants_json(args: Sequence[str]) -> bool:
    """Whether a command line asks for ``--format json`` (read before click parses it, so
    that even a command line click refuses gets its answer as JSON)."""
    return "--format=json" in args or any(
        a == "--format" and b == "json" for a, b in itertools.pairwise(args))


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
