"""Outputs that cannot be turned against their reader: a charter's text reaches a terminal, a
CI log or an XML file as inert text, whatever it holds."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.graph import pictures
from jointmeeting.graph.responsibility import ResponsibilityGraph

from .conftest import MINIMAL

# YAML's "\e" is ESC: an OSC 8 hyperlink that hides its target, a screen clear, a window title,
# an 8-bit CSI, a bidi override, and a line break followed by a GitHub Actions command.
HOSTILE = ("\\e]8;;https://evil.example\\e\\\\家庭\\e]8;;\\e\\\\\\e[2J教育\\x9b31m指导"
           "\\e]0;owned\\a\\u202e服务。\\n::error file=x::pwned")
FORBIDDEN = ("\x1b", "\x9b", "\x07", "\u202e", "\n::")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("text: 做好家庭教育指导服务。", f'text: "做好{HOSTILE}"')
    text = text.replace("source: 四/镇妇女联合会/1", 'source: "四/镇妇女联合会/1\\e[5m\\x01"')
    text = text.replace("action: 报告", f'action: "报告{HOSTILE}"')
    text = text.replace("assumption: 通知未写姓名。", f'assumption: "{HOSTILE}"')
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    assert jointmeeting.check(jointmeeting.load_charter(path)) == []
    return path


def assert_inert(out: str) -> None:
    for sequence in FORBIDDEN:
        assert sequence not in out
    assert not any(line.startswith("::") for line in out.splitlines())


@pytest.mark.parametrize("command", [
    ["show"], ["duties", "镇妇联"], ["impact", "镇妇联"], ["who", "家庭"],
    ["route", "--kind", "major-case", "--from", "镇民政办", "--at", "2025-05-01T09:00"],
    ["graph", "--format", "dot"], ["graph", "--format", "mermaid"],
])
def test_text_outputs_escape_control_characters(hostile: Path, command: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--charter", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    if command[0] in ("show", "duties", "who"):
        assert "\\x1b]8;;https://evil.example\\x1b\\家庭" in out  # shown, not acted on


def test_check_prints_no_escape_sequence_and_forges_no_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8") + f'"x{HOSTILE}": 1\n', encoding="utf-8")
    for fmt in ("text", "github"):
        assert main(["check", "--format", fmt, str(path)]) == 1
        out = capsys.readouterr().out
        (line,) = out.splitlines()  # one finding, one line: the newline in it is escaped
        assert "\\n::error file=x::pwned" in line
        for sequence in FORBIDDEN:
            assert sequence not in out
    assert line.startswith(f"::error file={path},line=")


def test_github_annotations_escape_as_github_documents() -> None:
    from jointmeeting.errors import Diagnostic, Position
    from jointmeeting.report import diagnostics

    found = Diagnostic("JM201", "100% of\r\nit", "a,b:c.yaml", Position(1, 2))
    assert diagnostics([found], "github") == (
        "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=JM201::100%25 of\\r\\nit")


def test_graphml_is_valid_xml_for_any_text(hostile: Path) -> None:
    graph = ResponsibilityGraph.from_charter(jointmeeting.load_charter(hostile))
    text = pictures.to_graphml(graph)
    ET.fromstring(text.encode("utf-8"))  # raises on a character XML 1.0 forbids
    (hostile.parent / "g.graphml").write_text(text, encoding="utf-8")
    read = nx.read_graphml(hostile.parent / "g.graphml")
    clauses = {data.get("clause") for *_, data in read.edges(data=True)}
    assert "四/镇妇女联合会/1\\x1b[5m\\x01" in clauses


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_the_svg_graphviz_draws_is_valid_xml(hostile: Path) -> None:
    from jointmeeting.graph import pictures

    svg = pictures.to_svg(ResponsibilityGraph.from_charter(jointmeeting.load_charter(hostile)))
    ET.fromstring(svg.encode("utf-8"))


def test_json_outputs_keep_the_data_and_stay_inert(hostile: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from jointmeeting.charter.escape import json_safe, printable

    value = "a\x1b\x9b\u202e\nb"
    assert json.loads(json_safe(json.dumps([value], ensure_ascii=False, indent=2))) == [value]
    assert printable(value) == "a\\x1b\\x9b\\u202e\\nb"
    path = hostile.parent / "d.yaml"
    path.write_text(hostile.read_text(encoding="utf-8") + '"k\\x9b": 1\n', encoding="utf-8")
    assert main(["check", "--format", "json", str(path)]) == 1
    out = capsys.readouterr().out
    found = json.loads(out)["data"]  # the diagnostics envelope
    assert "\x9b" not in out and found[0]["message"] == "unknown key 'k\x9b' in (top level)"


def test_check_piped_through_a_real_terminal_reader(hostile: Path, tmp_path: Path) -> None:
    """`check` piped, as CI runs it: no OSC or CSI reaches the pipe."""
    import sys

    path = tmp_path / "e.yaml"
    path.write_text(hostile.read_text(encoding="utf-8") + f'"x{HOSTILE}": 1\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "jointmeeting", "check", str(path)],
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 1
    assert b"\x1b" not in done.stdout + done.stderr and b"\xc2\x9b" not in done.stdout


def test_the_console_notifier_prints_inert_text(capsys: pytest.CaptureFixture[str]) -> None:
    from jointmeeting.charter.contacts import Channel
    from jointmeeting.host.builtin import ConsoleNotifier
    from jointmeeting.host.hookspecs import Message

    ConsoleNotifier().send(Message("k1", 1, "报告\x1b]0;owned\x07", "第一行\x1b[2J\n第二行"),
                           Channel(via="console"))
    assert capsys.readouterr().out == "[k1] 报告\\x1b]0;owned\\x07\n第一行\\x1b[2J\n第二行\n"
