"""The embedded ledger: one SQLite file (WAL) for what the office records over time.

Schema changes are numbered migrations kept in :data:`MIGRATIONS`; ``PRAGMA user_version`` says how
many a file has had. Every write is one transaction with ``synchronous=FULL``: a filing that was
acknowledged survives a crash or a power cut.

A ledger is marked as one: ``PRAGMA application_id`` holds :data:`APPLICATION_ID` and a ``meta``
table names the application. An existing file is inspected before anything can write to it
(:func:`inspect`): a file that is empty, truncated, damaged, read-only or another application's
database is refused with one line saying so, and left byte for byte as it was.

Why refuse rather than repair or re-create: the ledger is the only record of pending steps and
filings. A zero-byte or truncated file means those were lost somewhere (a full disk, a bad
copy); starting a fresh ledger over it would hide that, and writing into another program's
database (tables added, WAL switched on) would damage that program's data.

``--ledger postgresql://…`` puts the same ledger on PostgreSQL instead (:mod:`.pg`), for a
deployment where several machines share it; the dialects' differences are in :mod:`.backend`.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from jointmeeting.errors import JointMeetingError
from jointmeeting.runtime.backend import (
    POSTGRESQL,
    SQLITE,
    Connection,
    Dialect,
    is_url,
    redact,
)
from jointmeeting.runtime.files import network_filesystem

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
    """
    CREATE TABLE meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO meta (name, value) VALUES ('application', 'jointmeeting');
    ALTER TABLE proposals ADD COLUMN withdrawn_at TEXT;
    """,
    """
    CREATE TABLE tokens (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        unit TEXT,
        party TEXT,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        token INTEGER REFERENCES tokens (id),
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    """,
    # A step's message, worded when the case is planned (outbox._add_step).
    """
    ALTER TABLE steps ADD COLUMN subject TEXT;
    ALTER TABLE steps ADD COLUMN body TEXT;
    """,
)

#: ``PRAGMA application_id`` of a ledger: "JMLG".
APPLICATION_ID = 0x4A4D4C47

#: The tables a ledger has after each migration; a file without an application id (written
#: before ledgers were marked) is recognised as a ledger by these.
_TABLES: tuple[frozenset[str], ...] = (
    frozenset({"proposals", "filings"}),
    frozenset({"proposals", "filings", "incidents", "steps", "timeline"}),
    frozenset({"proposals", "filings", "incidents", "steps", "timeline", "records"}),
    frozenset({"proposals", "filings", "incidents", "steps", "timeline", "records", "meta"}),
    frozenset({"proposals", "filings", "incidents", "steps", "timeline", "records", "meta",
               "tokens", "audit"}),
    frozenset({"proposals", "filings", "incidents", "steps", "timeline", "records", "meta",
               "tokens", "audit"}),
)

_MAGIC = b"SQLite format 3\x00"


class LedgerError(JointMeetingError):
    """The ledger cannot be opened or written: locked, corrupt, or not a ledger."""


def default_path(charter_path: str | os.PathLike[str]) -> str | Path:
    """``$JOINTMEETING_LEDGER`` (a file or a ``postgresql://`` URL), else
    ``.jointmeeting/ledger.sqlite3`` beside the charter."""
    given = os.environ.get(LEDGER_ENV)
    if given:
        return given if is_url(given) else Path(given)
    return Path(charter_path).resolve().parent / ".jointmeeting" / "ledger.sqlite3"


class Ledger:
    """An open ledger. Use as a context manager, or call :meth:`close`.

    ``path`` is an SQLite file, or a ``postgresql://`` URL. ``name`` is what messages call
    the ledger: the file, or the URL without its password.
    """

    path: Path | None
    name: str
    db: Connection
    dialect: Dialect

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        if is_url(path):
            self._open_postgresql(str(path), timeout)
            return
        self.path = Path(path)
        self.name = str(self.path)
        self.dialect = SQLITE
        self._errors: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
        self._integrity: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
        sqlite_path = self.path
        self._explain: Callable[[Exception], str] = lambda exc: _explain(exc, sqlite_path)
        share = network_filesystem(sqlite_path)
        if share is not None:
            raise LedgerError(
                f"the ledger {sqlite_path} would be on {share}, where SQLite's locks and WAL are "
                "not safe across machines; put it on a local disk (--ledger or "
                f"${LEDGER_ENV}) and keep the charter on the share if you like, or give a "
                "postgresql:// URL for a ledger several machines share")
        try:
            if not (sqlite_path.exists() or sqlite_path.is_symlink()):
                _create(sqlite_path, timeout)
            inspect(sqlite_path)
            db = self.db = _connect(sqlite_path, timeout)
            try:
                _migrate(db, sqlite_path)
            except BaseException:
                db.close()
                raise
        except sqlite3.DatabaseError as exc:
            raise LedgerError(_explain(exc, sqlite_path)) from None
        except OSError as exc:
            raise LedgerError(f"cannot open the ledger {sqlite_path}: {exc.strerror}") from None

    def _open_postgresql(self, url: str, timeout: float) -> None:
        try:
            from jointmeeting.runtime import pg
        except ImportError:
            raise LedgerError(f"the ledger {redact(url)} is on PostgreSQL, which needs psycopg: "
                              "pip install 'jointmeeting[postgres]'") from None
        self.path = None
        self.name = redact(url)
        self.dialect = POSTGRESQL
        self._errors, self._integrity = pg.ERRORS, pg.INTEGRITY
        self._explain = lambda exc: pg.explain(exc, url)
        self.db = pg.connect(url, timeout)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """``BEGIN IMMEDIATE`` (SQLite: one writer at a time) or ``BEGIN`` (PostgreSQL, where
        rows are locked as read: see :class:`.backend.Dialect`) … ``COMMIT``: all or
        nothing."""
        try:
            self.db.execute(self.dialect.begin)
        except self._errors as exc:
            raise LedgerError(self._explain(exc)) from None
        try:
            yield self.db
        except self._errors as exc:
            self._rollback()
            if isinstance(exc, self._integrity):
                raise  # a caller's race to handle, not a damaged file
            raise LedgerError(self._explain(exc)) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.db.execute("COMMIT")
        except self._errors as exc:
            raise LedgerError(self._explain(exc)) from None

    def _rollback(self) -> None:
        # A damaged file (or a lost server) can fail the rollback too; the error being raised
        # says more.
        with suppress(LedgerError, *self._errors):
            self.db.execute("ROLLBACK")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise LedgerError(f"the ledger {path} is from a newer jointmeeting "
                              f"(schema {version}, this one knows {len(MIGRATIONS)})")
        for number in range(version, len(MIGRATIONS)):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _create(path: Path, timeout: float) -> None:
    """A new, complete ledger at ``path``, unless another process made one there meanwhile.

    Why build it aside and link it in: SQLite creates an empty file the moment it opens a
    path. Another process opening the ledger then would find zero bytes, which :func:`inspect`
    rightly refuses.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.new")
    try:
        db = _connect(temp, timeout)
        try:
            _migrate(db, temp)
        finally:
            db.close()
        os.link(temp, path)  # never over a ledger another process made meanwhile
    except FileExistsError:
        pass
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-wal"),
                         temp.with_name(temp.name + "-shm")):
            leftover.unlink(missing_ok=True)


def inspect(path: Path) -> None:
    """Refuse an existing file that is not a sound, writable ledger; read it only.

    Raises:
        LedgerError: one line saying what is wrong with the file and what to do.
    """
    if not path.is_file():
        raise LedgerError(f"the ledger {path} is not a regular file; point --ledger at a "
                          "ledger file")
    size = path.stat().st_size
    if size == 0:
        raise LedgerError(f"the ledger {path} is empty (0 bytes): its steps and filings are "
                          "gone; restore it from a backup, or delete it to start a new ledger")
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise LedgerError(f"the ledger {path} is damaged or is not a jointmeeting ledger (not "
                          "an SQLite database); restore it from a backup")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96] and pages > 0
    wal = path.with_name(path.name + "-wal")
    if size % page_size or (counted and size < pages * page_size and not _nonempty(wal)):
        raise LedgerError(f"the ledger {path} is truncated ({size} bytes of "
                          f"{pages * page_size}); restore it from a backup")
    application = int.from_bytes(header[68:72], "big")
    if application not in (0, APPLICATION_ID):
        raise LedgerError(f"{path} is another application's database (application id "
                          f"{application:#x}), not a jointmeeting ledger; point --ledger at "
                          "a ledger")
    version = int.from_bytes(header[60:64], "big")
    immutable = not wal.exists()
    try:
        _inspect_content(path, application, version, immutable=immutable)
    except LedgerError:
        if not (immutable and wal.exists()):
            raise
        # Another process opened the ledger while it was read as immutable (and may have
        # checkpointed into it): read it again the ordinary way, under SQLite's locks.
        _inspect_content(path, application, version, immutable=False)
    _writable(path)


def _inspect_content(path: Path, application: int, version: int, *, immutable: bool) -> None:
    # Read-only, and immutable when no WAL file is there: opening must not create or change
    # any file beside it.
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    try:
        db = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise LedgerError(_explain(exc, path)) from None
    try:
        tables = {r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application == 0 and not (0 < version <= len(_TABLES) - 1
                                     and tables == _TABLES[version - 1]):
            found = ", ".join(sorted(tables)[:5]) or "no tables"
            raise LedgerError(f"{path} is not a jointmeeting ledger (it holds {found}); "
                              "point --ledger at a ledger, or at a new file to start one")
        problems = [r[0] for r in db.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        raise LedgerError(_explain(exc, path)) from None
    finally:
        db.close()
    if problems != ["ok"]:
        first = " ".join(problems[0].replace("*** in database main ***", "").split())
        raise LedgerError(f"the ledger {path} is damaged ({first}); restore it from a backup")


def _writable(path: Path) -> None:
    """Write bits, not only ``os.access``: root may write anything, but a ledger someone made
    read-only is meant to stay as it is."""
    for where, what in ((path, "file"), (path.parent, "folder")):
        mode = where.stat().st_mode
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) \
                or not os.access(where, os.W_OK):
            raise LedgerError(f"the ledger {path} is read-only (its {what} has mode "
                              f"{stat.S_IMODE(mode):04o}); make it writable, or work on a "
                              "writable copy")


def _nonempty(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def _explain(exc: Exception, path: Path) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"the ledger {path} is locked by another program; try again"
    if "not a database" in text or "malformed" in text:
        return (f"the ledger {path} is damaged or is not a jointmeeting ledger ({text}); "
                "restore it from a backup")
    if "readonly" in text:
        return f"the ledger {path} is read-only ({text}); make it writable"
    return f"the ledger {path} cannot be used: {text}"
