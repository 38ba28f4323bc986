"""The semantic checks, on the Hulin charter and on small charters built inline."""

from __future__ import annotations

import datetime as dt

import pytest

import jointmeeting

from .yamledit import edit_yaml


def test_the_hulin_charter_checks_clean(hulin: jointmeeting.Charter) -> None:
    assert jointmeeting.check(hulin, today=dt.date(2025, 7, 1)) == []
    assert jointmeeting.check(hulin) == []


def test_every_duty_has_exactly_one_owner_that_is_a_unit(hulin: jointmeeting.Charter) -> None:
    units = {u.id for u in hulin.units}
    assert len(hulin.duties) == 118
    assert all(isinstance(d.owner, str) and d.owner in units for d in hulin.duties)
    assert {d.owner for d in hulin.duties} == units


def test_representation_through_posts_and_second_appointments(
        hulin: jointmeeting.Charter) -> None:
    data = hulin.model_dump()
    data["posts"] = [p for p in data["posts"] if p["id"] == "general-convener"]
    data["members"] = [dict(m, also=[]) for m in data["members"]]  # 王珊 keeps one post only
    data["meetings"][1]["called_by"] = ["lead-unit"]  # the convener's post is gone
    data["escalation"] = None  # so is the escalation chain through it
    data["source"]["text"] = None  # built in code: no file beside it to find the notice by
    stripped = jointmeeting.Charter.model_validate(data)
    found = {(d.code, d.message.split()[1]) for d in jointmeeting.check(stripped)}
    assert found == {("JM305", "womens-federation"), ("JM305", "cyberspace-office")}


def test_a_membership_that_ended_does_not_represent(minimal_text: str) -> None:
    text = edit_yaml(minimal_text, "members.张三.until", "2025-06-01")
    charter = jointmeeting.charter_from_text(text, "m.yaml")
    assert jointmeeting.check(charter, today=dt.date(2025, 5, 31)) == []
    (late,) = jointmeeting.check(charter, today=dt.date(2025, 6, 1))
    assert late.code == "JM305" and "civil-affairs" in late.message


def test_a_charter_built_in_code_is_checked_without_positions() -> None:
    charter = jointmeeting.Charter.model_validate({
        "format": 1, "id": "api", "title": "接口", "jurisdiction": {"name": "某镇", "level": "township"},
        "source": {"document": "x", "title": "t", "issuer": "某镇", "issued": "2025-01-01"},
        "units": [{"id": "a", "name": "甲", "kind": "government", "source": "四/甲"}],
        "office": {"name": "办公室", "host": "b", "text": "t", "responsibilities": ["r"],
                   "source": "一"},
    })
    found = jointmeeting.check(charter)
    assert [(d.code, d.path, d.position) for d in found] == [
        ("JM304", None, None), ("JM313", None, None), ("JM316", None, None)]
    assert str(found[0]).startswith("<charter>: JM304")


def test_every_code_used_is_catalogued_and_every_catalogued_code_is_used() -> None:
    import re

    from jointmeeting.errors import Code

    from .conftest import ROOT

    source = "".join(p.read_text(encoding="utf-8")
                     for p in [*(ROOT / "src").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")]
                     if p.name != "errors.py")
    used = set(re.findall(r'"(JM\d{3})"', source))
    assert used == set(Code), (used ^ set(Code))


@pytest.mark.parametrize("ref", ["civil-affairs", "镇民政办", "民政办", " 民政办"])
def test_duties_of_by_id_name_or_alias(minimal_text: str, ref: str) -> None:
    charter = jointmeeting.charter_from_text(minimal_text, "m.yaml")
    assert [d.id for d in charter.duties_of(ref)] == ["civil-affairs-1"]


def test_an_ambiguous_name_is_an_error_not_a_guess(minimal_text: str) -> None:
    text = edit_yaml(minimal_text, "units.womens-federation.aliases", ["镇妇联", "民政办"])
    charter = jointmeeting.charter_from_text(text, "m.yaml")
    with pytest.raises(jointmeeting.AmbiguousNameError):
        charter.unit("民政办")
    assert [d.code for d in jointmeeting.check(charter)] == ["JM303"]


def test_an_escalation_chain_that_loops_is_a_finding(hulin: jointmeeting.Charter) -> None:
    data = hulin.model_dump()
    data["escalation"]["chain"] = ["office", "convener", "office"]
    data["source"]["text"] = None
    looping = jointmeeting.Charter.model_validate(data)
    (found,) = [d for d in jointmeeting.check(looping) if d.code == "JM314"]
    assert found.message == ("the escalation chain comes back to 'office': a step would "
                             "escalate in a loop")
