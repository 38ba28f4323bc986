"""`records import` takes a file whole or not at all: broken CSV quoting, UTF-16 from Excel,
huge cells, records naming what the charter lacks, ids used twice, records of another year."""

from __future__ import annotations

from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.year import load_year

from .conftest import HULIN, ROOT
from .yamledit import edit_yaml

SAMPLE = ROOT / "examples" / "records" / "hulin-2025.yaml"
HEAD = "类型,单位,日期,内容,状态,纳入工作报告,期间\r\n"
GOOD = ("工作进展,市民政局,2025-06-30,,,,上半年\r\n"
        "实事,市卫健局,2025-02-28,开展“两癌”筛查,已完成,是,\r\n"
        "实事,市文旅局,2025-02-28,少儿体育夏令营,进行中,,\r\n")


def run(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *year: str
        ) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["records", "import", str(path), *year, "--charter", str(HULIN),
                 "--ledger", str(tmp_path / "l.sqlite3")])
    return code, capsys.readouterr().err.splitlines()


def nothing_imported(hulin: jointmeeting.Charter, tmp_path: Path) -> bool:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        year = load_year(ledger, hulin, 2025)
    return not (year.plans or year.progress_reports or year.cases or year.meetings)


def test_an_unclosed_quote_names_its_row_and_nothing_is_imported(
        hulin: jointmeeting.Charter, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "records.csv"
    bad.write_text(HEAD + GOOD.replace("开展“两癌”筛查", '"开展两癌筛查') + GOOD,
                   encoding="utf-8-sig")
    code, err = run(bad, tmp_path, capsys, "--year", "2025")
    assert code == 1
    assert err == [f"{bad}:3:1: JM520 row 3: a quote opened in this row is never closed; "
                   "close it, nothing was read"]
    assert nothing_imported(hulin, tmp_path)


def test_excel_unicode_text_is_read(hulin: jointmeeting.Charter, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    unicode_text = tmp_path / "records.csv"
    unicode_text.write_bytes((HEAD + GOOD).replace(",", "\t").encode("utf-16"))
    assert unicode_text.read_bytes()[:2] == b"\xff\xfe"  # as Excel writes it
    code, err = run(unicode_text, tmp_path, capsys, "--year", "2025")
    assert (code, err) == (0, [])
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        year = load_year(ledger, hulin, 2025)
    assert sorted(p.unit for p in year.plans) == ["culture-tourism", "health"]
    assert year.plans[0].matters[0].text in {"开展“两癌”筛查", "少儿体育夏令营"}


def test_a_cell_over_128_kib_is_a_finding(hulin: jointmeeting.Charter, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "records.csv"
    huge.write_text(HEAD + GOOD.replace("少儿体育夏令营", "夏" * 140_000), encoding="utf-8")
    code, err = run(huge, tmp_path, capsys, "--year", "2025")
    assert code == 1
    assert err == [f"{huge}:4:1: JM520 row 4: a cell is larger than 128 KiB"]
    assert nothing_imported(hulin, tmp_path)


def test_every_bad_csv_row_is_named_and_nothing_is_imported(
        hulin: jointmeeting.Charter, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "records.csv"
    bad.write_text("类型,单位,日期,内容,状态,纳入工作报告,期间,知悉时间,报告时间,规则\r\n"
                   "工作进展,市民政局,2025-06-30,,,,上半年,,,\r\n"
                   "案件,市教育局,,,,,,2024-12-30 10:00,2024-12-30 18:00,\r\n"
                   "案件,市教育局,,,,,,2025-03-01 10:00,2025-03-01 18:00,fire\r\n"
                   "实事,市火箭局,2025-02-28,x,,,,,,\r\n", encoding="utf-8")
    code, err = run(bad, tmp_path, capsys, "--year", "2025")
    assert code == 1
    assert err[0] == (f"{bad}:3:8: JM520 row 3: the case became known in 2024, not 2025 "
                      "(--year); import it with that year's records")
    assert err[1] == f"{bad}:4:10: JM520 row 4: 'fire' is not a reporting rule of the charter"
    assert err[2].startswith(f"{bad}:5:2: JM520 row 5: no unit")
    assert len(err) == 3 and nothing_imported(hulin, tmp_path)


def test_yaml_records_naming_what_the_charter_lacks_are_refused_with_positions(
        hulin: jointmeeting.Charter, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines()
    bad = tmp_path / "records.yaml"
    edited = edit_yaml(text, "meetings.thematic-2025-07.kind", "briefing")
    edited = edit_yaml(edited, "cases.0.rule", "fire")
    bad.write_text(edited.replace("{unit: publicity-dept, date: 2025-06-30",
                                  "{unit: rocket-bureau, date: 2025-06-30")
                   .replace("id: counselling", "id: hospital-briefing"), encoding="utf-8")
    code, err = run(bad, tmp_path, capsys)
    assert code == 1 and "Traceback" not in "\n".join(err)
    kind_line = next(i for i, x in enumerate(lines, 1) if "kind: thematic" in x)
    assert f"{bad}:{kind_line}:11: JM518 meeting thematic-2025-07: 'briefing' is not a " \
           "meeting of the charter (it has plenary, thematic)" in err
    written = bad.read_text(encoding="utf-8").splitlines()
    (row,) = [i for i, x in enumerate(written, 1) if "rocket-bureau" in x]
    col = written[row - 1].index("rocket-bureau") + 1
    assert f"{bad}:{row}:{col}: JM518 progress report: 'rocket-bureau' is not a unit of the " \
           "charter" in err
    assert any("JM518 case " in e and "'fire' is not a reporting rule" in e for e in err)
    assert any("JM521 action id 'hospital-briefing' is used twice" in e for e in err)
    assert len(err) == 4 and nothing_imported(hulin, tmp_path)


def test_duplicate_ids_and_another_year_are_refused(
        hulin: jointmeeting.Charter, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    twice = tmp_path / "twice.yaml"
    twice.write_text(edit_yaml(text, "meetings.thematic-2025-07.id", "plenary-2025"),
                     encoding="utf-8")
    code, err = run(twice, tmp_path, capsys)
    assert code == 1
    first, second = (next(i for i, x in enumerate(text.splitlines(), 1) if f"id: {m}" in x)
                     for m in ("plenary-2025", "thematic-2025-07"))
    assert err == [f"{twice}:{second}:9: JM521 meeting id 'plenary-2025' is used twice (first on "
                   f"line {first}); nothing was imported"]
    code, err = run(SAMPLE, tmp_path, capsys, "--year", "2024")
    assert code == 1
    assert err == [f"{SAMPLE}:6:7: JM522 the file holds records of 2025, not 2024 (--year); "
                   "nothing was imported"]
    assert nothing_imported(hulin, tmp_path)
    assert run(SAMPLE, tmp_path, capsys, "--year", "2025") == (0, [])
