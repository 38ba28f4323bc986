"""Renderers: diagnostics as text, JSON or GitHub annotations; a charter as a summary to read;
the charter format as JSON Schema. Nothing here decides anything; it only presents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jointmeeting.diff import Change, Difference
from jointmeeting.errors import Diagnostic
from jointmeeting.graph import Impact, UnitMatch
from jointmeeting.loader import format_loc
from jointmeeting.model import Charter, Role, Unit
from jointmeeting.outline import areas

if TYPE_CHECKING:
    from rich.console import Console

    from jointmeeting.runtime.outbox import Step
    from jointmeeting.runtime.plan import Plan
    from jointmeeting.runtime.review import Review

FORMATS = ("text", "json", "github")

SCHEMA_ID = "https://jointmeeting.invalid/schema/charter.schema.json"


def diagnostics(found: Sequence[Diagnostic], fmt: str) -> str:
    """Findings in one of :data:`FORMATS`; text and github give one line per finding."""
    if fmt == "json":
        return json.dumps([_as_dict(d) for d in found], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(_github(d) for d in found)
    return "\n".join(map(str, found))


def _as_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.position.line if d.position else None,
        "col": d.position.col if d.position else None,
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
    }


def _github(d: Diagnostic) -> str:
    # Workflow commands need %, CR and LF escaped in the message, and also , and : in properties.
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(",", "%2C").replace(":", "%3A") if prop else text

    props = [f"title={d.code}"]
    if d.path:
        props.insert(0, f"file={escape(d.path, True)}")
    if d.position:
        props[1:1] = [f"line={d.position.line}", f"col={d.position.col}"]
    return f"::{d.severity.value} {','.join(props)}::{escape(d.message)}"


def json_schema() -> str:
    """The charter format as JSON Schema (draft 2020-12), as committed in ``schema/``."""
    schema = Charter.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def representatives(charter: Charter, unit: Unit) -> list[str]:
    """Who speaks for a unit now: its members, and the posts its people hold."""
    people = [f"{m.name}（{a.position}）" for m in charter.members_of(unit) if m.until is None
              for a in m.appointments() if a.unit == unit.id]
    people += [f"{p.title}（{p.held_by.position}）" for p in charter.posts
               if p.held_by.unit == unit.id and p.same_holder_as is None]
    return people


def show(charter: Charter, console: Console) -> None:
    """A summary a person reads: who sits at the table, what each unit must do, the rules,
    and every assumption and remark the file makes."""
    from rich.table import Table

    doc = charter.source
    console.rule(f"[bold]{charter.title}")
    console.print(f"{doc.issuer} {doc.document}，{doc.issued.isoformat()} 印发；"
                  f"{charter.jurisdiction.name}（{charter.jurisdiction.parent or ''}"
                  f"{charter.jurisdiction.province or ''}）")
    if doc.basis:
        console.print("依据：" + "、".join(f"《{law}》" for law in doc.basis))

    console.rule("组织架构 Posts and office")
    for post in charter.posts:
        holder = post.held_by
        body = holder.organization or (charter.unit(holder.unit).name if holder.unit else "")
        name = holder.name or "（姓名未载）"
        console.print(f"{post.title}：{body}{holder.position} {name}  [dim]{post.source}")
    office = charter.office
    console.print(f"{office.name}：设在{charter.unit(office.host).name}，负责"
                  f"{'、'.join(office.responsibilities)}  [dim]{office.source}")

    table = Table(title=f"成员单位 Units ({len(charter.units)})", show_lines=False)
    for column in ("id", "名称", "别名", "代表", "职责"):
        table.add_column(column)
    for unit in charter.units:
        table.add_row(unit.id, unit.name, "、".join(unit.aliases),
                      "；".join(representatives(charter, unit)) or "[red]无",
                      str(len(charter.duties_of(unit))))
    console.print(table)

    console.rule(f"职责 Duties ({len(charter.duties)})")
    for unit in charter.units:
        console.print(f"[bold]{unit.name}")
        for duty in charter.duties_of(unit):
            role = {"lead": "牵头 ", "supports": "配合 "}.get(duty.role.value, "")
            console.print(f"  {role}{duty.text}  [dim]{duty.source}")

    console.rule("会议 Meetings")
    for meeting in charter.meetings:
        freq = meeting.per_year
        times = f"每年{freq.min}-{freq.max}次" if freq and freq.max else "不定期"
        chair = meeting.chair or "（未规定）"
        console.print(f"{meeting.name}：{times}，主持 {chair}；{meeting.text}  "
                      f"[dim]{meeting.source}")

    console.rule("报告 Reporting")
    for rule in charter.reporting:
        steps = " → ".join(f"{step.action} {step.to}（{step.within or '时限未规定'}）"
                           for step in rule.steps)
        console.print(f"{rule.name}（{'、'.join(rule.reporters)}）：{steps}  [dim]{rule.source}")
    if charter.succession:
        console.print(f"成员调整：{charter.succession.text}  [dim]{charter.succession.source}")

    console.rule("假设与存疑 Assumptions and remarks")
    for assumption in charter.assumptions:
        console.print(f"[yellow]assumption[/] {assumption.id}: {assumption.text}")
    for loc, item in charter.noted():
        label = format_loc(loc)
        item_id = getattr(item, "id", None)
        if item_id:
            label += f" ({item_id})"
        for kind, text in (("assumption", item.assumption), ("remark", item.remark)):
            if text:
                colour = "yellow" if kind == "assumption" else "magenta"
                console.print(f"[{colour}]{kind}[/] {label}: {text}")


def area_list(console: Console) -> None:
    for area in areas().values():
        console.print(f"{area.id:<24} {area.name}")


_ROLE_LABEL = {Role.LEAD: "牵头", Role.OWNS: "负责", Role.SUPPORTS: "配合"}
_ROLE_MARK = {Role.LEAD: "L", Role.OWNS: "O", Role.SUPPORTS: "S"}


def who(matches: Sequence[UnitMatch]) -> str:
    out = []
    for match in matches:
        out.append(f"{match.unit.name}（{match.unit.id}）{_ROLE_LABEL[match.role]}  "
                   f"score {match.score:.2f}")
        for duty in match.duties:
            out.append(f"  {duty.duty.source}  {duty.duty.text}")
    return "\n".join(out)


def unit_duties(charter: Charter, unit: Unit) -> str:
    out = [f"{unit.name}（{unit.id}）" + (f" 又称 {'、'.join(unit.aliases)}" if unit.aliases
                                       else "")]
    out += [f"  {d.id}  [{_ROLE_LABEL[d.role]}]  {d.source}  {d.text}"
            for d in charter.duties_of(unit)]
    return "\n".join(out)


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
    return "\n".join(out)


def coverage(charter: Charter, matrix: dict[str, dict[str, Role]], fmt: str) -> str:
    """Units × areas; areas nobody owns or leads are listed after the table."""
    area_ids = list(areas())
    if fmt == "json":
        data = {"areas": {area: {unit: role.value for unit, role in cells.items()}
                          for area, cells in matrix.items()},
                "gaps": [_as_dict(gap) for gap in coverage_gaps(matrix)]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    rows = [["unit", *area_ids]]
    rows += [[unit.id, *(_ROLE_MARK[matrix[a][unit.id]] if unit.id in matrix[a] else ""
                         for a in area_ids)] for unit in charter.units]
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue()
    width = max(len(u.id) for u in charter.units) + 1
    out = [" " * width + " ".join(f"{i + 1:>2}" for i in range(len(area_ids)))]
    out += [f"{row[0]:<{width}}" + " ".join(f"{cell:>2}" for cell in row[1:]) for row in rows[1:]]
    out.append("")
    out += [f"{i + 1:>2} {area}  {areas()[area].name}" for i, area in enumerate(area_ids)]
    out += [str(gap) for gap in coverage_gaps(matrix)]
    return "\n".join(out) + "\n"


def coverage_gaps(matrix: dict[str, dict[str, Role]]) -> list[Diagnostic]:
    """JM320 for an area nobody has a duty in, JM321 for one nobody leads."""
    gaps = []
    for area, cells in matrix.items():
        if not cells:
            gaps.append(Diagnostic("JM320", f"no unit has a duty in {area} ({areas()[area].name})"))
        elif Role.LEAD not in cells.values():
            gaps.append(Diagnostic("JM321", f"no unit leads (牵头) in {area} "
                                   f"({areas()[area].name})"))
    return gaps


_CHANGE_MARK = {Change.ADDED: "+", Change.REMOVED: "-", Change.RENAMED: "~",
                Change.MOVED: ">", Change.CHANGED: "*"}


def differences(found: Sequence[Difference], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([d.as_dict() for d in found], ensure_ascii=False, indent=2)
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
        out.append(line)
    return "\n".join(out)


def roster(charter: Charter, day: dt.date) -> str:
    """Every unit and who represents it on ``day`` (members, or posts its people hold)."""
    out = [f"{charter.title}: representatives on {day.isoformat()}"]
    for unit in charter.units:
        people = [f"{m.name}（{next(a.position for a in m.appointments() if a.unit == unit.id)}）"
                  for m in charter.representatives(unit, day)]
        people += [f"{p.title}（{p.held_by.position}）" for p in charter.posts
                   if p.held_by.unit == unit.id and p.same_holder_as is None
                   and charter.holder(p.id, day) is not None]
        out.append(f"  {unit.name:<12} {'；'.join(people) or '（无）'}")
    return "\n".join(out)


def history(charter: Charter, unit: Unit) -> str:
    out = [f"{unit.name}（{unit.id}）"]
    for member in charter.history(unit):
        until = member.until.isoformat() if member.until else "至今"
        filing = f"  备案 {member.filing}" if member.filing else ""
        position = next(a.position for a in member.appointments() if a.unit == unit.id)
        out.append(f"  {member.since.isoformat()} – {until}  {member.name}（{position}）"
                   f"{filing}  {member.source}")
    return "\n".join(out)


def _local(charter: Charter, moment: dt.datetime | None) -> str:
    if moment is None:
        return "no deadline"
    from zoneinfo import ZoneInfo

    return f"{moment.astimezone(ZoneInfo(charter.timezone)):%Y-%m-%d %H:%M %Z}"


def plan(charter: Charter, made: Plan) -> str:
    rule = next(r for r in charter.reporting if r.id == made.report.rule)
    known = _local(charter, made.report.known_at)
    out = [f"{rule.name}（{rule.source}）: {made.reporter_label}, known {known}"
           + ("; involves a minor: messages carry no details" if made.report.minor else "")]
    for step in made.steps:
        via = ", ".join(c.via for c in step.channels)
        out.append(f"  {step.seq}. {step.label}  {step.action}  by {_local(charter, step.deadline)}"
                   + (f"  via {via}" if via else "")
                   + (f"  ({step.note})" if step.note else ""))
    return "\n".join(out)


def steps(charter: Charter, found: Sequence[Step]) -> str:
    out = []
    for step in found:
        level = f" [escalation {step.level}]" if step.level else ""
        error = f"  last error: {step.last_error}" if step.last_error else ""
        out.append(f"#{step.id} {step.seq}. {step.label}{level}  {step.action}  by "
                   f"{_local(charter, step.deadline)}  via {step.via or 'hand'}  {step.status}"
                   f" (attempts {step.attempts}){error}")
    return "\n".join(out)


def review_table(result: Review) -> str:
    """The review for a terminal: findings with their clauses, then the units' year."""
    from rich.console import Console
    from rich.table import Table

    console = Console(record=True, width=120, file=io.StringIO())
    console.print(f"{result.charter.title}: {result.year} review, "
                  f"{len(result.findings)} finding(s)", markup=False)
    for f in result.findings:
        console.print(f"  {f.code} {f.message}  [{f.clause}]", markup=False)
    table = Table("成员单位 unit", "年度计划 plan", "实事 matters", "纳入工作报告 in report",
                  "进展报送 progress reports")
    for u in result.units:
        table.add_row(u.name, "有" if u.plan else "无", str(u.matters), str(u.in_report),
                      str(u.progress_reports))
    console.print(table)
    return console.export_text().rstrip("\n")


def review_json(result: Review) -> str:
    data = {
        "charter": result.charter.id, "year": result.year,
        "findings": [{"code": f.code, "severity": f.severity.value, "message": f.message,
                      "clause": f.clause, "unit": f.unit} for f in result.findings],
        "units": [dataclasses.asdict(u) for u in result.units],
        "cases": [{"id": c.case.id, "on_time": c.on_time,
                   "deadline": c.deadline.isoformat() if c.deadline else None}
                  for c in result.cases],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def review_html(result: Review, today: dt.date) -> str:
    """One printable page (Chinese labels) an office can attach to its annual report."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("jointmeeting", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)
    charter = result.charter
    cases = [{"case": c.case, "on_time": c.on_time,
              "reporter": _name_of(charter, c.case.reporter),
              "known": _local(charter, c.case.known_at),
              "reported": _local(charter, c.case.reported_at)} for c in result.cases]
    return env.get_template("review.html.j2").render(
        charter=charter, year=result.year, today=today.isoformat(), findings=result.findings,
        records=result.records, units=result.units, cases=cases,
        meeting_names={m.id: m.name for m in charter.meetings},
        post_names={p.id: p.title for p in charter.posts})


def _name_of(charter: Charter, ref: str) -> str:
    try:
        return charter.unit(ref).name
    except KeyError:
        return next((p.name for p in charter.parties if p.id == ref), ref)
