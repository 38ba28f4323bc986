"""Every charter and example in the repository loads and checks clean; the README's code runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import jointmeeting

from .conftest import CHARTERS, ROOT


@pytest.mark.parametrize("path", CHARTERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_loads_and_checks_clean(path: Path) -> None:
    assert jointmeeting.check(jointmeeting.load_charter(path)) == []


def test_the_readme_example_runs(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", readme, re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("culture-tourism 市文体广电和旅游局\n")
    assert "civil-affairs-2 lead 四/市民政局/2 牵头推进流浪儿童" in out
    assert "张所军 civil-affairs 副局长" in out
    assert out.endswith("['市公安局', '市人民法院']\n")


EXAMPLE_OUTPUT = {
    "query_and_route.py": ["留守儿童: 市民政局 (lead) 四/市民政局/2",
                           "1. 联席会议办公室 报告 by 2025-06-02 09:30 (二（二）/1)"],
    "roster_plugin.py": ["张三: civil-affairs, 副主任", "李四: womens-federation, 主席",
                         "hr-api:3:2: JM403 row 3: no unit of example-township is called '镇火箭局'",
                         "李四"],
    "notifier_plugin.py": ["sent 2", "【强制报告】学校报告（案件1号），请于2025-06-03 08:15+08:00前处理",
                           "【强制报告】学校报告（案件1号），请于2025-06-03 08:15+08:00前处理"],
}


@pytest.mark.parametrize("script", sorted(EXAMPLE_OUTPUT))
def test_the_examples_run(script: str) -> None:
    import subprocess
    import sys

    assert sorted(p.name for p in (ROOT / "examples").glob("*.py")) == sorted(EXAMPLE_OUTPUT)
    result = subprocess.run([sys.executable, f"examples/{script}"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == EXAMPLE_OUTPUT[script]


def test_the_township_routes_with_the_same_code(capsys: pytest.CaptureFixture[str]) -> None:
    from jointmeeting.cli import main

    assert main(["route", "--charter", str(ROOT / "examples/charters/dongfang-town-left-behind.yaml"),
                 "--test", str(ROOT / "tests/scenarios/dongfang.yaml")]) == 0
    assert capsys.readouterr().out.endswith("4 passed, 0 failed\n")


def test_a_county_extends_the_template(capsys: pytest.CaptureFixture[str]) -> None:
    from jointmeeting.cli import main

    county = jointmeeting.load_charter(ROOT / "examples/charters/county-from-template.yaml")
    assert len(county.units) == 11 and county.unit("市文旅局").name == "市文化广电和旅游局"
    assert [m.id for m in county.meetings] == ["plenary", "thematic"]  # inherited
    assert county.escalation is not None and county.escalation.chain[-1] == "general-convener"
    template = ROOT / "charters/templates/women-children-county.yaml"
    assert main(["diff", str(template), str(ROOT / "examples/charters/county-from-template.yaml")]
                ) == 1
    out = capsys.readouterr().out.splitlines()
    assert "~ unit culture-tourism renamed: 市文体广电和旅游局 → 市文化广电和旅游局" in out
    assert "+ unit kindergarten-office added: 市学前教育管理中心" in out
    assert sum(line.startswith("- unit ") for line in out) == 24
    assert not any(line.startswith(("* meeting", "* reporting", "* office")) for line in out)
