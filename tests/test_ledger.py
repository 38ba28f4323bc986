"""The damaged-ledger suite: a ledger that is truncated, empty, another application's, read-only
or damaged inside is refused with one clear line and left byte for byte as it was; one damaged
row is set aside and the rest of its batch goes out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import jointmeeting
from jointmeeting.charter.contacts import Contacts
from jointmeeting.cli import main
from jointmeeting.host.hookspecs import Notifier
from jointmeeting.host.manager import plugin_host
from jointmeeting.runtime.ledger import APPLICATION_ID, MIGRATIONS, Ledger, LedgerError
from jointmeeting.runtime.outbox import dispatch, open_incident, steps, timeline
from jointmeeting.runtime.plan import Report, plan

from .conftest import HULIN

KNOWN = dt.datetime(2025, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def book(tmp_path: Path) -> Contacts:
    return Contacts.model_validate({"format": 1, "recipients": {
        "office": [{"via": "jsonl", "to": str(tmp_path / "office.jsonl")}]}})


def fill(where: str | Path, hulin: jointmeeting.Charter, tmp_path: Path) -> None:
    """40 incidents with a pending step each, the ledger closed (an SQLite file's WAL
    checkpointed into it)."""
    with Ledger(where) as ledger:
        units = [u.id for u in hulin.units]
        for i in range(40):
            open_incident(ledger, hulin, plan(hulin, Report(
                "major-case", units[i % len(units)], KNOWN), book(tmp_path)), now=KNOWN)


@pytest.fixture
def good(hulin: jointmeeting.Charter, tmp_path: Path) -> Path:
    """A sound ledger with 40 pending steps, closed (its WAL checkpointed into the file)."""
    path = tmp_path / "good.sqlite3"
    fill(path, hulin, tmp_path)
    return path


def truncated(good: Path, tmp_path: Path) -> Path:
    raw = good.read_bytes()
    bad = tmp_path / "truncated.sqlite3"
    bad.write_bytes(raw[:len(raw) // 2])
    return bad


def zero_byte(good: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "empty.sqlite3"
    bad.write_bytes(b"")
    return bad


def foreign(good: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "crm.sqlite3"
    db = sqlite3.connect(bad)
    db.executescript("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
                     "INSERT INTO customers (name) VALUES ('someone');")
    db.close()
    return bad


def foreign_with_an_id(good: Path, tmp_path: Path) -> Path:
    bad = foreign(good, tmp_path)
    db = sqlite3.connect(bad)
    db.execute("PRAGMA application_id = 1196643406")  # another program's mark
    db.close()
    return bad


def malformed_page(good: Path, tmp_path: Path) -> Path:
    raw = bytearray(good.read_bytes())
    page = int.from_bytes(raw[16:18], "big")
    raw[3 * page:4 * page] = b"\xa5" * page  # a table page overwritten; the header is intact
    bad = tmp_path / "malformed.sqlite3"
    bad.write_bytes(bytes(raw))
    return bad


def immutable(good: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "readonly.sqlite3"
    shutil.copyfile(good, bad)
    bad.chmod(0o444)
    return bad


def in_a_read_only_folder(good: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "locked"
    folder.mkdir()
    bad = folder / "ledger.sqlite3"
    shutil.copyfile(good, bad)
    folder.chmod(0o555)
    return bad


DAMAGE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "truncated": (truncated, "is truncated"),
    "zero-byte": (zero_byte, "is empty (0 bytes)"),
    "foreign schema": (foreign, "is not a jointmeeting ledger (it holds customers)"),
    "foreign application id": (foreign_with_an_id, "is another application's database"),
    "malformed page": (malformed_page, "is damaged"),
    "immutable file": (immutable, "is read-only (its file has mode 0444)"),
    "read-only folder": (in_a_read_only_folder, "is read-only (its folder has mode 0555)"),
}


def fingerprint(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(os.listdir(path.parent))


@pytest.fixture
def restore_modes(tmp_path: Path) -> Iterator[None]:
    yield
    for folder in tmp_path.rglob("*"):
        if folder.is_dir():
            folder.chmod(stat.S_IRWXU)


@pytest.mark.usefixtures("restore_modes")
@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("command", [["dispatch", "--once"], ["incident", "status", "1"],
                                     ["roster", "proposals"]])
def test_a_damaged_ledger_is_one_line_and_left_as_it_was(
        damage: str, command: list[str], good: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    make, says = DAMAGE[damage]
    bad = make(good, tmp_path)
    before = fingerprint(bad)
    code = main([*command, "--charter", str(HULIN), "--ledger", str(bad)])
    captured = capsys.readouterr()
    assert code == 1
    (line,) = captured.err.splitlines()
    assert line.startswith("jointmeeting: ") and says in line and str(bad) in line
    assert "Traceback" not in captured.err
    assert fingerprint(bad) == before  # same bytes, and no -wal, -shm or journal beside it


def test_a_foreign_database_gets_no_tables_and_no_wal(tmp_path: Path) -> None:
    bad = foreign(tmp_path, tmp_path)
    with pytest.raises(LedgerError, match="not a jointmeeting ledger"):
        Ledger(bad)
    db = sqlite3.connect(bad)
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["customers"]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_new_ledger_is_marked_and_a_ledger_from_before_marks_is_still_opened(
        tmp_path: Path) -> None:
    with Ledger(tmp_path / "new.sqlite3") as ledger:
        assert ledger.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert ledger.db.execute("SELECT value FROM meta WHERE name = 'application'"
                                 ).fetchone()[0] == "jointmeeting"
    old = tmp_path / "old.sqlite3"
    db = sqlite3.connect(old)
    for number, migration in enumerate(MIGRATIONS[:3]):
        db.executescript(migration)
        db.execute(f"PRAGMA user_version = {number + 1}")
    db.close()
    with Ledger(old) as ledger:
        assert ledger.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


OPENER = """
import os, sys, time
from jointmeeting.runtime.ledger import Ledger
print("ready", flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.002)
with Ledger(sys.argv[2]) as ledger:
    ledger.db.execute("SELECT count(*) FROM steps").fetchone()
"""


def test_processes_creating_one_ledger_at_once_all_open_it(tmp_path: Path) -> None:
    """A new ledger is built aside and linked in whole: nobody ever finds it empty (which
    would be refused as a ledger whose contents were lost), and nothing is left beside it."""
    path = tmp_path / "fresh" / "ledger.sqlite3"
    go = tmp_path / "go"
    children = [subprocess.Popen([sys.executable, "-c", OPENER, str(go), str(path)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(4)]
    assert all(c.stdout is not None and c.stdout.readline() == "ready\n" for c in children)
    go.touch()
    outcomes = [(c.wait(timeout=60), c.communicate()[1]) for c in children]
    assert outcomes == [(0, "")] * 4
    assert sorted(os.listdir(path.parent)) == ["ledger.sqlite3"]


def test_one_damaged_row_is_set_aside_and_the_rest_of_its_batch_goes_out(
        hulin: jointmeeting.Charter, ledger_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    good = ledger_url
    fill(good, hulin, tmp_path)
    with Ledger(good) as ledger:
        ledger.db.execute("UPDATE incidents SET known_at = 'last tuesday' WHERE id = 3")
        # Incident 3's steps as a ledger written before messages were worded with the plan:
        # dispatch words them from the (damaged) incident row.
        ledger.db.execute("UPDATE steps SET subject = NULL, body = NULL WHERE incident = 3")
        ledger.db.execute("UPDATE steps SET deadline = 'soon' WHERE incident = 7")
        done = dispatch(ledger, hulin, {"jsonl": _jsonl()}, now=KNOWN, contacts=book(tmp_path))
        assert (done.sent, done.failed) == (38, 0)
        assert sorted(d.message.split()[1] for d in done.set_aside) == ["3", "7"]
        assert all(d.code == "JM530" and d.path == str(good) for d in done.set_aside)
        assert steps(ledger, 3)[0].status == "set-aside"
        assert "last tuesday" in timeline(ledger, 3)[-1].detail
    assert len((tmp_path / "office.jsonl").read_text(encoding="utf-8").splitlines()) == 38
    with Ledger(good) as ledger:
        ledger.db.execute("UPDATE steps SET status = 'pending' WHERE incident = 3")
    assert main(["dispatch", "--once", "--charter", str(HULIN), "--ledger", str(good)]) == 1
    err = capsys.readouterr().err
    assert f"{good}: JM530 step 3 of incident 3 is damaged" in err and "Traceback" not in err


def _jsonl() -> Notifier:
    return plugin_host().notifiers()["jsonl"]


def test_a_steps_message_is_worded_with_its_plan_and_sent_as_kept(
        hulin: jointmeeting.Charter, ledger_url: str, tmp_path: Path) -> None:
    """The words are written when the case opens (the plan is frozen then); dispatch sends
    exactly them, so a dispatcher reads and sends without wording anything."""
    fill(ledger_url, hulin, tmp_path)
    with Ledger(ledger_url) as ledger:
        kept = {row["key"]: (row["subject"], row["body"]) for row in ledger.db.execute(
            "SELECT key, subject, body FROM steps WHERE status = 'pending'").fetchall()}
        assert kept and all(subject and body for subject, body in kept.values())
        assert any("市教育局" in subject for subject, _ in kept.values())  # names, not ids
        dispatch(ledger, hulin, {"jsonl": _jsonl()}, now=KNOWN, contacts=book(tmp_path))
    sent = [json.loads(line) for line in
            (tmp_path / "office.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(sent) == len(kept)
    assert all((m["subject"], m["body"]) == kept[m["key"]] for m in sent)
