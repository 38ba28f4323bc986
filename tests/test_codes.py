"""The catalogue of diagnostic codes and the one hierarchy of errors."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter import parse
from jointmeeting.cli import main
from jointmeeting.errors import Code, Diagnostic, JointMeetingError, Severity
from tests.conftest import HULIN

TESTS = Path(__file__).parent


def test_every_catalogued_code_is_produced_by_some_test_or_golden_file() -> None:
    # A code a test names is one a test produces: tests assert the codes they get. This test
    # names none itself.
    texts = "".join(p.read_text(encoding="utf-8")
                    for p in [*TESTS.rglob("*.py"), *TESTS.rglob("*.expected")])
    never = [code.value for code in Code if not re.search(rf"\b{code.value}\b", texts)]
    assert never == []


def test_the_catalogue_is_sorted_and_each_code_carries_severity_and_summary() -> None:
    codes = [code.value for code in Code]
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"JM[1-6]\d\d", c) for c in codes)
    for code in Code:
        assert isinstance(code.severity, Severity) and code.summary
    assert Code.JM305.severity is Severity.WARNING and Code["JM301"] is Code.JM301


def test_a_diagnostic_holds_its_code_as_the_catalogued_type() -> None:
    found = Diagnostic("JM305", "no representative", "c.yaml")
    assert found.code is Code.JM305 and found.severity is Severity.WARNING
    assert found.code == "JM305" and str(found) == "c.yaml: JM305 no representative"
    with pytest.raises(KeyError):
        Diagnostic("JM999", "not catalogued")


def test_a_parser_failure_is_a_finding_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pure-Python parser overflows on an escape past the largest code point.
    monkeypatch.setattr(parse, "new_parser", parse._pure_parser)
    with pytest.warns(RuntimeWarning, match="pure-Python parser"):
        monkeypatch.setattr(parse, "_warned", [])
        _, _, found = parse.parse_text('title: "\\U99999999"\n', "c.yaml")
    assert [(d.code, d.path, d.position) for d in found] == [
        ("JM112", "c.yaml", parse.Position(1, 1))]
    assert "OverflowError" in found[0].message


def test_a_notice_that_cannot_be_read_is_reported_at_source_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / HULIN.name
    shutil.copy(HULIN, copy)  # without its sources/ folder: the notice is not beside it
    code = main(["check", "--on", "2025-07-01", str(copy)])
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(copy.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip().startswith("text: sources/"))
    assert code == 1
    (found,) = [text for text in out.splitlines() if " JM312 " in text]
    assert found.startswith(f"{copy}:{line}:9: JM312 the notice's text")
    assert "hulin-2025-notice.txt" in found
    assert "Traceback" not in out


def _library_exceptions() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(jointmeeting.__path__, "jointmeeting."):
        if info.name == "jointmeeting.__main__":  # running it is the command line
            continue
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (issubclass(value, BaseException) and value.__module__ == info.name
                    and not value.__name__.startswith("_")):
                found.append(value)
    return found


def test_every_exception_the_library_raises_derives_from_one_base() -> None:
    found = _library_exceptions()
    assert {"NotifierError", "GraphvizMissingError", "CsvError", "UnknownIdError"} <= {
        e.__name__ for e in found}
    assert [e.__name__ for e in found if not issubclass(e, JointMeetingError)] == []


def test_lookup_errors_share_a_base_that_reads_as_a_sentence(
        hulin: jointmeeting.Charter) -> None:
    errors = []
    for lookup in (hulin.unit, hulin.party, hulin.unit_or_party, hulin.rule, hulin.post):
        with pytest.raises(jointmeeting.NameLookupError) as raised:
            lookup("不存在")
        errors.append(raised.value)
    assert all(str(e).startswith("no ") and "'不存在'" in str(e) for e in errors), errors
