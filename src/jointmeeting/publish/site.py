"""A static site of a charter: a responsibility directory people can browse and search offline.

Every page is rendered with Jinja2 from the charter alone, in a fixed order, with no timestamps:
the same charter gives the same bytes, so a site can be committed and diffed. Links are relative
and the search index is a script (not a fetched JSON file), so the site works from the file
system as well as from any web server, with no external assets.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from jointmeeting.charter.loader import format_loc
from jointmeeting.charter.model import Charter, Duty, ReportingRule, Role, SilenceKind
from jointmeeting.charter.outline import areas
from jointmeeting.charter.words import words
from jointmeeting.graph.pictures import GraphvizError, GraphvizMissingError, dot_of, svgs_of, to_dot
from jointmeeting.graph.responsibility import Edge, NodeKind, ResponsibilityGraph
from jointmeeting.graph.search import clause_texts, thesaurus
from jointmeeting.report import representatives
from jointmeeting.report.charter import succession_how

GRAPH_KINDS = (NodeKind.UNIT, NodeKind.POST, NodeKind.OFFICE, NodeKind.PARTY, NodeKind.MEETING,
               NodeKind.JOINT_MEETING)
#: Past this many units one picture of the whole table is unreadable (and slow to lay out): the
#: site draws each unit's and each area's neighbourhood instead.
WHOLE_PICTURE_UNITS = 150
#: Units drawn around one unit or in one area at most; the page's lists give every one.
NEIGHBOURS = 30


@dataclass
class Built:
    """What a build wrote, and what it had to leave out."""

    pages: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _environment() -> Environment:
    return Environment(loader=PackageLoader("jointmeeting", "templates/site"),
                       autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def _steps(charter: Charter) -> dict[str, str]:
    """Rule id -> its steps as a person reads them: to whom by name, the deadline in words
    (every rule at once: a table of thousands of units has thousands of rules)."""
    say = words(charter.language)
    lines: dict[str, str] = {}
    for rule in charter.reporting:
        lines.setdefault(rule.id, say("site.steps.sep").join(
            say("site.step", action=step.action, recipient=charter.label(step.to),
                when=say.deadline(step.within, working_days=step.working_days))
            for step in rule.steps))
    return lines


def _duty(charter: Charter, duty: Duty) -> dict[str, Any]:
    known = areas()
    say = words(charter.language)
    return {"id": duty.id, "text": duty.text, "source": duty.source, "role": duty.role.value,
            "role_label": say(f"site.role.{duty.role.value}"), "remark": duty.remark,
            "owner": duty.owner, "owner_name": charter.label(duty.owner),
            "owners": [{"id": o, "name": charter.label(o)} for o in duty.owners()],
            "inherited": charter.inherited("duties", duty) is not None,
            "support": [charter.label(s) for s in duty.support],
            "areas": [{"id": a, "name": known[a].name_in(charter.language)} for a in duty.areas
                      if a in known]}


def _units(charter: Charter, day: dt.date | None, steps: dict[str, str]
           ) -> list[dict[str, Any]]:
    say = words(charter.language)
    # Everything a unit's page needs, indexed once: the site stays linear in the units.
    by_id = {u.id: u for u in reversed(charter.units)}  # the first of a repeated id
    everyone = []
    rules: dict[str, list[ReportingRule]] = {}
    for rule in charter.reporting:
        if "members" in rule.reporters:
            everyone.append(rule)
        for reporter in dict.fromkeys(rule.reporters):
            rules.setdefault(reporter, []).append(rule)
    order = {id(r): i for i, r in enumerate(charter.reporting)}
    posts: dict[str, list[str]] = {}
    for p in charter.posts:
        if p.held_by.unit is not None:
            posts.setdefault(p.held_by.unit, []).append(
                say("site.post", title=p.title,
                    position=p.held_by.position or say("holder.no-position")))
    liaisons: dict[str, list[str]] = {}
    for o in charter.liaison.officers if charter.liaison else []:
        liaisons.setdefault(o.unit, []).append(
            f"{o.name or say('site.holder.unnamed')}{o.position or ''}")
    out = []
    for unit in charter.units:
        parent = by_id.get(unit.parent) if unit.parent is not None else None
        own = {id(r): r for r in [*everyone, *rules.get(unit.id, ())]}
        reports = [{"name": r.name, "source": r.source, "assumption": r.assumption,
                    "steps": steps[r.id]} for r in sorted(own.values(), key=lambda r: order[id(r)])]
        notes = [{"kind": kind, "text": text} for kind, text in
                 ((say("site.note.assumption"), unit.assumption),
                  (say("site.note.remark"), unit.remark)) if text]
        silence = charter.silent_on(SilenceKind.UNIT_DUTIES, unit.id)
        if silence is not None:
            notes.append({"kind": say("site.note.silent"), "text": silence.assumption})
        out.append({
            "id": unit.id, "name": unit.name, "aliases": [*unit.signboards, *unit.aliases],
            "source": unit.source, "liaisons": liaisons.get(unit.id, []),
            "parent": {"id": parent.id, "name": parent.name} if parent else None,
            "representatives": representatives(charter, unit, day),
            "duties": [_duty(charter, d) for d in charter.duties_of(unit)],
            "supported": [_duty(charter, d) for d in charter.supported_duties(unit)],
            "reports": reports, "notes": notes, "posts": posts.get(unit.id, []),
        })
    return out


def _areas(charter: Charter) -> list[dict[str, Any]]:
    say = words(charter.language)
    out = []
    for area in areas().values():
        serving = [d for d in charter.duties if area.id in d.areas]
        group = {role: [_duty(charter, d) for d in serving if d.role is role] for role in Role}
        gap = (None if not charter.in_scope(area.id) else  # not an area this table serves
               say("site.gap.none") if not serving else
               say("site.gap.lead") if not group[Role.LEAD] else None)
        out.append({"id": area.id, "name": area.name_in(charter.language), "gap": gap,
                    "lead": group[Role.LEAD], "owns": group[Role.OWNS],
                    "supports": group[Role.SUPPORTS]})
    return out


def _notes(charter: Charter) -> list[dict[str, str]]:
    say = words(charter.language)
    notes = [{"kind": say("site.note.assumption"), "where": f"assumptions ({a.id})",
              "text": a.text} for a in charter.assumptions]
    for loc, item in charter.noted():
        where = format_loc(loc) + (f" ({item_id})" if (item_id := getattr(item, "id", None))
                                   else "")
        notes += [{"kind": kind, "where": where, "text": text} for kind, text in
                  ((say("site.note.assumption"), item.assumption),
                   (say("site.note.remark"), item.remark)) if text]
    return notes


def _pictures(charter: Charter, units: list[dict[str, Any]], area_rows: list[dict[str, Any]]
              ) -> dict[str, str]:
    """Picture file -> its DOT: the whole organisation for a small table; for a large one,
    each unit with what it is joined to, and each area's units, at most :data:`NEIGHBOURS`."""
    org = ResponsibilityGraph.from_charter(charter).only(GRAPH_KINDS)
    if len(charter.units) <= WHOLE_PICTURE_UNITS:
        return {"graph.svg": to_dot(org)}
    nodes = {n.key: n for n in org.nodes()}
    touching: dict[str, list[Edge]] = {}
    for edge in org.edges():
        touching.setdefault(edge.source.key, []).append(edge)
        touching.setdefault(edge.target.key, []).append(edge)

    def around(key: str) -> str:
        shown, kept = {key: nodes[key]}, []
        for edge in touching.get(key, ()):
            other = edge.target if edge.source.key == key else edge.source
            if other.key in shown or len(shown) <= NEIGHBOURS:
                shown[other.key] = other
                kept.append(edge)
        return dot_of(shown.values(), kept)

    def among(keys: list[str]) -> str:
        shown = {k: nodes[k] for k in keys if k in nodes}
        kept = [e for k in shown for e in touching.get(k, ())
                if e.source.key == k and e.target.key in shown]
        return dot_of(shown.values(), kept)

    found = {f"units/{unit['id']}.svg": around(f"unit:{unit['id']}") for unit in units}
    office = [f"office:{charter.office.id}"] if charter.office is not None else []
    for area in area_rows:
        owners = [d["owner"] for group in ("lead", "owns", "supports") for d in area[group]]
        keys = [f"unit:{u}" for u in dict.fromkeys(owners)][:NEIGHBOURS]
        found[f"areas/{area['id']}.svg"] = among([*keys, *office])
    return found


def _index_script(charter: Charter) -> str:
    say = words(charter.language)
    units = [{"id": u.id, "name": u.name, "aliases": [*u.signboards, *u.aliases], "order": i}
             for i, u in enumerate(charter.units)]
    known = {u.id for u in charter.units}
    data = {
        "units": units, "unitById": {u["id"]: u for u in units},
        # one entry per owner: a duty owned jointly is found under each of its owners, and
        # under each supporter as supported (as `who` finds it)
        "duties": [{"id": d.id, "unit": unit, "role": role, "text": d.text,
                    "source": d.source} for d in charter.duties
                   for unit, role in [*((o, d.role.value) for o in d.owners()),
                                      *((s, Role.SUPPORTS.value) for s in d.support)]
                   if unit in known],
        "clauses": [{"kind": m.kind, "id": m.id, "label": m.label, "text": m.text,
                     "source": m.source} for m in clause_texts(charter)],
        "thesaurus": {k: list(v) for k, v in sorted(thesaurus().items())},
        "words": {"roles": {role.value: say(f"site.role.{role.value}") for role in Role},
                  "found": say("site.search.found", n="{n}"), "colon": say("colon")},
    }
    return ("// Generated by `jointmeeting site`: the search index.\nwindow.JM_INDEX = "
            + json.dumps(data, ensure_ascii=False, sort_keys=True) + ";\n")


def _inherited(charter: Charter) -> dict[str, Any]:
    """What a county charter takes from its template: ids per list, and whole parts."""
    found: dict[str, Any] = {field: {item.id for item in getattr(charter, field)
                                     if charter.inherited(field, item)}
                             for field in ("posts", "meetings", "reporting", "requirements")}
    found |= {field: charter.inherited(field) is not None
              for field in ("office", "succession", "escalation")}
    return found


def _example_ref(charter: Charter) -> str | None:
    """A clause reference of this charter's own, to explain how references read."""
    return next((d.source for d in charter.duties if "/" in d.source), None)


def _search_examples(charter: Charter) -> list[str]:
    """Words to suggest in the search box, all from this charter: two thesaurus words its duty
    texts use, and a unit's other name."""
    texts = "".join(d.text for d in charter.duties)
    words = [w for w in thesaurus() if w in texts][:2]
    alias = next((u.aliases[0] for u in charter.units if u.aliases), None)
    return [*words, *([alias] if alias else [])]


def build(charter: Charter, out: Path, *, day: dt.date | None = None,
          unfinished: int = 0) -> Built:
    """Write the site into ``out`` (created if needed; pages it writes are replaced).

    Args:
        day: the day whose representatives the pages list (today by default); the pages say
            which day it is, so the same charter and day give the same bytes.
        unfinished: how many errors the charter has; every page then carries a banner.
    """
    env = _environment()
    built = Built()
    day = day or dt.date.today()
    steps = _steps(charter)
    units = _units(charter, day, steps)
    area_rows = _areas(charter)
    say = words(charter.language)
    common = {"charter": charter, "units": units, "t": say, "example_ref": _example_ref(charter),
              "inherited": _inherited(charter), "inherited_mark": say("mark.inherited"),
              "day": day.isoformat(), "unfinished": unfinished,
              "search_examples": _search_examples(charter)}

    def page(relative: str, template: str, **context: Any) -> None:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * relative.count("/")
        path.write_text(env.get_template(template).render(root=root, **common, **context),
                        encoding="utf-8")
        built.pages.append(path)

    pictures = _pictures(charter, units, area_rows)
    try:
        drawn = svgs_of(list(pictures.values()))
        problem = ""
    except GraphvizError as exc:
        drawn, problem = [], "missing" if isinstance(exc, GraphvizMissingError) else "failed"
        built.warnings.append(str(exc))
    for relative, svg in zip(pictures, drawn, strict=False):
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(svg, encoding="utf-8")
    whole = bool(drawn) and "graph.svg" in pictures
    for row in [*units, *area_rows]:
        row["picture"] = bool(drawn) and not whole

    # The search box's example: a name the charter itself uses (an alias where there is one).
    example = next((u.aliases[0] for u in charter.units if u.aliases), charter.units[0].name)
    page("index.html", "index.html.j2", example=example)
    for unit in units:
        page(f"units/{unit['id']}.html", "unit.html.j2", u=unit)
    page("areas.html", "areas.html.j2", areas=area_rows)
    for area in area_rows:
        page(f"areas/{area['id']}.html", "area.html.j2", a=area)
    posts = []
    for post in charter.posts:
        holder = post.held_by
        body = holder.organization or (charter.label(holder.unit) if holder.unit else "")
        person = holder.name or say("site.holder.unnamed")
        posts.append({"id": post.id, "title": post.title, "source": post.source,
                      "holder": say("site.holder", body=body,
                                    position=holder.position or say("holder.no-position"),
                                    person=person)})
    page("rules.html", "rules.html.j2", posts=posts, office=charter.office,
         office_duties=charter.office_duties(),
         lead_unit=charter.lead_unit, liaison=charter.liaison, open_units=charter.open_units,
         silences=[{"what": say(f"site.silence.{s.what.value}"),
                    "units": [charter.label(u) for u in s.units],
                    "text": s.assumption, "source": s.source} for s in charter.not_in_notice],
         succession_how=succession_how(charter),
         meetings=charter.meetings, succession=charter.succession,
         responsibilities=charter.responsibilities,
         requirements=charter.requirements,
         reporting=[{"id": r.id, "name": r.name, "text": r.text, "source": r.source,
                     "assumption": r.assumption, "steps": steps[r.id]}
                    for r in charter.reporting])
    page("assumptions.html", "assumptions.html.j2", notes=_notes(charter))
    page("graph.html", "graph.html.j2", svg=whole, parts=bool(drawn) and not whole,
         problem=problem)
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    source = resources.files("jointmeeting").joinpath("templates/site")
    for name in ("style.css", "search.js"):
        with resources.as_file(source.joinpath(name)) as asset:
            shutil.copyfile(asset, assets / name)
    (assets / "index.js").write_text(_index_script(charter), encoding="utf-8")
    return built
