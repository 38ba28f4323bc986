"""The charter as pydantic v2 types (its value types are in :mod:`jointmeeting.charter.values`).

Validation here is of single objects: types, strict booleans, real dates, ids, deadlines, clean
names. Rules that relate two objects (an owner that must be a unit, a chair that must be a post)
are checks in :mod:`jointmeeting.checks`, so that a finding can name both ends and their positions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictBool

from jointmeeting.charter.named import Scope, read_named
from jointmeeting.charter.values import (
    GROUPS,
    SLUG_PATTERN,
    Cadence,
    Count,
    Deadline,
    IsoDate,
    Model,
    Name,
    Noted,
    Ref,
    Slug,
    SourceRef,
    Text,
    Timezone,
    normalise_name,
)
from jointmeeting.charter.words import Language, words
from jointmeeting.errors import Diagnostic, JointMeetingError, Locator

T = TypeVar("T")

# --- the charter's parts ---------------------------------------------------------------------


class Jurisdiction(Noted):
    name: Name | None = Field(description="The place's official name; null when the text "
                              "does not name it (with a not_in_notice statement place).")
    level: str
    """Its administrative level, e.g. county-level-city, township."""
    parent: Name | None = None
    """The place it belongs to."""
    province: Name | None = None
    """Its province."""


class DocumentKind(enum.StrEnum):
    """What the text the charter transcribes is."""

    NOTICE = "notice"  # the notice (or the system it sends) itself
    NEWS_REPORT = "news-report"  # a news report of the system, not its text


class Document(Model):
    """The notice the charter transcribes."""

    kind: DocumentKind = Field(
        DocumentKind.NOTICE, description="notice: the text is the notice itself; news-report: "
        "a news report of the system, not its text.")
    document: Text | None = Field(
        description="The notice's number, e.g. 虎政办发〔2025〕7号; null when the text gives "
        "none (with a not_in_notice statement document-number).")
    title: Text
    """The notice's title."""
    issuer: Name | None = Field(
        description="The body that issued the notice; null when the text does not give it "
        "(with a not_in_notice statement issuer).")
    issued: IsoDate | None = Field(
        description="The day the notice was issued (YYYY-MM-DD); null when the text gives "
        "none (with a not_in_notice statement issue-date).")
    basis: list[Text] = Field(default_factory=list, description="Laws the system rests on.")
    serves: list[Text] = Field(default_factory=list, description="Plans the system serves.")
    text: str | None = Field(
        None, description="Path of the notice's full text, relative to the charter file.")


class UnitKind(enum.StrEnum):
    PARTY = "party"
    GOVERNMENT = "government"
    JUDICIAL = "judicial"
    PEOPLES_CONGRESS = "peoples-congress"  # 人大 (its standing committee's offices)
    CPPCC = "cppcc"  # 政协
    MASS_ORGANIZATION = "mass-organization"  # 工会, 共青团, 妇联, 科协, 残联, 关工委 …
    INSTITUTION = "institution"
    ENTERPRISE = "enterprise"  # 国有企业, 通信运营商, 铁路 … where a table counts them as members
    ENTERPRISE_BRANCH = "enterprise-branch"  # 中国电信XX分公司, XX车务段, XX火车站
    CENTRAL_BRANCH = "central-branch"  # a vertically managed body's branch: 人民银行XX中心支行
    TOWNSHIP = "township"  # 乡镇: a town or township government as a member unit
    SUBDISTRICT = "subdistrict"  # 街道: a sub-district office as a member unit


class Unit(Noted):
    id: Slug
    """The unit's id, an ASCII slug."""
    name: Name = Field(description="The official name as the notice gives it.")
    aliases: list[Name] = Field(default_factory=list,
                                description="Every other name the notice uses for the unit.")
    signboards: list[Name] = Field(
        default_factory=list, description="The unit's names when it bears several at once "
        "(一个机构两块牌子, written 甲（乙） in the notice): each resolves to the unit.")
    kind: UnitKind = Field(description="party, government, judicial, peoples-congress, cppcc, "
                           "mass-organization, institution, enterprise, enterprise-branch (an "
                           "enterprise's local branch: 中国电信XX分公司), central-branch (a "
                           "vertically managed body's local branch: 人民银行XX中心支行, 国家统计局"
                           "XX调查队), township (乡镇) or subdistrict (街道).")
    parent: Slug | None = Field(None, description="The unit this one sits with.")
    source: SourceRef
    """Where the unit stands in the notice."""

    def names(self) -> list[str]:
        return [self.name, *self.signboards, *self.aliases]


class OpenList(Noted):
    """The notice's list of member units ends open (……等部门组成): which others belong is
    unknown, and the file says so instead of guessing."""

    text: Text = Field(description="The notice's words that leave the list open, verbatim.")
    source: SourceRef
    """Where the notice's list of units ends."""


class LeadUnit(Noted):
    """The unit or units that lead the whole table (牵头单位), apart from any duty they own."""

    unit: Slug | list[Slug] = Field(description="The id of the lead unit, or the ids of the "
                                    "units that lead together (由区妇联和区教育局牵头), in the "
                                    "notice's order.")
    text: Text = Field(description="The notice's words that make it the lead, verbatim.")
    source: SourceRef
    """Where the notice names the lead unit."""

    def units(self) -> list[str]:
        """The ids of the lead units, one or several, in the notice's order."""
        return [self.unit] if isinstance(self.unit, str) else list(self.unit)


class Office(Noted):
    """The joint meeting's office (联席会议办公室), hosted by a unit."""

    id: Slug = "office"
    """The office's id, used by rules that report to it."""
    name: Name
    """The office's name as the charter uses it."""
    official_name: Name | None = None
    """The office's full official name, when the notice gives one."""
    host: Slug | None = Field(description="The id of the unit that hosts the office; null "
                              "when the notice does not say (with a not_in_notice statement "
                              "office-host).")
    host_subunit: Name | None = Field(
        None, description="The part of the host unit the office sits in (设在县公安局刑事侦查大队"
        " → host: the police bureau, host_subunit: 刑事侦查大队).")
    text: Text
    """The notice's own words on the office."""
    responsibilities: list[Text]
    """What the office does, in the notice's words."""
    source: SourceRef
    """Where the office stands in the notice."""


class Holder(Noted):
    """Who holds a post: by position, and by name when the notice names the person."""

    unit: Slug | None = None
    """The id of the unit whose person holds the post, when it sits at the table."""
    organization: Name | None = Field(None, description="A holder's body outside the table.")
    position: Text | None = Field(description="The position that holds the post (分管妇女儿童工作"
                                  "的副市长); null when the notice does not give it (with a "
                                  "not_in_notice statement holder-position).")
    name: Name | None = None
    """The holder's name, when the notice gives it; null otherwise."""
    since: IsoDate | None = None
    """The first day the holder holds the post."""
    until: IsoDate | None = None
    """The first day the holder no longer holds it (exclusive)."""


class PostKind(enum.StrEnum):
    """What a post is at the table, whatever the notice calls it."""

    GENERAL_CONVENER = "general-convener"  # 总召集人
    DEPUTY_GENERAL_CONVENER = "deputy-general-convener"  # 副总召集人
    CONVENER = "convener"  # 召集人
    DEPUTY_CONVENER = "deputy-convener"  # 副召集人
    OFFICE_DIRECTOR = "office-director"  # 办公室主任
    OFFICE_DEPUTY_DIRECTOR = "office-deputy-director"  # 办公室副主任


class Post(Noted):
    id: Slug
    """The post's id, an ASCII slug."""
    title: Name
    """The post's title (召集人)."""
    kind: PostKind | None = Field(None, description="What the post is, for a table with several "
                                  "conveners or deputies.")
    held_by: Holder
    """Who holds the post."""
    same_holder_as: Slug | None = Field(None, description="A post held concurrently (兼任).")
    text: Text | None = Field(None, description="The sentence that sets up the post, verbatim; "
                              "null when the holder is named only by the layout of a list.")
    source: SourceRef
    """Where the post stands in the notice."""


class Appointment(Model):
    unit: Slug
    """The id of the further unit represented."""
    position: Text
    """The person's position there."""


class Member(Noted):
    """A dated membership: a person representing a unit at the table."""

    name: Name | None = Field(description="The person's name; null when the notice lists only "
                              "a position (分管负责同志), with an assumption.")
    unit: Slug
    """The id of the unit the member represents."""
    position: Text
    """The member's position in that unit."""
    also: list[Appointment] = Field(default_factory=list,
                                    description="Further units the same person represents.")
    since: IsoDate | None = Field(description="The first day of the membership; null when the "
                                  "notice does not give it (with a not_in_notice statement "
                                  "member-since): the member then counts from any day on.")
    until: IsoDate | None = Field(None, description="The first day the membership no longer "
                                  "holds (exclusive).")
    filing: str | None = Field(None, description="The office's filing number (备案号) of the "
                               "succession that started this membership.")
    approved_on: IsoDate | None = Field(None, description="The day the post named by "
                                        "succession.approved_by consented to this membership.")
    source: SourceRef
    """Where the membership stands: the notice's list, or a filing."""

    def appointments(self) -> list[Appointment]:
        # model_construct: the unit and position were validated with the member; validating
        # them again on every lookup made the roster's lookups the cost of `show` and `site`.
        return [Appointment.model_construct(unit=self.unit, position=self.position), *self.also]

    @property
    def label(self) -> str:
        """The person's name, or the position for a member the notice does not name."""
        return self.name or self.position

    def active(self, on: dt.date) -> bool:
        return (self.since is None or self.since <= on) and (self.until is None
                                                               or on < self.until)


class Liaison(Noted):
    """A unit's liaison officer (联络员): named, or to be named (``name: null``)."""

    unit: Slug
    """The id of the unit the officer liaises for."""
    name: Name | None = None
    """The officer's name; null while the unit has not named one (with an assumption)."""
    position: Text | None = None
    """The officer's position, when the notice gives it."""
    since: IsoDate | None = None
    """The first day the officer serves, when known."""
    until: IsoDate | None = None
    """The first day the officer no longer serves (exclusive)."""
    source: SourceRef
    """Where the notice names the officer, or asks for one."""


class LiaisonRule(Noted):
    """Each member unit names a liaison officer (各成员单位确定1名联络员)."""

    text: Text
    """The notice's words on liaison officers, verbatim."""
    per_unit: Count | None = Field(None, ge=1, description="How many each unit names.")
    officers: list[Liaison] = Field(default_factory=list,
                                    description="The officers the notice names, unit by unit.")
    source: SourceRef
    """Where the notice sets up liaison officers."""


class RosterSpec(Model):
    """Where the members come from: the charter file itself, or a roster source plugin."""

    source: Slug = Field("charter", description="A roster source's name, e.g. charter, xlsx, csv.")
    path: str | None = Field(None, description="The roster file, relative to the charter file.")
    sheet: str | None = Field(None, description="The worksheet, for a spreadsheet.")


class PartyKind(enum.StrEnum):
    REPORTER = "reporter"
    RECIPIENT = "recipient"


class Party(Noted):
    """A body outside the table that a rule names: a school, a hospital, the police."""

    id: Slug
    """The party's id, an ASCII slug."""
    name: Name
    """The party's name as the notice gives it."""
    aliases: list[Name] = Field(default_factory=list,
                                description="Every other name the notice uses for the party.")
    kind: PartyKind
    """Whether the party reports (reporter) or is reported to (recipient)."""
    source: SourceRef
    """Where the notice names it."""

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class Role(enum.StrEnum):
    LEAD = "lead"  # 牵头
    OWNS = "owns"
    SUPPORTS = "supports"  # 配合

    @property
    def label(self) -> str:
        """The word the notices use: 牵头, 负责, 配合."""
        return {"lead": "牵头", "owns": "负责", "supports": "配合"}[self.value]

    @property
    def rank(self) -> int:
        """Strongest first (lead 0, owns 1, supports 2): how search and coverage order roles."""
        return list(Role).index(self)


class Duty(Noted):
    id: Slug
    """The duty's id, an ASCII slug."""
    owner: Slug
    """The id of the one unit that owns the duty, or the office's id for a duty the notice
    gives the office (联席会议办公室负责)."""
    co_owners: list[Slug] = Field(
        default_factory=list, description="Further units that own the duty jointly with owner "
        "(A、B、C负责: owner A, co_owners [B, C]), in the notice's order.")
    role: Role = Role.OWNS
    """How the owner holds it: lead (牵头), owns (负责) or supports (配合)."""
    support: list[Slug] = Field(default_factory=list)
    """Ids of the units the clause names as supporting (配合) the owner."""
    text: Text = Field(description="The notice's own words, whitespace removed.")
    areas: list[str] = Field(default_factory=list,
                             description="Ids of the national outlines' areas the duty serves.")
    source: SourceRef
    """Where the duty stands in the notice, e.g. 四/市民政局/2."""

    def owners(self) -> list[str]:
        """The owner and every co-owner."""
        return [self.owner, *self.co_owners]


class Clause(Noted):
    """A verbatim clause that binds the joint meeting as a whole."""

    id: Slug
    """The clause's id, an ASCII slug."""
    text: Text
    """The notice's own words."""
    source: SourceRef
    """Where the clause stands in the notice, e.g. 三/1."""


class Frequency(Model):
    """How many times a year, at least and at most."""

    min: Count = Field(ge=0, description="At least this many times a year.")
    max: Count | None = Field(None, ge=0, description="At most this many times a year; "
                              "null when the notice sets no upper bound.")


class Meeting(Noted):
    id: Slug
    """The meeting's id, an ASCII slug."""
    name: Name
    """The meeting's name (全体会议, 专题会议)."""
    text: Text
    """The notice's own words on the meeting."""
    per_year: Frequency | None = None
    """How often it meets in a year, when the notice says."""
    cadence: Cadence | None = Field(None, description="P3M quarterly, P6M half-yearly, "
                                    "as-needed (根据工作需要).")
    chair: Ref | None = None
    """The id of the post that chairs it."""
    called_by: list[Ref] = Field(default_factory=list)
    """Ids of the posts or units that may call it."""
    attendees: list[Ref] = Field(default_factory=list, description="Who attends, when the "
                                 "notice says: members, liaisons (联络员会议), posts, units.")
    trigger: Text | None = None
    """What calls the meeting, in the notice's words."""
    purpose: list[Text] = Field(default_factory=list)
    """What the meeting is for, in the notice's words."""
    source: SourceRef
    """Where the meeting stands in the notice."""

    def times_a_year(self) -> Frequency | None:
        """How often it is held in a year: ``per_year``, else what a cadence of whole months
        or years gives (P3M: 4, P6M: 2); None when held as needed or the notice says nothing."""
        if self.per_year is not None or self.cadence is None:
            return self.per_year
        found = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?", self.cadence)
        months = 12 * int(found[1] or 0) + int(found[2] or 0) if found else 0
        if not months or 12 % months:
            return None
        return Frequency(min=12 // months, max=12 // months)


class ReportKind(enum.StrEnum):
    PERIODIC = "periodic"
    EVENT = "event"
    MANDATORY = "mandatory"


class Step(Noted):
    to: Ref
    """The id of who is told."""
    action: Text
    """What they are told to do, in the notice's words (报告, 报警)."""
    within: Deadline | None = None
    """How fast: an ISO 8601 duration (PT24H) or 'immediately'; absent when the notice sets none."""
    working_days: StrictBool = Field(False, description="`within` counts working days "
                                     "(3个工作日内 → within: P3D, working_days: true).")


class Tracks(enum.StrEnum):
    """What the year's review tracks with a rule or requirement, whatever its id."""

    PROGRESS = "progress"  # each unit's periodic progress reports
    CASES = "cases"  # case reports: the rule a case record names by default
    PLANS = "plans"  # each unit's annual plan of practical matters


class ReportingRule(Noted):
    id: Slug
    """The rule's id, an ASCII slug."""
    name: Name
    """The rule's name, as the notice calls it."""
    kind: ReportKind
    """periodic, event or mandatory (强制报告)."""
    text: Text
    """The notice's own words on the rule."""
    what: list[Text] = Field(default_factory=list)
    """What is reported, in the notice's words."""
    reporters: list[Ref]
    """Ids of who reports: units, parties or groups (members)."""
    steps: list[Step] = Field(min_length=1)
    """Who is told, in order, and how fast."""
    cadence: Cadence | None = None
    """How often a periodic report is due (P1M, P3M, as-needed)."""
    tracks: Tracks | None = Field(None, description="What the year's review counts with this "
                                  "rule: progress reports or cases.")
    source: SourceRef
    """Where the rule stands in the notice."""


class Escalation(Noted):
    """Who is told next when a step is not acknowledged by its deadline, level by level."""

    chain: list[Ref] = Field(min_length=1)
    """Ids of who is told, level by level, when a step is not acknowledged."""
    after: Deadline = Field(description="How long each level has before the next is told.")
    source: SourceRef | None = None
    """The clause the chain comes from; absent when the notice has none and the chain is this
    file's assumption."""


class Succession(Noted):
    """How a member who changes jobs is replaced: proposed by the unit and filed with the office
    (报联席会议办公室备案), approved by a post (报经总召集人同意), or automatic (自行递补)."""

    text: Text
    """The notice's own words on succession."""
    proposed_by: Literal["unit"] | None = None
    """Who proposes the successor: the unit; null when the notice does not say."""
    approved_by: Ref | None = Field(None, description="The post whose consent a successor "
                                    "needs (报经总召集人同意).")
    automatic: StrictBool = Field(False, description="The successor in the same job takes the "
                                  "seat with no proposal (由接任者自行递补).")
    filed_with: Ref | None = Field(None, description="Who keeps the record (备案).")
    new_document: StrictBool | None = Field(None, description="Whether a new notice is issued; "
                                            "null when the notice does not say.")
    source: SourceRef
    """Where the clause stands in the notice."""


class Requirement(Noted):
    id: Slug
    """The requirement's id, an ASCII slug."""
    title: Name
    """The requirement's title."""
    text: Text
    """The notice's own words."""
    applies_to: Ref
    """The id of whom it binds (members, a unit, the office)."""
    per_year: Frequency | None = None
    """How often a year, when the notice says."""
    tracks: Tracks | None = Field(None, description="What the year's review checks against this "
                                  "requirement: plans.")
    source: SourceRef
    """Where the requirement stands in the notice."""


class SilenceKind(enum.StrEnum):
    UNIT_DUTIES = "unit-duties"  # the notice lists member units but gives them no duties
    MEMBER_REPORTING = "member-reporting"  # no rule takes member units' reports to the office
    OFFICE_HOST = "office-host"  # the office exists, but which unit hosts it is not said
    ISSUE_DATE = "issue-date"  # the text gives no date of issue (source.issued: null)
    DOCUMENT_NUMBER = "document-number"  # the text gives no document number (source.document)
    MEMBER_SINCE = "member-since"  # members are listed with no first day (since: null)
    MEMBERS = "members"  # the notice names no member (person or position) of the units
    HOLDER_POSITION = "holder-position"  # a post's holder is not given (held_by.position: null)
    OFFICE = "office"  # the notice sets up no office (office: null)
    ISSUER = "issuer"  # the text does not give who issued it (source.issuer: null)
    PLACE = "place"  # the text does not name its place (jurisdiction.name: null)


class Silence(Noted):
    """What the notice does not give, said explicitly so that the checks accept its absence."""

    what: SilenceKind
    """What is missing: unit-duties (no per-unit duties), member-reporting (no rule for
    members reporting to the office), office-host (office.host: null), issue-date
    (source.issued: null), document-number (source.document: null), member-since (a
    member's since: null), members (no member is named), holder-position (a post's
    held_by.position: null), office (office: null), issuer (source.issuer: null) or place
    (jurisdiction.name: null)."""
    units: list[Slug] = Field(default_factory=list, description="The units it is true of "
                              "(unit-duties, member-reporting, member-since, members; for "
                              "holder-position the units whose people hold the posts); empty "
                              "for every unit (every post).")
    assumption: Text = Field(description="What the notice says instead, and what this file "
                             "takes for it.")
    source: SourceRef | None = Field(None, description="The clause nearest to what is missing, "
                                     "if any.")

    def covers(self, unit: str) -> bool:
        return not self.units or unit in self.units


class Assumption(Model):
    """A choice this file makes where the notice is silent, stated once for the whole charter."""

    id: Slug
    """The assumption's id, an ASCII slug."""
    text: Text
    """What the notice leaves open, and what this file takes for it."""


# --- the charter -----------------------------------------------------------------------------


class NameLookupError(JointMeetingError, KeyError):
    """A unit or party was asked for by an id, name or alias that answers to none, or to
    several. The one type every lookup raises, so every caller treats the mistake alike."""

    def __str__(self) -> str:
        # KeyError quotes its argument; this is a sentence for a person.
        return str(self.args[0]) if self.args else ""


class UnknownUnitError(NameLookupError):
    """A unit was asked for by an id, name or alias the charter does not have."""


class AmbiguousNameError(NameLookupError):
    """A name or alias is shared by two or more units."""


class UnknownIdError(NameLookupError):
    """A reporting rule, meeting or post was asked for by an id the charter does not have."""


def _overlay_schema(schema: dict[str, Any]) -> None:
    """The charter's JSON Schema, widened to the overlay files the loader accepts.

    A file with ``extends:`` names a template and gives only what it changes: nothing is
    required of it, ``remove:`` may drop inherited items by id, and every item it does give is
    a whole item (it replaces the template's of the same id). The lists that merge by id are the
    lists of items with an ``id``.
    """
    properties = schema["properties"]
    keyed = [name for name in Charter.model_fields if "id" in _item_fields(Charter, name)]
    properties["extends"] = {
        "type": "string", "minLength": 1,
        "description": "A template charter this file builds on, relative to this file; this "
                       "file then gives only what it changes."}
    properties["remove"] = {
        "type": "object", "additionalProperties": False,
        "description": "Items of the template to drop, by id, list by list (a removed unit "
                       "takes its duties with it). Only in a file that `extends` a template.",
        "properties": {name: {"type": "array", "description": f"Ids of the template's {name} "
                              "to drop.", "items": {"type": "string", "pattern": SLUG_PATTERN}}
                       for name in keyed}}
    required = schema.pop("required", [])
    schema["if"] = {"required": ["extends"]}
    schema["else"] = {"required": required}
    schema["dependentRequired"] = {"remove": ["extends"]}


def _item_fields(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The fields of the items of the list field ``name`` of ``model``."""
    item = model.model_fields[name].annotation
    args = getattr(item, "__args__", ())
    return dict(args[0].model_fields) if args and isinstance(args[0], type) and issubclass(
        args[0], BaseModel) else {}


def _name_index(items: Iterable[Unit | Party]) -> dict[str, list[str]]:
    """Normalised id, name and alias -> the ids of the items that answer to it."""
    index: dict[str, list[str]] = {}
    for item in items:
        for key in dict.fromkeys([item.id, *map(normalise_name, item.names())]):
            ids = index.setdefault(key, [])
            if item.id not in ids:  # a repeated id is JM302's finding, not an ambiguity
                ids.append(item.id)
    return index


def suggest(ref: str, items: Iterable[Unit | Party]) -> str:
    """``; did you mean 市民政局?`` for the names closest to a misspelt ``ref``, or nothing.

    Why normalised names: the comparison is the lookup's own (NFKC, whitespace removed), so a
    suggestion is a name that would have resolved.
    """
    display: dict[str, str] = {}
    for item in items:
        for key in [item.id, *map(normalise_name, item.names())]:
            display.setdefault(key, item.name)
    close = difflib.get_close_matches(normalise_name(ref), list(display), n=3, cutoff=0.6)
    names = list(dict.fromkeys(display[key] for key in close))
    return f"; did you mean {' or '.join(names)}?" if names else ""


class Charter(Model):
    """A joint meeting system as data. Load one with :func:`jointmeeting.load_charter`."""

    model_config = ConfigDict(json_schema_extra=_overlay_schema)

    format: Literal[1]
    """The charter format's version: 1."""
    id: Slug
    """The charter's id, an ASCII slug."""
    title: Name
    """The joint meeting system's title, as the notice gives it."""
    timezone: Timezone = "Asia/Shanghai"
    """The IANA time zone of the charter's place: a time without an offset is in it."""
    language: Language = Field(
        "zh-CN", description="The language of the texts an office reads (notifications, the "
        "review, the calendar, the site): zh-CN or en.")
    jurisdiction: Jurisdiction
    """The place the joint meeting serves."""
    source: Document
    """The notice this charter transcribes: its number, title, issuer, date and laws."""
    areas: list[str] | None = Field(
        None, description="The outline areas the table serves (ids or groups: children, "
        "children.safety); coverage gaps are reported only within them. Absent or null: not "
        "declared (all areas); empty ([]): it serves none of the outline areas.")
    assumptions: list[Assumption] = Field(default_factory=list)
    """Choices this file makes where the notice is silent, for the whole charter."""
    not_in_notice: list[Silence] = Field(default_factory=list, description="What the notice "
                                         "does not give: per-unit duties, a reporting rule, a "
                                         "value left null (number, date, issuer, place, host, "
                                         "first day, a post's holder), the members, the "
                                         "office.")
    units: list[Unit]
    """The member units at the table."""
    open_units: OpenList | None = None
    """Set when the notice's list of member units ends open (……等部门组成)."""
    lead_unit: LeadUnit | None = None
    """The unit or units that lead the whole table, when the notice names them."""
    office: Office | None = Field(description="The joint meeting's office (联席会议办公室); null "
                                  "when the notice sets up none (with a not_in_notice statement "
                                  "office).")
    posts: list[Post] = Field(default_factory=list)
    """The posts the notice sets up (召集人, 办公室主任, …), held by position."""
    liaison: LiaisonRule | None = None
    """Liaison officers (联络员), when the notice sets them up."""
    roster: RosterSpec = Field(default_factory=RosterSpec)
    """Where the members come from: this file, or a roster source plugin."""
    members: list[Member] = Field(default_factory=list)
    """Dated memberships: who represents which unit, since when."""
    parties: list[Party] = Field(default_factory=list)
    """Bodies outside the table that a rule names (schools, hospitals, the police)."""
    duties: list[Duty] = Field(default_factory=list)
    """Each unit's duties, verbatim, in the notice's order."""
    responsibilities: list[Clause] = Field(default_factory=list)
    """Clauses that bind the joint meeting as a whole (its main responsibilities)."""
    meetings: list[Meeting] = Field(default_factory=list)
    """The meetings the notice provides for."""
    reporting: list[ReportingRule] = Field(default_factory=list)
    """Reporting rules: who reports what to whom, how fast."""
    escalation: Escalation | None = None
    """Who is told next when a step is not acknowledged in time."""
    succession: Succession | None = None
    """How a member is replaced when their job changes."""
    requirements: list[Requirement] = Field(default_factory=list)
    """The notice's work requirements (工作要求)."""

    _locator: Locator | None = PrivateAttr(None)
    _base_dir: Path | None = PrivateAttr(None)
    _scope: Scope | None = PrivateAttr(None)
    _load_findings: list[Diagnostic] = PrivateAttr(default_factory=list)
    #: Lookup tables, each kept with the list it indexes (see :meth:`_cached`).
    _cache: dict[str, tuple[object, Any]] = PrivateAttr(default_factory=dict)
    #: Values computed from the whole charter, kept with the object (see :meth:`derived`).
    _derived: dict[str, Any] = PrivateAttr(default_factory=dict)
    _derived_for: int = PrivateAttr(0)

    @property
    def locator(self) -> Locator | None:
        """Where the charter's items stand in its file, when it was loaded from one."""
        return self._locator

    @property
    def base_dir(self) -> Path | None:
        """The folder of the charter file, against which ``source.text`` is resolved."""
        return self._base_dir

    def read_named(self, name: str) -> bytes:
        """A file this charter names (its notice's text, its roster), relative to its folder.

        Read only within the folders its loader allowed, only a regular file, only up to the
        size limit (see :mod:`jointmeeting.charter.named`); roster sources read their files with it.

        Raises:
            NamedFileError: the file is outside those folders, not a regular file, too large,
                or cannot be read; the message says which, never what the file holds.
        """
        scope = self._scope or Scope.of(self._base_dir)
        return read_named(name, self._base_dir or Path("."), scope)[1]

    @property
    def load_findings(self) -> list[Diagnostic]:
        """Warnings the loader found (names it normalised); :func:`check` reports them too."""
        return list(self._load_findings)

    def inherited(self, field: str, item: object | None = None) -> str | None:
        """The template file a part of the charter comes from (``field``, or one ``item`` of
        that list), when the charter ``extends:`` one and the part is not written in the
        county's own file; None for the county's own parts."""
        locator = self._locator
        if locator is None:
            return None
        loc: tuple[str | int, ...] = (field,)
        if item is not None:
            # Items by identity, indexed once per list: `show` and the site ask for every item.
            items: list[object] = getattr(self, field)
            at = self._cached(f"at:{field}", items,
                              lambda: {id(x): i for i, x in enumerate(items)})
            loc = (field, at[id(item)])
        here = locator.source_of(loc)
        return here if here != locator.source_of(()) else None

    def in_scope(self, area: str) -> bool:
        """Whether the table serves an outline area: every area when ``areas`` is not declared,
        none when it is empty, else the areas listed and those of the groups listed
        (``children`` is children.*)."""
        return self.areas is None or any(area == a or area.startswith(a + ".")
                                         for a in self.areas)

    def silent_on(self, what: SilenceKind, unit: str) -> Silence | None:
        """The charter's statement that the notice gives no ``what`` for ``unit``, if any."""
        return next((s for s in self.not_in_notice if s.what is what and s.covers(unit)), None)

    def tracked_rule(self, what: Tracks) -> ReportingRule | None:
        """The reporting rule the year's review tracks ``what`` with (progress, cases), if any:
        found by what the rule is, not by an id one county gave it."""
        return next((rule for rule in self.reporting if rule.tracks is what), None)

    def tracked_requirement(self, what: Tracks) -> Requirement | None:
        """The requirement the year's review tracks ``what`` with (plans), if any."""
        return next((item for item in self.requirements if item.tracks is what), None)

    def _cached(self, name: str, source: object, build: Callable[[], T]) -> T:
        """A lookup table built from ``source`` (one of the charter's lists), kept while the
        charter still holds that very list.

        Why keyed on the list: ``model_copy(update=…)`` and assignment give the charter a new
        list, while the copy shares the original's private state; a table kept beside the list
        it was built from can never answer for another.
        """
        # The private attributes' own dict, as in :meth:`derived`: every lookup (a unit by
        # name, a label) passes here, and pydantic's attribute hook cost more than the lookup.
        private = self.__pydantic_private__
        assert private is not None
        cache: dict[str, tuple[object, Any]] = private["_cache"]
        hit = cache.get(name)
        if hit is None or not _same(hit[0], source):
            hit = (source, build())
            cache[name] = hit
        result: T = hit[1]
        return result

    def name_index(self) -> dict[str, list[str]]:
        """Normalised id, name and alias -> the ids of the units that answer to it."""
        return self._cached("unit-names", self.units, lambda: _name_index(self.units))

    def unit(self, ref: str | Unit) -> Unit:
        """A unit by id, official name or any alias (compared after NFKC, whitespace removed).

        Raises:
            UnknownUnitError: no unit answers to ``ref``.
            AmbiguousNameError: more than one unit does.
        """
        if isinstance(ref, Unit):
            return ref
        ids = self.name_index().get(normalise_name(ref), [])
        if not ids:
            raise UnknownUnitError(f"no unit of {self.id} is called {ref!r}"
                                   + suggest(ref, self.units))
        if len(ids) > 1:
            raise AmbiguousNameError(f"{ref!r} names several units: {', '.join(ids)}")
        return self._unit_by_id()[ids[0]]

    def _unit_by_id(self) -> dict[str, Unit]:
        return self._cached("unit-ids", self.units, lambda: {u.id: u for u in self.units})

    def _party_index(self) -> dict[str, list[str]]:
        return self._cached("party-names", self.parties, lambda: _name_index(self.parties))

    def party(self, ref: str | Party) -> Party:
        """An outside party (a school, the police) by id, name or alias, as :meth:`unit`.

        Raises:
            NameLookupError: no party, or more than one, answers to ``ref``.
        """
        if isinstance(ref, Party):
            return ref
        ids = self._party_index().get(normalise_name(ref), [])
        if not ids:
            raise NameLookupError(f"no party of {self.id} is called {ref!r}"
                                  + suggest(ref, self.parties))
        if len(ids) > 1:
            raise NameLookupError(f"{ref!r} names several parties: {', '.join(ids)}")
        return self._cached("party-ids", self.parties,
                            lambda: {p.id: p for p in self.parties})[ids[0]]

    def unit_or_party(self, ref: str) -> Unit | Party:
        """A unit, else an outside party, by id, name or alias (a rule's reporter is either).

        Raises:
            NameLookupError: neither answers to ``ref`` (with the closest names of both), or a
                name is ambiguous.
        """
        try:
            return self.unit(ref)
        except UnknownUnitError:
            pass
        if normalise_name(ref) in self._party_index():
            return self.party(ref)
        raise NameLookupError(f"no unit or party of {self.id} is called {ref!r}"
                              + suggest(ref, [*self.units, *self.parties]))

    def _index(self) -> _Lookup:
        """Duties, members and posts by unit, built once per charter."""
        return self.derived("lookup", _Lookup.build)

    def derived(self, key: str, build: Callable[[Charter], T]) -> T:
        """A value a higher layer computes from the whole charter (the plan's tables, the
        charter's hash), computed once and kept with it.

        A copy (``model_copy``) shares private attributes with its original, so what was kept
        is tied to the object it was computed for; a changed copy computes its own.
        """
        # The private attributes' own dict, read once: pydantic's attribute hook costs more
        # than the lookup itself, and a dispatcher asks several times per message.
        private = self.__pydantic_private__
        assert private is not None
        if private["_derived_for"] != id(self):
            private["_derived"], private["_derived_for"] = {}, id(self)
        derived: dict[str, Any] = private["_derived"]
        if key not in derived:
            derived[key] = build(self)
        found: T = derived[key]
        return found

    def duties_of(self, unit: str | Unit) -> list[Duty]:
        """The duties a unit owns, in the notice's order."""
        return list(self._index().duties.get(self.unit(unit).id, ()))

    def office_duties(self) -> list[Duty]:
        """The duties the notice gives the office itself (联席会议办公室负责), in its order."""
        office = self.office
        return [d for d in self.duties if office is not None and d.owner == office.id]

    def supported_duties(self, unit: str | Unit) -> list[Duty]:
        """The duties a unit is named as supporting (配合), in the notice's order; apart from
        :meth:`duties_of`, which lists the duties it owns."""
        return list(self._index().supported.get(self.unit(unit).id, ()))

    def members_of(self, unit: str | Unit) -> list[Member]:
        """Everyone who has represented a unit, including through a further appointment."""
        return list(self._index().members.get(self.unit(unit).id, ()))

    def representatives(self, unit: str | Unit, at: dt.date) -> list[Member]:
        """The members representing a unit on a day, in the order the roster lists them."""
        unit_id = self.unit(unit).id
        return [m for m in self.members_of(unit_id) if m.active(at)]

    def representative(self, unit: str | Unit, at: dt.date) -> Member | None:
        """The member representing a unit on a day, or None (a unit may be represented through
        a post instead, as 市妇联 is through its chair, the convener)."""
        found = self.representatives(unit, at)
        return found[0] if found else None

    def posts_held(self, unit: str | Unit, at: dt.date) -> list[Post]:
        """The posts a unit's people hold on a day (市妇联's chair is the convener), each once:
        a post held concurrently with another (办公室主任 with 召集人) is left out."""
        return [p for p in self._index().posts.get(self.unit(unit).id, ())
                if p.same_holder_as is None and _holding(p.held_by, at)]

    def represented_units(self, at: dt.date) -> set[str]:
        """The ids of the units with a representative on a day: a member, or a post its people
        hold. One pass over the roster, for checking every unit at once."""
        found = {a.unit for m in self.members if m.active(at) for a in m.appointments()}
        found |= {p.held_by.unit for p in self.posts
                  if p.held_by.unit and _holding(p.held_by, at)}
        return found

    def history(self, unit: str | Unit) -> list[Member]:
        """Everyone who has represented a unit, earliest first."""
        return sorted(self.members_of(unit), key=lambda m: m.since or dt.date.min)

    def holder(self, post: str, at: dt.date | None = None) -> Holder | None:
        """Who holds a post on a day. Posts are held by position (总召集人 is whoever is the vice
        mayor in charge); a holder with ``since``/``until`` holds it only between them.

        Raises:
            UnknownIdError: the charter has no post ``post``.
        """
        found = self.post(post)
        return found.held_by if at is None or _holding(found.held_by, at) else None

    def rule(self, rule_id: str) -> ReportingRule:
        """The reporting rule with this id (the first, if the id is repeated).

        Raises:
            UnknownIdError: the charter has no such rule (the message lists those it has).
        """
        return self._by_id("reporting rule", self.reporting, rule_id)

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id (the first, if the id is repeated).

        Raises:
            UnknownIdError: the charter has no such meeting.
        """
        return self._by_id("meeting", self.meetings, meeting_id)

    def post(self, post_id: str) -> Post:
        """The post with this id (the first, if the id is repeated).

        Raises:
            UnknownIdError: the charter has no such post.
        """
        return self._by_id("post", self.posts, post_id)

    def _by_id(self, kind: str, items: list[_Item], item_id: str) -> _Item:
        # Built reversed so that the first of a repeated id wins, as a reader of the file sees.
        table = self._cached(f"{kind}-ids", items, lambda: {x.id: x for x in reversed(items)})
        found = table.get(item_id)
        if found is None:
            known = ", ".join(table) or "none"
            raise UnknownIdError(f"no {kind} {item_id!r} in {self.id} ({kind}s: {known})")
        return found

    @property
    def zone(self) -> ZoneInfo:
        """The charter's time zone: a time without an offset is read in it."""
        return self._cached("zone", self.timezone, lambda: ZoneInfo(self.timezone))

    def label(self, ref: str) -> str:
        """Any reference by the name a person reads: a unit, post, party, the office, the joint
        meeting, a reporting rule, a meeting or a group (``members``); other ids as written."""
        name = self._cached("labels", (self.units, self.posts, self.parties, self.office,
                                       self.title, self.reporting, self.meetings),
                            self._labels).get(ref)
        if name is not None:
            return name
        return words(self.language)(f"group.{ref}") if ref in GROUPS else ref

    def _labels(self) -> dict[str, str]:
        # Rules and meetings first: where an id is both, the body a person is told about wins.
        names = {r.id: r.name for r in reversed(self.reporting)}
        names |= {m.id: m.name for m in reversed(self.meetings)}
        names |= {u.id: u.name for u in self.units}
        names |= {p.id: p.title for p in self.posts}
        names |= {p.id: p.name for p in self.parties}
        if self.office is not None:
            names[self.office.id] = self.office.name
        names["joint-meeting"] = self.title.removesuffix("制度")
        return names

    def party_ids(self) -> dict[str, str]:
        """Every id a rule may name, with what kind of thing it is."""
        ids = {unit.id: "unit" for unit in self.units}
        ids.update({post.id: "post" for post in self.posts})
        ids.update({party.id: "party" for party in self.parties})
        ids.update({group: "group" for group in GROUPS})
        if self.office is not None:
            ids[self.office.id] = "office"
        return ids

    def noted(self) -> Iterator[tuple[tuple[str | int, ...], Noted]]:
        """Every item with its path, for listing the assumptions and remarks the file makes."""

        def walk(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...],
                                                                          Noted]]:
            if isinstance(value, Noted):
                yield loc, value
            if isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    yield from walk(getattr(value, name), (*loc, name))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from walk(item, (*loc, index))

        yield from walk(self, ())


_Item = TypeVar("_Item", ReportingRule, Meeting, Post)


def _same(kept: object, source: object) -> bool:
    """Whether a cached table's sources are still the charter's: the very objects, one by one
    for a tuple of them."""
    if isinstance(source, tuple) and isinstance(kept, tuple):
        # map(is_not) runs in C: labels and lookups ask this on every call.
        return len(kept) == len(source) and not any(map(operator.is_not, kept, source))
    return kept is source


def _holding(held: Holder, at: dt.date) -> bool:
    return not ((held.since and at < held.since) or (held.until and at >= held.until))


class _Lookup:
    """What every unit's lookups need, indexed once per charter (see :meth:`Charter._index`)."""

    __slots__ = ("duties", "members", "posts", "supported")

    def __init__(self) -> None:
        self.duties: dict[str, list[Duty]] = {}
        self.supported: dict[str, list[Duty]] = {}
        self.members: dict[str, list[Member]] = {}
        self.posts: dict[str, list[Post]] = {}

    @classmethod
    def build(cls, charter: Charter) -> _Lookup:
        found = cls()
        for duty in charter.duties:
            for owner in dict.fromkeys(duty.owners()):  # co-owners find the duty too
                found.duties.setdefault(owner, []).append(duty)
            for supporter in dict.fromkeys(duty.support):
                found.supported.setdefault(supporter, []).append(duty)
        for member in charter.members:
            for unit in dict.fromkeys(a.unit for a in member.appointments()):
                found.members.setdefault(unit, []).append(member)
        for post in charter.posts:
            if post.held_by.unit is not None:
                found.posts.setdefault(post.held_by.unit, []).append(post)
        return found
