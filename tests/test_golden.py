"""Bad charter files and the exact diagnostics each must produce (one pass, all at once)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jointmeeting.charter import parse
from jointmeeting.cli import main

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.yaml"))


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                update_golden: bool) -> None:
    monkeypatch.chdir(GOLDEN.parent.parent)
    path = os.path.join("tests", "golden", f"{name}.yaml")
    code = main(["check", "--on", "2025-07-01", path])
    out = capsys.readouterr().out
    if update_golden:
        _expected(name).write_text(out, encoding="utf-8")
    expected = _expected(name).read_text(encoding="utf-8")
    assert out == expected
    assert code == 1
    assert "Traceback" not in out


def _expected(name: str) -> Path:
    """The pure-Python YAML parser words syntax errors its own way: those cases have two files."""
    pure = GOLDEN / f"{name}.pure.expected"
    return pure if parse.new_parser is parse._pure_parser and pure.exists() else (
        GOLDEN / f"{name}.expected")


def test_every_golden_case_has_expectations() -> None:
    assert len(CASES) >= 10
    for name in CASES:
        assert (GOLDEN / f"{name}.expected").read_text(encoding="utf-8").strip(), name


def test_update_golden_rewrites_a_stale_expectation(tmp_path: Path) -> None:
    """`pytest --update-golden` rewrites the files; a run without it then passes unchanged."""
    tests = tmp_path / "tests"
    shutil.copytree(GOLDEN, tests / "golden")
    for name in ("__init__.py", "conftest.py", "test_golden.py"):
        shutil.copy(GOLDEN.parent / name, tests / name)
    stale = _expected("tabs").relative_to(GOLDEN.parent.parent)
    (tmp_path / stale).write_text("what the code printed long ago\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def pytest_run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "tests/test_golden.py", "-k", "test_golden and tabs", *extra],
                              cwd=tmp_path, env=env, capture_output=True, text=True, check=False)

    assert pytest_run().returncode == 1
    assert pytest_run("--update-golden").returncode == 0
    assert (tmp_path / stale).read_text(encoding="utf-8") == \
        _expected("tabs").read_text(encoding="utf-8")
    assert pytest_run().returncode == 0
