from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

import jointmeeting

ROOT = Path(__file__).resolve().parent.parent
# The repository's county example extends the shared template in charters/templates, and tests
# point copies of Hulin's charter at its notice in charters/sources: both outside the charter's
# own folder, so the suite allows charters/, as a county's CI would with --allow-outside.
os.environ.setdefault("JOINTMEETING_ALLOW_OUTSIDE", str(ROOT / "charters"))
HULIN = ROOT / "charters" / "huilin.yaml"
MINIMAL = ROOT / "examples" / "minimal.yaml"
#: Every charter file in the repository (year records and scenarios live elsewhere).
CHARTERS = sorted([*ROOT.glob("charters/*.yaml"), *ROOT.glob("examples/*.yaml"),
                   *ROOT.glob("examples/charters/*.yaml")])


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden .expected files with what the code prints now "
                     "(then read the diff before committing it)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def hulin() -> jointmeeting.Charter:
    return jointmeeting.load_charter(HULIN)


@pytest.fixture(scope="session")
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def kill_at_random(command: list[str], rng: random.Random, within: float = 0.25) -> None:
    """Start a child that prints "ready" once it is set up, then SIGKILL it at a random moment
    of its work. Timing from "ready" rather than from the start keeps the kills inside the work
    however slow the machine's start-up is."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    assert child.stdout is not None
    child.stdout.readline()  # "ready", or "" if it died first
    time.sleep(rng.uniform(0, within))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
