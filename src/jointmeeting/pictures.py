"""The responsibility graph as pictures: Graphviz DOT and Mermaid, from domain nodes and edges."""

from __future__ import annotations

import shutil
import subprocess

from jointmeeting.graph import Edge, EdgeKind, NodeKind, ResponsibilityGraph

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
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(text: str) -> str:
    """A DOT label: quoted, and with ``&`` escaped, since Graphviz reads HTML entities
    (``&amp;``) in any label."""
    return _quote(text.replace("&", "&amp;"))


def _short(text: str, width: int = 18) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _merged(graph: ResponsibilityGraph) -> list[tuple[Edge, str]]:
    """One edge per (source, target, kind), labelled with the rules it stands for: a unit bound
    by two reporting rules to the office is one arrow, not two."""
    rules: dict[tuple[str, str, EdgeKind], list[str]] = {}
    first: dict[tuple[str, str, EdgeKind], Edge] = {}
    for edge in graph.edges():
        key = (edge.source.key, edge.target.key, edge.kind)
        first.setdefault(key, edge)
        if edge.rule:
            rules.setdefault(key, []).append(edge.rule)
    return [(edge, edge.kind.value + (f" ({', '.join(rules[key])})" if key in rules else ""))
            for key, edge in first.items()]


def to_dot(graph: ResponsibilityGraph) -> str:
    lines = [
        "digraph responsibilities {",
        "  rankdir=LR;",
        f"  graph [fontname={_quote(CJK_FONT)}, charset=\"UTF-8\"];",
        f"  node [fontname={_quote(CJK_FONT)}];",
        f"  edge [fontname={_quote(CJK_FONT)}, fontsize=9];",
    ]
    for node in graph.nodes():
        lines.append(f"  {_quote(node.key)} [label={_label(_short(node.label))}, "
                     f"shape={_SHAPES[node.kind]}];")
    for edge, label in _merged(graph):
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
    return '"' + " ".join(text.split()).translate(_MERMAID_ENTITIES) + '"'


def to_mermaid(graph: ResponsibilityGraph) -> str:
    """A ``flowchart`` that pastes into a Markdown page inside a ```mermaid fence.

    Why every label is quoted: unquoted, Mermaid reads parentheses, brackets and pipes in a
    label as node shapes and edge delimiters, so ``reports-to (major-case)`` would not parse.
    """
    ids = {node.key: f"n{i}" for i, node in enumerate(graph.nodes())}
    lines = ["flowchart LR"]
    for node in graph.nodes():
        lines.append(f"  {ids[node.key]}[{_mermaid_text(_short(node.label))}]")
    for edge, label in _merged(graph):
        arrow = "-.->" if edge.kind is EdgeKind.SUPPORTS else "-->"
        lines.append(f"  {ids[edge.source.key]} {arrow}|{_mermaid_text(label)}| "
                     f"{ids[edge.target.key]}")
    return "\n".join(lines) + "\n"


class GraphvizMissingError(RuntimeError):
    """Graphviz's ``dot`` is not installed, so no SVG can be drawn."""


def to_svg(graph: ResponsibilityGraph) -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissingError(
            "Graphviz's `dot` is not installed (Debian: apt-get install graphviz "
            "fonts-noto-cjk); use --format dot and render it elsewhere")
    result = subprocess.run([dot, "-Tsvg"], input=to_dot(graph), capture_output=True,
                            text=True, check=True, timeout=120)
    return result.stdout
