"""The embedded ledger: one SQLite file (WAL) for what the office records over time.

Schema changes are numbered migrations kept in :data:`MIGRATIONS`; ``PRAGMA user_version`` says how
many a file has had. Every write is one transaction with ``synchronous=FULL``: a filing that was
acknowledged survives a crash or a power cut.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jointmeeting.errors import JointMeetingError

LEDGER_ENV = "JOINTMEETING_LEDGER"

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE proposals (
        id INTEGER PRIMARY KEY,
        charter TEXT NOT NULL,
        unit TEXT NOT NULL,
        name TEXT NOT NULL,
        position TEXT NOT NULL,
        effective TEXT NOT NULL,
        proposed_at TEXT NOT NULL
    );
    CREATE TABLE filings (
        id INTEGER PRIMARY KEY,
        proposal INTEGER NOT NULL UNIQUE REFERENCES proposals (id),
        number TEXT NOT NULL,
        filed_on TEXT NOT NULL,
        written_at TEXT,
        UNIQUE (number)
    );
    """,
    """
    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        charter TEXT NOT NULL,
        charter_hash TEXT NOT NULL,
        rule TEXT NOT NULL,
        reporter TEXT NOT NULL,
        known_at TEXT NOT NULL,
        summary TEXT NOT NULL,
        minor INTEGER NOT NULL,
        private TEXT NOT NULL,
        opened_at TEXT NOT NULL
    );
    CREATE TABLE steps (
        id INTEGER PRIMARY KEY,
        incident INTEGER NOT NULL REFERENCES incidents (id),
        seq INTEGER NOT NULL,
        level INTEGER NOT NULL,
        recipient TEXT NOT NULL,
        label TEXT NOT NULL,
        action TEXT NOT NULL,
        deadline TEXT,
        rule TEXT NOT NULL,
        clause TEXT NOT NULL,
        note TEXT NOT NULL,
        via TEXT,
        address TEXT,
        secret_env TEXT,
        key TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT,
        acked_at TEXT,
        escalated INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX steps_due ON steps (status, next_at);
    CREATE INDEX steps_overdue ON steps (escalated, deadline);
    CREATE TABLE timeline (
        id INTEGER PRIMARY KEY,
        incident INTEGER NOT NULL REFERENCES incidents (id),
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        step INTEGER,
        detail TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        charter TEXT NOT NULL,
        year INTEGER NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (charter, year, kind, key)
    );
    """,
)


class LedgerError(JointMeetingError):
    """The ledger cannot be opened or written: locked, corrupt, or not a ledger."""


def default_path(charter_path: str | os.PathLike[str]) -> Path:
    """``$JOINTMEETING_LEDGER``, else ``.jointmeeting/ledger.sqlite3`` beside the charter."""
    if os.environ.get(LEDGER_ENV):
        return Path(os.environ[LEDGER_ENV])
    return Path(charter_path).resolve().parent / ".jointmeeting" / "ledger.sqlite3"


class Ledger:
    """An open ledger. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise LedgerError(_explain(exc, self.path)) from None
        except OSError as exc:
            raise LedgerError(f"cannot open the ledger {self.path}: {exc.strerror}") from None

    def _migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise LedgerError(f"the ledger {self.path} is from a newer jointmeeting "
                                  f"(schema {version}, this one knows {len(MIGRATIONS)})")
            for number in range(version, len(MIGRATIONS)):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``: one writer at a time, all or nothing."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise LedgerError(_explain(exc, self.path)) from None
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise LedgerError(_explain(exc, self.path)) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _explain(exc: sqlite3.DatabaseError, path: Path) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"the ledger {path} is locked by another program; try again"
    if "not a database" in text or "malformed" in text:
        return f"the ledger {path} is damaged or is not a jointmeeting ledger ({text})"
    return f"the ledger {path} cannot be used: {text}"
