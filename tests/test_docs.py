"""The docs stay true: the format reference is fresh, every hook is documented with its exact
signature and exercised by a test, and the pre-commit hook checks what it says it checks."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import pluggy
import pytest

from jointmeeting.host import hookspecs
from jointmeeting.report.reference import HOOKS_BEGIN, HOOKS_END, format_reference, hooks_reference

from .conftest import ROOT


def hooks() -> dict[str, list[str]]:
    """Every hook the spec declares, with its arguments, as pluggy reads them from the spec."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return {name: list(caller.spec.argnames) for name, caller in vars(manager.hook).items()
            if isinstance(caller, pluggy.HookCaller) and caller.spec is not None}


def test_the_format_reference_is_fresh() -> None:
    committed = (ROOT / "docs" / "charter-format.md").read_text(encoding="utf-8")
    assert committed == format_reference(), \
        "run: jointmeeting schema --format markdown > docs/charter-format.md"


def test_the_hooks_reference_is_fresh() -> None:
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    start, end = guide.index(HOOKS_BEGIN), guide.index(HOOKS_END) + len(HOOKS_END) + 1
    assert guide[start:end] == hooks_reference(), \
        "paste `jointmeeting schema --format hooks` over the hooks section of docs/plugins.md"


def test_every_hook_is_documented_with_its_exact_signature() -> None:
    reference = hooks_reference()
    assert set(hooks()) == {"jointmeeting_notifiers", "jointmeeting_roster_sources"}
    for name, argnames in hooks().items():
        spec = getattr(hookspecs, name)
        signature = inspect.signature(spec)
        assert list(signature.parameters) == argnames
        assert f"### {name}\n" in reference
        written = ", ".join(f"{p}: {signature.parameters[p].annotation}" for p in argnames)
        assert f"def {name}({written}) -> None:" in reference
        assert spec.__doc__ and "Register" in spec.__doc__  # the contract is the docstring


def test_every_hook_has_a_test() -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")
                    if p.name != "test_docs.py")
    for name, argnames in hooks().items():
        assert re.search(rf"def {name}\(self, {', '.join(argnames)}\b", tests), \
            f"{name} is not tested"


def test_schema_prints_the_hooks_reference(capsys: pytest.CaptureFixture[str]) -> None:
    from jointmeeting.cli import main

    assert main(["schema", "--format", "hooks"]) == 0
    assert capsys.readouterr().out == hooks_reference()


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
