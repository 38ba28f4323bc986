"""Every graph format read back by its real reader: Mermaid's own parser (under Node), Graphviz
``dot``, networkx's GraphML reader and a JSON parse, on every charter of the repository and on
one whose names are hostile to each format's syntax."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from ruamel.yaml import YAML

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.graph import pictures
from jointmeeting.graph.responsibility import ResponsibilityGraph

from .conftest import CHARTERS, MINIMAL, ROOT

JS = ROOT / "tests" / "js"
SVG = "{http://www.w3.org/2000/svg}"
#: Text that is syntax in one format or another: quotes, brackets, pipes, tags, entities,
#: backslashes, backticks, a newline.
HOSTILE = 'A"b\'c [d] {e} (f) |g| <h>&amp; #35; `i` \\j'


def mermaid_read(*files: Path) -> list[dict[str, object]]:
    """Each file as Mermaid 11's parser reads it (see tests/js/mermaid-parse.mjs)."""
    assert shutil.which("node"), ".ci/run installs Node"
    assert (JS / "node_modules" / "mermaid").is_dir(), "run `npm ci` in tests/js (.ci/run does)"
    done = subprocess.run(["node", str(JS / "mermaid-parse.mjs"), *map(str, files)],
                          capture_output=True, text=True, timeout=300, check=False)
    return [json.loads(line) for line in done.stdout.splitlines()]


def dot_read(text: str) -> tuple[dict[str, str], int]:
    """A DOT text as Graphviz draws it: each node's shown text (by its name), and the number
    of edges."""
    assert shutil.which("dot"), ".ci/run installs Debian's graphviz"
    done = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    svg = ET.fromstring(done.stdout)
    shown, edges = {}, 0
    for group in svg.iter(f"{SVG}g"):
        title = group.findtext(f"{SVG}title")
        if group.get("class") == "node" and title is not None:
            shown[title] = "".join(t.text or "" for t in group.iter(f"{SVG}text"))
        edges += group.get("class") == "edge"
    return shown, edges


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal charter with every name a label is drawn from made hostile."""
    yaml = YAML()
    data = yaml.load(MINIMAL.read_text(encoding="utf-8"))
    data["units"][0]["name"] = "镇民政办" + HOSTILE
    data["units"][1]["aliases"] = ["镇妇联", 'x"|y']
    data["posts"][0]["title"] = '召集人"]-->|z|'
    data["duties"][0]["text"] = "牵头做好\n" + HOSTILE
    data["meetings"][0]["name"] = '会议\\N\\l"q"'  # Graphviz's own label escapes
    data["parties"] = [{"id": "school", "name": "(#quot;)<b>&amp;a|b", "kind": "reporter",
                        "source": "二（二）/1"}]
    data["reporting"][0]["reporters"] = ["members", "school"]
    path = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    return path


def charters(hostile: Path) -> list[Path]:
    return [*CHARTERS, hostile]


def test_the_mermaid_reader_rejects_a_broken_diagram(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mmd"
    broken.write_text("flowchart LR\n  n0 -->|reports-to (major-case)| n1\n", encoding="utf-8")
    fine = tmp_path / "fine.mmd"
    fine.write_text('flowchart LR\n  n0 -->|"reports-to (major-case)"| n1\n', encoding="utf-8")
    bad, good = mermaid_read(broken, fine)
    assert bad["ok"] is False and "Parse error" in str(bad["error"])
    assert good["ok"] is True and good["edges"] == ["reports-to (major-case)"]


def test_mermaid_parses_every_charter_with_its_labels(hostile: Path, tmp_path: Path) -> None:
    files, graphs = [], []
    for index, path in enumerate(charters(hostile)):
        graph = ResponsibilityGraph.from_charter(jointmeeting.load_charter(path))
        out = tmp_path / f"{index}.mmd"
        assert main(["graph", "--charter", str(path), "--format", "mermaid", "-o",
                     str(out)]) == 0
        files.append(out)
        graphs.append(graph)
    for read, graph, path in zip(mermaid_read(*files), graphs, charters(hostile), strict=True):
        assert read["ok"] is True, (path, read)
        assert read["type"] == "flowchart-v2"
        labels = [" ".join(pictures._short(n.label).split()) for n in graph.nodes()]
        assert read["nodes"] == labels
        assert len(read["edges"]) == len(pictures._merged(graph.edges()))  # type: ignore[arg-type]
    hostile_read = mermaid_read(files[-1])[0]
    assert any(HOSTILE[:12] in str(n) for n in hostile_read["nodes"])  # type: ignore[union-attr]


def test_graphviz_reads_every_charter_with_its_labels(hostile: Path) -> None:
    for path in charters(hostile):
        graph = ResponsibilityGraph.from_charter(jointmeeting.load_charter(path))
        shown, edges = dot_read(pictures.to_dot(graph))
        # A newline in a label is a line break in the picture: compare without whitespace.
        assert {k: "".join(v.split()) for k, v in shown.items()} == {
            n.key: "".join(pictures._short(n.label).split()) for n in graph.nodes()}, path
        assert edges == len(pictures._merged(graph.edges()))


def test_graphml_and_json_read_back_every_charter(hostile: Path) -> None:
    for path in charters(hostile):
        graph = ResponsibilityGraph.from_charter(jointmeeting.load_charter(path))
        back = nx.read_graphml(io.BytesIO(pictures.to_graphml(graph).encode("utf-8")))
        assert {k: back.nodes[k]["label"] for k in back.nodes} == {
            n.key: n.label for n in graph.nodes()}, path
        assert back.number_of_edges() == len(graph.edges())
        data = json.loads(pictures.to_json(graph))
        assert [n["label"] for n in data["nodes"]] == [n.label for n in graph.nodes()]
        assert len(data["edges"]) == len(graph.edges())


def test_the_hostile_text_reaches_the_labels(hostile: Path) -> None:
    labels = [n.label for n in ResponsibilityGraph.from_charter(jointmeeting.load_charter(hostile)).nodes()]
    assert "镇民政办" + HOSTILE in labels and '会议\\N\\l"q"' in labels
    assert any("\n" in label and HOSTILE in label for label in labels)  # the duty's newline
