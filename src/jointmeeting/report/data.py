"""Results as plain JSON data for other programs, one function per kind of result.

The text renderers beside this module present the same results to people; these give the
facts behind them, ids and names both, times with their offsets. What goes in an envelope is
:mod:`jointmeeting.report.envelope`'s business; the shape of each kind is its schema under
``schema/kinds/``.

Rosters are personal data: a person leaves as name and position only, and a case's plan or
steps carry the channel a step goes by, never the address or the secret behind it.

Where the HTTP service (:mod:`jointmeeting.api`) gives a result of the same kind (duties, who,
plan, roster, timeline, records, proposal, coverage, graph, review), the data here has the
service's shape, field for field, so that one kind is one shape whoever prints it; the
command line adds only optional fields (a plan's incident, a filing's findings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jointmeeting.charter.loader import format_loc
from jointmeeting.charter.model import Charter, Duty, Unit
from jointmeeting.charter.outline import areas
from jointmeeting.report.charter import representatives
from jointmeeting.report.envelope import finding
from jointmeeting.runtime.plan import aware

if TYPE_CHECKING:
    from jointmeeting.errors import Diagnostic
    from jointmeeting.graph.responsibility import Impact
    from jointmeeting.graph.search import UnitMatch
    from jointmeeting.runtime.access import Token
    from jointmeeting.runtime.outbox import Event, Step
    from jointmeeting.runtime.plan import Plan
    from jointmeeting.runtime.roster import Proposal
    from jointmeeting.runtime.scenarios import Outcome


def _moment(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _duty(duty: Duty) -> dict[str, Any]:
    return {"id": duty.id, "owner": duty.owner, "role": duty.role.value, "text": duty.text,
            "support": list(duty.support), "areas": list(duty.areas), "source": duty.source}


def _unit(unit: Unit) -> dict[str, Any]:
    return {"id": unit.id, "name": unit.name, "aliases": list(unit.aliases)}


def summary(charter: Charter, day: dt.date) -> dict[str, Any]:
    """What `show` prints: the table, each unit with its representatives and duties, the
    meetings, the rules and every assumption and remark the file makes."""
    doc = charter.source
    noted: list[dict[str, str | None]] = [
        {"at": "assumptions", "kind": "assumption", "id": a.id, "text": a.text}
        for a in charter.assumptions]
    for loc, item in charter.noted():
        for kind, text in (("assumption", item.assumption), ("remark", item.remark)):
            if text:
                noted.append({"at": format_loc(loc), "kind": kind,
                              "id": getattr(item, "id", None), "text": text})
    return {
        "id": charter.id, "title": charter.title, "day": day.isoformat(),
        "document": doc.document, "issuer": doc.issuer, "issued": _day(doc.issued),
        "jurisdiction": charter.jurisdiction.name,
        "posts": [{"id": p.id, "title": p.title, "position": p.held_by.position,
                   "name": p.held_by.name, "source": p.source} for p in charter.posts],
        "office": ({"id": charter.office.id, "name": charter.office.name}
                   if charter.office is not None else None),
        "units": [{**_unit(u), "representatives": representatives(charter, u, day),
                   "duties": [d.id for d in charter.duties_of(u)]} for u in charter.units],
        "meetings": [{"id": m.id, "name": m.name, "text": m.text, "source": m.source}
                     for m in charter.meetings],
        "reporting": [{"id": r.id, "name": r.name, "source": r.source}
                      for r in charter.reporting],
        "noted": noted,
    }


def area_list() -> list[dict[str, str]]:
    """The national outlines' areas, by id."""
    return [{"id": a.id, "name": a.name} for a in areas().values()]


def who(matches: Sequence[UnitMatch]) -> list[dict[str, Any]]:
    """Units whose duties match, leads first (the joint meeting's own texts that match are in
    the text output only: the service's ``who`` has units alone)."""
    return [{
        "unit": m.unit.id, "name": m.unit.name, "role": m.role.value,
        "score": round(m.score, 4),
        "duties": [{"id": d.duty.id, "role": d.role.value, "text": d.duty.text,
                    "source": d.duty.source, "terms": list(d.terms)} for d in m.duties],
    } for m in matches]


def unit_duties(charter: Charter, unit: Unit) -> dict[str, Any]:
    return {"unit": unit.model_dump(mode="json"),
            "duties": [d.model_dump(mode="json") for d in charter.duties_of(unit)]}


def impact(found: Impact) -> dict[str, Any]:
    return {
        "unit": _unit(found.unit), "into": _unit(found.into) if found.into else None,
        "duties_losing_owner": [_duty(d) for d in found.duties_losing_owner],
        "duties_losing_lead": [d.id for d in found.duties_losing_lead],
        "duties_losing_support": [d.id for d in found.duties_losing_support],
        "representatives": list(found.representatives), "posts": list(found.posts),
        "hosts_office": found.hosts_office, "reporting_rules": list(found.reporting_rules),
    }


def plan(charter: Charter, made: Plan, incident: int | None = None) -> dict[str, Any]:
    """A case's plan, times in the charter's zone; with ``incident`` once it is opened in the
    ledger. The case's summary and details are the reporter's and stay out."""
    data: dict[str, Any] = {
        "rule": made.report.rule, "reporter": made.reporter_label,
        "known_at": _zoned(charter, made.report.known_at), "minor": made.report.minor,
        "steps": [{"seq": s.seq, "recipient": s.recipient, "label": s.label,
                   "action": s.action, "deadline": _zoned(charter, s.deadline),
                   "clause": s.clause, "via": [c.via for c in s.channels], "note": s.note,
                   "mandatory": s.mandatory} for s in made.steps]}
    if incident is not None:
        data["incident"] = incident
    return data


def _zoned(charter: Charter, moment: dt.datetime | None) -> str | None:
    """A time in the charter's zone, with its offset."""
    return None if moment is None else aware(moment, charter).isoformat()


def scenarios(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    failed = sum(not o.passed for o in outcomes)
    return {"passed": len(outcomes) - failed, "failed": failed,
            "scenarios": [{"name": o.name, "passed": o.passed, "detail": o.detail}
                          for o in outcomes]}


def _day(day: dt.date | None) -> str | None:
    """A date as JSON: ISO 8601, or null where the notice gives none."""
    return day.isoformat() if day else None


def roster(charter: Charter, day: dt.date) -> dict[str, Any]:
    return {"date": day.isoformat(), "units": [{
        "unit": unit.id, "name": unit.name,
        "members": [{"name": m.name, "position": a.position, "since": _day(m.since),
                     "filing": m.filing}
                    for m in charter.representatives(unit, day)
                    for a in m.appointments() if a.unit == unit.id],
        "posts": [{"post": p.id, "title": p.title, "position": p.held_by.position}
                  for p in charter.posts_held(unit, day)],
    } for unit in charter.units]}


def history(charter: Charter, unit: Unit) -> dict[str, Any]:
    return {"unit": _unit(unit), "members": [
        {"name": m.name, "label": m.label,
         "position": next(a.position for a in m.appointments() if a.unit == unit.id),
         "since": _day(m.since), "until": m.until.isoformat() if m.until else None,
         "filing": m.filing, "source": m.source}
        for m in charter.history(unit)]}


def _proposal(p: Proposal) -> dict[str, Any]:
    return {"id": p.id, "unit": p.unit, "name": p.name, "position": p.position,
            "effective": p.effective.isoformat(), "filing": p.filing,
            "filed_on": p.filed_on.isoformat() if p.filed_on else None,
            "written": p.written, "withdrawn": p.withdrawn}


def proposals(found: Sequence[Proposal]) -> list[dict[str, Any]]:
    return [_proposal(p) for p in found]


def proposal(made: Proposal, *, patch: str | None = None,
             found: Sequence[Diagnostic] | None = None) -> dict[str, Any]:
    """One proposal as `roster propose`, `file` and `withdraw` leave it; with ``patch``, the
    change to the charter a dry run shows, with ``found``, what the charter says after a
    filing."""
    data = _proposal(made)
    if patch is not None:
        data["patch"] = patch
    if found is not None:
        data["findings"] = [finding(d) for d in found]
    return data


def step(s: Step) -> dict[str, Any]:
    """One step of an incident (what `ack` acknowledged, an item of `incident status`)."""
    return {"id": s.id, "seq": s.seq, "level": s.level, "recipient": s.recipient,
            "label": s.label, "action": s.action, "deadline": _moment(s.deadline),
            "rule": s.rule, "clause": s.clause, "note": s.note, "via": s.via,
            "status": s.status, "attempts": s.attempts, "last_error": s.last_error}


def steps(incident: int, found: Sequence[Step]) -> dict[str, Any]:
    return {"incident": incident, "steps": [step(s) for s in found]}


def timeline(charter: Charter, events: Sequence[Event]) -> list[dict[str, Any]]:
    return [{"at": _zoned(charter, e.at), "event": e.kind, "step": e.step, "detail": e.detail}
            for e in events]


def dispatched(sent: int, failed: int, escalated: int, set_aside: Sequence[Diagnostic]
               ) -> dict[str, Any]:
    return {"sent": sent, "failed": failed, "escalated": escalated,
            "set_aside": [finding(d) for d in set_aside]}


def token(t: Token) -> dict[str, Any]:
    """A token as the ledger keeps it: never the token itself."""
    return {"id": t.id, "role": str(t.role), "unit": t.unit, "party": t.party, "label": t.label,
            "actor": t.actor, "created_at": t.created_at.isoformat(),
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}


def records(year: int, count: int) -> dict[str, Any]:
    return {"year": year, "records": count}
