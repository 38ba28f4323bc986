"""The plugin host keeps its promises, tested with real distributions installed in a test venv:
a plugin with a misspelt hook argument or a misspelt hook name is JM401 naming the plugin and the
hook, the others still load; blocking and tracing are pluggy's own; `jointmeeting plugins`
lists what is installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from jointmeeting.host.hookspecs import Notifier, hookimpl
from jointmeeting.host.manager import plugin_host

from .conftest import HULIN

#: distribution name -> (entry-point name, module source).
PLUGINS = {
    "jm-misspelt-arg": ("misspelt-arg", """
        from jointmeeting.host.hookspecs import hookimpl

        @hookimpl
        def jointmeeting_notifiers(registr):
            registr("never", object())
        """),
    "jm-misspelt-name": ("misspelt-name", """
        from jointmeeting.host.hookspecs import hookimpl

        @hookimpl
        def jointmeeting_notifierz(register):
            register("never", object())
        """),
    "jm-pager": ("pager", """
        import pathlib, os
        from jointmeeting.host.hookspecs import hookimpl

        # Leaves a mark when imported, so a test can tell that a blocked plugin never was.
        pathlib.Path(os.environ["PAGER_MARK"]).write_text("imported")

        class Pager:
            def send(self, message, channel):
                pass

        @hookimpl
        def jointmeeting_notifiers(register):
            register("pager", Pager())
        """),
}


def install(site: Path, dist: str, entry: str, source: str) -> None:
    """What pip puts in site-packages for a wheel: the module and its .dist-info with the
    entry point in the `jointmeeting` group."""
    module = dist.replace("-", "_")
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[jointmeeting]\n{entry} = {module}\n",
                                           encoding="utf-8")
    (info / "RECORD").write_text(f"{module}.py,,\n{info.name}/METADATA,,\n", encoding="utf-8")


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv over this Python's packages (so the host and its plugins are there) with the
    three test plugins installed into it."""
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages",
                    str(root)], check=True, timeout=120)
    python = root / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    for dist, (entry, source) in PLUGINS.items():
        install(site, dist, entry, source)
    return python


def run(python: Path, *args: str, mark: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JOINTMEETING_")}
    environ.update(env, PAGER_MARK=str(mark))
    return subprocess.run([str(python), "-m", "jointmeeting", *args], capture_output=True,
                          text=True, timeout=300, env=environ, check=False)


def test_misspelt_hooks_are_jm401_and_the_others_load(venv: Path, tmp_path: Path) -> None:
    mark = tmp_path / "mark"
    done = run(venv, "plugins", mark=mark)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "JM401" in line]
    assert len(errors) == 2
    (arg,) = [e for e in errors if "misspelt-arg" in e]
    assert "jointmeeting_notifiers" in arg and "registr" in arg
    (name,) = [e for e in errors if "misspelt-name" in e]
    assert "jointmeeting_notifierz" in name and "is not a hook of jointmeeting" in name
    assert "pager (jm_pager)\n  notifiers: pager" in done.stdout
    assert "roster sources: xlsx, csv" in done.stdout  # the first-party plugin still loads
    assert "misspelt" not in done.stdout

    listed = json.loads(run(venv, "plugins", "--format", "json", mark=mark).stdout)["data"]
    names = {p["name"]: p for p in listed["plugins"]}
    assert {"jointmeeting.host.builtin", "pager", "xlsx"} <= set(names)
    assert not {"misspelt-arg", "misspelt-name"} & set(names)
    assert names["pager"]["provides"] == {"notifiers": ["pager"]}
    assert [f["code"] for f in listed["failed"]] == ["JM401", "JM401"]


def test_check_reports_the_broken_plugins(venv: Path, tmp_path: Path) -> None:
    done = run(venv, "check", str(HULIN), mark=tmp_path / "mark")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    found = [line for line in done.stdout.splitlines() if "JM401" in line]
    assert len(found) == 2 and any("jointmeeting_notifierz" in line for line in found)


def test_blocked_plugins_are_never_imported(venv: Path, tmp_path: Path) -> None:
    mark = tmp_path / "mark"
    done = run(venv, "plugins", mark=mark,
               JOINTMEETING_BLOCK_PLUGINS="misspelt-arg, misspelt-name,pager")
    assert done.returncode == 0, done.stderr
    assert "pager (blocked)" in done.stdout and "notifiers: pager" not in done.stdout
    assert not mark.exists()
    assert "xlsx" in done.stdout


def test_tracing_shows_real_hook_calls_on_stderr(venv: Path, tmp_path: Path) -> None:
    done = run(venv, "plugins", mark=tmp_path / "mark", JOINTMEETING_TRACE_PLUGINS="1")
    assert "jointmeeting_notifiers [hook]" in done.stderr
    assert "finish jointmeeting_roster_sources" in done.stderr
    assert "[hook]" not in done.stdout
    quiet = run(venv, "plugins", mark=tmp_path / "mark")
    assert "[hook]" not in quiet.stderr


def test_a_hook_function_without_its_marker_is_reported() -> None:
    class Unmarked:
        def jointmeeting_notifiers(self, register: Callable[[str, Notifier], None]) -> None:
            raise AssertionError("never called")

    class Misspelt:
        @hookimpl
        def jointmeeting_roster_source(self, register: Callable[[str, Notifier], None]
                                       ) -> None:
            raise AssertionError("never called")

    host = plugin_host(entry_points=False, extra=(Unmarked(), Misspelt()))
    assert [d.code for d in host.findings] == ["JM401", "JM401"]
    assert "jointmeeting_notifiers is not marked @hookimpl" in host.findings[0].message
    assert "hook jointmeeting_roster_source is not a hook" in host.findings[1].message
    assert [p.name for p in host.plugins()] == ["jointmeeting.host.builtin"]
    assert set(host.notifiers()) == {"console", "jsonl"}
