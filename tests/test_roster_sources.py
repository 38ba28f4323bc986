"""Roster sources as plugins: the default, a town's own, a broken one, and spreadsheets as
offices keep them (built here with openpyxl)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest
from openpyxl import Workbook

import jointmeeting
from jointmeeting.charter.loader import load_charter as read_charter_file
from jointmeeting.charter.model import RosterSpec
from jointmeeting.cli import main
from jointmeeting.host.hookspecs import RosterRead, RosterSource, hookimpl
from jointmeeting.host.manager import plugin_host

from .conftest import MINIMAL
from .yamledit import edit_yaml


def with_roster(tmp_path: Path, roster: dict[str, str]) -> Path:
    text = edit_yaml(MINIMAL.read_text(encoding="utf-8"), "roster", roster)
    path = tmp_path / "charter.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def office_workbook(path: Path, *, bad_unit: bool = False) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "成员"
    sheet["A1"] = "示例镇妇女儿童工作联席会议成员名单"
    sheet.merge_cells("A1:F1")  # the merged title row above the header
    sheet.append(["姓　名", "单位", "职务", "任职日期", "手机", "身份证号"])
    sheet.append(["张　三", "镇民政办", "副主任", dt.date(2025, 1, 15), "13800138000",
                  "23038119800101123X"])
    sheet.append(["李 四", "民政办", "干事", "2025年3月1日", "0467-5812345", "230381198001011234"])
    sheet.append(["王五", "镇火箭局" if bad_unit else "镇妇联", "副主席", "2025.2.1", None, None])
    sheet.append(["赵六", None, "主席", "2025/02/01", None, None])
    sheet.merge_cells("B5:B6")  # one unit written once for two people
    sheet.append([None, None, None, None, None, None])
    book.save(path)


def test_the_default_source_is_the_charter_and_a_towns_source_wins() -> None:
    class Town:
        def read(self, charter: jointmeeting.Charter, spec: RosterSpec, base: Path
                 ) -> RosterRead:
            return RosterRead([])

    class TownPlugin:
        @hookimpl
        def jointmeeting_roster_sources(self, register: Callable[[str, RosterSource], None]
                                        ) -> None:
            register("charter", Town())

    assert type(plugin_host().roster_sources()["charter"]).__name__ == "CharterRoster"
    host = plugin_host(extra=(TownPlugin(),))
    assert isinstance(host.roster_sources()["charter"], Town)


def test_a_plugin_that_fails_to_import_is_reported_and_the_rest_load(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = metadata.entry_points

    def points(group: str) -> metadata.EntryPoints:
        broken = metadata.EntryPoint("broken", "no_such_module_anywhere", group)
        return metadata.EntryPoints([broken, *real(group=group)])

    monkeypatch.setattr("jointmeeting.host.manager.metadata.entry_points", points)
    host = plugin_host()
    assert [d.code for d in host.findings] == ["JM401"]
    assert "no_such_module_anywhere" in host.findings[0].message
    assert {"charter", "xlsx", "csv"} <= set(host.roster_sources())
    monkeypatch.setenv("JOINTMEETING_BLOCK_PLUGINS", "broken, xlsx")
    blocked = plugin_host()
    assert blocked.findings == [] and "xlsx" not in blocked.roster_sources()


def test_a_plugin_that_raises_is_reported_and_the_others_still_register() -> None:
    class Raises:
        @hookimpl(tryfirst=True)
        def jointmeeting_roster_sources(self, register: Callable[[str, RosterSource], None]
                                        ) -> None:
            raise RuntimeError("HR system down")

    host = plugin_host(extra=(Raises(),))
    assert "charter" in host.roster_sources()
    assert [d.code for d in host.findings] == ["JM406"]
    assert "HR system down" in host.findings[0].message


def test_an_office_spreadsheet_loads(tmp_path: Path) -> None:
    office_workbook(tmp_path / "花名册.xlsx")
    path = with_roster(tmp_path, {"source": "xlsx", "path": "花名册.xlsx", "sheet": "成员"})
    charter, read = plugin_host().read_roster(read_charter_file(path))
    assert read.diagnostics == []
    assert [(m.name, m.unit, m.position, m.since) for m in charter.members] == [
        ("张三", "civil-affairs", "副主任", dt.date(2025, 1, 15)),
        ("李四", "civil-affairs", "干事", dt.date(2025, 3, 1)),
        ("王五", "womens-federation", "副主席", dt.date(2025, 2, 1)),
        ("赵六", "womens-federation", "主席", dt.date(2025, 2, 1)),
    ]
    # phone numbers stay text; ID numbers are not kept at all (least data)
    assert read.contacts == {"张三": {"phone": "13800138000"}, "李四": {"phone": "0467-5812345"}}
    assert "23038119800101123X" not in repr(charter)
    assert charter.representative("镇妇联", dt.date(2025, 6, 1)).name == "王五"
    assert jointmeeting.check(charter) == []


def test_a_bad_unit_names_its_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office_workbook(tmp_path / "花名册.xlsx", bad_unit=True)
    path = with_roster(tmp_path, {"source": "xlsx", "path": "花名册.xlsx"})
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / '花名册.xlsx'}:5:2: JM403 row 5: no unit of example-township is called " \
           "'镇火箭局'" in out


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_as_excel_saves_it(tmp_path: Path, encoding: str) -> None:
    text = ("成员名单,,,\r\n姓名,单位,职务,任职日期\r\n张　三,镇民政办,副主任,2025-01-15\r\n"
            "王五,镇妇女联合会,副主席,2025/2/1\r\n钱七,镇民政办,干事,2025-02-30\r\n")
    (tmp_path / "roster.csv").write_bytes(text.encode(encoding))
    path = with_roster(tmp_path, {"source": "csv", "path": "roster.csv"})
    charter, read = plugin_host().read_roster(read_charter_file(path))
    assert [m.name for m in charter.members] == ["张三", "王五"]
    assert [(d.code, d.position.line, d.position.col) for d in read.diagnostics] == [
        ("JM404", 5, 4)]


def test_an_unknown_source_or_a_missing_file_is_a_diagnostic(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(with_roster(tmp_path, {"source": "hr-api"}))]) == 1
    assert "JM402 roster source 'hr-api' is not installed" in capsys.readouterr().out
    assert main(["check", str(with_roster(tmp_path, {"source": "xlsx", "path": "nope.xlsx"}))]) == 1
    assert "JM405" in capsys.readouterr().out


def test_the_hulin_charter_keeps_its_roster_in_the_file(hulin: jointmeeting.Charter) -> None:
    charter, read = plugin_host().read_roster(hulin)
    assert charter.members == hulin.members and read.diagnostics == []
    # The file is its own source: nothing was read from elsewhere, no contacts came with it.
    assert hulin.roster.source == "charter" and read.contacts == {}
