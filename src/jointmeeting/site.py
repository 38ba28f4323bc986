"""A static site of a charter: a responsibility directory people can browse and search offline.

Every page is rendered with Jinja2 from the charter alone, in a fixed order, with no timestamps:
the same charter gives the same bytes, so a site can be committed and diffed. Links are relative
and the search index is a script (not a fetched JSON file), so the site works from the file
system as well as from any web server, with no external assets.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from jointmeeting.graph import Edge, NodeKind, thesaurus
from jointmeeting.loader import format_loc
from jointmeeting.model import Charter, Duty, ReportingRule, Role
from jointmeeting.outline import areas
from jointmeeting.pictures import GraphvizError, GraphvizMissingError, dot_of, svgs_of, to_dot
from jointmeeting.report import representatives

GRAPH_KINDS = (NodeKind.UNIT, NodeKind.POST, NodeKind.OFFICE, NodeKind.PARTY, NodeKind.MEETING)
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
    """Rule id -> its steps as one line, with recipients by name (every rule at once: a table
    of thousands of units has thousands of rules)."""
    names = {u.id: u.name for u in charter.units} | {p.id: p.name for p in charter.parties}
    names |= {p.id: p.title for p in charter.posts} | {charter.office.id: charter.office.name}
    lines: dict[str, str] = {}
    for rule in charter.reporting:
        parts = []
        for step in rule.steps:
            when = {"immediately": "立即", None: "时限未规定"}.get(step.within, step.within)
            parts.append(f"{step.action}{names.get(step.to, step.to)}（{when}）")
        lines.setdefault(rule.id, "，".join(parts))
    return lines


def _duty(charter: Charter, duty: Duty) -> dict[str, Any]:
    known = areas()
    return {"id": duty.id, "text": duty.text, "source": duty.source, "role": duty.role.value,
            "role_label": duty.role.label, "remark": duty.remark,
            "owner": duty.owner, "owner_name": charter.unit(duty.owner).name,
            "areas": [{"id": a, "name": known[a].name} for a in duty.areas if a in known]}


def _units(charter: Charter, steps: dict[str, str]) -> list[dict[str, Any]]:
    by_id = {u.id: u for u in reversed(charter.units)}  # the first of a repeated id, as before
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
            posts.setdefault(p.held_by.unit, []).append(f"{p.title}（{p.held_by.position}）")
    out = []
    for unit in charter.units:
        parent = by_id.get(unit.parent) if unit.parent is not None else None
        own = {id(r): r for r in [*everyone, *rules.get(unit.id, ())]}
        reports = [{"name": r.name, "source": r.source, "assumption": r.assumption,
                    "steps": steps[r.id]} for r in sorted(own.values(), key=lambda r: order[id(r)])]
        notes = [{"kind": kind, "text": text} for kind, text in
                 (("未明确", unit.assumption), ("存疑", unit.remark)) if text]
        out.append({
            "id": unit.id, "name": unit.name, "aliases": unit.aliases, "source": unit.source,
            "parent": {"id": parent.id, "name": parent.name} if parent else None,
            "representatives": representatives(charter, unit),
            "duties": [_duty(charter, d) for d in charter.duties_of(unit)],
            "reports": reports, "notes": notes,
            "posts": posts.get(unit.id, []),
        })
    return out


def _areas(charter: Charter) -> list[dict[str, Any]]:
    out = []
    for area in areas().values():
        serving = [d for d in charter.duties if area.id in d.areas]
        group = {role: [_duty(charter, d) for d in serving if d.role is role] for role in Role}
        gap = ("没有任何单位承担本领域的职责" if not serving else
               "没有单位牵头本领域" if not group[Role.LEAD] else None)
        out.append({"id": area.id, "name": area.name, "gap": gap, "lead": group[Role.LEAD],
                    "owns": group[Role.OWNS], "supports": group[Role.SUPPORTS]})
    return out


def _notes(charter: Charter) -> list[dict[str, str]]:
    notes = [{"kind": "未明确", "where": f"assumptions ({a.id})", "text": a.text}
             for a in charter.assumptions]
    for loc, item in charter.noted():
        where = format_loc(loc) + (f" ({item_id})" if (item_id := getattr(item, "id", None))
                                   else "")
        notes += [{"kind": kind, "where": where, "text": text} for kind, text in
                  (("未明确", item.assumption), ("存疑", item.remark)) if text]
    return notes


def _pictures(charter: Charter, units: list[dict[str, Any]], area_rows: list[dict[str, Any]]
              ) -> dict[str, str]:
    """Picture file -> its DOT: the whole organisation for a small table; for a large one,
    each unit with what it is joined to, and each area's units, at most :data:`NEIGHBOURS`."""
    org = charter.graph().only(GRAPH_KINDS)
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
    office = f"office:{charter.office.id}"
    for area in area_rows:
        owners = [d["owner"] for group in ("lead", "owns", "supports") for d in area[group]]
        keys = [f"unit:{u}" for u in dict.fromkeys(owners)][:NEIGHBOURS]
        found[f"areas/{area['id']}.svg"] = among([*keys, office])
    return found


def _index_script(charter: Charter) -> str:
    units = [{"id": u.id, "name": u.name, "aliases": u.aliases, "order": i}
             for i, u in enumerate(charter.units)]
    data = {
        "units": units, "unitById": {u["id"]: u for u in units},
        "duties": [{"id": d.id, "unit": d.owner, "role": d.role.value, "text": d.text,
                    "source": d.source} for d in charter.duties],
        "thesaurus": {k: list(v) for k, v in sorted(thesaurus().items())},
    }
    return ("// Generated by `jointmeeting site`: the search index.\nwindow.JM_INDEX = "
            + json.dumps(data, ensure_ascii=False, sort_keys=True) + ";\n")


def build(charter: Charter, out: Path) -> Built:
    """Write the site into ``out`` (created if needed; pages it writes are replaced)."""
    env = _environment()
    built = Built()
    steps = _steps(charter)
    units = _units(charter, steps)
    area_rows = _areas(charter)
    common = {"charter": charter, "units": units}

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

    page("index.html", "index.html.j2")
    for unit in units:
        page(f"units/{unit['id']}.html", "unit.html.j2", u=unit)
    page("areas.html", "areas.html.j2", areas=area_rows)
    for area in area_rows:
        page(f"areas/{area['id']}.html", "area.html.j2", a=area)
    posts = []
    for post in charter.posts:
        holder = post.held_by
        body = holder.organization or (charter.unit(holder.unit).name if holder.unit else "")
        posts.append({"title": post.title, "holder": f"{body}{holder.position}",
                      "source": post.source})
    page("rules.html", "rules.html.j2", posts=posts, office=charter.office,
         meetings=charter.meetings, succession=charter.succession,
         requirements=charter.requirements,
         reporting=[{"name": r.name, "text": r.text, "source": r.source,
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
