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

from jointmeeting.graph import NodeKind, thesaurus
from jointmeeting.loader import format_loc
from jointmeeting.model import Charter, Duty, Role
from jointmeeting.outline import areas
from jointmeeting.pictures import GraphvizMissingError, to_svg
from jointmeeting.report import representatives
from jointmeeting.runtime.plan import label
from jointmeeting.words import words

GRAPH_KINDS = (NodeKind.UNIT, NodeKind.POST, NodeKind.OFFICE, NodeKind.PARTY, NodeKind.MEETING)


@dataclass
class Built:
    """What a build wrote, and what it had to leave out."""

    pages: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _environment() -> Environment:
    return Environment(loader=PackageLoader("jointmeeting", "templates/site"),
                       autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def _steps(charter: Charter, rule_id: str) -> str:
    """A rule's steps as a person reads them: to whom by name, the deadline in words."""
    rule = next(r for r in charter.reporting if r.id == rule_id)
    say = words(charter.language)
    return say("site.steps.sep").join(
        say("site.step", action=step.action, recipient=label(charter, step.to),
            when=say.deadline(step.within)) for step in rule.steps)


def _duty(charter: Charter, duty: Duty) -> dict[str, Any]:
    known = areas()
    say = words(charter.language)
    return {"id": duty.id, "text": duty.text, "source": duty.source, "role": duty.role.value,
            "role_label": say(f"site.role.{duty.role.value}"), "remark": duty.remark,
            "owner": duty.owner, "owner_name": charter.unit(duty.owner).name,
            "areas": [{"id": a, "name": known[a].name_in(charter.language)} for a in duty.areas
                      if a in known]}


def _units(charter: Charter) -> list[dict[str, Any]]:
    say = words(charter.language)
    out = []
    for unit in charter.units:
        parent = next((u for u in charter.units if u.id == unit.parent), None)
        reports = [{"name": r.name, "source": r.source, "assumption": r.assumption,
                    "steps": _steps(charter, r.id)}
                   for r in charter.reporting if "members" in r.reporters or unit.id in r.reporters]
        notes = [{"kind": kind, "text": text} for kind, text in
                 ((say("site.note.assumption"), unit.assumption),
                  (say("site.note.remark"), unit.remark)) if text]
        out.append({
            "id": unit.id, "name": unit.name, "aliases": unit.aliases, "source": unit.source,
            "parent": {"id": parent.id, "name": parent.name} if parent else None,
            "representatives": representatives(charter, unit),
            "duties": [_duty(charter, d) for d in charter.duties_of(unit)],
            "reports": reports, "notes": notes,
            "posts": [say("site.post", title=p.title, position=p.held_by.position)
                      for p in charter.posts if p.held_by.unit == unit.id],
        })
    return out


def _areas(charter: Charter) -> list[dict[str, Any]]:
    say = words(charter.language)
    out = []
    for area in areas().values():
        serving = [d for d in charter.duties if area.id in d.areas]
        group = {role: [_duty(charter, d) for d in serving if d.role is role] for role in Role}
        gap = (say("site.gap.none") if not serving else
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


def _index_script(charter: Charter) -> str:
    say = words(charter.language)
    units = [{"id": u.id, "name": u.name, "aliases": u.aliases, "order": i}
             for i, u in enumerate(charter.units)]
    data = {
        "units": units, "unitById": {u["id"]: u for u in units},
        "duties": [{"id": d.id, "unit": d.owner, "role": d.role.value, "text": d.text,
                    "source": d.source} for d in charter.duties],
        "thesaurus": {k: list(v) for k, v in sorted(thesaurus().items())},
        "words": {"roles": {role.value: say(f"site.role.{role.value}") for role in Role},
                  "found": say("site.search.found", n="{n}")},
    }
    return ("// Generated by `jointmeeting site`: the search index.\nwindow.JM_INDEX = "
            + json.dumps(data, ensure_ascii=False, sort_keys=True) + ";\n")


def build(charter: Charter, out: Path) -> Built:
    """Write the site into ``out`` (created if needed; pages it writes are replaced)."""
    env = _environment()
    built = Built()
    units = _units(charter)
    area_rows = _areas(charter)
    say = words(charter.language)
    common = {"charter": charter, "units": units, "t": say}

    def page(relative: str, template: str, **context: Any) -> None:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * relative.count("/")
        path.write_text(env.get_template(template).render(root=root, **common, **context),
                        encoding="utf-8")
        built.pages.append(path)

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
        body = holder.organization or (charter.unit(holder.unit).name if holder.unit else "")
        person = holder.name or say("site.holder.unnamed")
        posts.append({"title": post.title, "source": post.source,
                      "holder": say("site.holder", body=body, position=holder.position,
                                    person=person)})
    page("rules.html", "rules.html.j2", posts=posts, office=charter.office,
         meetings=charter.meetings, succession=charter.succession,
         responsibilities=charter.responsibilities,
         requirements=charter.requirements,
         reporting=[{"name": r.name, "text": r.text, "source": r.source,
                     "assumption": r.assumption, "steps": _steps(charter, r.id)}
                    for r in charter.reporting])
    page("assumptions.html", "assumptions.html.j2", notes=_notes(charter))
    try:
        svg = to_svg(charter.graph().only(GRAPH_KINDS))
        (out / "graph.svg").write_text(svg, encoding="utf-8")
    except GraphvizMissingError as exc:
        svg = ""
        built.warnings.append(str(exc))
    page("graph.html", "graph.html.j2", svg=bool(svg))
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    source = resources.files("jointmeeting").joinpath("templates/site")
    for name in ("style.css", "search.js"):
        with resources.as_file(source.joinpath(name)) as asset:
            shutil.copyfile(asset, assets / name)
    (assets / "index.js").write_text(_index_script(charter), encoding="utf-8")
    return built
