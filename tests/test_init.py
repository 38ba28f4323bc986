"""`jointmeeting init` makes a county repository whose checks pass at once (issue 14, point 5):
`pytest` run there in a fresh process passes, with and without a notice, from the templates the
package ships."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import jointmeeting
from jointmeeting.cli import ExitCode, main

from .conftest import HULIN, ROOT

NOTICE = ROOT / "charters" / "sources" / "hulin-2025-notice.txt"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "plugins" / "pytest-jointmeeting" / "src"),
         os.environ.get("PYTHONPATH", "")])}
    env.pop("JOINTMEETING_CHARTER", None)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.parametrize("notice", [None, NOTICE], ids=["skeleton", "with-notice"])
def test_a_new_repository_passes_pytest_at_once(notice: Path | None, tmp_path: Path) -> None:
    folder = tmp_path / "our-county"
    args = ["init", str(folder), "--on", "2025-06-01"]
    made = run([sys.executable, "-m", "jointmeeting", *args,
                *(["--notice", str(notice)] if notice else [])], tmp_path)
    assert made.returncode == 0, made.stderr
    charter = (folder / "charters" / "charter.yaml").read_text(encoding="utf-8")
    if notice is not None:  # drafted from the notice, which it cites and is checked against
        assert (folder / "charters" / "sources" / notice.name).read_bytes() == notice.read_bytes()
        assert "EXAMPLE CHARTER" not in charter
        loaded = jointmeeting.load_charter(folder / "charters" / "charter.yaml")
        assert loaded.source.text == f"sources/{notice.name}"
        assert len(loaded.units) == len(jointmeeting.load_charter(HULIN).units)
        assert not (folder / "tests" / "scenarios" / "routes.yaml").exists()
    else:
        assert "EXAMPLE CHARTER — REPLACE IT" in charter.split("\nformat:")[0]
        assert (folder / "charters" / "sources").is_dir()

    checked = run([sys.executable, "-m", "jointmeeting", "check", "--on", "2025-06-01",
                   "charters/charter.yaml"], folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s), 0 warning(s)" in checked.stderr
    tested = run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider"], folder)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "charters/charter.yaml::checks clean PASSED" in tested.stdout
    if notice is None:
        assert "routes.yaml::" in tested.stdout  # the example scenario ran
    assert "representation judged on 2025-06-01 (jointmeeting_on)" in tested.stdout


def test_the_repository_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "county"
    assert main(["init", str(folder), "--on", "2025-06-01"]) == ExitCode.OK
    ini = (folder / "pytest.ini").read_text(encoding="utf-8")
    assert "jointmeeting_on = 2025-06-01" in ini
    assert "jointmeeting_charters = charters/*.yaml" in ini
    yaml = YAML(typ="safe")
    hooks = yaml.load(folder / ".pre-commit-config.yaml")
    (repo,) = hooks["repos"]
    assert repo["repo"] == "local"
    assert repo["hooks"][0]["entry"] == "jointmeeting check"
    hook_text = (folder / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "no public repository" in hook_text and "vX.Y.Z" in hook_text
    ci = yaml.load(folder / ".github" / "workflows" / "charters.yml")
    commands = [step.get("run", "") for step in ci["jobs"]["charters"]["steps"]]
    assert any("pip install" in c and "pytest-jointmeeting" in c for c in commands)
    assert "python -m pytest" in commands
    assert ".jointmeeting/" in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    if shutil.which("git"):
        assert run(["git", "init", "-q"], folder).returncode == 0
        ignored = run(["git", "check-ignore", ".jointmeeting/ledger.sqlite3"], folder)
        assert ignored.returncode == 0, ignored.stderr


def test_a_folder_that_is_not_empty_is_refused_unless_forced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.txt").write_text("a county's own file", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == ExitCode.USAGE
    assert "is not empty; use --force" in capsys.readouterr().err
    assert not (tmp_path / "charters").exists()
    assert main(["init", str(tmp_path), "--force"]) == ExitCode.OK
    assert (tmp_path / "charters" / "charter.yaml").is_file()
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "a county's own file"
    file = tmp_path / "mine.txt"
    assert main(["init", str(file)]) == ExitCode.USAGE
