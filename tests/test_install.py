"""The four distributions as an office installs them: built, checked, and installed from wheels
only, offline, into a fresh virtual environment, then used from a folder outside the repository.

Why one long test: the steps are the intranet recipe in README.md ("Installing without the
internet"), and each needs the one before. It reaches the package index once, for `pip download`
(as the connected machine of the recipe does); the install itself runs with `--no-index` and an
index address that cannot answer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DISTRIBUTIONS = {
    "jointmeeting": ROOT,
    "jointmeeting-xlsx": ROOT / "plugins" / "jointmeeting-xlsx",
    "jointmeeting-apprise": ROOT / "plugins" / "jointmeeting-apprise",
    "pytest-jointmeeting": ROOT / "plugins" / "pytest-jointmeeting",
}


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


# Only the registry's answers count, not this machine's pip configuration.
clean = {k: v for k, v in os.environ.items()
         if not k.startswith(("PIP_", "JOINTMEETING_")) and k != "PYTHONPATH"}
clean |= {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four distributions, built as a release builds them, and passing `twine check`."""
    out = tmp_path_factory.mktemp("dist")
    for source in DISTRIBUTIONS.values():
        _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source)
    built = sorted(p.name for p in out.iterdir())
    assert len([n for n in built if n.endswith(".whl")]) == 4
    assert len([n for n in built if n.endswith(".tar.gz")]) == 4
    _run(sys.executable, "-m", "twine", "check", "--strict", *sorted(out.iterdir()))
    return out


@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
@pytest.mark.parametrize("platform", ["manylinux2014_x86_64", "macosx_11_0_arm64",
                                      "macosx_10_13_x86_64", "win_amd64"])
def test_every_dependency_installs_from_a_wheel(dist: Path, platform: str, python: str,
                                                tmp_path: Path) -> None:
    """pip resolves all four distributions for that platform with source builds forbidden."""
    report = tmp_path / "report.json"
    _run(sys.executable, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed",
         "--only-binary=:all:", "--platform", platform, "--python-version", python,
         "--target", tmp_path / "target", "--find-links", dist, "--report", report,
         *DISTRIBUTIONS, env=clean)
    names = {item["metadata"]["name"].lower().replace("_", "-")
             for item in json.loads(report.read_text())["install"]}
    assert {"jointmeeting", "pydantic-core", "ruamel.yaml.clib", "pytest-jointmeeting"} <= names


def test_wheels_install_offline_and_run_outside_the_repository(dist: Path, tmp_path: Path
                                                              ) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    _run(sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
         "--dest", wheelhouse, "--find-links", dist, *DISTRIBUTIONS, env=clean)
    # Every dependency arrived as a wheel: nothing on the intranet side builds anything.
    assert all(p.suffix == ".whl" for p in wheelhouse.iterdir())
    assert any(p.name.startswith("ruamel_yaml_clib-") for p in wheelhouse.iterdir())
    assert not any("clibz" in p.name or "ziglang" in p.name for p in wheelhouse.iterdir())

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    offline = clean | {"PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_NO_INDEX": "1"}
    _run(python, "-m", "pip", "install", "--quiet", "--no-index", "--only-binary=:all:",
         "--find-links", wheelhouse, *DISTRIBUTIONS, env=offline)

    # From a folder outside the repository, with nothing of the checkout on the path.
    county = tmp_path / "county"
    (county / "charters" / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "charters" / "huilin.yaml", county / "charters")
    for notice in (ROOT / "charters" / "sources").glob("*.txt"):
        shutil.copy(notice, county / "charters" / "sources")
    jointmeeting = env_dir / "bin" / "jointmeeting"
    version = _run(jointmeeting, "--version", cwd=county, env=offline).stdout
    assert version.split() == ["jointmeeting", _version()]
    checked = _run(jointmeeting, "check", "charters/huilin.yaml", cwd=county, env=offline)
    assert "0 error(s), 0 warning(s)" in checked.stderr
    smoke = _run(python, "-c", (
        "import jointmeeting, jointmeeting_xlsx, jointmeeting_apprise, pytest_jointmeeting\n"
        "assert '/venv/' in jointmeeting.__file__, jointmeeting.__file__\n"
        "from jointmeeting.charter import parse\n"
        "assert parse.new_parser is not parse._pure_parser  # the C parser came from a wheel\n"
        "c = jointmeeting.load_charter('charters/huilin.yaml')\n"
        "print(len(c.units), len(c.duties))"), cwd=county, env=offline)
    assert smoke.stdout.split() == ["34", "118"]
    # The pytest plugin, installed from its wheel, collects the county's charter.
    collected = _run(env_dir / "bin" / "pytest", "-q", "-p", "no:cacheprovider",
                     "-o", "jointmeeting_charters=charters/huilin.yaml", cwd=county, env=offline)
    assert " passed" in collected.stdout and "failed" not in collected.stdout
    # `jointmeeting init` makes a repository from the templates in the wheel, green at once.
    fresh = tmp_path / "fresh-county"
    _run(jointmeeting, "init", fresh, cwd=tmp_path, env=offline)
    tested = _run(env_dir / "bin" / "pytest", "-q", "-p", "no:cacheprovider", cwd=fresh,
                  env=offline)
    assert " passed" in tested.stdout and "failed" not in tested.stdout


def _version() -> str:
    import jointmeeting

    return jointmeeting.__version__
