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
        "unit.S": "{n}秒", "unit.workday": "{n}个工作日",
        "list.sep": "、", "colon": "：", "semi": "；",
        "group.members": "各成员单位", "group.lead-unit": "牵头单位",
        "group.liaisons": "各成员单位联络员", "group.joint-meeting": "联席会议",
        "succession.filed": "报{body}备案", "succession.approved": "经{post}同意",
        "succession.automatic": "自行递补", "succession.sep": "，",
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
        "escalation.note": "由{recipient}升级",
        # a case's timeline (the ledger keeps it as written, in the charter's language)
        "timeline.opened": "{reporter}按“{rule}”报告",
        "timeline.step": "{recipient}：{action}", "timeline.by": "，{deadline}前",
        "timeline.via": "，经{via}发送", "timeline.by_hand": "（无联系渠道：人工送达）",
        "timeline.sent": "{recipient}，经{via}发送（第{attempt}次）",
        "timeline.failed": "{recipient}经{via}发送失败：{error}；{retry}后重试",
        "timeline.overdue": "{recipient}未在{deadline}前确认；已无上一级",
        "timeline.damaged": "记录损坏，已搁置：{reason}",
        "timeline.damaged.escalation": "记录损坏，未升级：{reason}",
        # a case's plan (route, incident open)
        "plan.head": "{rule}（{clause}）{inherited}：{reporter}，知悉时间 {known}",
        "plan.minor": "；涉及未成年人：通知不含详情",
        "plan.step": "{seq}. {recipient}  {action}  {deadline}", "plan.by": "{deadline}前",
        "plan.via": "  经{via}发送", "plan.note": "（{note}）", "plan.via.sep": "、",
        "plan.note.no_deadline": "通知未规定时限",
        "plan.note.working_days": "按工作日计算：已跳过周六、周日，法定节假日未计入",
        "plan.note.fallback": "{recipient}无联系渠道：改为通知办公室",
        "plan.note.by_hand": "{recipient}无联系渠道：人工送达",
        # review findings, by code
        "JM510": "{meeting}：{year}年召开{count}次，制度要求{span}",
        "span.range": "{low}至{high}次",
        "span.min": "至少{low}次", "span.exact": "{low}次",
        "JM511": "{meeting}（{date}）由{chair}主持，应由{expected}主持",
        "nobody": "未记录",
        "JM512": "{unit}未制定{year}年度计划",
        "JM513": "{unit}年度计划中的实事为{count}件，每年至少{minimum}件",
        "JM514": "{unit}：“{matter}”已完成，但未纳入工作报告",
        "JM515": "{unit}{year}年未报送工作进展",
        "JM516": "案件{case}（{rule}）在知悉后{hours}小时才报告，应于知悉后{limit}报告",
        "JM517": "{meeting}（{date}）议定事项“{text}”由{unit}负责，应于{due}完成，尚未完成",
        "JM518.meeting": "会议记录{record}：“{kind}”不是本制度规定的会议",
        "JM518.present": "会议记录{record}：出席单位“{unit}”不是成员单位",
        "JM518.plan": "年度计划的单位“{unit}”不是成员单位",
        "JM518.progress": "工作进展报送的单位“{unit}”不是成员单位",
        "JM518.case": "案件{case}：“{rule}”不是本制度的报告规则",
        "JM518.action": "议定事项{action}：负责单位“{unit}”不是成员单位",
        # the review page
        "review.title": "{year}年度工作评估",
        "review.summary": "{title}：{year}年度工作评估，发现问题 {count} 项",
        "review.basis": "依据：{issuer}《{title}》（{document}）。评估日期：{today}。"
                        "发现问题 {count} 项。",
        "review.findings": "一、发现的问题", "review.findings.none": "未发现问题。",
        "review.col.code": "编号", "review.col.finding": "问题", "review.col.clause": "依据条款",
        "review.meetings": "二、会议", "review.meetings.none": "本年度未记录会议。",
        "review.col.date": "日期", "review.col.meeting": "会议", "review.col.chair": "主持",
        "review.col.subject": "议题", "review.col.present": "出席单位数",
        "review.units": "三、成员单位年度计划、实事与工作进展",
        "review.col.unit": "成员单位", "review.col.plan": "年度计划",
        "review.col.matters": "实事（件）", "review.col.in_report": "纳入工作报告",
        "review.col.progress": "进展报送（次）", "review.yes": "有", "review.no": "无",
        "review.cases": "四、案件报告", "review.cases.none": "本年度未记录案件报告。",
        "review.col.case": "案件", "review.col.reporter": "报告单位",
        "review.col.known": "知悉时间", "review.col.reported": "报告时间",
        "review.col.on_time": "是否按时", "review.on_time": "按时", "review.late": "逾期",
        # calendar
        "calendar.basis": "依据 {document} {clause}",
        "calendar.subject": "：{subject}",
        "calendar.action": "到期：{text}（{owner}）",
        "calendar.action.note": "{meeting}议定事项；{office}督促落实（{clause}）",
        "calendar.case": "报告时限：{rule}（{case}）",
        # site
        "site.role.lead": "牵头", "site.role.owns": "负责", "site.role.supports": "配合",
        "site.steps.sep": "，",
        "site.step": "{action}{recipient}（{when}）",
        "site.holder.unnamed": "姓名未载",
        "site.holder": "{body}{position}（{person}）", "site.post": "{title}（{position}）",
        "site.gap.none": "没有任何单位承担本领域的职责",
        "site.gap.lead": "没有单位牵头本领域",
        "site.note.assumption": "未明确",
        "site.note.remark": "存疑",
        "site.note.silent": "通知未载职责",
        "site.footer.ref": "条款编号如“{example}”：部分、单位段落，“/”后为第几句。",
        "site.as_of": "（{day}）",
        "site.picture": "关系图",
        "site.picture.unit": "{name}与其上下级、职务、联席会议办公室之间的组织与报告关系图",
        "site.picture.area": "承担{name}职责的单位与联席会议办公室之间的组织与报告关系图",
        "site.graph.parts": "本制度共有{n}个成员单位，一张图容纳不下、也无从阅读。"
                            "各成员单位的页面绘有该单位与其上下级、职务、联席会议办公室之间的"
                            "关系图，各领域的页面绘有承担该领域职责的单位之间的关系图。",
        "site.graph.failed": "生成本站时 Graphviz 未能绘制组织架构图（出错或超时）。",
        "site.silence.unit-duties": "成员单位职责",
        "site.silence.member-reporting": "成员单位报告规则",
        "site.silence.office-host": "办公室所在单位", "site.silence.issue-date": "印发日期",
        "site.silence.document-number": "文号", "site.silence.member-since": "成员任职起始日期",
        "site.silence.members": "成员名单", "site.silence.holder-position": "职务担任者",
        "site.silence.office": "联席会议办公室", "site.silence.issuer": "发文机关",
        "site.silence.place": "地名", "office.none": "未设办公室（通知未载）",
        "holder.no-position": "职务未载",
        "doc.no-number": "文号未载", "doc.no-date": "日期未载",
        "doc.no-issuer": "发文机关未载", "doc.no-place": "地名未载",
        "doc.news-report": "本制度据新闻报道整理，不是通知原文。", "office.no-host": "所在单位未载",
        "site.unit.liaisons": "联络员", "site.unit.co_owners": "共同负责",
        "site.rules.lead_unit": "牵头单位", "site.rules.silences": "通知未载明的事项",
        "site.rules.open_units": "成员单位名单未列全（“{text}”）",
        "site.none": "（无）", "site.none.item": "无。",
        "site.skip": "跳到正文", "site.nav": "主导航",
        "site.nav.units": "成员单位", "site.nav.areas": "发展纲要领域",
        "site.nav.rules": "会议与报告制度", "site.nav.graph": "组织架构图",
        "site.nav.notes": "未明确事项",
        "site.footer": "依据 {issuer}《{title}》（{document}，{issued}）。"
                       "各项后〔〕内为其在通知中的条款位置。",
        "site.index.title": "成员单位与职责查询", "site.index.h1": "谁负责？",
        "site.index.label": "输入关键词或单位名称（如 {example}），查找负责的单位：",
        "site.units.count": "成员单位（{n}个）",
        "site.col.unit": "单位", "site.col.aliases": "又称", "site.col.representatives": "现任代表",
        "site.col.duties": "职责（项）",
        "site.unit.aliases": "又称", "site.unit.parent": "所属",
        "site.unit.representatives": "现任代表", "site.unit.source": "出处",
        "site.unit.duties": "职责（{n}项）",
        "site.unit.supported": "配合的职责（{n}项）", "site.unit.supported.owners": "负责单位",
        "site.unit.areas": "领域：",
        "site.unit.reports": "须报告的事项", "site.unit.posts": "本单位人员担任的职务",
        "site.area.gap": "缺口",
        "site.areas.h1": "国家妇女、儿童发展纲要（2021—2030年）的领域",
        "site.col.area": "领域",
        "site.notes.h1": "通知未明确的事项与存疑之处",
        "site.notes.intro": "以下各项是通知没有写明、由本文件作出假定的地方（未明确），"
                            "以及通知原文中看来有误但照录未改的地方（存疑）。",
        "site.col.kind": "类别", "site.col.where": "所涉条目", "site.col.note": "说明",
        "site.graph.h1": "组织架构与报告关系",
        "site.graph.intro": "成员单位、职务、联席会议办公室、外部报告对象及会议之间的关系。"
                            "箭头上的文字说明关系类型"
                            "（hosts 设在，holds 担任，chairs 主持，reports-to 报告）。",
        "site.graph.alt": "{title}组织架构与报告关系图：{n}个成员单位向{office}报告",
        "site.graph.missing": "生成本站时未安装 Graphviz，未能绘制组织架构图。",
        "site.rules.posts": "组织架构", "site.rules.responsibilities": "联席会议主要职责",
        "site.rules.meetings": "会议", "site.rules.reporting": "信息报送与报告",
        "site.rules.succession": "成员调整", "site.rules.requirements": "工作要求",
        "site.search.found": "找到 {n} 个单位",
        # the office's page (jointmeeting serve, /office)
        "office.title": "办公室工作台", "office.token": "访问令牌", "office.enter": "进入",
        "office.token_hint": "令牌只保存在本标签页中，关闭即清除。", "office.logout": "退出",
        "office.token_refused": "令牌无效或已撤销，请重新输入。",
        "office.open_cases": "正在办理的案件", "office.case": "案件",
        "office.rule": "报告类别", "office.reporter": "报告单位", "office.known": "知悉时间",
        "office.next_deadline": "下一时限", "office.waiting": "尚未确认",
        "office.no_cases": "目前没有未办结的案件。", "office.by": "时限",
        "office.acknowledge": "确认收到", "office.acknowledged": "已确认",
        "office.timeline": "时间线", "office.review": "年度工作评估", "office.year": "年度",
        "office.show": "查看", "office.findings_count": "发现问题 {count} 项。",
        "office.loaded": "共 {count} 件未办结案件。",
        "office.event.opened": "立案", "office.event.planned": "待通知",
        "office.event.sent": "已发送", "office.event.send failed": "发送失败",
        "office.event.acknowledged": "已确认", "office.event.escalated": "升级督办",
        "office.event.overdue": "逾期", "office.event.set aside": "已搁置",
        # a case's steps (incident status)
        "steps.line": "#{id} {seq}. {recipient}{level}  {action}  {deadline}  {via}  {status}"
                      "（已尝试{attempts}次）{error}",
        "steps.level": "［第{level}级升级］", "steps.via": "经{via}", "steps.by_hand": "人工送达",
        "steps.error": "  上次错误：{error}", "moment.none": "未记录",
        "steps.status.pending": "待发送", "steps.status.manual": "待人工送达",
        "steps.status.sent": "已发送", "steps.status.acked": "已确认",
        "steps.status.set-aside": "已搁置",
        # who (the command line)
        "who.unit": "{name}（{id}）{role}  相关度 {score}",
        "who.duty": "  {clause}  {role}{text}", "who.supports": "配合 ",
        "who.joint-meeting": "联席会议：",
        "who.clause": "  {clause}  {label}：{text}", "who.responsibility": "  {clause}  {text}",
        # show (the command line's summary)
        "mark.inherited": "〔沿用模板〕",
        "show.issued": "{issuer} {document}，{issued} 印发；{place}",
        "show.place": "{name}（{above}）", "show.basis": "依据：{laws}", "show.law": "《{law}》",
        "show.silent": "通知未载{what}：{assumption}",
        "show.posts": "组织架构", "show.units": "成员单位（{n}个）", "show.duties": "职责（{n}项）",
        "show.meetings": "会议", "show.reporting": "报告", "show.notes": "假设与存疑",
        "show.col.id": "编号", "show.col.name": "名称", "show.col.aliases": "别名",
        "show.col.representatives": "代表（{day}）", "show.col.duties": "职责",
        "show.col.none": "无", "show.supported.count": "（配合{n}）",
        "show.post": "{title}：{body}{position} {person}",
        "show.no-position": "（职务未载）", "show.unnamed": "（姓名未载）",
        "show.person": "{name}（{position}）",
        "show.office.none": "联席会议办公室：{text}",
        "show.office.seat": "设在{host}{subunit}", "show.office.subunit": "{subunit}",
        "show.office.tasks": "，负责{tasks}", "show.office": "{name}：{seat}{tasks}",
        "show.labelled": "{label}：{text}",
        "show.officer": "{unit} {person}{position}", "show.officer.position": "{position}",
        "show.open_units": "名单未列全：“{text}”",
        "show.duty.role": "{role} ", "show.jointly": "（与{others}共同负责）",
        "show.supported_by": "（{units}配合）", "show.supports": "配合 {text}（{owners}负责）",
        "show.silent.duties": "通知未载本单位职责：{assumption}",
        "show.times": "每年{span}", "show.irregular": "不定期",
        "show.no-chair": "（未规定）", "show.attendees": "，参加 {who}",
        "show.meeting": "{name}：{times}，主持 {chair}{attendees}；{text}",
        "show.steps.sep": " → ", "show.every": "{cadence}，",
        "show.rule": "{name}（{reporters}）：{every}{steps}",
        "show.succession": "成员调整（{how}）：{text}", "show.succession.unknown": "方式未载",
        "show.requirement": "工作要求 {title}：{text}",
        "show.escalation": "逐级上报：{chain}（每级{after}）",
        "show.silent.reporting": "通知未载{units}向办公室报告的规则：{assumption}",
        "show.assumption": "假设", "show.remark": "存疑", "show.members": "成员单位",
        "cadence.P1M": "每月", "cadence.P3M": "每季度", "cadence.P6M": "每半年",
        "cadence.P1Y": "每年", "cadence.as-needed": "根据需要",
    },
    "en": {
        "deadline.immediately": "immediately",
        "deadline.within": "within {amount}",
        "deadline.none": "no deadline set",
        "deadline.sep": " ",
        "unit.W": "{n} week(s)", "unit.D": "{n} day(s)", "unit.H": "{n} hour(s)",
        "unit.M": "{n} minute(s)", "unit.S": "{n} second(s)", "unit.workday": "{n} working day(s)",
        "list.sep": ", ", "colon": ": ", "semi": "; ",
        "group.members": "every member unit", "group.lead-unit": "the lead unit",
        "group.liaisons": "every member unit's liaison officer",
        "group.joint-meeting": "the joint meeting",
        "succession.filed": "filed with {body}", "succession.approved": "approved by {post}",
        "succession.automatic": "the successor takes the seat", "succession.sep": "; ",
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
        "escalation.note": "escalated from {recipient}",
        "timeline.opened": "{reporter} reported under “{rule}”",
        "timeline.step": "{recipient}: {action}", "timeline.by": " by {deadline}",
        "timeline.via": " via {via}", "timeline.by_hand": " (no channel: deliver by hand)",
        "timeline.sent": "{recipient} via {via} (attempt {attempt})",
        "timeline.failed": "{recipient} via {via}: {error}; next try after {retry}",
        "timeline.overdue": "{recipient} did not acknowledge by {deadline}; no one above",
        "timeline.damaged": "damaged row, set aside: {reason}",
        "timeline.damaged.escalation": "damaged row, not escalated: {reason}",
        "plan.head": "{rule} ({clause}){inherited}: {reporter}, known {known}",
        "plan.minor": "; involves a minor: messages carry no details",
        "plan.step": "{seq}. {recipient}  {action}  {deadline}", "plan.by": "by {deadline}",
        "plan.via": "  via {via}", "plan.note": "  ({note})", "plan.via.sep": ", ",
        "plan.note.no_deadline": "no deadline: the notice sets none",
        "plan.note.working_days": "working days: Saturdays and Sundays skipped; public holidays "
                                  "not known",
        "plan.note.fallback": "no channel for {recipient}: the office is told instead",
        "plan.note.by_hand": "no channel for {recipient}: deliver by hand",
        "JM510": "{meeting}: {count} held in {year}; the charter asks for {span}",
        "span.range": "{low} to {high}",
        "span.min": "at least {low}", "span.exact": "{low}",
        "JM511": "{meeting} on {date} was chaired by {chair}, not the {expected}",
        "nobody": "no one recorded",
        "JM512": "{unit} has no annual plan for {year}",
        "JM513": "{unit}'s plan has {count} practical matter(s); at least {minimum} a year",
        "JM514": "{unit}: “{matter}” is done but not in the work report",
        "JM515": "{unit} sent no progress report in {year}",
        "JM516": "case {case} ({rule}) was reported {hours} h after it became known; it was "
                 "due {limit}",
        "JM517": "action “{text}” decided at {meeting} on {date}, owned by {unit}, was due "
                 "{due} and is not done",
        "JM518.meeting": "meeting {record}: “{kind}” is not a meeting of the charter",
        "JM518.present": "meeting {record}: present “{unit}” is not a unit",
        "JM518.plan": "plan of “{unit}”: not a unit",
        "JM518.progress": "progress report of “{unit}”: not a unit",
        "JM518.case": "case {case}: “{rule}” is not a reporting rule",
        "JM518.action": "action {action}: owner “{unit}” is not a unit",
        "review.title": "Review of {year}",
        "review.summary": "{title}: review of {year}, {count} finding(s)",
        "review.basis": "Basis: {issuer}, “{title}” ({document}). Reviewed on {today}. "
                        "{count} finding(s).",
        "review.findings": "1. Findings", "review.findings.none": "No findings.",
        "review.col.code": "Code", "review.col.finding": "Finding", "review.col.clause": "Clause",
        "review.meetings": "2. Meetings", "review.meetings.none": "No meeting recorded this year.",
        "review.col.date": "Date", "review.col.meeting": "Meeting", "review.col.chair": "Chair",
        "review.col.subject": "Subject", "review.col.present": "Units present",
        "review.units": "3. Member units: annual plans, practical matters and progress reports",
        "review.col.unit": "Member unit", "review.col.plan": "Annual plan",
        "review.col.matters": "Practical matters", "review.col.in_report": "In the work report",
        "review.col.progress": "Progress reports", "review.yes": "yes", "review.no": "no",
        "review.cases": "4. Case reports", "review.cases.none": "No case report this year.",
        "review.col.case": "Case", "review.col.reporter": "Reported by",
        "review.col.known": "Known at", "review.col.reported": "Reported at",
        "review.col.on_time": "On time", "review.on_time": "on time", "review.late": "late",
        "calendar.basis": "Basis: {document} {clause}",
        "calendar.subject": ": {subject}",
        "calendar.action": "Due: {text} ({owner})",
        "calendar.action.note": "decided at {meeting}; {office} follows it up ({clause})",
        "calendar.case": "Reporting deadline: {rule} ({case})",
        "site.role.lead": "leads", "site.role.owns": "owns", "site.role.supports": "supports",
        "site.steps.sep": "; ",
        "site.step": "{action} {recipient} ({when})",
        "site.holder.unnamed": "name not given",
        "site.holder": "{position}, {body} ({person})", "site.post": "{title} ({position})",
        "site.gap.none": "no unit has a duty in this area",
        "site.gap.lead": "no unit leads in this area",
        "site.note.assumption": "Open",
        "site.note.remark": "Query",
        "site.note.silent": "No duties in the notice",
        "site.footer.ref": "A reference such as “{example}” names the part, the unit's paragraph "
                           "and, after “/”, the sentence.",
        "site.as_of": " ({day})",
        "site.picture": "Picture",
        "site.picture.unit": "{name}: its organisation and reporting links",
        "site.picture.area": "The units with duties in {name}, and the office",
        "site.graph.parts": "This table has {n} member units: one picture could neither hold nor "
                            "show them. Each unit's page draws the unit with what it is joined "
                            "to, and each area's page the units with duties in it.",
        "site.graph.failed": "Graphviz failed or took too long to draw the chart when this site "
                             "was built.",
        "site.silence.unit-duties": "Each member unit's duties",
        "site.silence.member-reporting": "A rule for members reporting to the office",
        "site.silence.office-host": "The unit that hosts the office",
        "site.silence.issue-date": "The date of issue", "site.silence.document-number":
        "The document number", "site.silence.member-since": "The members' first day",
        "site.silence.members": "The members", "site.silence.holder-position":
        "Who holds the post", "site.silence.office": "An office of the joint meeting",
        "site.silence.issuer": "The issuing body", "site.silence.place": "The place's name",
        "office.none": "no office (the notice sets up none)",
        "holder.no-position": "holder not given",
        "doc.no-number": "number not given", "doc.no-date": "date not given",
        "doc.no-issuer": "issuer not given", "doc.no-place": "place not named",
        "doc.news-report": "Transcribed from a news report of the system, not from the notice "
        "itself.", "office.no-host": "host unit not given",
        "site.unit.liaisons": "Liaison officers", "site.unit.co_owners": "Owned jointly by",
        "site.rules.lead_unit": "Lead unit", "site.rules.silences": "What the notice does not give",
        "site.rules.open_units": "The list of member units is open (“{text}”)",
        "site.none": "(none)", "site.none.item": "None.",
        "site.skip": "Skip to content", "site.nav": "Main navigation",
        "site.nav.units": "Member units", "site.nav.areas": "Outline areas",
        "site.nav.rules": "Meetings and reporting", "site.nav.graph": "Organisation chart",
        "site.nav.notes": "Open points",
        "site.footer": "Based on {issuer}, “{title}” ({document}, {issued}). The clause of the "
                       "notice each item comes from stands in 〔〕 after it.",
        "site.index.title": "Member units and their duties", "site.index.h1": "Who is responsible?",
        "site.index.label": "Type a keyword or a unit's name (e.g. {example}) to find who is "
                            "responsible:",
        "site.units.count": "Member units ({n})",
        "site.col.unit": "Unit", "site.col.aliases": "Also called",
        "site.col.representatives": "Representatives", "site.col.duties": "Duties",
        "site.unit.aliases": "Also called", "site.unit.parent": "Part of",
        "site.unit.representatives": "Representatives", "site.unit.source": "Clause",
        "site.unit.duties": "Duties ({n})",
        "site.unit.supported": "Duties it supports ({n})",
        "site.unit.supported.owners": "Owned by", "site.unit.areas": "Areas: ",
        "site.unit.reports": "What it must report", "site.unit.posts": "Posts its people hold",
        "site.area.gap": "Gap",
        "site.areas.h1": "Areas of the national development outlines for women and children "
                         "(2021–2030)",
        "site.col.area": "Area",
        "site.notes.h1": "What the notice leaves open, and its oddities",
        "site.notes.intro": "Each item below is either something the notice does not say, for "
                            "which this file makes an assumption (Open), or something in the "
                            "notice that looks wrong and is kept as written (Query).",
        "site.col.kind": "Kind", "site.col.where": "Item", "site.col.note": "Note",
        "site.graph.h1": "Organisation and reporting",
        "site.graph.intro": "Member units, posts, the office, outside parties and meetings. The "
                            "words on the arrows say what each link is (hosts, holds, chairs, "
                            "reports-to).",
        "site.graph.alt": "{title}: organisation chart, {n} member units reporting to {office}",
        "site.graph.missing": "Graphviz was not installed when this site was built: no chart.",
        "site.rules.posts": "Organisation",
        "site.rules.responsibilities": "What the joint meeting is for",
        "site.rules.meetings": "Meetings", "site.rules.reporting": "Reporting",
        "site.rules.succession": "Succession", "site.rules.requirements": "Work requirements",
        "site.search.found": "{n} unit(s) found",
        # the office's page (jointmeeting serve, /office)
        "office.title": "Office desk", "office.token": "Access token", "office.enter": "Enter",
        "office.token_hint": "The token is kept in this tab only and cleared when it closes.",
        "office.logout": "Sign out",
        "office.token_refused": "The token is not valid or was revoked; enter it again.",
        "office.open_cases": "Open cases", "office.case": "Case", "office.rule": "Rule",
        "office.reporter": "Reported by", "office.known": "Known at",
        "office.next_deadline": "Next deadline", "office.waiting": "Not yet acknowledged",
        "office.no_cases": "No case is open.", "office.by": "by",
        "office.acknowledge": "Acknowledge", "office.acknowledged": "Acknowledged",
        "office.timeline": "Timeline", "office.review": "The year's review",
        "office.year": "Year", "office.show": "Show",
        "office.findings_count": "{count} finding(s).", "office.loaded": "{count} open case(s).",
        "office.event.opened": "opened", "office.event.planned": "planned",
        "office.event.sent": "sent", "office.event.send failed": "send failed",
        "office.event.acknowledged": "acknowledged", "office.event.escalated": "escalated",
        "office.event.overdue": "overdue", "office.event.set aside": "set aside",
        "steps.line": "#{id} {seq}. {recipient}{level}  {action}  {deadline}  {via}  {status}"
                      " (attempts: {attempts}){error}",
        "steps.level": " [escalation level {level}]", "steps.via": "via {via}",
        "steps.by_hand": "deliver by hand", "steps.error": "  last error: {error}",
        "moment.none": "not recorded",
        "steps.status.pending": "to send", "steps.status.manual": "to deliver by hand",
        "steps.status.sent": "sent", "steps.status.acked": "acknowledged",
        "steps.status.set-aside": "set aside",
        "who.unit": "{name} ({id}) {role}  relevance {score}",
        "who.duty": "  {clause}  {role}{text}", "who.supports": "supports: ",
        "who.joint-meeting": "The joint meeting:",
        "who.clause": "  {clause}  {label}: {text}", "who.responsibility": "  {clause}  {text}",
        "mark.inherited": "[from the template]",
        "show.issued": "{issuer}, {document}, issued {issued}; {place}",
        "show.place": "{name} ({above})", "show.basis": "Basis: {laws}", "show.law": "“{law}”",
        "show.silent": "{what}: not in the notice; {assumption}",
        "show.posts": "Posts and office", "show.units": "Member units ({n})",
        "show.duties": "Duties ({n})", "show.meetings": "Meetings", "show.reporting": "Reporting",
        "show.notes": "Assumptions and remarks",
        "show.col.id": "Id", "show.col.name": "Name", "show.col.aliases": "Also called",
        "show.col.representatives": "Representatives ({day})", "show.col.duties": "Duties",
        "show.col.none": "none", "show.supported.count": " (supports {n})",
        "show.post": "{title}: {position}, {body} {person}",
        "show.no-position": "position not given", "show.unnamed": "(name not given)",
        "show.person": "{name} ({position})",
        "show.office.none": "Office of the joint meeting: {text}",
        "show.office.seat": "hosted by {host}{subunit}", "show.office.subunit": ", {subunit}",
        "show.office.tasks": ", in charge of {tasks}", "show.office": "{name}: {seat}{tasks}",
        "show.labelled": "{label}: {text}",
        "show.officer": "{unit}: {person}{position}", "show.officer.position": ", {position}",
        "show.open_units": "The list of member units is open: “{text}”",
        "show.duty.role": "{role}: ", "show.jointly": " (jointly with {others})",
        "show.supported_by": " (supported by {units})",
        "show.supports": "supports: {text} (owned by {owners})",
        "show.silent.duties": "The notice gives this unit no duty: {assumption}",
        "show.times": "{span} a year", "show.irregular": "as needed",
        "show.no-chair": "not set", "show.attendees": ", attended by {who}",
        "show.meeting": "{name}: {times}, chaired by {chair}{attendees}; {text}",
        "show.steps.sep": " → ", "show.every": "{cadence}, ",
        "show.rule": "{name} ({reporters}): {every}{steps}",
        "show.succession": "Succession ({how}): {text}", "show.succession.unknown": "how not given",
        "show.requirement": "Work requirement {title}: {text}",
        "show.escalation": "Escalation: {chain} ({after} at each level)",
        "show.silent.reporting": "No rule in the notice for {units} to report to the office: "
                                 "{assumption}",
        "show.assumption": "assumption", "show.remark": "remark",
        "show.members": "member units",
        "cadence.P1M": "monthly", "cadence.P3M": "quarterly", "cadence.P6M": "every six months",
        "cadence.P1Y": "yearly", "cadence.as-needed": "as needed",
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

    def deadline(self, within: str | None, *, working_days: bool = False) -> str:
        """``PT24H`` -> ``24小时内`` / ``within 24 hours``; ``immediately`` -> ``立即``;
        ``P3D`` counted in working days -> ``3个工作日内``."""
        if within is None:
            return self("deadline.none")
        if within == "immediately":
            return self("deadline.immediately")
        # A deadline has weeks and days before its T, hours, minutes and seconds after: no M
        # is ever months (values._DURATION refuses them).
        parts = _DURATION_PARTS.findall(within)
        amount = self("deadline.sep").join(
            _plural(self("unit.workday" if working_days and unit == "D" else f"unit.{unit}",
                         n=int(n)), int(n)) for n, unit in parts)
        return self("deadline.within", amount=amount)

    def span(self, low: int, high: int | None) -> str:
        """How many times: ``1至2次``, ``至少1次``, and ``2次`` once when both ends are one."""
        if high is None:
            return self("span.min", low=low)
        return self("span.exact", low=low) if low == high else \
            self("span.range", low=low, high=high)


_DURATION_PARTS = re.compile(r"(\d+)([WDHMS])")


def _plural(text: str, n: int) -> str:
    # "1 hour(s)" -> "1 hour", "2 hour(s)" -> "2 hours"; Chinese has no "(s)".
    return text.replace("(s)", "" if n == 1 else "s")


def words(language: Language) -> Words:
    """The catalogue for a language (a charter's ``language``)."""
    return Words(language)
