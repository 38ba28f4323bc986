"""The rules part of a draft: posts, the office, meetings, reporting rules, succession,
requirements and the joint meeting's own responsibilities, each read from the words of a clause.

Every reader takes one clause (its reference, its text, the heading it stands under) and returns
the charter items it holds, as plain mappings in the charter's shape; what a reader could not
read stays out, and what it inferred is counted in the :class:`~jointmeeting.draft.words.Review`
under its assumption's id. Texts are the clause's own words, or a piece of it cut at a comma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jointmeeting.charter.notice import comparable
from jointmeeting.draft.text import (
    NUMBER,
    Item,
    cadence_of,
    deadline,
    frequency,
    full_width,
    number,
    pieces,
    restore,
    strip,
)
from jointmeeting.draft.words import Note, Review, Units, first_word, slug_for
from jointmeeting.draft.words import words as _words

_POST = re.compile(r"(?P<title>[^，。；、由]{2,12}?)?由(?P<holder>[^，。；]+?)(?P<verb>担任|兼任)")
_OFFICE = re.compile(r"(?P<name>[^，。；]*办公室)设在(?P<host>[^，。；]+?)"
                     r"(?:[，,](?P<rest>.*)|[。；]?$)")
_OFFICE_DUTY = re.compile(r"(?:主要)?(?:负责|承担)")
#: A post named after its holder (由……担任召集人) rather than before (召集人由……担任).
_POST_AFTER = re.compile(r"(?:由)?(?P<holder>[^，。；由]+?)(?P<verb>担任|兼任)"
                         r"(?P<title>[^，。；]{2,8}?)[，。；]?$")
_MEETING = re.compile(r"(?P<name>[^，。；、]{2,10}?会议)[^。；]*?(?:召开|举行)")
_REPORT_VERB = re.compile(r"(?:立即|立刻|及时|第一时间)?(?:报警|报送|报告|上报|通报)")
_STEP = re.compile(r"(?P<when>立即|立刻|马上|第一时间|及时)?(?P<verb>报警|报送|报告|上报|通报)"
                   r"(?P<to>[^，。；并和及]*)")
_SUCCESSION = re.compile(r"(调整|接任|递补|替补|变动)")
_POST_KINDS = ("general-convener", "deputy-general-convener", "convener", "deputy-convener",
               "office-director", "office-deputy-director")
_MEMBERS = ("各成员单位", "成员单位", "各单位", "各有关单位")
def _post_word(title: str) -> str | None:
    """The post a title ends with (联席会议召集人 → 召集人), from the vocabulary."""
    words_: list[list[str]] = _words()["posts"]
    return next((w for w, _ in words_ if title.endswith(w) and len(title) <= len(w) + 8), None)


@dataclass(frozen=True, slots=True)
class ClauseAt:
    """A clause of the notice with where it stands: its reference, the heading of its block and
    of its top section, and whether it is the block's only clause."""

    ref: str
    text: str  # as the notice writes it; the readers see :func:`full_width` of it
    heading: str
    section: str
    block: str
    only: bool


class RuleReader:
    """Reads the rules of a notice, clause by clause, into charter items."""

    def __init__(self, units: Units, review: Review, unit_ids: dict[int, str],
                 notice_text: str) -> None:
        self.units = units
        self.review = review
        self.unit_ids = unit_ids  # id(UnitFound) -> the unit's slug
        self.notice_text = notice_text
        self.posts: list[Item] = []
        self.parties: dict[str, Item] = {}
        self.office: Item | None = None
        self.meetings: list[Item] = []
        self.reporting: list[Item] = []
        self.succession: Item | None = None
        self.lead_unit: Item | None = None
        self.liaison: Item | None = None
        self.requirements: list[Item] = []
        self.responsibilities: list[Item] = []
        self._taken: set[str] = set()

    # --- who: units, posts, parties ---------------------------------------------------------

    def unit_id(self, name: str, source: str, line: int = 0) -> str | None:
        found = self.units.mention(name, source, line, create=False)
        return self.unit_ids.get(id(found)) if found is not None else None

    def holder(self, text: str, source: str) -> Item:
        """Who holds a post, from 市妇联主席 or 市政府分管……的副市长."""
        if "、" in text:  # the posts of one person, read one by one: the first unit named
            for n, part in enumerate(text.split("、")):
                name, position = self.units.split(part)
                if name is None or not position or (unit := self.unit_id(name, source)) is None:
                    continue
                whole = comparable(text)  # 市委宣传部副部长、网信办主任 / 县委常委、宣传部长
                return {"unit": unit, "position": whole[len(name):] if n == 0 else whole}
            return {"position": comparable(text)}
        name, position = self.units.split(text)
        unit = self.unit_id(name, source) if name else None
        if not position:  # 县委常委: a post, not a unit's
            return {"position": comparable(text)}
        if unit is not None:
            return {"unit": unit, "position": position}
        if name is not None:
            return {"organization": name, "position": position}
        return {"position": comparable(text)}

    def post_id(self, title: str) -> str | None:
        """The post a title names, by title (总召集人 → the first such post)."""
        return next((p["id"] for p in self.posts if p["title"] == title), None)

    def party(self, name: str, kind: str, source: str, assumption: str | None = None) -> str:
        """An outside body a rule names, added once by its vocabulary id."""
        slug = first_word(name, "parties")
        found = next((p for p in self.parties.values() if p["name"] == name), None)
        if found is not None:
            return str(found["id"])
        party_id = slug_for(name, "parties", self._taken, f"party-{len(self.parties) + 1}") \
            if slug is None or slug in self._taken else slug
        self._taken.add(party_id)
        item: Item = {"id": party_id, "name": name, "kind": kind, "source": source}
        if assumption:
            item["assumption"] = assumption
        self.parties[party_id] = item
        return party_id

    def recipient(self, words: str, source: str) -> str | None:
        """A step's recipient from the words after its verb."""
        words = strip(words)
        if not words:
            return None
        if words.endswith("办公室") or words == "办公室":
            return "office"
        if (post := self.post_id(words)) is not None:
            return post
        if (unit := self.unit_id(words, source)) is not None:
            return unit
        if words in ("相关部门", "有关部门", "相关单位", "有关单位"):
            return self.party(words, "recipient", source, f"通知未列明“{words}”是哪些部门。")
        return self.party(words, "recipient", source)

    # --- readers ----------------------------------------------------------------------------

    def read(self, clause: ClauseAt, *, posts: bool = False) -> bool:
        """Read one clause into whatever it holds; False when it holds nothing known. Posts
        are read first (``posts=True``), since the other items name them.

        The readers see the clause's full-width view; every text they cut from it is then
        taken back as the clause writes it (half-width punctuation and all)."""
        view = full_width(clause.text)
        seen = ClauseAt(clause.ref, view, clause.heading, clause.section, clause.block,
                        clause.only)
        lists = ("posts", "meetings", "reporting", "requirements", "responsibilities")
        before = {name: len(getattr(self, name)) for name in lists}
        readers = (self.read_posts,) if posts else (
            self.read_office, self.read_succession, self.read_meeting,
            self.read_responsibility, self.read_reporting, self.read_requirement)
        found = any(reader(seen) for reader in readers)
        if not posts:  # a clause that lists units may also name the lead and the liaisons
            found = self.read_lead(seen) | self.read_liaison(seen) | found
        for name in lists:
            items = getattr(self, name)
            items[before[name]:] = [restore(i, clause.text, view) for i in items[before[name]:]]
        for part in ("office", "succession", "lead_unit", "liaison"):
            item = getattr(self, part)
            if item is not None and item.get("source") == clause.ref:
                setattr(self, part, restore(item, clause.text, view))
        return found

    def read_office(self, clause: ClauseAt) -> bool:
        match = _OFFICE.search(clause.text)
        if match is None or self.office is not None:
            return False
        self.review.use("draft-office")
        official = match["name"]
        name = "联席会议办公室" if "联席会议办公室" in comparable(self.notice_text) else official
        host_name, sub = self.units.split(match["host"])
        host = self.unit_id(match["host"], clause.ref) or (
            self.unit_id(host_name, clause.ref) if host_name else None)
        # What it does: from the piece that starts 负责/承担 to the next piece with a subject of
        # its own (办公室主任由……兼任).
        duties: list[str] = []
        started = False
        for piece in pieces(match["rest"] or ""):
            lead = _OFFICE_DUTY.match(piece)
            if lead is None and (not started or re.search(r"由|兼任|担任|设", piece)):
                if started:
                    break
                continue
            started = True
            piece = piece[lead.end():] if lead else piece
            duties += [strip(p) for p in re.split(r"[，；]|以及|及", piece) if strip(p)]
        self.office = {"id": "office", "name": name}
        if official != name:
            self.office["official_name"] = official
        self.office.update({"host": host, "text": clause.text, "responsibilities": duties,
                            "source": clause.ref})
        if host is None:
            self.office["assumption"] = f"办公室设在“{match['host']}”，未能对应到成员单位。"
        elif sub and comparable(match["host"]) != comparable(host_name or ""):
            self.office = {**{k: v for k, v in self.office.items() if k != "text"
                              and k != "responsibilities" and k != "source"},
                           "host_subunit": sub, "text": clause.text,
                           "responsibilities": duties, "source": clause.ref}
        return True

    def read_posts(self, clause: ClauseAt) -> bool:
        found = False
        for piece in pieces(clause.text):
            before = _POST.match(piece)
            # 联席会议由A担任总召集人: what stands before 由 is no post; the title follows.
            after = _POST_AFTER.match(piece, before.start("holder") - 1) if before else \
                _POST_AFTER.match(piece)
            word = None
            for match in (m for m in (before, after) if m is not None):
                title = match["title"] or ("" if clause.only is False and found
                                           else clause.heading)
                if (word := _post_word(strip(title))) is not None:
                    break
            if word is None or match is None:
                continue
            found = True
            # 召集人由A和B担任 (A及B, A、B): two holders, two posts of one title; 和 and 及 join
            # holders before 、 does (县委常委、宣传部长及分管副县长: two holders, not three).
            holders = [match["holder"]]
            for joint in (r"和|及", "、"):
                parts = [h for h in re.split(joint, match["holder"]) if h]
                if len(parts) >= 2 and all(len(h) >= 4 for h in parts):
                    holders = parts
                    break
            for holder in holders:
                self._post(word, holder, match["verb"], piece, clause.ref)
        return found

    def _post(self, title: str, holder: str, verb: str, text: str, source: str) -> None:
        self.review.use("draft-posts")
        held = self.holder(holder, source)
        post_id = slug_for(title, "posts", self._taken, "post")
        item: Item = {"id": post_id, "title": title}
        kind = first_word(title, "posts")
        if kind and kind != post_id and kind in _POST_KINDS:
            item["kind"] = kind  # convener-2 is a convener too
        item["held_by"] = held
        same = next((p for p in self.posts if verb == "兼任"
                     and {k: v for k, v in p["held_by"].items() if k != "name"
                          and k != "assumption"} == held), None)
        if same is not None:
            item["same_holder_as"] = same["id"]
        else:
            held.update({"name": None, "assumption": "通知只写职务，未写姓名。"})
        item.update({"text": text, "source": source})
        self.posts.append(item)

    def named_holder(self, label: str, name: str, text: str, source: str) -> None:
        """A labelled member line (召集人 崔珍康 ……): the person holds the post it names."""
        existing = next((p for p in self.posts if p["title"] == label
                         and p["held_by"].get("name") is None
                         and "same_holder_as" not in p), None)
        held = self.holder(text, source)
        held["name"] = name
        if existing is not None:
            existing["held_by"] = held
            return
        self.review.use("draft-posts")
        post_id = slug_for(label, "posts", self._taken, "post")
        item: Item = {"id": post_id, "title": label}
        kind = first_word(label, "posts")
        if kind and kind != post_id and kind in _POST_KINDS:
            item["kind"] = kind
        self.posts.append({**item, "held_by": held, "text": text, "source": source})

    def read_lead(self, clause: ClauseAt) -> bool:
        """The unit that leads the whole table: ``县公安局为联席会议牵头单位``."""
        if self.lead_unit is not None:
            return False
        for piece in pieces(clause.text):
            match = re.match(r"([^，。；、和]{2,20}?)为(?:联席会议)?(?:的)?牵头(?:单位|部门)",
                             piece)
            unit = self.unit_id(match[1], clause.ref) if match else None
            if unit is not None:
                self.lead_unit = {"unit": unit, "text": piece, "source": clause.ref}
                return True
        return False

    def read_liaison(self, clause: ClauseAt) -> bool:
        """Each member unit names a liaison officer: ``成员单位各确定1名联络员``."""
        if self.liaison is not None or "联络员" not in clause.text:
            return False
        piece = next(p for p in pieces(clause.text) if "联络员" in p)
        self.liaison = {"text": piece}
        count = re.search(NUMBER + r"\s*名", piece)
        if count and (n := number(count[1])):
            self.liaison["per_unit"] = n
        self.liaison["source"] = clause.ref
        return True

    def read_succession(self, clause: ClauseAt) -> bool:
        text = clause.text
        if self.succession is not None or not _SUCCESSION.search(text) or not any(
                w in text for w in ("备案", "同意", "发文", "递补", "接任")):
            return False
        self.review.use("draft-succession")
        item: Item = {"text": text}
        notes = []
        if re.search(r"(?:所在|成员)单位(?:提出|推荐|确定)", text):
            item["proposed_by"] = "unit"
        approver = re.search(r"报经?(总召集人|副总召集人|召集人)(?:同意|批准)", text)
        if approver and (post := self.post_id(approver[1])):
            item["approved_by"] = post
        if "递补" in text and "自行" in text:
            item["automatic"] = True
        if "备案" in text:
            item["filed_with"] = "office" if "办公室" in text else None
            if item["filed_with"] is None:
                del item["filed_with"]
                notes.append("通知写明备案，未写向谁备案。")
        if re.search(r"不再?另行发文|不另发文", text):
            item["new_document"] = False
        elif "发文" in text:
            item["new_document"] = True
        item["source"] = clause.ref
        if notes:
            item["assumption"] = "".join(notes)
        self.succession = item
        return True

    def read_meeting(self, clause: ClauseAt) -> bool:
        match = _MEETING.match(clause.text)
        if match is None:
            return False
        self.review.use("draft-meetings")
        name = match["name"]
        item: Item = {"id": slug_for(name, "meetings", self._taken, "meeting"), "name": name,
                      "text": clause.text}
        if (cadence := cadence_of(clause.text)) is not None:
            item["cadence"] = cadence
        elif (per_year := frequency(clause.text)) is not None:
            item["per_year"] = per_year
        chair = re.search(r"由([^，。；]+?)主持[，,]?(.*)", clause.text)
        if chair and (post := self.post_id(chair[1])):
            item["chair"] = post
        callers = re.search(r"由([^，。；]+?)(?:组织|召集)", clause.text)
        if callers:
            called = []
            for who in re.split(r"或|、|和", callers[1]):
                ref = "lead-unit" if who in ("牵头部门", "牵头单位") else self.post_id(who)
                if ref is not None:
                    called.append(ref)
            if called:
                item["called_by"] = called
        trigger = re.search(r"针对([^，。；]+?)(?:临时|不定期|随时)?(?:召开|举行)", clause.text)
        if trigger:
            item["trigger"] = trigger[1]
        if chair and chair[2]:
            item["purpose"] = [strip(p) for p in pieces(chair[2]) if strip(p)]
        item["source"] = clause.ref
        if not {"per_year", "cadence", "trigger"} & set(item):
            item["assumption"] = "通知未规定会议次数。"
        self.meetings.append(item)
        return True

    def read_reporting(self, clause: ClauseAt) -> bool:
        if "要求" in clause.section or not _REPORT_VERB.search(clause.text):
            return False
        if "强制报告" in clause.text:
            self._rule(clause.text, clause.ref, "mandatory", None)
            return True
        reporters: list[str] | None = None
        found = False
        for piece in pieces(clause.text):
            if not _REPORT_VERB.search(piece):
                continue
            reporters = self._rule(piece, clause.ref, None, reporters)
            found = True
        return found

    def _rule(self, text: str, source: str, kind: str | None,
              inherited: list[str] | None) -> list[str]:
        self.review.use("draft-reporting")
        notes: list[str] = []
        if kind is None:
            kind = "periodic" if re.search(r"定期|每月|每季度|每半年|每年", text) else "event"
        reporters: list[str] = []
        what: list[str] = []
        subject = re.match(r"([^，。；]+?)(?:需|须|应|要|必须)", text)
        found = re.search(r"([^，。；“”]+?)等?发现([^，。；]+?)(?:须|需|应|要|，|后)", text)
        if found:
            for name in re.split(r"、|和|及", found[1].removesuffix("等")):
                reporters.append(self.party(name, "reporter", source))
            what = [found[2]]
        elif subject and subject[1].startswith(_MEMBERS):
            reporters = ["members"]
        elif inherited:
            reporters = list(inherited)
            if subject and kind == "event":
                what = [w for w in re.split(r"或|、|和|及", subject[1]) if w]
        else:
            reporters = ["members"]
            notes.append("通知未写明由谁报告，取为全体成员单位。")
        steps: list[Item] = []
        begin = 0
        prior: str | None = None
        for match in _STEP.finditer(text):
            if text.count("“", 0, match.start()) > text.count("”", 0, match.start()):
                continue  # a verb inside quotes names something (“强制报告制度”), not a step
            step = self._step(match, text[begin:match.end()], source, kind, prior)
            steps.append(step)
            prior = step.get("within")
            begin = match.end()
        rule_id = f"{kind}-{sum(r['kind'] == kind for r in self.reporting) + 1}"
        if kind == "mandatory":
            name = "强制报告"
        elif kind == "periodic":
            object_ = re.search(r"报送([^，。；]+)", text)
            name = f"{object_[1]}报送" if object_ else "定期报送"
        else:
            name = ("或".join(what) + "报告") if what else "报告"
        item: Item = {"id": rule_id, "name": name, "kind": kind, "text": text}
        if what:
            item["what"] = what
        item.update({"reporters": reporters, "steps": steps})
        if kind == "periodic":
            cadence = {"每月": "P1M", "每季度": "P3M", "每半年": "P6M", "每年": "P1Y"}
            item["cadence"] = next((v for k, v in cadence.items() if k in text), None)
            if item["cadence"] is None:
                notes.append("“定期”未规定周期。" if "定期" in text else "报送周期通知未规定。")
        elif kind == "event" and any(s.get("within") for s in steps):
            notes.append("时限自报告单位知悉之时起算（通知未规定起算点）。")
        if not any(s.get("within") for s in steps) and kind != "periodic":
            self.review.no_deadline.append(f"{rule_id} ({source})")
        item["source"] = source
        if notes:
            item["assumption"] = "".join(notes)
        self.reporting.append(item)
        return reporters

    def _step(self, match: re.Match[str], before: str, source: str, kind: str,
              prior: str | None = None) -> Item:
        """One step of a rule: to whom (the words after the verb, or 向X before it), what
        action, within what deadline (the words before the verb since the last step; a verb
        joined to the one before by 并/和/及 shares its deadline: 立即报警并通报 is 立即 for
        both, on the plain reading, said as an assumption)."""
        verb, words = match["verb"], strip(match["to"])
        towards = re.search(r"向([^，。；]+?)(?:进行|作|做)?$", before[:-len(match[0])] or "")
        step: Item
        if verb == "报警":
            step = {"to": self.party("公安机关", "recipient", source, "“报警”即向公安机关报案。"),
                    "action": verb}
        elif towards:
            step = {"to": self.recipient(towards[1], source), "action": verb + words}
        elif words and self._is_recipient(words, source):
            step = {"to": self.recipient(words, source), "action": verb}
        else:
            step = {"to": "office", "action": verb + words,
                    "assumption": "通知未写明报送对象；取为联席会议办公室。"}
        within, open_point = deadline(before)
        if within is None and prior is not None and before.lstrip("，, ").startswith(
                ("并", "和", "及")):
            step["within"] = prior
            step["assumption"] = step.get("assumption", "") + (
                "与前一动作以“并”等连接，同受其时限约束（按字面读法）。")
        elif within is not None:
            step["within"] = within
            if open_point == "working-days":
                step["working_days"] = True
        elif kind != "periodic":
            step["within"] = None
            note = open_point or f"{verb}的时限通知未规定。"
            step["assumption"] = step.get("assumption", "") + note
        return step

    def _is_recipient(self, words: str, source: str) -> bool:
        return (words.endswith(("办公室", "部门", "单位", "机关", "政府", "委"))
                or self.post_id(words) is not None
                or self.units.find(words) is not None
                or first_word(words, "parties") is not None)

    def read_requirement(self, clause: ClauseAt) -> bool:
        if "要求" not in clause.section or (clause.block == clause.section and clause.heading):
            return False
        self.review.use("draft-requirements")
        n = len(self.requirements) + 1
        title = strip(clause.heading) or f"{strip(clause.section)}{n}"
        item: Item = {"id": f"requirement-{n}", "title": title, "text": clause.text,
                      "applies_to": "members"}
        if (per_year := frequency(clause.text)) is not None:
            item["per_year"] = per_year
        item["source"] = clause.ref
        if not any(word in clause.text for word in _MEMBERS):
            item["assumption"] = "通知未指定责任单位，取为全体成员单位。"
        self.requirements.append(item)
        return True

    def read_responsibility(self, clause: ClauseAt) -> bool:
        said = re.match(r"联席会议的?主要职责(?:是|为|：)", clause.text)
        if not said and ("职责" not in clause.heading + clause.section
                         or "单位" in clause.heading):
            return False
        self.responsibilities.append({"id": f"responsibility-{len(self.responsibilities) + 1}",
                                      "text": clause.text, "source": clause.ref})
        return True


def office_host(text: str) -> str | None:
    """The body a clause sets the office in (``办公室设在X``), as the clause names it."""
    match = _OFFICE.search(full_width(text))
    return match["host"] if match else None


def commented(items: list[Item], headings: dict[str, str]) -> list[Any]:
    """Items with the notice's heading as a comment before the first item of each block."""
    out: list[Any] = []
    last = None
    for item in items:
        block = str(item.get("source", "")).rsplit("/", 1)[0]
        if block != last and block in headings:
            out.append(Note(item, [headings[block]]))
        else:
            out.append(item)
        last = block
    return out
