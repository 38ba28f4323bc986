"""Diffs of responsibilities between two charters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter.diff import Change, diff
from jointmeeting.cli import main

from .conftest import HULIN, MINIMAL
from .yamledit import edit_yaml


def small(text: str) -> jointmeeting.Charter:
    return jointmeeting.charter_from_text(text, "small.yaml")


def summary(found: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [(d.part, d.change.value, d.item) for d in found]


def test_identical_charters_have_no_differences(hulin: jointmeeting.Charter) -> None:
    assert diff(hulin, hulin) == []


def test_added_removed_and_reworded(minimal_text: str) -> None:
    old = small(minimal_text)
    text = edit_yaml(minimal_text, "duties.womens-federation-1.text", "做好家庭教育指导服务工作。")
    text = edit_yaml(edit_yaml(text, "members.张三.name", "李四"), "members.李四.position", "主任")
    new = small(text)
    assert summary(diff(old, new)) == [
        ("duty", "changed", "womens-federation-1"),
        ("member", "removed", "张三"), ("member", "added", "李四")]
    (reworded,) = [d for d in diff(old, new) if d.part == "duty"]
    assert (reworded.old, reworded.new) == ("做好家庭教育指导服务。", "做好家庭教育指导服务工作。")


def test_a_rename_through_an_alias_is_not_a_removal(minimal_text: str) -> None:
    old = small(minimal_text)
    renamed = (minimal_text.replace("id: civil-affairs ", "id: social-affairs ")
               .replace("name: 镇民政办", "name: 镇社会事务办")
               .replace("aliases: [民政办]", "aliases: [镇民政办]")
               .replace("owner: civil-affairs", "owner: social-affairs")
               .replace("unit: civil-affairs,", "unit: social-affairs,"))
    new = small(renamed)
    assert jointmeeting.check(new) == []
    found = diff(old, new)
    assert summary(found) == [("unit", "renamed", "civil-affairs")]
    assert found[0].new == "social-affairs 镇社会事务办"


def test_a_moved_duty_and_a_role_change(minimal_text: str) -> None:
    text = edit_yaml(minimal_text, "duties.civil-affairs-1.owner", "womens-federation")
    new = small(edit_yaml(text, "duties.civil-affairs-1.role", "supports"))
    found = diff(small(minimal_text), new)
    assert [(d.change, d.old, d.new) for d in found] == [
        (Change.MOVED, "civil-affairs", "womens-federation"),
        (Change.CHANGED, "lead", "supports")]


def test_hulin_against_a_copy_with_a_unit_renamed_and_a_duty_moved(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = HULIN.read_text(encoding="utf-8")
    text = (text.replace("  - id: water\n    name: 市水务局\n",
                         "  - id: water-resources\n    name: 市水利局\n    aliases: [市水务局]\n")
            .replace("owner: water\n", "owner: water-resources\n")
            .replace("unit: water,", "unit: water-resources,"))
    text = edit_yaml(text, "duties.civil-affairs-5.owner", "health")
    text = edit_yaml(text, "source.text", f"{HULIN.parent}/sources/hulin-2025-notice.txt")
    copy = tmp_path / "copy.yaml"
    copy.write_text(text, encoding="utf-8")
    assert main(["check", str(copy)]) == 0
    capsys.readouterr()
    assert main(["diff", str(HULIN), str(copy)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "~ unit water renamed: 市水务局 → 市水利局",
        "> duty civil-affairs-5 moved from civil-affairs to health: 指导做好困难妇女儿童社会救助工作。",
    ]
    assert main(["diff", "--format", "json", str(HULIN), str(copy)]) == 1
    found = json.loads(capsys.readouterr().out)["data"]
    assert [(f["part"], f["change"]) for f in found] == [("unit", "renamed"), ("duty", "moved")]
    assert main(["diff", str(HULIN), str(HULIN)]) == 0


def test_a_county_against_the_smallest_charter(hulin: jointmeeting.Charter) -> None:
    found = diff(jointmeeting.load_charter(MINIMAL), hulin)
    units = [d for d in found if d.part == "unit"]
    assert sum(d.change is Change.ADDED for d in units) == 32
    assert {d.item for d in units if d.change is Change.RENAMED} == {"civil-affairs",
                                                                     "womens-federation"}
