"""From another government system (an OA, a hotline): who owns a matter, and how a case routes.

Run: python examples/query_and_route.py [charters/huilin.yaml]
"""

from __future__ import annotations

import datetime as dt
import sys
from zoneinfo import ZoneInfo

import jointmeeting
from jointmeeting.runtime.plan import Report, plan


def main(path: str) -> None:
    charter = jointmeeting.load_charter(path)
    problems = [d for d in jointmeeting.check(charter) if d.severity is jointmeeting.Severity.ERROR]
    if problems:
        raise SystemExit("\n".join(map(str, problems)))

    # Who leads on left-behind children? The search answers with units and the clause.
    best = jointmeeting.who(charter, "留守儿童")[0]
    print(f"留守儿童: {best.unit.name} ({best.role.value}) {best.duties[0].duty.source}")

    # A hotline took a call about a pupil at 09:30; the school's bureau reports it as a major case.
    known = dt.datetime(2025, 6, 1, 9, 30, tzinfo=ZoneInfo(charter.timezone))
    for step in plan(charter, Report("major-case", "市教育局", known, minor=True)).steps:
        print(f"{step.seq}. {step.label} {step.action} by {step.deadline:%Y-%m-%d %H:%M} "
              f"({step.clause})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "charters/huilin.yaml")
