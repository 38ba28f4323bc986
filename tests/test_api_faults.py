"""The service's own failures, in process: a ledger held by another program is a 503 to retry
(JM565), and a bug is a 500 whose body says only that (JM569), its traceback in the log."""

from __future__ import annotations

import functools
import logging
import shutil
import sqlite3
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette's TestClient says it will move to httpx2; it is still the in-process client.
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

import jointmeeting
from jointmeeting.api import create_app
from jointmeeting.runtime.access import Role, add_token
from jointmeeting.runtime.ledger import Ledger

from .conftest import ROOT


def _app(tmp_path: Path) -> tuple[TestClient, str, Path]:
    shutil.copytree(ROOT / "charters", tmp_path / "charters")
    charter = tmp_path / "charters" / "huilin.yaml"
    ledger = tmp_path / "ledger.sqlite3"
    with Ledger(ledger) as open_ledger:
        _, token = add_token(open_ledger, jointmeeting.load_charter(charter), Role.OFFICE, "o")
    client = TestClient(create_app(charter, ledger), raise_server_exceptions=False,
                        headers={"Authorization": f"Bearer {token}"})
    return client, token, ledger


def test_a_ledger_held_by_another_program_is_a_503(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("jointmeeting.api.app.Ledger", functools.partial(Ledger, timeout=0.3))
    client, _, ledger = _app(tmp_path)
    with client:
        blocker = sqlite3.connect(ledger, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another program writing, for longer than we wait
        try:
            response = client.post("/incidents", json={"rule": "major-case",
                                                       "reporter": "civil-affairs"})
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert response.status_code == 503
        assert response.json()["errors"][0]["code"] == "JM565"
        assert "locked by another program; try again" in response.json()["errors"][0]["message"]
        later = client.post("/incidents", json={"rule": "major-case", "reporter": "civil-affairs"})
        assert later.status_code == 201


def test_a_bug_is_a_500_without_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a bug in the service")

    monkeypatch.setattr("jointmeeting.api.charter.charter_json", broken)
    client, token, _ = _app(tmp_path)
    with client, caplog.at_level(logging.ERROR, logger="jointmeeting.api"):
        response = client.get("/charter")
    assert response.status_code == 500
    assert response.json() == {"errors": [{
        "code": "JM569", "message": "the service failed on this request; its log has the details",
        "path": None, "line": None, "col": None}]}
    assert "a bug in the service" in caplog.text and "Traceback" in caplog.text
    assert token not in caplog.text
