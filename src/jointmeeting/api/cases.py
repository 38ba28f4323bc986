"""Cases: a route plan for a hypothetical case, opening an incident, its status and timeline,
acknowledging a step, and the audit log of writes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from jointmeeting.api.app import ServiceDep, now, wrap
from jointmeeting.api.auth import (
    Principal,
    may_ack,
    may_open_as,
    may_read_details,
    may_see,
    refuse,
    require,
    sees_cases,
)
from jointmeeting.api.problems import ApiError
from jointmeeting.charter.model import Charter, NameLookupError
from jointmeeting.runtime.access import Role, Token, audit_log, record
from jointmeeting.runtime.cases import Case, case, cases, incident_of
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import Event, OutboxError, ack, open_incident, timeline
from jointmeeting.runtime.plan import Plan, Report, aware, plan

router = APIRouter(tags=["cases"])


def _time(charter: Charter, moment: dt.datetime | None) -> str | None:
    """A time in the charter's zone, with its offset."""
    return aware(moment, charter).isoformat() if moment else None


def _plan(charter: Charter, made: Plan) -> dict[str, Any]:
    return {"rule": made.report.rule, "reporter": made.reporter_label,
            "known_at": _time(charter, made.report.known_at), "minor": made.report.minor,
            "steps": [{"seq": s.seq, "recipient": s.recipient, "label": s.label,
                       "action": s.action, "deadline": _time(charter, s.deadline),
                       "clause": s.clause, "via": [c.via for c in s.channels], "note": s.note,
                       "mandatory": s.mandatory} for s in made.steps]}


def _case(charter: Charter, found: Case, token: Token) -> dict[str, Any]:
    """A case as ``token`` may see it: a minor's summary and every case's details go to the
    office alone, and so do delivery errors (they name addresses)."""
    office = token.role is Role.OFFICE
    data: dict[str, Any] = {
        "id": found.id, "rule": found.rule, "rule_name": charter.label(found.rule),
        "reporter": found.reporter, "reporter_name": charter.label(found.reporter),
        "known_at": _time(charter, found.known_at),
        "opened_at": _time(charter, found.opened_at), "minor": found.minor,
        "open": found.open, "next_deadline": _time(charter, found.next_deadline),
        "waiting": [{"step": t.step.id, "recipient": t.step.recipient, "label": t.step.label,
                     "deadline": _time(charter, t.step.deadline)} for t in found.waiting],
        "steps": [{"id": t.step.id, "seq": t.step.seq, "level": t.step.level,
                   "recipient": t.step.recipient, "label": t.step.label,
                   "action": t.step.action, "deadline": _time(charter, t.step.deadline),
                   "clause": t.step.clause, "note": t.step.note, "via": t.step.via,
                   "status": t.step.status, "attempts": t.step.attempts,
                   "acknowledged_at": _time(charter, t.acked_at),
                   **({"last_error": t.step.last_error} if office else {})}
                  for t in found.steps],
    }
    if may_read_details(token, found):
        data["summary"] = found.summary
    if office:
        data["details"] = found.details
    return data


def _visible(ledger: Ledger, token: Token, incident: int) -> Case:
    """The case, if ``token`` may see it; 404 as for no case otherwise (runs on the ledger's
    thread)."""
    sees_cases(token)
    try:
        found = case(ledger, incident)
    except OutboxError:
        found = None
    if found is None or not may_see(token, found):
        raise ApiError(404, "JM563", f"there is no incident {incident} you may see")
    return found


@router.get("/plan", summary="The route plan for a hypothetical case; nothing is stored.")
def route_plan(service: ServiceDep, _: Principal,
               rule: Annotated[str, Query(description="The reporting rule's id.")],
               reporter: Annotated[str, Query(description="A unit (id, name, alias) or a "
                                                          "party's id.")],
               at: Annotated[dt.datetime | None, Query(
                   description="When it became known (default: now); without an offset, "
                               "in the charter's time zone.")] = None,
               minor: bool = False) -> dict[str, Any]:
    charter = service.charter
    made = plan(charter, Report(rule, reporter, at or now(), minor=minor), service.contacts)
    return wrap("plan", _plan(charter, made))


class NewIncident(BaseModel):
    rule: str = Field(description="The reporting rule's id.")
    reporter: str = Field(description="Who reports: a unit (id, name, alias) or a party's id.")
    known_at: dt.datetime | None = Field(None, description="When it became known (default: "
                                         "now); without an offset, in the charter's zone.")
    summary: str = Field("", max_length=4000, description="What happened; not sent for a "
                                                          "case involving a minor.")
    minor: bool = False
    details: dict[str, str] = Field(default_factory=dict, description="Kept in the ledger, "
                                    "never sent, returned to the office alone.")


@router.post("/incidents", status_code=201, summary="Open an incident: its plan is stored "
             "before anything is sent.")
def open_case(service: ServiceDep, token: Principal, body: NewIncident) -> dict[str, Any]:
    require(token, Role.OFFICE, Role.MEMBER, Role.PARTY, what="open cases")
    charter = service.charter
    # The case is stored under the reporter's id, whichever name it was given by: a member
    # unit's token is matched against it.
    reporter = _reporter_id(charter, body.reporter)
    made = plan(charter, Report(body.rule, reporter, body.known_at or now(), body.summary,
                                body.minor, body.details), service.contacts)
    if not may_open_as(token, reporter):
        raise refuse(token, f"open a case as {made.reporter_label}")

    def work(ledger: Ledger) -> Case:
        incident = open_incident(ledger, charter, made, now=now())
        record(ledger, token, "incident.open", f"incident {incident}",
               {"rule": body.rule, "reporter": reporter, "minor": body.minor})
        return case(ledger, incident)

    return wrap("incident", _case(charter, service.run(work), token))


def _reporter_id(charter: Charter, reporter: str) -> str:
    """The id of the unit or party ``reporter`` names; as given when it names none, for
    plan() to refuse with its reason."""
    try:
        return charter.unit_or_party(reporter).id
    except NameLookupError:
        return reporter


@router.get("/incidents", summary="The cases the token may see, oldest first.")
def list_cases(service: ServiceDep, token: Principal,
               open_only: Annotated[bool, Query(alias="open", description="Only cases with a "
                                                "step not yet acknowledged.")] = False
               ) -> dict[str, Any]:
    sees_cases(token)
    charter = service.charter
    found = [c for c in service.run(lambda ledger: cases(ledger, charter.id))
             if may_see(token, c) and (c.open or not open_only)]
    return wrap("incidents", [_case(charter, c, token) for c in found])


@router.get("/incidents/{incident}", summary="An incident's status: each step, to whom, by "
            "when, and where it stands.")
def status(incident: int, service: ServiceDep, token: Principal) -> dict[str, Any]:
    found = service.run(lambda ledger: _visible(ledger, token, incident))
    return wrap("incident", _case(service.charter, found, token))


@router.get("/incidents/{incident}/timeline", summary="Everything that happened to an "
            "incident, in order.")
def get_timeline(incident: int, service: ServiceDep, token: Principal) -> dict[str, Any]:
    def work(ledger: Ledger) -> list[Event]:
        _visible(ledger, token, incident)
        return timeline(ledger, incident)

    charter = service.charter
    return wrap("timeline", [{"at": _time(charter, e.at), "event": e.kind, "step": e.step,
                              "detail": e.detail} for e in service.run(work)])


@router.post("/steps/{step}/ack", summary="Acknowledge a step: its recipient has it.")
def acknowledge(step: int, service: ServiceDep, token: Principal) -> dict[str, Any]:
    sees_cases(token)
    charter = service.charter

    def work(ledger: Ledger) -> Case:
        try:
            found = _visible(ledger, token, incident_of(ledger, step))
        except OutboxError:
            raise ApiError(404, "JM563", f"there is no step {step} you may see") from None
        recipient = next(t.step.recipient for t in found.steps if t.step.id == step)
        if not may_ack(token, recipient, {p.id for p in charter.posts}):
            raise refuse(token, "acknowledge a step addressed to someone else")
        done = ack(ledger, charter, step, now=now())
        record(ledger, token, "step.ack", f"step {step}",
               {"incident": done.incident, "recipient": recipient})
        return case(ledger, done.incident)

    return wrap("incident", _case(charter, service.run(work), token))


@router.get("/audit", summary="Every write made through the service, with who made it.")
def get_audit(service: ServiceDep, token: Principal) -> dict[str, Any]:
    require(token, Role.OFFICE, what="read the audit log")
    charter = service.charter
    return wrap("audit", [{"at": _time(charter, e.at), "token": e.token, "actor": e.actor,
                           "action": e.action, "target": e.target, "detail": e.detail}
                          for e in service.run(audit_log)])
