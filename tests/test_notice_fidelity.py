"""The Hulin charter is faithful to notice 虎政办发〔2025〕7号, read from its text in the repository."""

from __future__ import annotations

import re

import jointmeeting
from jointmeeting.charter.notice import clauses_of, parse_notice

from .conftest import ROOT

NOTICE = parse_notice((ROOT / "charters/sources/hulin-2025-notice.txt").read_text("utf-8"))


def test_the_notice_has_34_unit_paragraphs_and_32_member_lines() -> None:
    assert len([r for r in NOTICE.paragraphs if r.startswith("四/")]) == 34
    assert len(NOTICE.members) == 32


def test_every_unit_paragraph_is_its_units_duties_verbatim_and_in_order(
        hulin: jointmeeting.Charter) -> None:
    for ref, paragraph in NOTICE.paragraphs.items():
        if not ref.startswith("四/"):
            continue
        unit = hulin.unit(ref.split("/")[1])
        duties = hulin.duties_of(unit)
        assert "".join(d.text for d in duties) == paragraph, unit.name
        assert [d.source for d in duties] == [f"{ref}/{i}" for i in
                                            range(1, len(clauses_of(paragraph)) + 1)]


def test_every_member_line_is_in_the_charter_under_its_unit(hulin: jointmeeting.Charter) -> None:
    members = {m.name: m for m in hulin.members}
    assert len(hulin.members) == 32
    for ref, line in NOTICE.members.items():
        member = members[ref.split("/")[1]]
        spelled = "、".join(
            next(f"{n}{a.position}" for n in hulin.unit(a.unit).names()
                 if line.startswith(f"{n}{a.position}") or f"、{n}{a.position}" in line)
            for a in member.appointments())
        assert spelled == line
        assert member.source == ref


def test_wang_shan_holds_two_posts(hulin: jointmeeting.Charter) -> None:
    (wang,) = [m for m in hulin.members if m.name == "王珊"]
    assert [(a.unit, a.position) for a in wang.appointments()] == [
        ("publicity-dept", "副部长"), ("cyberspace-office", "主任")]
    assert hulin.unit("市委网信办").parent == "publicity-dept"


def test_every_variant_name_the_notice_uses_resolves_to_one_unit(
        hulin: jointmeeting.Charter) -> None:
    pairs = {
        "市文旅局": "市文体广电和旅游局", "市人社局": "市人力资源和社会保障局", "团市委": "共青团虎林市委员会",
        "市检察院": "市人民检察院", "市住建局": "市住房和城乡建设局", "市交通局": "市交通运输局",
        "市卫健局": "市卫生健康局", "市应急局": "市应急管理局", "市医保局": "市医疗保障局",
        "市科协": "市科学技术协会", "市残联": "市残疾人联合会", "市融媒体中心": "虎林市融媒体中心",
        "市妇联": "市妇女联合会", "网信办": "市委网信办",
    }
    for alias, name in pairs.items():
        assert hulin.unit(alias) is hulin.unit(name), alias
    # every unit name used in the member list resolves
    for line in NOTICE.members.values():
        assert any(line.startswith(n) for u in hulin.units for n in u.names()), line


def test_units_with_duties_but_no_member_line_are_flagged(hulin: jointmeeting.Charter) -> None:
    assert "召集人" in (hulin.unit("市妇联").remark or "")
    assert "王珊" in (hulin.unit("市委网信办").remark or "")
    finance = hulin.duties_of("市财政局")
    assert [d.remark is not None for d in finance] == [False, True, True, True]


def test_what_the_notice_leaves_open_is_marked(hulin: jointmeeting.Charter) -> None:
    posts = {p.id: p for p in hulin.posts}
    for post in ("general-convener", "convener"):
        assert posts[post].held_by.name is None and posts[post].held_by.assumption
    rules = {r.id: r for r in hulin.reporting}
    assert rules["progress-report"].cadence is None and "定期" in rules["progress-report"].assumption
    relevant = next(p for p in hulin.parties if p.id == "relevant-departments")
    assert relevant.assumption and "相关部门" in relevant.assumption


def test_rules_of_the_notice(hulin: jointmeeting.Charter) -> None:
    meetings = {m.id: m for m in hulin.meetings}
    assert (meetings["plenary"].per_year.min, meetings["plenary"].per_year.max) == (1, 2)
    assert meetings["plenary"].chair == "general-convener"
    assert meetings["thematic"].called_by == ["convener", "lead-unit"]
    rules = {r.id: r for r in hulin.reporting}
    assert [(s.to, s.within) for s in rules["major-case"].steps] == [("office", "PT24H")]
    assert [(s.to, s.within) for s in rules["mandatory-report"].steps] == [
        ("police", "immediately"), ("relevant-departments", "immediately")]
    assert rules["mandatory-report"].reporters == ["schools", "medical-institutions"]
    assert hulin.succession is not None and hulin.succession.new_document is False
    assert hulin.office.host == "womens-federation"


def test_roles_follow_the_notices_words(hulin: jointmeeting.Charter) -> None:
    for duty in hulin.duties:
        if duty.text.startswith("配合"):
            assert duty.role == "supports", duty.id
        elif "牵头" in duty.text:
            assert duty.role == "lead", duty.id
        else:
            assert duty.role == "owns", duty.id
    assert {d.owner for d in hulin.duties if d.role == "lead"} == {
        "civil-affairs", "health", "public-security"}


def test_every_duty_serves_known_areas_and_both_outlines_are_covered(
        hulin: jointmeeting.Charter) -> None:
    from jointmeeting.charter.outline import areas

    used = {a for d in hulin.duties for a in d.areas}
    assert used <= set(areas())
    assert used == set(areas()), set(areas()) - used


def test_sources_cite_real_clauses(hulin: jointmeeting.Charter) -> None:
    for _, item in hulin.noted():
        ref = getattr(item, "source", None)
        if isinstance(ref, str):
            assert NOTICE.clause(ref) is not None, ref
            text = getattr(item, "text", None)
            if isinstance(text, str):
                assert re.sub(r"\s", "", text) in NOTICE.clause(ref)
