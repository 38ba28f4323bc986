"""The pytest plugin, run in a throwaway project with pytester."""

from __future__ import annotations

import pytest

from .conftest import MINIMAL
from .yamledit import edit_yaml

pytest_plugins = ["pytester"]
TEXT = MINIMAL.read_text(encoding="utf-8")


def test_charters_are_collected_and_findings_name_duty_and_clause(
        pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", **{"charters/good": TEXT,
                                  "charters/bad": edit_yaml(
                                      TEXT, "duties.civil-affairs-1.owner", "civil-afairs")})
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=4, failed=2)
    result.stdout.fnmatch_lines([
        "*charters/bad.yaml::checks clean FAILED*",
        "*charters/bad.yaml::every duty has an owner FAILED*",
        "*charters/good.yaml::checks clean PASSED*",
        "*JM301 duty civil-affairs-1: owner names unit 'civil-afairs', which is not a unit*",
        "*duty civil-affairs-1 (四/镇民政办/1) names owner 'civil-afairs', which is not a unit*",
    ])


def test_the_fixture_and_the_helpers(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", **{"town": TEXT})
    pytester.makeini("[pytest]\njointmeeting_charter = town.yaml\njointmeeting_charters =\n")
    pytester.makepyfile(test_town="""
        import datetime as dt
        from pytest_jointmeeting import (
            assert_areas_covered, assert_every_duty_has_owner, assert_every_unit_represented)

        def test_owners(charter):
            assert_every_duty_has_owner(charter)
            assert_every_unit_represented(charter, at=dt.date(2025, 6, 1))

        def test_welfare_is_led(charter):
            assert_areas_covered(charter, ["children.welfare"], lead=True)

        def test_family_is_led(charter):
            assert_areas_covered(charter, ["women.family"], lead=True)

        def test_before_anyone_served(charter):
            assert_every_unit_represented(charter, at=dt.date(2024, 1, 1))
    """)
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "*AssertionError: area women.family has no leading unit (duties: womens-federation-1 "
        "(四/镇妇女联合会/1))*",
        "*unit civil-affairs (镇民政办, 四/镇民政办) has no representative on 2024-01-01*",
    ])


def test_routing_scenarios_are_collected(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", **{"town": TEXT})
    pytester.makefile(".yaml", **{"tests/scenarios/routes": """
format: 1
charter: ../../town.yaml
scenarios:
  - name: right
    kind: major-case
    from: 民政办
    at: 2025-06-01T10:00:00+08:00
    expect:
      - to: office
        by: 2025-06-02T10:00:00+08:00
  - name: wrong
    kind: major-case
    from: 民政办
    at: 2025-06-01T10:00:00+08:00
    expect:
      - to: office
        by: 2025-06-01T12:00:00+08:00
"""})
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*wrong: step 1 is due 2025-06-02T10:00:00+08:00, expected "
                                 "2025-06-01T12:00:00+08:00*"])


def test_a_template_is_never_collected_as_a_county_charter(pytester: pytest.Pytester) -> None:
    template = TEXT.split("format: 1\n")[0] + TEXT.split("issued: 2025-01-15\n")[1]
    pytester.makefile(".yaml", **{"charters/town": TEXT,
                                  "charters/templates/base": TEXT,  # under templates/
                                  "charters/bare-template": template})  # no jurisdiction
    pytester.makeini("[pytest]\njointmeeting_charters = charters/*.yaml\n"
                     "jointmeeting_on = 2025-06-01\n")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=3)
    assert "base.yaml" not in result.stdout.str() and "bare-template" not in result.stdout.str()


def test_representation_is_judged_on_the_pinned_day_and_the_header_says_which(
        pytester: pytest.Pytester) -> None:
    # 张三 leaves on 2025-03-01: red on a later day, green on a day he served.
    left = TEXT.replace("since: 2025-01-15, source: 四/张三}",
                        "since: 2025-01-15, until: 2025-03-01, source: 四/张三}")
    pytester.makefile(".yaml", **{"charters/town": left})
    pytester.makeini("[pytest]\njointmeeting_on = 2025-02-01\n")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["jointmeeting: representation judged on 2025-02-01 "
                                 "(jointmeeting_on)"])
    pytester.makeini("[pytest]\njointmeeting_on = 2025-06-01\n")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*unit civil-affairs (镇民政办, 四/镇民政办) has no "
                                 "representative on 2025-06-01*"])
    pytester.makeini("[pytest]\n")
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(["jointmeeting: representation judged on * (today; pin it "
                                 "with jointmeeting_on = YYYY-MM-DD in the ini file)"])
    pytester.makeini("[pytest]\njointmeeting_on = June\n")
    result = pytester.runpytest()
    result.stderr.fnmatch_lines(["*jointmeeting_on = 'June' is not a date written YYYY-MM-DD*"])
def test_charters_are_checked_on_two_workers_with_xdist(pytester: pytest.Pytester) -> None:
    charters = {f"charters/town-{i}": TEXT for i in range(6)}
    charters["charters/bad"] = edit_yaml(TEXT, "duties.civil-affairs-1.owner", "civil-afairs")
    pytester.makefile(".yaml", **charters)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "xdist", "-rf")
    result.assert_outcomes(passed=19, failed=2)
    result.stdout.fnmatch_lines(["*2 workers*",
                                 "FAILED charters/bad.yaml::checks clean*"])
