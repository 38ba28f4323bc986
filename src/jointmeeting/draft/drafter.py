"""A notice's text → the first draft of its charter (``jointmeeting draft``).

Every joint meeting notice is built from the same parts — the document's head, posts, the office,
member lines, unit paragraphs, meetings, reporting rules, succession, requirements — and the
notice reader (:mod:`jointmeeting.charter.notice`) already numbers its clauses. This module reads
each part from the words the genre uses for it and writes a charter that loads, so that a
county's work is reviewing a draft, not typing one.

Why a draft never guesses: a charter is a legal text. Texts are the notice's clauses (or pieces
of a clause cut at a comma), every item cites its clause, and whatever the draft *inferred* —
which names are one unit, a role from 牵头/配合, an area from a duty's words, a recipient a rule
leaves out — is counted under an assumption with a stable id (:data:`ASSUMPTIONS`) and listed in
the review at the end of the file. What it cannot find it leaves out, or null with an
assumption, and says so.

Parts: the vocabulary and the units in :mod:`~jointmeeting.draft.words`, the words of a clause
in :mod:`~jointmeeting.draft.text`, the document's head in :mod:`~jointmeeting.draft.head`, the
rules in :mod:`~jointmeeting.draft.rules`, the YAML in :mod:`~jointmeeting.draft.as_yaml`, a
revised notice against a kept charter in :mod:`~jointmeeting.draft.update`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from jointmeeting.charter.notice import (
    Block,
    MemberLine,
    clauses_of,
    comparable,
    parse_notice,
    squeeze,
)
from jointmeeting.draft.head import UNSTATED, read_head
from jointmeeting.draft.rules import ClauseAt, RuleReader, commented, office_host
from jointmeeting.draft.tasks import (
    Task,
    assigned_tasks,
    duty_subjects,
    is_office,
    listed_units,
)
from jointmeeting.draft.text import (
    ROLE_SUPPORT,
    Item,
    areas,
    full_width,
    is_unit_label,
    number,
    pieces,
    pieces_at,
    role,
)
from jointmeeting.draft.words import (
    ASSUMPTIONS,
    Note,
    Review,
    UnitFound,
    Units,
    first_word,
    slug_for,
    words,
)
from jointmeeting.errors import Diagnostic, Position

_LIST_START = re.compile(r"(?:成员单位(?:为|包括|有|是|由)?：?|成员包括|由)(?=[^。；]{2,}?[、])")
_LIST_END = re.compile(r"等(?:(?P<count>[\d一二三四五六七八九十]+)(?:个|家))?(?:相关|有关)?"
                       r"(?:部门和单位|部门、单位|部门|单位)|组成|的?分管负责同志|参加")
#: Members named by post only: ``各组成单位负责人及甲办副主任任联席会议成员``,
#: ``联席会议成员由各成员单位分管负责同志担任``; the seats are joined by 及/和/、.
_SEATS = re.compile(r"(?P<seats>[^，。；由]+?)(?:任|为|担任|兼任)"
                    r"(?:[^，。；、]{0,10}?联席会议)?成员[。；，]?$")
_SEATS_BY = re.compile(r"成员(?:由|为)(?P<seats>[^，。；]+?)(?:担任|兼任|组成)?[。；，]?$")
_EVERY_UNIT = re.compile(r"各(?:成员|组成)单位的?(?P<position>[^，。；]{2,10})")
_CALLED_BY = re.compile(r"联席会议由([^，。；、由]{2,12}?)(?:召集|牵头)")
#: A clause of a notice runs to a few hundred characters; one far longer is not read for rules
#: (its words are searched by patterns whose cost grows with its length), only listed.
MAX_CLAUSE = 2000
#: A notice lists tens of units and members; past these counts the text is not a notice, and
#: the rest is not read (joining names costs units × names).
MAX_UNITS = 300
MAX_PEOPLE = 1000


def labels_above(text: str, people: list[MemberLine]) -> list[MemberLine]:
    """Member lines given the label (召集人, 成员) that stands alone on a line above them.

    Why here and not in the notice reader: the reader takes a label on its own line as the
    list's label only where the text before it is complete, and an attached list after the
    signature follows its title with no stop (附件 / ……名单 / 召集人: / 王某 省某局局长). The
    references stay as the reader gives them; only the draft asks which post a line holds.
    """
    unlabelled = {p.line for p in people if not p.label}
    if not unlabelled:
        return people
    known = {word for word, _ in words()["posts"]} | {"成员"}
    labels: dict[int, str] = {}
    current = ""
    for number_, raw in enumerate(text.splitlines()[:max(unlabelled)], 1):
        line = squeeze(raw).rstrip(":：")
        if number_ in unlabelled:
            labels[number_] = current
        elif line in known:
            current = line
        elif line:
            current = ""  # any other text ends the label's list
    return [replace(p, label=labels[p.line], labelled=False) if labels.get(p.line) else p
            for p in people]


@dataclass
class Draft:
    """A drafted charter: its YAML, what a person must review, and findings about the notice."""

    text: str
    review: list[str]
    findings: list[Diagnostic] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


class Drafter:
    """One draft in the making."""

    def __init__(self, text: str, notice_name: str) -> None:
        self.text = text
        self.name = notice_name
        self.notice = parse_notice(text)
        self.review = Review()
        self.findings: list[Diagnostic] = []
        self.document, place, self.missing = read_head(self.notice, text)
        self.place = place
        self.units = Units(place)
        self.unit_ids: dict[int, str] = {}
        self.paragraphs: dict[str, list[UnitFound]] = {}  # block ref -> its owners
        self.members: list[Item] = []
        self.duties: list[Any] = []
        self.open_units: Item | None = None
        self.seats: list[tuple[UnitFound, str, str]] = []  # (unit, position, ref) with no name
        self.tasks: list[Task] = []  # tasks assigned in a bracket: (甲局负责，乙局配合)
        self.unstated: list[Item] = []  # not_in_notice statements found while reading

    def finding(self, code: str, message: str, line: int = 1) -> None:
        self.findings.append(Diagnostic(code, message, self.name, Position(line, 1)))

    # --- units, members, duties ---------------------------------------------------------------

    def read_units(self) -> None:
        for block in self.notice.blocks:
            if len(self.units.found) >= MAX_UNITS:
                self.finding("JM603", f"more than {MAX_UNITS} units: the rest of the notice's "
                             "unit paragraphs are not read", block.line)
                break
            if block.kind == "labelled" and is_unit_label(block.label):
                self.paragraphs[block.ref] = [
                    self.units.official(name, block.ref, block.line)
                    for name in comparable(block.label).split("、")]
        lines = {b.ref: b.line for b in self.notice.blocks}
        for ref, body in self.notice.paragraphs.items():  # 联席会议由市未保办召集……
            for n, clause in enumerate(clauses_of(body), 1):
                called = _CALLED_BY.search(full_width(clause[:MAX_CLAUSE]))
                if called and is_unit_label(called[1], listed=True):
                    self.units.official(called[1], f"{ref}/{n}", lines.get(ref, 1))
        for ref, body in self.notice.paragraphs.items():  # 成员单位：A、B、C / 由A、B、C等部门组成
            for n, clause in enumerate(clauses_of(body), 1):
                if len(clause) <= MAX_CLAUSE and len(self.units.found) < MAX_UNITS:
                    self._listed(clause, f"{ref}/{n}", lines.get(ref, 1))
        self._assigned(lines)
        if len(self.notice.people) > MAX_PEOPLE:
            self.finding("JM603", f"more than {MAX_PEOPLE} member lines: the rest are not read",
                         self.notice.people[MAX_PEOPLE].line)
            del self.notice.people[MAX_PEOPLE:]
        self.notice.people = labels_above(self.text, self.notice.people)
        for person in self.notice.people:
            for unit, _ in self._appointments(person.text):
                # A post's holder in the government (市政府副市长) is no unit at the table.
                if unit is not None and not (person.label != "成员" and unit.endswith("政府")):
                    self.units.mention(unit, person.ref, person.line)
        self._seats_by_post()
        if not self.units.found:
            self._office_host()

    def _listed(self, clause: str, ref: str, line: int) -> None:
        """The units a clause lists: ``由A、B(C)、D等部门组成``, ``成员单位包括：A、B。``,
        ``成员包括A、B等单位分管负责同志``. A name in brackets is the unit's other signboard; a
        list that ends 等…… is open; one that ends with a position (分管负责同志) makes each
        listed unit's seat a member the notice does not name."""
        view = full_width(clause)
        start = _LIST_START.search(view)
        if start is None:
            return
        rest = view[start.end():]
        end = _LIST_END.search(rest)
        names = [n for n in re.split(r"[、，]", rest[:end.start()] if end else rest.rstrip("。；"))
                 if n]
        unit_like = [is_unit_label(n.partition("（")[0], listed=True) for n in names]
        if len(names) < 3 or not unit_like[0] or sum(unit_like) < 0.7 * len(names):
            return  # a sentence with commas, not a list of units
        listed = []
        for raw in names:
            name, _, other = raw.partition("（")
            if is_unit_label(name, listed=True):
                unit = self.units.official(name, ref, line)
                listed.append(unit)
                other = other.rstrip("）")
                if other and other not in unit.names():
                    unit.signboards.append(other)
        if end is None:
            return
        at = start.end() + end.start()
        counted = number(end["count"]) if end["count"] else None
        # 由A、B……等十家部门组成 with ten listed: the list is counted, and closed.
        if end[0].startswith("等") and counted != len(listed) and self.open_units is None:
            piece = next(p for p in pieces_at(clause) if p[0] <= at < p[1])
            self.open_units = {"text": clause[piece[0]:piece[1]], "source": ref,
                               "assumption": "名单以“等”收尾，是否还有其他成员单位通知未说明；"
                                             "本文件只收录列出的单位。"}
        seat = re.match(r"[^，。；]*?(分管负责同志|主要负责同志|负责同志|分管领导)",
                        view[at:])
        if seat:
            self.seats += [(unit, seat[1], ref) for unit in listed]

    def _assigned(self, lines: dict[str, int]) -> None:
        """The units of the brackets that assign tasks (:mod:`~jointmeeting.draft.tasks`), and
        of a list that ends 等……部门 in a notice with no unit paragraphs; then the units that
        are a sentence's subject there (市甲局应……). A name already found is that unit."""
        for ref, body in self.notice.paragraphs.items():
            if len(body) <= 20 * MAX_CLAUSE and len(self.units.found) < MAX_UNITS:
                self.tasks += assigned_tasks(ref, body)
        for task in self.tasks:
            for name in task.names():
                if not is_office(name) and self.units.mention(name, task.at, lines.get(
                        task.at.partition("/")[0], 1), create=False) is None:
                    self.units.official(name, task.at, lines.get(task.at.partition("/")[0], 1))
        if self.paragraphs:
            return
        for ref, body in self.notice.paragraphs.items():
            for n, clause in enumerate(clauses_of(body[:20 * MAX_CLAUSE]), 1):
                for piece in pieces(full_width(clause)):
                    for name in listed_units(piece):
                        if self.units.mention(name, f"{ref}/{n}", lines.get(ref, 1),
                                              create=False) is None:
                            self.units.official(name, f"{ref}/{n}", lines.get(ref, 1))
        for ref, body in self.notice.paragraphs.items():
            for n, clause in enumerate(clauses_of(body[:20 * MAX_CLAUSE]), 1):
                for subject, _ in duty_subjects(clause):
                    if self._subject(subject) is None and subject[0] in "省市县区州旗" \
                            and is_unit_label(subject):
                        self.units.mention(subject, f"{ref}/{n}", lines.get(ref, 1))

    def _subject(self, name: str) -> UnitFound | None:
        """The unit a sentence's subject names: by :meth:`Units.find`, or the one unit whose
        name ends it (人民法院 of a notice that lists 法院), which then takes it as an alias."""
        found = self.units.find(name)
        if found is None and is_unit_label(name):
            ends = [u for u in self.units.found if any(
                len(n) >= 2 and name.endswith(n) for n in u.names())]
            found = ends[0] if len(ends) == 1 else None
            if found is not None:
                found.aliases.append(name)
        return found

    def _seats_by_post(self) -> None:
        """Members the notice names by post only (:data:`_SEATS`): a seat of every unit found
        (各组成单位负责人), or of the unit a seat names, by its name or a short form of it
        (甲办副主任); a post of no unit found (县委常委) is no member's seat."""
        every = list(self.units.found)
        for ref, body in self.notice.paragraphs.items():
            for n, clause in enumerate(clauses_of(body), 1):
                if len(clause) > MAX_CLAUSE:
                    continue
                for piece in pieces(full_width(clause)):
                    said = _SEATS_BY.search(piece) or _SEATS.match(piece)
                    for seat in re.split(r"及|和|、", said["seats"]) if said else []:
                        if all_units := _EVERY_UNIT.fullmatch(seat):
                            self.seats += [(u, all_units["position"], f"{ref}/{n}")
                                           for u in every]
                        elif found := self._seat(comparable(seat)):
                            self.seats.append((*found, f"{ref}/{n}"))

    def _seat(self, text: str) -> tuple[UnitFound, str] | None:
        """The unit and position of one seat (县公安局副局长, 甲办副主任), when it is a unit's."""
        name, position = self.units.split(text)
        unit = self.units.find(name) if name else None
        if unit is not None:
            return (unit, position) if position else None
        positions: tuple[str, ...] = tuple(words()["positions"])
        for cut in range(2, min(len(text) - 1, 8)):
            if text[cut:].startswith(positions) and (unit := self.units.short_form(text[:cut])):
                return unit, text[cut:]
        return None

    def _office_host(self) -> None:
        """A notice (or the part of it kept) that lists no member unit: the body its office is
        set in (办公室设在……) is the one unit it names, said so."""
        lines = {b.ref: b.line for b in self.notice.blocks}
        for ref, body in self.notice.paragraphs.items():
            for n, clause in enumerate(clauses_of(body), 1):
                host = office_host(clause) if len(clause) <= MAX_CLAUSE else None
                if host and is_unit_label(host, listed=True):
                    unit = self.units.official(host, f"{ref}/{n}", lines.get(ref, 1))
                    unit.assumption = ("通知未列出成员单位；此单位是联席会议办公室所在单位，"
                                       "是否为成员单位通知未说明。")
                    return

    def _appointments(self, text: str) -> list[tuple[str | None, str]]:
        """``市委宣传部副部长、网信办主任`` → [(市委宣传部, 副部长), (网信办, 主任)]; a piece that
        names no unit (``党组书记、副主席``) stays with the position before it."""
        out: list[tuple[str | None, str]] = []
        positions: tuple[str, ...] = tuple(words()["positions"])
        for piece in text.split("、"):
            unit, position = (None, piece) if piece.startswith(positions) and out else \
                self.units.split(piece)
            if unit is None and out:
                out[-1] = (out[-1][0], f"{out[-1][1]}、{piece}")
            else:
                out.append((unit, position))
        return out

    def assign_ids(self) -> None:
        taken: set[str] = set()
        for n, unit in enumerate(self.units.found, 1):
            self.unit_ids[id(unit)] = slug_for(unit.name, "unit_ids", taken, f"unit-{n}")
        self.review.use("draft-units")

    def unit_items(self) -> list[Item]:
        """The units as items, once every variant name has been joined."""
        items: list[Item] = []
        for unit in self.units.found:
            item: Item = {"id": self.unit_ids[id(unit)], "name": unit.name}
            if unit.signboards:
                item["signboards"] = list(unit.signboards)
            if unit.aliases:  # variant names joined by their characters: an inference
                item["aliases"] = Note(list(unit.aliases), after="draft-units")
            item.update({"kind": first_word(unit.name, "unit_kinds") or "government",
                         "source": unit.source})
            if unit.assumption:
                item["assumption"] = unit.assumption
            items.append(item)
        self.review.unjoined = [f"{name} ({where})" for name, where in self.units.unjoined
                                if self.paragraphs]
        return items

    def read_members(self, rules: RuleReader, issued: str | None) -> None:
        for person in self.notice.people:
            parts = self._appointments(person.text)
            if person.label and person.label != "成员" and first_word(person.label, "posts"):
                rules.named_holder(person.label, person.name, person.text, person.ref)
                continue
            if parts[0][0] is None:
                self.review.unread.append(f"{person.ref} (no unit)")
                continue
            first = self.units.find(parts[0][0])
            item: Item = {"name": person.name,
                          "unit": self.unit_ids[id(first)] if first else None,
                          "position": parts[0][1]}
            also = [{"unit": self.unit_ids[id(u)], "position": position}
                    for name, position in parts[1:] if name and (u := self.units.find(name))]
            if also:
                item["also"] = also
            item.update({"since": issued, "source": person.ref})
            self.review.use("draft-members")
            self.members.append(item)

    def read_seats(self, issued: str | None) -> None:
        """Members the notice lists only by their seat (各成员单位分管负责同志)."""
        named = {m["unit"] for m in self.members}
        seated: set[tuple[str, str]] = set()
        for unit, position, ref in self.seats:
            unit_id = self.unit_ids[id(unit)]
            if unit_id in named or (unit_id, position) in seated:
                continue
            seated.add((unit_id, position))
            self.review.use("draft-members")
            self.members.append({"name": None, "unit": unit_id, "position": position,
                                 "since": issued, "source": ref,
                                 "assumption": "通知只写职务，未写姓名。"})

    def read_duties(self) -> None:
        for block in self.notice.blocks:
            owners = self.paragraphs.get(block.ref)
            body = self.notice.paragraphs.get(block.ref)
            if not owners or not body:
                continue
            first = True
            for n, clause in enumerate(clauses_of(body), 1):
                duty = self._duty(owners, clause, f"{block.ref}/{n}")
                self.duties.append(Note(duty, [owners[0].name]) if first else duty)
                first = False

    def _duty(self, owners: list[UnitFound] | list[str], text: str, source: str,
              support: list[str] | None = None) -> Item:
        ids = [o if isinstance(o, str) else self.unit_ids[id(o)] for o in owners]
        owner = ids[0]
        read_role, inferred = role(text, self.review)
        number_ = sum(1 for d in self.duties if (d.value if isinstance(d, Note) else d)
                      ["owner"] == owner) + 1
        duty: Item = {"id": f"{owner}-{number_}", "owner": owner}
        if len(owners) > 1:  # 县民政局、县妇联：… / A、B负责: owned jointly
            duty["co_owners"] = ids[1:]
        duty["role"] = Note(read_role, after=inferred) if inferred else read_role
        if support:
            duty["support"] = support
        found, said = areas(text)
        if found:
            self.review.areas += 1
        duty.update({"text": text,
                     "areas": Note(found, after=("draft-areas: " + "、".join(said)) if found
                                   else "draft-areas: none proposed"),
                     "source": source})
        self.review.use("draft-areas")
        return duty

    def shared_duty(self, clause: ClauseAt) -> bool:
        """A clause that names its units with 牵头/负责 and 配合/协助 (``A、B负责，C配合``)."""
        owners: list[UnitFound] = []
        supporters: list[UnitFound] = []
        for piece in pieces(full_width(clause.text)):
            match = re.search(r"([^，。；]+?)(牵头|负责|配合|协助)", piece)
            if match is None:
                continue
            names = [self.units.find(n) for n in re.split(r"、|和|及", match[1])]
            if not names or any(u is None for u in names):
                continue
            (supporters if match[2] in ROLE_SUPPORT else owners).extend(
                u for u in names if u is not None)
        if not owners:
            return False
        support = [self.unit_ids[id(u)] for u in supporters]
        self.duties.append(self._duty(owners, clause.text, clause.ref, support))
        return True

    def task_duties(self, rules: RuleReader) -> set[str]:
        """The duties of the tasks assigned in brackets; the clauses they read. The office a
        bracket names (联席会议办公室负责) is the charter's office, its host left open when
        the notice does not set it in a unit."""
        read: set[str] = set()
        for task in self.tasks:
            def ids(names: list[str]) -> list[str]:
                return ["office" if is_office(n) else self.unit_ids[id(self.units.find(n))]
                        for n in names if is_office(n) or self.units.find(n) is not None]
            owners, support = ids(task.owners), ids(task.supporters)
            if not owners:
                continue
            if "office" in owners + support and rules.office is None:
                self.review.use("draft-office")
                rules.office = {"id": "office", "name": next(
                    n for n in task.names() if is_office(n)), "host": None, "text": task.text,
                    "responsibilities": [], "source": task.source}
                self.unstated.append({"what": "office-host", "source": task.source,
                                      "assumption": "通知只写办公室负责的任务，未写办公室设在"
                                                    "哪个单位。"})
            self.duties.append(self._duty(owners, task.text, task.source, support or None))
            if task.open_piece and self.open_units is None:
                self.open_units = {"text": task.open_piece, "source": task.at,
                                   "assumption": "任务分工的单位名单以“等”收尾，未列全的单位"
                                                 "通知未说明；本文件只收录列出的单位。"}
            read.update(task.covers)
        return read

    def sentence_duty(self, clause: ClauseAt) -> bool:
        """A clause whose subject is a unit and whose verb is 应/应当/要/负责 (``市甲局应指导
        ……``), in a notice with no unit paragraphs: the whole clause is that unit's duty.
        A subject that names a kind of body (公安机关, 医疗机构) and no unit of the notice is
        read as no one's (draft-sentence-duties)."""
        if self.paragraphs:
            return False
        for subject, _ in duty_subjects(clause.text):
            unit = self._subject(subject)
            if unit is not None:
                self.review.use("draft-sentence-duties")
                self.duties.append(self._duty([unit], clause.text, clause.ref))
                return True
        return False

    # --- the rest -------------------------------------------------------------------------

    def clauses(self) -> list[ClauseAt]:
        blocks = {b.ref: b for b in self.notice.blocks}

        def top(block: Block) -> Block:
            while block.parent and block.parent in blocks:
                block = blocks[block.parent]
            return block

        # A notice with no sections at all (a report of the system, a short notice) is read
        # from its opening text; otherwise that is the document's head.
        unstructured = len(self.notice.blocks) == 1
        out: list[ClauseAt] = []
        for block in self.notice.blocks:
            body = self.notice.paragraphs.get(block.ref)
            if (block.kind == "preamble" and not unstructured) or block.ref in self.paragraphs \
                    or not body:
                continue
            heading = block.heading or (block.label if block.kind == "labelled" else "")
            section = top(block)
            parts = clauses_of(body)
            for n, text in enumerate(parts, 1):
                if len(text) > MAX_CLAUSE:
                    self.review.unread.append(f"{block.ref}/{n} ({len(text)} characters: too "
                                              "long to be one clause; not read)")
                    continue
                out.append(ClauseAt(f"{block.ref}/{n}", text, heading, section.heading,
                                    block.ref, len(parts) == 1))
        return out

    def headings(self) -> dict[str, str]:
        """Block ref -> the comment naming it as the notice does (四、组成人员 / （一）会议机制)."""
        out: dict[str, str] = {}
        for block in self.notice.blocks:
            if block.kind == "section":
                out[block.ref] = f"{block.ref}、{block.heading}"
            elif block.kind in ("article", "subsection", "item"):
                out[block.ref] = f"{block.ref} {block.heading}".rstrip()
            elif block.kind == "labelled":
                out[block.ref] = f"{block.ref}: {block.label}"
        return out

    def run(self) -> dict[str, Any]:
        self.read_units()
        self.assign_ids()
        rules = RuleReader(self.units, self.review, self.unit_ids, self.text)
        self.read_duties()
        clauses = self.clauses()
        for clause in clauses:  # posts first: members, meetings and rules name them
            rules.read(clause, posts=True)
        self.read_members(rules, self.document.get("issued"))
        self.read_seats(self.document.get("issued"))
        held = {p["source"] for p in rules.posts}
        tasks = self.task_duties(rules)
        for clause in clauses:
            # a clause may name its units and set a rule too
            duty = clause.ref in tasks or self.shared_duty(clause)
            if not (rules.read(clause) or duty or clause.ref in held
                    or self.sentence_duty(clause)):
                self.review.unread.append(f"{clause.ref} {clause.text[:24]}")
        return self.assemble(self.unit_items(), rules)

    def tracks(self, rules: RuleReader) -> None:
        """What the year's review counts with each rule: progress reports, cases, plans."""
        cases = False
        for rule in rules.reporting:
            if rule["reporters"] != ["members"]:
                continue
            if rule["kind"] == "periodic":
                rule["tracks"] = Note("progress", after=self.review.use("draft-tracks"))
            elif rule["kind"] == "event" and not cases and any(
                    s.get("within") for s in rule["steps"]):
                rule["tracks"] = Note("cases", after=self.review.use("draft-tracks"))
                cases = True
        for requirement in rules.requirements:
            if "per_year" in requirement and requirement["applies_to"] == "members":
                requirement["tracks"] = Note("plans", after=self.review.use("draft-tracks"))
                break

    def silences(self, units: list[Item], rules: RuleReader) -> list[Item]:
        """What the notice does not give, said so (not_in_notice) instead of invented."""
        out: list[Item] = []
        doc = self.document
        # A number, issuer, place or date the notice does not give is null, said so; members
        # then have no first day either (the issue date is what a member's since is taken from).
        if doc.get("document") is None:
            out.append({"what": "document-number",
                        "assumption": "draft 在通知文头中未找到文号。"})
        if doc.get("issued") is None:
            year = doc.get("issued_year")
            out.append({"what": "issue-date", "assumption": "draft 在通知中未找到印发日期"
                        + (f"，只有文号中的年份（{year}年）。" if year else "。")})
            if self.members:
                out.append({"what": "member-since",
                            "assumption": "通知未写成员的任职起始日期，也未载印发日期；成员的 "
                                          "since 写 null。"})
        if doc.get("issuer") is None:
            out.append({"what": "issuer", "assumption": "draft 在通知中未找到发文机关。"})
        if self.place is None:
            out.append({"what": "place",
                        "assumption": "draft 在通知的标题和发文机关中未找到地名。"})
        near = units[0]["source"] if units else None
        if units and not self.duties:
            out.append({"what": "unit-duties", **({"source": near} if near else {}),
                        "assumption": "draft 在通知中未找到各成员单位的职责分工；本文件不为各单位"
                                      "补写职责。"})
        reports = any(r["reporters"] == ["members"] and any(
            s["to"] == "office" for s in r["steps"]) for r in rules.reporting)
        if units and not reports:
            out.append({"what": "member-reporting", **({"source": near} if near else {}),
                        "assumption": "draft 在通知中未找到成员单位向联席会议办公室报告的规则；"
                                      "本文件不设报告规则。"})
        out += self.unstated
        if out:
            self.review.use("draft-silences")
        return out

    def assemble(self, units: list[Any], rules: RuleReader) -> dict[str, Any]:
        doc = self.document
        place = self.place
        level = first_word(place[-3:], "levels") if place else None
        year_no = re.search(r"(\d{4})\D+(\d+)\s*号", str(doc.get("document") or ""))
        headings = self.headings()
        # Where the head lacks a text the format requires, a statement that the notice gives
        # none (JM602 says so too), so that the rest can be loaded and checked.
        for key, unstated in UNSTATED.items():
            if doc.get(key) is None:
                doc[key] = Note(unstated, after="JM602: write it by hand")
        data: dict[str, Any] = {
            "format": 1,
            "id": f"charter-{year_no[1]}-{year_no[2]}" if year_no else "draft",
            "title": doc.get("title"),
            "jurisdiction": {"name": place, "level": level or "unknown"},
            "source": {"document": doc.get("document"), "title": doc.get("title"),
                       "issuer": doc.get("issuer"), "issued": doc.get("issued"),
                       **{k: doc[k] for k in ("basis", "serves") if k in doc}},
        }
        self.review.use("draft-document")
        data["assumptions"] = []  # filled last, once every inference is counted
        self.tracks(rules)
        data["not_in_notice"] = self.silences(units, rules)
        data["units"] = commented(units, headings)
        data["open_units"] = self.open_units
        data["lead_unit"] = rules.lead_unit
        data["office"] = rules.office
        data["posts"] = commented(rules.posts, headings)
        data["liaison"] = rules.liaison
        data["parties"] = list(rules.parties.values())
        data["members"] = commented(self.members, headings)
        data["duties"] = self.duties
        data["responsibilities"] = commented(rules.responsibilities, headings)
        data["meetings"] = commented(rules.meetings, headings)
        data["reporting"] = commented(rules.reporting, headings)
        data["succession"] = rules.succession
        data["requirements"] = commented(rules.requirements, headings)
        data["assumptions"] = [{"id": kind, "text": ASSUMPTIONS[kind]}
                               for kind in ASSUMPTIONS if kind in self.review.used]
        return {k: v for k, v in data.items() if v not in (None, [])}


def draft_charter(text: str, notice_name: str = "NOTICE", *, text_path: str | None = None
                  ) -> Draft:
    """Draft a charter from a notice's text.

    Args:
        text: the notice's text.
        notice_name: how findings name the notice (its path).
        text_path: the notice's path relative to where the charter will be written, recorded as
            ``source.text`` so that ``check`` verifies every reference of the draft.
    """
    from jointmeeting.draft.as_yaml import render, review_lines

    drafter = Drafter(text, notice_name)
    data = drafter.run()
    if not any(data.get(part) for part in ("units", "office", "members", "duties", "posts")):
        drafter.finding("JM601", "the notice has no unit, office, post or member line a charter "
                        "could be drafted from")
        return Draft("", [], drafter.findings)
    if text_path is not None and "source" in data:
        data["source"]["text"] = text_path
    for key in drafter.missing:
        drafter.finding("JM602", f"the notice's {key} was not found: " + (
            f"source.{key} is null, said in not_in_notice; check that the notice gives none"
            if key in ("document", "issuer", "issued") else f"write source.{key} by hand"))

    for part in ("units", "office"):
        if part not in data:
            drafter.finding("JM602", f"no {part} found in the notice: the draft needs them "
                            "written by hand before it loads")
    review = review_lines(drafter.review, data)
    return Draft(render(data, review), review, drafter.findings, data)

