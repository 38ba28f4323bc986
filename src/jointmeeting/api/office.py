"""The office's page: open cases with their next deadline and who has not yet acknowledged, a
button to acknowledge, and the year's review.

One static page, a stylesheet and a small script, no build step. The page holds no data: its
script calls the same API with the token the office enters once (kept in ``sessionStorage``),
so the page is served without a token and shows nothing until one is given. Its words are in
the charter's language.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from jointmeeting.api.app import ServiceDep
from jointmeeting.api.problems import ApiError
from jointmeeting.charter.model import Charter
from jointmeeting.charter.words import CATALOGUE, words

router = APIRouter(tags=["office"])


def page_words(charter: Charter) -> dict[str, Any]:
    """The page's texts in the charter's language (the ``office.*`` part of the catalogue),
    with the timeline's event names under ``events``; ``{count}`` is filled by the script."""
    texts = {key.removeprefix("office."): text
             for key, text in CATALOGUE[charter.language].items() if key.startswith("office.")}
    out: dict[str, Any] = {k: v for k, v in texts.items() if not k.startswith("event.")}
    out["events"] = {k.removeprefix("event."): v for k, v in texts.items()
                     if k.startswith("event.")}
    out["no_deadline"] = words(charter.language).deadline(None)
    return out


_FILES = {"office.js": "text/javascript; charset=utf-8", "office.css": "text/css; charset=utf-8"}
#: The page runs only its own script and style, and talks only to its own server.
_HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                       "object-src 'none'; "
                                       "base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store"}


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("jointmeeting", "templates/office"),
                       autoescape=select_autoescape(["html", "j2"]))


@router.get("/office", response_class=HTMLResponse, summary="The office's page.")
def page(service: ServiceDep) -> HTMLResponse:
    charter = service.charter
    texts = page_words(charter)
    # In a <script> element, "</" would end it early: escape it as JSON allows.
    words_json = json.dumps(texts, ensure_ascii=False).replace("</", "<\\/")
    html = _environment().get_template("office.html.j2").render(
        charter=charter, w=texts, lang=charter.language, words_json=words_json,
        year=dt.date.today().year)
    return HTMLResponse(html, headers=_HEADERS)


@router.get("/office/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    if name not in _FILES:
        raise ApiError(404, "JM563", f"the office's page has no file {name}")
    text = (files("jointmeeting") / "templates" / "office" / name).read_bytes()
    return Response(text, media_type=_FILES[name], headers=_HEADERS)
