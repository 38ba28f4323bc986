"""A charter for people to read: the summary, who does what, impact, coverage, differences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jointmeeting.charter.diff import Change, Difference
from jointmeeting.charter.escape import printable
from jointmeeting.charter.loader import format_loc
from jointmeeting.charter.model import Charter, DocumentKind, Role, SilenceKind, Unit
from jointmeeting.charter.outline import areas
from jointmeeting.charter.words import Language, words
from jointmeeting.checks.coverage import Matrix, coverage_gaps
from jointmeeting.report.envelope import finding, to_json

if TYPE_CHECKING:
    from rich.console import Console

    from jointmeeting.graph.responsibility import Impact
    from jointmeeting.graph.search import ClauseMatch, UnitMatch


def representatives(charter: Charter, unit: Unit, day: dt.date | None = None) -> list[str]:
    """Who speaks for a unit on a day (today by default): its members, with the position they
    hold there, and the posts its people hold."""
    day = day or dt.date.today()
    say = words(charter.language)
    people = [say("show.person", name=m.name, position=a.position) if m.name else
              say("show.person", name=a.position, position=say("site.holder.unnamed"))
              for m in charter.representatives(unit, day)
              for a in m.appointments() if a.unit == unit.id]
    people += [say("show.person", name=p.title, position=p.held_by.position)
               if p.held_by.position else p.title for p in charter.posts_held(unit, day)]
    return people


def show(charter: Charter, console: Console, *, day: dt.date | None = None) -> None:
    """A summary a person reads: who sits at the table, what each unit must do, the rules,
    and every assumption and remark the file makes. Representatives are those of ``day``
    (today by default), and the table says which day that is.

    The charter's words go out as plain text, never as rich markup: a name or a duty with
    brackets in it must print as written, not as a style.
    """
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    def line(text: str, clause: str | None = None, *, lead: tuple[str, str] | None = None,
             of: tuple[str, object | None] | None = None) -> None:
        parts: list[str | tuple[str, str]] = [lead, " "] if lead else []
        parts.append(printable(text))
        if clause:
            parts.append(("  " + printable(clause), "dim"))
        if of is not None and charter.inherited(*of):  # not the county's own words
            parts.append(("  " + say("mark.inherited"), "cyan"))
        console.print(Text.assemble(*parts))

    say = words(charter.language)
    sep = say("list.sep")

    # What a person reads for a reference: a name, a group in words, never an id.
    name_of = charter.label

    doc = charter.source
    console.rule(Text(printable(charter.title), style="bold"))
    if doc.kind is DocumentKind.NEWS_REPORT:
        line(say("doc.news-report"))
    issued = doc.issued.isoformat() if doc.issued else say("doc.no-date")
    place = charter.jurisdiction
    # What the place is part of, when the charter says: a county of its own has nothing to add.
    above = f"{place.parent or ''}{place.province or ''}"
    name = place.name or say("doc.no-place")
    line(say("show.issued", issuer=doc.issuer or say("doc.no-issuer"),
             document=doc.document or say("doc.no-number"), issued=issued,
             place=say("show.place", name=name, above=above) if above else name))
    if doc.basis:
        line(say("show.basis", laws=sep.join(say("show.law", law=law) for law in doc.basis)))

    for stated in charter.not_in_notice:
        if stated.what not in (SilenceKind.UNIT_DUTIES, SilenceKind.MEMBER_REPORTING):
            line(say("show.silent", what=say(f"site.silence.{stated.what.value}"),
                     assumption=stated.assumption), stated.source)

    console.rule(say("show.posts"))
    for post in charter.posts:
        holder = post.held_by
        body = holder.organization or (charter.label(holder.unit) if holder.unit else "")
        line(say("show.post", title=post.title, body=body,
                 position=holder.position or say("show.no-position"),
                 person=holder.name or say("show.unnamed")), post.source, of=("posts", post))
    office = charter.office
    if office is None:
        line(say("show.office.none", text=say("office.none")), None)
    else:
        subunit = say("show.office.subunit", subunit=office.host_subunit) \
            if office.host_subunit else ""
        seat = (say("show.office.seat", host=charter.label(office.host), subunit=subunit)
                if office.host else say("office.no-host"))
        tasks = say("show.office.tasks", tasks=sep.join(office.responsibilities)) \
            if office.responsibilities else ""
        line(say("show.office", name=office.name, seat=seat, tasks=tasks), office.source,
             of=("office", None))
        for duty in charter.office_duties():
            line(f"  {duty.text}", duty.source, of=("duties", duty))
    if charter.lead_unit is not None:
        line(say("show.labelled", label=say("site.rules.lead_unit"),
                 text=sep.join(map(charter.label, charter.lead_unit.units()))),
             charter.lead_unit.source)
    if charter.liaison is not None:
        line(say("show.labelled", label=say("site.unit.liaisons"), text=charter.liaison.text),
             charter.liaison.source)
        for officer in charter.liaison.officers:
            position = say("show.officer.position", position=officer.position) \
                if officer.position else ""
            line("  " + say("show.officer", unit=charter.label(officer.unit),
                            person=officer.name or say("show.unnamed"), position=position),
                 officer.source)

    day = day or dt.date.today()
    table = Table(title=say("show.units", n=len(charter.units)), show_lines=False)
    for column in ("id", "name", "aliases", "representatives", "duties"):
        # Fold, never "…": a name cut short is a wrong name, most of all in a file.
        table.add_column(say(f"show.col.{column}", day=day.isoformat()), overflow="fold")
    for unit in charter.units:
        table.add_row(unit.id, Text(printable(unit.name)),
                      Text(printable(sep.join([*unit.signboards, *unit.aliases]))),
                      Text(printable(say("semi").join(representatives(charter, unit, day))))
                      or Text(say("show.col.none"), "red"), _duty_count(charter, unit))
    # Into a file or a pipe the table takes the width it needs: nothing is folded there either.
    width = console.width
    if not console.is_terminal:
        console.width = max(width, Measurement.get(
            console, console.options.update_width(100_000), table).maximum)
    console.print(table)
    console.width = width
    if charter.open_units is not None:
        line(say("show.open_units", text=charter.open_units.text), charter.open_units.source)

    console.rule(say("show.duties", n=len(charter.duties)))
    for unit in charter.units:
        console.print(Text(printable(unit.name), style="bold"))
        for duty in charter.duties_of(unit):
            role = "" if duty.role is Role.OWNS else \
                say("show.duty.role", role=say(f"site.role.{duty.role.value}"))
            others = [charter.label(o) for o in duty.owners() if o != unit.id]
            jointly = say("show.jointly", others=sep.join(others)) if others else ""
            support = (say("show.supported_by", units=sep.join(map(charter.label, duty.support)))
                       if duty.support else "")
            line(f"  {role}{duty.text}{jointly}{support}", duty.source, of=("duties", duty))
        for duty in charter.supported_duties(unit):
            owners = sep.join(charter.label(o) for o in duty.owners())
            line("  " + say("show.supports", text=duty.text, owners=owners), duty.source,
                 of=("duties", duty))
        silence = charter.silent_on(SilenceKind.UNIT_DUTIES, unit.id)
        if silence is not None and not charter.duties_of(unit) \
                and not charter.supported_duties(unit):
            line("  " + say("show.silent.duties", assumption=silence.assumption), silence.source)

    console.rule(say("show.meetings"))
    for meeting in charter.meetings:
        freq = meeting.per_year
        times = say("show.times", span=say.span(freq.min, freq.max)) if freq and freq.max \
            else say("show.irregular")
        if meeting.cadence:
            times = _cadence(charter, meeting.cadence)
        chair = name_of(meeting.chair) if meeting.chair else say("show.no-chair")
        attending = sep.join(map(name_of, meeting.attendees))  # groups in words, as in rules
        attendees = say("show.attendees", who=attending) if attending else ""
        line(say("show.meeting", name=meeting.name, times=times, chair=chair,
                 attendees=attendees, text=meeting.text), meeting.source,
             of=("meetings", meeting))

    console.rule(say("show.reporting"))
    for rule in charter.reporting:
        steps = say("show.steps.sep").join(
            say("site.step", action=step.action, recipient=name_of(step.to),
                when=say.deadline(step.within, working_days=step.working_days))
            for step in rule.steps)
        every = say("show.every", cadence=_cadence(charter, rule.cadence)) if rule.cadence \
            else ""
        reporters = sep.join(map(name_of, rule.reporters))
        line(say("show.rule", name=rule.name, reporters=reporters, every=every, steps=steps),
             rule.source, of=("reporting", rule))
    if charter.succession:
        line(say("show.succession", how=succession_how(charter)
                 or say("show.succession.unknown"), text=charter.succession.text),
             charter.succession.source, of=("succession", None))
    for requirement in charter.requirements:
        line(say("show.requirement", title=requirement.title, text=requirement.text),
             requirement.source, of=("requirements", requirement))
    if charter.escalation:
        chain = say("show.steps.sep").join(map(charter.label, charter.escalation.chain))
        line(say("show.escalation", chain=chain, after=say.deadline(charter.escalation.after)),
             charter.escalation.source, of=("escalation", None))
    for silence in charter.not_in_notice:
        if silence.what is SilenceKind.MEMBER_REPORTING:
            units = sep.join(map(charter.label, silence.units)) or say("show.members")
            line(say("show.silent.reporting", units=units, assumption=silence.assumption),
                 silence.source)

    console.rule(say("show.notes"))
    for assumption in charter.assumptions:
        line(f"{assumption.id}: {assumption.text}", lead=(say("show.assumption"), "yellow"))
    for loc, item in charter.noted():
        label = format_loc(loc)
        item_id = getattr(item, "id", None)
        if item_id:
            label += f" ({item_id})"
        for kind, text in (("assumption", item.assumption), ("remark", item.remark)):
            if text:
                colour = "yellow" if kind == "assumption" else "magenta"
                line(f"{label}: {text}", lead=(say(f"show.{kind}"), colour))


#: Cadences the catalogue words as the notices write them (每季度); any other stays as written.
_CADENCES = {"P1M", "P3M", "P6M", "P1Y", "as-needed"}


def _cadence(charter: Charter, cadence: str) -> str:
    return words(charter.language)(f"cadence.{cadence}") if cadence in _CADENCES else cadence


def succession_how(charter: Charter) -> str:
    """How the charter's succession clause has successors made, in the notices' words:
    报联席会议办公室备案, 经总召集人同意, 自行递补; empty without a clause."""
    rule = charter.succession
    if rule is None:
        return ""
    say = words(charter.language)
    how = [say("succession.filed", body=charter.label(rule.filed_with)) if rule.filed_with
           else "",
           say("succession.approved", post=charter.label(rule.approved_by)) if rule.approved_by
           else "",
           say("succession.automatic") if rule.automatic else ""]
    return say("succession.sep").join(filter(None, how))


def area_list(console: Console) -> None:
    for area in areas().values():
        console.print(f"{area.id:<24} {area.name}")


_ROLE_MARK = {Role.LEAD: "L", Role.OWNS: "O", Role.SUPPORTS: "S"}


def _duty_count(charter: Charter, unit: Unit) -> str:
    """How many duties a unit owns, and apart how many it supports (配合)."""
    supported = len(charter.supported_duties(unit))
    return str(len(charter.duties_of(unit))) + (
        words(charter.language)("show.supported.count", n=supported) if supported else "")


def who(charter: Charter, matches: Sequence[UnitMatch],
        clauses: Sequence[ClauseMatch] = ()) -> str:
    """What `who` found, in the charter's language: units with their duties, then the joint
    meeting's own texts, each by its name (a responsibility, which has none, by its clause)."""
    say = words(charter.language)
    out: list[str] = []
    for match in matches:
        out.append(say("who.unit", name=match.unit.name, id=match.unit.id,
                       role=say(f"site.role.{match.role.value}"), score=f"{match.score:.2f}"))
        for duty in match.duties:
            helps = say("who.supports") if duty.role is Role.SUPPORTS else ""
            out.append(say("who.duty", clause=duty.duty.source, role=helps, text=duty.duty.text))
    if clauses:
        out.append(say("who.joint-meeting"))
        out += [say("who.responsibility", clause=c.source, text=c.text)
                if c.kind == "responsibility"
                else say("who.clause", clause=c.source, label=c.label, text=c.text)
                for c in clauses]
    return "\n".join(map(printable, out))


def unit_duties(charter: Charter, unit: Unit) -> str:
    out = [f"{unit.name}（{unit.id}）" + (f" 又称 {'、'.join(unit.aliases)}" if unit.aliases
                                       else "")]
    out += [f"  {d.id}  [{d.role.label}]  {d.source}  {d.text}"
            for d in charter.duties_of(unit)]
    return "\n".join(map(printable, out))


def impact(found: Impact) -> str:
    moved = f"moves to {found.into.name}" if found.into else "loses its owner"
    out = [f"If {found.unit.name} ({found.unit.id}) "
           + (f"merges into {found.into.name} ({found.into.id}):" if found.into
              else "is removed:")]
    out.append(f"  {len(found.duties_losing_owner)} duties: each {moved}")
    out += [f"    {d.id}  {d.source}  {d.text}" for d in found.duties_losing_owner]
    verb = "lead moves" if found.into else "loses its lead"
    out += [f"  {d.id}: {verb} (牵头)" for d in found.duties_losing_lead]
    out += [f"  {d.id}: loses a supporting unit" for d in found.duties_losing_support]
    out += [f"  representative: {name}" for name in found.representatives]
    out += [f"  post held by its people: {post}" for post in found.posts]
    if found.hosts_office:
        out.append("  the office is hosted here: it needs a new host")
    out += [f"  reporting rule: {rule}" for rule in found.reporting_rules]
    return "\n".join(map(printable, out))


def coverage(charter: Charter, matrix: Matrix, fmt: str) -> str:
    """Units × areas (the gaps are in the JSON; for a table or CSV they are findings, which
    :func:`coverage_gaps` gives for stderr)."""
    area_ids = list(areas())
    if fmt == "json":
        data = {"areas": {area: {unit: role.value for unit, role in cells.items()}
                          for area, cells in matrix.items()},
                "gaps": [finding(gap) for gap in coverage_gaps(matrix, charter)]}
        return to_json("coverage", data)
    rows = [["unit", *area_ids]]
    # The office is a row of its own when the notice gives it a duty (联席会议办公室负责).
    office = [charter.office.id] if charter.office is not None and any(
        charter.office.id in cells for cells in matrix.values()) else []
    rows += [[unit_id, *(_ROLE_MARK[matrix[a][unit_id]] if unit_id in matrix[a] else ""
                         for a in area_ids)] for unit_id in [*(u.id for u in charter.units),
                                                            *office]]
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue()
    width = max((len(row[0]) for row in rows[1:]), default=0) + 1
    out = [" " * width + " ".join(f"{i + 1:>2}" for i in range(len(area_ids)))]
    out += [f"{row[0]:<{width}}" + " ".join(f"{cell:>2}" for cell in row[1:]) for row in rows[1:]]
    out.append("")
    out += [f"{i + 1:>2} {area}  {areas()[area].name}" for i, area in enumerate(area_ids)]
    if charter.areas:
        out.append(f"scope: {', '.join(charter.areas)} (gaps only within it)")
    elif charter.areas is not None:
        out.append("scope: none of the outline areas (no gaps reported)")
    return "\n".join(out) + "\n"


_CHANGE_MARK = {Change.ADDED: "+", Change.REMOVED: "-", Change.RENAMED: "~",
                Change.MOVED: ">", Change.CHANGED: "*"}


def differences(found: Sequence[Difference], fmt: str, language: Language) -> str:
    """What changed, for the charter's author; a part taken from the template is marked in
    ``language``, as `show` and the site mark it."""
    if fmt == "json":
        return to_json("diff", [d.as_dict() for d in found]).rstrip("\n")
    if not found:
        return "no differences in responsibilities"
    out = []
    for d in found:
        line = f"{_CHANGE_MARK[d.change]} {d.part} {d.item} {d.change.value}"
        if d.change is Change.MOVED:
            line += f" from {d.old} to {d.new}: {d.detail}"
        elif d.old is not None or d.new is not None:
            line += f" {d.detail}: {d.old or ''} → {d.new or ''}" if d.change is Change.CHANGED \
                else f": {d.detail}"
        elif d.detail:
            line += f": {d.detail}"
        if d.inherited:
            line += "  " + words(language)("mark.inherited")
        out.append(line)
    return "\n".join(map(printable, out))
