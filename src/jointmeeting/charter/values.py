"""The value types a charter is made of: ids, names, dates, deadlines, periods, and the base
model every charter type shares. Each validates one value and reports a failure with its own
pydantic error type, which the loader maps to a finding code.

Why names are normalised here: a name resolves through NFKC with whitespace removed, so "王 珊"
(padded as in the notice's list) and "王珊" are one person; the loader warns where a file's name
was changed by this.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import itertools
import json
import re
import textwrap
import typing
import unicodedata
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

#: Each value type's rule as a JSON Schema pattern too, so that the schema says what the model
#: says: written in the subset of regex syntax that Python and ECMA-262 share.
SLUG_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN.replace("$", r"\Z"))


def is_slug(value: object) -> bool:
    """Whether ``value`` is an id: lowercase ASCII letters and digits, joined by - or ."""
    return isinstance(value, str) and _SLUG.match(value) is not None


def _slug(value: str) -> str:
    if not is_slug(value):
        raise PydanticCustomError(
            "slug", "'{value}' is not an id: use lowercase ASCII letters, digits and hyphens",
            {"value": value})
    return value


#: Categories that are invisible or reorder text: never acceptable in a name. (Unassigned code
#: points are not refused: which they are depends on the Unicode version of the Python at hand,
#: and a data format's verdict should not.)
_BAD_CATEGORIES = frozenset(("Cc", "Cf", "Co", "Cs"))


@cache
def name_pattern() -> str:
    """A name as a JSON Schema pattern: none of the refused characters of the Basic Multilingual
    Plane, and something besides whitespace.

    Why only the BMP: ECMA-262 without its ``u`` flag, which JSON Schema validators differ on,
    sees a character beyond it as two surrogates; those few (tag characters, private use
    planes) are left to the model.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or unicodedata.category(chr(code)) not in _BAD_CATEGORIES:
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    bad = "".join(f"\\u{a:04x}" + (f"-\\u{b:04x}" if b > a else "") for a, b in ranges)
    return f"^[^{bad}]*[^\\s{bad}][^{bad}]*$"


@dataclass(frozen=True)
class _SchemaOf:
    """A type's JSON Schema, made when a schema is asked for rather than at import (the name
    pattern walks the BMP; the time zones are read from a file)."""

    make: Callable[[], dict[str, Any]]

    def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, Any]:
        return self.make()


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
_DURATION_RE = r"P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$"
DEADLINE_PATTERN = f"^(?:{IMMEDIATELY}$|{_DURATION_RE})"
# The same shape with its numbers captured, to bound the total (the schema says the shape).
_DURATION = re.compile(r"P(?!\Z)(?:(\d+)W)?(?:(\d+)D)?"
                       r"(T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\Z")
#: Built on first use (plans, the review): `check` never needs it.
_DURATION_ADAPTER: TypeAdapter[dt.timedelta] = TypeAdapter(
    dt.timedelta, config=ConfigDict(defer_build=True))
#: The longest deadline a charter may set. Why a bound at all: every deadline is added to
#: times (when a case became known, when a step was sent), and a value like P3650000D passes
#: any format check and then overflows the calendar at run time. No notice gives a body more
#: than a year to act on a report; a leap year's 366 days is the bound.
MAX_DEADLINE = dt.timedelta(days=366)
_UNIT_SECONDS = (7 * 86400, 86400, None, 3600, 60, 1)


def _deadline(value: str) -> str:
    match = _DURATION.match(value) if value != IMMEDIATELY else None
    if value != IMMEDIATELY and match is None:
        raise PydanticCustomError(
            "deadline", "'{value}' is not a deadline: write an ISO 8601 duration such as PT24H, "
            "or 'immediately'", {"value": value})
    if match is not None and _seconds(match) > MAX_DEADLINE.total_seconds():
        raise PydanticCustomError(
            "deadline_range", "'{value}' is longer than the longest deadline a charter may "
            "set, {days} days", {"value": value, "days": MAX_DEADLINE.days})
    return value


def _seconds(match: re.Match[str]) -> int:
    """A duration's seconds, counted in integers: its digits may be far too many for a
    timedelta (or for ``int()``, past 4,300 of them)."""
    total = 0
    for part, unit in zip(match.groups(), _UNIT_SECONDS, strict=True):
        if part is not None and unit is not None:
            digits = part.lstrip("0")
            if len(digits) > 15:
                return 10 ** 20
            total += int(digits or "0") * unit
    return total


def deadline_delta(deadline: str) -> dt.timedelta:
    """A deadline as a timedelta; ``immediately`` is zero."""
    if deadline == IMMEDIATELY:
        return dt.timedelta(0)
    return _DURATION_ADAPTER.validate_python(deadline)


@cache
def timezones() -> tuple[str, ...]:
    """The IANA time zone names a charter may use, as shipped with the package.

    Why a shipped list rather than the machine's: the JSON Schema enumerates them, and it must
    be the same on every machine that generates it.
    """
    text = resources.files("jointmeeting").joinpath("data/timezones.json").read_text("utf-8")
    return tuple(json.loads(text))


def _timezone(value: str) -> str:
    try:
        if value not in timezones():
            raise ValueError(value)
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a folder of the time zone database ("Asia") is a name zoneinfo opens.
        raise PydanticCustomError("timezone", "'{value}' is not an IANA time zone such as "
                                  "Asia/Shanghai", {"value": value}) from None
    return value


#: A recurring period may be calendar months or years, which a deadline may not.
PERIOD_PATTERN = r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$"
_PERIOD = re.compile(PERIOD_PATTERN.replace("$", r"\Z"))


AS_NEEDED = "as-needed"


def _cadence(value: str) -> str:
    if value != AS_NEEDED and not _PERIOD.match(value):
        raise PydanticCustomError(
            "cadence", "'{value}' is not a cadence: write an ISO 8601 period such as P3M "
            "(quarterly) or P6M (half-yearly), or 'as-needed'", {"value": value})
    return value


def _whole(value: Any) -> Any:
    # A YAML 1.0 is the number 1: JSON (and so JSON Schema's "integer") cannot tell them apart.
    return int(value) if isinstance(value, float) and value.is_integer() else value


Slug = Annotated[str, AfterValidator(_slug),
                 WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
Timezone = Annotated[str, AfterValidator(_timezone),
                     _SchemaOf(lambda: {"type": "string", "enum": list(timezones())})]
Name = Annotated[str, AfterValidator(_name),
                 _SchemaOf(lambda: {"type": "string", "pattern": name_pattern()})]
Text = Annotated[str, StringConstraints(min_length=1)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date),
                    WithJsonSchema({"type": "string", "format": "date"})]
Deadline = Annotated[str, AfterValidator(_deadline),
                     WithJsonSchema({"type": "string", "pattern": DEADLINE_PATTERN})]
#: How often something recurs: a period (``P3M`` quarterly, ``P6M`` half-yearly) or
#: ``as-needed`` (根据工作需要, 不定期).
Cadence = Annotated[str, AfterValidator(_cadence), WithJsonSchema(
    {"type": "string", "pattern": f"^(?:{AS_NEEDED}$|{PERIOD_PATTERN[1:]})"})]
#: A count: an integer (``1.0`` is 1, as in JSON), never a boolean or a string.
Count = Annotated[StrictInt, BeforeValidator(_whole)]
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
    # A field's docstring is its description, given by `described` to what shows it (the
    # JSON Schema, the format reference), not at import: pydantic's use_attribute_docstrings
    # reads every class's source then, a tenth of `jointmeeting check`'s run.
    model_config = ConfigDict(extra="forbid", strict=False, validate_default=True,
                              defer_build=True)


def described(root: type[BaseModel]) -> None:
    """Give each field of ``root`` and of the models under it, that has no description, the
    docstring written below it (as pydantic's ``use_attribute_docstrings`` would), and rebuild
    those models so that their JSON Schema shows it. Done once; later calls change nothing."""
    models: list[type[BaseModel]] = []  # children before parents: each rebuild sees them
    seen: set[type[BaseModel]] = set()

    def visit(kind: Any) -> None:
        for arg in typing.get_args(kind):
            visit(arg)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and kind not in seen:
            seen.add(kind)
            for info in kind.model_fields.values():
                visit(info.annotation)
            models.append(kind)

    visit(root)
    changed = [model for model in models if _describe_fields(model)]
    for model in models if changed else ():
        model.model_rebuild(force=True)


def _describe_fields(model: type[BaseModel]) -> bool:
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if issubclass(cls, BaseModel) and cls is not BaseModel:
            docs.update(_attribute_docstrings(cls))
    changed = False
    for name, info in model.model_fields.items():
        if info.description is None and name in docs:
            info.description, changed = docs[name], True
    return changed


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """``{field: docstring}`` for each annotated attribute of ``cls`` followed by a string."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    return {node.target.id: inspect.cleandoc(after.value.value)
            for node, after in itertools.pairwise(body)
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)}


class Noted(Model):
    """An item that may say what the notice leaves open, or flag an oddity of the notice."""

    assumption: str | None = Field(
        None, description="What the notice leaves open here, and what this file takes for it.")
    remark: str | None = Field(
        None, description="An oddity of the notice itself, kept as written and flagged.")
