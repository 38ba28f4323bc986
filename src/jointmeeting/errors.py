"""Diagnostic records, error types and the catalogue of stable codes.

Every finding about a user's file is a :class:`Diagnostic`; a load that cannot produce a charter
raises a :class:`FileError` of its kind (:class:`CharterError` for a charter) carrying all of
them at once. Codes are stable and grouped:
JM1xx YAML, JM2xx schema, JM3xx charter rules and graph, JM4xx plugins, JM5xx runtime, JM6xx
drafting a charter from a notice.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

#: A path into the charter's data, as pydantic reports it: keys and list indexes.
Loc = tuple[str | int, ...]


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(enum.StrEnum):
    """A stable diagnostic code with its severity and a one-line summary (the summary is
    documentation; messages say more). A member is the code's string (``Code.JM301 ==
    "JM301"``), so it prints, compares and serialises as one. Members are in code order.
    """

    severity: Severity
    summary: str

    def __new__(cls, value: str, severity: Severity, summary: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.summary = summary
        return member

    JM100 = "JM100", Severity.ERROR, "the file cannot be read"
    JM101 = "JM101", Severity.ERROR, "the file is not UTF-8 text (binary data or NUL bytes)"
    JM102 = "JM102", Severity.ERROR, "the file is larger than the size limit"
    JM103 = "JM103", Severity.ERROR, "YAML syntax error"
    JM104 = "JM104", Severity.ERROR, "a tab is used for indentation"
    JM105 = "JM105", Severity.ERROR, "a key appears twice in one mapping"
    JM106 = "JM106", Severity.ERROR, "a YAML tag that would construct an object is refused"
    JM107 = "JM107", Severity.ERROR, "aliases expand past the budget (an alias bomb)"
    JM108 = "JM108", Severity.ERROR, "nesting is deeper than the limit"
    JM109 = "JM109", Severity.ERROR, "the file holds no document or more than one"
    JM110 = "JM110", Severity.ERROR, "a mapping key is not a plain scalar"
    JM111 = "JM111", Severity.ERROR, "an alias names an unknown or enclosing anchor"
    JM112 = "JM112", Severity.ERROR, "the YAML parser failed on this input"
    JM201 = "JM201", Severity.ERROR, "unknown key"
    JM202 = "JM202", Severity.ERROR, "a required key is missing"
    JM203 = "JM203", Severity.ERROR, "a value has the wrong type"
    JM204 = "JM204", Severity.ERROR, "a value is not valid"
    JM205 = ("JM205", Severity.WARNING,
             "a name holds whitespace or full-width forms; it is normalised")
    JM206 = "JM206", Severity.ERROR, "a name holds control, zero-width or bidi characters"
    JM207 = "JM207", Severity.ERROR, "`extends` names no readable template, or they loop"
    JM208 = "JM208", Severity.ERROR, "`remove` names a list or an id the template does not have"
    JM301 = "JM301", Severity.ERROR, "a reference names no unit, post or party of the charter"
    JM302 = "JM302", Severity.ERROR, "an id is used twice"
    JM303 = "JM303", Severity.ERROR, "a name or alias resolves to two units"
    JM304 = "JM304", Severity.ERROR, "a unit has no duty"
    JM305 = "JM305", Severity.WARNING, "a unit with duties has no current representative"
    JM306 = "JM306", Severity.ERROR, "a reporting rule names an unknown recipient or reporter"
    JM307 = "JM307", Severity.ERROR, "a meeting chair is not a post"
    JM308 = "JM308", Severity.ERROR, "a frequency has min greater than max"
    JM309 = "JM309", Severity.ERROR, "an area id is not in the national outlines"
    JM310 = "JM310", Severity.ERROR, "a source reference is not a clause of the notice"
    JM311 = "JM311", Severity.ERROR, "a verbatim text is not found in the clause it cites"
    JM312 = "JM312", Severity.ERROR, "the notice text named by the charter cannot be read"
    JM313 = "JM313", Severity.ERROR, "the office is not hosted by a unit of the charter"
    JM314 = "JM314", Severity.ERROR, "reporting routes form a cycle"
    JM315 = ("JM315", Severity.ERROR,
             "a reporting route ends at a single unit or a group other than the member units")
    JM316 = "JM316", Severity.ERROR, "a member unit has no reporting route to the office"
    JM317 = ("JM317", Severity.WARNING,
             "a current representative has no channel in the contacts file")
    JM318 = ("JM318", Severity.ERROR,
             "the contacts file names a recipient the charter does not have")
    JM319 = ("JM319", Severity.ERROR,
             "a value is null, or a not_in_notice statement stands, without the other")
    JM320 = ("JM320", Severity.WARNING,
             "an area of the national outlines has no unit with a duty in it")
    JM321 = "JM321", Severity.WARNING, "an area of the national outlines has no leading (牵头) unit"
    JM401 = "JM401", Severity.ERROR, "a plugin failed to load"
    JM402 = "JM402", Severity.ERROR, "the charter names a roster source that is not installed"
    JM403 = "JM403", Severity.ERROR, "a roster row names a unit the charter does not have"
    JM404 = "JM404", Severity.ERROR, "a roster row cannot be read as a member"
    JM405 = "JM405", Severity.ERROR, "the roster file cannot be read"
    JM406 = "JM406", Severity.ERROR, "a plugin raised an error"
    JM510 = "JM510", Severity.ERROR, "plenary meetings held fall outside the charter's range"
    JM511 = ("JM511", Severity.ERROR,
             "a plenary meeting was not chaired by the post the charter names")
    JM512 = "JM512", Severity.ERROR, "a member unit has no annual plan"
    JM513 = "JM513", Severity.ERROR, "an annual plan has fewer practical matters than required"
    JM514 = "JM514", Severity.WARNING, "a practical matter was not written into the work report"
    JM515 = "JM515", Severity.ERROR, "a member unit sent no progress report"
    JM516 = "JM516", Severity.ERROR, "a case was reported after its deadline"
    JM517 = "JM517", Severity.ERROR, "an action item is overdue"
    JM518 = ("JM518", Severity.ERROR,
             "a record names a unit, post, meeting or rule the charter lacks")
    JM520 = "JM520", Severity.ERROR, "a row of imported records cannot be read"
    JM521 = "JM521", Severity.ERROR, "imported records use one id twice"
    JM522 = "JM522", Severity.ERROR, "an imported record is of another year than the one imported"
    JM530 = "JM530", Severity.ERROR, "a damaged step or incident row of the ledger was set aside"
    JM560 = "JM560", Severity.ERROR, "a service request cannot be read (a parameter, field or body)"
    JM561 = "JM561", Severity.ERROR, "a service request carries no valid token"
    JM562 = "JM562", Severity.ERROR, "the token's role may not do what the request asks"
    JM563 = ("JM563", Severity.ERROR,
             "a service request names a unit, case, step or proposal not there")
    JM564 = ("JM564", Severity.ERROR,
             "the ledger refuses the change as asked (done already, withdrawn)")
    JM565 = "JM565", Severity.ERROR, "the ledger is busy or cannot be used; try again"
    JM569 = "JM569", Severity.ERROR, "the service failed on a request; its log has the details"
    JM590 = ("JM590", Severity.ERROR, "the command line cannot be acted on (an unknown option, "
             "unit or party), said as a finding in JSON mode")
    JM591 = ("JM591", Severity.ERROR, "the command failed on the user's files (a locked ledger, "
             "an unknown incident, an unreadable path), said as a finding in JSON mode")
    JM599 = ("JM599", Severity.ERROR, "an internal error, said as a finding in JSON mode (the "
             "traceback is on stderr)")
    JM601 = "JM601", Severity.ERROR, "the notice has no structure to draft a charter from"
    JM602 = "JM602", Severity.ERROR, "a part every charter needs was not found in the notice"
    JM603 = ("JM603", Severity.WARNING,
             "the notice holds more units or member lines than any notice does; the rest is not "
             "read")


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    col: int


@dataclass(frozen=True, slots=True, init=False)
class Diagnostic:
    """One finding, rendered as ``path:line:col: CODE message``.

    A finding of the year's review is one too: it cites the notice's ``clause`` it comes from
    and the ``unit`` it concerns, where a finding about a file has a path and a position.
    """

    code: Code
    message: str
    path: str | None
    position: Position | None
    #: On a summary line (see :func:`capped`): how many findings of this code it stands for.
    omitted: int
    #: The notice's clause the finding comes from, when it cites one.
    clause: str | None
    #: The id of the unit the finding concerns, when it concerns one.
    unit: str | None

    def __init__(self, code: Code | str, message: str, path: str | None = None,
                 position: Position | None = None, omitted: int = 0, *,
                 clause: str | None = None, unit: str | None = None) -> None:
        # A code given as its string becomes the catalogued code: an uncatalogued one fails
        # here, where it is made, not later where it is printed.
        values = (Code[code], message, path, position, omitted, clause, unit)
        for name, value in zip(_DIAGNOSTIC_FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def __str__(self) -> str:
        where = self.path or "<charter>"
        if self.position is not None:
            where = f"{where}:{self.position.line}:{self.position.col}"
        return f"{where}: {self.code} {self.message}"


_DIAGNOSTIC_FIELDS = ("code", "message", "path", "position", "omitted", "clause", "unit")


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, int, str]:
    """Order findings as a reader scans a file: by path, then position, then code; a file's
    summary lines of findings left out come after its findings."""
    pos = diagnostic.position or Position(0, 0)
    return (diagnostic.path or "", diagnostic.omitted > 0, pos.line, pos.col, diagnostic.code)


#: Findings of one code past this many are counted, not listed: a file with a million faults
#: still gives a report a person can read, quickly and in little memory.
MAX_PER_CODE = 100


def capped(found: Iterable[Diagnostic], per_code: int | None = MAX_PER_CODE
           ) -> list[Diagnostic]:
    """Findings in file order, at most ``per_code`` of each code (the first found), and for
    each code over it one summary line: "… and K more JM301 findings". ``found`` is consumed
    as it comes, so a generator of a million findings never is a list of them."""
    if per_code is None:
        return sorted(found, key=sort_key)
    kept: list[Diagnostic] = []
    counts: dict[str, int] = {}
    listed: dict[str, int] = {}
    paths: dict[str, str | None] = {}
    for finding in found:
        # A summary line found already (one that was capped before) counts what it omits.
        of = finding.code
        counts[of] = counts.get(of, 0) + (finding.omitted or 1)
        paths.setdefault(of, finding.path)
        if not finding.omitted and listed.get(of, 0) < per_code:
            kept.append(finding)
            listed[of] = listed.get(of, 0) + 1
    for code, count in counts.items():
        if count > listed.get(code, 0):
            more = count - listed.get(code, 0)
            kept.append(Diagnostic(code, f"… and {more:,} more {code} findings", paths[code],
                                   omitted=more))
    return sorted(kept, key=sort_key)


def total(found: Iterable[Diagnostic]) -> int:
    """How many findings a capped list stands for, summary lines counted for what they omit."""
    return sum(d.omitted or 1 for d in found)


class Locator(Protocol):
    """Maps a path into the charter's data back to where it stands in the file."""

    path: str

    def locate(self, loc: Loc, *, key: bool = False) -> Position | None:
        """The position of the value at ``loc`` (of its key, with ``key=True``)."""
        ...

    def source_of(self, loc: Loc) -> str:
        """The file the value at ``loc`` stands in (a template's, for an inherited item)."""
        ...


class JointMeetingError(Exception):
    """Base of the errors this library raises for a user's input."""


class FileError(JointMeetingError):
    """A file could not be loaded; ``diagnostics`` holds every finding at once. Each kind of
    file raises its own subclass, so a caller can tell a bad charter from a bad contacts file."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = capped(diagnostics)
        first = str(self.diagnostics[0]) if self.diagnostics else "no diagnostics"
        more = total(self.diagnostics) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))


class CharterError(FileError):
    """A charter could not be loaded (its file, a template it extends, or its roster)."""


class ContactsError(FileError):
    """A contacts file could not be loaded."""


class ScenarioError(FileError):
    """A file of routing scenarios could not be loaded."""


class RecordsError(FileError):
    """A year's records (YAML or CSV) could not be loaded."""
