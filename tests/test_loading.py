"""One meaning for "load a charter": the library, the pytest plugin and the CLI see the same
members; a changed charter answers for its new content; one loader and one error type for each
kind of file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter.contacts import load_contacts
from jointmeeting.cli import main
from jointmeeting.errors import (
    CharterError,
    ContactsError,
    FileError,
    JointMeetingError,
    RecordsError,
    ScenarioError,
)
from jointmeeting.runtime.scenarios import load_scenario_file
from jointmeeting.runtime.year import read_yaml

from .conftest import MINIMAL
from .yamledit import edit_yaml

ROSTER = "姓名,单位,职务,任职日期\r\n张三,镇民政办,副主任,2025-01-15\r\n王五,镇妇联,副主席,2025-02-01\r\n"


@pytest.fixture
def csv_charter(tmp_path: Path) -> Path:
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    text = edit_yaml(MINIMAL.read_text(encoding="utf-8"), "roster",
                     {"source": "csv", "path": "roster.csv"})
    path = tmp_path / "charter.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_library_applies_the_roster_source(csv_charter: Path) -> None:
    charter = jointmeeting.load_charter(csv_charter)
    assert [m.name for m in charter.members] == ["张三", "王五"]


def test_the_cli_and_the_pytest_plugin_see_the_same_members(
        csv_charter: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The roster leaves 镇民政办 without its member, whom the charter file itself lists.
    (tmp_path / "roster.csv").write_text(ROSTER.replace("张三,镇民政办,副主任,2025-01-15\r\n", ""),
                                         encoding="utf-8")
    assert [m.name for m in jointmeeting.load_charter(csv_charter).members] == ["王五"]
    assert main(["roster", "show", "--charter", str(csv_charter), "--at", "2025-03-01"]) == 0
    out = capsys.readouterr().out
    assert "王五" in out and "张三" not in out
    # The pytest plugin's charter test, run in a child pytest on the same file.
    (tmp_path / "pytest.ini").write_text("[pytest]\njointmeeting_charters = charter.yaml\n",
                                         encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "charter.yaml",
         "-k", "represented"], capture_output=True, text=True, cwd=tmp_path, timeout=300,
        check=False)
    assert "1 failed" in done.stdout and "镇民政办" in done.stdout, done.stdout + done.stderr


def test_a_bad_roster_row_refuses_the_load_as_the_cli_does(csv_charter: Path) -> None:
    roster = csv_charter.parent / "roster.csv"
    roster.write_text(ROSTER + "李四,镇火箭局,干事,2025-01-15\r\n", encoding="utf-8")
    with pytest.raises(CharterError) as found:
        jointmeeting.load_charter(csv_charter)
    assert [d.code for d in found.value.diagnostics] == ["JM403"]


def test_a_copied_charter_does_not_keep_stale_lookups(hulin: jointmeeting.Charter) -> None:
    assert hulin.unit("市民政局").id == "civil-affairs"  # the lookup tables are built now
    units = [u.model_copy(update={"aliases": [*u.aliases, "民政"]}) if u.id == "civil-affairs"
             else u for u in hulin.units]
    changed = hulin.model_copy(update={"units": units})
    assert changed.unit("民政").aliases[-1] == "民政"
    assert changed.unit("civil-affairs") is units[[u.id for u in units].index("civil-affairs")]
    with pytest.raises(jointmeeting.UnknownUnitError):
        hulin.unit("民政")
    gone = hulin.model_copy(update={"units": [u for u in hulin.units
                                              if u.id != "civil-affairs"]})
    with pytest.raises(jointmeeting.UnknownUnitError):
        gone.unit("市民政局")


@pytest.mark.parametrize(("load", "error"), [
    (jointmeeting.load_charter, CharterError),
    (load_contacts, ContactsError),
    (load_scenario_file, ScenarioError),
    (read_yaml, RecordsError),
])
def test_one_loader_and_one_error_type_per_kind_of_file(
        tmp_path: Path, load: object, error: type[FileError]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nno_such_key: 1\n", encoding="utf-8")
    with pytest.raises(error) as found:
        load(bad)  # type: ignore[operator]
    assert isinstance(found.value, JointMeetingError)
    assert "JM201" in {d.code for d in found.value.diagnostics}
    others = {CharterError, ContactsError, ScenarioError, RecordsError} - {error}
    assert not isinstance(found.value, tuple(others))

