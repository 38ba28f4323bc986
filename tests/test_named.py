"""Files a charter names (extends, source.text, a roster's path) are read safely: regular files
only, bounded, and only under the charter's own folder unless the caller allows more."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter.named import (
    ALLOW_OUTSIDE_ENV,
    NamedFileError,
    Scope,
    read_named,
    read_regular,
)
from jointmeeting.charter.parse import Limits
from jointmeeting.cli import main

from .conftest import MINIMAL, ROOT
from .yamledit import edit_yaml

TEXT = MINIMAL.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite allows the shared templates folder; these tests are about what is not allowed.
    monkeypatch.delenv(ALLOW_OUTSIDE_ENV, raising=False)


def with_notice(folder: Path, text_path: str) -> Path:
    path = folder / "c.yaml"
    path.write_text(edit_yaml(TEXT, "source.text", text_path), encoding="utf-8")
    return path


def codes_and_messages(path: Path) -> list[tuple[str, str]]:
    try:
        found = jointmeeting.check(jointmeeting.load_charter(path))
    except jointmeeting.CharterError as exc:
        found = exc.diagnostics
    return [(d.code, d.message) for d in found]


def _bounded(code: str, seconds: float = 60) -> str:
    """Run ``code`` in a child with 512 MB of memory and a time limit: a FIFO that blocks or
    a /dev/zero read to exhaustion fails the test instead of hanging or killing the suite."""
    prelude = "import resource\nresource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))\n"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop(ALLOW_OUTSIDE_ENV, None)
    done = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], env=env,
                          capture_output=True, text=True, timeout=seconds, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("name", ["fifo", "/dev/zero"])
def test_a_fifo_or_a_device_is_refused_without_blocking_or_reading_it(tmp_path: Path,
                                                                      name: str) -> None:
    if name == "fifo":
        os.mkfifo(tmp_path / "fifo")
    charter = tmp_path / "c.yaml"
    charter.write_text(f"extends: {name}\n" + TEXT, encoding="utf-8")
    out = _bounded(f"""
        import jointmeeting
        from jointmeeting.charter.parse import Limits
        try:
            jointmeeting.load_charter({str(charter)!r}, limits=Limits(allow_outside=("/dev",)))
        except jointmeeting.CharterError as e:
            print(*[d.code + " " + d.message for d in e.diagnostics], sep="\\n")
    """)
    assert out.startswith("JM207 extends: cannot read ") and "not a regular file" in out


def test_the_notice_text_may_not_be_a_fifo_or_a_device(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "notice.txt")
    charter = with_notice(tmp_path, "notice.txt")
    out = _bounded(f"""
        import jointmeeting
        print(*[d.code + " " + d.message for d in
                jointmeeting.check(jointmeeting.load_charter({str(charter)!r}))], sep="\\n")
    """)
    assert out == "JM312 the notice's text: cannot read 'notice.txt': it is not a regular file\n"
    with pytest.raises(NamedFileError, match="not a regular file"):
        read_regular("/dev/zero", 1024)


def test_a_charter_given_on_the_command_line_may_not_be_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "c.yaml")
    out = _bounded(f"""
        import jointmeeting
        try:
            jointmeeting.load_charter({str(tmp_path / "c.yaml")!r})
        except jointmeeting.CharterError as e:
            print(e.diagnostics[0])
    """)
    assert out.endswith("c.yaml: JM100 cannot read the file: it is not a regular file\n")


def test_a_named_file_has_a_size_limit(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text("一、总则\n" * 1000, encoding="utf-8")
    charter = jointmeeting.load_charter(with_notice(tmp_path, "notice.txt"),
                                        limits=Limits(max_bytes=4096))
    assert [d.message for d in jointmeeting.check(charter) if d.code == "JM312"] == [
        "the notice's text: 'notice.txt' is 13,000 bytes; the limit is 4,096"]
    with pytest.raises(NamedFileError, match="the limit is 10") as info:
        read_named("notice.txt", tmp_path, Scope.of(tmp_path, max_bytes=10))
    assert info.value.code == "JM102"


def test_extends_etc_shadow_prints_no_line_of_it(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "shadow").write_text("root:$6$saltsalt$hashhashhash:20228:0:99999:7:::\n"
                                   "daemon:*:20228:0:99999:7:::\n", encoding="utf-8")
    county = tmp_path / "county"
    county.mkdir()
    for ref in (str(secret / "shadow"), "../secret/shadow", "/etc/shadow"):
        (county / "c.yaml").write_text(f"extends: {ref}\n" + TEXT, encoding="utf-8")
        assert main(["check", "--format", "json", str(county / "c.yaml")]) == 1
        out = capsys.readouterr().out
        (finding,) = json.loads(out)["data"]
        assert finding["code"] == "JM207" and finding["line"] == 1
        assert "is outside the charter's folder" in finding["message"]
        assert "saltsalt" not in out and "daemon" not in out and "root:" not in out


def test_a_symlink_does_not_lead_out_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("一、总则\n", encoding="utf-8")
    (tmp_path / "county").mkdir()
    (tmp_path / "county" / "notice.txt").symlink_to(tmp_path / "outside.txt")
    charter = jointmeeting.load_charter(with_notice(tmp_path / "county", "notice.txt"))
    assert [(d.code, d.message) for d in jointmeeting.check(charter) if d.code == "JM312"] == [
        ("JM312", "the notice's text: 'notice.txt' is outside the charter's folder; the "
                  f"caller may allow its folder (--allow-outside, ${ALLOW_OUTSIDE_ENV})")]


def test_the_caller_allows_more_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    county = ROOT / "examples" / "charters" / "county-from-template.yaml"
    templates = str(ROOT / "charters" / "templates")
    with pytest.raises(jointmeeting.CharterError, match="outside the charter's folder"):
        jointmeeting.load_charter(county)
    assert jointmeeting.load_charter(county, limits=Limits(allow_outside=(templates,))).units
    assert main(["check", str(county)]) == 1
    assert "JM207" in capsys.readouterr().out
    assert main(["--allow-outside", templates, "check", str(county)]) == 0
    monkeypatch.setenv(ALLOW_OUTSIDE_ENV, templates)
    assert jointmeeting.load_charter(county).units


def test_a_roster_file_is_read_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text("姓名,单位\n张三,镇民政办\n", encoding="utf-8")
    (tmp_path / "county").mkdir()
    for source, ref, expected in (("csv", "../roster.csv", "is outside the charter's folder"),
                                  ("xlsx", "../roster.csv", "is outside the charter's folder"),
                                  ("csv", ".", "it is a folder")):
        path = tmp_path / "county" / "c.yaml"
        path.write_text(edit_yaml(TEXT, "roster", {"source": source, "path": ref}),
                        encoding="utf-8")
        # The library's loader applies the roster source, so the refusal is the load's.
        with pytest.raises(jointmeeting.CharterError) as caught:
            jointmeeting.load_charter(path)
        assert [d.code for d in caught.value.diagnostics] == ["JM405"]
        assert expected in caught.value.diagnostics[0].message
