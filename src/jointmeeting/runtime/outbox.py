"""Incidents, their timeline, and the outbox of notification steps, all in the ledger.

Opening an incident stores its plan and the hash of the charter it was made from, before
anything is sent. The dispatcher then works in three moves per batch of due steps:

1. *claim*: one transaction counts an attempt and pushes each step's next try out by the claim's
   lease (:func:`claim_lease`), so no other dispatcher takes it meanwhile; on PostgreSQL the
   claiming ``SELECT`` skips rows another dispatcher's claim holds (``FOR UPDATE SKIP LOCKED``);
2. *send*: the steps side by side on a small pool of reused threads (:mod:`.senders`), under one
   timeout for the batch, so a hanging or failing notifier holds up nobody else (a pluggy hook
   call is not a delivery loop: one raising implementation would end it);
3. *record*: one transaction marks what was delivered and writes the timeline; a failed step's
   next try is put off by its backoff.

A crash anywhere leaves claimed-but-unrecorded steps pending; they are sent again once their
claim expires, with the same idempotency key (at least once). Several dispatchers, on one
machine or several sharing a PostgreSQL ledger, never send one step at the same moment: a
claim outlasts the batch's send timeout. A step not acknowledged by its deadline
escalates along the charter's chain, and that is on the timeline too.

A step whose row (or its incident's row) cannot be read, say a time that is not a time, is *set
aside*: its status becomes ``set-aside``, a JM530 finding names it, and the rest of its batch
goes out. One damaged row must not hold up every other case.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jointmeeting.charter.contacts import Channel, Contacts
from jointmeeting.charter.model import Charter
from jointmeeting.charter.moments import local_text
from jointmeeting.charter.values import deadline_delta
from jointmeeting.charter.words import words
from jointmeeting.errors import Diagnostic, JointMeetingError
from jointmeeting.host.hookspecs import Message, Notifier
from jointmeeting.runtime.backend import Connection, insert
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.plan import (
    Plan,
    PlannedStep,
    aware,
    next_level,
)
from jointmeeting.runtime.senders import Senders

#: Backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 30 min.
BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_CAP = dt.timedelta(minutes=30)

#: How long a dispatcher's claim on a step holds, in seconds: a step claimed by a dispatcher
#: that dies comes due again this long after the claim. Default: 2 minutes, or three times the
#: send timeout when that is longer.
CLAIM_ENV = "JOINTMEETING_CLAIM_SECONDS"
CLAIM_DEFAULT = dt.timedelta(minutes=2)


class OutboxError(JointMeetingError):
    """An incident or step that does not exist, or cannot change as asked."""


def charter_hash(charter: Charter) -> str:
    """What the plan was made from: the charter's content, not its file's bytes (hashed once
    per charter: a large one takes a good part of a second)."""
    return charter.derived("hash", lambda c: hashlib.sha256(c.model_dump_json().encode())
                           .hexdigest())


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment else None


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def backoff(attempts: int) -> dt.timedelta:
    delay: dt.timedelta = BACKOFF_BASE * 2 ** max(attempts - 1, 0)
    return min(delay, BACKOFF_CAP)


def claim_lease(timeout: float) -> dt.timedelta:
    """How long a claim holds (``$JOINTMEETING_CLAIM_SECONDS``): longer than the send timeout,
    so that a step is never sent by two dispatchers at once.

    Raises:
        OutboxError: the setting is not a number of seconds longer than the send timeout.
    """
    given = os.environ.get(CLAIM_ENV)
    if not given:
        return max(CLAIM_DEFAULT, dt.timedelta(seconds=3 * timeout))
    try:
        seconds = float(given)
    except ValueError:
        seconds = float("nan")
    if not seconds > timeout:  # NaN too
        raise OutboxError(f"${CLAIM_ENV} is {given!r}: give the seconds a dispatcher's claim on "
                          f"a step holds, more than the send timeout ({timeout:g} s)")
    return dt.timedelta(seconds=seconds)


def open_incident(ledger: Ledger, charter: Charter, planned: Plan, *, now: dt.datetime) -> int:
    """Store an incident, its plan and its first timeline entries; return its id."""
    report = planned.report
    with ledger.transaction() as db:
        incident = insert(
            db, "INSERT INTO incidents (charter, charter_hash, rule, reporter, known_at, "
            "summary, minor, private, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (charter.id, charter_hash(charter), report.rule, report.reporter,
             _iso(aware(report.known_at, charter)), report.summary, int(report.minor),
             json.dumps(report.details, ensure_ascii=False), _iso(now)))
        _event(db, incident, now, "opened", None,
               words(charter.language)("timeline.opened", reporter=planned.reporter_label,
                                       rule=charter.label(report.rule)))
        for step in planned.steps:
            _add_step(db, charter, incident, step, level=0, now=now)
    return incident


def _add_step(db: Connection, charter: Charter, incident: int, step: PlannedStep, *,
              level: int, now: dt.datetime) -> None:
    # One row per channel: each delivery has its own key and its own retries. A step with no
    # channel at all is still recorded, to be delivered by hand: it is never dropped.
    channels: Iterable[Channel | None] = step.channels or (None,)
    # The message is worded once, here, with the plan: the plan is frozen when the case opens,
    # and a dispatcher then only reads and sends (the words are the same for every channel).
    subject: str | None
    body: str | None
    try:
        subject, body = _wording(charter, _case(charter, db, incident), incident=incident,
                                 rule=step.rule, label=step.label, action=step.action,
                                 deadline=step.deadline, clause=step.clause, level=level)
    except _DAMAGE:  # a damaged incident row: dispatch words it, and sets the step aside
        subject = body = None
    for channel in channels:
        step_id = insert(
            db, "INSERT INTO steps (incident, seq, level, recipient, label, action, deadline, "
            "rule, clause, note, via, address, secret_env, key, status, next_at, subject, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (incident, step.seq, level, step.recipient, step.label, step.action,
             _iso(step.deadline), step.rule, step.clause, step.note,
             channel.via if channel else None, channel.to if channel else None,
             channel.secret_env if channel else None, uuid.uuid4().hex,
             "pending" if channel else "manual", _iso(now), subject, body))
        # The timeline is the office's to read: its words are the charter's, kept as written.
        say = words(charter.language)
        detail = (say("timeline.step", recipient=step.label, action=step.action)
                  + (say("timeline.by", deadline=local_text(step.deadline, charter.timezone))
                     if step.deadline else "")
                  + (say("timeline.via", via=channel.via) if channel
                     else say("timeline.by_hand"))
                  + (say("semi") + step.note if step.note else ""))
        _event(db, incident, now, "planned" if level == 0 else "escalated", step_id, detail)


def _event(db: Connection, incident: int, now: dt.datetime, event: str,
           step: int | None, detail: str) -> None:
    db.execute("INSERT INTO timeline (incident, at, event, step, detail) VALUES (?, ?, ?, ?, ?)",
               (incident, _iso(now), event, step, detail))


@dataclass(frozen=True, slots=True)
class Step:
    id: int
    incident: int
    seq: int
    level: int
    recipient: str
    label: str
    action: str
    deadline: dt.datetime | None
    rule: str
    clause: str
    note: str
    via: str | None
    status: str
    attempts: int
    key: str
    last_error: str | None
    address: str | None = None
    secret_env: str | None = None
    #: The message's words, kept when the step was planned (None in a ledger written before).
    subject: str | None = None
    body: str | None = None

    def channel(self) -> Channel | None:
        return Channel(via=self.via, to=self.address, secret_env=self.secret_env) \
            if self.via else None


def _step(row: Any) -> Step:
    return Step(row["id"], row["incident"], row["seq"], row["level"], row["recipient"],
                row["label"], row["action"], _time(row["deadline"]), row["rule"],
                row["clause"], row["note"], row["via"], row["status"], row["attempts"],
                row["key"], row["last_error"], row["address"], row["secret_env"],
                row["subject"], row["body"])


def steps(ledger: Ledger, incident: int) -> list[Step]:
    rows = ledger.db.execute("SELECT * FROM steps WHERE incident = ? ORDER BY level, seq, id",
                             (incident,)).fetchall()
    if not rows and not ledger.db.execute("SELECT 1 FROM incidents WHERE id = ?",
                                          (incident,)).fetchone():
        raise OutboxError(f"there is no incident {incident} in {ledger.name}")
    return [_step(r) for r in rows]


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of an incident's timeline: when, what (``opened``, ``planned``, ``sent``,
    ``send failed``, ``acknowledged`` …), the step it concerns if any, and what it says."""

    at: dt.datetime
    kind: str
    step: int | None
    detail: str


def timeline(ledger: Ledger, incident: int) -> list[Event]:
    """Everything that happened to an incident, in order.

    Raises:
        OutboxError: the ledger has no such incident.
    """
    steps(ledger, incident)  # raises for an unknown incident
    rows = ledger.db.execute("SELECT at, event, step, detail FROM timeline WHERE incident = ? "
                             "ORDER BY id", (incident,)).fetchall()
    return [Event(dt.datetime.fromisoformat(r["at"]), r["event"], r["step"], r["detail"])
            for r in rows]


@dataclass(frozen=True, slots=True)
class _Case:
    """What every message about one incident repeats: its row, and its reporter and time as
    the office reads them."""

    row: Any
    reporter: str
    known: str


def _case(charter: Charter, db: Connection, incident: int) -> _Case:
    row = db.execute("SELECT * FROM incidents WHERE id = ?", (incident,)).fetchone()
    return _Case(row, charter.label(row["reporter"]),
                 local_text(dt.datetime.fromisoformat(row["known_at"]), charter.timezone))


def _wording(charter: Charter, case: _Case, *, incident: int, rule: str, label: str,
             action: str, deadline: dt.datetime | None, clause: str, level: int
             ) -> tuple[str, str]:
    """A step's subject and body in the charter's words. A case involving a minor carries
    neither the summary nor any detail: the recipient learns what, from whom, by when, and the
    case number to ask about."""
    say = words(charter.language)
    due = say("message.due", deadline=local_text(deadline, charter.timezone)) if deadline else ""
    subject = say("message.subject", rule=charter.label(rule), reporter=case.reporter,
                  incident=incident, due=due)
    lines = [say("message.step", recipient=label, action=action),
             say("message.reporter", reporter=case.reporter, known=case.known),
             # An escalation step cites no clause: its chain is the charter's assumption.
             *([say("message.basis", document=charter.source.document or say("doc.no-number"),
                  clause=clause)]
               if clause else [])]
    if case.row["minor"]:
        lines.append(say("message.minor", office=charter.label(
            charter.office.id if charter.office else "joint-meeting")))
    elif case.row["summary"]:
        lines.append(say("message.summary", summary=case.row["summary"]))
    if level:
        lines.append(say("message.escalation", level=level))
    return subject, "\n".join(lines)


def message(charter: Charter, ledger: Ledger, step: Step) -> Message:
    """The message for a step: the words written when the step was planned (a ledger written
    before they were kept gets them worded now)."""
    if step.subject is not None and step.body is not None:
        row = ledger.db.execute("SELECT minor FROM incidents WHERE id = ?",
                                (step.incident,)).fetchone()
        return Message(step.key, step.incident, step.subject, step.body, bool(row["minor"]))
    case = _case(charter, ledger.db, step.incident)
    subject, body = _wording(charter, case, incident=step.incident, rule=step.rule,
                             label=step.label, action=step.action, deadline=step.deadline,
                             clause=step.clause, level=step.level)
    return Message(step.key, step.incident, subject, body, bool(case.row["minor"]))


@dataclass
class DispatchResult:
    sent: int = 0
    failed: int = 0
    escalated: int = 0
    #: JM530 findings: steps set aside because their rows are damaged.
    set_aside: list[Diagnostic] = field(default_factory=list)


#: What reading a damaged row raises: a time that is not a time, a missing incident, a NULL.
_DAMAGE = (ValueError, TypeError, KeyError, IndexError, OverflowError)


def _set_aside(ledger: Ledger, charter: Charter, db: Connection, row: Any, reason: str,
               now: dt.datetime) -> Diagnostic:
    """Take a damaged step out of the outbox, on its timeline when its incident is there."""
    db.execute("UPDATE steps SET status = 'set-aside', last_error = ? WHERE id = ?",
               (f"damaged row: {reason}"[:500], row["id"]))
    incident = row["incident"]
    if db.execute("SELECT 1 FROM incidents WHERE id = ?", (incident,)).fetchone():
        _event(db, incident, now, "set aside", row["id"],
               words(charter.language)("timeline.damaged", reason=reason))
    return Diagnostic("JM530", f"step {row['id']} of incident {incident} is damaged ({reason}) "
                      "and was set aside; the rest went out. Deliver it by hand and correct "
                      "or remove the row", ledger.name)


#: The threads sends run on, shared by every dispatch in the process (see :mod:`.senders`).
SENDERS = Senders()


def _send(notifier: Notifier, msg: Message, channel: Channel) -> str | None:
    try:
        notifier.send(msg, channel)
    except Exception as exc:  # a plugin's failure is data here, never a crash
        return f"{type(exc).__name__}: {exc}"[:500]
    return None


def _send_all(jobs: list[tuple[Step, Message, Channel, Notifier | None]], timeout: float
              ) -> dict[int, str | None]:
    """Step id -> None on success or the reason it failed; the sends run side by side on the
    shared pool, the whole batch bounded by ``timeout``."""
    results: dict[int, str | None] = {}
    sending: list[int] = []
    tasks = []
    for step, msg, channel, notifier in jobs:
        if notifier is None:
            results[step.id] = f"no notifier '{channel.via}' is installed"
            continue
        sending.append(step.id)
        tasks.append(functools.partial(_send, notifier, msg, channel))
    outcomes = SENDERS.run(tasks, timeout, f"timed out after {timeout:g} s")
    results.update(zip(sending, outcomes, strict=True))
    return results


def dispatch(ledger: Ledger, charter: Charter, notifiers: dict[str, Notifier], *,
             now: dt.datetime, contacts: Contacts | None = None, timeout: float = 10.0,
             batch: int = 200) -> DispatchResult:
    """Send every due step once, then escalate what is overdue. Safe to run concurrently with
    itself, in one process or many sharing the ledger: claiming is a transaction, and a
    dispatcher killed mid-batch leaves its steps to be sent when the claim expires
    (:func:`claim_lease` after ``now``)."""
    lease = claim_lease(timeout)
    result = DispatchResult()
    due: list[tuple[Step, Channel]] = []
    with ledger.transaction() as db:
        rows = db.execute("SELECT * FROM steps WHERE status = 'pending' AND next_at <= ? "
                          "ORDER BY next_at, id LIMIT ?" + ledger.dialect.claim,
                          (_iso(now), batch)).fetchall()
        for row in rows:
            try:
                step = _step(row)
                channel = step.channel()
                if channel is None:
                    raise ValueError("a pending step without a channel")
            except _DAMAGE as exc:
                result.set_aside.append(_set_aside(ledger, charter, db, row, str(exc), now))
                continue
            due.append((step, channel))
            db.execute("UPDATE steps SET attempts = attempts + 1, next_at = ? WHERE id = ?",
                       (_iso(now + lease), step.id))
    jobs = []
    damaged: dict[int, str] = {}
    for step, channel in due:
        try:
            msg = message(charter, ledger, step)
        except _DAMAGE as exc:
            damaged[step.id] = f"its incident's row: {exc}"
            continue
        jobs.append((step, msg, channel, notifiers.get(channel.via)))
    outcomes = _send_all(jobs, timeout)
    say = words(charter.language)
    with ledger.transaction() as db:
        for step, _ in due:
            if step.id in damaged:
                row = db.execute("SELECT * FROM steps WHERE id = ?", (step.id,)).fetchone()
                result.set_aside.append(_set_aside(ledger, charter, db, row, damaged[step.id], now))
                continue
            error = outcomes.get(step.id, "no outcome")
            if error is None:
                db.execute("UPDATE steps SET status = 'sent', sent_at = ?, last_error = NULL "
                           "WHERE id = ? AND status = 'pending'", (_iso(now), step.id))
                _event(db, step.incident, now, "sent", step.id,
                       say("timeline.sent", recipient=step.label, via=step.via,
                           attempt=step.attempts + 1))
                result.sent += 1
            else:
                db.execute("UPDATE steps SET last_error = ?, next_at = ? WHERE id = ?",
                           (error, _iso(now + backoff(step.attempts + 1)), step.id))
                retry = local_text(now + backoff(step.attempts + 1), charter.timezone,
                                   seconds=True)
                _event(db, step.incident, now, "send failed", step.id,
                       say("timeline.failed", recipient=step.label, via=step.via,
                           error=error, retry=retry))
                result.failed += 1
    result.escalated = escalate(ledger, charter, now=now, contacts=contacts)
    return result


def escalate(ledger: Ledger, charter: Charter, *, now: dt.datetime,
             contacts: Contacts | None = None) -> int:
    """Tell the next level about every step past its deadline and not acknowledged."""
    escalation = charter.escalation
    say = words(charter.language)
    count = 0
    with ledger.transaction() as db:
        rows = db.execute(
            "SELECT * FROM steps WHERE escalated = 0 AND acked_at IS NULL AND deadline IS NOT NULL "
            "AND deadline <= ? ORDER BY id" + ledger.dialect.claim, (_iso(now),)).fetchall()
        seen: set[tuple[int, int, int]] = set()
        for row in rows:
            try:
                step = _step(row)
            except _DAMAGE as exc:
                db.execute("UPDATE steps SET escalated = 1 WHERE id = ?", (row["id"],))
                if db.execute("SELECT 1 FROM incidents WHERE id = ?",
                              (row["incident"],)).fetchone():
                    _event(db, row["incident"], now, "set aside", row["id"],
                           say("timeline.damaged.escalation", reason=exc))
                continue
            group = (step.incident, step.seq, step.level)
            db.execute("UPDATE steps SET escalated = 1 WHERE id = ?", (step.id,))
            if group in seen:
                continue  # one escalation per recipient, not per channel
            seen.add(group)
            if db.execute("SELECT 1 FROM steps WHERE incident = ? AND seq = ? AND level = ?",
                          (step.incident, step.seq, step.level + 1)).fetchone():
                # Escalated already through another of its channels' rows: one that another
                # dispatcher's claim held (and so skipped) when that escalation was made.
                continue
            target = next_level(charter, step.recipient)
            if target is None or escalation is None:
                assert step.deadline is not None  # chosen by its deadline
                _event(db, step.incident, now, "overdue", step.id,
                       say("timeline.overdue", recipient=step.label,
                           deadline=local_text(step.deadline, charter.timezone)))
                continue
            channels = tuple(contacts.channels(target)) if contacts else ()
            _add_step(db, charter, step.incident, PlannedStep(
                seq=step.seq, recipient=target, label=charter.label(target),
                action=say("escalation.action", recipient=step.label, action=step.action),
                deadline=aware(now + deadline_delta(escalation.after), charter), rule=step.rule,
                clause=escalation.source or "", channels=channels,
                note=say("escalation.note", recipient=step.label)),
                level=step.level + 1, now=now)
            count += 1
    return count


def ack(ledger: Ledger, charter: Charter, step_id: int, *, now: dt.datetime) -> Step:
    """Acknowledge a step: the recipient has it. Its other channels need not deliver. The
    charter gives the timeline's words."""
    with ledger.transaction() as db:
        row = db.execute("SELECT * FROM steps WHERE id = ?" + ledger.dialect.lock,
                         (step_id,)).fetchone()
        if row is None:
            raise OutboxError(f"there is no step {step_id} in {ledger.name}")
        step = _step(row)
        if row["acked_at"]:
            raise OutboxError(f"step {step_id} was acknowledged at {row['acked_at']}")
        db.execute("UPDATE steps SET acked_at = ?, status = CASE WHEN status = 'pending' "
                   "THEN 'acked' ELSE status END WHERE incident = ? AND seq = ? AND level = ?",
                   (_iso(now), step.incident, step.seq, step.level))
        _event(db, step.incident, now, "acknowledged", step.id,
               words(charter.language)("timeline.step", recipient=step.label,
                                       action=step.action))
    return step
