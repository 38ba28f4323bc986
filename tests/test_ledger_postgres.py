"""The ledger on PostgreSQL: a database of another application refused and left as it was, the
schema's version in ``meta``, processes creating one ledger at once, and a password in the URL
that never reaches a message. The ledger and outbox suites run on PostgreSQL too (the
``ledger_url`` fixture); these are what only PostgreSQL has."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.runtime.access import Role, audit_log, tokens
from jointmeeting.runtime.backend import is_url, redact, scrub
from jointmeeting.runtime.ledger import MIGRATIONS, Ledger, LedgerError
from jointmeeting.runtime.outbox import escalate, open_incident, steps
from jointmeeting.runtime.pg import VERSION_ROW
from jointmeeting.runtime.plan import Report, plan

from .conftest import HULIN, POSTGRES_ENV, postgres_server
from .live import start
from .test_cases import KNOWN, contacts

SECRET = "Pw-s3cret-9f3c"


def test_ci_never_skips_postgresql() -> None:
    """.ci/run starts a server and exports its URL: under CI the PostgreSQL cases run."""
    if os.environ.get("CI") != "true":
        pytest.skip("not under CI (CI=true): the PostgreSQL cases may skip here")
    given = bool(os.environ.get(POSTGRES_ENV))  # a bool: a failure prints no environment
    assert given, f".ci/run must export ${POSTGRES_ENV}"


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://office:" + SECRET + "@db.example:5432/ledger",
     "postgresql://office:***@db.example:5432/ledger"),
    ("postgres://office@db.example/ledger?password=" + SECRET + "&sslmode=require",
     "postgres://office@db.example/ledger?password=***&sslmode=require"),
    ("postgresql:///ledger?host=/run/pg", "postgresql:///ledger?host=/run/pg"),
])
def test_a_password_is_redacted(url: str, shown: str) -> None:
    assert is_url(url)
    assert redact(url) == shown
    secret = SECRET if SECRET in url else "(none)"
    assert scrub(f"cannot use {url}: password {secret} refused", url) == \
        f"cannot use {shown}: password {'***' if SECRET in url else secret} refused"


def test_a_file_is_not_a_url() -> None:
    assert not is_url("ledger.sqlite3") and not is_url(Path("postgresql:/x"))


def _with_password(url: str, database: str | None = None, *, in_query: bool = False) -> str:
    parts = urlsplit(url)
    host = parse_qs(parts.query)["host"][0]
    user = parts.username or "jointmeeting"
    path = f"/{database}" if database else parts.path
    options = parse_qs(parts.query).get("options", [""])[0]
    query = f"host={host}" + (f"&options={options.replace('=', '%3D')}" if options else "")
    if in_query:
        return f"postgresql://{user}@{path}?{query}&password={SECRET}"
    return f"postgresql://{user}:{SECRET}@{path}?{query}"


@pytest.mark.parametrize("in_query", [False, True])
def test_a_password_never_reaches_a_message(
        postgres_schema: str, in_query: bool, capsys: pytest.CaptureFixture[str]) -> None:
    # The test server trusts its socket, so a password is accepted and ignored: the ledger
    # opens, and every message about it shows the URL without the password.
    url = _with_password(postgres_schema, in_query=in_query)
    with Ledger(url) as ledger:
        assert SECRET not in ledger.name and "***" in ledger.name
    assert main(["incident", "status", "9", "--charter", str(HULIN), "--ledger", url]) == 1
    err = capsys.readouterr().err
    assert "no incident 9 in postgresql://" in err and SECRET not in err and "***" in err
    # A database that does not exist: the server's refusal, and still no password.
    missing = _with_password(postgres_schema, "no_such_ledger", in_query=in_query)
    with pytest.raises(LedgerError) as caught:
        Ledger(missing)
    assert "no_such_ledger" in str(caught.value) and SECRET not in str(caught.value)
    assert main(["roster", "proposals", "--charter", str(HULIN), "--ledger", missing]) == 1
    err = capsys.readouterr().err
    assert err.startswith("jointmeeting: cannot reach the ledger postgresql://")
    assert SECRET not in err and "Traceback" not in err


def _tables(url: str) -> list[str]:
    with psycopg.connect(url) as db:
        return sorted(r[0] for r in db.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()"))


FOREIGN = {
    "other tables": ["CREATE TABLE customers (id integer PRIMARY KEY, name text)",
                     "INSERT INTO customers VALUES (1, 'someone')"],
    "a meta table of its own": ["CREATE TABLE meta (name text PRIMARY KEY, value text)",
                                "INSERT INTO meta VALUES ('application', 'crm')"],
    "a meta table of another shape": ["CREATE TABLE meta (k integer, v integer)"],
}


@pytest.mark.parametrize("holds", list(FOREIGN))
def test_another_applications_database_is_refused_and_left_as_it_was(
        postgres_schema: str, holds: str, capsys: pytest.CaptureFixture[str]) -> None:
    with psycopg.connect(postgres_schema, autocommit=True) as db:
        for statement in FOREIGN[holds]:
            db.execute(statement)
        before = db.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                            "ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                            ).fetchone()
    tables = _tables(postgres_schema)
    assert main(["dispatch", "--once", "--charter", str(HULIN), "--ledger",
                 postgres_schema]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("jointmeeting: ") and "is not a jointmeeting ledger (it holds" in line
    with pytest.raises(LedgerError, match="is not a jointmeeting ledger"):
        Ledger(postgres_schema)
    assert _tables(postgres_schema) == tables  # nothing added, nothing changed
    with psycopg.connect(postgres_schema) as db:
        assert db.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                          "ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                          ).fetchone() == before


def test_the_schema_version_is_in_meta_and_a_newer_ledger_is_refused(
        postgres_schema: str, tmp_path: Path) -> None:
    with Ledger(postgres_schema) as ledger:
        assert ledger.dialect.name == "postgresql" and ledger.path is None
        rows = dict(ledger.db.execute("SELECT name, value FROM meta").fetchall())
    assert rows == {"application": "jointmeeting", VERSION_ROW: str(len(MIGRATIONS))}
    with Ledger(tmp_path / "l.sqlite3") as twin:  # the same migrations, the same tables
        made = {r[0] for r in twin.db.execute("SELECT name FROM sqlite_master "
                                              "WHERE type = 'table'")}
    assert set(_tables(postgres_schema)) == made
    with Ledger(postgres_schema):  # opened again: nothing to migrate
        pass
    with psycopg.connect(postgres_schema, autocommit=True) as db:
        db.execute("UPDATE meta SET value = %s WHERE name = %s",
                   (str(len(MIGRATIONS) + 1), VERSION_ROW))
    with pytest.raises(LedgerError, match="is from a newer jointmeeting"):
        Ledger(postgres_schema)


def test_a_schema_that_does_not_exist_is_named(postgres_schema: str) -> None:
    server = postgres_server()
    url = server + ("&" if "?" in server else "?") + "options=-csearch_path%3Dnowhere_at_all"
    with pytest.raises(LedgerError, match="names none that exists"):
        Ledger(url)


OPENER = """
import os, sys, time
from jointmeeting.runtime.ledger import Ledger
print("ready", flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.002)
with Ledger(sys.argv[2]) as ledger:
    ledger.db.execute("SELECT count(*) FROM steps").fetchone()
"""


def test_processes_creating_one_ledger_at_once_all_open_it(postgres_schema: str,
                                                          tmp_path: Path) -> None:
    """They meet at the migration's advisory lock: one creates the tables, the others find
    them made."""
    go = tmp_path / "go"
    children = [subprocess.Popen([sys.executable, "-c", OPENER, str(go), postgres_schema],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(4)]
    assert all(c.stdout is not None and c.stdout.readline() == "ready\n" for c in children)
    go.touch()
    outcomes = [(c.wait(timeout=60), c.communicate()[1]) for c in children]
    assert outcomes == [(0, "")] * 4
    with psycopg.connect(postgres_schema) as db:
        assert db.execute("SELECT value FROM meta WHERE name = %s", (VERSION_ROW,)
                          ).fetchall() == [(str(len(MIGRATIONS)),)]


def test_a_server_lost_mid_use_is_one_line_without_the_password(postgres_schema: str) -> None:
    url = _with_password(postgres_schema)
    with Ledger(url) as ledger:
        with psycopg.connect(postgres_schema, autocommit=True) as admin:
            pid = ledger.db.execute("SELECT pg_backend_pid()").fetchone()[0]
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(LedgerError) as read:  # a read, outside any transaction
            steps(ledger, 1)
        with pytest.raises(LedgerError) as write, ledger.transaction() as db:
            db.execute("SELECT 1")
    for caught in (read, write):
        message = str(caught.value)
        assert message.startswith("cannot reach the ledger postgresql://jointmeeting:***@")
        assert SECRET not in message


def test_a_step_escalates_once_though_a_claim_held_one_of_its_channels(
        hulin: jointmeeting.Charter, postgres_schema: str, tmp_path: Path) -> None:
    """Escalation skips rows another dispatcher holds (FOR UPDATE SKIP LOCKED): a recipient
    reached on two channels, one row held, escalates through the other, and not again when
    the held row comes free."""
    book = contacts(tmp_path, office=[{"via": "jsonl", "to": str(tmp_path / "a.jsonl")},
                                      {"via": "jsonl", "to": str(tmp_path / "b.jsonl")}])
    later = KNOWN + dt.timedelta(days=3)
    with Ledger(postgres_schema) as ledger:
        incident = open_incident(ledger, hulin, plan(hulin, Report("major-case", "市教育局",
                                                                   KNOWN), book), now=KNOWN)
        first, _ = steps(ledger, incident)
        with psycopg.connect(postgres_schema) as other:  # as a claim under way elsewhere
            other.execute("SELECT 1 FROM steps WHERE id = %s FOR UPDATE", (first.id,))
            assert escalate(ledger, hulin, now=later, contacts=book) == 1
        assert escalate(ledger, hulin, now=later, contacts=book) == 0
        assert [s.level for s in steps(ledger, incident)].count(1) == 1


def test_the_service_on_a_postgresql_ledger_keeps_the_password_out_of_its_log(
        postgres_schema: str, tmp_path: Path) -> None:
    """`jointmeeting serve --ledger postgresql://…`: tokens, a case opened and acknowledged
    through the API, the writes in the audit log, and no password in the server's log."""
    url = _with_password(postgres_schema)
    live = start(tmp_path, tokens={"office": (Role.OFFICE, None, None),
                                   "member": (Role.MEMBER, "civil-affairs", None)}, ledger=url)
    try:
        with live.client("member") as member:
            opened = member.post("/incidents", json={
                "rule": "major-case", "reporter": "civil-affairs", "known_at": "2026-03-02T09:00"})
        assert opened.status_code == 201, opened.text
        case = opened.json()["data"]
        with live.client("office") as office:
            acked = office.post(f"/steps/{case['waiting'][0]['step']}/ack")
            assert acked.status_code == 200 and not acked.json()["data"]["open"]
            events = office.get(f"/incidents/{case['id']}/timeline").json()["data"]
        assert [e["event"] for e in events] == ["opened", "planned", "acknowledged"]
    finally:
        live.stop()
    with Ledger(postgres_schema) as ledger:
        assert {t.label for t in tokens(ledger)} == {"office", "member"}
        assert len(audit_log(ledger)) >= 2
    log = live.log.read_text("utf-8")
    assert '"POST /incidents HTTP/1.1" 201' in log and SECRET not in log
