"""docs/adopting.md followed literally, in an empty folder, gives a green `pytest` (issue 11,
point 6): its shell steps run, its files are written as the guide shows them, and the county's
own test run collects the county charter and the scenarios, never the template."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import ROOT

GUIDE = (ROOT / "docs" / "adopting.md").read_text(encoding="utf-8")


def blocks() -> list[tuple[str, str]]:
    """Every fenced block of the guide, as (language, text), indented ones dedented."""
    return [(lang, textwrap.dedent(body))
            for lang, body in re.findall(r"```(\w+)\n(.*?)```", textwrap.dedent(GUIDE), re.S)]


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "plugins" / "pytest-jointmeeting" / "src"),
         os.environ.get("PYTHONPATH", "")])}
    env.pop("JOINTMEETING_CHARTER", None)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def test_the_adoption_guide_followed_literally_gives_a_green_pytest(tmp_path: Path) -> None:
    folder = tmp_path / "our-joint-meeting"
    # 1. The folder and the tools: the guide's shell lines, the repository's path filled in;
    #    the packages are already installed here, so `pip install` is the one line not run.
    (setup,) = [body for lang, body in blocks() if lang == "sh" and "mkdir" in body]
    tmp_path.joinpath("start").mkdir()
    cwd = tmp_path
    for line in setup.replace("path/to/jointmeeting", str(ROOT)).splitlines():
        for part in line.split("#")[0].split("&&"):
            words = shlex.split(part)
            if not words or words[:3] == ["python3", "-m", "pip"]:
                continue
            if words[0] == "cd":
                cwd = cwd / words[1]
                continue
            assert run(words, cwd).returncode == 0, part
    assert cwd == folder
    # 2.–5. Every file the guide shows with its path on the first line, as shown.
    written = []
    for lang, body in blocks():
        first, _, rest = body.partition("\n")
        found = re.fullmatch(r"# (\S+\.(?:txt|yaml|ini))", first.strip())
        if found and not found[1].startswith("."):
            path = folder / found[1]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(rest if lang == "text" else body, encoding="utf-8")
            written.append(found[1])
    assert written == ["charters/sources/notice.txt", "charters/our-county.yaml",
                       "tests/scenarios/routes.yaml", "pytest.ini"]
    checked = run([sys.executable, "-m", "jointmeeting", "check",
                   "charters/our-county.yaml"], folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    routed = run([sys.executable, "-m", "jointmeeting", "route", "--charter",
                  "charters/our-county.yaml", "--test", "tests/scenarios/routes.yaml"], folder)
    assert routed.returncode == 0, routed.stdout + routed.stderr
    tested = run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider"], folder)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "templates" not in tested.stdout  # the template is not a county's charter
    assert "our-county.yaml::checks clean PASSED" in tested.stdout
    assert "scenario" in tested.stdout or "routes.yaml::" in tested.stdout
    assert "representation judged on 2025-06-01 (jointmeeting_on)" in tested.stdout
