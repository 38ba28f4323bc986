"""Where a real notice is silent, the charter says so instead of carrying a placeholder (issue
11's closing note): a null office host, issue date, document number or member's first day, each
said on purpose in ``not_in_notice``; routes that end at the table's own bodies; several lead
units; unit kinds for branches, towns and sub-districts; ``areas: []``; a news report as the
source. Each is checked, then presented by show, site and route (and the other consumers)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

import jointmeeting
from jointmeeting.charter.model import SilenceKind, UnitKind
from jointmeeting.cli import main
from jointmeeting.graph.responsibility import EdgeKind, ResponsibilityGraph

from .conftest import MINIMAL, ROOT
from .test_shapes import ON, Presented, present, shaped

SILENT_SOURCE = """  document: null
  title: 示例镇妇女儿童工作联席会议制度
  issuer: 示例镇人民政府办公室
  issued: null
"""
SILENT_OFFICE = "  host: null\n  text: 联席会议办公室设在镇妇联，负责日常工作。"
SILENT_MEMBER = "  - {name: 张三, unit: civil-affairs, position: 副主任, since: null, source: 四/张三}"
STATEMENTS = """not_in_notice:
  - {what: document-number, assumption: 保存的文本没有文号。}
  - {what: issue-date, assumption: 保存的文本没有印发日期。}
  - {what: office-host, assumption: 通知写了办公室，未写设在哪个单位。}
  - {what: member-since, units: [civil-affairs], assumption: 名单未写任职起始日期。}
"""


def silent(tmp_path: Path, *, statements: str = STATEMENTS) -> Path:
    return shaped(tmp_path, add=statements, replace={
        "  document: 示政办发〔2025〕1号\n  title: 示例镇妇女儿童工作联席会议制度\n"
        "  issuer: 示例镇人民政府办公室\n  issued: 2025-01-15\n": SILENT_SOURCE,
        "  host: womens-federation\n  text: 联席会议办公室设在镇妇联，负责日常工作。": SILENT_OFFICE,
        "  - {name: 张三, unit: civil-affairs, position: 副主任, since: 2025-01-15, "
        "source: 四/张三}": SILENT_MEMBER})


def codes(out: str) -> list[str]:
    return re.findall(r": (JM\d{3}) ", out)


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")


def test_nulls_said_on_purpose_check_clean_and_every_reader_copes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = silent(tmp_path)
    seen: Presented = present(path, capsys)
    c = seen.charter
    assert (c.office.host, c.source.issued, c.source.document, c.members[0].since) == (
        None, None, None, None)
    # show: the header says what is missing, and the office has no invented host
    assert "示例镇人民政府办公室 文号未载，日期未载 印发" in seen.show
    assert "通知未载印发日期：保存的文本没有印发日期。" in seen.show
    assert "联席会议办公室：所在单位未载，负责日常工作" in seen.show
    assert "张三（副主任）" in seen.show  # a member with no first day still represents
    # site: footer and rules page
    assert "（文号未载，日期未载）" in seen.site["index.html"]
    assert "联席会议办公室（所在单位未载）：" in seen.site["rules.html"]
    assert "办公室所在单位：通知写了办公室" in seen.site["rules.html"]
    assert "None" not in "".join(seen.site.values())
    assert "1. 联席会议办公室  报告" in seen.route
    # graph: no hosts edge, and no node for a host
    graph = ResponsibilityGraph.from_charter(c)
    assert graph.edges(EdgeKind.HOSTS) == []
    assert main(["graph", "--charter", str(path), "--format", "dot"]) == 0
    assert "hosts" not in capsys.readouterr().out
    # the roster, as text and JSON; the member counts from any day on
    assert c.representative("civil-affairs", dt.date(1990, 1, 1)) is c.members[0]
    assert main(["roster", "show", "--charter", str(path), "--at", ON, "--format", "json"]) == 0
    roster = json.loads(capsys.readouterr().out)["data"]
    (member,) = next(u for u in roster["units"] if u["unit"] == "civil-affairs")["members"]
    assert member["since"] is None
    assert main(["roster", "show", "--unit", "镇民政办", "--charter", str(path)]) == 0
    assert "（起始日期未载） – 至今  张三" in capsys.readouterr().out
    # export: JSON keeps the nulls; Popolo invents no founding or start date
    assert main(["export", "--charter", str(path)]) == 0
    exported = json.loads(capsys.readouterr().out)["data"]
    assert exported["source"]["issued"] is None and exported["office"]["host"] is None
    assert main(["export", "--charter", str(path), "--format", "popolo"]) == 0
    popolo = json.loads(capsys.readouterr().out)["data"]
    assert "founding_date" not in popolo["organizations"][0]
    assert all("start_date" not in m for m in popolo["memberships"])
    # diff: the host's change is a change of the office; impact: no unit hosts the office
    assert main(["diff", str(MINIMAL), str(path)]) == 1
    assert "office" in capsys.readouterr().out
    assert main(["impact", "womens-federation", "--charter", str(path), "--format",
                 "json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["hosts_office"] is False


def test_roster_file_ends_an_undated_membership_and_checks_clean(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = silent(tmp_path)
    args = ["--charter", str(path), "--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["roster", "propose", "镇民政办", "--name", "钱七", "--position", "主任",
                 "--effective", "2025-06-05", *args]) == 0
    assert main(["roster", "file", "1", "--number", "备2025-1", *args]) == 0
    capsys.readouterr()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "  - {name: 张三, unit: civil-affairs, position: 副主任, since: null, until: " \
           "2025-06-05, source: 四/张三}" in lines
    assert main(["check", "--on", "2025-06-10", str(path)]) == 0
    charter = present(path, capsys).charter
    assert charter.representative("civil-affairs", dt.date(2025, 6, 10)).name == "钱七"
    assert charter.representative("civil-affairs", dt.date(2025, 6, 1)).name == "张三"


def test_a_null_without_its_statement_is_an_error_at_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = silent(tmp_path, statements="")
    assert main(["check", "--on", ON, str(path)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "JM319" in line]
    text = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4, out
    found = {line.split("JM319 ")[1].split(" is null")[0].split(":")[0] for line in lines}
    assert found == {"office.host", "source.issued", "source.document", "member 张三"}
    for line in lines:
        row, col = map(int, re.match(r".*?:(\d+):(\d+): ", line).groups())
        assert text[row - 1][col - 1:].startswith("null"), line
    # A statement for another unit leaves the member's null standing.
    path.write_text(path.read_text(encoding="utf-8") + STATEMENTS.replace(
        "units: [civil-affairs]", "units: [womens-federation]"), encoding="utf-8")
    assert main(["check", "--on", ON, str(path)]) == 1
    out = capsys.readouterr().out
    assert codes(out) == ["JM319", "JM319"]
    assert "member 张三: since is null" in out and "no member it covers" in out


def test_a_statement_beside_a_given_value_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shaped(tmp_path, add="""not_in_notice:
  - {what: office-host, units: [civil-affairs], assumption: 办公室所在单位未载。}
""")
    assert main(["check", "--on", ON, str(path)]) == 1
    out = capsys.readouterr().out
    assert "not_in_notice office-host: is about office.host, not about units" in out
    assert "not_in_notice office-host: office.host is given" in out


def test_the_null_host_and_undated_member_reach_review_calendar_and_notifications(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = silent(tmp_path)
    ledger = ["--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["incident", "open", "--charter", str(path), *ledger, "--kind", "major-case",
                 "--from", "镇民政办", "--at", "2025-06-01T10:00"]) == 0
    capsys.readouterr()
    assert main(["review", "--charter", str(path), "--year", "2025", "--format", "html",
                 "--today", "2025-12-31", *ledger, "-o", str(tmp_path / "r.html")]) in (0, 1)
    assert "（文号未载）" in (tmp_path / "r.html").read_text(encoding="utf-8")
    ics = tmp_path / "c.ics"
    assert main(["calendar", "--charter", str(path), "--year", "2025", "-o", str(ics),
                 *ledger]) == 0
    events = [e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert events and all("文号未载" in str(e["description"]) for e in events)


def test_routes_may_end_at_the_joint_meeting_a_post_or_the_member_units(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = """reporting:
  - id: office-report
    name: 办公室报告
    kind: event
    text: 办公室负责向联席会议报告和向成员单位通报。
    reporters: [office]
    steps:
      - {to: joint-meeting, action: 报告}
      - {to: members, action: 通报}
    source: 二（二）/2
  - id: proposals
    name: 建议事项
    kind: event
    text: 成员单位向办公室提出建议，经办公室报告召集人。
    reporters: [members]
    steps:
      - {to: office, action: 提出建议}
      - {to: convener, action: 报告}
    source: 二（二）/3
  - id: to-joint-meeting
    name: 向联席会议报告
    kind: event
    text: 办公室向联席会议报告。
    reporters: [office]
    steps:
      - {to: joint-meeting, action: 报告}
    source: 二（二）/4
"""
    path = shaped(tmp_path, replace={"reporting:\n": rules})
    seen = present(path, capsys, kind="office-report", reporter="office")
    assert "1. 示例镇妇女儿童工作联席会议  报告" in seen.route
    assert "2. 各成员单位  通报" in seen.route
    assert main(["route", "--charter", str(path), "--kind", "proposals", "--from", "镇民政办",
                 "--at", "2025-06-01T10:00"]) == 0
    assert "2. 召集人  报告" in capsys.readouterr().out
    # A message to the member units as a whole reaches each unit's own channel.
    contacts = tmp_path / "contacts.yaml"
    contacts.write_text("""format: 1
recipients:
  civil-affairs: [{via: console, to: 民政办}]
  womens-federation: [{via: console, to: 妇联}]
""", encoding="utf-8")
    assert main(["route", "--charter", str(path), "--kind", "office-report", "--from",
                 "office", "--at", "2025-06-01T10:00", "--contacts", str(contacts)]) == 0
    routed = capsys.readouterr().out
    members_line = next(line for line in routed.splitlines() if "各成员单位" in line)
    assert "经console、console发送" in members_line  # each unit's own channel
    # A single member unit is still no end for a report.
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      - {to: joint-meeting, action: 报告}\n    source: 二（二）/4",
        "      - {to: civil-affairs, action: 报告}\n    source: 二（二）/4"), encoding="utf-8")
    assert main(["check", "--on", ON, str(path)]) == 1
    assert "JM315 rule to-joint-meeting ends at 'civil-affairs'" in capsys.readouterr().out


def test_several_lead_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shaped(tmp_path, add="""lead_unit:
  unit: [womens-federation, civil-affairs]
  text: 由镇妇联和镇民政办牵头。
  source: 一（一）/4
""")
    seen = present(path, capsys)
    assert seen.charter.lead_unit is not None
    assert seen.charter.lead_unit.units() == ["womens-federation", "civil-affairs"]
    assert "牵头单位：镇妇女联合会、镇民政办" in seen.show
    assert ('牵头单位：<a href="units/womens-federation.html">镇妇女联合会</a>、'
            '<a href="units/civil-affairs.html">镇民政办</a>') in seen.site["rules.html"]
    leads = ResponsibilityGraph.from_charter(seen.charter).edges(EdgeKind.LEADS)
    assert {(e.source.id, e.target.id, e.clause) for e in leads} == {
        ("womens-federation", "office", "一（一）/4"), ("civil-affairs", "office", "一（一）/4")}
    # A wrong id in the list is found at its place.
    path.write_text(path.read_text(encoding="utf-8").replace(
        "[womens-federation, civil-affairs]", "[womens-federation, civil-afairs]"),
        encoding="utf-8")
    assert main(["check", "--on", ON, str(path)]) == 1
    out = capsys.readouterr().out
    row = path.read_text(encoding="utf-8").splitlines().index(
        "  unit: [womens-federation, civil-afairs]") + 1
    assert f":{row}:29: JM301 lead_unit names unit 'civil-afairs'" in out


def test_unit_kinds_for_branches_towns_and_sub_districts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shaped(tmp_path, replace={"\noffice:": """
  - {id: telecom, name: 中国电信示例分公司, kind: enterprise-branch, source: 四/电信}
  - {id: pboc, name: 人民银行示例支行, kind: central-branch, source: 四/人行}
  - {id: town, name: 示例镇, kind: township, source: 四/镇}
  - {id: street, name: 示例街道, kind: subdistrict, source: 四/街道}
office:"""}, add="""not_in_notice:
  - {what: unit-duties, units: [telecom, pboc, town, street], assumption: 未写职责。}
""")
    seen = present(path, capsys)
    assert [u.kind for u in seen.charter.units[-4:]] == [
        UnitKind.ENTERPRISE_BRANCH, UnitKind.CENTRAL_BRANCH, UnitKind.TOWNSHIP,
        UnitKind.SUBDISTRICT]
    assert "中国电信示例分公司" in seen.show and "units/street.html" in seen.site
    assert main(["export", "--charter", str(path), "--format", "popolo"]) == 0
    classes = {o["id"]: o["classification"]
               for o in json.loads(capsys.readouterr().out)["data"]["organizations"]}
    assert (classes["telecom"], classes["town"]) == ("enterprise-branch", "township")
    for kind in ("enterprise-branch", "central-branch", "township", "subdistrict"):
        assert f"`{kind}`" in (ROOT / "docs" / "shapes.md").read_text(encoding="utf-8")


def test_areas_empty_serves_none_and_absent_serves_all(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The minimal charter has no duty in, e.g., women.health: a gap when areas are not declared.
    assert main(["coverage", "--charter", str(MINIMAL)]) == 0
    assert "JM320 no unit has a duty in women.health" in capsys.readouterr().err
    path = shaped(tmp_path, add="areas: []\n")
    seen = present(path, capsys)
    assert seen.charter.areas == [] and not seen.charter.in_scope("women.health")
    assert main(["coverage", "--charter", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "JM32" not in err and "scope: none of the outline areas" in out


def test_a_news_report_is_marked_as_such(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = shaped(tmp_path, replace={"source:\n  document:": "source:\n  kind: news-report\n"
                                                             "  document:"})
    seen = present(path, capsys)
    assert "本制度据新闻报道整理，不是通知原文。" in seen.show
    assert "本制度据新闻报道整理，不是通知原文。" in seen.site["index.html"]
    (tmp_path / "plain").mkdir()
    plain = present(shaped(tmp_path / "plain"), capsys)
    assert "新闻报道" not in plain.show and "新闻报道" not in plain.site["index.html"]


@pytest.mark.parametrize(("name", "gone"), [
    ("xinzhou-city-anti-counterfeit-currency", "2000-01-01"),
    ("longnan-city-left-behind-children-2008", "2008-01-01"),
    ("changzhi-city-anti-trafficking", "占位"),
    ("fujian-province-services-statistics-2007", "占位"),
    ("qingtian-county-overseas-chinese-affairs-2012", "since: 2012-07-10"),
    ("qingtian-county-overseas-chinese-affairs-2012", "占位"),
    ("xinzhou-city-anti-counterfeit-currency", "position: 不详"),
    ("unnamed-province-anti-trafficking-2008", "2008-01-01"),
    ("unnamed-province-anti-trafficking-2008", "职务不详"),
    ("beijing-municipality-vagrancy-relief-2012", "占位"),
    ("hubei-province-anti-trafficking-2013", "占位"),
])
def test_the_corpus_carries_no_placeholder(name: str, gone: str) -> None:
    text = (ROOT / "charters" / f"{name}.yaml").read_text(encoding="utf-8")
    assert gone not in text and "文号不详" not in text
    assert jointmeeting.check(jointmeeting.load_charter(ROOT / "charters" / f"{name}.yaml"),
                              today=dt.date(2025, 6, 1)) == []


def test_the_corpus_says_its_nulls() -> None:
    """The placeholders that stood for a number, a date, a host, member seats, a holder and an
    office are nulls now, each with its statement."""
    def of(name: str) -> jointmeeting.Charter:
        return jointmeeting.load_charter(ROOT / "charters" / f"{name}.yaml")

    province = of("unnamed-province-anti-trafficking-2008")
    assert (province.source.document, province.source.issued, province.members) == (
        None, None, [])
    assert province.office is not None and province.office.host is None
    assert [d.id for d in province.office_duties()] == ["inter-regional-cooperation"]
    assert province.office.responsibilities == []
    assert province.silent_on(SilenceKind.MEMBERS, "public-security") is not None
    assert province.silent_on(SilenceKind.UNIT_DUTIES, "education") is None  # it supports
    assert of("beijing-municipality-vagrancy-relief-2012").source.document is None
    assert of("hubei-province-anti-trafficking-2013").source.document is None
    assert of("qingtian-county-overseas-chinese-affairs-2012").office is None
    xinzhou = of("xinzhou-city-anti-counterfeit-currency")
    assert xinzhou.post("convener").held_by.position is None


def test_a_roster_row_with_no_date_where_the_notice_gives_none_names_its_row(
        tmp_path: Path) -> None:
    import jointmeeting
    from jointmeeting.host.rosters import Row, members_from_rows

    charter = jointmeeting.load_charter(silent(tmp_path))
    rows = [Row(2, {"name": ("王五", 1), "unit": ("镇妇联", 2)}),
            Row(3, {"name": ("钱七", 1), "unit": ("镇民政办", 2), "since": ("2025-02-01", 3)})]
    read = members_from_rows(charter, rows, "roster.csv")
    assert [m.name for m in read.members] == ["钱七"]
    assert [(d.code, d.position.line, d.message) for d in read.diagnostics] == [
        ("JM404", 2, "row 2: no since, and the notice gives no date to take")]


def test_the_service_answers_with_the_nulls(tmp_path: Path) -> None:
    from jointmeeting.runtime.access import Role

    from .live import start
    from .test_api import call, data

    silent(tmp_path)
    server = start(tmp_path, "shape.yaml", tokens={"office": (Role.OFFICE, None, None)})
    try:
        charter = data(call(server, "office", "GET", "/charter"))
        assert (charter["source"]["issued"], charter["office"]["host"]) == (None, None)
        roster = data(call(server, "office", "GET", "/roster", params={"on": ON}))
        (member,) = next(u for u in roster["units"] if u["unit"] == "civil-affairs")["members"]
        assert member["since"] is None  # and the roster kind's schema allows it (call checks)
        page = call(server, None, "GET", "/office").text
        assert "联席会议办公室" in page and "None" not in page
    finally:
        server.stop()


SUPPORTED = {"""  - id: womens-federation-1
    owner: womens-federation
""": """  - id: womens-federation-1
    owner: civil-affairs
    support: [womens-federation]
"""}


def test_a_unit_that_only_supports_a_duty_has_a_duty_kept_apart_from_owned_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seen = present(shaped(tmp_path, replace=SUPPORTED), capsys)
    c = seen.charter
    assert c.duties_of("womens-federation") == []
    assert [d.id for d in c.supported_duties("womens-federation")] == ["womens-federation-1"]
    # show: the table counts owned and supported apart; the duty is listed under both units
    assert re.search(r"│ womens-federation\s+│.*│ 0（配合1）\s+│", seen.show), seen.show
    assert "  配合 做好家庭教育指导服务。（镇民政办负责）" in seen.show
    page = seen.site["units/womens-federation.html"]
    assert "职责（0项）" in page and "配合的职责（1项）" in page
    assert '负责单位：<a href="civil-affairs.html">镇民政办</a>' in page
    assert "配合的职责" not in seen.site["units/civil-affairs.html"]
    # who: the supporter finds the duty as supporting it, the owner as owning it
    assert main(["who", "--charter", str(seen_path := tmp_path / "shape.yaml"), "家庭教育",
                 "--format", "json"]) == 0
    found = {u["unit"]: (u["role"], [d["role"] for d in u["duties"]])
             for u in json.loads(capsys.readouterr().out)["data"]}
    assert found == {"civil-affairs": ("owns", ["owns"]),
                     "womens-federation": ("supports", ["supports"])}
    assert main(["who", "--charter", str(seen_path), "家庭教育"]) == 0
    assert "四/镇妇女联合会/1  配合 做好家庭教育指导服务。" in capsys.readouterr().out
    # Named as a supporter of nothing, the unit has no duty again: JM304.
    bare = shaped(tmp_path, replace={k: v.replace("    support: [womens-federation]\n", "")
                                     for k, v in SUPPORTED.items()})
    assert main(["check", "--on", ON, str(bare)]) == 1
    assert "JM304 unit womens-federation (镇妇女联合会) has no duty" in capsys.readouterr().out


OFFICE_DUTY = """  - id: office-1
    owner: office
    text: 日常工作
    source: 一（一）/2
"""


def test_a_duty_owned_by_the_office_is_shown_as_the_office(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shaped(tmp_path, replace={"\nmeetings:": OFFICE_DUTY + "\nmeetings:"})
    seen = present(path, capsys)
    assert [d.id for d in seen.charter.office_duties()] == ["office-1"]
    assert "联席会议办公室：设在镇妇女联合会，负责日常工作  一（一）/2\n  日常工作  一（一）/2" \
        in seen.show
    assert "日常工作 <span class=\"clause\">〔一（一）/2〕</span>" in seen.site["rules.html"]
    owns = ResponsibilityGraph.from_charter(seen.charter).edges(EdgeKind.OWNS)
    assert ("office", "office-1") in {(e.source.id, e.target.id) for e in owns}
    assert main(["who", "--charter", str(path), "日常工作"]) == 0
    assert "一（一）/2  联席会议办公室：日常工作" in capsys.readouterr().out
    assert main(["coverage", "--charter", str(path)]) == 0
    assert "\noffice " not in capsys.readouterr().out  # no area: no row of its own
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    text: 日常工作\n", "    text: 日常工作\n    areas: [children.welfare]\n"),
        encoding="utf-8")
    assert main(["coverage", "--charter", str(path), "--format", "json"]) == 0
    areas = json.loads(capsys.readouterr().out)["data"]["areas"]
    assert areas["children.welfare"]["office"] == "owns"
    # Any other id that is no unit is still JM301.
    path.write_text(path.read_text(encoding="utf-8").replace("owner: office", "owner: ofice"),
                    encoding="utf-8")
    assert main(["check", "--on", ON, str(path)]) == 1
    assert "JM301 duty office-1: owner names unit 'ofice'" in capsys.readouterr().out


NO_MEMBERS = {"  - {name: 张三, unit: civil-affairs, position: 副主任, since: 2025-01-15, "
              "source: 四/张三}\n": ""}


def test_a_notice_that_names_no_member_says_so_instead_of_placeholder_seats(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shaped(tmp_path, replace={"members:\n": "members: []\n"} | NO_MEMBERS)
    assert main(["check", "--on", ON, str(path)]) == 1
    assert "JM305 unit civil-affairs (镇民政办) has duties but no current representative" \
        in capsys.readouterr().out
    path = shaped(tmp_path, replace={"members:\n": "members: []\n"} | NO_MEMBERS, add="""
not_in_notice:
  - {what: members, assumption: 通知未写联席会议成员。}
""")
    seen = present(path, capsys)
    assert seen.charter.members == []
    assert "通知未载成员名单：通知未写联席会议成员。" in seen.show
    assert "成员名单：通知未写联席会议成员。" in seen.site["rules.html"]
    # Limited to another unit, the statement leaves civil-affairs' JM305 standing.
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{what: members,", "{what: members, units: [womens-federation],"), encoding="utf-8")
    assert main(["check", "--on", ON, str(path)]) == 1
    assert codes(capsys.readouterr().out) == ["JM305"]


NO_HOLDER = {"      position: 主席\n": "      position: null\n"}


def test_a_post_whose_holder_the_notice_does_not_give(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shaped(tmp_path, replace=NO_HOLDER)
    assert main(["check", "--on", ON, str(path)]) == 1
    out = capsys.readouterr().out
    assert "JM319 post convener: held_by.position is null, but not_in_notice has no " \
           "'holder-position' statement" in out
    row = path.read_text(encoding="utf-8").splitlines().index("      position: null") + 1
    assert f":{row}:17: JM319" in out
    path = shaped(tmp_path, replace=NO_HOLDER, add="""not_in_notice:
  - {what: holder-position, assumption: 召集人由谁担任在未见的部分。}
""")
    seen = present(path, capsys)
    assert "召集人：镇妇女联合会（职务未载） （姓名未载）" in seen.show
    assert "召集人：镇妇女联合会职务未载（姓名未载）" in seen.site["rules.html"]
    assert "None" not in "".join(seen.site.values())
    assert main(["roster", "show", "--charter", str(path), "--at", ON, "--format", "json"]) == 0
    roster = json.loads(capsys.readouterr().out)["data"]
    posts = next(u for u in roster["units"] if u["unit"] == "womens-federation")["posts"]
    assert posts == [{"post": "convener", "title": "召集人", "position": None}]
    assert main(["export", "--charter", str(path), "--format", "popolo"]) == 0
    popolo = json.loads(capsys.readouterr().out)["data"]
    assert next(p for p in popolo["posts"] if p["id"] == "convener")["role"] == "召集人"
    # A statement with no null post beside it is JM319 too.
    path.write_text(path.read_text(encoding="utf-8").replace("position: null", "position: 主席"),
                    encoding="utf-8")
    assert main(["check", "--on", ON, str(path)]) == 1
    assert "not_in_notice holder-position: no post it covers" in capsys.readouterr().out


NO_OFFICE = {"""office:
  name: 联席会议办公室
  host: womens-federation
  text: 联席会议办公室设在镇妇联，负责日常工作。
  responsibilities: [日常工作]
  source: 一（一）/2
""": "office: null\n",
             "      - {to: office, action: 报告, within: PT24H}":
             "      - {to: convener, action: 报告, within: PT24H}",
             "  filed_with: office\n": "  filed_with: convener\n"}


def test_a_notice_with_no_office(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Without its statement the null is JM319; the units' reports reach no office: JM316.
    path = shaped(tmp_path, replace=NO_OFFICE)
    assert main(["check", "--on", ON, str(path)]) == 1
    out = capsys.readouterr().out
    assert sorted(codes(out)) == ["JM316", "JM319"], out
    assert "JM319 office is null, but not_in_notice has no 'office' statement" in out
    assert "JM316 the charter has no office, so no rule takes the member units to one" in out
    # The office said absent: reporting to a post still leaves no route to an office (JM316)
    # until member-reporting is said too.
    office_only = "not_in_notice:\n  - {what: office, assumption: 通知未设办公室。}\n"
    path = shaped(tmp_path, replace=NO_OFFICE, add=office_only)
    assert main(["check", "--on", ON, str(path)]) == 1
    assert codes(capsys.readouterr().out) == ["JM316"]
    path = shaped(tmp_path, replace=NO_OFFICE, add=office_only + """  - what: member-reporting
    assumption: 成员单位向召集人报告；通知未设办公室。
""")
    seen = present(path, capsys)
    assert seen.charter.office is None
    assert "联席会议办公室：未设办公室（通知未载）" in seen.show
    assert "未设办公室（通知未载）" in seen.site["rules.html"]
    assert "None" not in "".join(seen.site.values())
    assert "1. 召集人  报告" in seen.route
    graph = ResponsibilityGraph.from_charter(seen.charter)
    assert not [n for n in graph.nodes() if n.kind == "office"]
    assert main(["graph", "--charter", str(path), "--format", "mermaid"]) == 0
    capsys.readouterr()
    assert main(["show", "--charter", str(path), "--on", ON, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["office"] is None
    assert main(["export", "--charter", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["office"] is None
    assert main(["export", "--charter", str(path), "--format", "popolo"]) == 0
    capsys.readouterr()
    assert main(["diff", str(MINIMAL), str(path)]) == 1
    assert "office" in capsys.readouterr().out
    assert main(["impact", "womens-federation", "--charter", str(path), "--format",
                 "json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["hosts_office"] is False
    ledger = ["--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["incident", "open", "--charter", str(path), *ledger, "--kind", "major-case",
                 "--from", "镇民政办", "--at", "2025-06-01T10:00", "--minor"]) == 0
    capsys.readouterr()
    assert main(["review", "--charter", str(path), "--year", "2025", "--today", "2025-12-31",
                 *ledger, "--format", "html", "-o", str(tmp_path / "r.html")]) in (0, 1)
    assert main(["calendar", "--charter", str(path), "--year", "2025", "-o",
                 str(tmp_path / "c.ics"), *ledger]) == 0
    Calendar.from_ical((tmp_path / "c.ics").read_bytes())
    # A rule that still ends at the office names what is not there: JM306 and JM315.
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{to: convener, action: 报告", "{to: office, action: 报告"), encoding="utf-8")
    assert main(["check", "--on", ON, str(path)]) == 1
    assert codes(capsys.readouterr().out) == ["JM306", "JM315"]


def test_the_shapes_guide_names_every_statement() -> None:
    guide = (ROOT / "docs" / "shapes.md").read_text(encoding="utf-8")
    assert all(f"what: {kind.value}" in guide for kind in SilenceKind)


#: The fields whose values are free text: they may say that something is not known (不详).
FREE_TEXT = {"assumption", "remark", "text"}


def placeholders(data: object, notice: str, at: str = "") -> list[str]:
    """Every value of a charter's data that stands in for what the notice does not give: a
    ``不详``/``占位`` outside the free-text fields, a first of January the notice's text does not
    give, an assumption that declares placeholders."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id" and "placeholder" in str(value):
                found.append(f"{at}.id: {value}")
            if str(key) not in FREE_TEXT:
                found += placeholders(value, notice, f"{at}.{key}")
            elif isinstance(value, str) and "占位" in value:
                found.append(f"{at}.{key}: says it holds a placeholder")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += placeholders(value, notice, f"{at}[{i}]")
    elif isinstance(data, str) and ("不详" in data or "占位" in data):
        found.append(f"{at}: {data}")
    elif isinstance(data, dt.date) and (data.month, data.day) == (1, 1) \
            and f"{data.year}年1月1日" not in notice and data.isoformat() not in notice:
        found.append(f"{at}: {data} (a first of January the notice does not give)")
    return found


def placeholders_of(text: str, notice: str = "") -> list[str]:
    return placeholders(yaml.safe_load(text), notice)


def test_the_placeholder_finder_finds_the_stand_ins_the_corpus_once_had() -> None:
    once = """source: {document: 文号不详, title: 工作要点, issuer: 发文机关不详, issued: 2007-01-01}
assumptions:
  - {id: members-placeholder, text: 本文件为各单位记一个成员席位。}
members:
  - {name: null, unit: labour, position: 职务不详, since: 2007-01-01, source: 一/11,
     assumption: 占位：保存的文本未见成员。}
"""
    assert placeholders_of(once) == [
        ".source.document: 文号不详", ".source.issuer: 发文机关不详",
        ".source.issued: 2007-01-01 (a first of January the notice does not give)",
        ".assumptions[0].id: members-placeholder",
        ".members[0].position: 职务不详",
        ".members[0].since: 2007-01-01 (a first of January the notice does not give)",
        ".members[0].assumption: says it holds a placeholder"]
    # A first of January the notice gives, and 不详 in free text, are no placeholders.
    assert placeholders_of("source: {issued: 2007-01-01}\nassumptions:\n"
                           "  - {id: text-partial, text: 具体日期不详。}\n",
                           "2007年1月1日起施行") == []


@pytest.mark.parametrize("path", sorted((ROOT / "charters").glob("*.yaml")),
                         ids=lambda path: path.stem)
def test_no_corpus_charter_carries_a_placeholder(path: Path) -> None:
    """What a notice does not give is null with its not_in_notice statement, never a stand-in
    value: a new corpus charter cannot bring one back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = (data.get("source") or {}).get("text")
    notice = (path.parent / source).read_text(encoding="utf-8") if source else ""
    assert placeholders(data, notice) == []


UNNAMED = {"jurisdiction: {name: 示例镇, level: township}":
           "jurisdiction: {name: null, level: township}",
           "  issuer: 示例镇人民政府办公室\n": "  issuer: null\n"}
UNNAMED_SAID = """not_in_notice:
  - {what: place, assumption: 保存的页面没有出现镇名。}
  - {what: issuer, assumption: 保存的页面没有落款。}
"""


def test_a_null_issuer_or_place_without_its_statement_is_an_error_at_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = shaped(tmp_path, replace=UNNAMED)
    assert main(["check", "--on", ON, str(path)]) == 1
    out = capsys.readouterr().out
    assert codes(out) == ["JM319", "JM319"], out
    assert "JM319 source.issuer is null, but not_in_notice has no 'issuer' statement" in out
    assert "JM319 jurisdiction.name is null, but not_in_notice has no 'place' statement" in out
    text = path.read_text(encoding="utf-8").splitlines()
    for line in out.splitlines():
        if "JM319" in line:
            row, col = map(int, re.match(r".*?:(\d+):(\d+): ", line).groups())
            assert text[row - 1][col - 1:].startswith("null"), line
    # Beside a given issuer and place, the statements are JM319 themselves.
    path = shaped(tmp_path, add=UNNAMED_SAID)
    assert main(["check", "--on", ON, str(path)]) == 1
    out = capsys.readouterr().out
    assert "not_in_notice place: jurisdiction.name is given" in out
    assert "not_in_notice issuer: source.issuer is given" in out


def test_a_null_issuer_and_place_said_on_purpose_reach_every_reader(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from jointmeeting.runtime.access import Role

    from .live import start
    from .test_api import call, data
    from .test_json_out import validate

    path = shaped(tmp_path, replace=UNNAMED, add=UNNAMED_SAID)
    seen = present(path, capsys)
    assert (seen.charter.source.issuer, seen.charter.jurisdiction.name) == (None, None)
    assert "发文机关未载 示政办发〔2025〕1号，2025-01-15 印发；地名未载" in seen.show
    assert "通知未载地名：保存的页面没有出现镇名。" in seen.show
    assert "通知未载发文机关：保存的页面没有落款。" in seen.show
    assert "依据 发文机关未载《示例镇妇女儿童工作联席会议制度》" in seen.site["index.html"]
    assert "发文机关：保存的页面没有落款。" in seen.site["rules.html"]
    assert "地名：保存的页面没有出现镇名。" in seen.site["rules.html"]
    assert "None" not in "".join(seen.site.values())
    # JSON: the summary's and the charter's schemas allow the nulls, and the export keeps them
    assert main(["show", "--charter", str(path), "--on", ON, "--format", "json"]) == 0
    summary = validate(capsys.readouterr().out, "summary")
    assert (summary["issuer"], summary["jurisdiction"]) == (None, None)
    assert main(["export", "--charter", str(path)]) == 0
    exported = validate(capsys.readouterr().out, "charter")
    assert (exported["source"]["issuer"], exported["jurisdiction"]["name"]) == (None, None)
    assert main(["export", "--charter", str(path), "--format", "popolo"]) == 0
    assert "None" not in capsys.readouterr().out
    # review, calendar and diff (against and from the charter)
    ledger = ["--ledger", str(tmp_path / "l.sqlite3")]
    assert main(["review", "--charter", str(path), "--year", "2025", "--today", "2025-12-31",
                 *ledger, "--format", "html", "-o", str(tmp_path / "r.html")]) in (0, 1)
    review = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "依据：发文机关未载《示例镇妇女儿童工作联席会议制度》" in review and "None" not in review
    assert main(["calendar", "--charter", str(path), "--year", "2025", "-o",
                 str(tmp_path / "c.ics"), *ledger]) == 0
    Calendar.from_ical((tmp_path / "c.ics").read_bytes())
    assert main(["diff", str(MINIMAL), str(path)]) == 0
    assert main(["diff", str(path), str(MINIMAL)]) == 0
    capsys.readouterr()
    # the service
    server = start(tmp_path, "shape.yaml", tokens={"office": (Role.OFFICE, None, None)})
    try:
        charter = data(call(server, "office", "GET", "/charter"))
        assert (charter["source"]["issuer"], charter["jurisdiction"]["name"]) == (None, None)
        page = call(server, None, "GET", "/office").text
        assert "None" not in page
    finally:
        server.stop()
