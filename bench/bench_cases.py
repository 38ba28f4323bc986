"""Benchmark: planning a case, and durable dispatch against a bare SQLite loop.

Prints, from one run: the median latency of planning a major case on the Hulin charter (µs);
and the rate at which `dispatch` delivers steps through a no-op notifier, against two floors on
the same disk at the same durability (WAL, synchronous=FULL):

- the honest floor: the same statements in the same transactions as `dispatch` (claim a batch,
  read each step's incident, record the batch, look for overdue steps), with no sending and no
  Python objects in between (target: at least 0.5x);
- a bare insert-and-commit loop, one transaction per row (it commits far more often than
  `dispatch` does, so its ratio flatters).

Run: ``python bench/bench_cases.py``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import jointmeeting
from jointmeeting.charter.contacts import Channel, Contacts
from jointmeeting.host.hookspecs import Message
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import dispatch, open_incident
from jointmeeting.runtime.plan import Report, plan

ROOT = Path(__file__).resolve().parent.parent
KNOWN = dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC)


class NoOp:
    def send(self, message: Message, channel: Channel) -> None:
        return None


def plan_latency(charter: jointmeeting.Charter, repeat: int = 2000) -> float:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        plan(charter, Report("major-case", charter.units[i % 34].id, KNOWN))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def dispatch_rate(charter: jointmeeting.Charter, folder: Path, steps: int) -> float:
    book = Contacts.model_validate({"format": 1, "recipients": {"office": [{"via": "noop"}]}})
    with _ledger_with_steps(charter, folder / "ledger.sqlite3", steps) as ledger:
        start = time.perf_counter()
        sent = 0
        while sent < steps:
            sent += dispatch(ledger, charter, {"noop": NoOp()}, now=KNOWN, contacts=book).sent
        return steps / (time.perf_counter() - start)


def _ledger_with_steps(charter: jointmeeting.Charter, path: Path, steps: int) -> Ledger:
    book = Contacts.model_validate({"format": 1, "recipients": {"office": [{"via": "noop"}]}})
    ledger = Ledger(path)
    for i in range(steps):
        open_incident(ledger, charter, plan(charter, Report(
            "major-case", charter.units[i % 34].id, KNOWN), book), now=KNOWN)
    return ledger


def floor_rate(charter: jointmeeting.Charter, folder: Path, steps: int, batch: int = 200
               ) -> float:
    """`dispatch`'s statements and transactions on the same ledger, with nothing sent."""
    now = KNOWN.isoformat()
    later = (KNOWN + dt.timedelta(seconds=30)).isoformat()
    with _ledger_with_steps(charter, folder / "floor.sqlite3", steps) as ledger:
        db = ledger.db
        start = time.perf_counter()
        sent = 0
        while sent < steps:
            db.execute("BEGIN IMMEDIATE")
            rows = db.execute("SELECT * FROM steps WHERE status = 'pending' AND next_at <= ? "
                              "ORDER BY next_at, id LIMIT ?", (now, batch)).fetchall()
            for row in rows:
                db.execute("UPDATE steps SET attempts = attempts + 1, next_at = ? WHERE id = ?",
                           (later, row["id"]))
            db.execute("COMMIT")
            for row in rows:
                db.execute("SELECT * FROM incidents WHERE id = ?", (row["incident"],)).fetchone()
            db.execute("BEGIN IMMEDIATE")
            for row in rows:
                db.execute("UPDATE steps SET status = 'sent', sent_at = ?, last_error = NULL "
                           "WHERE id = ? AND status = 'pending'", (now, row["id"]))
                db.execute("INSERT INTO timeline (incident, at, event, step, detail) "
                           "VALUES (?, ?, ?, ?, ?)", (row["incident"], now, "sent", row["id"],
                                                      f"{row['label']} via {row['via']}"))
            db.execute("COMMIT")
            db.execute("BEGIN IMMEDIATE")
            db.execute("SELECT * FROM steps WHERE escalated = 0 AND acked_at IS NULL AND "
                       "deadline IS NOT NULL AND deadline <= ? ORDER BY id", (now,)).fetchall()
            db.execute("COMMIT")
            sent += len(rows)
        return steps / (time.perf_counter() - start)


def bare_rate(folder: Path, rows: int) -> float:
    db = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, key TEXT, at TEXT)")
    start = time.perf_counter()
    for i in range(rows):
        db.execute("BEGIN")
        db.execute("INSERT INTO t (key, at) VALUES (?, ?)", (f"k{i}", KNOWN.isoformat()))
        db.execute("COMMIT")
    rate = rows / (time.perf_counter() - start)
    db.close()
    return rate


def main() -> None:
    charter = jointmeeting.load_charter(ROOT / "charters" / "huilin.yaml")
    print(f"plan a major case (Hulin)          median {plan_latency(charter):8.1f} µs")
    # On the bench folder's disk, not /tmp, which may be memory: durability costs real fsyncs.
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    rates = []
    for _ in range(5):  # interleaved, medians
        with tempfile.TemporaryDirectory(dir=out) as folder:
            rates.append((dispatch_rate(charter, Path(folder), 2000),
                          floor_rate(charter, Path(folder), 2000),
                          bare_rate(Path(folder), 2000)))
    ours = statistics.median(r for r, _, _ in rates)
    floor = statistics.median(f for _, f, _ in rates)
    bare = statistics.median(b for _, _, b in rates)
    print(f"dispatch, no-op notifier           median {ours:8.0f} steps/s")
    print(f"same statements, nothing sent      median {floor:8.0f} steps/s")
    print(f"bare insert+commit per row         median {bare:8.0f} rows/s")
    print(f"  ratio to the honest floor {ours / floor:.2f}x (target >= 0.5x); "
          f"to the bare loop {ours / bare:.2f}x")


if __name__ == "__main__":
    main()
