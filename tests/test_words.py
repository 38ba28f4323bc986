"""Words a person reads: office-facing texts in the charter's language, deadlines as words,
names rather than ids; terminal output that survives files, CJK text and closed pipes."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

import jointmeeting
from jointmeeting.charter.words import CATALOGUE, words
from jointmeeting.cli import main
from jointmeeting.publish.ical import calendar
from jointmeeting.report import review_html
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import message, open_incident, steps
from jointmeeting.runtime.plan import Report, plan
from jointmeeting.runtime.review import review
from jointmeeting.runtime.year import CaseReport, YearRecords, read_yaml

from .conftest import HULIN, ROOT

RIVERSIDE = ROOT / "examples" / "charters" / "riverside-english.yaml"
SAMPLE = ROOT / "examples" / "records" / "hulin-2025.yaml"
CST = ZoneInfo("Asia/Shanghai")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def riverside() -> jointmeeting.Charter:
    return jointmeeting.load_charter(RIVERSIDE)


def test_every_language_has_every_text() -> None:
    keys = {language: set(texts) for language, texts in CATALOGUE.items()}
    assert keys["en"] == keys["zh-CN"]


@pytest.mark.parametrize(("within", "zh", "en"), [
    ("PT24H", "24小时内", "within 24 hours"), ("immediately", "立即", "immediately"),
    ("P3D", "3日内", "within 3 days"), ("PT1H30M", "1小时30分钟内", "within 1 hour 30 minutes"),
    (None, "时限未规定", "no deadline set")])
def test_deadlines_read_as_words(within: str | None, zh: str, en: str) -> None:
    assert words("zh-CN").deadline(within) == zh
    assert words("en").deadline(within) == en


def _message(charter: jointmeeting.Charter, tmp_path: Path, kind: str, reporter: str
             ) -> tuple[str, str]:
    made = plan(charter, Report(kind, reporter, dt.datetime(2025, 6, 3, 8, 15)))
    with Ledger(tmp_path / f"{charter.id}.sqlite3") as ledger:
        incident = open_incident(ledger, charter, made, now=dt.datetime(2025, 6, 3, 1, 0,
                                                                        tzinfo=dt.UTC))
        sent = message(charter, ledger, steps(ledger, incident)[0])
    return sent.subject, sent.body


def test_notifications_in_chinese_for_hulin(hulin: jointmeeting.Charter, tmp_path: Path) -> None:
    subject, body = _message(hulin, tmp_path, "major-case", "市民政局")
    assert subject == "【重大案件或舆情报告】市民政局报告（案件1号），请于2025-06-04 08:15+08:00前处理"
    assert "知悉时间：2025-06-03 08:15+08:00" in body
    assert "联席会议办公室：报告。" in body


def test_notifications_in_english_for_an_english_charter(riverside: jointmeeting.Charter,
                                                         tmp_path: Path) -> None:
    subject, body = _message(riverside, tmp_path, "major-case", "CAB")
    assert subject == ("[Major case report] reported by Civil Affairs Bureau (case 1), to be "
                       "handled by 2025-06-03 20:15+08:00")
    assert "Joint Meeting Office: report." in body
    assert "known at: 2025-06-03 08:15+08:00" in body
    assert not HAN.search(subject + body), subject + body


class Page(HTMLParser):
    """The text of a page by table cell, and its language."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.cells: list[str] = []
        self.text: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("td", "th"):
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_cell:
            self.cells[-1] += data


def _page(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_the_review_page_reads_in_chinese_with_names(hulin: jointmeeting.Charter) -> None:
    result = review(hulin, read_yaml(SAMPLE, hulin), today=dt.date(2025, 12, 31))
    page = _page(review_html(result, dt.date(2025, 12, 31)))
    assert page.lang == "zh-CN"
    assert "市水务局未制定2025年度计划" in page.cells
    findings = [c for c in page.cells if c.startswith(("市", "案件", "全体", "专题"))]
    assert findings, page.cells
    ids = {u.id for u in hulin.units} | {p.id for p in hulin.posts}
    for cell in page.cells:  # case ids are the office's own; the charter's ids never show
        assert not ids & set(re.findall(r"[a-z][a-z-]+", cell)), cell
    assert "案件case-2025-10-opinion（重大案件或舆情报告）在知悉后30小时才报告，应于知悉后24小时内报告" \
        in page.cells
    assert not any("PT24H" in t for t in page.text)


def test_the_review_page_reads_in_english_for_an_english_charter(
        riverside: jointmeeting.Charter) -> None:
    records = YearRecords(year=2025)
    page = _page(review_html(review(riverside, records, today=dt.date(2025, 12, 31)),
                             dt.date(2025, 12, 31)))
    assert page.lang == "en"
    assert "Civil Affairs Bureau has no annual plan for 2025" in page.cells \
        or not riverside.requirements
    assert not HAN.search("".join(page.text)), "".join(page.text)


def test_the_calendar_in_the_charter_language(hulin: jointmeeting.Charter,
                                              riverside: jointmeeting.Charter) -> None:
    case = CaseReport(id="c1", rule="major-case", reporter="civil-affairs",
                      known_at=dt.datetime(2025, 6, 3, 8, 15, tzinfo=CST),
                      reported_at=dt.datetime(2025, 6, 3, 9, 0, tzinfo=CST))
    for charter, expected in ((hulin, "报告时限：重大案件或舆情报告（c1）"),
                              (riverside, "Reporting deadline: Major case report (c1)")):
        records = YearRecords(year=2025, cases=[case])
        cal = Calendar.from_ical(calendar(review(charter, records, today=dt.date(2025, 12, 31))))
        (event,) = cal.walk("VEVENT")
        assert str(event["summary"]) == expected
        text = str(event["summary"]) + str(event["description"])
        assert "PT" not in text and "civil-affairs" not in text
        assert bool(HAN.search(text)) is (charter is hulin)


def test_the_site_shows_responsibilities_requirements_and_deadline_words(
        tmp_path: Path, hulin: jointmeeting.Charter) -> None:
    assert main(["site", "--charter", str(HULIN), "-o", str(tmp_path)]) == 0
    rules = "".join(_page((tmp_path / "rules.html").read_text(encoding="utf-8")).text)
    for clause in hulin.responsibilities:
        assert clause.text in rules
    for requirement in hulin.requirements:
        assert requirement.text in rules
    assert "24小时内" in rules and "PT24H" not in rules
    unit = "".join(_page((tmp_path / "units" / "civil-affairs.html").read_text(
        encoding="utf-8")).text)
    assert "24小时内" in unit and "PT24H" not in unit
    assert "姓名未载" in rules  # Hulin's posts name no person, and the site says so


def test_an_english_charter_gets_an_english_site(tmp_path: Path) -> None:
    assert main(["site", "--charter", str(RIVERSIDE), "-o", str(tmp_path)]) == 0
    for page in tmp_path.rglob("*.html"):
        parsed = _page(page.read_text(encoding="utf-8"))
        assert parsed.lang == "en"
        assert not HAN.search("".join(parsed.text)), (page, HAN.findall("".join(parsed.text)))
    rules = "".join(_page((tmp_path / "rules.html").read_text(encoding="utf-8")).text)
    assert "report Joint Meeting Office (within 12 hours)" in rules
    index = (tmp_path / "assets" / "index.js").read_text(encoding="utf-8")
    assert '"found": "{n} unit(s) found"' in index and '"lead": "leads"' in index


def test_the_site_names_post_holders(tmp_path: Path) -> None:
    text = HULIN.read_text(encoding="utf-8").replace(
        "      name: null\n", "      name: 王珊\n", 1)
    path = tmp_path / "named.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "sources").symlink_to(HULIN.parent / "sources")
    assert main(["site", "--charter", str(path), "-o", str(tmp_path / "site")]) == 0
    rules = (tmp_path / "site" / "rules.html").read_text(encoding="utf-8")
    assert "王珊" in rules


def _jm(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "60"}
    return subprocess.run([sys.executable, "-m", "jointmeeting", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False, **kwargs)  # type: ignore


def test_show_into_a_file_keeps_names_whole(hulin: jointmeeting.Charter) -> None:
    out = _jm("show", "--charter", str(HULIN)).stdout
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == len(hulin.units)
    for unit, row in zip(hulin.units, rows, strict=True):
        cells = [cell.strip() for cell in row.strip("│").split("│")]
        assert cells[:3] == [unit.id, unit.name, "、".join(unit.aliases)], row
    assert not any("…" in row for row in rows)


def test_coverage_findings_go_to_stderr() -> None:
    done = _jm("coverage", "--charter", str(HULIN))
    assert done.returncode == 0
    assert "JM321" not in done.stdout and done.stdout.rstrip().endswith("儿童与法律保护")
    assert f"{HULIN}: JM321 no unit leads (牵头) in" in done.stderr


def test_tables_pad_cjk_by_display_width(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.cells import cell_len

    assert main(["roster", "show", "--charter", str(HULIN), "--at", "2025-06-01"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    # Where the second column starts, in terminal cells (rich's measure, not ours).
    starts = {cell_len(re.match(r"  \S+ +", row).group(0)) for row in rows}  # type: ignore
    assert len(rows) > 30 and len(starts) == 1, starts


class ClosedPipe:
    """A stdout whose reader has gone away (``jointmeeting ... | head -1``)."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize("args", [["schema"], ["duties", "市民政局", "--charter", str(HULIN)]])
def test_a_closed_pipe_exits_quietly(args: list[str], monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    with capsys.disabled():
        monkeypatch.setattr(sys, "stdout", ClosedPipe())
        err = io.StringIO()
        monkeypatch.setattr(sys, "stderr", err)
        code = main(args)
    assert code == 1
    assert err.getvalue() == ""


def test_show_names_recipients_and_deadlines_in_words() -> None:
    out = "".join(_jm("show", "--charter", str(HULIN)).stdout.split())  # lines wrap anywhere
    assert "重大案件或舆情报告（各成员单位）：报告联席会议办公室（24小时内）" in out
    assert "报警公安机关（立即）" in out
    assert "PT24H" not in out and "报告office" not in out


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_every_group_a_rule_may_name_has_words(language: str) -> None:
    """A group id (members, liaisons, joint-meeting …) is shown by its words, in each language."""
    from jointmeeting.charter.values import GROUPS
    from jointmeeting.charter.words import words

    say = words(language)  # type: ignore[arg-type]
    assert all(say(f"group.{group}") for group in GROUPS)


# What the command line prints for the office's clerk (timeline, incident status, who, show)
# and the review page: in the charter's language, names not ids, no word of the other language.

#: A Latin letter: none is in what a Chinese charter's office reads from these commands.
LATIN = re.compile(r"[A-Za-z]")
#: The English words each of these commands printed before it spoke the charter's language.
ENGLISH = re.compile(r"\b(opened|planned|acknowledged|sent|by|via|hand|attempts|pending|manual"
                     r"|score|joint meeting|Posts|Units|Duties|Meetings|Reporting|Assumptions"
                     r"|no deadline)\b")


def _case(charter_path: Path, reporter: str, tmp_path: Path,
          capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """One case opened, acknowledged: its status lines and its timeline as the CLI prints them."""
    args = ["--charter", str(charter_path), "--ledger", str(tmp_path / "cases.sqlite3")]
    assert main(["incident", "open", "--kind", "major-case", "--from", reporter, "--at",
                 "2025-06-03T08:15+08:00", *args]) == 0
    assert main(["ack", "1", *args]) == 0
    capsys.readouterr()
    assert main(["incident", "status", "1", *args]) == 0
    status = capsys.readouterr().out
    assert main(["timeline", "1", *args]) == 0
    return status, capsys.readouterr().out


def _timeline_kinds(out: str) -> list[str]:
    # "2025-06-03 09:00:00+08:00  立案   #1 …": the kind is the column after the moment
    return [line.split("  ")[1].strip() for line in out.splitlines()]


def test_status_and_timeline_in_chinese_for_hulin(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    status, timeline = _case(HULIN, "团市委", tmp_path, capsys)
    say = words("zh-CN")
    (line,) = status.splitlines()
    assert line.startswith("#1 1. 联席会议办公室  报告  2025-06-04 08:15+08:00前  人工送达  ")
    assert line.endswith("（已尝试0次）")
    kinds = _timeline_kinds(timeline)
    assert kinds[:2] == [say("office.event.opened"), say("office.event.planned")] == ["立案", "待通知"]
    assert say("office.event.acknowledged") in kinds
    for out in (status, timeline):
        assert not LATIN.search(out), out


def test_status_and_timeline_in_english_for_an_english_charter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, timeline = _case(RIVERSIDE, "CAB", tmp_path, capsys)
    (line,) = status.splitlines()
    assert line.startswith("#1 1. Joint Meeting Office  report  by 2025-06-03 20:15+08:00  "
                           "deliver by hand  ")
    assert line.endswith(" (attempts: 0)")
    kinds = _timeline_kinds(timeline)
    assert kinds[:2] == ["opened", "planned"] and "acknowledged" in kinds
    for out in (status, timeline):
        assert not HAN.search(out), out


def test_who_names_the_joint_meetings_texts_in_chinese(
        hulin: jointmeeting.Charter, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["who", "案件联办", "--charter", str(HULIN)]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("联席会议：")
    (handling,) = [r for r in hulin.responsibilities if "案件联办" in r.text]
    assert lines[at + 1] == f"  {handling.source}  {handling.text}"
    assert not any(r.id in line for r in hulin.responsibilities for line in lines)
    assert not LATIN.search("\n".join(lines))
    assert main(["who", "留守儿童", "--charter", str(HULIN)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    # a unit: its name, its id for the clerk's next command, role and relevance in Chinese
    assert first == "市民政局（civil-affairs）牵头  相关度 1.50", first


def test_who_names_the_joint_meetings_texts_in_english(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "riverside.yaml"
    path.write_text(RIVERSIDE.read_text(encoding="utf-8") + (
        "\nresponsibilities:\n  - id: share-cases\n"
        "    text: Share case information between member units.\n    source: 3/1\n"),
        encoding="utf-8")
    assert main(["who", "case", "--charter", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    at = lines.index("The joint meeting:")
    assert "  3/1  Share case information between member units." in lines[at:]
    assert "  2(2)/1  Major case report: Member units report major cases to the Joint Meeting " \
           "Office within 12 hours." in lines[at:]
    assert "share-cases" not in out and not HAN.search(out), out
    assert main(["who", "children", "--charter", str(path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "Civil Affairs Bureau (civil-affairs) leads  relevance 1.50", first


def _show(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[str], str]:
    """`show`'s section headings (the rules' titles) and its whole text."""
    assert main(["show", "--on", "2025-06-01", "--charter", str(path)]) == 0
    out = capsys.readouterr().out
    headings = [line.strip("─ ") for line in out.splitlines() if line.startswith("─")]
    return headings, out


def test_show_speaks_chinese_only_for_hulin(hulin: jointmeeting.Charter,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    headings, out = _show(HULIN, capsys)
    assert headings == [hulin.title, "组织架构", f"职责（{len(hulin.duties)}项）", "会议", "报告",
                        "假设与存疑"]
    assert f"成员单位（{len(hulin.units)}个）" in out
    assert "┃ 编号 " in out and "┃ 名称 " in out
    assert "全体会议：每年1至2次，主持 总召集人" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)
    notes = out.split("假设与存疑")[1]
    assert notes.count("\n假设 ") >= len(hulin.assumptions)
    assert not re.search(r"^(assumption|remark) ", notes, re.M)


def test_show_speaks_english_only_for_an_english_charter(
        riverside: jointmeeting.Charter, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    headings, out = _show(RIVERSIDE, capsys)
    assert headings == [riverside.title, "Posts and office", "Duties (4)", "Meetings",
                        "Reporting", "Assumptions and remarks"]
    assert "Member units (4)" in out and "┃ Id " in out
    assert "Li Ming (Deputy Director)" in out
    assert "Plenary Meeting: 2 a year, chaired by Convener;" in out
    assert "Escalation: Joint Meeting Office → Convener (within 2 hours at each level)" in out
    assert "PT2H" not in out and "印发" not in out
    assert out.split("Assumptions and remarks")[1].count("\nassumption ") == 3
    assert not HAN.search(out), HAN.findall(out)


@pytest.mark.parametrize(("charter_path", "missing"), [(HULIN, "未记录"),
                                                       (RIVERSIDE, "not recorded")])
def test_a_case_with_no_reported_time_says_so_on_the_review_page(charter_path: Path,
                                                                 missing: str) -> None:
    import dataclasses

    charter = jointmeeting.load_charter(charter_path)
    case = CaseReport(id="c1", rule="major-case", reporter="civil-affairs",
                      known_at=dt.datetime(2025, 6, 3, 8, 15, tzinfo=CST),
                      reported_at=dt.datetime(2025, 6, 3, 9, 0, tzinfo=CST))
    result = review(charter, YearRecords(year=2025, cases=[case]), today=dt.date(2025, 12, 31))
    # A case whose report time is unknown (a record kept elsewhere): the page says so in words.
    unknown = case.model_copy(update={"reported_at": None})
    result.cases[:] = [dataclasses.replace(result.cases[0], case=unknown)]
    page = _page(review_html(result, dt.date(2025, 12, 31)))
    assert missing in page.cells
    text = "".join(page.text)
    assert "no deadline" not in text
    assert bool(HAN.search(text)) is (charter.language == "zh-CN")


def test_a_meeting_count_with_equal_ends_is_said_once(riverside: jointmeeting.Charter) -> None:
    assert (words("zh-CN").span(2, 2), words("zh-CN").span(1, 2)) == ("2次", "1至2次")
    assert (words("en").span(2, 2), words("en").span(1, None)) == ("2", "at least 1")
    found = review(riverside, YearRecords(year=2025), today=dt.date(2025, 12, 31)).findings
    (meetings,) = [f.message for f in found if f.code == "JM510"]
    assert meetings == "Plenary Meeting: 0 held in 2025; the charter asks for 2"


def test_what_a_charter_takes_from_its_template_is_marked_in_its_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    (tmp_path / "template.yaml").write_text(RIVERSIDE.read_text(encoding="utf-8"),
                                            encoding="utf-8")
    county = tmp_path / "county.yaml"
    county.write_text("extends: template.yaml\nformat: 1\nid: hillside-child-protection\n"
                      "title: Hillside County Joint Meeting on Child Protection\n"
                      "jurisdiction: {name: Hillside County, level: county}\n", encoding="utf-8")
    mark, chinese = words("en")("mark.inherited"), words("zh-CN")("mark.inherited")
    assert main(["show", "--on", "2025-06-01", "--charter", str(county)]) == 0
    shown = capsys.readouterr().out
    rule = next(line for line in shown.splitlines() if line.startswith("Major case report"))
    assert rule.endswith(mark)
    assert main(["route", "--kind", "major-case", "--from", "CAB", "--at", "2025-06-03T08:15",
                 "--charter", str(county)]) == 0
    routed = capsys.readouterr().out
    assert routed.startswith(f"Major case report (2(2)/1) {mark}: Civil Affairs Bureau")
    for out in (shown, routed):
        assert chinese not in out and not HAN.search(out), out
