"""Time: a time written without an offset is in the charter's time zone, whatever the zone of
the machine; printed times carry their offset (``+08:00``), never an ambiguous ``CST``."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from jointmeeting.runtime.year import read_yaml

from .conftest import HULIN

MACHINE_ZONES = ("UTC", "America/New_York")


def jm(zone: str, *args: str, cwd: Path) -> str:
    """Run the command with the machine's clock in ``zone``; its stdout."""
    env = {**os.environ, "TZ": zone}
    env.pop("JOINTMEETING_CHARTER", None)
    done = subprocess.run([sys.executable, "-m", "jointmeeting", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(("kind", "reporter", "expected"), [
    ("major-case", "市民政局", ["知悉时间 2025-06-03 08:15+08:00", "2025-06-04 08:15+08:00前"]),
    ("mandatory-report", "schools", ["知悉时间 2025-06-03 08:15+08:00",
                                     "报警  2025-06-03 08:15+08:00前"]),
])
def test_route_reads_and_prints_times_in_the_charter_zone(
        tmp_path: Path, kind: str, reporter: str, expected: list[str]) -> None:
    outputs = {zone: jm(zone, "route", "--charter", str(HULIN), "--kind", kind, "--from",
                        reporter, "--at", "2025-06-03 08:15", cwd=tmp_path)
               for zone in MACHINE_ZONES}
    first = outputs[MACHINE_ZONES[0]]
    assert all(out == first for out in outputs.values()), outputs
    for text in expected:
        assert text in first, first
    assert "CST" not in first


def test_route_keeps_a_written_offset(tmp_path: Path) -> None:
    out = jm("UTC", "route", "--charter", str(HULIN), "--kind", "major-case", "--from",
             "市民政局", "--at", "2025-06-03T00:15+00:00", cwd=tmp_path)
    assert "知悉时间 2025-06-03 08:15+08:00" in out
    assert "2025-06-04 08:15+08:00前" in out


def test_incident_open_and_calendar_are_the_same_on_any_machine(tmp_path: Path) -> None:
    stored, calendars, printed = {}, {}, {}
    for zone in MACHINE_ZONES:
        ledger = tmp_path / f"{zone.replace('/', '-')}.sqlite3"
        ics = tmp_path / f"{zone.replace('/', '-')}.ics"
        printed[zone] = jm(zone, "incident", "open", "--charter", str(HULIN), "--kind",
                           "major-case", "--from", "市教育局", "--at", "2025-06-03 08:15",
                           "--ledger", str(ledger), cwd=tmp_path)
        jm(zone, "calendar", "--charter", str(HULIN), "--year", "2025", "-o", str(ics),
           "--ledger", str(ledger), cwd=tmp_path)
        with sqlite3.connect(ledger) as db:
            stored[zone] = db.execute("SELECT known_at FROM incidents").fetchall(), \
                db.execute("SELECT deadline FROM steps ORDER BY id").fetchall()
        calendars[zone] = icalendar.Calendar.from_ical(ics.read_bytes())
    first = MACHINE_ZONES[0]
    assert all(p == printed[first] for p in printed.values()), printed
    assert "2025-06-03 08:15+08:00" in printed[first]
    assert all(s == stored[first] for s in stored.values()), stored
    known = dt.datetime.fromisoformat(stored[first][0][0][0])
    assert known == dt.datetime(2025, 6, 3, 0, 15, tzinfo=dt.UTC)
    dues = {zone: [e.decoded("dtstart") for e in cal.walk("VEVENT")
                   if "incident" in str(e.get("uid"))] for zone, cal in calendars.items()}
    assert dues[first] == [dt.datetime(2025, 6, 4, 0, 15, tzinfo=dt.UTC)]
    assert all(d == dues[first] for d in dues.values()), dues


def test_records_times_without_an_offset_are_in_the_charter_zone(tmp_path: Path,
                                                                 hulin: object) -> None:
    path = tmp_path / "records.yaml"
    path.write_text("format: 1\nyear: 2025\ncases:\n  - {id: c1, rule: major-case, reporter: "
                    "education, known_at: '2025-07-01 09:00', reported_at: "
                    "'2025-07-01T16:30:00+08:00'}\n", encoding="utf-8")
    records = read_yaml(path, hulin)  # type: ignore[arg-type]
    assert records.cases[0].known_at == dt.datetime(2025, 7, 1, 1, 0, tzinfo=dt.UTC)


def test_scenarios_read_times_without_an_offset_in_the_charter_zone(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.yaml"
    path.write_text(
        "format: 1\nscenarios:\n  - name: naive times\n    kind: major-case\n"
        "    from: 市民政局\n    at: 2025-06-03 08:15:00\n    expect:\n"
        "      - {to: office, by: '2025-06-04 08:15'}\n", encoding="utf-8")
    for zone in MACHINE_ZONES:
        out = jm(zone, "route", "--charter", str(HULIN), "--test", str(path), cwd=tmp_path)
        assert out.splitlines() == ["ok   naive times", "1 passed, 0 failed"]
