"""Reading the charter: the resolved charter, units, a unit's duties, who, coverage, the graph.

Every role may read these: the charter is a public notice made into data.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query

from jointmeeting.api.app import ServiceDep, wrap
from jointmeeting.api.auth import Principal
from jointmeeting.api.problems import ApiError
from jointmeeting.charter.model import NameLookupError
from jointmeeting.checks.coverage import coverage as coverage_of
from jointmeeting.graph import pictures, search
from jointmeeting.report import coverage as coverage_report
from jointmeeting.report import data
from jointmeeting.report.export import charter_json

router = APIRouter(tags=["charter"])


@router.get("/charter", summary="The resolved charter (templates merged, roster applied).")
def get_charter(service: ServiceDep, _: Principal) -> dict[str, Any]:
    return charter_json(service.charter)


@router.get("/units", summary="The member units.")
def units(service: ServiceDep, _: Principal) -> dict[str, Any]:
    return wrap("units", [unit.model_dump(mode="json") for unit in service.charter.units])


@router.get("/units/{unit}/duties", summary="A unit's duties, by its id, name or any alias.")
def duties(unit: str, service: ServiceDep, _: Principal) -> dict[str, Any]:
    charter = service.charter
    try:
        found = charter.unit(unit)
    except NameLookupError as exc:
        raise ApiError(404, "JM563", str(exc.args[0])) from None
    return wrap("duties", {"unit": found.model_dump(mode="json"),
                           "duties": [d.model_dump(mode="json")
                                      for d in charter.duties_of(found)]})


@router.get("/who", summary="Units whose duties match the keywords, leads first.")
def who(service: ServiceDep, _: Principal,
        q: Annotated[str, Query(min_length=1, max_length=200,
                                description="Keywords, space-separated (留守儿童, 拐卖 …).")]
        ) -> dict[str, Any]:
    keywords = q.split()
    if not keywords:
        raise ApiError(422, "JM560", "give at least one keyword in q")
    matches = search.who(service.charter, *keywords)
    return wrap("who", data.who(matches))


@router.get("/coverage", summary="Units × the national outlines' areas, with the gaps.")
def coverage(service: ServiceDep, _: Principal) -> dict[str, Any]:
    matrix = coverage_of(service.charter)
    # The renderer gives the envelope already (kind coverage).
    return dict(json.loads(coverage_report(service.charter, matrix, "json")))


@router.get("/graph", summary="The organisation and responsibility graph as nodes and edges.")
def graph(service: ServiceDep, _: Principal) -> dict[str, Any]:
    return wrap("graph", json.loads(pictures.to_json(service.graph)))
