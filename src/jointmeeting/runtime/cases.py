"""Incidents as a whole, for whoever follows them: the case, its steps, and what is still open.

The outbox (:mod:`jointmeeting.runtime.outbox`) stores and sends; this module reads a case back
in one piece, for the service and the office's page. A case is *open* while one of its steps is
not acknowledged; its *next deadline* is the earliest deadline among those steps. The SQL is
plain and parameterised with ``?``, in the dialect SQLite and PostgreSQL share.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import OutboxError, Step, steps


@dataclass(frozen=True, slots=True)
class Tracked:
    """A step with when it was acknowledged (None: not yet)."""

    step: Step
    acked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    rule: str
    reporter: str
    known_at: dt.datetime
    opened_at: dt.datetime
    summary: str
    minor: bool
    details: dict[str, str]
    steps: tuple[Tracked, ...]

    @property
    def waiting(self) -> tuple[Tracked, ...]:
        """One step per recipient and level not yet acknowledged (a step's channels are acked
        together)."""
        seen: set[tuple[int, int]] = set()
        out = []
        for tracked in self.steps:
            group = (tracked.step.seq, tracked.step.level)
            if tracked.acked_at is None and group not in seen:
                seen.add(group)
                out.append(tracked)
        return tuple(out)

    @property
    def open(self) -> bool:
        return bool(self.waiting)

    @property
    def next_deadline(self) -> dt.datetime | None:
        return min((t.step.deadline for t in self.waiting if t.step.deadline), default=None)

    def involves(self, party: str) -> bool:
        """Whether ``party`` (a unit, post or party id) reported the case or is told of it."""
        return self.reporter == party or any(t.step.recipient == party for t in self.steps)


def case(ledger: Ledger, incident: int) -> Case:
    """One incident with its steps.

    Raises:
        OutboxError: there is no such incident.
    """
    row = ledger.db.execute("SELECT * FROM incidents WHERE id = ?", (incident,)).fetchone()
    if row is None:
        raise OutboxError(f"there is no incident {incident} in {ledger.name}")
    acked = {r["id"]: r["acked_at"] for r in ledger.db.execute(
        "SELECT id, acked_at FROM steps WHERE incident = ?", (incident,))}
    return Case(row["id"], row["rule"], row["reporter"],
                dt.datetime.fromisoformat(row["known_at"]),
                dt.datetime.fromisoformat(row["opened_at"]), row["summary"], bool(row["minor"]),
                json.loads(row["private"]),
                tuple(Tracked(s, dt.datetime.fromisoformat(acked[s.id]) if acked[s.id] else None)
                      for s in steps(ledger, incident)))


def cases(ledger: Ledger, charter_id: str) -> list[Case]:
    """Every incident of a charter, oldest first."""
    return [case(ledger, r["id"]) for r in ledger.db.execute(
        "SELECT id FROM incidents WHERE charter = ? ORDER BY id", (charter_id,))]


def incident_of(ledger: Ledger, step_id: int) -> int:
    """The incident a step belongs to.

    Raises:
        OutboxError: there is no such step.
    """
    row = ledger.db.execute("SELECT incident FROM steps WHERE id = ?", (step_id,)).fetchone()
    if row is None:
        raise OutboxError(f"there is no step {step_id} in {ledger.name}")
    return int(row["incident"])
