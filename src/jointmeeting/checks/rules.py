"""Rules that relate parts of a charter to each other and to the notice it transcribes.

Each rule is a function from a :class:`Context` to diagnostics, listed in :data:`RULES`; every
finding has a stable code (see :class:`jointmeeting.errors.Code`) and, for a charter loaded from a
file, the position of the key or value it is about.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from jointmeeting.charter.contacts import Contacts
from jointmeeting.charter.model import Charter, Frequency, PartyKind, SilenceKind
from jointmeeting.charter.named import NamedFileError, shown
from jointmeeting.charter.notice import (
    Notice,
    NoticeError,
    comparable,
    first_difference,
    notice_text,
    parse_notice,
)
from jointmeeting.charter.outline import areas
from jointmeeting.charter.overlay import MergedSourceMap
from jointmeeting.errors import MAX_PER_CODE, Diagnostic, Loc, Locator, capped
from jointmeeting.graph.routes import reporting_routes

#: Fields whose text must stand verbatim in the clause the item cites.
VERBATIM_FIELDS = ("text", "responsibilities", "purpose", "trigger", "what")


@dataclass
class Context:
    """What the rules share: the charter, the day "current" means, and the notice once read."""

    charter: Charter
    today: dt.date
    contacts: Contacts | None = None
    #: Findings of a code past this many are only counted (see :func:`capped`), so they are
    #: not located in the file either.
    limit: int | None = MAX_PER_CODE
    counts: Counter[str] = dataclasses.field(default_factory=Counter)

    def at(self, code: str, message: str, loc: Loc, *, key: bool = False) -> Diagnostic:
        locator = self.locator
        if locator is None:
            return Diagnostic(code, message)
        self.counts[code] += 1
        if self.limit is not None and self.counts[code] > self.limit:
            return Diagnostic(code, message, locator.path)
        where = locator.source_of(loc)
        if isinstance(locator, MergedSourceMap) and where != locator.path:
            message += self._inherited_hint(locator, loc)
        return Diagnostic(code, message, where, locator.locate(loc, key=key))

    def _inherited_hint(self, locator: MergedSourceMap, loc: Loc) -> str:
        """For a finding about an inherited item: the county file and line to change."""
        field = str(loc[0]) if loc else ""
        items = getattr(self.charter, field, None)
        item_id = (getattr(items[loc[1]], "id", None) if isinstance(items, list) and len(loc) > 1
                   and isinstance(loc[1], int) else None)
        at = (locator.county_position((field,), key=True)
              or locator.county_position(("extends",), key=True))
        line = f"{locator.path}:{at.line}" if at else locator.path
        what = f"{field} item '{item_id}'" if item_id else f"'{field}'"
        drop = ", or list it under remove:" if item_id else ""
        return f" (inherited from the template; override {what} in {line}{drop})"

    @cached_property
    def locator(self) -> Locator | None:
        return self.charter.locator

    @cached_property
    def notice(self) -> Notice | Diagnostic | None:
        """The notice's clauses; a diagnostic when the file cannot be read; None when not named."""
        name = self.charter.source.text
        if name is None:
            return None
        try:
            return parse_notice(notice_text(self.charter.read_named(name), name))
        except NamedFileError as exc:
            return self.at("JM312", f"the notice's text: {exc.message}", ("source", "text"))
        except NoticeError as exc:
            return self.at("JM312", f"the notice's text {shown(name)}: {exc}",
                           ("source", "text"))


Rule = Callable[[Context], Iterator[Diagnostic]]


def _duplicates(ctx: Context, kind: str, ids: Iterable[str], field: str) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            yield ctx.at("JM302", f"{kind} id '{item_id}' is used twice", (field, index, "id"))
        seen.add(item_id)


def unique_ids(ctx: Context) -> Iterator[Diagnostic]:
    """Ids are unique within each list, and the names a rule may use are unique across lists."""
    c = ctx.charter
    for field, kind in (("units", "unit"), ("posts", "post"), ("parties", "party"),
                        ("duties", "duty"), ("meetings", "meeting"), ("reporting", "rule"),
                        ("responsibilities", "responsibility"), ("requirements", "requirement"),
                        ("assumptions", "assumption")):
        yield from _duplicates(ctx, kind, (item.id for item in getattr(c, field)), field)
    kinds: dict[str, str] = {}
    for field, kind in (("units", "unit"), ("posts", "post"), ("parties", "party")):
        for index, item in enumerate(getattr(c, field)):
            if (item.id in kinds and kinds[item.id] != kind) or (
                    c.office is not None and item.id == c.office.id):
                other = kinds.get(item.id, "the office")
                yield ctx.at("JM302", f"{kind} id '{item.id}' is also the id of {other}",
                             (field, index, "id"))
            kinds.setdefault(item.id, kind)


def unambiguous_names(ctx: Context) -> Iterator[Diagnostic]:
    """No name or alias answers for two units."""
    for name, unit_ids in ctx.charter.name_index().items():
        if len(unit_ids) > 1:
            index = next(i for i, u in enumerate(ctx.charter.units) if u.id == unit_ids[-1])
            yield ctx.at("JM303", f"name '{name}' is used by units {', '.join(unit_ids)}",
                         ("units", index))


def references(ctx: Context) -> Iterator[Diagnostic]:
    """Every owner, supporter, parent, member unit and post holder names a unit that exists."""
    c = ctx.charter
    units = {u.id for u in c.units}
    posts = {p.id for p in c.posts}

    def unit_ref(value: str | None, what: str, loc: Loc) -> Iterator[Diagnostic]:
        if value is not None and value not in units:
            yield ctx.at("JM301", f"{what} names unit '{value}', which is not a unit", loc)

    office = c.office.id if c.office is not None else None
    for i, duty in enumerate(c.duties):
        # The office may own a duty (联席会议办公室负责); a unit must be one of the table.
        if duty.owner != office:
            yield from unit_ref(duty.owner, f"duty {duty.id}: owner", ("duties", i, "owner"))
        for j, other in enumerate(duty.co_owners):
            yield from unit_ref(other, f"duty {duty.id}: co_owner", ("duties", i, "co_owners", j))
        for j, other in enumerate(duty.support):
            yield from unit_ref(other, f"duty {duty.id}: support", ("duties", i, "support", j))
    for i, unit in enumerate(c.units):
        yield from unit_ref(unit.parent, f"unit {unit.id}: parent", ("units", i, "parent"))
    for i, member in enumerate(c.members):
        yield from unit_ref(member.unit, f"member {member.name}", ("members", i, "unit"))
        for j, also in enumerate(member.also):
            yield from unit_ref(also.unit, f"member {member.name}", ("members", i, "also", j))
    for i, post in enumerate(c.posts):
        yield from unit_ref(post.held_by.unit, f"post {post.id}: held_by",
                            ("posts", i, "held_by", "unit"))
        if post.same_holder_as is not None and post.same_holder_as not in posts:
            yield ctx.at("JM301", f"post {post.id}: same_holder_as names '{post.same_holder_as}',"
                         " which is not a post", ("posts", i, "same_holder_as"))
    if c.lead_unit is not None:
        single = isinstance(c.lead_unit.unit, str)
        for j, lead in enumerate(c.lead_unit.units()):
            yield from unit_ref(lead, "lead_unit", ("lead_unit", "unit", *(() if single else (j,))))
    if c.liaison is not None:
        for i, officer in enumerate(c.liaison.officers):
            yield from unit_ref(officer.unit, "liaison officer",
                                ("liaison", "officers", i, "unit"))
    for i, silence in enumerate(c.not_in_notice):
        for j, unit_id in enumerate(silence.units):
            yield from unit_ref(unit_id, f"not_in_notice {silence.what}",
                                ("not_in_notice", i, "units", j))
    if c.office is not None and c.office.host is not None and c.office.host not in units:
        yield ctx.at("JM313", f"the office is hosted by '{c.office.host}', which is not a unit",
                     ("office", "host"))


def every_unit_has_a_duty(ctx: Context) -> Iterator[Diagnostic]:
    """Every unit owns or supports (配合) a duty, unless the charter states that the notice gives
    it none: a unit named only as a supporter has its part in that duty."""
    c = ctx.charter
    owners = Counter(unit for duty in c.duties for unit in [*duty.owners(), *duty.support])
    for i, unit in enumerate(c.units):
        if not owners[unit.id] and c.silent_on(SilenceKind.UNIT_DUTIES, unit.id) is None:
            yield ctx.at("JM304", f"unit {unit.id} ({unit.name}) has no duty", ("units", i, "id"))


#: The statements about one value of the whole charter: the value's path, and its name.
_SILENT_VALUES = {
    SilenceKind.OFFICE_HOST: (("office", "host"), "office.host"),
    SilenceKind.ISSUE_DATE: (("source", "issued"), "source.issued"),
    SilenceKind.DOCUMENT_NUMBER: (("source", "document"), "source.document"),
    SilenceKind.ISSUER: (("source", "issuer"), "source.issuer"),
    SilenceKind.PLACE: (("jurisdiction", "name"), "jurisdiction.name"),
}


def silences(ctx: Context) -> Iterator[Diagnostic]:
    """A null where the notice is silent is said on purpose: each null value has its
    ``not_in_notice`` statement, and each statement about a value stands beside a null."""
    c = ctx.charter
    said = {s.what for s in c.not_in_notice}
    if c.office is None and SilenceKind.OFFICE not in said:
        yield ctx.at("JM319", f"office is null, but not_in_notice has no '{SilenceKind.OFFICE}' "
                     "statement saying the notice sets up none", ("office",))
    for what, (loc, name) in _SILENT_VALUES.items():
        value = _value(c, loc)
        if value is None and what not in said and (what is not SilenceKind.OFFICE_HOST
                                                   or c.office is not None):
            yield ctx.at("JM319", f"{name} is null, but not_in_notice has no '{what}' "
                         "statement saying the notice gives none", loc)
    for i, member in enumerate(c.members):
        if member.since is None and c.silent_on(SilenceKind.MEMBER_SINCE, member.unit) is None:
            yield ctx.at("JM319", f"member {member.label}: since is null, but not_in_notice has "
                         f"no '{SilenceKind.MEMBER_SINCE}' statement for {member.unit}",
                         ("members", i, "since"))
    for i, post in enumerate(c.posts):
        if post.held_by.position is None and c.silent_on(SilenceKind.HOLDER_POSITION,
                                                         post.held_by.unit or "") is None:
            yield ctx.at("JM319", f"post {post.id}: held_by.position is null, but not_in_notice "
                         f"has no '{SilenceKind.HOLDER_POSITION}' statement for it",
                         ("posts", i, "held_by", "position"))
    for i, silence in enumerate(c.not_in_notice):
        if silence.what in _SILENT_VALUES:
            loc, name = _SILENT_VALUES[silence.what]
            if silence.units:
                yield ctx.at("JM319", f"not_in_notice {silence.what}: is about {name}, not "
                             "about units; give no units", ("not_in_notice", i, "units"))
            if _value(c, loc) is not None:
                yield ctx.at("JM319", f"not_in_notice {silence.what}: {name} is given; write "
                             "null there, or drop the statement", ("not_in_notice", i, "what"))
        elif silence.what is SilenceKind.MEMBER_SINCE and not any(
                m.since is None and silence.covers(m.unit) for m in c.members):
            yield ctx.at("JM319", f"not_in_notice {silence.what}: no member it covers has "
                         "since: null", ("not_in_notice", i, "what"))
        elif silence.what is SilenceKind.HOLDER_POSITION and not any(
                p.held_by.position is None and silence.covers(p.held_by.unit or "")
                for p in c.posts):
            yield ctx.at("JM319", f"not_in_notice {silence.what}: no post it covers has "
                         "held_by.position: null", ("not_in_notice", i, "what"))
        elif silence.what is SilenceKind.OFFICE and c.office is not None:
            yield ctx.at("JM319", f"not_in_notice {silence.what}: the charter has an office; "
                         "write office: null, or drop the statement", ("not_in_notice", i, "what"))


def _value(c: Charter, loc: Loc) -> object:
    """The charter's value at a path of two names (source.issued), None under a null part."""
    part = getattr(c, str(loc[0]))
    return None if part is None else getattr(part, str(loc[1]))


def representatives(ctx: Context) -> Iterator[Diagnostic]:
    """A unit with duties is represented by a current member or through a post its people hold."""
    c = ctx.charter
    represented = c.represented_units(ctx.today)
    owners = {owner for duty in c.duties for owner in duty.owners()}
    for i, unit in enumerate(c.units):
        # A notice that names no member at all, said so, asks for no representative.
        if unit.id in owners and unit.id not in represented \
                and c.silent_on(SilenceKind.MEMBERS, unit.id) is None:
            yield ctx.at("JM305", f"unit {unit.id} ({unit.name}) has duties but no current "
                         f"representative on {ctx.today}", ("units", i, "id"))


def recipients(ctx: Context) -> Iterator[Diagnostic]:
    """Every party a rule names exists: recipients, reporters, callers, the filing office."""
    c = ctx.charter
    known = c.party_ids()

    def ref(value: str, what: str, loc: Loc) -> Iterator[Diagnostic]:
        if value not in known:
            yield ctx.at("JM306", f"{what} names '{value}', which is no unit, post, party or "
                         "group of the charter", loc)

    for i, rule in enumerate(c.reporting):
        for j, reporter in enumerate(rule.reporters):
            yield from ref(reporter, f"rule {rule.id}: reporter", ("reporting", i, "reporters", j))
        for j, step in enumerate(rule.steps):
            yield from ref(step.to, f"rule {rule.id}: step {j + 1}",
                           ("reporting", i, "steps", j, "to"))
    for i, meeting in enumerate(c.meetings):
        for j, caller in enumerate(meeting.called_by):
            yield from ref(caller, f"meeting {meeting.id}: called_by",
                           ("meetings", i, "called_by", j))
        for j, attendee in enumerate(meeting.attendees):
            yield from ref(attendee, f"meeting {meeting.id}: attendees",
                           ("meetings", i, "attendees", j))
    for i, requirement in enumerate(c.requirements):
        yield from ref(requirement.applies_to, f"requirement {requirement.id}: applies_to",
                       ("requirements", i, "applies_to"))
    if c.succession is not None:
        for field in ("filed_with", "approved_by"):
            value = getattr(c.succession, field)
            if value is not None:
                yield from ref(value, f"succession: {field}", ("succession", field))
    if c.escalation is not None:
        for j, level in enumerate(c.escalation.chain):
            yield from ref(level, "escalation", ("escalation", "chain", j))


def chairs(ctx: Context) -> Iterator[Diagnostic]:
    posts = {p.id for p in ctx.charter.posts}
    for i, meeting in enumerate(ctx.charter.meetings):
        if meeting.chair is not None and meeting.chair not in posts:
            yield ctx.at("JM307", f"meeting {meeting.id} is chaired by '{meeting.chair}', "
                         "which is not a post", ("meetings", i, "chair"))


def frequencies(ctx: Context) -> Iterator[Diagnostic]:
    def bad(freq: Frequency | None) -> bool:
        return freq is not None and freq.max is not None and freq.min > freq.max

    for field in ("meetings", "requirements"):
        for i, item in enumerate(getattr(ctx.charter, field)):
            if bad(item.per_year):
                yield ctx.at("JM308", f"{item.id}: per_year min {item.per_year.min} is greater "
                             f"than max {item.per_year.max}", (field, i, "per_year"))


def area_ids(ctx: Context) -> Iterator[Diagnostic]:
    known = areas()
    groups = {area.split(".")[0] for area in known}
    for j, scope in enumerate(ctx.charter.areas or ()):
        if scope not in known and scope not in groups:
            yield ctx.at("JM309", f"areas: '{scope}' is neither an area of the national "
                         f"outlines nor a group of them ({', '.join(sorted(groups))})",
                         ("areas", j))
    for i, duty in enumerate(ctx.charter.duties):
        for j, area in enumerate(duty.areas):
            if area not in known:
                yield ctx.at("JM309", f"duty {duty.id}: area '{area}' is not an area of the "
                             "national outlines (see `jointmeeting show --areas`)",
                             ("duties", i, "areas", j))


def sources(ctx: Context) -> Iterator[Diagnostic]:
    """Every ``source`` is a clause of the notice, and every verbatim text stands in it."""
    notice = ctx.notice
    if isinstance(notice, Diagnostic):
        yield notice
        return
    if notice is None:
        return
    locator = ctx.charter.locator
    for loc, item in ctx.charter.noted():
        ref = getattr(item, "source", None)
        if not isinstance(ref, str):
            continue
        if locator is not None and locator.source_of(loc) != locator.source_of(()):
            continue  # inherited from a template: it cites the template's notice, not this one
        clause = notice.clause(ref)
        if clause is None:
            yield ctx.at("JM310", f"{_label(item)}: source '{ref}' is not a clause of the notice"
                         f"{_hint(notice, ref, item)}", (*loc, "source"))
            continue
        for field in VERBATIM_FIELDS:
            value = getattr(item, field, None)
            texts = value if isinstance(value, list) else [value]
            for j, text in enumerate(texts):
                # An enum (a statement's `what`) is a word of the format, not the notice's.
                if isinstance(text, str) and not isinstance(text, enum.Enum) \
                        and comparable(text) not in comparable(clause):
                    where = (*loc, field, j) if isinstance(value, list) else (*loc, field)
                    yield ctx.at("JM311", f"{_label(item)}: {field} {_differs(text, clause)} "
                                 f"in clause {ref} '{clause}'", where)
    yield from _member_lines(ctx, notice)


def _hint(notice: Notice, ref: str, item: object) -> str:
    """Where the item probably belongs: the clause its text stands in, else the nearest
    references by spelling."""
    text = getattr(item, "text", None)
    found = notice.where(text) if isinstance(text, str) else []
    if found:
        return f"; its text stands in {', '.join(found[:3])}"
    nearest = notice.nearest(ref)
    return f"; nearest: {', '.join(nearest)}" if nearest else ""


def _differs(text: str, clause: str) -> str:
    """How a text fails to stand in its clause: the first character that differs."""
    index, char, theirs = first_difference(text, clause)
    shown = text if len(text) <= 16 else text[:15] + "…"
    if index == 0:
        return f"'{shown}' is not found: its first character '{char}' is not in the clause"
    where = f"the clause has '{theirs}'" if theirs else "the clause ends"
    return (f"'{shown}' is not found verbatim: character {index + 1} '{char}' differs "
            f"({where})")


def _member_lines(ctx: Context, notice: Notice) -> Iterator[Diagnostic]:
    # A member line reads "[label] name unit-name position[、unit-name position]": the name must
    # be the member's, and each appointment one of those, spelled with the unit's name or one
    # of its aliases.
    c = ctx.charter
    units = {u.id: u for u in c.units}
    for i, member in enumerate(c.members):
        person = notice.member_name(member.source)
        line = notice.clause(member.source)
        if person is None or line is None:  # e.g. a successor filed under the succession clause
            continue
        if member.name is not None and comparable(member.name) != person:
            yield ctx.at("JM311", f"member {member.name}: the notice's line {member.source} "
                         f"names {person}", ("members", i, "name"))
        for appointment in member.appointments():
            unit = units.get(appointment.unit)
            names = unit.names() if unit else []
            if not any(comparable(name + appointment.position) in comparable(line)
                       for name in names):
                yield ctx.at("JM311", f"member {member.name}: '{appointment.position}' at "
                             f"{appointment.unit} is not in the notice's line '{line}'",
                             ("members", i, "position"))


def _label(item: object) -> str:
    item_id = getattr(item, "id", None) or getattr(item, "name", None)
    return f"{type(item).__name__.lower()} {item_id}" if item_id else type(item).__name__.lower()


def routes(ctx: Context) -> Iterator[Diagnostic]:
    """Reporting and escalation routes have no cycle, reporting routes end at a body of the
    table (the office, the joint meeting, a post, the member units) or outside it, and every
    member unit has one to the office."""
    c = ctx.charter
    found = reporting_routes(c)
    for component in found.components():
        cycle = found.cycle_in(component)
        path = " → ".join(key.partition(":")[2] for key in [*cycle, cycle[0]])
        index = min(found.first_rule.get(key, len(c.reporting)) for key in cycle)
        yield ctx.at("JM314", f"reporting routes form a cycle: {path}",
                     ("reporting", index if index < len(c.reporting) else 0))
    if c.escalation is not None:
        seen: set[str] = set()
        for j, level in enumerate(c.escalation.chain):
            if level in seen:
                yield ctx.at("JM314", f"the escalation chain comes back to '{level}': a step "
                             "would escalate in a loop", ("escalation", "chain", j))
            seen.add(level)
    # A route may end with the table's own bodies (the office, the joint meeting, a post, the
    # member units as a whole: 由办公室报告召集人, 分送各成员单位) or outside the table; a single
    # member unit, or a group such as the lead unit, is no end for a report.
    office = c.office.id if c.office is not None else None
    ends = {*([office] if office else []), "joint-meeting", "members", *(p.id for p in c.posts),
            *(p.id for p in c.parties if p.kind == PartyKind.RECIPIENT)}
    for i, rule in enumerate(c.reporting):
        last = rule.steps[-1].to
        if last not in ends:
            yield ctx.at("JM315", f"rule {rule.id} ends at '{last}', neither the office, the "
                         "joint meeting, a post, the member units (members) nor a recipient "
                         "outside the table", ("reporting", i, "steps", len(rule.steps) - 1,
                                               "to"))
    # With no office (said so), no route reaches one: every unit needs member-reporting said.
    reached = found.reaching(f"office:{office}") if office else set()
    missing = {u.id for u in c.units if f"unit:{u.id}" not in reached
               and c.silent_on(SilenceKind.MEMBER_REPORTING, u.id) is None}
    if 0 < len(missing) < len(c.units):
        for i, unit in enumerate(c.units):
            if unit.id in missing:
                yield ctx.at("JM316", f"unit {unit.id} has no reporting route to the office",
                             ("units", i, "id"))
    elif missing and c.units and office is None:
        yield ctx.at("JM316", "the charter has no office, so no rule takes the member units to "
                     f"one: say so with a not_in_notice '{SilenceKind.MEMBER_REPORTING}' "
                     "statement", ("office",))
    elif missing and c.units:
        yield ctx.at("JM316", "no reporting rule takes the member units to the office",
                     ("reporting",))


def reachable(ctx: Context) -> Iterator[Diagnostic]:
    """With a contacts file: every name in it exists, and every unit's current representative
    can be reached, through a channel of their own or of their unit."""
    contacts = ctx.contacts
    if contacts is None:
        return
    c = ctx.charter
    known = c.party_ids()
    locator = contacts._locator
    for key in contacts.recipients:
        if key not in known:
            position = locator.locate(("recipients", key), key=True) if locator else None
            yield Diagnostic("JM318", f"contacts name '{key}', which is no unit, post, party or "
                             "the office of the charter",
                             locator.source_of(("recipients", key)) if locator else None, position)
    for i, unit in enumerate(c.units):
        for member in c.representatives(unit, ctx.today):
            if not (member.name and contacts.people.get(member.name)) \
                    and not contacts.channels(unit.id):
                yield ctx.at("JM317", f"{member.label}, representative of {unit.id} "
                             f"({unit.name}), has no channel in the contacts file",
                             ("units", i, "id"))


RULES: tuple[Rule, ...] = (
    unique_ids, unambiguous_names, references, silences, every_unit_has_a_duty, representatives,
    recipients, chairs, frequencies, area_ids, sources, routes, reachable,
)


def check(charter: Charter, *, today: dt.date | None = None,
          contacts: Contacts | None = None, limit: int | None = MAX_PER_CODE
          ) -> list[Diagnostic]:
    """Every finding about a loaded charter, in file order (the loader's warnings included).

    Args:
        charter: the charter to check.
        today: the day "current representative" refers to; today in the charter's timezone
            by default.
        contacts: a contacts file to check reachability against, if there is one.
        limit: at most this many findings of each code, then one line counting the rest
            (see :func:`~jointmeeting.errors.capped`); None for every one.
    """
    if today is None:
        today = dt.datetime.now(charter.zone).date()
    ctx = Context(charter, today, contacts, limit)
    return capped(itertools.chain(charter.load_findings, *(rule(ctx) for rule in RULES)), limit)
