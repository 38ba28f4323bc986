"""Hostile values in a charter: each is a positioned finding, never a traceback, and what
`check` accepts the runtime can run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.cli import main

from .conftest import MINIMAL
from .yamledit import edit_yaml

TEXT = MINIMAL.read_text(encoding="utf-8")


def findings(text: str, folder: Path) -> list[str]:
    """Every finding about ``text`` as ``line:col: CODE message`` (the file is ``c.yaml``)."""
    path = folder / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        found = jointmeeting.check(jointmeeting.load_charter(path))
    except jointmeeting.CharterError as exc:
        found = exc.diagnostics
    return [str(d).removeprefix(f"{path}:") for d in found]


@pytest.mark.parametrize(("text", "expected"), [
    ('extends: "base\\0.yaml"\n' + TEXT,
     "1:10: JM207 extends: 'base\\x00.yaml' is not a file name (it holds a NUL byte)"),
    (edit_yaml(TEXT, "source.text", "n\0.txt"),
     "15:9: JM312 the notice's text: 'n\\x00.txt' is not a file name (it holds a NUL byte)"),
    ("extends: " + "a" * 5000 + "\n" + TEXT,
     "1:10: JM207 extends: cannot read '" + "a" * 40 + "…" + "a" * 20 + "': File name too long"),
    ("extends: sub\n" + TEXT, "1:10: JM207 extends: cannot read 'sub': it is a folder"),
    (edit_yaml(TEXT, "source.text", "sub"),
     "15:9: JM312 the notice's text: cannot read 'sub': it is a folder"),
    (edit_yaml(TEXT, "timezone", "Asia"),
     "10:11: JM204 timezone: 'Asia' is not an IANA time zone such as Asia/Shanghai"),
], ids=["nul-extends", "nul-notice", "long-extends", "folder-extends", "folder-notice",
        "zone-folder"])
def test_a_hostile_path_or_zone_is_a_positioned_finding(tmp_path: Path, text: str,
                                                        expected: str) -> None:
    (tmp_path / "sub").mkdir()
    assert findings(text, tmp_path) == [expected]


@pytest.mark.parametrize(("overlay", "expected"), [
    ("remove: {units: [{id: civil-affairs}]}\n", "3:18: JM203 remove.units[0]: an id, not a mapping"),
    ("remove: {units: [[civil-affairs]]}\n", "3:18: JM203 remove.units[0]: an id, not a list"),
    ("remove: {units: civil-affairs}\n", "3:17: JM203 remove.units: a list of ids"),
    ("remove: [civil-affairs]\n", "3:9: JM203 remove: a mapping of list names to ids to drop, "
                                  "such as {units: [an-id]}"),
    ("remove: {unit: [civil-affairs]}\n", "3:10: JM201 unknown key 'unit' in remove (lists: "
     "assumptions, units, posts, parties, duties, responsibilities, meetings, reporting, "
     "requirements)"),
    ("units:\n  - {id: [civil-affairs], name: 县民政局, kind: government, source: x}\n",
     "4:10: JM203 units[2].id: Input should be a valid string (got a list)"),
    ("units:\n  - {id: {a: 1}, name: 县民政局, kind: government, source: x}\n",
     "4:10: JM203 units[2].id: Input should be a valid string (got a mapping)"),
], ids=["remove-mapping", "remove-list", "remove-not-a-list", "remove-not-a-mapping",
        "remove-unknown-list", "id-list", "id-mapping"])
def test_an_overlay_with_ids_that_are_not_ids_is_a_finding(tmp_path: Path, overlay: str,
                                                           expected: str) -> None:
    (tmp_path / "base.yaml").write_text(TEXT, encoding="utf-8")
    assert findings("extends: base.yaml\nid: county\n" + overlay, tmp_path) == [expected]


def test_a_bad_zone_still_gives_json_and_the_other_files_are_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad, good = tmp_path / "bad.yaml", tmp_path / "good.yaml"
    bad.write_text(edit_yaml(TEXT, "timezone", "Asia"), encoding="utf-8")
    good.write_text(edit_yaml(TEXT, "duties.civil-affairs-1.owner", "civil-afairs"),
                    encoding="utf-8")
    assert main(["check", "--format", "json", str(bad), str(good)]) == 1
    found = json.loads(capsys.readouterr().out)["data"]
    assert [(f["path"], f["line"], f["code"]) for f in found] == [
        (str(bad), 10, "JM204"), (str(good), 21, "JM304"), (str(good), 55, "JM301")]


@pytest.mark.parametrize(("key", "value"), [("after", "P3650000D"), ("after", "P367D"),
                                            ("within", "P3650000D"),
                                            ("within", "P" + "9" * 5000 + "D")],
                         ids=["after-10000-years", "after-367-days", "within-10000-years",
                              "within-5000-digits"])
def test_a_deadline_longer_than_a_year_is_refused_by_check(tmp_path: Path, key: str,
                                                           value: str) -> None:
    text = TEXT + ("escalation: {chain: [office, convener], after: PT4H, source: x}\n")
    text = edit_yaml(text, "escalation.after", value) if key == "after" else \
        edit_yaml(text, "reporting.major-case.steps.0.within", value)
    (found,) = findings(text, tmp_path)
    assert " JM204 " in found and "is longer than the longest deadline a charter may set, " \
        "366 days" in found


def test_the_longest_deadline_routes_and_opens_an_incident(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(edit_yaml(TEXT, "reporting.major-case.steps.0.within", "P366D") + (
        "escalation: {chain: [office, convener], after: P366D, source: x}\n"), encoding="utf-8")
    common = ["--charter", str(path), "--kind", "major-case", "--from", "镇民政办"]
    assert main(["route", *common, "--at", "2025-05-01T09:00"]) == 0
    assert "2026-05-02 09:00" in capsys.readouterr().out
    ledger = ["--ledger", str(tmp_path / "ledger.sqlite3")]
    assert main(["incident", "open", *common, *ledger, "--at", "2025-05-01T09:00"]) == 0
    assert main(["dispatch", "--once", "--charter", str(path), *ledger]) == 0
    # A moment at the calendar's edge is the user's mistake, said in one line.
    capsys.readouterr()
    assert main(["route", *common, "--at", "9999-12-31T00:00"]) == 1
    assert capsys.readouterr().err == ("jointmeeting: 9999-12-31 00:00:00 is too near the edge "
                                       "of the calendar for the deadlines of this rule\n")


@pytest.mark.parametrize("times", [
    ("9999-12-31T23:00:00-12:00", "9999-12-31T23:30:00-12:00"),
    ("0001-01-01T00:00:00+08:00", "0001-01-01T01:00:00+08:00")], ids=["end", "start"])
def test_records_at_the_calendars_edge_review_and_print(hulin: jointmeeting.Charter,
                                                        times: tuple[str, str]) -> None:
    import datetime as dt

    from jointmeeting import report
    from jointmeeting.charter.loader import validate_text
    from jointmeeting.publish import ical
    from jointmeeting.runtime.review import review
    from jointmeeting.runtime.year import YearRecords

    text = (f"format: 1\nyear: 2025\ncases:\n  - {{id: c, rule: major-case, reporter: "
            f"education, known_at: '{times[0]}', reported_at: '{times[1]}'}}\n")
    records, _, _ = validate_text(text, "r.yaml", YearRecords)
    done = review(hulin, records, today=dt.date(2025, 12, 31))
    assert [c.on_time for c in done.cases] == [True]
    assert times[0][11:16] in report.review_html(done, dt.date(2025, 12, 31))
    ical.calendar(done)


def test_a_calendar_past_the_year_9999_is_an_error_not_a_crash(hulin: jointmeeting.Charter
                                                                ) -> None:
    import datetime as dt

    from jointmeeting.publish import ical
    from jointmeeting.runtime.review import review
    from jointmeeting.runtime.year import YearRecords

    for records in (YearRecords(year=10 ** 20), YearRecords.model_validate(
            {"year": 2025, "meetings": [{"id": "m", "kind": "plenary", "date": "9999-12-31"}]})):
        with pytest.raises(ical.CalendarError, match="a date the calendar cannot write"):
            ical.calendar(review(hulin, records, today=dt.date(2025, 12, 31)))
