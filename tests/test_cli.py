"""The command line: exit codes, output formats, the summary, and the JSON Schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

import jointmeeting
from jointmeeting import report
from jointmeeting.cli import ExitCode, main

from .conftest import HULIN, MINIMAL, ROOT
from .yamledit import edit_yaml

BAD = ROOT / "tests" / "golden" / "rules.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(HULIN))[0] == ExitCode.OK
    assert run(capsys, "check", str(HULIN), str(MINIMAL))[0] == ExitCode.OK
    assert run(capsys, "check", str(BAD))[0] == ExitCode.FINDINGS
    assert run(capsys, "check", "--format", "yaml", str(HULIN))[0] == ExitCode.USAGE
    assert run(capsys, "show")[0] == ExitCode.USAGE
    assert run(capsys, "nonsense")[0] == ExitCode.USAGE


def test_no_path_uses_the_environment(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOINTMEETING_CHARTER", raising=False)
    assert run(capsys, "check")[0] == ExitCode.USAGE
    monkeypatch.setenv("JOINTMEETING_CHARTER", str(BAD))
    assert run(capsys, "check")[0] == ExitCode.FINDINGS
    code, out, err = run(capsys, "show")  # an unfinished charter is shown, marked
    assert code == ExitCode.OK and "JM301" in err and out.startswith("# UNFINISHED CHARTER")


def test_an_internal_error_exits_3_with_a_traceback(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("jointmeeting.cli.charters.check", broken)
    code, _, err = run(capsys, "check", str(HULIN))
    assert code == ExitCode.INTERNAL
    assert "Traceback" in err and "RuntimeError: bug" in err


def test_a_user_error_never_shows_a_traceback_unless_asked(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(ROOT / "tests/golden/syntax.yaml"))
    assert code == 1 and "Traceback" not in out + err
    code, out, err = run(capsys, "--debug", "check", str(ROOT / "tests/golden/syntax.yaml"))
    assert code == 1 and "Traceback" in err


def test_json_and_github_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "--on", "2025-07-01", str(BAD))
    document = json.loads(out)
    assert document["kind"] == "diagnostics"
    found = document["data"]
    assert code == 1 and len(found) == 20
    assert found[0] == {"path": str(BAD), "line": 7, "col": 10, "code": "JM304",
                        "severity": "error", "message": "unit civil-affairs (镇民政办) has no duty"}
    assert {f["severity"] for f in found} == {"error", "warning"}
    _, out, _ = run(capsys, "check", "--format", "github", "--on", "2025-07-01", str(BAD))
    first = out.splitlines()[0]
    assert first == (f"::error file={str(BAD).replace(':', '%3A')},line=7,col=10,title=JM304::"
                     "unit civil-affairs (镇民政办) has no duty")
    assert out.count("::warning ") == 1
    _, out, _ = run(capsys, "check", "--format", "json", str(HULIN))
    assert json.loads(out)["data"] == []


def test_errors_only(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--errors-only", "--on", "2025-07-01", str(BAD))
    assert "JM305" not in out and out.count("\n") == 19


def test_show_is_a_summary_with_every_assumption(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "show", "--charter", str(HULIN))
    assert code == 0
    for expected in ("虎政办发〔2025〕7号", "成员单位（34个）", "张所军", "牵头 推进" [:2],
                     "全体会议", "强制报告", "不再另行发文", "“定期”未规定周期", "通知未列明“相关部门”"):
        assert expected in out, expected
    from jointmeeting import load_charter

    charter = load_charter(HULIN)
    notes = [t for _, i in charter.noted() for t in (i.assumption, i.remark) if t]
    notes += [a.text for a in charter.assumptions]
    assert notes and all(note[:10] in out.replace("\n", "") for note in notes)
    code, out, _ = run(capsys, "show", "--areas", "--charter", str(HULIN))
    assert code == 0 and out.count("\n") == 15 and "children.welfare" in out


def test_the_committed_schema_is_fresh() -> None:
    committed = (ROOT / "schema" / "charter.schema.json").read_text(encoding="utf-8")
    assert committed == report.json_schema(), "run: jointmeeting schema > schema/charter.schema.json"


def test_the_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and out == report.json_schema()


def test_every_charter_carries_the_schema_modeline() -> None:
    for path in [HULIN, MINIMAL]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/charter.schema.json"


@pytest.mark.parametrize("path", [HULIN, MINIMAL], ids=lambda p: p.name)
def test_check_jsonschema_accepts_the_charters(path: Path) -> None:
    tool = shutil.which("check-jsonschema") or os.path.join(os.path.dirname(sys.executable),
                                                             "check-jsonschema")
    result = subprocess.run([tool, "--schemafile", str(ROOT / "schema/charter.schema.json"),
                             str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_a_bad_charter() -> None:
    tool = shutil.which("check-jsonschema") or "check-jsonschema"
    result = subprocess.run([tool, "--schemafile", str(ROOT / "schema/charter.schema.json"),
                             str(ROOT / "tests/golden/schema-errors.yaml")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1


def test_the_installed_command_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "jointmeeting", "check", str(HULIN)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "0 error(s), 0 warning(s)" in result.stderr


@pytest.mark.parametrize("args", [
    ["graph", "--charter", str(HULIN), "-o", "/nonexistent/folder/g.dot"],
    ["site", "--charter", str(HULIN), "-o", "/proc/not-a-folder"],
    ["calendar", "--charter", str(HULIN), "--year", "2025", "-o", "/nonexistent/y.ics"],
])
def test_an_unwritable_output_is_one_line_not_a_traceback(
        args: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOINTMEETING_LEDGER", str(tmp_path / "l.sqlite3"))
    assert main(args) == ExitCode.FINDINGS
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.splitlines()[-1].startswith("jointmeeting: /")


def test_show_prints_brackets_in_a_charter_as_written(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    text = edit_yaml(MINIMAL.read_text(encoding="utf-8"), "duties.womens-federation-1.text",
                     "[bold]做好家庭教育指导服务[/x]。")
    path = tmp_path / "brackets.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["show", "--charter", str(path)]) == 0
    assert "[bold]做好家庭教育指导服务[/x]。" in capsys.readouterr().out


@pytest.mark.parametrize(("path", "parent", "place"), [
    (ROOT / "examples" / "charters" / "riverside-english.yaml", "keep",
     ", issued 2025-02-01; Riverside County"),
    (HULIN, None, "印发；虎林市（黑龙江省）"),
    (HULIN, "keep", "印发；虎林市（鸡西市黑龙江省）"),
])
def test_show_names_the_place_and_only_what_it_is_part_of(path: Path, parent: str | None,
                                                          place: str) -> None:
    """A jurisdiction with no parent or province is named alone, never followed by（）."""
    charter = jointmeeting.load_charter(path)
    if parent != "keep":
        charter = charter.model_copy(update={
            "jurisdiction": charter.jurisdiction.model_copy(update={"parent": parent})})
    console = Console(file=StringIO(), width=400, record=True)
    report.show(charter, console)
    heading = console.export_text().splitlines()[1]
    assert heading.endswith(place), heading
