"""Bad charter files and the exact diagnostics each must produce (one pass, all at once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jointmeeting import parse
from jointmeeting.cli import main

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.yaml"))


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
                ) -> None:
    monkeypatch.chdir(GOLDEN.parent.parent)
    path = os.path.join("tests", "golden", f"{name}.yaml")
    code = main(["check", "--on", "2025-07-01", path])
    out = capsys.readouterr().out
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
