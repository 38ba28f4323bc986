"""The roster: who represents each unit on a day, proposing a successor, filing a proposal."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from jointmeeting.api.app import ServiceDep, wrap
from jointmeeting.api.auth import Principal, refuse, require
from jointmeeting.api.problems import ApiError
from jointmeeting.report import data
from jointmeeting.runtime.access import Role, record
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.roster import Proposal, file, proposals, propose

router = APIRouter(tags=["roster"])


@router.get("/roster", summary="Who represents each unit on a day (default: today).")
def roster(service: ServiceDep, _: Principal,
           on: Annotated[dt.date | None, Query(description="The day, YYYY-MM-DD.")] = None
           ) -> dict[str, Any]:
    # The same data as `jointmeeting roster show --format json`: one builder for both.
    return wrap("roster", data.roster(service.charter, on or dt.date.today()))


class NewProposal(BaseModel):
    unit: str = Field(description="The unit proposing its successor: id, name or alias.")
    name: str = Field(max_length=100, description="The successor's name.")
    position: str = Field(max_length=200, description="The successor's position in the unit.")
    effective: dt.date = Field(description="The day the change holds.")


def _proposal(made: Proposal) -> dict[str, Any]:
    fields = asdict(made)
    for key in ("effective", "filed_on"):
        fields[key] = fields[key].isoformat() if fields[key] else None
    return fields


@router.post("/proposals", status_code=201,
             summary="A unit proposes a successor (由所在单位提出接任人选).")
def new_proposal(service: ServiceDep, token: Principal, body: NewProposal) -> dict[str, Any]:
    require(token, Role.OFFICE, Role.MEMBER, what="propose successors")
    unit = service.charter.unit(body.unit).id
    if token.role is Role.MEMBER and token.unit != unit:
        raise refuse(token, "propose a successor for another unit")

    def work(ledger: Ledger) -> Proposal:
        made = propose(ledger, service.charter_path, unit, body.name, body.position,
                       body.effective)
        record(ledger, token, "proposal.propose", f"proposal {made.id}",
               {"unit": unit, "effective": body.effective.isoformat()})
        return made

    return wrap("proposal", _proposal(service.run(work)))


class Filing(BaseModel):
    number: str | None = Field(None, max_length=50, description="The filing number "
                                                                "(default: YEAR-NNN).")
    filed_on: dt.date | None = Field(None, description="The filing date (default: today).")


@router.post("/proposals/{proposal}/file",
             summary="The office files a proposal (备案) and the charter's roster changes.")
def file_proposal(proposal: int, service: ServiceDep, token: Principal,
                  body: Filing | None = None) -> dict[str, Any]:
    require(token, Role.OFFICE, what="file successions")
    given = body or Filing()

    def work(ledger: Ledger) -> Proposal:
        if proposal not in {p.id for p in proposals(ledger)}:
            raise ApiError(404, "JM563", f"there is no proposal {proposal}")
        filed, _ = file(ledger, service.charter_path, proposal, number=given.number,
                        filed_on=given.filed_on)
        record(ledger, token, "proposal.file", f"proposal {proposal}",
               {"filing": filed.filing})
        return filed

    filed = service.run(work)
    service.reload()
    return wrap("proposal", _proposal(filed))
