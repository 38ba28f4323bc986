"""The contacts file: kept apart from the charter, checked against it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter.contacts import load_contacts
from jointmeeting.cli import main

from .conftest import MINIMAL

CONTACTS = """\
format: 1
recipients:
  office: [{via: email, to: office@example.cn}]
  womens-federation: [{via: webhook, secret_env: JOINTMEETING_WEBHOOK_FULIAN}]
people:
  张三: [{via: console}]
"""


@pytest.fixture
def town(tmp_path: Path) -> Path:
    shutil.copy(MINIMAL, tmp_path / "town.yaml")
    return tmp_path / "town.yaml"


def test_a_reachable_table_checks_clean(town: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (town.parent / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    contacts = load_contacts(town.parent / "contacts.yaml")
    assert contacts.channels("office")[0].to == "office@example.cn"
    assert jointmeeting.check(jointmeeting.load_charter(town), contacts=contacts) == []
    assert main(["check", str(town)]) == 0  # contacts.yaml beside the charter is found


def test_an_unreachable_representative_and_an_unknown_recipient(
        town: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = CONTACTS.replace("  张三: [{via: console}]\n", "  李四: [{via: console}]\n")
    text = text.replace("  office:", "  county-office: [{via: console}]\n  office:")
    (town.parent / "contacts.yaml").write_text(text, encoding="utf-8")
    assert main(["check", "--on", "2025-07-01", str(town)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{town.parent / 'contacts.yaml'}:3:3: JM318 contacts name 'county-office', which is no "
        "unit, post, party or the office of the charter",
        f"{town}:21:9: JM317 张三, representative of civil-affairs (镇民政办), has no channel in "
        "the contacts file",
    ]


def test_secrets_are_named_never_written(town: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = CONTACTS.replace("secret_env: JOINTMEETING_WEBHOOK_FULIAN",
                           'secret_env: "https://oapi.example/robot?access_token=s3cr3t"')
    (town.parent / "contacts.yaml").write_text(bad, encoding="utf-8")
    assert main(["check", str(town)]) == 1
    out, err = capsys.readouterr()
    assert "JM204" in out and "must name an environment variable" in out
    assert "s3cr3t" not in out + err
