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
