"""The docs stay true: the format reference is fresh, every hook is documented with its exact
signature and exercised by a test, and the pre-commit hook checks what it says it checks."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

from jointmeeting import hookspecs
from jointmeeting.reference import format_reference

from .conftest import ROOT


def hooks() -> dict[str, str]:
    """Every hookspec and its `def` line exactly as the source has it."""
    found = {}
    for name, function in vars(hookspecs).items():
        if name.startswith("jointmeeting_") and callable(function):
            source = inspect.getsource(function)
            found[name] = source[source.index("def "):source.index(":\n") + 1]
    return found


def test_the_format_reference_is_fresh() -> None:
    committed = (ROOT / "docs" / "charter-format.md").read_text(encoding="utf-8")
    assert committed == format_reference(), \
        "run: jointmeeting schema --format markdown > docs/charter-format.md"


def test_every_hook_is_documented_with_its_exact_signature() -> None:
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert set(hooks()) == {"jointmeeting_notifiers", "jointmeeting_roster_sources"}
    for name, signature in hooks().items():
        assert f"### {name}" in guide, name
        assert signature in guide, signature


def test_every_hook_has_a_test() -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")
                    if p.name != "test_docs.py")
    for name in hooks():
        assert re.search(rf"def {name}\(self, register", tests), f"{name} is not tested"


def test_the_pre_commit_hook_checks_charters() -> None:
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "jointmeeting-check" and hook["language"] == "python"
    assert re.search(hook["files"], "charters/huilin.yaml")
    assert re.search(hook["exclude"], "charters/templates/women-children-county.yaml")
    command = [sys.executable, "-m", "jointmeeting", *hook["entry"].split()[1:],
               "charters/huilin.yaml"]
    assert subprocess.run(command, cwd=ROOT, capture_output=True, check=False).returncode == 0


def test_the_adoption_guide_commands_are_real() -> None:
    guide = (ROOT / "docs" / "adopting.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"(?:^|`)jointmeeting ([a-z]+)", guide, re.MULTILINE))
    from jointmeeting.cli import cli

    assert commands and commands <= set(cli.commands), commands - set(cli.commands)
