"""The year's records reviewed against the charter, as HTML and iCalendar; imports from YAML and
CSV; an empty year."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

import jointmeeting
from jointmeeting import report
from jointmeeting.cli import main
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import open_incident
from jointmeeting.runtime.plan import Report, plan
from jointmeeting.runtime.review import review
from jointmeeting.runtime.year import YearRecords, load_year, read_yaml, store

from .conftest import HULIN, ROOT

SAMPLE = ROOT / "examples" / "records" / "hulin-2025.yaml"
YEAR_END = dt.date(2025, 12, 31)


def findings(found: list) -> list[tuple[str, str | None]]:  # type: ignore[type-arg]
    return [(f.code, f.unit) for f in found]


def test_the_sample_year_gives_the_findings_it_should(hulin: jointmeeting.Charter) -> None:
    result = review(hulin, read_yaml(SAMPLE), today=YEAR_END)
    assert findings(result.findings) == [
        ("JM512", "water"), ("JM512", "commerce"), ("JM512", "statistics"),
        ("JM513", "transport"), ("JM514", "housing"),
        ("JM515", "industry-it"), ("JM515", "science-association"),
        ("JM516", None), ("JM517", "education")]
    clauses = {f.code: f.clause for f in result.findings}
    assert clauses == {"JM512": "五（一）/1", "JM513": "五（一）/1", "JM514": "五（一）/1",
                       "JM515": "二（二）/1", "JM516": "二（二）/1", "JM517": "一（一）/3"}
    late = next(f for f in result.findings if f.code == "JM516")
    assert "case-2025-10-opinion" in late.message and "30小时" in late.message
    assert [c.on_time for c in result.cases] == [True, False]
    # before the action's due date it is not overdue yet
    early = review(hulin, read_yaml(SAMPLE), today=dt.date(2025, 9, 30))
    assert "JM517" not in {f.code for f in early.findings}


def test_an_empty_year_gives_findings_not_a_crash(hulin: jointmeeting.Charter,
                                                   tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    result = review(hulin, YearRecords(year=2026), today=dt.date(2026, 12, 31))
    codes = [f.code for f in result.findings]
    assert codes.count("JM510") == 1 and codes.count("JM512") == 34 and codes.count("JM515") == 34
    (plenary,) = [f for f in result.findings if f.code == "JM510"]
    assert plenary.message == "全体会议：2026年召开0次，制度要求1至2次"
    assert plenary.clause == "二（一）/1"
    args = ["--charter", str(HULIN), "--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["review", "--year", "2026", "--format", "html", "-o",
                 str(tmp_path / "r.html"), *args]) == 1
    assert "本年度未记录会议" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_meetings_off_the_charter(hulin: jointmeeting.Charter) -> None:
    records = read_yaml(SAMPLE).model_copy(deep=True)
    records.meetings[0].chair = "convener"
    records.meetings.append(records.meetings[0].model_copy(update={"id": "p2"}))
    records.meetings.append(records.meetings[0].model_copy(update={"id": "p3"}))
    found = review(hulin, records, today=YEAR_END).findings
    assert [f.message for f in found if f.code in {"JM510", "JM511"}][:2] == [
        "全体会议：2025年召开3次，制度要求1至2次",
        "全体会议（2025-05-20）由召集人主持，应由总召集人主持"]


def test_records_live_in_the_ledger_and_incidents_count_as_case_reports(
        hulin: jointmeeting.Charter, tmp_path: Path, ledger_url: str) -> None:
    with Ledger(ledger_url) as ledger:
        assert store(ledger, hulin, read_yaml(SAMPLE)) == 69
        assert store(ledger, hulin, read_yaml(SAMPLE)) == 69  # importing again replaces
        assert load_year(ledger, hulin, 2025) == read_yaml(SAMPLE)
        known = dt.datetime(2025, 11, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
        open_incident(ledger, hulin, plan(hulin, Report("major-case", "市民政局", known)),
                      now=known + dt.timedelta(hours=30))
    args = ["--charter", str(HULIN), "--ledger", ledger_url]
    assert main(["review", "--year", "2025", "--format", "json", "--today", "2025-12-31", "-o",
                 str(tmp_path / "r.json"), *args]) == 1
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["data"]
    late = [f["message"] for f in data["findings"] if f["code"] == "JM516"]
    assert len(late) == 2 and any("incident-1" in m for m in late)


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.parts.append(f"lang={dict(attrs).get('lang')}")

    def handle_data(self, data: str) -> None:
        self.parts.append(data.strip())


def test_the_printable_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--charter", str(HULIN), "--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["records", "import", str(SAMPLE), *args]) == 0
    assert main(["review", "--year", "2025", "--format", "html", "--today", "2025-12-31", "-o",
                 str(tmp_path / "review.html"), *args]) == 1
    page = Text()
    page.feed((tmp_path / "review.html").read_text(encoding="utf-8"))
    text = "\n".join(p for p in page.parts if p)
    assert "lang=zh-CN" in text
    for expected in ("2025年度工作评估", "发现问题 9 项", "市水务局未制定2025年度计划",
                     "五（一）/1", "全体会议", "总召集人", "通报2024年工作进展，部署2025年重点任务",
                     "逾期", "按时", "成员单位", "纳入工作报告"):
        assert expected in text, expected
    assert page.tags.count("table") == 4 and "th" in page.tags
    assert main(["review", "--year", "2025", "--today", "2025-12-31", *args]) == 1
    out = capsys.readouterr().out
    assert "JM517" in out and "市教育局" in out


def test_the_calendar(tmp_path: Path) -> None:
    args = ["--charter", str(HULIN), "--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["records", "import", str(SAMPLE), *args]) == 0
    assert main(["calendar", "--year", "2025", "-o", str(tmp_path / "y.ics"), *args]) == 0
    first = (tmp_path / "y.ics").read_bytes()
    assert main(["calendar", "--year", "2025", "-o", str(tmp_path / "y.ics"), *args]) == 0
    assert (tmp_path / "y.ics").read_bytes() == first  # stable: same records, same file
    cal = Calendar.from_ical(first)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {
        "meeting-plenary-2025@hulin-women-children.jointmeeting",
        "meeting-thematic-2025-07@hulin-women-children.jointmeeting",
        "action-plenary-2025-mid-year-reports@hulin-women-children.jointmeeting",
        "action-plenary-2025-mandatory-report-training@hulin-women-children.jointmeeting",
        "action-plenary-2025-hospital-briefing@hulin-women-children.jointmeeting",
        "action-thematic-2025-07-counselling@hulin-women-children.jointmeeting",
        "case-case-2025-06-school@hulin-women-children.jointmeeting",
        "case-case-2025-10-opinion@hulin-women-children.jointmeeting",
    }
    plenary = events["meeting-plenary-2025@hulin-women-children.jointmeeting"]
    assert str(plenary["summary"]) == "全体会议：通报2024年工作进展，部署2025年重点任务"
    assert plenary.decoded("dtstart") == dt.date(2025, 5, 20)
    case = events["case-case-2025-10-opinion@hulin-women-children.jointmeeting"]
    due = case.decoded("dtstart")
    assert due == dt.datetime(2025, 10, 12, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert str(case["dtstart"].params["TZID"]) == "Asia/Shanghai"
    (alarm,) = case.walk("VALARM")
    assert alarm.decoded("trigger") == -dt.timedelta(hours=2)
    training = events["action-plenary-2025-mandatory-report-training@hulin-women-children"
                      ".jointmeeting"]
    assert training.decoded("dtstart") == dt.date(2025, 9, 30)
    assert training.walk("VALARM")[0].decoded("trigger") == -dt.timedelta(days=7)
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Asia/Shanghai"


def test_a_csv_as_an_office_keeps_it(hulin: jointmeeting.Charter, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = ("2025年度记录,,,,,,\r\n类型,单位,日期,内容,状态,纳入工作报告,期间\r\n"
            "工作进展,市民政局,2025-06-30,,,,上半年\r\n"
            "实事,市卫健局,2025/2/28,开展“两癌”筛查,已完成,是,\r\n"
            "实事,市文旅局,2025-02-28,少儿体育夏令营,进行中,,\r\n"
            "案件,市教育局,,,,,\r\n")
    good = tmp_path / "records.csv"
    good.write_bytes(text.replace("案件,市教育局,,,,,\r\n", "").encode("gb18030"))
    args = ["--charter", str(HULIN), "--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["records", "import", str(good), "--year", "2025", *args]) == 0
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        year = load_year(ledger, hulin, 2025)
    assert [(p.unit, p.date) for p in year.progress_reports] == [
        ("civil-affairs", dt.date(2025, 6, 30))]
    assert sorted((p.unit, [(m.status, m.in_work_report) for m in p.matters])
                  for p in year.plans) == [("culture-tourism", [("in-progress", False)]),
                                           ("health", [("done", True)])]
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("市卫健局", "市火箭局").replace("2025-06-30", "六月底"),
                   encoding="utf-8-sig")
    capsys.readouterr()
    assert main(["records", "import", str(bad), "--year", "2025", *args]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{bad}:3:3: JM520 row 3: '六月底' is not a date"
    assert err[1].startswith(f"{bad}:4:2: JM520 row 4: no unit of hulin-women-children is called")
    assert err[2].startswith(f"{bad}:6:1: JM520 row 6: ")


def test_a_quarterly_cadence_asks_for_four_meetings(tmp_path: Path) -> None:
    path = tmp_path / "town.yaml"
    path.write_text((ROOT / "examples" / "minimal.yaml").read_text(encoding="utf-8").replace(
        "    per_year: {min: 1, max: 1}\n", "    cadence: P3M\n"), encoding="utf-8")
    charter = jointmeeting.load_charter(path)
    records = YearRecords.model_validate({"year": 2025, "meetings": [
        {"id": f"q{n}", "kind": "plenary", "date": f"2025-0{n}-10", "chair": "convener"}
        for n in (3, 6)]})
    found = [f.message for f in review(charter, records, today=YEAR_END).findings
             if f.code == "JM510"]
    assert found == ["全体会议：2025年召开2次，制度要求4次"]


def test_a_record_off_the_charter_cites_no_clause_of_another_county(
        hulin: jointmeeting.Charter) -> None:
    records = YearRecords.model_validate({"year": 2025, "meetings": [
        {"id": "x1", "kind": "banquet", "date": "2025-03-10"}]})
    (found,) = [f for f in review(hulin, records, today=YEAR_END).findings if f.code == "JM518"]
    assert found.clause is None  # not a clause some county's notice happened to number so


@pytest.mark.parametrize(("path", "summary", "header", "no"), [
    (HULIN, "虎林市妇女儿童工作联席会议制度：2026年度工作评估，发现问题 69 项",
     ["成员单位", "年度计划", "实事（件）", "纳入工作报告", "进展报送（次）"], "无"),
    (ROOT / "examples" / "charters" / "riverside-english.yaml",
     "Riverside County Joint Meeting on Child Protection: review of 2026, 1 finding(s)",
     ["Member unit", "Annual plan", "Practical matters", "In the work report",
      "Progress reports"], "no"),
])
def test_the_review_table_speaks_the_charters_language(path: Path, summary: str,
                                                       header: list[str], no: str) -> None:
    """The terminal's review is the clerk's too: its summary, column heads and cells are in
    the charter's language, one language per table."""
    charter = jointmeeting.load_charter(path)
    text = report.review_table(review(charter, YearRecords(year=2026),
                                      today=dt.date(2026, 12, 31)))
    lines = text.splitlines()
    assert lines[0] == summary
    rows = [[cell.strip() for cell in line.strip("┃│").split("┃" if "┃" in line else "│")]
            for line in lines if line.startswith(("┃", "│"))]
    assert rows[0] == header
    assert [row[0] for row in rows[1:]] == [u.name for u in charter.units]
    assert {row[1] for row in rows[1:]} == {no}
