"""The words a person reads, in the charter's language: one catalogue, keyed by language.

Office-facing texts (notifications, the review page and its findings, the calendar, the site)
are written in the language the charter sets (``language:``, Simplified Chinese by default). Their
wording is data here, as rendercv keeps its locale strings, never literals scattered through the
renderers; a renderer asks :func:`words` for the charter's catalogue and fills its templates.

Deadlines read as words (``24小时内``, ``立即``, ``within 3 days``), never as ISO 8601 durations.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["zh-CN", "en"]

#: Every text by key; ``{name}`` fields are filled with :meth:`str.format`.
CATALOGUE: dict[str, dict[str, str]] = {
    "zh-CN": {
        # deadlines
        "deadline.immediately": "立即",
        "deadline.within": "{amount}内",
        "deadline.none": "时限未规定",
        "deadline.sep": "",
        "unit.W": "{n}周", "unit.D": "{n}日", "unit.H": "{n}小时", "unit.M": "{n}分钟",
        "unit.S": "{n}秒",
        "list.sep": "、",
        # notifications
        "message.subject": "【{rule}】{reporter}报告（案件{incident}号）{due}",
        "message.due": "，请于{deadline}前处理",
        "message.step": "{recipient}：{action}。",
        "message.reporter": "报告单位：{reporter}；知悉时间：{known}。",
        "message.basis": "依据：{document} {clause}。",
        "message.minor": "本案涉及未成年人：详情不随通知发送，请向{office}查询案件编号。",
        "message.summary": "情况：{summary}",
        "message.escalation": "此为第{level}级升级通知：前一级未在时限内确认。",
        "escalation.action": "督办：{recipient}未在时限内确认“{action}”",
        # review findings, by code
        "JM510": "{meeting}：{year}年召开{count}次，制度要求{span}",
        "span.range": "{low}至{high}次",
        "span.min": "至少{low}次",
        "JM511": "{meeting}（{date}）由{chair}主持，应由{expected}主持",
        "nobody": "未记录",
        "JM512": "{unit}未制定{year}年度计划",
        "JM513": "{unit}年度计划中的实事为{count}件，每年至少{minimum}件",
        "JM514": "{unit}：“{matter}”已完成，但未纳入工作报告",
        "JM515": "{unit}{year}年未报送工作进展",
        "JM516": "案件{case}（{rule}）在知悉后{hours}小时报告，时限为{limit}",
        "JM517": "{meeting}议定事项{action}（“{text}”）由{unit}负责，应于{due}完成，尚未完成",
        "JM518.meeting": "会议记录{record}：“{kind}”不是本制度规定的会议",
        "JM518.present": "会议记录{record}：出席单位“{unit}”不是成员单位",
        "JM518.plan": "年度计划的单位“{unit}”不是成员单位",
        "JM518.progress": "工作进展报送的单位“{unit}”不是成员单位",
        "JM518.case": "案件{case}：“{rule}”不是本制度的报告规则",
        "JM518.action": "议定事项{action}：负责单位“{unit}”不是成员单位",
        # calendar
        "calendar.basis": "依据 {document} {clause}",
        "calendar.action": "到期：{text}（{owner}）",
        "calendar.action.note": "{meeting}议定事项；{office}督促落实（{clause}）",
        "calendar.case": "报告时限：{rule}（{case}）",
        # site
        "site.role.lead": "牵头", "site.role.owns": "负责", "site.role.supports": "配合",
        "site.steps.sep": "，",
        "site.step": "{action}{recipient}（{when}）",
        "site.holder.unnamed": "姓名未载",
        "site.gap.none": "没有任何单位承担本领域的职责",
        "site.gap.lead": "没有单位牵头本领域",
        "site.note.assumption": "未明确",
        "site.note.remark": "存疑",
    },
    "en": {
        "deadline.immediately": "immediately",
        "deadline.within": "within {amount}",
        "deadline.none": "no deadline set",
        "deadline.sep": " ",
        "unit.W": "{n} week(s)", "unit.D": "{n} day(s)", "unit.H": "{n} hour(s)",
        "unit.M": "{n} minute(s)", "unit.S": "{n} second(s)",
        "list.sep": ", ",
        "message.subject": "[{rule}] reported by {reporter} (case {incident}){due}",
        "message.due": ", to be handled by {deadline}",
        "message.step": "{recipient}: {action}.",
        "message.reporter": "Reported by: {reporter}; known at: {known}.",
        "message.basis": "Basis: {document} {clause}.",
        "message.minor": "This case involves a minor: no details are sent; ask {office} about "
                         "the case number.",
        "message.summary": "What happened: {summary}",
        "message.escalation": "Escalation level {level}: the level before did not acknowledge "
                              "in time.",
        "escalation.action": "Follow up: {recipient} did not acknowledge “{action}” in time",
        "JM510": "{meeting}: {count} held in {year}; the charter asks for {span}",
        "span.range": "{low} to {high}",
        "span.min": "at least {low}",
        "JM511": "{meeting} on {date} was chaired by {chair}, not the {expected}",
        "nobody": "no one recorded",
        "JM512": "{unit} has no annual plan for {year}",
        "JM513": "{unit}'s plan has {count} practical matter(s); at least {minimum} a year",
        "JM514": "{unit}: “{matter}” is done but not in the work report",
        "JM515": "{unit} sent no progress report in {year}",
        "JM516": "case {case} ({rule}) was reported {hours} h after it became known; the limit "
                 "is {limit}",
        "JM517": "action {action} of {meeting} (“{text}”), owned by {unit}, was due {due} and "
                 "is not done",
        "JM518.meeting": "meeting {record}: “{kind}” is not a meeting of the charter",
        "JM518.present": "meeting {record}: present “{unit}” is not a unit",
        "JM518.plan": "plan of “{unit}”: not a unit",
        "JM518.progress": "progress report of “{unit}”: not a unit",
        "JM518.case": "case {case}: “{rule}” is not a reporting rule",
        "JM518.action": "action {action}: owner “{unit}” is not a unit",
        "calendar.basis": "Basis: {document} {clause}",
        "calendar.action": "Due: {text} ({owner})",
        "calendar.action.note": "decided at {meeting}; {office} follows it up ({clause})",
        "calendar.case": "Reporting deadline: {rule} ({case})",
        "site.role.lead": "leads", "site.role.owns": "owns", "site.role.supports": "supports",
        "site.steps.sep": "; ",
        "site.step": "{action} {recipient} ({when})",
        "site.holder.unnamed": "name not given",
        "site.gap.none": "no unit has a duty in this area",
        "site.gap.lead": "no unit leads in this area",
        "site.note.assumption": "Open",
        "site.note.remark": "Query",
    },
}


class Words:
    """The catalogue of one language."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._texts = CATALOGUE[language]

    def __call__(self, key: str, **fields: object) -> str:
        """The text for ``key``, its fields filled in."""
        return self._texts[key].format(**fields)

    def deadline(self, within: str | None) -> str:
        """``PT24H`` -> ``24小时内`` / ``within 24 hours``; ``immediately`` -> ``立即``."""
        if within is None:
            return self("deadline.none")
        if within == "immediately":
            return self("deadline.immediately")
        # A deadline has weeks and days before its T, hours, minutes and seconds after: no M
        # is ever months (values._DURATION refuses them).
        parts = _DURATION_PARTS.findall(within)
        amount = self("deadline.sep").join(
            _plural(self(f"unit.{unit}", n=int(n)), int(n)) for n, unit in parts)
        return self("deadline.within", amount=amount)


_DURATION_PARTS = re.compile(r"(\d+)([WDHMS])")


def _plural(text: str, n: int) -> str:
    # "1 hour(s)" -> "1 hour", "2 hour(s)" -> "2 hours"; Chinese has no "(s)".
    return text.replace("(s)", "" if n == 1 else "s")


def words(language: Language) -> Words:
    """The catalogue for a language (a charter's ``language``)."""
    return Words(language)
