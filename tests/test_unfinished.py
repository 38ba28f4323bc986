"""An unfinished charter can be looked at (issue 11, point 4): every read-only command runs on a
charter that loads but has findings, prints the findings first on stderr and marks its output;
only a file that cannot be loaded is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointmeeting.cli import main

from .conftest import MINIMAL

MARK = "UNFINISHED CHARTER: "


@pytest.fixture
def unfinished(tmp_path: Path) -> Path:
    """The minimal charter halfway through: an owner misspelt, the office's host unknown, a
    unit with no duty, a reporting step to nobody."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("    owner: womens-federation\n", "    owner: womens-federaton\n")
    text = text.replace("  host: womens-federation\n", "  host: town-office\n")
    text = text.replace("units:\n", "units:\n  - {id: justice, name: 镇司法所, kind: government, "
                        "source: 四/镇司法所}\n", 1)
    text = text.replace("{to: office, action: 报告, within: PT24H}",
                        "{to: nobody, action: 报告, within: PT24H}")
    path = tmp_path / "town.yaml"
    path.write_text(text, encoding="utf-8")
    return path


COMMANDS = [
    (["show"], "text"), (["who", "留守儿童"], "text"), (["duties", "镇民政办"], "text"),
    (["coverage"], "text"), (["graph"], "dot"), (["graph", "--format", "mermaid"], "mermaid"),
    (["graph", "--format", "json"], "json"), (["impact", "镇民政办"], "text"),
    (["roster", "show", "--at", "2025-06-01"], "text"),
    (["route", "--kind", "major-case", "--from", "镇民政办", "--at", "2025-06-01T10:00"], "text"),
]


@pytest.mark.parametrize(("args", "fmt"), COMMANDS, ids=lambda a: " ".join(a)
                         if isinstance(a, list) else a)
def test_every_read_only_command_runs_and_marks_its_output(
        unfinished: Path, args: list[str], fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*args, "--charter", str(unfinished)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "JM301" in err and "JM304" in err and "JM313" in err and "JM306" in err
    assert "is unfinished (" in err and "Traceback" not in err
    if fmt == "json":  # data with no comments: the mark is on stderr only
        assert MARK not in out and out.lstrip().startswith("{")
    else:
        assert MARK in out.splitlines()[0]


def test_diff_and_site_run_on_it(unfinished: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(MINIMAL), str(unfinished)]) == 1  # it differs: exit 1 as ever
    out, err = capsys.readouterr()
    assert out.startswith("# " + MARK) and "JM313" in err
    site = tmp_path / "site"
    assert main(["site", "--charter", str(unfinished), "-o", str(site), "--on",
                 "2025-06-01"]) == 0
    for page in ("index.html", "units/justice.html", "rules.html"):
        assert "本章程尚未完成：有 7 处错误" in (site / page).read_text(encoding="utf-8")


def test_a_file_that_cannot_be_loaded_is_refused(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace("format: 1", "format: [1"),
                    encoding="utf-8")
    assert main(["show", "--charter", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "JM103" in err


def test_a_clean_charter_is_not_marked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["who", "家庭教育", "--charter", str(MINIMAL)]) == 0
    out, err = capsys.readouterr()
    assert MARK not in out and "unfinished" not in err
