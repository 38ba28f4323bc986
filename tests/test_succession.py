"""Succession as the notice prescribes: proposals, filings, point-in-time rosters, and edits to
the charter file that change only their own lines and survive crashes and concurrent editors."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.runtime.files import LockedFileError, StaleFileError, locked
from jointmeeting.runtime.ledger import Ledger, LedgerError
from jointmeeting.runtime.roster import RosterError, file, proposals, propose

from .conftest import CHARTERS, HULIN, MINIMAL, ROOT, kill_at_random


@pytest.fixture
def hulin_copy(tmp_path: Path) -> Path:
    shutil.copytree(HULIN.parent, tmp_path / "charters")
    return tmp_path / "charters" / "huilin.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line[:1] in "+-"]


def test_who_represented_education_before_and_after_a_filed_succession(hulin_copy: Path) -> None:
    with Ledger(hulin_copy.parent / "ledger.sqlite3") as ledger:
        made = propose(ledger, hulin_copy, "市教育局", "赵　六", "副局长", dt.date(2025, 9, 1))
        assert made.name == "赵六"
        filed, _ = file(ledger, hulin_copy, made.id, filed_on=dt.date(2025, 8, 20))
    assert (filed.filing, filed.written) == ("2025-001", True)
    charter = jointmeeting.load_charter(hulin_copy)
    assert charter.representative("市教育局", dt.date(2025, 8, 31)).name == "庚杰"
    assert charter.representative("市教育局", dt.date(2025, 9, 1)).name == "赵六"
    assert [(m.name, m.since, m.until) for m in charter.history("education")] == [
        ("庚杰", dt.date(2025, 4, 21), dt.date(2025, 9, 1)),
        ("赵六", dt.date(2025, 9, 1), None)]
    assert jointmeeting.check(charter) == []
    assert charter.holder("convener", dt.date(2025, 9, 1)).unit == "womens-federation"


def test_the_edit_changes_only_the_members_lines(hulin_copy: Path) -> None:
    before = hulin_copy.read_text(encoding="utf-8")
    with Ledger(hulin_copy.parent / "ledger.sqlite3") as ledger:
        made = propose(ledger, hulin_copy, "education", "赵六", "副局长", dt.date(2025, 9, 1))
        file(ledger, hulin_copy, made.id, number="虎妇儿联备〔2025〕1号")
    after = hulin_copy.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-   - {name: 庚杰, unit: education, position: 副局长, since: 2025-04-21, source: 四/庚杰}",
        "+   - {name: 庚杰, unit: education, position: 副局长, since: 2025-04-21, until: 2025-09-01, "
        "source: 四/庚杰}",
        "+   - {name: 赵六, unit: education, position: 副局长, since: 2025-09-01, "
        "filing: 虎妇儿联备〔2025〕1号, source: 一（二）/1}",
    ]


def test_a_block_style_roster_keeps_its_comments_and_style(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  - {name: 张三, unit: civil-affairs, position: 副主任, since: 2025-01-15, source: 四/张三}",
        "  - name: 张三   # 2025年1月起\n    unit: civil-affairs\n    position: 副主任\n"
        "    since: 2025-01-15\n    source: 四/张三\n\n  # 以下为备案后的成员")
    path = tmp_path / "town.yaml"
    path.write_bytes(text.encode("utf-8"))
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        made = propose(ledger, path, "镇民政办", "李四", "主任: 兼", dt.date(2025, 6, 1))
        file(ledger, path, made.id, number="2025-7")
    after = path.read_text(encoding="utf-8")
    assert changed_lines(text, after) == [
        "+     until: 2025-06-01", "+   - name: 李四", "+     unit: civil-affairs",
        '+     position: "主任: 兼"', "+     since: 2025-06-01", "+     filing: 2025-7",
        "+     source: 三/1"]  # the charter's succession clause, not Hulin's
    assert "# 以下为备案后的成员" in after and "# 2025年1月起" in after


@pytest.mark.parametrize("path", CHARTERS, ids=lambda p: p.name)
def test_every_charter_round_trips_byte_for_byte(path: Path) -> None:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    text = path.read_text(encoding="utf-8")
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    assert out.getvalue() == text


def test_dry_run_records_and_writes_nothing(hulin_copy: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = hulin_copy.read_bytes()
    args = ["--charter", str(hulin_copy), "--ledger", str(hulin_copy.parent / "l.sqlite3")]
    assert main(["roster", "propose", "市民政局", "--name", "钱七", "--position", "副局长",
                 "--effective", "2025-10-01", *args]) == 0
    assert capsys.readouterr().out.startswith("proposal 1:")
    assert main(["roster", "file", "1", "--dry-run", *args]) == 0
    out = capsys.readouterr().out
    assert "+  - {name: 钱七, unit: civil-affairs" in out and out.startswith("--- ")
    assert hulin_copy.read_bytes() == before
    assert main(["roster", "proposals", *args]) == 0
    assert capsys.readouterr().out.rstrip().endswith("proposed")
    assert main(["roster", "file", "1", "--date", "2025-09-20", *args]) == 0
    assert "filed as 2025-001 on 2025-09-20" in capsys.readouterr().out
    assert main(["roster", "show", "--unit", "市民政局", *args[:2]]) == 0
    assert "钱七（副局长）  备案 2025-001" in capsys.readouterr().out
    assert main(["roster", "file", "1", *args]) == 1
    assert "already filed as 2025-001" in capsys.readouterr().err


def test_replacing_a_member_with_two_posts_leaves_the_second_unit_flagged(
        hulin_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--charter", str(hulin_copy), "--ledger", str(hulin_copy.parent / "l.sqlite3")]
    assert main(["roster", "propose", "市委宣传部", "--name", "孙八", "--position", "副部长",
                 "--effective", "2025-10-01", *args]) == 0
    assert main(["roster", "file", "1", *args]) == 0
    out = capsys.readouterr()
    assert "JM305 unit cyberspace-office (市委网信办) has duties but no current representative" \
        in out.err
    charter = jointmeeting.load_charter(hulin_copy)
    assert charter.representative("网信办", dt.date(2025, 9, 30)).name == "王珊"
    assert charter.representative("网信办", dt.date(2025, 10, 1)) is None


def test_a_file_edited_by_hand_since_it_was_read_is_not_overwritten(hulin_copy: Path) -> None:
    from jointmeeting.runtime.files import replace_atomically

    read = hulin_copy.read_bytes()
    hulin_copy.write_bytes(read + b"# edited by hand\n")
    with locked(hulin_copy), pytest.raises(StaleFileError):
        replace_atomically(hulin_copy, b"format: 1\n", expected=read)
    assert hulin_copy.read_bytes().endswith(b"# edited by hand\n")


def test_a_held_lock_is_a_clear_error(hulin_copy: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from jointmeeting.runtime.files import locked
        with locked(Path({str(hulin_copy)!r})):
            print("held", flush=True)
            time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        with pytest.raises(LockedFileError), locked(hulin_copy, timeout=0.2):
            pass
    finally:
        child.kill()
        child.wait()


def test_a_locked_or_corrupt_ledger_is_a_clear_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "ledger.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LedgerError, match="damaged or is not a jointmeeting ledger"):
        Ledger(bad)
    assert main(["roster", "proposals", "--charter", str(HULIN), "--ledger", str(bad)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    good = tmp_path / "good.sqlite3"
    ledger = Ledger(good, timeout=0.1)
    holder = sqlite3.connect(good, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(LedgerError, match="locked"):
            propose(ledger, HULIN, "市民政局", "钱七", "副局长", dt.date(2025, 10, 1))
        with pytest.raises(LedgerError, match="locked"):
            Ledger(good, timeout=0.1)
    finally:
        holder.execute("ROLLBACK")
        ledger.close()


def test_bad_proposals_are_refused(hulin_copy: Path) -> None:
    with Ledger(hulin_copy.parent / "l.sqlite3") as ledger:
        with pytest.raises(jointmeeting.UnknownUnitError):
            propose(ledger, hulin_copy, "市火箭局", "钱七", "副局长", dt.date(2025, 10, 1))
        with pytest.raises(RosterError, match="invisible"):
            propose(ledger, hulin_copy, "市民政局", "钱\u200b七", "副局长", dt.date(2025, 10, 1))
        with pytest.raises(RosterError, match="no proposal 9"):
            file(ledger, hulin_copy, 9)
        assert proposals(ledger) == []


def test_a_filing_recorded_before_a_crash_is_finished_by_the_next_run(hulin_copy: Path) -> None:
    with Ledger(hulin_copy.parent / "l.sqlite3") as ledger:
        made = propose(ledger, hulin_copy, "市民政局", "钱七", "副局长", dt.date(2025, 10, 1))
        with ledger.transaction() as db:  # as if the process died right after recording it
            db.execute("INSERT INTO filings (proposal, number, filed_on) VALUES (?, ?, ?)",
                       (made.id, "2025-009", "2025-09-30"))
        assert not proposals(ledger)[0].written
        filed, _ = file(ledger, hulin_copy, made.id)
        assert (filed.filing, filed.written) == ("2025-009", True)
    members = jointmeeting.load_charter(hulin_copy).members
    assert [m.filing for m in members if m.filing] == ["2025-009"]


FILER = """
import datetime as dt, sys
from pathlib import Path
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.roster import file
charter, ledger_path, proposal = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with Ledger(ledger_path) as ledger:
    print("ready", flush=True)
    file(ledger, charter, proposal, filed_on=dt.date(2025, 9, 1))
"""


def test_four_processes_filing_at_once_all_land(hulin_copy: Path) -> None:
    ledger_path = hulin_copy.parent / "l.sqlite3"
    units = ["市民政局", "市教育局", "市公安局", "市财政局"]
    with Ledger(ledger_path) as ledger:
        ids = [propose(ledger, hulin_copy, u, f"新{i}", "副局长", dt.date(2025, 10, 1)).id
               for i, u in enumerate(units)]
    children = [subprocess.Popen([sys.executable, "-c", FILER, str(hulin_copy), str(ledger_path),
                                  str(i)], stdout=subprocess.DEVNULL) for i in ids]
    assert [c.wait(timeout=120) for c in children] == [0, 0, 0, 0]
    charter = jointmeeting.load_charter(hulin_copy)
    assert jointmeeting.check(charter) == []
    assert sorted(m.name for m in charter.members if m.filing) == ["新0", "新1", "新2", "新3"]
    with Ledger(ledger_path) as ledger:
        assert all(p.written for p in proposals(ledger))
        assert sorted(p.filing or "" for p in proposals(ledger)) == [
            "2025-001", "2025-002", "2025-003", "2025-004"]


@pytest.mark.slow
def test_sigkill_during_filings_never_leaves_a_broken_file(hulin_copy: Path) -> None:
    """Kill a process that files successions, 50 times at random moments: the charter always
    parses and has one roster or the next, and the next run leaves no stray temp files."""
    ledger_path = hulin_copy.parent / "l.sqlite3"
    rng = random.Random(2025)
    units = [u.id for u in jointmeeting.load_charter(hulin_copy).units
             if u.id not in {"womens-federation", "cyberspace-office", "publicity-dept"}]
    with Ledger(ledger_path) as ledger:
        ids = [propose(ledger, hulin_copy, units[i % len(units)], f"继任{i}", "副局长",
                       dt.date(2025, 10, 1) + dt.timedelta(days=i)).id for i in range(120)]
    loop = FILER.replace("file(ledger, charter, proposal, filed_on=dt.date(2025, 9, 1))",
                         "[file(ledger, charter, p, filed_on=dt.date(2025, 9, 1)) "
                         "for p in range(proposal, 121) if not __import__('jointmeeting.runtime."
                         "roster', fromlist=['x'])._proposal(ledger, p).written]")
    previous: set[str] = set()
    kills_mid_way = 0
    for _ in range(50):
        kill_at_random([sys.executable, "-c", loop, str(hulin_copy), str(ledger_path), "1"],
                       rng)
        charter = jointmeeting.load_charter(hulin_copy)  # always parses and validates
        filed = {m.name for m in charter.members if m.filing}
        assert filed >= previous  # the old roster or a newer one, never a lost filing
        assert filed == {f"继任{i}" for i in range(len(filed))}  # filed in order, none skipped
        kills_mid_way += len(filed) < len(ids)
        previous = filed
    done = subprocess.run([sys.executable, "-c", loop, str(hulin_copy), str(ledger_path), "1"],
                          timeout=300, check=False)
    assert done.returncode == 0
    charter = jointmeeting.load_charter(hulin_copy)
    assert len([m for m in charter.members if m.filing]) == len(ids)
    assert jointmeeting.check(charter) == []
    assert list(hulin_copy.parent.glob(".huilin.yaml.*.tmp")) == []
    assert kills_mid_way >= 10  # the kills really fell while filings were going on


def test_roster_file_on_the_township_follows_its_own_succession_clause(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    town = tmp_path / "dongfang.yaml"
    town.write_bytes((ROOT / "examples" / "charters" / "dongfang-town-left-behind.yaml")
                     .read_bytes())
    args = ["--charter", str(town), "--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["roster", "propose", "派出所", "--name", "林七", "--position", "副所长",
                 "--effective", "2025-09-01", *args]) == 0
    assert main(["roster", "file", "1", "--number", "东联备〔2025〕1号", "--date", "2025-08-28",
                 *args]) == 0
    capsys.readouterr()
    charter = jointmeeting.load_charter(town)
    new = charter.representative("镇派出所", dt.date(2025, 9, 1))
    assert new is not None and new.name == "林七"
    # filed with the office (报联席会议办公室备案), citing the township's clause 二/1
    assert (new.filing, new.source) == ("东联备〔2025〕1号", charter.succession.source) == (
        "东联备〔2025〕1号", "二/1")
    assert main(["check", "--on", "2025-09-01", str(town)]) == 0
