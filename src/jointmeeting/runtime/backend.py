"""What the ledger's two databases share, and the few places where their SQL differs.

The ledger's SQL is written once, in SQLite's spelling (``?`` placeholders), and runs on both
SQLite (the embedded default) and PostgreSQL (a ledger several machines share). What differs
is all here, in a :class:`Dialect`: how a writing transaction begins, how a transaction locks
the rows it reads (``FOR UPDATE``) and claims rows no other transaction holds (``FOR UPDATE
SKIP LOCKED``). SQLite needs neither lock: ``BEGIN IMMEDIATE`` already admits one writer at a
time. PostgreSQL's placeholders (``%s``) are translated by its connection (:mod:`.pg`).

A PostgreSQL URL may hold a password: :func:`redact` is what every message shows instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

#: The schemes that name a PostgreSQL ledger rather than a file.
POSTGRES_SCHEMES = ("postgresql", "postgres")


class Cursor(Protocol):
    """What the ledger reads from a statement: rows that answer to an index and a name."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """An open database: ``sqlite3.Connection``, or :class:`.pg.PgConnection`."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Dialect:
    """The SQL that differs between the ledger's databases."""

    name: str
    #: Begins a transaction that will write.
    begin: str
    #: Appended to a SELECT whose rows the transaction will change (others wait).
    lock: str
    #: Appended to a SELECT that claims rows: rows another transaction holds are skipped.
    claim: str


SQLITE = Dialect("sqlite", begin="BEGIN IMMEDIATE", lock="", claim="")
POSTGRESQL = Dialect("postgresql", begin="BEGIN", lock=" FOR UPDATE",
                     claim=" FOR UPDATE SKIP LOCKED")


def is_url(target: str | os.PathLike[str]) -> bool:
    """Whether ``--ledger`` names a PostgreSQL database rather than a file."""
    return isinstance(target, str) and urlsplit(target).scheme in POSTGRES_SCHEMES


def insert(db: Connection, sql: str, parameters: Sequence[Any]) -> int:
    """Run an ``INSERT`` and return the new row's ``id`` (both dialects have ``RETURNING``;
    the rows are all fetched so that no statement is left running at ``COMMIT``)."""
    (row,) = db.execute(f"{sql} RETURNING id", parameters).fetchall()
    return int(row[0])


_AUTHORITY_PASSWORD = re.compile(r"^([A-Za-z][\w+.-]*://[^:/?#@]*):([^@/]*)@")
_QUERY_PASSWORD = re.compile(r"([?&](?:ssl)?password=)([^&#]*)")


def redact(url: str) -> str:
    """The URL as written, its password (in the authority or the query) replaced by ``***``."""
    return _QUERY_PASSWORD.sub(r"\1***", _AUTHORITY_PASSWORD.sub(r"\1:***@", url))


def secrets(url: str) -> list[str]:
    """The URL's passwords as written and percent-decoded, longest first."""
    found = [m.group(2) for m in (_AUTHORITY_PASSWORD.match(url), *_QUERY_PASSWORD.finditer(url))
             if m and m.group(2)]
    return sorted({*found, *(unquote(s) for s in found)}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """``text`` with the URL redacted and any of its passwords replaced by ``***``."""
    text = text.replace(url, redact(url))
    for secret in secrets(url):
        text = text.replace(secret, "***")
    return text
