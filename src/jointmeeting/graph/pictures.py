"""Every export of the responsibility graph: Graphviz DOT, SVG and Mermaid pictures, and
GraphML and JSON for other programs, all from the graph's domain nodes and edges."""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence

from jointmeeting.charter.escape import printable, xml_text
from jointmeeting.errors import JointMeetingError
from jointmeeting.graph.responsibility import Edge, EdgeKind, Node, NodeKind, ResponsibilityGraph

#: A CJK font that Debian's fonts-noto-cjk provides; Graphviz falls back when it is missing.
CJK_FONT = "Noto Sans CJK SC"

_SHAPES = {
    NodeKind.UNIT: "box", NodeKind.POST: "ellipse", NodeKind.MEMBER: "plaintext",
    NodeKind.DUTY: "note", NodeKind.AREA: "hexagon", NodeKind.OFFICE: "doubleoctagon",
    NodeKind.MEETING: "component", NodeKind.RULE: "cds", NodeKind.PARTY: "box3d",
    NodeKind.JOINT_MEETING: "tripleoctagon",
}
_STYLES = {EdgeKind.SUPPORTS: "dashed", EdgeKind.REPORTS_TO: "bold"}


def _quote(text: str) -> str:
    # A line break in a label is layout, not text: folded to a space, as in the Mermaid output.
    folded = printable(" ".join(text.split()))
    return '"' + folded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(text: str) -> str:
    """A DOT label: quoted, and with ``&`` escaped, since Graphviz reads HTML entities
    (``&amp;``) in any label."""
    return _quote(text.replace("&", "&amp;"))


def _short(text: str, width: int = 18) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _merged(edges: Iterable[Edge]) -> list[tuple[Edge, str]]:
    """One edge per (source, target, kind), labelled with the rules it stands for: a unit bound
    by two reporting rules to the office is one arrow, not two."""
    rules: dict[tuple[str, str, EdgeKind], list[str]] = {}
    first: dict[tuple[str, str, EdgeKind], Edge] = {}
    for edge in edges:
        key = (edge.source.key, edge.target.key, edge.kind)
        first.setdefault(key, edge)
        if edge.rule:
            rules.setdefault(key, []).append(edge.rule)
    return [(edge, edge.kind.value + (f" ({', '.join(rules[key])})" if key in rules else ""))
            for key, edge in first.items()]


def to_dot(graph: ResponsibilityGraph) -> str:
    return dot_of(graph.nodes(), graph.edges())


def dot_of(nodes: Iterable[Node], edges: Iterable[Edge]) -> str:
    """DOT of some nodes and the edges between them (a part of a graph, e.g. a neighbourhood)."""
    lines = [
        "digraph responsibilities {",
        "  rankdir=LR;",
        f"  graph [fontname={_quote(CJK_FONT)}, charset=\"UTF-8\"];",
        f"  node [fontname={_quote(CJK_FONT)}];",
        f"  edge [fontname={_quote(CJK_FONT)}, fontsize=9];",
    ]
    for node in nodes:
        lines.append(f"  {_quote(node.key)} [label={_label(_short(node.label))}, "
                     f"shape={_SHAPES[node.kind]}];")
    for edge, label in _merged(edges):
        style = _STYLES.get(edge.kind, "solid")
        lines.append(f"  {_quote(edge.source.key)} -> {_quote(edge.target.key)} "
                     f"[label={_label(label)}, style={style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


#: Characters Mermaid reads as syntax even inside a quoted label, written as its entity codes:
#: ``#`` starts an entity, ``"`` ends the string, a backtick starts a Markdown string, ``<``,
#: ``>`` and ``&`` would be read as HTML when labels render as HTML.
_MERMAID_ENTITIES = str.maketrans({"#": "#35;", '"': "#quot;", "`": "#96;", "<": "#lt;",
                                   ">": "#gt;", "&": "#38;"})


def _mermaid_text(text: str) -> str:
    """A label as a quoted Mermaid string: any text, one line, nothing read as syntax."""
    return '"' + printable(" ".join(text.split())).translate(_MERMAID_ENTITIES) + '"'


def to_mermaid(graph: ResponsibilityGraph) -> str:
    """A ``flowchart`` that pastes into a Markdown page inside a ```mermaid fence.

    Why every label is quoted: unquoted, Mermaid reads parentheses, brackets and pipes in a
    label as node shapes and edge delimiters, so ``reports-to (major-case)`` would not parse.
    """
    ids = {node.key: f"n{i}" for i, node in enumerate(graph.nodes())}
    lines = ["flowchart LR"]
    for node in graph.nodes():
        lines.append(f"  {ids[node.key]}[{_mermaid_text(_short(node.label))}]")
    for edge, label in _merged(graph.edges()):
        arrow = "-.->" if edge.kind is EdgeKind.SUPPORTS else "-->"
        lines.append(f"  {ids[edge.source.key]} {arrow}|{_mermaid_text(label)}| "
                     f"{ids[edge.target.key]}")
    return "\n".join(lines) + "\n"


class GraphvizError(JointMeetingError, RuntimeError):
    """Graphviz could not draw a picture: it failed, or took longer than allowed."""


class GraphvizMissingError(GraphvizError):
    """Graphviz's ``dot`` is not installed, so no SVG can be drawn."""


#: Seconds one ``dot`` process may take before the picture is given up.
TIMEOUT = 120.0
#: Pictures laid out by one ``dot`` process (it reads several graphs from one input).
CHUNK = 400


def _dot() -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissingError(
            "Graphviz's `dot` is not installed (Debian: apt-get install graphviz "
            "fonts-noto-cjk); use --format dot and render it elsewhere")
    return dot


def _run_dot(dot: str, text: str, timeout: float | None) -> str:
    timeout = TIMEOUT if timeout is None else timeout  # read now, so it can be set at run time
    try:
        result = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True,
                                check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz took longer than {timeout:g} s to lay out the picture; "
                            "it is left out") from None
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[0]
        raise GraphvizError(f"Graphviz failed to draw the picture: {reason}")
    return result.stdout


def to_svg(graph: ResponsibilityGraph, timeout: float | None = None) -> str:
    """The graph as SVG. Raises :class:`GraphvizError` when Graphviz is missing, fails or
    takes longer than ``timeout`` seconds (:data:`TIMEOUT` by default)."""
    return _run_dot(_dot(), to_dot(graph), timeout)


def svgs_of(dots: Sequence[str], timeout: float | None = None) -> list[str]:
    """Many small pictures, one SVG per DOT text: a ``dot`` process lays out :data:`CHUNK` of
    them at a time, on every core. Raises :class:`GraphvizError` as :func:`to_svg` does."""
    dot = _dot()
    chunks = [dots[i:i + CHUNK] for i in range(0, len(dots), CHUNK)]

    def draw(chunk: Sequence[str]) -> list[str]:
        out = _run_dot(dot, "\n".join(chunk), timeout)
        parts = ["<?xml" + part for part in out.split("<?xml")[1:]]
        if len(parts) != len(chunk):
            raise GraphvizError(f"Graphviz drew {len(parts)} pictures of {len(chunk)}")
        return parts

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        return [svg for drawn in pool.map(draw, chunks) for svg in drawn]


def to_graphml(graph: ResponsibilityGraph) -> str:
    """GraphML, valid XML whatever the charter's texts hold: a character XML 1.0 forbids
    (a control character in a clause reference) is written as a visible escape."""
    import networkx as nx  # only this export needs it; DOT, Mermaid and JSON do not

    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in graph.nodes():
        out.add_node(xml_text(node.key), kind=node.kind.value, label=xml_text(node.label))
    for edge in graph.edges():
        out.add_edge(xml_text(edge.source.key), xml_text(edge.target.key),
                     key=xml_text(f"{edge.kind}:{edge.rule or ''}"), kind=edge.kind.value,
                     clause=xml_text(edge.clause or ""), rule=xml_text(edge.rule or ""))
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_json(graph: ResponsibilityGraph) -> str:
    data = {"nodes": [{"key": n.key, "kind": n.kind.value, "id": n.id, "label": n.label}
                      for n in graph.nodes()],
            "edges": [{"kind": e.kind.value, "source": e.source.key, "target": e.target.key,
                       "clause": e.clause, "rule": e.rule} for e in graph.edges()]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
