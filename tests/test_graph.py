"""The responsibility graph and its queries, with answers derived from the notice."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest

import jointmeeting
from jointmeeting.charter.model import Role
from jointmeeting.checks.coverage import coverage, coverage_gaps
from jointmeeting.cli import main
from jointmeeting.graph import pictures
from jointmeeting.graph.responsibility import EdgeKind, NodeKind, ResponsibilityGraph
from jointmeeting.graph.search import UnitMatch, who

from .conftest import HULIN


@pytest.fixture(scope="module")
def graph(hulin: jointmeeting.Charter) -> ResponsibilityGraph:
    return ResponsibilityGraph.from_charter(hulin)


def names(matches: list[UnitMatch]) -> list[str]:
    return [m.unit.name for m in matches]


def test_left_behind_children_are_led_by_civil_affairs(graph: ResponsibilityGraph) -> None:
    (first, *_) = who(graph.charter, "留守儿童")
    assert (first.unit.name, first.role) == ("市民政局", Role.LEAD)
    assert first.duties[0].duty.source == "四/市民政局/2"


def test_trafficking_is_led_by_the_police_with_court_and_procuratorate(graph: ResponsibilityGraph) -> None:
    found = who(graph.charter, "拐卖")
    assert found[0].unit.name == "市公安局" and found[0].role is Role.LEAD
    assert {"市人民法院", "市人民检察院"} <= set(names(found[1:]))
    assert names(found).index("市人民法院") < names(found).index("市人民检察院")


def test_childcare_is_health(graph: ResponsibilityGraph) -> None:
    assert names(who(graph.charter, "托育"))[:1] == ["市卫生健康局"]


def test_what_a_person_means(graph: ResponsibilityGraph) -> None:
    assert names(who(graph.charter, "家暴"))[:1] == ["市人民法院"]  # the notice says 家庭暴力
    assert names(who(graph.charter, "留守 儿童"))[:1] == ["市民政局"]  # spacing does not matter
    assert names(who(graph.charter, "困境", "儿童"))[:1] == ["市民政局"]  # several keywords, all must match
    assert who(graph.charter, "火箭") == []


def test_typed_nodes_and_edges_carry_their_clause(graph: ResponsibilityGraph) -> None:
    assert len(graph.nodes(NodeKind.UNIT)) == 34
    assert len(graph.nodes(NodeKind.DUTY)) == 118
    owns = graph.edges(EdgeKind.OWNS)
    assert len(owns) == 118 and all(e.clause and e.clause.startswith("四/") for e in owns)
    (hosts,) = graph.edges(EdgeKind.HOSTS)
    assert (hosts.source.id, hosts.target.id, hosts.clause) == ("womens-federation", "office",
                                                                  "一（一）/3")
    represents = {(e.source.id, e.target.id) for e in graph.edges(EdgeKind.REPRESENTS)}
    assert ("王珊", "cyberspace-office") in represents and len(represents) == 33
    chairs = graph.edges(EdgeKind.CHAIRS)
    assert [(e.source.id, e.target.id) for e in chairs] == [("general-convener", "plenary")]
    reports = {(e.source.id, e.target.id, e.rule) for e in graph.edges(EdgeKind.REPORTS_TO)}
    assert ("schools", "police", "mandatory-report") in reports
    assert ("education", "office", "major-case") in reports
    assert graph.reporting_cycles() == []


def test_impact_of_removing_and_merging(graph: ResponsibilityGraph) -> None:
    removed = graph.impact("市民政局")
    assert [d.id for d in removed.duties_losing_lead] == ["civil-affairs-2"]
    assert len(removed.duties_losing_owner) == 5 and removed.representatives == ("张所军",)
    merged = graph.impact("市妇联", into="市民政局")
    assert merged.into is not None and merged.into.id == "civil-affairs"
    assert merged.hosts_office and set(merged.posts) == {"召集人", "办公室主任", "办公室副主任"}
    with pytest.raises(jointmeeting.UnknownUnitError, match="市火箭局"):
        graph.impact("市火箭局")


def test_coverage_has_every_area_and_reports_gaps(graph: ResponsibilityGraph) -> None:
    matrix = coverage(graph.charter)
    assert len(matrix) == 15 and all(matrix.values())
    assert matrix["children.welfare"]["civil-affairs"] is Role.LEAD
    gaps = coverage_gaps(matrix)
    assert {g.code for g in gaps} == {"JM321"}
    assert not any("children.welfare" in g.message for g in gaps)
    empty = {**matrix, "women.health": {}}
    assert [g.code for g in coverage_gaps(empty) if "women.health" in g.message] == ["JM320"]


def test_graphml_reads_back_with_the_same_nodes_and_edges(graph: ResponsibilityGraph) -> None:
    back = nx.read_graphml(io.BytesIO(pictures.to_graphml(graph).encode()))
    assert set(back.nodes) == {n.key for n in graph.nodes()}
    assert back.number_of_edges() == len(graph.edges())
    assert back.nodes["unit:civil-affairs"]["label"] == "市民政局"


def test_cli_queries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["who", "留守儿童", "--charter", str(HULIN)]) == 0
    assert capsys.readouterr().out.startswith("市民政局（civil-affairs）牵头")
    assert main(["duties", "市文旅局", "--charter", str(HULIN)]) == 0
    assert capsys.readouterr().out.count("culture-tourism-") == 5
    assert main(["duties", "市火箭局", "--charter", str(HULIN)]) == 2
    capsys.readouterr()
    assert main(["impact", "市民政局", "--charter", str(HULIN)]) == 0
    assert "civil-affairs-2: loses its lead" in capsys.readouterr().out
    assert main(["coverage", "--format", "csv", "--charter", str(HULIN)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 35 and rows[0].count(",") == 15
    assert main(["coverage", "--format", "json", "--charter", str(HULIN)]) == 0
    data = json.loads(capsys.readouterr().out)["data"]
    assert data["areas"]["children.welfare"]["civil-affairs"] == "lead"
    assert {gap["code"] for gap in data["gaps"]} == {"JM321"}
    assert main(["coverage", "--charter", str(HULIN)]) == 0
    assert "JM321 no unit leads (牵头) in women.economy" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "json", "graphml"])
def test_graph_exports(fmt: str, capsys: pytest.CaptureFixture[str],
                      tmp_path: Path) -> None:
    out = tmp_path / f"g.{fmt}"
    assert main(["graph", "--charter", str(HULIN), "--format", fmt, "--focus", "市民政局",
                 "--depth", "1", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    # The focused unit is drawn by its name, whatever the format.
    assert "市民政局" in text
    if fmt == "json":
        data = json.loads(text)["data"]  # the graph kind of the envelope
        keys = {n["key"] for n in data["nodes"]}
        assert {"label": "市民政局", "id": "civil-affairs"}.items() <= next(
            n for n in data["nodes"] if n.get("id") == "civil-affairs").items()
        assert all({e["source"], e["target"]} <= keys for e in data["edges"])
    if fmt == "graphml":
        read = nx.read_graphml(out)
        assert "市民政局" in {d.get("label") for _, d in read.nodes(data=True)}
    if fmt == "dot":
        assert "Noto Sans CJK SC" in text and text.startswith("digraph")
    if fmt == "mermaid":
        assert text.startswith("flowchart LR") and '-->|"owns"|' in text


def test_svg_says_clearly_when_graphviz_is_missing(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda _: None)
    assert main(["graph", "--charter", str(HULIN), "--format", "svg"]) == 2
    assert "Graphviz's `dot` is not installed" in capsys.readouterr().err


def test_graphviz_renders_the_whole_graph_with_chinese_labels(tmp_path: Path) -> None:
    import shutil
    import xml.etree.ElementTree as ET

    assert shutil.which("dot"), ".ci/run installs Debian's graphviz and fonts-noto-cjk"
    out = tmp_path / "hulin.svg"
    assert main(["graph", "--charter", str(HULIN), "--format", "svg", "-o", str(out)]) == 0
    svg = ET.parse(out).getroot()
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"市民政局", "联席会议办公室", "总召集人", "公安机关"} <= texts
    assert any(t and t.startswith("牵头推进流浪儿童") for t in texts)


def test_the_committed_organisation_picture_shows_the_table() -> None:
    import xml.etree.ElementTree as ET

    svg = ET.parse(HULIN.parent.parent / "docs" / "hulin-organisation.svg").getroot()
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    units = {u.name for u in jointmeeting.load_charter(HULIN).units}
    assert units <= texts and "联席会议办公室" in texts


def test_only_keeps_the_kinds_asked_for(graph: ResponsibilityGraph,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    org = graph.only([NodeKind.UNIT, NodeKind.OFFICE])
    assert {n.kind for n in org.nodes()} == {NodeKind.UNIT, NodeKind.OFFICE}
    assert {e.kind for e in org.edges()} == {EdgeKind.HOSTS, EdgeKind.REPORTS_TO}
    assert main(["graph", "--charter", str(HULIN), "--only", "unit,rocket"]) == 2
