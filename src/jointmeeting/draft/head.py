"""The head of a notice as a draft reads it: its number, title, issuer and date, the laws it
rests on and the plans it serves, and the place it is of."""

from __future__ import annotations

import datetime as dt
import re

from jointmeeting.charter.notice import Notice
from jointmeeting.draft.text import Item, number
from jointmeeting.draft.words import place_of

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d+\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
#: Zero is 〇 or 零, or a circle typed in its place (○, Ｏ), as many offices' documents print it.
_CN_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                      r"([一二三四五六七八九十]{1,3})日")
_ISSUER = re.compile(r".{2,24}(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|局"
                     r"|委)")
_KINDS = ("制度", "细则", "办法", "规则", "方案", "规定", "意见")
_SENT = re.compile(r"《(.+?(?:制度|细则|办法|规则|方案|规定|意见))》(?:已经|现印发|印发给)")
_ISSUER_ABOUT = re.compile(r"([^，。；、《》“”,;:：（）()]{2,40}?"
                           r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅))关于")
_TITLE = re.compile(r"关于(?:印发|建立|成立|健全完善|健全|完善|调整)?《?"
                    r"(.+?(?:制度|办法|规则|方案|规定))》?的通知")
_LAW = re.compile(r"《([^《》]+?(?:法|条例))》")
_PLAN = re.compile(r"《([^《》]+?(?:规划|纲要)(?:[（(][^（）()]*[）)])?)》")
#: What the draft writes where the notice's head lacks a text field the format requires.
UNSTATED = {"title": "通知未载标题"}
#: The document's head is at the top: its number, title and date are searched for there only.
MAX_HEAD = 4000


def date_in(text: str) -> dt.date | None:
    """The first date a text gives: 2025年4月21日, 2025-04-21 or 二〇二五年四月二十一日."""
    for found in [*_DATE.finditer(text), *_ISO_DATE.finditer(text)]:
        try:
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            continue
    if match := _CN_DATE.search(text):
        year = int("".join(str(number(c) or 0) for c in match[1]))
        month, day = number(match[2]), number(match[3])
        if month and day:
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def read_head(notice: Notice, text: str) -> tuple[Item, str | None, list[str]]:
    """The document's head: number, title, issuer, date, basis; the place; what is missing."""
    # A web page's fields (名称: …, 文号: …) are the values after their labels.
    lines = [re.sub(r"^(?:名称|标题)[:：]", "", line[:MAX_HEAD]) for line in notice.preamble[:200]]
    joined = "".join(lines)[:MAX_HEAD]
    missing: list[str] = []
    doc: Item = {}
    # The notice's own number stands on a line of its own (or after 文号:); a number inside a
    # sentence is another document's, cited.
    own = (_DOC_NUMBER.fullmatch(re.sub(r"^(?:文号[:：])|^[（(]|[）)]$", "", line))
           for line in lines)
    doc["document"] = next((m[0] for m in own if m), None)
    title_match = _TITLE.search(joined) or _SENT.search(joined)
    title = title_match[1] if title_match else next(
        (line for line in lines if line.endswith(_KINDS) and len(line) <= 40
         and not line.startswith(("各", "关于"))), None)
    doc["title"] = title
    dated = next((i for i, line in enumerate(lines) if date_in(line)), None)
    before = lines[:dated] if dated is not None else lines
    prefixed = next((m for line in lines if (m := _ISSUER_ABOUT.match(line))), None)
    issuer = prefixed[1] if prefixed else next(
        (line for line in [*reversed(before), *notice.signature]
         if _ISSUER.fullmatch(line) and line != title), None)
    doc["issuer"] = issuer
    issued = date_in(joined) or date_in("".join(notice.signature)) or date_in(text[-MAX_HEAD:])
    doc["issued"] = issued.isoformat() if issued else None
    year = re.search(r"[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]", doc["document"] or "")
    if issued is None and year:
        # Only the number's year: no day is invented; the year goes into the statement that
        # the notice gives no date (not_in_notice issue-date).
        doc["issued_year"] = year[1]
    # The basis is cited before the first section, or in the first article (第一条 为……，根据……).
    opening = joined + "".join(notice.paragraphs.get(b.ref, "") for b in notice.blocks[1:2])
    laws = list(dict.fromkeys(_LAW.findall(opening[:MAX_HEAD])))
    plans = list(dict.fromkeys(_PLAN.findall(opening[:MAX_HEAD])))
    if laws:
        doc["basis"] = laws
    if plans:
        doc["serves"] = plans
    missing = [key for key in ("document", "title", "issuer", "issued") if doc.get(key) is None]
    return doc, place_of(title or "") or place_of(issuer or ""), missing


