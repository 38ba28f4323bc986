"""The value types a charter is made of: ids, names, dates, deadlines, periods, and the base
model every charter type shares. Each validates one value and reports a failure with its own
pydantic error type, which the loader maps to a finding code.

Why names are normalised here: a name resolves through NFKC with whitespace removed, so "王 珊"
(padded as in the notice's list) and "王珊" are one person; the loader warns where a file's name
was changed by this.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zoneinfo
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

_SLUG = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*\Z")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError(
            "slug", "'{value}' is not an id: use lowercase ASCII letters, digits and hyphens",
            {"value": value})
    return value


#: Categories that are invisible or reorder text: never acceptable in a name.
_BAD_CATEGORIES = frozenset(("Cc", "Cf", "Co", "Cs", "Cn"))


#: Key of the validation context in which names that normalisation changed are collected.
NORMALISED = "normalised_names"


#: A space next to a CJK character is layout ("王 珊"); between two Latin words it is a word break.
_CJK_SPACE = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]) | (?=[\u2e80-\u9fff"
                        r"\uf900-\ufaff\uff00-\uffef])")


def normalise_name(value: str) -> str:
    """How names are compared and stored: NFKC, then whitespace (U+3000 included) removed.

    Why not every space: a Chinese name has none that mean anything ("王 珊", "张　三" are 王珊,
    张三), but "Civil Affairs Bureau" does. So whitespace runs become one space, and a space next
    to a CJK character goes; a name in Chinese ends with no whitespace at all.
    """
    collapsed = " ".join(unicodedata.normalize("NFKC", value).split())
    return _CJK_SPACE.sub("", collapsed)


def _name(value: str, info: ValidationInfo) -> str:
    for char in value:
        if unicodedata.category(char) in _BAD_CATEGORIES:
            raise PydanticCustomError(
                "name_chars", "name holds the invisible character U+{code} ({cname})",
                {"code": f"{ord(char):04X}", "cname": unicodedata.name(char, "unnamed")})
    name = normalise_name(value)
    if not name:
        raise PydanticCustomError("name_empty", "name is empty", {})
    if name != value and isinstance(info.context, dict) and NORMALISED in info.context:
        # The loader warns about these; telling it that there are any spares it a search.
        info.context[NORMALISED].add(value)
    return name


def _iso_date(value: Any) -> Any:
    # Dates are written as YYYY-MM-DD text; a number or a datetime here is a mistake, not a date.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_format", "'{value}' is not a date written YYYY-MM-DD",
                                  {"value": value})
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_value", "'{value}' is not a real date",
                                  {"value": value}) from None


IMMEDIATELY = "immediately"
_DURATION = re.compile(r"P(?!\Z)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?\Z")
_DURATION_ADAPTER: TypeAdapter[dt.timedelta] = TypeAdapter(dt.timedelta)


def _deadline(value: str) -> str:
    if value != IMMEDIATELY and not _DURATION.match(value):
        raise PydanticCustomError(
            "deadline", "'{value}' is not a deadline: write an ISO 8601 duration such as PT24H, "
            "or 'immediately'", {"value": value})
    return value


def deadline_delta(deadline: str) -> dt.timedelta:
    """A deadline as a timedelta; ``immediately`` is zero."""
    if deadline == IMMEDIATELY:
        return dt.timedelta(0)
    return _DURATION_ADAPTER.validate_python(deadline)


def _timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError("timezone", "'{value}' is not an IANA time zone such as "
                                  "Asia/Shanghai", {"value": value}) from None
    return value


#: A recurring period may be calendar months or years, which a deadline may not.
_PERIOD = re.compile(r"P(?!\Z)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?\Z")


AS_NEEDED = "as-needed"


def _cadence(value: str) -> str:
    if value != AS_NEEDED and not _PERIOD.match(value):
        raise PydanticCustomError(
            "cadence", "'{value}' is not a cadence: write an ISO 8601 period such as P3M "
            "(quarterly) or P6M (half-yearly), or 'as-needed'", {"value": value})
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Timezone = Annotated[str, AfterValidator(_timezone)]
Name = Annotated[str, AfterValidator(_name)]
Text = Annotated[str, StringConstraints(min_length=1)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date),
                    WithJsonSchema({"type": "string", "format": "date"})]
Deadline = Annotated[str, AfterValidator(_deadline)]
#: How often something recurs: a period (``P3M`` quarterly, ``P6M`` half-yearly) or
#: ``as-needed`` (根据工作需要, 不定期).
Cadence = Annotated[str, AfterValidator(_cadence)]
#: A reference to a clause of the notice, as `jointmeeting notice refs` lists them: a section,
#: subsection or unit paragraph, then ``/N`` for its N-th sentence.
SourceRef = Annotated[str, StringConstraints(min_length=1)]
#: A reference to a unit, post, the office, an outside party, or a group (``members``,
#: ``lead-unit``).
Ref = Slug

#: Groups a rule may name instead of one party.
GROUPS = {
    "members": "every member unit of the joint meeting",
    "lead-unit": "the unit that leads on the matter at hand",
    "liaisons": "every member unit's liaison officer (联络员)",
    "joint-meeting": "the joint meeting as a whole (联席会议), e.g. reporting upward",
}


class Model(BaseModel):
    """Base of every charter type: unknown keys are errors (rendercv's choice)."""

    # defer_build: a command validates only some models (`check` never builds the validators
    # of contacts or year records); each is built on its first use instead of at import.
    model_config = ConfigDict(extra="forbid", strict=False, validate_default=True,
                              defer_build=True)


class Noted(Model):
    """An item that may say what the notice leaves open, or flag an oddity of the notice."""

    assumption: str | None = Field(
        None, description="What the notice leaves open here, and what this file takes for it.")
    remark: str | None = Field(
        None, description="An oddity of the notice itself, kept as written and flagged.")
