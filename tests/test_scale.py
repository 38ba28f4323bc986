"""Scale: inputs built to hold the machine finish under a resource limit with a clear report;
lookups are indexed once and give what a scan gives; start-up imports only what it uses."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType

import pytest

import jointmeeting
from jointmeeting.errors import capped, total
from jointmeeting.graph.responsibility import ResponsibilityGraph
from jointmeeting.runtime import plan as planning
from jointmeeting.runtime.senders import Senders

from .conftest import CHARTERS, HULIN, ROOT


def _generators() -> ModuleType:
    """bench/scale_charters.py: the benchmark's generators, so both build the same files."""
    spec = importlib.util.spec_from_file_location("scale_charters",
                                                  ROOT / "bench" / "scale_charters.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generators()

#: Address space and CPU seconds for one run of the command line on a hostile input.
MEMORY = 1536 * 2**20
CPU_SECONDS = 60


def _limited(memory: int = MEMORY) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_limited(*args: str, memory: int = MEMORY) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "jointmeeting", *args], capture_output=True,
                          text=True, preexec_fn=functools.partial(_limited, memory), env=env,
                          timeout=300, check=False)


@pytest.mark.slow
def test_dense_routes_give_one_cycle_per_component_under_a_limit(tmp_path: Path) -> None:
    path = gen.write(tmp_path / "dense.yaml", gen.dense_routes(12))
    result = run_limited("check", "--on", "2025-06-01", str(path))
    assert result.returncode == 1, result.stderr
    cycles = [line for line in result.stdout.splitlines() if " JM314 " in line]
    assert cycles == [f"{path}:62:5: JM314 reporting routes form a cycle: "
                      "unit-0 → unit-1 → unit-0"]


@pytest.mark.slow
def test_a_million_findings_print_a_readable_report_under_a_limit(tmp_path: Path) -> None:
    path = gen.write(tmp_path / "faults.yaml", gen.million_findings(1_000_000))
    result = run_limited("check", "--on", "2025-06-01", str(path))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 101
    assert all(" JM301 duty bad: support names unit 'x'" in line for line in lines[:100])
    assert lines[0].startswith(f"{path}:31:")
    assert lines[-1] == f"{path}: JM301 … and 999,900 more JM301 findings"
    assert "1 charter(s): 1000000 error(s), 0 warning(s)" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(("where", "first", "message"), [
    ("support", "31:40", "duties[0].support[0]: Input should be a valid string (got int 7)"),
    ("units", "23:5", "units[0]: Input should be a valid dictionary or instance of Unit "
     "(got int 7)")])
def test_a_million_wrong_type_values_give_a_capped_report_in_little_memory(
        tmp_path: Path, where: str, first: str, message: str) -> None:
    # Validated whole, this file made a million pydantic errors first: 1.5 GB of memory.
    path = gen.write(tmp_path / "wrong.yaml", gen.million_wrong_types(1_000_000, where=where))
    result = run_limited("check", "--on", "2025-06-01", str(path), memory=512 * 2**20)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 101 and lines[0] == f"{path}:{first}: JM203 {message}"
    assert all(" JM203 " in line and line.startswith(f"{path}:") for line in lines[:100])
    assert lines[-1] == f"{path}: JM203 … and 999,900 more JM203 findings"
    assert "1 charter(s): 1000000 error(s), 0 warning(s)" in result.stderr


def test_a_large_file_is_validated_in_pieces_as_one_validation_would(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from jointmeeting.charter import pieces

    def loaded(text: str) -> object:
        try:
            charter = jointmeeting.charter_from_text(text, "t.yaml")
        except jointmeeting.CharterError as exc:
            return [str(d) for d in exc.diagnostics]
        return charter.model_dump(), [str(d) for d in charter.load_findings]

    county = gen.county(300)
    texts = [county, county.replace("name: 第7单位", "name: 第７单位"),  # a name normalised
             county.replace("role: owns", "role: 7").replace("aliases: [第1局]", "aliases: 1"),
             county.replace("steps: [{to: unit-0, action: 报送}", "steps: [{to: 9, action: 报送}"),
             gen.million_wrong_types(250), gen.million_wrong_types(250, where="units")]
    whole = [loaded(text) for text in texts]
    assert isinstance(whole[0], tuple) and whole[1][1]  # type: ignore[index]
    assert whole[2][-1] == "t.yaml: JM203 … and 741 more JM203 findings"  # type: ignore[index]
    for piece in (7, 50, 1000):  # pieces cut through units, duties and one item's list
        monkeypatch.setattr(pieces, "PIECE", piece)
        assert [loaded(text) for text in texts] == whole


def test_a_deeply_aliased_records_file_is_refused_under_a_limit(tmp_path: Path) -> None:
    levels = [f"l0: &l0 [{', '.join(['x'] * 10)}]"]
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 12)]
    path = tmp_path / "records.yaml"
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    result = run_limited("records", "import", str(path), "--charter", str(HULIN),
                         "--ledger", str(tmp_path / "ledger.sqlite3"))
    assert result.returncode == 1, result.stderr
    assert " JM107 " in result.stderr and "Traceback" not in result.stderr


def test_findings_are_capped_per_code(tmp_path: Path) -> None:
    charter = jointmeeting.charter_from_text(gen.million_findings(250), "faults.yaml")
    found = jointmeeting.check(charter, today=dt.date(2025, 6, 1), limit=30)
    assert [d.code for d in found] == ["JM301"] * 31
    assert all(d.position is not None for d in found[:30])
    assert found[-1].omitted == 220 and found[-1].position is None
    assert str(found[-1]) == "faults.yaml: JM301 … and 220 more JM301 findings"
    assert total(found) == 250
    assert len(jointmeeting.check(charter, today=dt.date(2025, 6, 1), limit=None)) == 250
    # The same cap holds for a file that does not load: its summary comes after its findings.
    bad = gen.million_findings(150).replace("support: [x,", "support: [1,").replace(",x", ",2")
    with pytest.raises(jointmeeting.CharterError) as caught:
        jointmeeting.charter_from_text(bad, "bad.yaml")
    codes = [d.code for d in caught.value.diagnostics]
    assert codes == ["JM203"] * 101 and total(caught.value.diagnostics) == 150
    assert caught.value.diagnostics[-1].message == "… and 50 more JM203 findings"
    assert capped([], 3) == []


def test_each_strongly_connected_part_of_the_routes_is_one_finding() -> None:
    text = gen.county(30)
    # Two separate loops: unit-5 <-> unit-6, and unit-20 -> unit-21 -> unit-22 -> unit-20.
    text = text.replace("reporters: [unit-5], steps: [{to: unit-0,",
                        "reporters: [unit-5], steps: [{to: unit-6,")
    text = text.replace("reporters: [unit-6], steps: [{to: unit-0,",
                        "reporters: [unit-6], steps: [{to: unit-5,")
    for a, b in ((20, 21), (21, 22), (22, 20)):
        text = text.replace(f"reporters: [unit-{a}], steps: [{{to: unit-{(a - 1) // 10},",
                            f"reporters: [unit-{a}], steps: [{{to: unit-{b},")
    charter = jointmeeting.charter_from_text(text, "loops.yaml")
    cycles = [d.message for d in jointmeeting.check(charter, today=dt.date(2025, 6, 1))
              if d.code == "JM314"]
    assert sorted(cycles) == [
        "reporting routes form a cycle: unit-20 → unit-21 → unit-22 → unit-20",
        "reporting routes form a cycle: unit-5 → unit-6 → unit-5"]
    graph = ResponsibilityGraph.from_charter(charter)
    assert [[n.id for n in c] for c in graph.reporting_cycles()] == [
        ["unit-20", "unit-21", "unit-22"], ["unit-5", "unit-6"]]


def test_reaching_the_office_takes_many_hops() -> None:
    # No rule takes every member straight to the office: each unit reaches it only up the tree.
    text = gen.county(200).replace("reporters: [members], steps: [{to: office",
                                   "reporters: [schools], steps: [{to: office")
    text = text.replace(", {to: office, action: 抄送}", "")
    charter = jointmeeting.charter_from_text(text, "tree.yaml")
    found = jointmeeting.check(charter, today=dt.date(2025, 6, 1))
    assert not [d for d in found if d.code == "JM316"]
    broken = text.replace("reporters: [unit-3], steps: [{to: unit-0,",
                          "reporters: [unit-3], steps: [{to: police,")
    charter = jointmeeting.charter_from_text(broken, "tree.yaml")
    missing = {d.message.split()[1] for d in jointmeeting.check(charter, today=dt.date(2025, 6, 1))
               if d.code == "JM316"}
    # unit-3 and everything under it (children 31-40, their children 311-...) lose the route.
    assert {"unit-3", "unit-31", "unit-40"} <= missing and "unit-4" not in missing
    assert "unit-41" not in missing


@pytest.mark.parametrize("path", CHARTERS, ids=lambda p: p.name)
def test_indexed_lookups_give_what_a_scan_gives(path: Path) -> None:
    try:
        charter = jointmeeting.load_charter(path)
    except jointmeeting.CharterError:
        pytest.skip("a template, not a charter")
    days = sorted({m.since for m in charter.members if m.since} | {dt.date(2020, 1, 1),
                                                        dt.date(2031, 1, 1)})
    for unit in charter.units:
        assert charter.duties_of(unit) == [d for d in charter.duties if unit.id in d.owners()]
        assert charter.members_of(unit) == [
            m for m in charter.members if unit.id in {m.unit, *(a.unit for a in m.also)}]
        for day in days:
            held = [p for p in charter.posts if p.held_by.unit == unit.id
                    and p.same_holder_as is None
                    and not ((p.held_by.since and day < p.held_by.since)
                             or (p.held_by.until and day >= p.held_by.until))]
            assert charter.posts_held(unit, day) == held
    for day in days:
        assert charter.represented_units(day) == (
            {u for m in charter.members if m.active(day) for u in (m.unit, *(a.unit for a in m.also))}
            | {p.held_by.unit for p in charter.posts if p.held_by.unit
               and charter.holder(p.id, day) is not None})


def test_the_plan_tables_are_built_once_per_charter(monkeypatch: pytest.MonkeyPatch) -> None:
    charter = jointmeeting.load_charter(HULIN)
    built = []
    original = jointmeeting.Charter._labels

    def counting(c: jointmeeting.Charter) -> dict[str, str]:
        built.append(c)
        return original(c)

    monkeypatch.setattr(jointmeeting.Charter, "_labels", counting)
    known = dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC)
    rule = next(r.id for r in charter.reporting if "members" in r.reporters)
    for unit in charter.units:
        planning.plan(charter, planning.Report(rule, unit.id, known))
    assert built == [charter]
    # A copy with other units is a charter of its own: its names are its own.
    renamed = charter.model_copy(update={"units": [
        u.model_copy(update={"name": u.name + "（新）"}) for u in charter.units]})
    step = planning.plan(renamed, planning.Report(rule, charter.units[0].id, known))
    assert step.reporter_label.endswith("（新）") and len(built) == 2


def test_start_up_imports_only_what_the_command_uses() -> None:
    heavy = ("networkx", "jinja2", "icalendar", "rich", "requests")
    probe = ("import sys, contextlib, io\nfrom jointmeeting.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    main(sys.argv[1:])\n"
             f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def loaded(*args: str) -> str:
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                                text=True, env=env, timeout=120, check=True)
        return result.stdout.strip().splitlines()[-1]

    assert loaded("--help") == "[]"
    assert loaded("check", str(HULIN)) == "[]"
    assert loaded("graph", "--charter", str(HULIN)) == "['networkx']"


def test_sends_share_a_few_threads_and_hung_ones_starve_no_later_batch() -> None:
    pool = Senders(size=2)
    release = threading.Event()

    def hang() -> str | None:
        release.wait(30)
        return None

    try:
        # Both threads hang: the third send never begins, and says so.
        assert pool.run([hang, hang, lambda: None], 0.3, "late") == ["late"] * 3
        before = threading.active_count()
        assert pool.run([lambda: None] * 50, 5, "late") == [None] * 50
        assert pool.run([lambda: "refused"], 5, "late") == ["refused"]
        # Two threads in place of the two stuck ones, not one per send.
        assert threading.active_count() - before == 2
    finally:
        release.set()


def test_a_large_table_gets_a_picture_per_unit_and_per_area(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from jointmeeting.publish.site import WHOLE_PICTURE_UNITS, build

    charter = jointmeeting.charter_from_text(gen.county(WHOLE_PICTURE_UNITS + 50), "big.yaml")
    built = build(charter, tmp_path)
    assert built.warnings == []
    assert not (tmp_path / "graph.svg").exists()
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "各成员单位的页面绘有" in page and '<a href="index.html">成员单位</a>' in page
    svg = ET.parse(tmp_path / "units" / "unit-1.svg").getroot()  # Graphviz's own SVG, parsed
    titles = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")}
    # unit-1 with its parent, its ten children, the office it reports to, and nothing else.
    assert {"unit:unit-1", "unit:unit-0", "unit:unit-11", "unit:unit-20",
            "office:office"} <= titles
    assert "unit:unit-2" not in titles
    page = (tmp_path / "units" / "unit-1.html").read_text(encoding="utf-8")
    assert '<img class="graph" src="unit-1.svg"' in page
    area = ET.parse(tmp_path / "areas" / "children.welfare.svg").getroot()
    assert len([g for g in area.iter("{http://www.w3.org/2000/svg}g")
                if g.get("class") == "node"]) <= 31  # thirty units and the office at most


def test_a_graphviz_failure_or_timeout_is_a_finding_not_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from jointmeeting.cli import main

    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\ncat >/dev/null\necho 'Error: layout exploded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    assert main(["site", "--charter", str(HULIN), "-o", str(tmp_path / "site")]) == 0
    assert "Graphviz failed to draw the picture: Error: layout exploded" in capsys.readouterr().err
    assert "Graphviz 未能绘制组织架构图（出错或超时）" in (tmp_path / "site" / "graph.html").read_text(
        encoding="utf-8")
    assert main(["graph", "--charter", str(HULIN), "--format", "svg"]) == 1
    assert "layout exploded" in capsys.readouterr().err

    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    monkeypatch.setattr("jointmeeting.graph.pictures.TIMEOUT", 0.5)
    assert main(["site", "--charter", str(HULIN), "-o", str(tmp_path / "slow")]) == 0
    assert "Graphviz took longer than 0.5 s" in capsys.readouterr().err


def test_check_dir_checks_a_tree_of_charters_on_several_processes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from jointmeeting.cli import main

    tree = tmp_path / "province"
    for i in range(6):
        gen.write(tree / f"city-{i % 2}" / f"county-{i}.yaml",
                  gen.county(15, charter_id=f"county-{i}"))
    broken = gen.write(tree / "city-1" / "broken.yaml",
                       gen.county(15).replace("owner: unit-3,", "owner: unit-x,", 1))
    (tree / "shared").mkdir()
    (tree / "shared" / "contacts.yaml").write_text("format: 1\nrecipients: {}\n")
    (tree / "templates").mkdir()
    (tree / "templates" / "county.yaml").write_text("units: []\n")  # no format, no id
    args = ["check", "--on", "2025-06-01", str(tree)]
    assert main([*args, "-j", "2"]) == 1
    parallel = capsys.readouterr()
    assert main([*args, "-j", "1"]) == 1
    assert capsys.readouterr() == parallel  # same findings, same order, same summary
    assert parallel.out.splitlines() == [
        f"{broken}:64:27: JM301 duty unit-3-1: owner names unit 'unit-x', which is not a unit"]
    assert "7 charter(s): 1 error(s), 0 warning(s)" in parallel.err
    assert main(["check", str(tree / "templates")]) == 2  # a folder with no charter in it
    assert "no charter in" in capsys.readouterr().err
