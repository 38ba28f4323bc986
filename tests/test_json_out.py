"""Every command that prints a result says it as JSON in the one envelope (issue 14, point 4):
each is run with ``--format json`` on Hulin and on the charters of other shapes, and its output
is validated against ``schema/envelope.schema.json`` and its kind's schema with jsonschema."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.report.envelope import KINDS

from .conftest import HULIN, ROOT

SCHEMAS = ROOT / "schema"
EXAMPLES = sorted((ROOT / "examples" / "charters").glob("*.yaml"))
#: Kinds only the HTTP service gives; tests/test_api.py validates them the same way.
SERVICE = {"audit", "incident", "incidents", "ping", "units"}
SCENARIOS = {HULIN.name: ROOT / "tests" / "scenarios" / "hulin.yaml",
             "dongfang-town-left-behind.yaml": ROOT / "tests" / "scenarios" / "dongfang.yaml"}


def _registry() -> Registry:
    registry: Registry = Registry()
    for path in SCHEMAS.rglob("*.schema.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents)
        registry = registry.with_resource(path.as_uri(), resource)
        if "$id" in contents:
            registry = registry.with_resource(contents["$id"], resource)
    return registry


REGISTRY = _registry()
ENVELOPE = {**json.loads((SCHEMAS / "envelope.schema.json").read_text(encoding="utf-8")),
            "$id": (SCHEMAS / "envelope.schema.json").as_uri()}


def validate(text: str, kind: str) -> Any:
    """The output parsed, after checking it against the envelope and its kind's schema."""
    document = json.loads(text)
    jsonschema.Draft202012Validator(
        ENVELOPE, registry=REGISTRY, format_checker=jsonschema.FormatChecker(),
    ).validate(document)
    assert document["kind"] == kind
    assert document["jointmeeting"] == jointmeeting.__version__
    return document["data"]


class Runner:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.kinds: set[str] = set()

    def __call__(self, kind: str, *args: str, codes: tuple[int, ...] = (0,)) -> Any:
        code = main([*args] if "--format" in args else [*args, "--format", "json"])
        out, err = self.capsys.readouterr()
        assert code in codes, (args, out, err)
        self.kinds.add(kind)
        return validate(out, kind)


def _a_case(charter: jointmeeting.Charter) -> tuple[str, str]:
    """A reporting rule and a reporter it routes, whatever the charter's shape."""
    from jointmeeting.charter.model import NameLookupError
    from jointmeeting.runtime.plan import PlanError, Report, plan

    at = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)
    for rule in charter.reporting:
        for reporter in [*rule.reporters, *(u.id for u in charter.units)]:
            try:
                plan(charter, Report(rule.id, reporter, at))
            except (PlanError, NameLookupError):
                continue
            return rule.id, reporter
    raise AssertionError(f"{charter.id} routes no case")


def _every_command(run: Runner, charter: Path, tmp_path: Path) -> None:
    """Every result-printing command on one charter, its ledger in tmp_path (nothing here
    writes to the charter)."""
    path = str(charter)
    ledger = ["--ledger", str(tmp_path / "ledger.sqlite3")]
    loaded = jointmeeting.load_charter(charter)
    unit = loaded.units[0]
    on = ["--on", "2025-07-01"]
    run("diagnostics", "check", *on, path, codes=(0, 1))
    summary = run("summary", "show", "--charter", path, *on)
    assert [u["id"] for u in summary["units"]] == [u.id for u in loaded.units]
    run("areas", "show", "--areas", "--charter", path)
    found = run("who", "who", unit.name, "--charter", path)
    assert unit.id in [u["unit"] for u in found]
    assert run("duties", "duties", unit.id, "--charter", path)["unit"]["name"] == unit.name
    assert run("impact", "impact", unit.id, "--charter", path)["unit"]["id"] == unit.id
    run("coverage", "coverage", "--charter", path)
    graph = run("graph", "graph", "--charter", path)
    keys = {n["key"] for n in graph["nodes"]}
    assert all(e["source"] in keys and e["target"] in keys for e in graph["edges"])
    assert run("diff", "diff", path, path) == []
    rule, reporter = _a_case(loaded)
    at = ["--at", "2025-07-01T09:00+08:00"]
    made = run("plan", "route", "--charter", path, "--kind", rule, "--from", reporter, *at)
    assert made["rule"] == rule and made["steps"]
    if charter.name in SCENARIOS:
        tested = run("scenarios", "route", "--charter", path, "--test",
                     str(SCENARIOS[charter.name]))
        assert tested["failed"] == 0 and tested["passed"] == len(tested["scenarios"]) > 0
    assert run("roster", "roster", "show", "--charter", path, "--at", "2025-07-01")["units"]
    assert run("history", "roster", "show", "--charter", path, "--unit", unit.id)["unit"][
        "id"] == unit.id
    opened = run("plan", "incident", "open", "--charter", path, "--kind", rule, "--from",
                 reporter, *at, *ledger)
    incident = str(opened["incident"])
    status = run("steps", "incident", "status", incident, "--charter", path, *ledger)
    assert len(status["steps"]) == len(opened["steps"])
    run("dispatch", "dispatch", "--once", "--charter", path, *ledger)
    first = str(status["steps"][0]["id"])
    acked = run("ack", "ack", first, "--charter", path, *ledger)
    assert acked["step"]["id"] == int(first) and acked["acknowledged_at"]
    events = run("timeline", "timeline", incident, "--charter", path, *ledger)
    assert events[0]["event"] == "opened" and "acknowledged" in [e["event"] for e in events]
    proposed = run("proposal", "roster", "propose", unit.id, "--name", "王五", "--position",
                   "副主任", "--effective", "2025-08-01", "--charter", path, *ledger)
    number = str(proposed["id"])
    proposals = run("proposals", "roster", "proposals", "--charter", path, *ledger)
    assert [(p["unit"], p["name"]) for p in proposals] == [(unit.id, "王五")]
    if loaded.succession is not None:  # a dry run shows the change; the charter is untouched
        dry = run("proposal", "roster", "file", number, "--dry-run", "--charter", path, *ledger)
        assert "王五" in dry["patch"] and dry["filing"] is None
    withdrawn = run("proposal", "roster", "withdraw", number, "--charter", path, *ledger)
    assert withdrawn["withdrawn"] is True
    if charter == HULIN:
        records = run("records", "records", "import", str(ROOT / "examples" / "records" /
                                                          "hulin-2025.yaml"),
                      "--charter", path, *ledger)
        assert records["year"] == 2025 and records["records"] > 0
    run("calendar", "calendar", "--charter", path, "--year", "2025", "-o",
        str(tmp_path / "year.ics"), *ledger)
    site = run("site", "site", "--charter", path, "-o", str(tmp_path / "site"), *on)
    assert "index.html" in site["pages"]
    made = run("token", "token", "add", "--role", "member", "--unit", unit.id, "--label", "测试",
               "--charter", path, *ledger)
    assert made["secret"] and made["unit"] == unit.id
    listed = run("tokens", "token", "list", "--charter", path, *ledger)
    assert [t["id"] for t in listed] == [made["id"]] and "secret" not in listed[0]
    assert run("token", "token", "revoke", str(made["id"]), "--charter", path, *ledger)[
        "revoked_at"]
    review = run("review", "review", "--charter", path, "--year", "2025", "--today",
                 "2025-12-31", *ledger, codes=(0, 1))
    assert review["year"] == 2025
    run("charter", "export", "--charter", path)
    run("popolo", "export", "--charter", path, "--format", "popolo")


@pytest.mark.parametrize("charter", [HULIN, *EXAMPLES], ids=lambda p: p.name)
def test_every_command_prints_json_its_schema_accepts(
        charter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = Runner(capsys)
    _every_command(run, charter, tmp_path)
    run("plugins", "plugins", codes=(0, 1))
    made = run("init", "init", str(tmp_path / "county"), "--on", "2025-06-01")
    assert "charters/charter.yaml" in made["files"]
    # Every kind on Hulin; on the others, all but those needing a file only Hulin has here
    # (its year's records; a file of scenarios, which the township has too).
    missing = set() if charter == HULIN else {"records"} | (
        set() if charter.name in SCENARIOS else {"scenarios"})
    missing |= SERVICE | {"refs", "draft"}  # the service's own kinds: tests/test_api.py
    assert run.kinds == set(KINDS) - missing


def test_a_filing_in_json_mode_says_what_the_charter_says_after_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.copytree(HULIN.parent, tmp_path / "charters")
    path = str(tmp_path / "charters" / HULIN.name)
    ledger = ["--ledger", str(tmp_path / "ledger.sqlite3")]
    run = Runner(capsys)
    proposed = run("proposal", "roster", "propose", "市民政局", "--name", "钱七", "--position",
                   "副局长", "--effective", "2025-08-01", "--charter", path, *ledger)
    filed = run("proposal", "roster", "file", str(proposed["id"]), "--date",
                "2025-07-20", "--charter", path, *ledger)
    assert filed["filing"] and filed["written"] is True and filed["findings"] == []
    assert "钱七" in Path(path).read_text(encoding="utf-8")


def test_the_envelope_lists_every_kind_with_a_schema_that_describes_each_property() -> None:
    envelope = json.loads((SCHEMAS / "envelope.schema.json").read_text(encoding="utf-8"))
    assert envelope["properties"]["kind"]["enum"] == sorted(KINDS)
    assert [c["if"]["properties"]["kind"]["const"] for c in envelope["allOf"]] == sorted(KINDS)
    assert {p.name.removesuffix(".schema.json") for p in (SCHEMAS / "kinds").glob("*.json")} \
        == set(KINDS)

    def undescribed(node: Any, where: str) -> Iterator[str]:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub:
                    yield f"{where}.{name}"
            for key, sub in node.items():
                yield from undescribed(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                yield from undescribed(sub, f"{where}[{i}]")

    for path in (SCHEMAS / "kinds").glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert "description" in schema, path.name
        assert list(undescribed(schema, path.name)) == []


def test_a_command_that_fails_in_json_mode_says_so_as_diagnostics_on_stdout(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\nunits: [\n", encoding="utf-8")
    cases = [
        (["duties", "x", "--charter", str(broken)], 1, "JM103"),        # a broken charter
        (["duties", "no-such-unit", "--charter", str(HULIN)], 2, "JM590"),  # a bad argument
        (["who", "x", "--charter", str(HULIN), "--bogus"], 2, "JM590"),  # a bad option
        (["incident", "status", "99", "--charter", str(HULIN), "--ledger",  # no such incident
          str(tmp_path / "l.sqlite3")], 1, "JM591"),
        (["show", "--charter", str(tmp_path / "missing.yaml")], 1, "JM100"),
    ]
    for args, code, expected in cases:
        assert main([*args, "--format", "json"]) == code, args
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        findings = validate(out, "diagnostics")
        assert expected in [f["code"] for f in findings], (args, findings)


def test_an_internal_error_in_json_mode_is_still_json_on_stdout(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from jointmeeting.report import data

    def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(data, "area_list", broken)
    assert main(["show", "--areas", "--charter", str(HULIN), "--format", "json"]) == 3
    out, err = capsys.readouterr()
    assert [f["code"] for f in validate(out, "diagnostics")] == ["JM599"]
    assert "RuntimeError: a bug" in err  # the traceback for the report, on stderr


def test_docs_json_md_is_generated_from_the_schemas_and_fresh() -> None:
    from .json_docs import render

    text = render()
    assert (ROOT / "docs" / "json.md").read_text(encoding="utf-8") == text, \
        "run: python tests/json_docs.py > docs/json.md"
    for kind in KINDS:
        assert f"## `{kind}`" in text


def test_notice_refs_and_draft_print_json_their_schemas_accept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = Runner(capsys)
    notice = ROOT / "charters" / "sources" / "hulin-2025-notice.txt"
    refs = run("refs", "notice", "refs", str(notice))
    assert refs[0]["line"] == 1 and all(r["text"] for r in refs)
    out = tmp_path / "drafted.yaml"
    drafted = run("draft", "draft", str(notice), "-o", str(out), codes=(0, 1))
    assert drafted["charter"] == out.read_text(encoding="utf-8") and drafted["review"]
    changed = run("diff", "draft", "--update", str(HULIN), str(notice), "-o",
                  str(tmp_path / "revised.yaml"))
    assert isinstance(changed, list)
