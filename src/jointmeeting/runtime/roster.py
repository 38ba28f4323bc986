"""Succession as the charter's ``succession`` clause prescribes it.

A unit *proposes* a successor; the proposal is then *filed*: recorded in the ledger and written
into the charter's roster, taking effect on the proposal's effective date. How it is written
follows the clause: with the office's filing number where the notice has successors filed
(报联席会议办公室备案), with the approving post's consent date where a post approves them
(报经总召集人同意), and with neither where the successor takes the seat automatically (自行递补).
Every membership cites the clause as its source. No new document is issued: the roster in the
charter file changes, and its history keeps who served when. The record is made in the ledger
before the charter file is touched, so a crash between the two loses nothing: filing the same
proposal again finishes the edit. A proposal not yet in the charter can be withdrawn.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from jointmeeting.charter.loader import charter_from_text, load_charter
from jointmeeting.charter.model import Member
from jointmeeting.charter.values import Name
from jointmeeting.charter.writer import Succession, apply_succession
from jointmeeting.errors import CharterError, JointMeetingError
from jointmeeting.runtime.backend import insert
from jointmeeting.runtime.files import locked, replace_atomically
from jointmeeting.runtime.ledger import Ledger

_NAME: TypeAdapter[str] = TypeAdapter(Name)


class RosterError(JointMeetingError):
    """A proposal or filing that cannot be made as asked."""


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    unit: str
    name: str
    position: str
    effective: dt.date
    filing: str | None = None
    filed_on: dt.date | None = None
    written: bool = False
    withdrawn: bool = False


def propose(ledger: Ledger, charter_path: Path, unit: str, name: str, position: str,
            effective: dt.date) -> Proposal:
    """Record a unit's proposal of a successor."""
    charter = load_charter(charter_path)
    found = charter.unit(unit)
    try:
        clean = _NAME.validate_python(name)
    except ValidationError as exc:
        raise RosterError(f"name {name!r}: {exc.errors()[0]['msg']}; give the name as "
                          "written in the appointment") from None
    if not position.strip():
        raise RosterError("a position is required; give --position")
    with ledger.transaction() as db:
        made = insert(
            db, "INSERT INTO proposals (charter, unit, name, position, effective, proposed_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (charter.id, found.id, clean, position.strip(), effective.isoformat(),
             dt.datetime.now(dt.UTC).isoformat()))
    return Proposal(made, found.id, clean, position.strip(), effective)


def proposals(ledger: Ledger) -> list[Proposal]:
    rows = ledger.db.execute(
        "SELECT p.*, f.number, f.filed_on, f.written_at FROM proposals p "
        "LEFT JOIN filings f ON f.proposal = p.id ORDER BY p.id").fetchall()
    return [Proposal(r["id"], r["unit"], r["name"], r["position"],
                     dt.date.fromisoformat(r["effective"]), r["number"],
                     dt.date.fromisoformat(r["filed_on"]) if r["filed_on"] else None,
                     r["written_at"] is not None, r["withdrawn_at"] is not None) for r in rows]


def file(ledger: Ledger, charter_path: Path, proposal_id: int, *, number: str | None = None,
         filed_on: dt.date | None = None, approved_on: dt.date | None = None,
         dry_run: bool = False) -> tuple[Proposal, str]:
    """File a proposal as the charter's succession clause says and write it into the charter.

    Args:
        number: the office's filing number (default ``YEAR-NNN``), for a clause that files
            successors with the office.
        filed_on: the day it is recorded (default: the day of consent, else today).
        approved_on: the day the approving post consented, required by a clause with
            ``approved_by``.
        dry_run: record and write nothing; return the diff only.

    Returns the filed proposal and a unified diff of the charter file.

    Everything happens under the charter file's lock, and the edit is made (in memory) before
    the filing is recorded: an edit that cannot be made is refused before a number is used, so
    no proposal is left "filed, not yet written". Two runs filing one proposal meet at the
    lock: one files it, the other finds it filed. A charter that is a symlink is written
    through it: its target changes, the link stays.
    """
    loaded = load_charter(charter_path)
    rule = loaded.succession
    if rule is None:
        raise RosterError("the charter has no succession clause (succession:), so there is no "
                          "rule to file a successor under; edit the members by hand")
    if rule.approved_by is not None and approved_on is None:
        raise RosterError(f"the notice has successors approved by "
                          f"{loaded.label(rule.approved_by)}: give the day of consent "
                          "(--approved-on)")
    filed_on = filed_on or approved_on or dt.date.today()
    kept_in = loaded.roster
    if kept_in.source != "charter":
        raise RosterError(f"this charter's roster is kept in {kept_in.path} ({kept_in.source}); "
                          "record the succession there")
    target = charter_path.resolve()
    with locked(target):
        proposal = _proposal(ledger, proposal_id)
        if proposal.withdrawn:
            raise RosterError(f"proposal {proposal_id} was withdrawn; propose the successor "
                              "again to file them")
        if proposal.written:
            raise RosterError(f"proposal {proposal_id} is already filed as {proposal.filing}; "
                              "nothing to do (jointmeeting roster proposals lists it)")
        record = proposal.filing or number or _next_number(ledger, filed_on)
        if proposal.filing is None and _number_used(ledger, record):
            raise RosterError(f"filing number {record} is already used; give another --number")
        # The ledger numbers every record; the charter carries it only as the office's filing.
        filing = record if rule.filed_with is not None else None
        before = target.read_bytes()
        text = before.decode("utf-8-sig")
        charter = charter_from_text(text, str(charter_path), base_dir=charter_path.parent)
        if any(_written(m, proposal, filing) for m in charter.members):
            after = text  # written before a crash cut the run short; only the ledger lags
        else:
            try:
                after = apply_succession(text, charter, Succession(
                    proposal.unit, proposal.name, proposal.position, proposal.effective, filing,
                    rule.source, approved_on if rule.approved_by is not None else None))
            except CharterError as exc:
                raise RosterError(f"the succession would break the charter ({exc}); nothing "
                                  "was filed: correct the charter (jointmeeting check) and "
                                  "file again") from None
        patch = "".join(difflib.unified_diff(
            text.splitlines(keepends=True), after.splitlines(keepends=True),
            str(charter_path), str(charter_path)))
        if dry_run:
            return proposal, patch
        if proposal.filing is None:
            _record_filing(ledger, proposal, record, filed_on)
        if after != text:
            bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
            replace_atomically(target, bom + after.encode("utf-8"), expected=before)
        with ledger.transaction() as db:
            db.execute("UPDATE filings SET written_at = ? WHERE proposal = ?",
                       (dt.datetime.now(dt.UTC).isoformat(), proposal.id))
    return _proposal(ledger, proposal_id), patch


def withdraw(ledger: Ledger, charter_path: Path, proposal_id: int) -> Proposal:
    """Withdraw a proposal that is not yet in the charter, filed or not. Its filing number
    stays used: it may have been given out. Under the charter's lock, so a filing under way
    finishes first."""
    with locked(charter_path.resolve()):
        proposal = _proposal(ledger, proposal_id)
        if proposal.withdrawn:
            raise RosterError(f"proposal {proposal_id} is already withdrawn; nothing to do")
        if proposal.written:
            raise RosterError(f"proposal {proposal_id} is filed as {proposal.filing} and "
                              "written into the charter; to undo it, file another succession "
                              "or edit the roster by hand")
        with ledger.transaction() as db:
            db.execute("UPDATE proposals SET withdrawn_at = ? WHERE id = ?",
                       (dt.datetime.now(dt.UTC).isoformat(), proposal_id))
    return _proposal(ledger, proposal_id)


def _written(member: Member, proposal: Proposal, filing: str | None) -> bool:
    if filing is not None:
        return member.filing == filing
    return (member.name, member.unit, member.since) == (proposal.name, proposal.unit,
                                                        proposal.effective)


def _record_filing(ledger: Ledger, proposal: Proposal, number: str, filed_on: dt.date) -> None:
    with ledger.transaction() as db:
        # Another ledger user (not holding this charter's lock) may have filed meanwhile.
        if db.execute("SELECT 1 FROM filings WHERE proposal = ?", (proposal.id,)).fetchone():
            raise RosterError(f"proposal {proposal.id} was filed by another run just now; "
                              "jointmeeting roster proposals shows it")
        if _number_used(ledger, number):
            raise RosterError(f"filing number {number} is already used; give another --number")
        db.execute("INSERT INTO filings (proposal, number, filed_on) VALUES (?, ?, ?)",
                   (proposal.id, number, filed_on.isoformat()))


def _number_used(ledger: Ledger, number: str) -> bool:
    return bool(ledger.db.execute("SELECT 1 FROM filings WHERE number = ?",
                                  (number,)).fetchone())


def _next_number(ledger: Ledger, filed_on: dt.date) -> str:
    year = filed_on.year
    count = ledger.db.execute("SELECT count(*) FROM filings WHERE number LIKE ?",
                              (f"{year}-%",)).fetchone()[0]
    return f"{year}-{count + 1:03d}"


def _proposal(ledger: Ledger, proposal_id: int) -> Proposal:
    found = [p for p in proposals(ledger) if p.id == proposal_id]
    if not found:
        raise RosterError(f"there is no proposal {proposal_id} in {ledger.name}; "
                          "jointmeeting roster proposals lists them")
    return found[0]

