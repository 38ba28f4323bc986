"""jointmeeting: a joint meeting system (联席会议制度) as typed, checked, queryable data.

>>> import jointmeeting
>>> charter = jointmeeting.load_charter("charters/huilin.yaml")
>>> [d.text for d in charter.duties_of("市民政局")][1][:9]
'牵头推进流浪儿童、'
"""

#: The one place the version is written: the build reads it (pyproject.toml, [tool.hatch.version]).
__version__ = "0.2.0"

from typing import TYPE_CHECKING, Any

from jointmeeting.charter.loader import charter_from_text
from jointmeeting.charter.model import (
    AmbiguousNameError,
    Charter,
    Duty,
    Meeting,
    Member,
    NameLookupError,
    Party,
    Post,
    ReportingRule,
    Role,
    Unit,
    UnknownIdError,
    UnknownUnitError,
)
from jointmeeting.charter.parse import Limits
from jointmeeting.checks.coverage import coverage
from jointmeeting.checks.rules import check
from jointmeeting.errors import CharterError, Diagnostic, JointMeetingError, Position, Severity
from jointmeeting.graph.search import who
from jointmeeting.host.assembly import load_charter

if TYPE_CHECKING:
    from jointmeeting.charter.contacts import Channel, Contacts
    from jointmeeting.charter.diff import Difference, diff
    from jointmeeting.graph.responsibility import ResponsibilityGraph
    from jointmeeting.runtime.plan import Plan, PlannedStep, Report, plan

#: Names kept out of a bare ``import jointmeeting`` until used: the graph brings networkx, and
#: a command that never draws one should not pay for it (see test_scale's start-up test).
_LAZY = {
    "Channel": "jointmeeting.charter.contacts", "Contacts": "jointmeeting.charter.contacts",
    "Difference": "jointmeeting.charter.diff", "diff": "jointmeeting.charter.diff",
    "ResponsibilityGraph": "jointmeeting.graph.responsibility",
    "Plan": "jointmeeting.runtime.plan", "PlannedStep": "jointmeeting.runtime.plan",
    "Report": "jointmeeting.runtime.plan", "plan": "jointmeeting.runtime.plan",
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jointmeeting' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "AmbiguousNameError",
    "Channel",
    "Charter",
    "CharterError",
    "Contacts",
    "Diagnostic",
    "Difference",
    "Duty",
    "JointMeetingError",
    "Limits",
    "Meeting",
    "Member",
    "NameLookupError",
    "Party",
    "Plan",
    "PlannedStep",
    "Position",
    "Post",
    "Report",
    "ReportingRule",
    "ResponsibilityGraph",
    "Role",
    "Severity",
    "Unit",
    "UnknownIdError",
    "UnknownUnitError",
    "__version__",
    "charter_from_text",
    "check",
    "coverage",
    "diff",
    "load_charter",
    "plan",
    "who",
]
