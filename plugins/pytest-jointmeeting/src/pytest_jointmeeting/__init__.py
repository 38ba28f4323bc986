"""pytest plugin for charters: collection of charter and scenario files, a fixture, helpers.

Representation is judged on the day the ini option ``jointmeeting_on`` pins (``YYYY-MM-DD``), so
a county's CI does not turn red on a later day with no change; without it, on today's date, and
the run's header says which day that is.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import jointmeeting
from jointmeeting.charter.model import SilenceKind
from jointmeeting.charter.outline import areas as outline_areas

__all__ = ["assert_areas_covered", "assert_every_duty_has_owner",
           "assert_every_unit_represented"]


def assert_every_duty_has_owner(charter: jointmeeting.Charter) -> None:
    """Every duty is owned by units of the charter (one owner, and any co-owners), or by its
    office (联席会议办公室负责)."""
    units = {u.id for u in charter.units} | ({charter.office.id} if charter.office else set())
    bad = [f"duty {d.id} ({d.source}) names owner '{owner}', which is not a unit"
           for d in charter.duties for owner in d.owners() if owner not in units]
    if bad:
        raise AssertionError("; ".join(bad))


def assert_every_unit_represented(charter: jointmeeting.Charter,
                                  at: dt.date | None = None) -> None:
    """Every unit with duties has a current representative: a member, or a post its people
    hold; unless the charter says the notice names no member of it (not_in_notice members)."""
    day = at or dt.date.today()
    represented = charter.represented_units(day)
    owners = {owner for d in charter.duties for owner in d.owners()}
    bad = [f"unit {u.id} ({u.name}, {u.source}) has no representative on {day}"
           for u in charter.units if u.id in owners and u.id not in represented
           and charter.silent_on(SilenceKind.MEMBERS, u.id) is None]
    if bad:
        raise AssertionError("; ".join(bad))


def assert_areas_covered(charter: jointmeeting.Charter, areas: Iterable[str] | None = None,
                         *, lead: bool = False) -> None:
    """Each area has a duty serving it, and with ``lead`` a unit leading. By default, every
    area the charter serves (its ``areas:`` scope; all 15 when it declares none)."""
    wanted = list(areas) if areas is not None else [a for a in outline_areas()
                                                    if charter.in_scope(a)]
    bad = []
    for area in wanted:
        serving = [d for d in charter.duties if area in d.areas]
        if not serving:
            bad.append(f"area {area} has no duty")
        elif lead and not any(d.role is jointmeeting.Role.LEAD for d in serving):
            clauses = ", ".join(f"{d.id} ({d.source})" for d in serving[:3])
            bad.append(f"area {area} has no leading unit (duties: {clauses})")
    if bad:
        raise AssertionError("; ".join(bad))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--charter", default=None, help="the charter for the `charter` fixture")
    parser.addini("jointmeeting_charter", "the charter for the `charter` fixture", default="")
    parser.addini("jointmeeting_charters", "charter files to collect as tests", type="linelist",
                  default=["charters/*.yaml"])
    parser.addini("jointmeeting_scenarios", "routing scenario files to collect as tests",
                  type="linelist", default=["tests/scenarios/*.yaml"])
    parser.addini("jointmeeting_on", "the day representation is judged on (YYYY-MM-DD); "
                  "today when not given", default="")


def judged_on(config: pytest.Config) -> dt.date:
    """The day the charter items judge "current representative" on."""
    pinned = str(config.getini("jointmeeting_on")).strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise pytest.UsageError(f"jointmeeting_on = {pinned!r} is not a date written "
                                "YYYY-MM-DD") from None


def pytest_report_header(config: pytest.Config) -> str:
    day = judged_on(config)
    if config.getini("jointmeeting_on"):
        return f"jointmeeting: representation judged on {day} (jointmeeting_on)"
    return (f"jointmeeting: representation judged on {day} (today; pin it with "
            "jointmeeting_on = YYYY-MM-DD in the ini file)")


@pytest.fixture
def charter(request: pytest.FixtureRequest) -> jointmeeting.Charter:
    """The charter named by --charter, the jointmeeting_charter ini option, or
    $JOINTMEETING_CHARTER (relative to the rootdir)."""
    config = request.config
    name = (config.getoption("--charter") or config.getini("jointmeeting_charter")
            or os.environ.get("JOINTMEETING_CHARTER"))
    if not name:
        pytest.fail("name a charter: --charter, jointmeeting_charter in the ini file, or "
                    "$JOINTMEETING_CHARTER", pytrace=False)
    return jointmeeting.load_charter(Path(config.rootpath) / name)


def _matches(path: Path, config: pytest.Config, option: str) -> bool:
    relative = path.relative_to(config.rootpath).as_posix() if path.is_relative_to(
        config.rootpath) else path.as_posix()
    return any(fnmatch.fnmatch(relative, pattern) for pattern in config.getini(option))


#: Top-level keys only a county's charter has, or that make a file one (it extends a template).
_COUNTY_KEYS = re.compile(r"^(?:jurisdiction|source|extends)\s*:", re.MULTILINE)


def is_template(path: Path) -> bool:
    """A template charter, not a county's: a file under a ``templates`` folder, or one with no
    ``jurisdiction``/``source`` of its own that extends nothing. It is data for the counties
    that extend it, and checking it as a charter would only report what it leaves out."""
    if "templates" in path.parts[:-1]:
        return True
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False  # a charter that cannot be read is the check's finding to report
    return not _COUNTY_KEYS.search(text)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    config = parent.config
    if file_path.suffix not in {".yaml", ".yml"}:
        return None
    if _matches(file_path, config, "jointmeeting_charters"):
        if is_template(file_path):
            return None
        return CharterFile.from_parent(parent, path=file_path)
    if _matches(file_path, config, "jointmeeting_scenarios"):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class CharterFile(pytest.File):
    """A charter file: three tests, one load. Items are run wherever pytest-xdist sends them;
    each worker loads a file once for the items it runs."""

    _loaded: jointmeeting.Charter | jointmeeting.CharterError | None = None

    def collect(self) -> Iterator[pytest.Item]:
        for name in ("checks clean", "every duty has an owner", "every unit is represented"):
            yield CharterItem.from_parent(self, name=name)

    def load(self) -> jointmeeting.Charter:
        if self._loaded is None:
            try:
                self._loaded = jointmeeting.load_charter(self.path)
            except jointmeeting.CharterError as exc:
                self._loaded = exc
        if isinstance(self._loaded, jointmeeting.CharterError):
            raise CharterFailure("\n".join(map(str, self._loaded.diagnostics)))
        return self._loaded


class CharterItem(pytest.Item):
    def runtest(self) -> None:
        assert isinstance(self.parent, CharterFile)
        loaded = self.parent.load()
        day = judged_on(self.config)
        if self.name == "checks clean":
            found = [d for d in jointmeeting.check(loaded, today=day)
                     if d.severity is jointmeeting.Severity.ERROR]
            if found:
                raise CharterFailure("\n".join(map(str, found)))
        elif self.name == "every duty has an owner":
            assert_every_duty_has_owner(loaded)
        else:
            assert_every_unit_represented(loaded, at=day)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, (CharterFailure, AssertionError)):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.name}: {self.name}"


class CharterFailure(Exception):
    """A charter's findings, shown as the CLI shows them."""


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from jointmeeting.runtime.scenarios import load_scenario_file

        try:
            scenarios = load_scenario_file(self.path)
        except jointmeeting.CharterError as exc:
            raise CharterFailure("\n".join(map(str, exc.diagnostics))) from None
        if scenarios.charter is None:
            return
        for scenario in scenarios.scenarios:
            yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario,
                                           charter_path=self.path.parent / scenarios.charter)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Any, charter_path: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.charter_path = charter_path

    def runtest(self) -> None:
        from jointmeeting.runtime.scenarios import run

        (outcome,) = run(jointmeeting.load_charter(self.charter_path), [self.scenario])
        if not outcome.passed:
            raise CharterFailure(f"{self.name}: {outcome.detail}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, CharterFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"
