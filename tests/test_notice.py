"""The notice reader on small notices in each style: full- and half-width punctuation, articles,
headings with text on their line, items, labelled member lines; and ``jointmeeting notice refs``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter.notice import (
    NoticeError,
    canonical_ref,
    first_difference,
    parse_notice,
    read_notice,
)
from jointmeeting.cli import main

FULL = """示例县妇女儿童工作联席会议制度

一、组织架构

（一）召集人

召集人由县妇联主席担任；联席会议办公室设在县妇联，负责日常

工作。

（二）成员单位职责

县民政局：牵头做好农村留守儿童关爱保护工作；指导做好困境儿童

保障工作。

二、组成人员

召 集 人 崔珍康 县政府办副主任

王 珊 县民政局副局长

三、工作要求

（一）强化责任落实。各成员单位需制定年度计划，每年至少办

1-2件实事，并纳入工作报告。
"""

HALF = (FULL.replace("（", "(").replace("）", ")").replace("：", ":").replace("；", ";")
        .replace("，", ","))

ARTICLES = """示例县妇女儿童工作联席会议制度

第一条 为加强妇女儿童工作，制定本制度。

第二条 联席会议由县民政局、县妇联组成。

（一）联席会议主要职责：组织协调全县妇女儿童工作；督促落实议定事项。

1.全体会议每年召开1次。

2.专题会议根据需要召开。
"""


def refs(notice_text: str) -> dict[str, str]:
    return {r.ref: r.text for r in parse_notice(notice_text).references()}


def test_a_full_width_notice_yields_sections_subsections_paragraphs_and_member_lines() -> None:
    found = refs(FULL)
    assert found["一/0"] == "组织架构"
    assert found["一（一）/0"] == "召集人"
    assert found["一（一）/1"] == "召集人由县妇联主席担任；"
    assert found["一（一）/2"] == "联席会议办公室设在县妇联，负责日常工作。"
    assert found["一（二）/县民政局/1"] == "牵头做好农村留守儿童关爱保护工作；"
    assert found["一（二）/县民政局/2"] == "指导做好困境儿童保障工作。"
    assert found["二/王珊"] == "县民政局副局长"
    assert found["三（一）/0"] == "强化责任落实。"
    assert found["三（一）/1"] == "各成员单位需制定年度计划，每年至少办1-2件实事，并纳入工作报告。"


def test_a_labelled_member_line_is_read_by_the_persons_name() -> None:
    notice = parse_notice(FULL)
    (person,) = [p for p in notice.people if p.name == "崔珍康"]
    assert (person.ref, person.label, person.text) == ("二/崔珍康", "召集人", "县政府办副主任")
    assert notice.member_name("二/崔珍康") == "崔珍康"
    assert "二/召集人" not in refs(FULL)


def test_a_label_holds_for_the_lines_laid_out_under_it() -> None:
    notice = parse_notice("一、组成人员\n总召集人:何  伟  副省长\n召 集 人:祁建邦  省政府副秘书长\n"
                          "王世华  省民政厅厅长\n成   员:孙燕飞  省委政法委副书记\n"
                          "              王  兰  省人大常委会副主任\n")
    assert [(p.ref, p.label, p.labelled) for p in notice.people] == [
        ("一/何伟", "总召集人", True), ("一/祁建邦", "召集人", True),
        ("一/王世华", "召集人", False), ("一/孙燕飞", "成员", True), ("一/王兰", "成员", False)]
    assert notice.clause("一/王兰") == "省人大常委会副主任"


def test_half_width_punctuation_gives_the_same_references_and_clauses() -> None:
    full, half = refs(FULL), refs(HALF)
    assert list(full) == list(half)
    for ref, text in full.items():
        assert half[ref] == HALF_OF(text), ref
    # a reference written half-width is the same reference
    assert parse_notice(HALF).clause("一(二)/县民政局/2") == "指导做好困境儿童保障工作。"
    assert canonical_ref("一(一) /1") == "一（一）/1"


def HALF_OF(text: str) -> str:
    return (text.replace("（", "(").replace("）", ")").replace("：", ":").replace("；", ";")
            .replace("，", ","))


def test_articles_stand_as_sections_and_heading_text_stays_citable() -> None:
    found = refs(ARTICLES)
    assert found["第一条/1"] == "为加强妇女儿童工作，制定本制度。"
    assert "第一条/0" not in found  # a sentence is not a heading
    assert found["第二条/1"] == "联席会议由县民政局、县妇联组成。"
    assert found["第二条（一）/0"] == "联席会议主要职责："
    assert found["第二条（一）/1"] == "组织协调全县妇女儿童工作；"
    assert found["第二条（一）/2"] == "督促落实议定事项。"
    assert found["第二条（一）1/1"] == "全体会议每年召开1次。"
    assert found["第二条（一）2/1"] == "专题会议根据需要召开。"


def test_half_width_articles_and_items() -> None:
    half = ARTICLES.replace("（", "(").replace("）", ")").replace("：", ":").replace("；", ";")
    assert list(refs(half)) == list(refs(ARTICLES))


def test_first_difference_names_the_character() -> None:
    assert first_difference("指导做好困境儿童救助工作。", "指导做好困境儿童保障工作。") == (
        8, "救", "保")
    assert first_difference("依法，有效", "依法,有效保护") == (5, "", None)  # NFKC: it stands
    assert first_difference("甲乙", "丙丁") == (0, "甲", None)


CHARTER = """\
format: 1
id: sample
title: 示例县妇女儿童工作联席会议制度
jurisdiction: {name: 示例县, level: county}
source: {document: 示政办发〔2025〕1号, title: 示例, issuer: 示例县人民政府办公室, issued: 2025-01-15,
         text: notice.txt}
units:
  - {id: civil-affairs, name: 县民政局, kind: government, source: 一（二）/县民政局}
  - {id: womens-federation, name: 县妇联, kind: mass-organization, source: 一（一）/2}
office: {name: 联席会议办公室, host: womens-federation, text: 联席会议办公室设在县妇联，负责日常工作。,
         responsibilities: [日常工作], source: 一（一）/2}
posts:
  - {id: convener, title: 召集人, held_by: {unit: womens-federation, position: 主席},
     text: 召集人由县妇联主席担任；, source: 一（一）/1}
members:
  - {name: 王珊, unit: civil-affairs, position: 副局长, since: 2025-01-15, source: 二/王珊}
duties:
  - {id: civil-affairs-1, owner: civil-affairs, role: lead, text: 牵头做好农村留守儿童关爱保护工作；,
     source: 一（二）/县民政局/1}
  - {id: civil-affairs-2, owner: civil-affairs, text: 指导做好困境儿童保障工作。, source: 一（二）/县民政局/2}
  - {id: womens-federation-1, owner: womens-federation, text: 联席会议办公室设在县妇联，负责日常工作。,
     source: 一（一）/2}
reporting:
  - id: progress
    name: 报送
    kind: periodic
    text: 各成员单位需制定年度计划，
    reporters: [members]
    steps: [{to: office, action: 报送}]
    source: 三（一）/1
"""


def write(tmp_path: Path, notice: str, charter: str = CHARTER) -> Path:
    (tmp_path / "notice.txt").write_text(notice, encoding="utf-8")
    path = tmp_path / "sample.yaml"
    path.write_text(charter, encoding="utf-8")
    return path


@pytest.mark.parametrize("notice", [FULL, HALF], ids=["full-width", "half-width"])
def test_a_charter_in_full_width_checks_clean_against_either_copy(tmp_path: Path,
                                                                  notice: str) -> None:
    charter = jointmeeting.load_charter(write(tmp_path, notice))
    assert jointmeeting.check(charter, today=dt.date(2025, 7, 1)) == []


def test_a_member_cited_by_another_persons_line_is_found(tmp_path: Path) -> None:
    text = CHARTER.replace("{name: 王珊,", "{name: 李四,")
    charter = jointmeeting.load_charter(write(tmp_path, FULL, text))
    (finding,) = jointmeeting.check(charter, today=dt.date(2025, 7, 1))
    assert finding.code == "JM311"
    assert finding.message == "member 李四: the notice's line 二/王珊 names 王珊"


def test_jm310_names_the_nearest_references_and_jm311_the_first_difference(
        tmp_path: Path) -> None:
    text = (CHARTER.replace("source: 一（二）/县民政局/2}", "source: 一（二）/县民政局/3}")
            .replace("text: 牵头做好农村留守儿童关爱保护工作；", "text: 牵头做好农村流动儿童关爱保护工作；")
            .replace("source: 一（二）/县民政局}", "source: 一（二）/县民证局}"))
    charter = jointmeeting.load_charter(write(tmp_path, FULL, text))
    messages = {d.code + " " + d.message
                for d in jointmeeting.check(charter, today=dt.date(2025, 7, 1))}
    assert messages == {
        "JM310 unit civil-affairs: source '一（二）/县民证局' is not a clause of the notice; "
        "nearest: 一（二）/县民政局, 一（二）/县民政局/2, 一（二）/县民政局/1",
        "JM310 duty civil-affairs-2: source '一（二）/县民政局/3' is not a clause of the notice; "
        "its text stands in 一（二）/县民政局/2",
        "JM311 duty civil-affairs-1: text '牵头做好农村流动儿童关爱保护工…' is not found verbatim: "
        "character 7 '流' differs (the clause has '留') in clause 一（二）/县民政局/1 "
        "'牵头做好农村留守儿童关爱保护工作；'",
    }


def test_notice_refs_lists_every_reference_with_its_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(FULL, encoding="utf-8")
    assert main(["notice", "refs", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "一（二）/县民政局/2\t指导做好困境儿童保障工作。" in lines
    assert "二/崔珍康\t县政府办副主任" in lines
    assert main(["notice", "refs", "--format", "json", str(path)]) == 0
    listed = json.loads(capsys.readouterr().out)["data"]
    assert {"ref": "一（一）/0", "kind": "heading", "text": "召集人", "line": 5} in listed
    assert [r["ref"] for r in listed] == [r.ref for r in parse_notice(FULL).references()]


def test_every_reference_of_the_hulin_notice_is_listed_and_resolves() -> None:
    from .conftest import ROOT

    notice = parse_notice(read_notice(ROOT / "charters/sources/hulin-2025-notice.txt"))
    listed = notice.references()
    assert len([r for r in listed if r.kind == "member"]) == 32
    for reference in listed:
        assert notice.clause(reference.ref) == reference.text, reference.ref


def test_read_notice_takes_gb18030_and_refuses_binary(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    gb = tmp_path / "gb.txt"
    gb.write_bytes(FULL.encode("gb18030"))
    assert read_notice(gb) == FULL
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x7fELF\x00\x01\x02" * 100)
    with pytest.raises(NoticeError, match="binary data"):
        read_notice(binary)
    assert main(["notice", "refs", str(binary)]) == 1
    assert "binary data" in capsys.readouterr().err
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(NoticeError, match=r"not a \.docx"):
        read_notice(fake)
