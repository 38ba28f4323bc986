"""The year: importing its records, and its review against the charter."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from jointmeeting.api.app import Service, ServiceDep, wrap
from jointmeeting.api.auth import Principal, require
from jointmeeting.api.problems import ApiError
from jointmeeting.errors import FileError
from jointmeeting.report import review_json
from jointmeeting.runtime.access import Role, Token, record
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.review import review
from jointmeeting.runtime.year import (
    CaseReport,
    YearRecords,
    incident_reports,
    load_year,
    read_csv,
    read_yaml,
    store,
)

router = APIRouter(tags=["year"])

#: The largest records file accepted; an office's year is a few hundred rows.
MAX_RECORDS_BYTES = 5 * 1024 * 1024
#: The name findings give the uploaded file.
BODY = "body"


def _import(service: Service, token: Token, raw: bytes, csv: bool, year: int | None
            ) -> dict[str, Any]:
    charter = service.charter
    # The readers take a path (the CLI's): the body goes into a private folder for them, and
    # the findings name the body, not that folder.
    with tempfile.TemporaryDirectory(prefix="jointmeeting-records-") as folder:
        path = Path(folder) / ("records.csv" if csv else "records.yaml")
        path.write_bytes(raw)
        try:
            if csv:
                if year is None:
                    raise ApiError(422, "JM560", "a CSV needs ?year=")
                records = read_csv(path, charter, year)
            else:
                records = read_yaml(path, charter, year)
        except FileError as exc:
            raise type(exc)(dataclasses.replace(d, path=BODY if d.path == str(path) else d.path)
                            for d in exc.diagnostics) from None

    def work(ledger: Ledger) -> int:
        count = store(ledger, charter, records)
        record(ledger, token, "records.import", f"year {records.year}", {"records": count})
        return count

    return wrap("records", {"year": records.year, "records": service.run(work)})


@router.post("/records", summary="Import a year's records: YAML, or CSV (Content-Type: text/csv, "
             "with ?year=); every bad row is a finding, and then nothing is imported.",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/yaml": {"schema": {"type": "string"}},
                 "text/csv": {"schema": {"type": "string"}}}}})
async def import_records(request: Request, service: ServiceDep, token: Principal,
                         year: Annotated[int | None, Query(ge=1900, le=9999)] = None
                         ) -> dict[str, Any]:
    require(token, Role.OFFICE, what="import the year's records")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_RECORDS_BYTES:
            raise ApiError(413, "JM560", f"the records are larger than {MAX_RECORDS_BYTES:,} "
                                         "bytes")
    csv = request.headers.get("content-type", "").split(";")[0].strip() == "text/csv"
    return await run_in_threadpool(_import, service, token, bytes(raw), csv, year)


@router.get("/review", summary="The year against the charter; each finding cites its clause.")
def get_review(service: ServiceDep, token: Principal,
               year: Annotated[int, Query(ge=1900, le=9999)],
               today: Annotated[dt.date | None, Query(
                   description="The day of the review (default: today).")] = None
               ) -> dict[str, Any]:
    require(token, Role.OFFICE, Role.CONVENER, what="read the year's review")
    charter = service.charter

    def work(ledger: Ledger) -> tuple[YearRecords, list[CaseReport]]:
        return load_year(ledger, charter, year), list(incident_reports(ledger, charter, year))

    records, reports = service.run(work)
    result = review(charter, records, today=today or dt.date.today(), case_reports=reports)
    return wrap("review", json.loads(review_json(result)))
