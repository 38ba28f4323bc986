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

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from jointmeeting.api.app import ServiceDep
from jointmeeting.api.problems import ApiError

router = APIRouter(tags=["office"])

#: The page's words by language; the script reads them from the page.
WORDS: dict[str, dict[str, object]] = {
    "zh-CN": {
        "title": "办公室工作台", "token": "访问令牌", "enter": "进入",
        "token_hint": "令牌只保存在本标签页中，关闭即清除。", "logout": "退出",
        "token_refused": "令牌无效或已撤销，请重新输入。",
        "open_cases": "正在办理的案件", "case": "案件", "rule": "报告类别",
        "reporter": "报告单位", "known": "知悉时间", "next_deadline": "下一时限",
        "waiting": "尚未确认", "no_cases": "目前没有未办结的案件。", "by": "时限",
        "no_deadline": "时限未规定", "acknowledge": "确认收到", "acknowledged": "已确认",
        "timeline": "时间线", "review": "年度工作评估", "year": "年度", "show": "查看",
        "findings_count": "发现问题 {count} 项。", "loaded": "共 {count} 件未办结案件。",
        "events": {"opened": "立案", "planned": "待通知", "sent": "已发送",
                   "send failed": "发送失败", "acknowledged": "已确认", "escalated": "升级督办",
                   "overdue": "逾期", "set aside": "已搁置"},
    },
    "en": {
        "title": "Office desk", "token": "Access token", "enter": "Enter",
        "token_hint": "The token is kept in this tab only and cleared when it closes.",
        "logout": "Sign out", "token_refused": "The token is not valid or was revoked.",
        "open_cases": "Open cases", "case": "Case", "rule": "Rule", "reporter": "Reported by",
        "known": "Known at", "next_deadline": "Next deadline", "waiting": "Not yet acknowledged",
        "no_cases": "No case is open.", "by": "by", "no_deadline": "no deadline set",
        "acknowledge": "Acknowledge", "acknowledged": "Acknowledged", "timeline": "Timeline",
        "review": "The year's review", "year": "Year", "show": "Show",
        "findings_count": "{count} finding(s).", "loaded": "{count} open case(s).",
        "events": {},
    },
}

_FILES = {"office.js": "text/javascript; charset=utf-8", "office.css": "text/css; charset=utf-8"}
#: The page runs only its own script and style, and talks only to its own server.
_HEADERS = {"Content-Security-Policy": "default-src 'self'; object-src 'none'; "
                                       "base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store"}


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("jointmeeting", "templates/office"),
                       autoescape=select_autoescape(["html", "j2"]))


def language(service: ServiceDep) -> str:
    """The charter's language, when it names one the page has words for; else Chinese."""
    lang = str(getattr(service.charter, "language", "zh-CN"))
    return lang if lang in WORDS else "zh-CN"


@router.get("/office", response_class=HTMLResponse, summary="The office's page.")
def page(service: ServiceDep) -> HTMLResponse:
    lang = language(service)
    words = WORDS[lang]
    # In a <script> element, "</" would end it early: escape it as JSON allows.
    words_json = json.dumps(words, ensure_ascii=False).replace("</", "<\\/")
    html = _environment().get_template("office.html.j2").render(
        charter=service.charter, w=words, lang=lang, words_json=words_json,
        year=dt.date.today().year)
    return HTMLResponse(html, headers=_HEADERS)


@router.get("/office/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    if name not in _FILES:
        raise ApiError(404, "JM563", f"the office's page has no file {name}")
    text = (files("jointmeeting") / "templates" / "office" / name).read_bytes()
    return Response(text, media_type=_FILES[name], headers=_HEADERS)
