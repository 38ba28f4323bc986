"""Who may use the service: bearer tokens bound to a role, and the log of who wrote what.

A token is shown once, when it is made, and stored only as its SHA-256 hash: a copy of the
ledger lets nobody in. Each token is bound to one role, and a member unit's or a reporting
party's token to that unit or party:

- ``office``: the joint meeting's office; sees every case in full, acts on anyone's behalf;
- ``convener``: a convener; reads every case (never a minor's details), acknowledges what is
  addressed to a post;
- ``member``: one member unit; opens cases as itself, sees and acknowledges its own;
- ``party``: a reporting party outside the table (a school, a hospital); opens cases as itself
  and follows them;
- ``reader``: reads the charter, nothing of cases.

Every write made through the service is recorded in ``audit`` with the token that made it, in
the same ledger as the write. The SQL here is plain and parameterised with ``?``, in the
dialect SQLite and PostgreSQL share.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from jointmeeting.charter.model import Charter, NameLookupError
from jointmeeting.errors import JointMeetingError
from jointmeeting.runtime.backend import insert
from jointmeeting.runtime.ledger import Ledger

#: What every token starts with, so a leaked one is recognisable (secret scanners, logs).
PREFIX = "jm_"


class Role(enum.StrEnum):
    OFFICE = "office"
    CONVENER = "convener"
    MEMBER = "member"
    PARTY = "party"
    READER = "reader"


class AccessError(JointMeetingError):
    """A token that cannot be made or revoked as asked."""


@dataclass(frozen=True, slots=True)
class Token:
    """A token as the ledger keeps it: never the token itself."""

    id: int
    role: Role
    unit: str | None
    party: str | None
    label: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    @property
    def actor(self) -> str:
        """Who, for the audit log and the timeline: the label, role and binding."""
        bound = self.unit or self.party
        return f"{self.label} ({self.role}{':' + bound if bound else ''}, token {self.id})"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _token(row: Any) -> Token:
    return Token(row["id"], Role(row["role"]), row["unit"], row["party"], row["label"],
                 dt.datetime.fromisoformat(row["created_at"]),
                 dt.datetime.fromisoformat(row["revoked_at"]) if row["revoked_at"] else None)


def add_token(ledger: Ledger, charter: Charter, role: Role | str, label: str, *,
              unit: str | None = None, party: str | None = None) -> tuple[Token, str]:
    """Make a token; return its record and the token, which is never shown again.

    Raises:
        AccessError: a binding the role does not take, or one the charter lacks.
    """
    role = Role(role)
    if not label.strip():
        raise AccessError("a token needs a --label saying whose it is")
    if role is Role.MEMBER:
        if unit is None or party is not None:
            raise AccessError("a member token is bound to one unit: give --unit, not --party")
        try:
            unit = charter.unit(unit).id
        except NameLookupError as exc:
            raise AccessError(str(exc.args[0])) from None
    elif role is Role.PARTY:
        if party is None or unit is not None:
            raise AccessError("a party token is bound to one party: give --party, not --unit")
        try:
            party = charter.party(party).id
        except NameLookupError as exc:
            raise AccessError(str(exc.args[0])) from None
    elif unit is not None or party is not None:
        raise AccessError(f"a {role} token is bound to no unit or party")
    secret = PREFIX + secrets.token_urlsafe(32)
    with ledger.transaction() as db:
        made = insert(
            db, "INSERT INTO tokens (hash, role, unit, party, label, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (digest(secret), role.value, unit, party,
                                          label.strip(), _now()))
        row = db.execute("SELECT * FROM tokens WHERE id = ?", (made,)).fetchone()
    return _token(row), secret


def revoke_token(ledger: Ledger, token_id: int) -> Token:
    """Revoke a token: from now on it lets nobody in. Its record stays, for the audit log."""
    with ledger.transaction() as db:
        row = db.execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
        if row is None:
            raise AccessError(f"there is no token {token_id}; jointmeeting token list "
                              "lists them")
        if row["revoked_at"]:
            raise AccessError(f"token {token_id} was revoked at {row['revoked_at']}")
        db.execute("UPDATE tokens SET revoked_at = ? WHERE id = ?", (_now(), token_id))
        row = db.execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
    return _token(row)


def tokens(ledger: Ledger) -> list[Token]:
    """Every token ever made, revoked ones too."""
    return [_token(r) for r in ledger.db.execute("SELECT * FROM tokens ORDER BY id")]


def authenticate(ledger: Ledger, secret: str) -> Token | None:
    """The live token ``secret`` is, or None. Only its hash is looked up."""
    row = ledger.db.execute("SELECT * FROM tokens WHERE hash = ? AND revoked_at IS NULL",
                            (digest(secret),)).fetchone()
    return _token(row) if row else None


def record(ledger: Ledger, token: Token, action: str, target: str,
           detail: dict[str, Any] | None = None) -> None:
    """Write ``action`` on ``target`` by ``token`` to the audit log."""
    with ledger.transaction() as db:
        db.execute("INSERT INTO audit (at, token, actor, action, target, detail) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (_now(), token.id, token.actor, action, target,
                    json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)))


@dataclass(frozen=True, slots=True)
class Entry:
    at: dt.datetime
    token: int | None
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


def audit_log(ledger: Ledger) -> list[Entry]:
    """The audit log, oldest first."""
    return [Entry(dt.datetime.fromisoformat(r["at"]), r["token"], r["actor"], r["action"],
                  r["target"], json.loads(r["detail"]))
            for r in ledger.db.execute("SELECT * FROM audit ORDER BY id")]
