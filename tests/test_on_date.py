"""Checks that don't change with the calendar (issue 11, point 7): representation and JM305 are
judged on a given day (`--on`; `jointmeeting_on` for the pytest plugin, tested with it), and
every command says which day it used."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointmeeting.cli import main

from .conftest import MINIMAL
from .yamledit import edit_yaml


@pytest.fixture
def left(tmp_path: Path) -> Path:
    """The minimal charter whose one member left on 2025-03-01."""
    path = tmp_path / "town.yaml"
    path.write_text(edit_yaml(MINIMAL.read_text(encoding="utf-8"), "members.张三.until",
                              "2025-03-01"), encoding="utf-8")
    return path


def test_jm305_is_judged_on_the_given_day_and_the_day_is_said(
        left: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--on", "2025-02-01", str(left)]) == 0
    assert capsys.readouterr().err == ("1 charter(s): 0 error(s), 0 warning(s); representation "
                                       "judged on 2025-02-01\n")
    assert main(["check", "--on", "2025-06-01", str(left)]) == 1
    out, err = capsys.readouterr()
    assert "JM305 unit civil-affairs (镇民政办) has duties but no current representative on " \
           "2025-06-01" in out and err.endswith("judged on 2025-06-01\n")
    main(["check", str(left)])
    assert "(today; pin the day with --on YYYY-MM-DD)" in capsys.readouterr().err


def test_show_and_site_say_whose_representatives_they_list(
        left: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["show", "--on", "2025-02-01", "--charter", str(left)]) == 0
    out = capsys.readouterr().out
    assert "代表（2025-02-01）" in out and "张三（副主任）" in out
    assert main(["show", "--charter", str(left)]) == 0
    out, err = capsys.readouterr()
    assert "张三（副主任）" not in out and "(today; pin the day with --on)" in err
    site = tmp_path / "site"
    assert main(["site", "--on", "2025-02-01", "--charter", str(left), "-o", str(site)]) == 0
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "现任代表（2025-02-01）" in index and "张三（副主任）" in index
