"""Scope and search (issue 11, point 5): a charter's `areas:` scope limits coverage gaps; `who`
finds units by name, duties by variant terms, and the joint meeting's own responsibilities
and rules. The site's search ranks by the same rule (tests/test_site.py runs both)."""

from __future__ import annotations

from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.checks.coverage import coverage, coverage_gaps
from jointmeeting.cli import main
from jointmeeting.graph.search import clauses

from .conftest import HULIN, MINIMAL, ROOT
from .yamledit import edit_yaml

TOWN = ROOT / "examples" / "charters" / "dongfang-town-left-behind.yaml"


def test_coverage_gaps_only_within_the_areas_the_table_serves(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    charter = jointmeeting.load_charter(TOWN)
    assert charter.areas == ["children"]
    gaps = coverage_gaps(coverage(charter), charter)
    assert gaps and all(" in children." in g.message for g in gaps)
    # Without the scope, every women's area is a gap too.
    assert any("women." in g.message for g in coverage_gaps(coverage(charter)))
    assert main(["coverage", "--charter", str(TOWN)]) == 0
    out = capsys.readouterr().out
    assert "scope: children (gaps only within it)" in out and "JM320 no unit has a duty in " \
        "women." not in out


def test_an_unknown_scope_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "town.yaml"
    text = edit_yaml(MINIMAL.read_text(encoding="utf-8"), "areas", ["children", "kids"])
    path.write_text(text, encoding="utf-8")
    (found,) = jointmeeting.check(jointmeeting.load_charter(path))
    line = text.splitlines().index("areas: [children, kids]") + 1
    assert (found.code, found.position.line, found.position.col) == ("JM309", line, 19)
    assert "'kids' is neither an area of the national outlines nor a group" in found.message


@pytest.mark.parametrize(("query", "first"), [
    ("市文旅局", "市文体广电和旅游局"),  # an alias, as on the site
    ("市文体广电和旅游局", "市文体广电和旅游局"),
    ("留守流动儿童", "市民政局"),  # a variant term, through the thesaurus
])
def test_who_on_the_command_line(query: str, first: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["who", query, "--charter", str(HULIN)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith(first + "（")


def test_who_finds_the_joint_meetings_responsibilities_and_rules(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["who", "案件联办", "--charter", str(HULIN)]) == 0
    out = capsys.readouterr().out
    assert "联席会议：\n  三/2  建立跨部门信息共享、案件联办机制" in out
    assert "joint-handling" not in out  # a responsibility has no name, and its id is none
    charter = jointmeeting.load_charter(HULIN)
    assert [c.id for c in clauses(charter, "舆情")] == ["major-case"]
    assert [c.kind for c in clauses(charter, "实事")] == ["requirement"]


def test_variant_terms_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    path.write_text(edit_yaml(MINIMAL.read_text(encoding="utf-8"), "duties.civil-affairs-1.text",
                              "牵头做好农村留守流动儿童关爱保护工作。"), encoding="utf-8")
    charter = jointmeeting.load_charter(path)
    assert [m.unit.id for m in jointmeeting.who(charter, "留守儿童")] == ["civil-affairs"]
