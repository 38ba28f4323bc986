"""The words of a clause, as the draft reads them: numerals, pieces cut at commas, deadlines,
frequencies and cadences, the full-width view a half-width copy is read through, a unit's name,
a duty's role and the outline areas its words propose."""

from __future__ import annotations

import re
from typing import Any

from jointmeeting.charter.outline import areas as outline_areas
from jointmeeting.draft.words import Review, words

Item = dict[str, Any]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
_PIECE = re.compile(r"[^，,]+(?:[，,]|\Z)")
_DEADLINE = re.compile(NUMBER + r"\s*(?P<unit>小时|个工作日|工作日|日|天)内")
EVERY = re.compile(r"每年[^。；，]*?" + NUMBER + r"\s*(?:[-—~～至到]\s*" + NUMBER
                    + r")?\s*(?:次|件|项)")
_ROLE_LEAD = "牵头"
ROLE_SUPPORT = ("配合", "协助")
_NOT_UNITS = ("职责", "要求", "机制", "制度", "召集人", "组长", "成员", "任务", "办公室", "会议")
#: Half-width punctuation as its full-width form, one character for one: the readers match a
#: clause's full-width view, and the texts they cut from it are taken back from the clause.
_FULL_WIDTH = str.maketrans(",;:()!?", "，；：（）！？")
#: The keys whose values are the notice's words (Text), restored from the clause as written.
_VERBATIM = ("text", "action", "trigger", "purpose", "what", "responsibilities", "position")


def full_width(text: str) -> str:
    """A text with its half-width punctuation full-width (the same length)."""
    return text.translate(_FULL_WIDTH)


def restore(value: Any, original: str, view: str) -> Any:
    """A string cut from ``view`` as it stands in ``original``; lists and mappings through."""
    if isinstance(value, str):
        at = view.find(value) if value else -1
        return original[at:at + len(value)] if at >= 0 else value
    if isinstance(value, list):
        return [restore(v, original, view) for v in value]
    if isinstance(value, dict):
        return {k: restore(v, original, view) if k in _VERBATIM else
                (_restore_inside(v, original, view)) for k, v in value.items()}
    return value


def _restore_inside(value: Any, original: str, view: str) -> Any:
    if isinstance(value, dict):
        return restore(value, original, view)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [restore(v, original, view) for v in value]
    return value


def number(text: str) -> int | None:
    """An Arabic or Chinese numeral (二十四, 两, 12) as an int; None when it is neither."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[char]
    return total + current


def pieces(text: str) -> list[str]:
    """A clause cut after each comma, each piece keeping its comma (verbatim parts)."""
    return _PIECE.findall(text)


def strip(text: str) -> str:
    return text.strip("，,。；;：: ")


def frequency(text: str) -> Item | None:
    """每年召开1-2次 → {min: 1, max: 2}; 每季度 → 4; 每半年 → 2; 每月 → 12."""
    if match := EVERY.search(text):
        low = number(match[1])
        high = number(match[2]) if match[2] else low
        if low is not None and high is not None:
            return {"min": low, "max": high}
    for word, times in (("每季度", 4), ("每半年", 2), ("每月", 12)):
        if word in text:
            return {"min": times, "max": times}
    return None


def cadence_of(text: str) -> str | None:
    """每季度 → P3M, 每半年 → P6M, 每月 → P1M; 根据工作需要/不定期/随时 → as-needed."""
    for word, cadence in (("每季度", "P3M"), ("每半年", "P6M"), ("每月", "P1M")):
        if word in text:
            return cadence
    if re.search(r"根据(?:工作)?需要|不定期|随时", text) and not EVERY.search(text):
        return "as-needed"
    return None


def deadline(text: str) -> tuple[str | None, str | None]:
    """The deadline a text gives, as the charter writes it, and an assumption when the words
    leave it open (及时) or the format reads them loosely (working days as days)."""
    if any(word in text for word in ("立即", "立刻", "马上", "第一时间")):
        return "immediately", None
    if match := _DEADLINE.search(text):
        count = number(match[1])
        if count is not None:
            if match["unit"] == "小时":
                return f"PT{count}H", None
            if "工作日" in match["unit"]:
                return f"P{count}D", "working-days"
            return f"P{count}D", None
    if "及时" in text:
        return None, "“及时”未规定时限。"
    return None, None


def pieces_at(text: str) -> list[tuple[int, int]]:
    """The spans of a clause cut after each comma."""
    spans, begin = [], 0
    for piece in pieces(text):
        spans.append((begin, begin + len(piece)))
        begin += len(piece)
    return spans


def is_unit_label(label: str, *, listed: bool = False) -> bool:
    """Whether a paragraph's label (or a name in a list of member units) names units."""
    endings: tuple[str, ...] = (*words()["unit_endings"], *words()["listed_endings"])
    names = label.split("、")
    return all(name.endswith(endings) and len(name) >= (2 if listed else 3)
               and (listed or not any(word in name for word in _NOT_UNITS))
               and not name.startswith(("各", "有关", "相关")) for name in names)


def role(text: str, review: Review) -> tuple[str, str]:
    if text.startswith(ROLE_SUPPORT):
        return "supports", review.use("draft-roles")
    if _ROLE_LEAD in text:
        return "lead", review.use("draft-roles")
    return "owns", ""


def areas(text: str) -> tuple[list[str], list[str]]:
    """Areas proposed for a duty from its words, and the words that proposed them."""
    vocab = words()
    women = [w for w in vocab["women"] if w in text]
    children = [w for w in vocab["children"] if w in text]
    outlines = [o for o, hit in (("women", women), ("children", children)) if hit]
    if not outlines:
        outlines = ["women", "children"] if "妇女儿童" in text else []
    known = outline_areas()
    found: list[str] = []
    said: list[str] = []
    for outline in outlines:
        for topic, topic_words in vocab["areas"].items():
            hits = [w for w in topic_words if w in text]
            area = f"{outline}.{topic}"
            if hits and area in known and area not in found:
                found.append(area)
                said += [w for w in hits if w not in said]
    return found, said


