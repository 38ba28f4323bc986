"""Random mutations of the Hulin file produce diagnostics, never an uncaught exception."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jointmeeting

from .conftest import HULIN, ROOT

TEXT = HULIN.read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)
TOKENS = ["", " ", "\t", ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:x ", "%",
          "no", "yes", "1:20", "2024-02-30", "null", "~", "'", '"', "#", "\x00", "\u200b",
          "\u3000", "- - -", "? ", "<<: ", "|", ">", "...", "---", "💥", "\\", "ｘ", "9" * 40]


@st.composite
def mutated(draw: st.DrawFn, source: list[str] = LINES) -> str:
    lines = list(source)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "replace", "cut"]))
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(0, 7)) + line.lstrip(" ")
        elif kind == "cut":
            lines[i] = line[: draw(st.integers(0, len(line)))] + "\n"
        else:
            token = draw(st.sampled_from(TOKENS) | st.text(max_size=6))
            at = draw(st.integers(0, len(line)))
            rest = line[at:] if kind == "insert" else line[at + draw(st.integers(0, 8)):]
            lines[i] = line[:at] + token + rest
    return "".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_give_diagnostics_not_exceptions(text: str) -> None:
    try:
        charter = jointmeeting.charter_from_text(text, "huilin.yaml", base_dir=HULIN.parent)
    except jointmeeting.CharterError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert d.position is None or (d.position.line >= 1 and d.position.col >= 1)
            assert str(d).startswith("huilin.yaml:")
        return
    # Whatever the edit, a charter that loads is checked through: each finding names the
    # file it is about and a position inside it (or none, for the charter as a whole).
    lines = text.count("\n") + 1
    for d in jointmeeting.check(charter):
        assert d.path in ("huilin.yaml", None), d
        assert d.position is None or 1 <= d.position.line <= lines, d


RECORDS = (ROOT / "examples" / "records" / "hulin-2025.yaml").read_text(encoding="utf-8")
CONTACTS = """format: 1
recipients:
  office: [{via: email, to: office@example.cn}]
  police: [{via: dingtalk, secret_env: JOINTMEETING_DINGTALK}]
people:
  张所军: [{via: console}]
"""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(RECORDS.splitlines(keepends=True)), mutated(CONTACTS.splitlines(keepends=True)))
def test_year_records_and_contacts_mutations_give_diagnostics(records: str, contacts: str
                                                              ) -> None:
    from jointmeeting.charter.contacts import Contacts
    from jointmeeting.charter.loader import validate_text
    from jointmeeting.runtime.review import review
    from jointmeeting.runtime.year import YearRecords

    charter = jointmeeting.load_charter(HULIN)
    for text, model in ((records, YearRecords), (contacts, Contacts)):
        try:
            built, _, _ = validate_text(text, "f.yaml", model)
        except jointmeeting.CharterError as exc:
            assert exc.diagnostics and all(str(d).startswith("f.yaml") for d in exc.diagnostics)
            continue
        if isinstance(built, YearRecords):
            result = review(charter, built, today=datetime.date(2025, 12, 31))
            # A review's findings are the year's (JM5xx), each unit's year is reported.
            assert all(f.code.startswith("JM5") for f in result.findings), result.findings
            assert [u.unit for u in result.units] == [u.id for u in charter.units]
        else:
            # Hulin checks clean: what a contacts file can add is about the contacts alone.
            found = jointmeeting.check(charter, contacts=built)
            assert {d.code for d in found} <= {"JM317", "JM318"}, found
