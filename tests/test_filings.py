"""Filings that cannot get stuck: runs that meet, successions filed out of date order, edits
refused before a number is used, withdrawal, a dash alone on its line, a symlinked charter."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.roster import RosterError, file, proposals, propose, withdraw

from .conftest import HULIN, MINIMAL


@pytest.fixture
def hulin_copy(tmp_path: Path) -> Path:
    shutil.copytree(HULIN.parent, tmp_path / "charters")
    return tmp_path / "charters" / "huilin.yaml"


RACER = textwrap.dedent("""
    import os, sys, time
    from jointmeeting.cli import main
    go = sys.argv[1]
    while not os.path.exists(go):
        time.sleep(0.005)
    sys.exit(main(["roster", "file", sys.argv[2], "--charter", sys.argv[3],
                   "--ledger", sys.argv[4], "--date", "2025-09-01"]))
""")


def test_two_runs_filing_one_proposal_meet_and_one_files_it(hulin_copy: Path,
                                                             ledger_url: str) -> None:
    ledger_path = ledger_url
    units = ["市民政局", "市教育局", "市公安局"]
    with Ledger(ledger_path) as ledger:
        ids = [propose(ledger, hulin_copy, u, f"新{i}", "副局长", dt.date(2025, 10, 1)).id
               for i, u in enumerate(units)]
    for proposal in ids:
        go = hulin_copy.parent / f"go{proposal}"
        racers = [subprocess.Popen(
            [sys.executable, "-c", RACER, str(go), str(proposal), str(hulin_copy),
             ledger_path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
        go.touch()
        results = sorted((r.wait(timeout=60), *r.communicate()) for r in racers)
        (ok, out, _), (refused, _, err) = results
        assert (ok, refused) == (0, 1) and f"proposal {proposal} filed as" in out
        assert err.strip() == (f"jointmeeting: proposal {proposal} is already filed as "
                               f"2025-00{proposal}; nothing to do (jointmeeting roster "
                               "proposals lists it)")
    charter = jointmeeting.load_charter(hulin_copy)
    assert sorted(m.name for m in charter.members if m.filing) == ["新0", "新1", "新2"]


def test_an_earlier_succession_filed_after_a_later_one_falls_in_date_order(
        hulin_copy: Path, ledger_url: str) -> None:
    with Ledger(ledger_url) as ledger:
        later = propose(ledger, hulin_copy, "市教育局", "赵六", "副局长", dt.date(2025, 9, 1))
        file(ledger, hulin_copy, later.id, filed_on=dt.date(2025, 8, 20))
        earlier = propose(ledger, hulin_copy, "市教育局", "钱七", "副局长", dt.date(2025, 7, 1))
        filed, _ = file(ledger, hulin_copy, earlier.id, filed_on=dt.date(2025, 8, 21))
        assert (filed.filing, filed.written) == ("2025-002", True)
    charter = jointmeeting.load_charter(hulin_copy)
    assert [(m.name, m.since, m.until) for m in charter.history("education")] == [
        ("庚杰", dt.date(2025, 4, 21), dt.date(2025, 7, 1)),
        ("钱七", dt.date(2025, 7, 1), dt.date(2025, 9, 1)),
        ("赵六", dt.date(2025, 9, 1), None)]
    assert jointmeeting.check(charter) == []


def test_an_edit_that_cannot_be_made_is_refused_before_a_number_is_used(
        hulin_copy: Path, capsys: pytest.CaptureFixture[str], ledger_url: str) -> None:
    args = ["--charter", str(hulin_copy), "--ledger", ledger_url]
    on = ["--date", "2025-09-20"]
    before = hulin_copy.read_bytes()
    assert main(["roster", "propose", "网信办", "--name", "孙八", "--position", "副主任",
                 "--effective", "2025-10-01", *args]) == 0
    assert main(["roster", "file", "1", *on, *args]) == 1
    assert "split that membership by hand first" in capsys.readouterr().err
    assert hulin_copy.read_bytes() == before
    assert main(["roster", "propose", "市教育局", "--name", "赵六", "--position", "副局长",
                 "--effective", "2025-04-21", *args]) == 0
    assert main(["roster", "file", "2", *on, *args]) == 1  # the day 庚杰 took over: a clash
    assert "withdraw one of the two proposals" in capsys.readouterr().err
    assert main(["roster", "proposals", *args]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.rsplit("  ", 1)[1] for line in listed] == ["proposed", "proposed"]
    assert main(["roster", "propose", "市民政局", "--name", "钱七", "--position", "副局长",
                 "--effective", "2025-10-01", *args]) == 0
    assert main(["roster", "file", "3", *on, *args]) == 0
    assert "filed as 2025-001" in capsys.readouterr().out  # no number was used up


def test_a_proposal_filed_but_not_written_can_be_withdrawn(
        hulin_copy: Path, capsys: pytest.CaptureFixture[str], ledger_url: str) -> None:
    args = ["--charter", str(hulin_copy), "--ledger", ledger_url]
    with Ledger(ledger_url) as ledger:
        made = propose(ledger, hulin_copy, "市民政局", "钱七", "副局长", dt.date(2025, 10, 1))
        with ledger.transaction() as db:  # as a run that died between recording and writing
            db.execute("INSERT INTO filings (proposal, number, filed_on) VALUES (?, ?, ?)",
                       (made.id, "2025-001", "2025-09-30"))
    assert main(["roster", "withdraw", "1", *args]) == 0
    assert "proposal 1 withdrawn" in capsys.readouterr().out
    assert main(["roster", "proposals", *args]) == 0
    assert capsys.readouterr().out.rstrip().endswith(
        "filed 2025-001 on 2025-09-30, not yet written to the charter, withdrawn")
    assert main(["roster", "file", "1", *args]) == 1
    assert "was withdrawn; propose the successor again" in capsys.readouterr().err
    with Ledger(ledger_url) as ledger:
        again = propose(ledger, hulin_copy, "市民政局", "钱七", "副局长", dt.date(2025, 10, 1))
        filed, _ = file(ledger, hulin_copy, again.id, filed_on=dt.date(2025, 9, 30))
        assert filed.filing == "2025-002"  # the withdrawn number stays used
        with pytest.raises(RosterError, match="written into the charter; to undo it"):
            withdraw(ledger, hulin_copy, again.id)
        assert [p.withdrawn for p in proposals(ledger)] == [True, False]


def test_a_dash_alone_on_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = "  - {name: 张三, unit: civil-affairs, position: 副主任, since: 2025-01-15, source: 四/张三}"
    text = MINIMAL.read_text(encoding="utf-8")
    assert flow in text
    block = tmp_path / "block.yaml"
    block.write_text(text.replace(flow, "  -\n    name: 张三\n    unit: civil-affairs\n"
                                  "    position: 副主任\n    since: 2025-01-15\n    source: 四/张三"),
                     encoding="utf-8")
    args = ["--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["roster", "propose", "镇民政办", "--name", "李四", "--position", "主任",
                 "--effective", "2025-06-01", "--charter", str(block), *args]) == 0
    assert main(["roster", "file", "1", "--charter", str(block), *args]) == 0
    assert "  -\n    name: 李四\n    unit: civil-affairs\n" in block.read_text(encoding="utf-8")
    charter = jointmeeting.load_charter(block)
    assert [(m.name, m.until) for m in charter.history("civil-affairs")] == [
        ("张三", dt.date(2025, 6, 1)), ("李四", None)]
    empty = tmp_path / "empty-item.yaml"
    empty.write_text(text.replace(flow, flow + "\n  -"), encoding="utf-8")
    capsys.readouterr()
    assert main(["roster", "file", "1", "--charter", str(empty), *args]) == 1
    err = capsys.readouterr().err
    assert f"{empty}:" in err and "JM203 members[1]" in err and "Traceback" not in err


def test_a_symlinked_charter_is_written_through_the_link(hulin_copy: Path) -> None:
    link = hulin_copy.parent / "current.yaml"
    link.symlink_to(hulin_copy.name)
    before = hulin_copy.read_bytes()
    with Ledger(hulin_copy.parent / "l.sqlite3") as ledger:
        made = propose(ledger, link, "市民政局", "钱七", "副局长", dt.date(2025, 10, 1))
        file(ledger, link, made.id)
    assert link.is_symlink() and link.readlink() == Path(hulin_copy.name)
    assert hulin_copy.read_bytes() != before
    assert "钱七" in hulin_copy.read_text(encoding="utf-8")
