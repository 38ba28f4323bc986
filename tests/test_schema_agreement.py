"""One schema: `schema/charter.schema.json` says what the model says. Each one-change file,
derived from a valid charter, gets the same verdict from `jointmeeting check` and from
check-jsonschema (the editor's reader of the schema), in both directions."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from jointmeeting import report
from jointmeeting.cli import main

from .conftest import MINIMAL, ROOT

SCHEMA = ROOT / "schema" / "charter.schema.json"
COUNTY = ROOT / "examples" / "charters" / "county-from-template.yaml"
Data = dict[str, Any]


def setter(*path: str | int, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        *parents, last = path
        node: Any = data
        for key in parents:
            node = node[key]
        node[last] = value
    return change


def deleter(*path: str | int) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        *parents, last = path
        node: Any = data
        for key in parents:
            node = node[key]
        del node[last]
    return change


WITHIN = ("reporting", 0, "steps", 0, "within")
MIN = ("meetings", 0, "per_year", "min")
UNIT_NAME = ("units", 0, "name")

#: name -> (change to examples/minimal.yaml, whether the model accepts it).
CHANGES: dict[str, tuple[Callable[[Data], None], bool]] = {
    "unchanged": (lambda data: None, True),
    "id-uppercase": (setter("units", 1, "id", value="Womens-Federation"), False),
    "id-space": (setter("id", value="example township"), False),
    "id-leading-hyphen": (setter("units", 1, "id", value="-womens"), False),
    "id-chinese": (setter("duties", 1, "id", value="妇联-1"), False),
    "id-number": (setter("duties", 1, "id", value=5), False),
    "deadline-24h": (setter(*WITHIN, value="24h"), False),
    "deadline-P1M": (setter(*WITHIN, value="P1M"), False),
    "deadline-PT": (setter(*WITHIN, value="PT"), False),
    "deadline-soon": (setter(*WITHIN, value="soon"), False),
    "deadline-immediately": (setter(*WITHIN, value="immediately"), True),
    "deadline-P1DT12H": (setter(*WITHIN, value="P1DT12H"), True),
    "timezone-mars": (setter("timezone", value="Mars/Olympus"), False),
    "timezone-berlin": (setter("timezone", value="Europe/Berlin"), True),
    "name-empty": (setter(*UNIT_NAME, value=""), False),
    "name-blank": (setter(*UNIT_NAME, value="\u3000 "), False),
    "name-zero-width": (setter(*UNIT_NAME, value="\u200b"), False),
    "name-zero-width-inside": (setter(*UNIT_NAME, value="镇民\u200b政办"), False),
    "name-bidi": (setter(*UNIT_NAME, value="镇\u202e民政办"), False),
    "name-control": (setter("posts", 0, "title", value="召集\u0007人"), False),
    "name-padded": (setter(*UNIT_NAME, value="镇 民政办"), True),  # normalised, a warning
    "alias-empty": (setter("units", 0, "aliases", value=["民政办", ""]), False),
    "min-1.0": (setter(*MIN, value=1.0), True),
    "min-1.5": (setter(*MIN, value=1.5), False),
    "min-negative": (setter(*MIN, value=-1), False),
    "min-string": (setter(*MIN, value="1"), False),
    "min-bool": (setter(*MIN, value=True), False),
    "min-zero": (setter(*MIN, value=0), True),
    "format-2": (setter("format", value=2), False),
    "kind-unknown": (setter("units", 0, "kind", value="ministry"), False),
    "role-unknown": (setter("duties", 0, "role", value="leads"), False),
    "unknown-key": (setter("units", 0, "colour", value="red"), False),
    "date-not-real": (setter("source", "issued", value="2025-02-30"), False),
    "date-slashes": (setter("source", "issued", value="2025/01/15"), False),
    "text-empty": (setter("duties", 0, "text", value=""), False),
    "missing-office": (deleter("office"), False),
    "no-steps": (setter("reporting", 0, "steps", value=[]), False),
    "report-kind-unknown": (setter("reporting", 0, "kind", value="urgent"), False),
    "areas-not-a-list": (setter("duties", 0, "areas", value="children.welfare"), False),
    "cadence-hours": (setter("reporting", 0, "cadence", value="PT1H"), False),
    "cadence-month": (setter("reporting", 0, "cadence", value="P1M"), True),
    "bool-as-word": (setter("succession", value={
        "text": "由所在单位提出。", "proposed_by": "unit", "filed_with": "office",
        "new_document": "no", "source": "一（二）/1"}), False),
    "escalation-without-source": (setter("escalation", value={
        "chain": ["office", "convener"], "after": "PT4H", "assumption": "通知未规定。"}), True),
    "escalation-empty-chain": (setter("escalation", value={"chain": [], "after": "PT4H"}),
                               False),
    "remove-without-extends": (setter("remove", value={"units": []}), False),
}

#: Overlays of examples/minimal.yaml: name -> (the overlay's own keys, whether the model accepts).
OVERLAYS: dict[str, tuple[Data, bool]] = {
    "overlay-title": ({"title": "示例乡妇女儿童工作联席会议制度"}, True),
    "overlay-remove-nothing": ({"remove": {"units": []}}, True),
    "overlay-replaces-a-unit": ({"units": [{"id": "civil-affairs", "name": "乡民政所",
                                            "kind": "government", "source": "四"}]}, True),
    "overlay-bad-deadline": ({"reporting": [{
        "id": "major-case", "name": "重大案件报告", "kind": "event", "text": "报告。",
        "reporters": ["members"], "steps": [{"to": "office", "action": "报告", "within": "1d"}],
        "source": "二（二）/1"}]}, False),
    "overlay-unknown-key": ({"colour": "red"}, False),
    "overlay-empty-extends": ({"extends": ""}, False),
    "overlay-remove-unknown-list": ({"remove": {"unit": ["civil-affairs"]}}, False),
    "overlay-remove-bad-id": ({"remove": {"units": ["Civil Affairs"]}}, False),
    "overlay-remove-not-a-list": ({"remove": {"units": "civil-affairs"}}, False),
    "overlay-remove-null": ({"remove": None}, False),
}


def write(path: Path, data: Data) -> None:
    yaml = YAML()
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bool]]:
    folder = tmp_path_factory.mktemp("one-change")
    base = YAML().load(MINIMAL.read_text(encoding="utf-8"))
    made: dict[str, tuple[Path, bool]] = {}
    for name, (change, accepted) in CHANGES.items():
        data = copy.deepcopy(base)
        change(data)
        write(folder / f"{name}.yaml", data)
        made[name] = (folder / f"{name}.yaml", accepted)
    shutil.copy(MINIMAL, folder / "base.yaml")
    for name, (own, accepted) in OVERLAYS.items():
        write(folder / f"{name}.yaml", {"extends": "base.yaml", **own})
        made[name] = (folder / f"{name}.yaml", accepted)
    made["county-from-template"] = (COUNTY, True)
    return made


def schema_verdicts(paths: list[Path]) -> dict[str, bool]:
    tool = shutil.which("check-jsonschema") or os.path.join(os.path.dirname(sys.executable),
                                                             "check-jsonschema")
    done = subprocess.run([tool, "--schemafile", str(SCHEMA), "-o", "json", *map(str, paths)],
                          capture_output=True, text=True, timeout=300, check=False)
    result = json.loads(done.stdout)
    refused = {e["filename"] for e in [*result["errors"], *result.get("parse_errors", [])]}
    return {str(p): str(p) not in refused for p in paths}


def test_check_and_the_schema_agree_on_every_one_change_file(
        cases: dict[str, tuple[Path, bool]], capsys: pytest.CaptureFixture[str]) -> None:
    assert len(cases) >= 30
    by_schema = schema_verdicts([path for path, _ in cases.values()])
    disagree = []
    for name, (path, expected) in cases.items():
        by_check = main(["check", "--errors-only", str(path)]) == 0
        capsys.readouterr()
        assert by_check is expected, f"{name}: check says {by_check}"
        if by_schema[str(path)] is not by_check:
            disagree.append(f"{name}: check {by_check}, schema {by_schema[str(path)]}")
    assert disagree == []
    verdicts = [accepted for _, accepted in cases.values()]
    assert verdicts.count(True) >= 10 and verdicts.count(False) >= 30  # both directions


def test_every_property_has_a_description() -> None:
    schema = json.loads(report.json_schema())
    missing: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if not value.get("description"):
                    missing.append(f"{where}.{key}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    walk(schema, "")
    assert missing == []
    assert schema["$defs"]["Escalation"]["required"] == ["chain", "after"]


def test_a_bad_remove_is_named_where_it_stands(tmp_path: Path) -> None:
    shutil.copy(MINIMAL, tmp_path / "base.yaml")
    overlay = tmp_path / "county.yaml"
    overlay.write_text("extends: base.yaml\nremove:\n  unit: [x]\n  units: [Bad Id]\n",
                       encoding="utf-8")
    from jointmeeting import CharterError, load_charter

    with pytest.raises(CharterError) as caught:
        load_charter(overlay)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{overlay}:3:3: JM201 unknown key 'unit' in remove (lists: assumptions, units, posts, "
        "parties, duties, responsibilities, meetings, reporting, requirements)",
        f"{overlay}:4:11: JM208 remove.units: the template has no units item 'Bad Id'"]
