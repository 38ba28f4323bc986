"""Errors as the service returns them: JSON findings with the CLI's codes, never a traceback.

Every error body is ``{"errors": [{"code", "message", "path", "line", "col"}]}``. A mistake in a
request is a 4xx naming what was wrong; the library's own findings (a records file's bad rows)
keep their codes and positions. An error of the service itself is a 500 whose body says only
that; its traceback goes to the server's log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from jointmeeting.charter.model import NameLookupError
from jointmeeting.errors import Diagnostic, FileError, JointMeetingError
from jointmeeting.runtime.ledger import LedgerError
from jointmeeting.runtime.outbox import OutboxError
from jointmeeting.runtime.plan import PlanError
from jointmeeting.runtime.roster import RosterError

log = logging.getLogger("jointmeeting.api")


class ApiError(JointMeetingError):
    """A request refused with ``status`` and findings."""

    def __init__(self, status: int, code: str, message: str, *,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.found = [Diagnostic(code, message)]
        self.headers = headers


def body(found: Iterable[Diagnostic]) -> dict[str, Any]:
    return {"errors": [{"code": d.code, "message": d.message, "path": d.path,
                        "line": d.position.line if d.position else None,
                        "col": d.position.col if d.position else None} for d in found]}


def respond(status: int, found: Sequence[Diagnostic],
            headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body(found), status_code=status, headers=headers)


def _library(exc: JointMeetingError) -> tuple[int, str]:
    """The status and code for an error the library raised on a request's input."""
    if isinstance(exc, LedgerError):
        return 503, "JM565"
    if isinstance(exc, NameLookupError):
        return 422, "JM563"
    if isinstance(exc, OutboxError | RosterError):
        return 409, "JM564"
    if isinstance(exc, PlanError):
        return 422, "JM560"
    return 400, "JM560"


def _message(exc: Exception) -> str:
    # KeyError subclasses (an unknown unit) would print their message quoted.
    return str(exc.args[0]) if exc.args else str(exc)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the JSON body above."""

    @app.exception_handler(ApiError)
    async def refused(_: Request, exc: ApiError) -> JSONResponse:
        return respond(exc.status, exc.found, exc.headers)

    @app.exception_handler(FileError)
    async def findings(_: Request, exc: FileError) -> JSONResponse:
        return respond(422, exc.diagnostics)

    @app.exception_handler(JointMeetingError)
    async def library(_: Request, exc: JointMeetingError) -> JSONResponse:
        status, code = _library(exc)
        return respond(status, [Diagnostic(code, _message(exc))])

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        found = [Diagnostic("JM560", f"{error.get('msg', 'not valid')}",
                            "/".join(str(part) for part in error.get("loc", ())) or None)
                 for error in exc.errors()]
        return respond(422, found)

    @app.exception_handler(StarletteHTTPException)
    async def http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "JM563", 405: "JM560"}.get(exc.status_code, "JM560")
        message = {404: "there is no such path; /openapi.json lists them"}.get(
            exc.status_code, str(exc.detail))
        return respond(exc.status_code, [Diagnostic(code, message)],
                       dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the log (never the token: it is in no exception's text).
        log.exception("internal error on %s %s", request.method, request.url.path)
        return respond(500, [Diagnostic("JM569", "the service failed on this request; its log "
                                                 "has the details")])
