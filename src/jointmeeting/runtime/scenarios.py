"""Routing tests: a file of cases with the recipients and deadlines each must get (like
amtool's routing tests or OpenFisca's YAML tests), checked against a charter's plan.

```yaml
format: 1
scenarios:
  - name: 县教育局报告重大案件
    kind: case-report
    from: 县教育局
    at: 2025-06-01T10:00:00+08:00
    expect:
      - {to: office, by: 2025-06-02T10:00:00+08:00}
```
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from jointmeeting.charter.contacts import Contacts
from jointmeeting.charter.loader import load_file
from jointmeeting.charter.model import Charter, NameLookupError
from jointmeeting.charter.values import Model, Slug, Text
from jointmeeting.errors import ScenarioError
from jointmeeting.runtime.plan import PlanError, Report, aware, plan


class Expected(Model):
    to: Slug
    by: dt.datetime | None = Field(None, description="The deadline; without an offset, in the "
                                   "charter's time zone.")
    channel: Slug | None = Field(None, description="The notifier the step must go through.")


class Scenario(Model):
    name: Text
    kind: Slug
    from_: Text = Field(alias="from")
    at: dt.datetime = Field(description="When the case became known; without an offset, in "
                            "the charter's time zone.")
    minor: bool = False
    expect: list[Expected] = Field(default_factory=list)
    error: Text | None = Field(None, description="Expect the case to be refused with this "
                               "text in the reason.")


class ScenarioFile(Model):
    format: Literal[1]
    charter: str | None = Field(None, description="The charter the scenarios route against, "
                                "relative to this file (for the pytest plugin's collection).")
    scenarios: list[Scenario]


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    passed: bool
    detail: str


#: Load a file of scenarios; raises :class:`~jointmeeting.errors.ScenarioError` with findings.
load_scenario_file = functools.partial(load_file, model=ScenarioFile, error=ScenarioError)


def load_scenarios(path: str | os.PathLike[str]) -> list[Scenario]:
    return load_scenario_file(path).scenarios


def _when(moment: dt.datetime | None, charter: Charter) -> str:
    return aware(moment, charter).isoformat() if moment else "no deadline"


def run(charter: Charter, scenarios: list[Scenario], contacts: Contacts | None = None
        ) -> list[Outcome]:
    outcomes = []
    for case in scenarios:
        try:
            made = plan(charter, Report(case.kind, case.from_, case.at, minor=case.minor),
                        contacts)
        except (PlanError, NameLookupError) as exc:
            ok = case.error is not None and case.error in str(exc)
            outcomes.append(Outcome(case.name, ok, f"refused: {exc}"))
            continue
        if case.error is not None:
            outcomes.append(Outcome(case.name, False, f"expected refusal '{case.error}', "
                                    "got a plan"))
            continue
        got = [(s.recipient, s.deadline, tuple(c.via for c in s.channels)) for s in made.steps]
        want = [(e.to, e.by, e.channel) for e in case.expect]
        problems = []
        if len(got) != len(want):
            problems.append(f"{len(got)} steps, expected {len(want)}")
        for i, ((to, by, vias), (w_to, w_by, w_via)) in enumerate(zip(got, want, strict=False)):
            if to != w_to:
                problems.append(f"step {i + 1} goes to {to}, expected {w_to}")
            if (by and aware(by, charter)) != (w_by and aware(w_by, charter)):
                problems.append(f"step {i + 1} is due {_when(by, charter)}, expected "
                                f"{_when(w_by, charter)}")
            if w_via is not None and w_via not in vias:
                problems.append(f"step {i + 1} goes via {', '.join(vias) or 'no channel'}, "
                                f"expected {w_via}")
        outcomes.append(Outcome(case.name, not problems, "; ".join(problems) or "ok"))
    return outcomes
