"""Benchmark: planning a case, and durable dispatch against a bare SQLite loop.

Prints, from one run: the median latency of planning a major case on the Hulin charter (µs);
and the rate at which `dispatch` delivers steps through a no-op notifier, against a bare
insert-and-commit loop on the same disk at the same durability (WAL, synchronous=FULL). Target:
at least half the bare rate. Run: ``python bench/bench_cases.py``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import jointmeeting
from jointmeeting.contacts import Channel, Contacts
from jointmeeting.hookspecs import Message
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
    with Ledger(folder / "ledger.sqlite3") as ledger:
        for i in range(steps):
            open_incident(ledger, charter, plan(charter, Report(
                "major-case", charter.units[i % 34].id, KNOWN), book), now=KNOWN)
        start = time.perf_counter()
        sent = 0
        while sent < steps:
            sent += dispatch(ledger, charter, {"noop": NoOp()}, now=KNOWN, contacts=book).sent
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
    for _ in range(3):  # interleaved, medians
        with tempfile.TemporaryDirectory(dir=out) as folder:
            rates.append((dispatch_rate(charter, Path(folder), 2000),
                          bare_rate(Path(folder), 2000)))
    ours = statistics.median(r for r, _ in rates)
    bare = statistics.median(b for _, b in rates)
    print(f"dispatch, no-op notifier           median {ours:8.0f} steps/s")
    print(f"bare insert+commit, same settings  median {bare:8.0f} rows/s")
    print(f"  ratio {ours / bare:.2f}x (target >= 0.5x)")


if __name__ == "__main__":
    main()
