"""The ledger on PostgreSQL, for a deployment where several machines share one ledger.

The same migrations as SQLite's (:data:`.ledger.MIGRATIONS`), with two spellings changed in
their DDL only: an ``INTEGER PRIMARY KEY`` becomes an identity column (PostgreSQL has no rowid
to alias), and text compares byte by byte (``COLLATE "C"``), as in SQLite, so that times kept
as ISO 8601 text order as times whatever the database's locale. PostgreSQL has no
``user_version``: the schema's version is the ``schema_version`` row of the ``meta`` table,
beside the ``application`` row that marks a ledger.

A database (precisely: the first schema of the URL's ``search_path``) that holds tables and no
jointmeeting ``meta`` is another application's: it is refused and left as it was, as a foreign
SQLite file is. Two processes opening a new ledger at once meet at an advisory lock: one
migrates, the other finds the schema done.

Every message names the ledger by its URL with the password taken out (:func:`.backend.redact`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg.rows import RowMaker

from jointmeeting.runtime.backend import POSTGRESQL, Cursor, redact, scrub
from jointmeeting.runtime.ledger import MIGRATIONS, LedgerError

#: The advisory lock that serialises migrations ("JMLG", as SQLite's application id).
MIGRATION_LOCK = 0x4A4D4C47
#: The ``meta`` row that holds the schema's version.
VERSION_ROW = "schema_version"

#: What the driver raises; an IntegrityError is a caller's race, not a broken ledger.
ERRORS: tuple[type[Exception], ...] = (psycopg.Error,)
INTEGRITY: tuple[type[Exception], ...] = (psycopg.IntegrityError,)


class Row:
    """A row that answers to a column's index and to its name, as ``sqlite3.Row`` does."""

    __slots__ = ("_names", "_values")

    def __init__(self, values: Sequence[Any], names: dict[str, int]) -> None:
        self._values = values
        self._names = names

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._names[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._names)


def _rows(cursor: psycopg.Cursor[Any]) -> RowMaker[Row]:
    names = {column.name: i for i, column in enumerate(cursor.description or ())}
    return functools.partial(Row, names=names)


@functools.lru_cache(maxsize=256)
def _translate(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled first)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PgConnection:
    """A psycopg connection in autocommit mode that takes the ledger's SQLite-spelled SQL;
    transactions are the ``BEGIN``/``COMMIT`` the ledger sends.

    A lost server or a lock waited on too long is a :class:`LedgerError` naming the ledger
    without its password, wherever the statement was (a read outside a transaction too).
    """

    dialect = POSTGRESQL

    def __init__(self, raw: psycopg.Connection[Row], url: str) -> None:
        self.raw = raw
        self.url = url

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        try:
            return self.raw.execute(_translate(sql), tuple(parameters))
        except psycopg.OperationalError as exc:
            raise LedgerError(explain(exc, self.url)) from None

    def close(self) -> None:
        self.raw.close()


def connect(url: str, timeout: float) -> PgConnection:
    """Connect and bring the schema up to date.

    Raises:
        LedgerError: the server cannot be reached, the database is another application's or
            from a newer jointmeeting; the message holds no password.
    """
    try:
        raw: psycopg.Connection[Row] = psycopg.connect(
            url, autocommit=True, row_factory=_rows, connect_timeout=max(int(timeout), 2),
            application_name="jointmeeting")
    except psycopg.Error as exc:
        raise LedgerError(explain(exc, url)) from None
    db = PgConnection(raw, url)
    try:
        # As SQLite's busy timeout: a lock held longer than this is an error, not a hang.
        db.execute(f"SET lock_timeout = {int(timeout * 1000)}")
        # A client that dies inside a transaction (its machine gone, no FIN to the server)
        # would hold its row locks until TCP gives up, hours later; the ledger's transactions
        # never wait on anything but the database, so the server may end such a session.
        db.execute(f"SET idle_in_transaction_session_timeout = {int(timeout * 2000)}")
        migrate(db, url)
    except psycopg.Error as exc:
        db.close()
        raise LedgerError(explain(exc, url)) from None
    except BaseException:
        db.close()
        raise
    return db


def migrate(db: PgConnection, url: str) -> None:
    """Apply the migrations a ledger lacks, in one transaction; refuse a foreign database."""
    name = redact(url)
    db.execute("BEGIN")
    try:
        db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
        schema = db.execute("SELECT current_schema()").fetchone()[0]
        if schema is None:
            raise LedgerError(f"the ledger {name} has no schema to create its tables in: the "
                              "URL's search_path names none that exists; create it first")
        tables = {r[0] for r in db.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')")}
        version = _version(db, tables, name) if tables else 0
        if version > len(MIGRATIONS):
            raise LedgerError(f"the ledger {name} is from a newer jointmeeting (schema "
                              f"{version}, this one knows {len(MIGRATIONS)})")
        for number in range(version, len(MIGRATIONS)):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    db.execute(ddl(statement))
        if version < len(MIGRATIONS):
            db.execute("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) "
                       "DO UPDATE SET value = excluded.value", (VERSION_ROW, str(len(MIGRATIONS))))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _version(db: PgConnection, tables: set[str], name: str) -> int:
    """The schema version of a database that holds tables, or LedgerError if it is not a
    ledger. Only reads: a foreign database is left as it was."""
    found = ", ".join(sorted(tables)[:5])
    refusal = LedgerError(f"{name} is not a jointmeeting ledger (it holds {found}); point "
                          "--ledger at a ledger, or at an empty database or schema to start one")
    if "meta" not in tables:
        raise refusal
    db.execute("SAVEPOINT meta")
    try:
        rows: dict[str, str] = dict(db.execute("SELECT name, value FROM meta WHERE name IN (?, ?)",
                               ("application", VERSION_ROW)).fetchall())
    except psycopg.Error:  # a `meta` table of another shape: another application's
        db.execute("ROLLBACK TO SAVEPOINT meta")
        raise refusal from None
    if rows.get("application") != "jointmeeting" or not str(rows.get(VERSION_ROW, "")).isdigit():
        raise refusal
    return int(rows[VERSION_ROW])


_TEXT = re.compile(r"\bTEXT\b")
_KEY = re.compile(r"\bINTEGER PRIMARY KEY\b")


def ddl(statement: str) -> str:
    """A migration's statement in PostgreSQL's spelling (DDL only; data is left alone)."""
    if not re.match(r"\s*(CREATE|ALTER)\s+TABLE\b", statement, re.IGNORECASE):
        return statement
    statement = _KEY.sub("INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", statement)
    return _TEXT.sub('TEXT COLLATE "C"', statement)


def explain(exc: Exception, url: str) -> str:
    """One line for a driver's error, naming the ledger without its password."""
    name = redact(url)
    text = scrub(" ".join(str(exc).split()), url)
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return f"the ledger {name} is locked by another program; try again"
    if isinstance(exc, psycopg.OperationalError):
        return f"cannot reach the ledger {name}: {text}"
    return f"the ledger {name} cannot be used: {text}"
