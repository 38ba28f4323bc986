"""Results as plain JSON data for other programs, one function per kind of result.

The text renderers beside this module present the same results to people; these give the
facts behind them, ids and names both, times with their offsets. What goes in an envelope is
:mod:`jointmeeting.report.envelope`'s business; the shape of each kind is its schema under
``schema/kinds/``.

Rosters are personal data: a person leaves as name and position only, and a case's plan or
steps carry the channel a step goes by, never the address or the secret behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jointmeeting.loader import format_loc
from jointmeeting.model import Charter, Duty, Unit
from jointmeeting.outline import areas
from jointmeeting.report.charter import representatives
from jointmeeting.report.envelope import finding

if TYPE_CHECKING:
    from jointmeeting.errors import Diagnostic
    from jointmeeting.graph import ClauseMatch, Impact, UnitMatch
    from jointmeeting.runtime.outbox import Step
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
        "document": doc.document, "issuer": doc.issuer, "issued": doc.issued.isoformat(),
        "jurisdiction": charter.jurisdiction.name,
        "posts": [{"id": p.id, "title": p.title, "position": p.held_by.position,
                   "name": p.held_by.name, "source": p.source} for p in charter.posts],
        "office": {"id": charter.office.id, "name": charter.office.name},
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


def who(keywords: Sequence[str], matches: Sequence[UnitMatch],
        clauses: Sequence[ClauseMatch]) -> dict[str, Any]:
    return {
        "keywords": list(keywords),
        "units": [{**_unit(m.unit), "role": m.role.value, "score": round(m.score, 4),
                   "duties": [{**_duty(d.duty), "score": round(d.score, 4),
                               "terms": list(d.terms)} for d in m.duties]}
                  for m in matches],
        "clauses": [{"kind": c.kind, "id": c.id, "label": c.label, "text": c.text,
                     "source": c.source, "score": round(c.score, 4)} for c in clauses],
    }


def unit_duties(charter: Charter, unit: Unit) -> dict[str, Any]:
    return {"unit": _unit(unit), "duties": [_duty(d) for d in charter.duties_of(unit)]}


def impact(found: Impact) -> dict[str, Any]:
    return {
        "unit": _unit(found.unit), "into": _unit(found.into) if found.into else None,
        "duties_losing_owner": [_duty(d) for d in found.duties_losing_owner],
        "duties_losing_lead": [d.id for d in found.duties_losing_lead],
        "duties_losing_support": [d.id for d in found.duties_losing_support],
        "representatives": list(found.representatives), "posts": list(found.posts),
        "hosts_office": found.hosts_office, "reporting_rules": list(found.reporting_rules),
    }


def plan(made: Plan, incident: int | None = None) -> dict[str, Any]:
    """A case's plan; ``incident`` once it is opened in the ledger. The case's summary and
    details are the reporter's and stay out."""
    case = made.report
    return {
        "incident": incident, "rule": case.rule, "reporter": case.reporter,
        "reporter_label": made.reporter_label, "known_at": _moment(case.known_at),
        "minor": case.minor,
        "steps": [{"seq": s.seq, "recipient": s.recipient, "label": s.label,
                   "action": s.action, "deadline": _moment(s.deadline), "rule": s.rule,
                   "clause": s.clause, "via": [c.via for c in s.channels], "note": s.note,
                   "mandatory": s.mandatory} for s in made.steps],
    }


def scenarios(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    failed = sum(not o.passed for o in outcomes)
    return {"passed": len(outcomes) - failed, "failed": failed,
            "scenarios": [{"name": o.name, "passed": o.passed, "detail": o.detail}
                          for o in outcomes]}


def roster(charter: Charter, day: dt.date) -> dict[str, Any]:
    return {"day": day.isoformat(),
            "units": [{**_unit(u), "representatives": representatives(charter, u, day)}
                      for u in charter.units]}


def history(charter: Charter, unit: Unit) -> dict[str, Any]:
    return {"unit": _unit(unit), "members": [
        {"name": m.name, "label": m.label,
         "position": next(a.position for a in m.appointments() if a.unit == unit.id),
         "since": m.since.isoformat(), "until": m.until.isoformat() if m.until else None,
         "filing": m.filing, "source": m.source}
        for m in charter.history(unit)]}


def _proposal(p: Proposal) -> dict[str, Any]:
    return {"id": p.id, "unit": p.unit, "name": p.name, "position": p.position,
            "effective": p.effective.isoformat(), "filing": p.filing,
            "filed_on": p.filed_on.isoformat() if p.filed_on else None,
            "written": p.written, "withdrawn": p.withdrawn}


def proposals(found: Sequence[Proposal]) -> list[dict[str, Any]]:
    return [_proposal(p) for p in found]


def proposal(action: str, made: Proposal, *, patch: str | None = None,
             found: Sequence[Diagnostic] = ()) -> dict[str, Any]:
    """What `roster propose`, `file` and `withdraw` did to one proposal; ``patch`` is the change
    to the charter a dry run shows, ``found`` what the charter says after a filing."""
    return {"action": action, "proposal": _proposal(made), "patch": patch,
            "findings": [finding(d) for d in found]}


def step(s: Step) -> dict[str, Any]:
    """One step of an incident (what `ack` acknowledged, an item of `incident status`)."""
    return {"id": s.id, "seq": s.seq, "level": s.level, "recipient": s.recipient,
            "label": s.label, "action": s.action, "deadline": _moment(s.deadline),
            "rule": s.rule, "clause": s.clause, "note": s.note, "via": s.via,
            "status": s.status, "attempts": s.attempts, "last_error": s.last_error}


def steps(incident: int, found: Sequence[Step]) -> dict[str, Any]:
    return {"incident": incident, "steps": [step(s) for s in found]}


def timeline(incident: int, events: Sequence[tuple[dt.datetime, str, int | None, str]]
             ) -> dict[str, Any]:
    return {"incident": incident, "events": [
        {"at": at.isoformat(), "event": event, "step": step, "detail": detail}
        for at, event, step, detail in events]}


def dispatched(sent: int, failed: int, escalated: int, set_aside: Sequence[Diagnostic]
               ) -> dict[str, Any]:
    return {"sent": sent, "failed": failed, "escalated": escalated,
            "set_aside": [finding(d) for d in set_aside]}


def records(year: int, count: int) -> dict[str, Any]:
    return {"year": year, "stored": count}
