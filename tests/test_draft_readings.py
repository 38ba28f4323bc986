"""`jointmeeting draft` on small invented notices, one reading each: an attached member list
under label lines after the signature, the office's host as the one unit of a notice that lists
none, members named by post only (every unit's seat and a short form's), a counted list of units,
a member line in a notice with no date, a number that gives only a year, tasks assigned in the
bracket after them, duties written as sentences whose subject is a unit."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest

import jointmeeting
from jointmeeting.draft.drafter import draft_charter
from jointmeeting.draft.head import date_in
from jointmeeting.draft.words import plain


def drafted(text: str) -> dict[str, Any]:
    data: dict[str, Any] = plain(draft_charter(textwrap.dedent(text), "notice.txt").data)
    return data


def load_draft(text: str, tmp_path: Path) -> jointmeeting.Charter:
    (tmp_path / "notice.txt").write_text(textwrap.dedent(text), encoding="utf-8")
    draft = draft_charter(textwrap.dedent(text), "notice.txt", text_path="notice.txt")
    (tmp_path / "draft.yaml").write_text(draft.text, encoding="utf-8")
    return jointmeeting.load_charter(tmp_path / "draft.yaml")


ATTACHED = """\
    三、联席会议工作规则
    （一）联席会议原则上每半年召开一次。
    （二）联席会议办公室负责跟踪议定事项的落实。
    附件:示例省档案工作联席会议组成人员名单
    示例省人民政府办公厅
    二○二三年五月六日
    附件:
    示例省档案工作联席会议组成人员名单
    召集人:
    王大明 省档案局局长
    成 员:
    李 红 省民政厅副厅长
    赵强 省财政厅副厅长
    """


def test_an_attached_list_after_the_signature_is_read_by_its_label_lines() -> None:
    data = drafted(ATTACHED)
    assert data["source"]["issued"] == "2023-05-06"  # 二○二三: zero printed as a circle
    (convener,) = data["posts"]
    assert (convener["title"], convener["held_by"]["name"], convener["held_by"]["position"]) == (
        "召集人", "王大明", "局长")
    units = {u["id"]: u["name"] for u in data["units"]}
    assert units[convener["held_by"]["unit"]] == "省档案局"
    assert [(m["name"], units[m["unit"]], m["position"], m["since"]) for m in data["members"]] == [
        ("李红", "省民政厅", "副厅长", "2023-05-06"), ("赵强", "省财政厅", "副厅长", "2023-05-06")]


def test_a_date_with_circles_for_zeros_is_read() -> None:
    assert date_in("二○二三年五月六日") == dt.date(2023, 5, 6)
    assert date_in("二〇二三年十二月三十一日") == dt.date(2023, 12, 31)


HOST_ONLY = """\
    示例市反假货币工作联席会议制度
    第八条 联席会议的日常办事机构为联席会议办公室。办公室设在人民银行示例市中心支行,主任由人民银行示例市中心支行主管副行长兼任。
    第九条 联席会议每年召开一次。
    """


def test_the_offices_host_is_the_one_unit_of_a_notice_that_lists_none() -> None:
    data = drafted(HOST_ONLY)
    (unit,) = data["units"]
    assert (unit["name"], unit["kind"], unit["source"]) == (
        "人民银行示例市中心支行", "government", "第八条/1")
    assert "是否为成员单位通知未说明" in unit["assumption"]
    assert data["office"]["host"] == unit["id"] and "assumption" not in data["office"]
    (director,) = data["posts"]
    assert (director["held_by"]["unit"], director["held_by"]["position"]) == (
        unit["id"], "主管副行长")


def test_a_host_outside_a_listed_table_is_not_made_a_unit() -> None:
    data = drafted("""\
        示例县档案工作联席会议制度
        一、组成
        联席会议由县民政局、县妇联、县教育局组成。
        办公室设在县档案馆,承担日常工作。
        """)
    assert [u["name"] for u in data["units"]] == ["县民政局", "县妇联", "县教育局"]
    assert data["office"]["host"] is None and "县档案馆" in data["office"]["assumption"]


BY_POST = """\
    示例县科普工作联席会议制度
    2024年3月5日
    一、组成
    联席会议由县科技局、县科学技术协会、县教育局、县气象台、县日报社等{count}家相关部门组成。联席会议由县委副书记担任总召集人,县委常委、宣传部长及分管副县长担任副召集人,各组成单位负责人及科协副主席、教育局副局长任联席会议成员。
    二、办公室
    联席会议办公室设在县科技局。
    """


def test_members_by_post_only_are_every_units_seat_and_the_seats_named(
        tmp_path: Path) -> None:
    charter = load_draft(BY_POST.format(count="五"), tmp_path)
    names = [u.name for u in charter.units]
    assert names == ["县科技局", "县科学技术协会", "县教育局", "县气象台", "县日报社"]
    assert charter.open_units is None  # five listed, 五家: a counted list is closed
    assert charter.unit("县日报社").kind == "institution"
    seats = sorted((charter.unit(m.unit).name, m.position) for m in charter.members)
    assert seats == sorted([(name, "负责人") for name in names]
                           + [("县科学技术协会", "副主席"), ("县教育局", "副局长")])
    assert all(m.name is None and m.since == dt.date(2024, 3, 5) and m.source == "一/2"
               for m in charter.members)
    assert "科协" in charter.unit("县科学技术协会").aliases  # the short form, joined
    posts = {p.id: p for p in charter.posts}
    assert posts["general-convener"].held_by.position == "县委副书记"
    assert [p.held_by.position for p in charter.posts if p.title == "副召集人"] == [
        "县委常委、宣传部长", "分管副县长"]


def test_a_count_that_is_not_the_lists_length_leaves_it_open() -> None:
    data = drafted(BY_POST.format(count="六"))
    assert len(data["units"]) == 5 and data["open_units"]["source"] == "一/1"


@pytest.mark.parametrize("seats", ["县委常委任联席会议成员", "各有关方面人士为联席会议成员"])
def test_a_post_of_no_unit_found_is_no_members_seat(seats: str) -> None:
    data = drafted(f"""\
        示例县档案工作联席会议制度
        2024年3月5日
        一、组成
        联席会议由县民政局、县妇联、县教育局组成。{seats}。
        """)
    assert "members" not in data


def test_a_member_line_of_a_notice_with_no_date_is_drafted_with_its_date_said_missing() -> None:
    text = """\
        示例县档案工作联席会议制度
        一、组成人员
        王大明 县民政局副局长
        """
    data = drafted(text)
    assert [(m["name"], m["position"], m["since"]) for m in data["members"]] == [
        ("王大明", "副局长", None)]
    assert data["source"]["issued"] is None and data["source"]["document"] is None
    assert [s["what"] for s in data["not_in_notice"]][:3] == [
        "document-number", "issue-date", "member-since"]
    draft = draft_charter(textwrap.dedent(text), "notice.txt")
    assert "since: null\n" in draft.text or "since: null}" in draft.text
    assert any(f.code == "JM602" and "issued" in f.message for f in draft.findings)


YEAR_ONLY = """\
    示例县人民政府办公室关于建立示例县档案工作联席会议制度的通知
    示政办发〔2019〕7号
    一、联席会议成员单位
    县民政局、县档案局。
    二、联席会议办公室
    联席会议办公室设在县档案局，负责日常工作。
    三、组成人员
    王大明 县民政局副局长
    李小红 县档案局局长
    """


def test_a_number_with_only_a_year_gives_no_invented_day(tmp_path: Path) -> None:
    """`〔2019〕` is a year, not a date: the draft writes issued: null with the statement (the
    year in its assumption) and members with no first day, and it loads with no JM319."""
    data = drafted(YEAR_ONLY)
    assert data["source"]["document"] == "示政办发〔2019〕7号"
    assert data["source"]["issued"] is None
    silences = {s["what"]: s["assumption"] for s in data["not_in_notice"]}
    assert "2019年" in silences["issue-date"] and "member-since" in silences
    assert "document-number" not in silences
    assert {m["since"] for m in data["members"]} == {None}
    assert "2019-01-01" not in draft_charter(textwrap.dedent(YEAR_ONLY), "notice.txt").text
    charter = load_draft(YEAR_ONLY, tmp_path)
    assert charter.source.issued is None and all(m.since is None for m in charter.members)
    found = jointmeeting.check(charter, today=dt.date(2020, 1, 1))
    assert not [d for d in found if d.code in ("JM319", "JM305")], found


def test_a_notice_with_no_issuer_or_place_is_drafted_with_nulls_said_missing(
        tmp_path: Path) -> None:
    text = """\
        档案工作联席会议制度
        2024年3月5日
        一、组成
        联席会议由民政局、妇联、教育局组成。联席会议办公室设在民政局。
        """
    data = drafted(text)
    assert (data["source"]["issuer"], data["jurisdiction"]["name"]) == (None, None)
    assert {"issuer", "place"} <= {s["what"] for s in data["not_in_notice"]}
    draft = draft_charter(textwrap.dedent(text), "notice.txt")
    assert "  issuer: null\n" in draft.text and "  name: null\n" in draft.text
    assert "通知未载" not in draft.text.split("assumptions:")[0]  # no stand-in value
    assert any(f.code == "JM602" and "issuer" in f.message for f in draft.findings)
    (tmp_path / "notice.txt").write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(draft.text, encoding="utf-8")
    charter = jointmeeting.load_charter(tmp_path / "draft.yaml")
    assert [f.code for f in jointmeeting.check(charter, today=dt.date(2025, 6, 1))
            if f.code == "JM319"] == []


ASSIGNED = """\
    示例省反拐行动计划实施方案
    (一)预防。
    ---加强宣传教育,提高防范意识。(省甲厅负责,省乙局、团省委配合)
    ---建立信息系统。完善交流机制。（省甲厅、省丙厅负责，省总工会配合）
    (二)合作。
    (3)各地区之间应相互支持。(联席会议办公室负责)
    """


def test_brackets_after_tasks_name_their_owners_and_supporters() -> None:
    data = drafted(ASSIGNED)
    units = {u["id"]: u["name"] for u in data["units"]}
    assert sorted(units.values()) == sorted(["省甲厅", "省乙局", "团省委", "省丙厅", "省总工会"])
    duties = [(d["text"], d["source"], units.get(d["owner"], d["owner"]),
               [units[u] for u in d.get("co_owners", [])], [units[u] for u in d.get("support", [])])
              for d in data["duties"]]
    assert duties == [
        # the bracket opens a clause of its own after the task's 。: a task cites its
        # paragraph, the one reference holding it all
        ("加强宣传教育,提高防范意识。(省甲厅负责,省乙局、团省委配合)", "前言（一）", "省甲厅", [],
         ["省乙局", "团省委"]),
        ("建立信息系统。完善交流机制。（省甲厅、省丙厅负责，省总工会配合）", "前言（一）",
         "省甲厅", ["省丙厅"], ["省总工会"]),
        ("各地区之间应相互支持。(联席会议办公室负责)", "前言（二）", "office", [], [])]
    office = data["office"]
    assert (office["name"], office["host"]) == ("联席会议办公室", None)
    (unhosted,) = [s for s in data["not_in_notice"] if s["what"] == "office-host"]
    assert "未写办公室设在哪个单位" in unhosted["assumption"]


def test_an_office_a_bracket_names_loads_with_its_host_said_missing(tmp_path: Path) -> None:
    charter = load_draft(ASSIGNED, tmp_path)
    assert charter.office is not None and charter.office.host is None
    assert [d.owner for d in charter.duties][-1] == "office"
    found = jointmeeting.check(charter, today=dt.date(2025, 1, 1))
    # JM305: the notice names no one for the units that own duties; nothing else is found
    assert {d.code for d in found} <= {"JM305"}, found


def test_a_bracket_with_a_lead_and_an_open_list_keeps_the_names_as_written() -> None:
    data = drafted("""\
        示例省工作要点
        一、建立工资保障制度。加强监督检查。(省甲厅牵头,省乙局、丙厅、丁委等分别负责)
        """)
    units = {u["id"]: u["name"] for u in data["units"]}
    (duty,) = data["duties"]
    assert [units[duty["owner"]], *(units[u] for u in duty["co_owners"])] == [
        "省甲厅", "省乙局", "丙厅", "丁委"]  # 丙厅 as the notice writes it, no 省 added
    assert duty["role"] == "lead" and duty["source"] == "一"
    assert duty["text"] == "加强监督检查。(省甲厅牵头,省乙局、丙厅、丁委等分别负责)"
    assert data["open_units"]["text"] == "省乙局、丙厅、丁委等分别负责"


def test_a_bracket_that_is_not_an_assignment_is_no_task() -> None:
    data = drafted("""\
        示例省工作要点
        一、签约
        ---各市(州)政府签订意向书。(省甲厅负责)
        二、加强协作(详见附件)。
        """)
    assert [d["text"] for d in data["duties"]] == ["各市(州)政府签订意向书。(省甲厅负责)"]


SENTENCES = """\
    示例市反家暴工作机制
    《意见》明确,妇联、公安局、民政局、法院等四部门要协同配合。
    市民政局应指导救助站做好庇护工作。
    公安机关接到报案后应当及时出警。
    当事人申请保护令的,人民法院应当受理。
    """


def test_a_sentence_whose_subject_is_a_unit_is_its_duty() -> None:
    data = drafted(SENTENCES)
    units = {u["id"]: u for u in data["units"]}
    assert sorted(u["name"] for u in units.values()) == ["公安局", "妇联", "民政局", "法院"]
    duties = [(units[d["owner"]]["name"], d["text"], d["source"]) for d in data["duties"]]
    assert duties == [("民政局", "市民政局应指导救助站做好庇护工作。", "前言/2"),
                      ("法院", "当事人申请保护令的,人民法院应当受理。", "前言/4")]
    # 公安机关 is a kind of body, not a unit the text names: no duty is drafted for it.
    assert "draft-sentence-duties" in {a["id"] for a in data["assumptions"]}


def test_sentences_are_not_read_as_duties_where_the_notice_has_unit_paragraphs() -> None:
    data = drafted("""\
        示例县妇女儿童工作联席会议制度
        一、成员单位职责
        县民政局:负责儿童福利工作。
        二、工作要求
        县民政局要加强督导。
        """)
    assert [d["text"] for d in data["duties"]] == ["负责儿童福利工作。"]
