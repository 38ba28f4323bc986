"""What ``jointmeeting draft`` reads a notice by: the genre's words, the assumptions a draft may
make (one stable id per kind of inference), and the units it finds, with their variant names
joined.

Why the words are data (``data/draft-words.json``): they are the vocabulary of the genre —
department names, bodies outside the table, the outlines' topics — not any one notice's, and a
county can read and extend them without reading code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jointmeeting.charter.notice import comparable

#: Every kind of inference a draft makes, by stable id, with the text it writes into the
#: charter (in the notices' language). A person reviews each before the charter is used.
ASSUMPTIONS: dict[str, str] = {
    "draft-document": "标题、文号、发文机关、日期和行政区名称由 jointmeeting draft 从通知文头读出；"
                      "行政区级别按名称末字推定，上级行政区通知未载，未填写。",
    "draft-units": "成员单位取自通知的单位职责段落和组成人员名单；同一单位的不同称谓（简称、"
                   "全称）按字序相合推定为同一单位（aliases）；单位类别（kind）按名称推定；"
                   "id 为草拟时所取。",
    "draft-members": "组成人员的任职起始日期取通知印发日；此前的任职情况通知未载。人员的单位与职务"
                     "按名单行中单位名称之后的文字拆分。",
    "draft-roles": "职责角色按通知用语判定：含“牵头”的为 lead，以“配合”“协助”开头的为 supports，"
                   "其余为 owns。",
    "draft-areas": "各项职责所服务的国家妇女、儿童发展纲要领域（areas）由 jointmeeting draft 按职责"
                   "文字中的词语提出，仅为建议，须逐项审核；通知本身未作标注。",
    "draft-sentence-duties": "通知没有各单位职责段落时，主语为单位名称、谓语为“应”“应当”“要”"
                             "“负责”的句子记为该单位的职责；主语以所列单位的名称结尾的（列出“法院”时的“人民法院”）"
                             "视为该单位；主语只写机关类别（如“公安机关”"
                             "“医疗机构”）而通知未将其列为单位的，不推定为某一级的某个单位，"
                             "该句不记为职责，留待审核。",
    "draft-posts": "职务（召集人等）的担任者按“由……担任/兼任”读出；“兼任”且职务相同者视为同一人。",
    "draft-office": "联席会议办公室按“办公室设在……”读出；其职责按该句“负责”之后的并列词语拆分。",
    "draft-meetings": "会议按“……会议……召开”读出：次数、主持人、组织者按原文词语推定。",
    "draft-reporting": "报告规则按“报送/报告/报警/通报”读出；报告人、接收方、时限按原文词语推定；"
                       "“报警”视为向公安机关报案。",
    "draft-tracks": "年度回顾所核对的规则（tracks）按规则类别推定：定期报送为 progress，首个"
                    "有时限的事件报告为 cases，每年有件数要求的工作要求为 plans。",
    "draft-silences": "通知中未找到的部分（文号、印发日期、各成员单位的职责分工、成员单位向办公室"
                      "报告的规则）"
                      "写入 not_in_notice；须核对通知是否确实未写。",
    "draft-succession": "成员调整按含“调整”“接任”“递补”的条款读出。",
    "draft-requirements": "工作要求按“工作要求”部分各条读出；未指定责任单位的，取为全体成员单位。",
}


@cache
def words() -> dict[str, Any]:
    """The vocabulary, read once."""
    raw = resources.files("jointmeeting").joinpath("data/draft-words.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def first_word(text: str, table: str) -> str | None:
    """The value of the first ``[word, value]`` pair of a table whose word stands in ``text``."""
    return next((value for word, value in words()[table] if word in text), None)


#: Characters that, right after a unit's name, make it a longer name (市政府办, 省人大常委会).
_CONTINUES = frozenset("办会局委院部厅处所站队室")
_LEVELS = ("自治县", "自治州", "自治区", "街道", "省", "市", "县", "区", "旗", "镇", "乡")


@dataclass
class UnitFound:
    """A unit of the draft: its official name (as its duty paragraph gives it, else as first
    seen), the other names the notice uses, where it was first found."""

    name: str
    source: str
    line: int
    aliases: list[str] = field(default_factory=list)
    from_paragraph: bool = False
    signboards: list[str] = field(default_factory=list)  # 甲（乙）: one body, two names
    assumption: str | None = None  # what the notice leaves open about it

    def names(self) -> list[str]:
        return [self.name, *self.signboards, *self.aliases]


class Units:
    """The units a draft finds, joining the notice's variant names of one unit.

    Two names are one unit when they are equal after NFKC, when one is the other without the
    place's name or a level prefix (某某市融媒体中心 / 市融媒体中心, 市委网信办 / 网信办), when
    one is 团X委 and the other 共青团…X委员会, or when the shorter one's characters stand in
    the longer one in order with the same first character (市文旅局 / 市文体广电和旅游局) and no
    other unit's name takes them as well.
    """

    def __init__(self, place: str | None) -> None:
        # The place without its level (某某 of 某某市): 某某市融媒体中心 is 市融媒体中心.
        self.place = place or ""
        for level in _LEVELS:
            if self.place.endswith(level) and len(self.place) > len(level) + 1:
                self.place = self.place[:-len(level)]
                break
        self.found: list[UnitFound] = []
        self.unjoined: list[tuple[str, str]] = []  # (name, where) that started a unit of its own

    def _bare(self, name: str) -> str:
        if self.place and name.startswith(self.place) and len(name) > len(self.place) + 1:
            return name[len(self.place):]
        return name

    def same(self, a: str, b: str) -> bool:
        """Whether two names are one unit by the rules above."""
        a, b = self._bare(comparable(a)), self._bare(comparable(b))
        if a == b:
            return True
        short, long = sorted((a, b), key=len)
        if len(short) < 2:
            return False
        for prefix in ("市委", "县委", "区委", "州委", "省委", "市", "县", "区"):
            if long == prefix + short and len(short) >= 3:
                return True
        youth = re.fullmatch(r"共青团.*?([市县区旗州])委员会", long)
        if youth and short == f"团{youth[1]}委":
            return True
        if short[0] != long[0] or len(short) < 3 or long.startswith(short):
            return False  # 市政府 and 市政府办 are two bodies; 市文旅局 is 市文体广电和旅游局
        rest = iter(long)
        return all(char in rest for char in short)

    def find(self, name: str) -> UnitFound | None:
        """The unit a name is, when exactly one answers to it; its equal first."""
        key = comparable(name)
        exact = [u for u in self.found if key in {comparable(n) for n in u.names()}]
        if exact:
            return exact[0]
        joined = [u for u in self.found if any(self.same(key, n) for n in u.names())]
        return joined[0] if len(joined) == 1 else None

    def short_form(self, name: str) -> UnitFound | None:
        """The one unit a short form names (甲办 of 某县政府甲务办公室), joined to it as an alias:
        its characters stand in order in that unit's name and in no other unit's.

        Why apart from :meth:`find`: a two-character form is too short for :meth:`same`, and
        is read only where the notice's words ask for a unit (a seat: 甲办副主任)."""
        key = comparable(name)
        if len(key) < 2:
            return None

        def holds(long: str) -> bool:
            rest = iter(long)
            return len(long) > len(key) and all(char in rest for char in key)

        found = [u for u in self.found if any(holds(comparable(n)) for n in u.names())]
        if len(found) != 1:
            return None
        if key not in {comparable(n) for n in found[0].names()}:
            found[0].aliases.append(key)
        return found[0]

    def official(self, name: str, source: str, line: int) -> UnitFound:
        """A unit named by its own duty paragraph (or a list of member units)."""
        found = self.find(name)
        if found is not None and found.from_paragraph and comparable(found.name) != comparable(
                name):
            found = None  # two paragraphs, two units, however alike their names
        if found is None:
            found = UnitFound(comparable(name), source, line, from_paragraph=True)
            self.found.append(found)
        elif not found.from_paragraph:
            # First seen as a variant; the paragraph gives the official name.
            if comparable(found.name) != comparable(name):
                found.aliases.insert(0, found.name)
            found.name, found.source, found.line = comparable(name), source, line
            found.from_paragraph = True
        return found

    def mention(self, name: str, source: str, line: int, *, create: bool = True
                ) -> UnitFound | None:
        """A unit named in passing (a member line, a post's holder): joined to a unit found
        before when it is one, else a unit of its own (listed for review) when ``create``."""
        found = self.find(name)
        if found is not None:
            key = comparable(name)
            if key not in {comparable(n) for n in found.names()}:
                found.aliases.append(key)
            return found
        if not create:
            return None
        found = UnitFound(comparable(name), source, line)
        self.found.append(found)
        self.unjoined.append((comparable(name), source))
        return found

    def split(self, text: str) -> tuple[str | None, str]:
        """A unit's name and the position after it (``市人社局劳动仲裁院院长`` → 市人社局,
        劳动仲裁院院长): the longest prefix that is a known unit's name, else the longest that
        is one of its variants, else a name ending as units' names do and followed by a
        position's word, else the shortest name ending as units' names do."""
        text = comparable(text)
        endings: tuple[str, ...] = tuple(words()["unit_endings"])
        positions: tuple[str, ...] = tuple(words()["positions"])
        cuts = [i for i in range(2, len(text) + 1) if text[:i].endswith(endings)]
        known = {comparable(n) for u in self.found for n in u.names()}
        exact = [cut for cut in cuts if text[:cut] in known]
        if exact:
            return text[:exact[-1]], text[exact[-1]:]
        cuts = [cut for cut in cuts if cut >= 3]
        joined = [cut for cut in cuts if self.find(text[:cut]) is not None]
        if joined:
            return text[:joined[-1]], text[joined[-1]:]
        # The shortest name whose next character does not continue a name (市政府|办 does:
        # 市政府办; 省高级人民法院|审判委员会 does not), or that a position follows (办公室主任).
        for cut in cuts:
            if text[cut:].startswith(positions) or text[cut:cut + 1] not in _CONTINUES:
                return text[:cut], text[cut:]
        return (text[:cuts[0]], text[cuts[0]:]) if cuts else (None, text)


def place_of(title: str) -> str | None:
    """The place a notice's title names first (某某县 of 某某县妇女儿童工作联席会议制度)."""
    match = re.match(r"(.{1,10}?(?:自治县|自治州|自治区|街道|省|市|县|区|旗|镇|乡))", title)
    return match[1] if match else None


def slug_for(name: str, table: str, taken: set[str], fallback: str) -> str:
    """An id for a name from the vocabulary (民政 → civil-affairs), unique among ``taken``."""
    base = first_word(comparable(name), table) or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


@dataclass
class Note:
    """A value of the draft with the comments a person reads it by: lines before its item or
    key, and a comment after a scalar or flow list on its line."""

    value: Any
    before: list[str] = field(default_factory=list)
    after: str = ""


@dataclass
class Review:
    """What a person must review in a draft, gathered while it is made."""

    used: dict[str, int] = field(default_factory=dict)
    unjoined: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    no_deadline: list[str] = field(default_factory=list)
    not_held: list[str] = field(default_factory=list)
    areas: int = 0

    def use(self, kind: str) -> str:
        """Count one inference of a kind; the kind's id, for a comment."""
        assert kind in ASSUMPTIONS, kind
        self.used[kind] = self.used.get(kind, 0) + 1
        return kind


def plain(value: Any) -> Any:
    """A draft's value without its comments (for comparing and merging drafts)."""
    if isinstance(value, Note):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
