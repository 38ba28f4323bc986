"""`jointmeeting export`: the resolved charter as JSON, and as Popolo, read by their schemas."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

import jointmeeting
from jointmeeting.charter.model import Charter
from jointmeeting.cli import main
from jointmeeting.report.export import popolo

from .test_json_out import validate

ROOT = Path(__file__).parent.parent
SCHEMAS = ROOT / "schema"
CHARTERS = sorted(p for p in [*ROOT.glob("charters/*.yaml"), *ROOT.glob("examples/charters/*.yaml")])


def _schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((SCHEMAS / name).read_text("utf-8"))
    return loaded


def _export(path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["export", "--charter", str(path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    result: dict[str, object] = json.loads(out)
    validate(out, "charter" if fmt == "json" else "popolo")  # the envelope and the kind's schema
    assert result["jointmeeting"] == jointmeeting.__version__
    assert result["kind"] == ("charter" if fmt == "json" else "popolo")
    return result


@pytest.mark.parametrize("path", CHARTERS, ids=lambda p: p.stem)
def test_json_export_is_the_resolved_charter(path: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    data = _export(path, "json", capsys)["data"]
    jsonschema.validate(data, _schema("charter.schema.json"))
    # Read back, it is the same charter the library loads (templates merged, nothing lost).
    loaded = jointmeeting.load_charter(path)
    assert Charter.model_validate(data).model_dump() == loaded.model_dump()


@pytest.mark.parametrize("path", CHARTERS, ids=lambda p: p.stem)
def test_popolo_export(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _export(path, "popolo", capsys)["data"]
    assert isinstance(data, dict)
    jsonschema.validate(data, _schema("popolo.schema.json"))
    charter = jointmeeting.load_charter(path)

    ids = {kind: [item["id"] for item in data[kind]] for kind in data}
    for kind, found in ids.items():
        assert len(found) == len(set(found)), f"{kind} ids repeat"
    organizations, posts, persons = (set(ids[k]) for k in ("organizations", "posts", "persons"))
    assert {u.id for u in charter.units} | {charter.id} == organizations
    for organization in data["organizations"]:
        assert organization.get("parent_id", charter.id) in organizations
    for post in data["posts"]:
        assert post["organization_id"] in organizations
    for membership in data["memberships"]:
        assert membership["organization_id"] in organizations
        assert membership.get("on_behalf_of_id", charter.id) in organizations
        assert membership["post_id"] in posts
        if "person_id" in membership:  # a seat held by position only has no person
            assert membership["person_id"] in persons
        if "end_date" in membership:
            assert (dt.date.fromisoformat(membership["start_date"])
                    <= dt.date.fromisoformat(membership["end_date"]))
    # Every appointment of every member is a membership; no one is invented.
    appointments = sum(len(m.appointments()) for m in charter.members)
    named_posts = sum(1 for p in charter.posts if p.held_by.name is not None)
    assert len(data["memberships"]) == appointments + named_posts
    names = {m.name for m in charter.members if m.name is not None} | {
        p.held_by.name for p in charter.posts if p.held_by.name is not None}
    assert {p["name"] for p in data["persons"]} == names


def test_popolo_end_date_is_the_last_day_held() -> None:
    """The charter's ``until`` is the first day a membership no longer holds; Popolo's
    ``end_date`` is the last day it did."""
    charter = jointmeeting.load_charter(ROOT / "charters" / "huilin.yaml")
    first = charter.members[0]
    ended = first.model_copy(update={"until": dt.date(2026, 3, 1)})
    successor = first.model_copy(update={"name": "接任者", "since": dt.date(2026, 3, 1)})
    changed = charter.model_copy(update={"members": [ended, successor, *charter.members[1:]]})
    rows = [r for r in popolo(changed)["memberships"]
            if r.get("on_behalf_of_id") == first.unit and r.get("post_id") == f"seat-{first.unit}"]
    assert [(r["start_date"], r.get("end_date")) for r in rows] == [
        (first.since.isoformat(), "2026-02-28"), ("2026-03-01", None)]


def test_export_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "hulin.json"
    assert main(["export", "--charter", str(ROOT / "charters" / "huilin.yaml"), "-o",
                 str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["data"]["title"] == "虎林市妇女儿童工作联席会议制度"
