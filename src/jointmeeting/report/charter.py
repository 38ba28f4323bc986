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
from jointmeeting.charter.words import words
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
    people = [f"{m.name}（{a.position}）" if m.name else f"{a.position}（姓名未载）"
              for m in charter.representatives(unit, day)
              for a in m.appointments() if a.unit == unit.id]
    people += [f"{p.title}（{p.held_by.position}）" if p.held_by.position else p.title
               for p in charter.posts_held(unit, day)]
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
            parts.append(("  " + INHERITED, "cyan"))
        console.print(Text.assemble(*parts))

    say = words(charter.language)

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
    line(f"{doc.issuer or say('doc.no-issuer')} {doc.document or say('doc.no-number')}，"
         f"{issued} 印发；{place.name or say('doc.no-place')}{f'（{above}）' if above else ''}")
    if doc.basis:
        line("依据：" + "、".join(f"《{law}》" for law in doc.basis))

    for stated in charter.not_in_notice:
        if stated.what not in (SilenceKind.UNIT_DUTIES, SilenceKind.MEMBER_REPORTING):
            line(f"通知未载{say(f'site.silence.{stated.what.value}')}：{stated.assumption}",
                 stated.source)

    console.rule("组织架构 Posts and office")
    for post in charter.posts:
        holder = post.held_by
        body = holder.organization or (charter.label(holder.unit) if holder.unit else "")
        position = holder.position or f"（{say('holder.no-position')}）"
        line(f"{post.title}：{body}{position} {holder.name or '（姓名未载）'}", post.source,
             of=("posts", post))
    office = charter.office
    if office is None:
        line(f"联席会议办公室：{say('office.none')}", None)
    else:
        seat = (f"设在{charter.label(office.host)}{office.host_subunit or ''}" if office.host
                else say("office.no-host"))
        tasks = f"，负责{'、'.join(office.responsibilities)}" if office.responsibilities else ""
        line(f"{office.name}：{seat}{tasks}", office.source, of=("office", None))
        for duty in charter.office_duties():
            line(f"  {duty.text}", duty.source, of=("duties", duty))
    if charter.lead_unit is not None:
        line(f"牵头单位：{'、'.join(map(charter.label, charter.lead_unit.units()))}",
             charter.lead_unit.source)
    if charter.liaison is not None:
        line(f"联络员：{charter.liaison.text}", charter.liaison.source)
        for officer in charter.liaison.officers:
            line(f"  {charter.label(officer.unit)} {officer.name or '（姓名未载）'}"
                 f"{officer.position or ''}", officer.source)

    day = day or dt.date.today()
    table = Table(title=f"成员单位 Units ({len(charter.units)})", show_lines=False)
    for column in ("id", "名称", "别名", f"代表（{day.isoformat()}）", "职责"):
        # Fold, never "…": a name cut short is a wrong name, most of all in a file.
        table.add_column(column, overflow="fold")
    for unit in charter.units:
        table.add_row(unit.id, Text(printable(unit.name)),
                      Text(printable("、".join([*unit.signboards, *unit.aliases]))),
                      Text(printable("；".join(representatives(charter, unit, day))))
                      or Text("无", "red"), _duty_count(charter, unit))
    # Into a file or a pipe the table takes the width it needs: nothing is folded there either.
    width = console.width
    if not console.is_terminal:
        console.width = max(width, Measurement.get(
            console, console.options.update_width(100_000), table).maximum)
    console.print(table)
    console.width = width
    if charter.open_units is not None:
        line(f"名单未列全：“{charter.open_units.text}”", charter.open_units.source)

    console.rule(f"职责 Duties ({len(charter.duties)})")
    for unit in charter.units:
        console.print(Text(printable(unit.name), style="bold"))
        for duty in charter.duties_of(unit):
            role = "" if duty.role is Role.OWNS else duty.role.label + " "
            others = [charter.label(o) for o in duty.owners() if o != unit.id]
            jointly = f"（与{'、'.join(others)}共同负责）" if others else ""
            support = (f"（{'、'.join(charter.label(s) for s in duty.support)}配合）"
                       if duty.support else "")
            line(f"  {role}{duty.text}{jointly}{support}", duty.source, of=("duties", duty))
        for duty in charter.supported_duties(unit):
            owners = "、".join(charter.label(o) for o in duty.owners())
            line(f"  配合 {duty.text}（{owners}负责）", duty.source, of=("duties", duty))
        silence = charter.silent_on(SilenceKind.UNIT_DUTIES, unit.id)
        if silence is not None and not charter.duties_of(unit) \
                and not charter.supported_duties(unit):
            line(f"  通知未载本单位职责：{silence.assumption}", silence.source)

    console.rule("会议 Meetings")
    for meeting in charter.meetings:
        freq = meeting.per_year
        times = f"每年{freq.min}-{freq.max}次" if freq and freq.max else "不定期"
        if meeting.cadence:
            times = _CADENCE.get(meeting.cadence, meeting.cadence)
        chair = name_of(meeting.chair) if meeting.chair else "（未规定）"
        attending = "、".join(_ATTENDEES.get(a, name_of(a)) for a in meeting.attendees)
        attendees = f"，参加 {attending}" if attending else ""
        line(f"{meeting.name}：{times}，主持 {chair}{attendees}；{meeting.text}", meeting.source,
             of=("meetings", meeting))

    console.rule("报告 Reporting")
    for rule in charter.reporting:
        steps = " → ".join(
            f"{step.action} {name_of(step.to)}"
            f"（{say.deadline(step.within, working_days=step.working_days)}）"
            for step in rule.steps)
        every = f"{_CADENCE.get(rule.cadence, rule.cadence)}，" if rule.cadence else ""
        reporters = say("list.sep").join(map(name_of, rule.reporters))
        line(f"{rule.name}（{reporters}）：{every}{steps}", rule.source, of=("reporting", rule))
    if charter.succession:
        line(f"成员调整（{succession_how(charter) or '方式未载'}）：{charter.succession.text}",
             charter.succession.source, of=("succession", None))
    for requirement in charter.requirements:
        line(f"工作要求 {requirement.title}：{requirement.text}", requirement.source,
             of=("requirements", requirement))
    if charter.escalation:
        chain = " → ".join(charter.label(level) for level in charter.escalation.chain)
        line(f"逐级上报：{chain}（每级 {charter.escalation.after}）", charter.escalation.source,
             of=("escalation", None))
    for silence in charter.not_in_notice:
        if silence.what is SilenceKind.MEMBER_REPORTING:
            units = "、".join(charter.label(u) for u in silence.units) or "成员单位"
            line(f"通知未载{units}向办公室报告的规则：{silence.assumption}", silence.source)

    console.rule("假设与存疑 Assumptions and remarks")
    for assumption in charter.assumptions:
        line(f"{assumption.id}: {assumption.text}", lead=("assumption", "yellow"))
    for loc, item in charter.noted():
        label = format_loc(loc)
        item_id = getattr(item, "id", None)
        if item_id:
            label += f" ({item_id})"
        for kind, text in (("assumption", item.assumption), ("remark", item.remark)):
            if text:
                colour = "yellow" if kind == "assumption" else "magenta"
                line(f"{label}: {text}", lead=(kind, colour))


#: How `show` and the site mark a part a county charter takes from its template.
INHERITED = "〔沿用模板〕"
#: Groups that attend meetings, as the notices write them.
_ATTENDEES = {"members": "各成员单位", "liaisons": "各成员单位联络员"}
#: Cadences as the notices write them.
_CADENCE = {"P1M": "每月", "P3M": "每季度", "P6M": "每半年", "P1Y": "每年", "as-needed": "根据需要"}


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
    return str(len(charter.duties_of(unit))) + (f"（配合{supported}）" if supported else "")


def who(matches: Sequence[UnitMatch], clauses: Sequence[ClauseMatch] = ()) -> str:
    out: list[str] = []
    for match in matches:
        out.append(f"{match.unit.name}（{match.unit.id}）{match.role.label}  "
                   f"score {match.score:.2f}")
        for duty in match.duties:
            helps = "配合 " if duty.role is Role.SUPPORTS else ""
            out.append(f"  {duty.duty.source}  {helps}{duty.duty.text}")
    if clauses:
        out.append("联席会议 The joint meeting:")
        out += [f"  {c.source}  {c.label}：{c.text}" for c in clauses]
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


def differences(found: Sequence[Difference], fmt: str) -> str:
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
            line += f"  {INHERITED}"
        out.append(line)
    return "\n".join(map(printable, out))
