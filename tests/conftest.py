from __future__ import annotations

from pathlib import Path

import pytest

import jointmeeting

ROOT = Path(__file__).resolve().parent.parent
HULIN = ROOT / "charters" / "huilin.yaml"
MINIMAL = ROOT / "examples" / "minimal.yaml"
#: Every charter file in the repository (year records and scenarios live elsewhere).
CHARTERS = sorted([*ROOT.glob("charters/*.yaml"), *ROOT.glob("examples/*.yaml"),
                   *ROOT.glob("examples/charters/*.yaml")])


@pytest.fixture(scope="session")
def hulin() -> jointmeeting.Charter:
    return jointmeeting.load_charter(HULIN)


@pytest.fixture(scope="session")
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")
