"""Hypothesis drives the project's fuzzing in CI: hostile charters, overlays (extends/remove),
contacts, year records and notices give the library's own errors with positioned findings,
never an uncaught exception, and a charter that `check` accepts runs through the renderers and
the router. Seeded (derandomize) and bounded, so CI sees the same inputs every run; the long
run is ``python -m tests.fuzz.run`` (see tests/fuzz/run.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jointmeeting

from .conftest import HULIN
from .fuzz.cases import KINDS, Kind, Workspace
from .fuzz.run import main as long_run

#: Inputs per kind in CI: about 15 s of CPU in all (under a minute on a busy two-core machine).
EXAMPLES = {"charter": 500, "overlay": 300, "contacts": 120, "records": 120, "notice": 120}


@pytest.fixture(scope="module")
def space() -> Iterator[Workspace]:
    import shutil

    made = Workspace.create()
    try:
        yield made
    finally:
        shutil.rmtree(made.folder)


@pytest.fixture(scope="module")
def hulin_charter() -> jointmeeting.Charter:
    return jointmeeting.load_charter(HULIN)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_hostile_inputs_give_findings_never_exceptions(kind: Kind, space: Workspace,
                                                      hulin_charter: jointmeeting.Charter
                                                      ) -> None:
    @settings(max_examples=EXAMPLES[kind.name], derandomize=True, deadline=None,
              database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.randoms(use_true_random=False))
    def feed(rng: random.Random) -> None:
        kind.run(rng, space, hulin_charter)

    feed()


def test_the_long_run_counts_and_replays(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    import json

    assert long_run(["--count", "30", "--seconds", "60", "--out", str(tmp_path),
                     "--memory-mb", "0"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tried"] == 30 and summary["failed"] == 0
    assert long_run(["--replay", "7", "--memory-mb", "0"]) == 0
