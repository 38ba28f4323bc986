"""jointmeeting: a joint meeting system (联席会议制度) as typed, checked, queryable data.

>>> import jointmeeting
>>> charter = jointmeeting.load_charter("charters/huilin.yaml")
>>> [d.text for d in charter.duties_of("市民政局")][1][:9]
'牵头推进流浪儿童、'
"""

#: The one place the version is written: the build reads it (pyproject.toml, [tool.hatch.version]).
__version__ = "0.2.0"

from jointmeeting.assembly import load_charter
from jointmeeting.checks import check
from jointmeeting.errors import CharterError, Diagnostic, JointMeetingError, Position, Severity
from jointmeeting.loader import charter_from_text
from jointmeeting.model import (
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
    UnknownUnitError,
)
from jointmeeting.parse import Limits

__all__ = [
    "AmbiguousNameError",
    "Charter",
    "CharterError",
    "Diagnostic",
    "Duty",
    "JointMeetingError",
    "Limits",
    "Meeting",
    "Member",
    "NameLookupError",
    "Party",
    "Position",
    "Post",
    "ReportingRule",
    "Role",
    "Severity",
    "Unit",
    "UnknownUnitError",
    "__version__",
    "charter_from_text",
    "check",
    "load_charter",
]
