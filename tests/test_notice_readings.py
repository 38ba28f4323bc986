"""How the Hulin charter reads the places where notice 虎政办发〔2025〕7号 is open or odd: each
reading is stated in the file (an assumption with its reason, or a remark), never made silently.
Facts are read from charters/huilin.yaml; the wording they rest on from the notice's own text."""

from __future__ import annotations

import re

import jointmeeting
from jointmeeting.charter.model import Role

from .conftest import ROOT

NOTICE = (ROOT / "charters/sources/hulin-2025-notice.txt").read_text("utf-8")
FLAT = re.sub(r"\s+", "", NOTICE)


def duty(hulin: jointmeeting.Charter, duty_id: str) -> jointmeeting.charter.model.Duty:
    return next(d for d in hulin.duties if d.id == duty_id)


def test_the_file_checks_clean(hulin: jointmeeting.Charter) -> None:
    assert [d for d in jointmeeting.check(hulin) if d.severity == "error"] == []


def test_immediately_governs_both_verbs_of_the_mandatory_report(
        hulin: jointmeeting.Charter) -> None:
    assert "须立即报警并通报相关部门" in FLAT
    rule = next(r for r in hulin.reporting if r.id == "mandatory-report")
    police, departments = rule.steps
    assert police.within == departments.within == "immediately"
    assert departments.assumption and "立即" in departments.assumption


def test_major_cases_or_public_opinion_keeps_the_notices_or(hulin: jointmeeting.Charter) -> None:
    assert "重大案件或舆情需24小时内报告" in FLAT
    rule = next(r for r in hulin.reporting if r.id == "major-case")
    assert "重大案件或舆情" in rule.name and "和" not in rule.name
    assert rule.what == ["重大案件", "舆情"]
    assert rule.assumption and "是否也修饰“舆情”" in rule.assumption and "因为" in rule.assumption


def test_escalation_is_an_assumption_citing_no_clause(hulin: jointmeeting.Charter) -> None:
    assert "升级" not in FLAT and "逐级" not in FLAT  # the notice has no escalation
    assert hulin.escalation is not None and hulin.escalation.source is None
    assert hulin.escalation.assumption and "假定" in hulin.escalation.assumption
    readme = (ROOT / "README.md").read_text("utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `jointmeeting dispatch")]
    assert "the chain is the charter's assumption, not the notice's" in row
    for path in ROOT.glob("examples/charters/*.yaml"):
        charter = jointmeeting.load_charter(path)
        assert charter.escalation is None or charter.escalation.source is None, path


def test_inferences_are_assumptions(hulin: jointmeeting.Charter) -> None:
    cyber = hulin.unit("市委网信办")
    assert cyber.parent == "publicity-dept"
    assert cyber.assumption and "推断" in cyber.assumption and "四/王珊" in cyber.assumption
    federation = hulin.unit("市妇联")
    assert not hulin.members_of(federation)
    assert federation.assumption and "召集人" in federation.assumption


def test_the_notices_oddities_are_remarked(hulin: jointmeeting.Charter) -> None:
    assert "市文旅局" in FLAT and "市文体广电和旅游局：" in FLAT
    assert "市文旅局" in (hulin.unit("市文旅局").remark or "")
    assert "妇女儿童工作委员会办公室" in (duty(hulin, "womens-federation-5").remark or "")
    assert "主导地位" in (duty(hulin, "united-front-dept-1").remark or "")
    evaluate = next(c for c in hulin.responsibilities if c.source == "三/3")
    assert "纲要" in evaluate.text and "规划" in (evaluate.remark or "")
    convener = next(p for p in hulin.posts if p.id == "general-convener")
    assert convener.text.startswith("由") and "主语" in (convener.remark or "")
    legislating = [d for d in hulin.duties
                   if re.search("地方立法|地方性法规|立法审查", d.text)]
    assert {d.owner for d in legislating} == {"market-regulation", "justice",
                                              "disabled-federation"}
    assert all("县级市" in (d.remark or "") for d in legislating)


def test_a_clause_that_mixes_its_own_duty_with_support_says_how_it_is_counted(
        hulin: jointmeeting.Charter) -> None:
    mixed = [d for d in hulin.duties if "配合" in d.text and d.role is not Role.SUPPORTS]
    assert [d.id for d in mixed] == ["market-regulation-1"]
    assert all("配合" in (d.assumption or "") for d in mixed)


def test_every_duty_has_areas_or_says_why_none_fits(hulin: jointmeeting.Charter) -> None:
    untagged = [d for d in hulin.duties if not d.areas]
    assert len(untagged) == 7
    for d in untagged:
        assert d.assumption and d.assumption.startswith("领域："), d.id

