"""The notice's text as numbered clauses, so that a charter's ``source`` references can be checked.

A notice of this kind is laid out the same way from county to county: sections ``一、…`` (or
articles ``第一条``), subsections ``（一）…``, items ``1．…``, paragraphs that begin with a unit's
name and a colon (``市民政局：…``), and a list of members, one per line, as ``name unit+position``,
sometimes after a label (``召 集 人 崔珍康 市政府办副主任``). The text as published is broken into
lines and pages; this module joins it back and removes whitespace, which in these documents is
layout (``王 珊`` is 王珊, ``每年召开 1-2次`` is 每年召开1-2次). Text copied from a web page
has half-width punctuation: ``(一)``, ``1.``, ``:`` and ``;`` mark structure just as ``（一）``,
``1．``, ``：`` and ``；`` do.

References, with examples from the Hulin notice:

- ``一`` a section; ``第三条`` an article (articles stand where sections would); ``一（一）`` a
  subsection; ``二（一）1`` an item ``1．`` of a subsection (``二1`` of a section);
- ``四/市民政局`` a labelled paragraph (the label, then a colon) within a section, subsection or
  item;
- ``四/张所军`` a member line, by the person's name (also when the line starts with a label such as
  召集人); a second line with the same name in the same place is ``四/张三#2``;
- any section, subsection, item or labelled paragraph followed by ``/N``: its N-th clause, where a
  clause ends at ``；`` or ``。`` (half-width ``;`` too, and a closing quote stays with its clause);
- ``/0``: the heading of a section, subsection or item, as the line gives it
  (``五（一）/0`` is 强化责任落实。; in ``（一）联席会议主要职责：组织……`` the heading
  ``联席会议主要职责：`` is ``/0`` and ``组织……`` starts clause ``/1``). A heading is the short
  text up to the first ``：`` of its line, or up to its first ``。`` when more text follows, or
  the whole line when it has neither; a line whose first sentence is long or has commas, or is
  one short sentence alone, has no heading, and all of it is clause text.

References are compared after NFKC with whitespace removed and brackets written full-width, so
``一(一)/1`` and ``一（一）/1`` are the same reference; :func:`canonical_ref` gives the form this
module lists. Text before the first section is ``前言``; the signature after the body (the
issuer's line and a date alone on its line) and the colophon end the text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from jointmeeting.errors import JointMeetingError

_NUMERALS = "一二三四五六七八九十百零〇两"
_SECTION = re.compile(rf"([{_NUMERALS}]+)\s*[、.．]\s*(.*)\Z")
_ARTICLE = re.compile(rf"(第[{_NUMERALS}\d]+条)\s*[：:]?\s*(.*)\Z")
_CHAPTER = re.compile(rf"(第[{_NUMERALS}\d]+[章节])\s*(.*)\Z")
_SUBSECTION = re.compile(rf"[（(]\s*([{_NUMERALS}]+)\s*[）)]\s*(.*)\Z")
_ITEM = re.compile(r"(\d{1,2})\s*[.．、](?!\d)\s*(.*)\Z")
_PAREN_ITEM = re.compile(r"[（(]\s*(\d{1,2})\s*[）)]\s*(.*)\Z")
_LABELLED = re.compile(r"([^\s，。；：“”《》,;:]{2,30})\s*[：:](.*)\Z")
#: Labels a member line may start with: words of the genre, not of one notice.
_MEMBER_LABELS = ("副总召集人", "总召集人", "副召集人", "召集人", "副组长", "组长", "副主任",
                  "主任", "成员", "联络员", "秘书长")
_LABEL = re.compile("(" + "|".join(r"\s*".join(word) for word in _MEMBER_LABELS)
                    + r")\s*[：:]?\s*(.*)\Z")
#: A person's name: 2 to 6 characters, padded with spaces to the width of three (王  兰).
_PERSON = r"[\u4e00-\u9fff](?:(?:\s{1,3}|[·•])?[\u4e00-\u9fff]){1,5}"
_MEMBER = re.compile(rf"({_PERSON})\s+(\S.*)\Z")
_PAGE_NUMBER = re.compile(r"[-—–]?\s*\d{1,3}\s*[-—–]?\Z")
_COLOPHON = re.compile(r".*(日\s*印发|共印\s*\d+\s*份。?)\Z")
#: A date alone on its line after the body: the signature, which ends the notice's text.
_SIGNED = re.compile(r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{2}-\d{2})\Z")
_SIGNER = re.compile(r"[^\s，。；：,;:]{4,30}(?:政府|办公室|办公厅|委员会|联席会议)\Z")
_CLAUSE = re.compile(r"[^；;。]+(?:[；;。][”’」』）)]*|\Z)")
_TERMINATORS = ("。", "；", ";", "：", ":", "”", "’", "）", ")")
#: A heading is short and has no commas: longer text is a sentence, not a title.
_HEADING_MAX = 25

PREAMBLE = "前言"
HEADING = "0"

Kind = Literal["heading", "paragraph", "clause", "member"]


def squeeze(text: str) -> str:
    """Remove all whitespace: the notice's spaces and line breaks are layout, not text."""
    return "".join(text.split())


def comparable(text: str) -> str:
    """A text as compared with the notice: NFKC, whitespace removed (``，`` is ``,``)."""
    return squeeze(unicodedata.normalize("NFKC", text))


def canonical_ref(ref: str) -> str:
    """A reference as this module lists it: NFKC, no whitespace, brackets full-width."""
    return comparable(ref).replace("(", "（").replace(")", "）")


def clauses_of(text: str) -> list[str]:
    """Split a paragraph after each ``；`` and ``。`` (half-width ``;`` too), keeping the
    punctuation, and a closing quote after it, with its clause."""
    return _CLAUSE.findall(text)


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference a notice yields, with its text and the line it starts on (1-based)."""

    ref: str
    kind: Kind
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    """A structural part of the notice, in order: a section, article, subsection, item or
    labelled paragraph; ``parent`` is the reference it stands in."""

    ref: str
    kind: Literal["section", "article", "chapter", "subsection", "item", "labelled", "preamble"]
    parent: str | None
    line: int
    heading: str = ""
    label: str = ""


@dataclass(frozen=True, slots=True)
class MemberLine:
    """A member line: the person's name, the label it stands under (召集人), the rest.

    ``labelled`` is False when the label is not on the line itself but on a line above it, as
    the layout shows (``召 集 人 崔珍康 ……`` then ``梁 英 市妇联主席``: two conveners)."""

    ref: str
    name: str
    label: str
    text: str
    line: int
    parent: str
    labelled: bool = True


@dataclass
class Notice:
    """A notice's text, by reference: paragraphs (with their clauses), headings, member lines."""

    paragraphs: dict[str, str] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    people: list[MemberLine] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)

    def clause(self, ref: str) -> str | None:
        """The text a reference points at, or None when it points at nothing."""
        ref = canonical_ref(ref)
        if ref in self.paragraphs:
            return self.paragraphs[ref]
        if ref in self.members:
            return self.members[ref]
        if ref in self.headings:
            return self.headings[ref]
        base, _, number = ref.rpartition("/")
        if number == HEADING:
            return self.headings.get(base)
        if base in self.paragraphs and number.isdigit():
            parts = clauses_of(self.paragraphs[base])
            if 1 <= int(number) <= len(parts):
                return parts[int(number) - 1]
        return None

    def member_name(self, ref: str) -> str | None:
        """The person's name on the member line a reference points at."""
        ref = canonical_ref(ref)
        return next((p.name for p in self.people if p.ref == ref), None)

    def references(self) -> list[Reference]:
        """Every reference the notice yields, in the notice's order, with its text."""
        out: list[Reference] = []
        members: dict[str, list[MemberLine]] = {}
        for person in self.people:
            members.setdefault(person.parent, []).append(person)
        for block in self.blocks:
            if block.ref in self.headings:
                out.append(Reference(f"{block.ref}/{HEADING}", "heading",
                                     self.headings[block.ref], block.line))
            body = self.paragraphs.get(block.ref)
            if body:
                out.append(Reference(block.ref, "paragraph", body, block.line))
                out += [Reference(f"{block.ref}/{i}", "clause", text, block.line)
                        for i, text in enumerate(clauses_of(body), 1)]
            out += [Reference(p.ref, "member", p.text, p.line)
                    for p in members.pop(block.ref, [])]
        return out

    def nearest(self, ref: str, n: int = 3) -> list[str]:
        """The existing references that look most like ``ref`` (difflib), best first."""
        known = [r.ref for r in self.references()]
        return difflib.get_close_matches(canonical_ref(ref), known, n=n, cutoff=0.5)

    def where(self, text: str) -> list[str]:
        """The clause and member references whose text holds ``text`` (compared after NFKC)."""
        wanted = comparable(text)
        if not wanted:
            return []
        return [r.ref for r in self.references()
                if r.kind in ("clause", "member", "heading") and wanted in comparable(r.text)]


def first_difference(text: str, clause: str) -> tuple[int, str, str | None]:
    """Where ``text`` stops standing in ``clause``: the 0-based index into the compared text of
    the first character that differs, that character, and the clause's character at the same
    place (None when the clause ends there or the first character is not in it at all).

    Both are compared after NFKC with whitespace removed; the longest prefix of ``text`` that
    stands somewhere in ``clause`` decides the place.
    """
    ours, theirs = comparable(text), comparable(clause)
    low, high = 0, len(ours)  # ours[:low] stands in theirs; find the largest such low
    while low < high:
        mid = (low + high + 1) // 2
        if ours[:mid] in theirs:
            low = mid
        else:
            high = mid - 1
    if low >= len(ours):
        return len(ours), "", None
    if low == 0:
        return 0, ours[0], None
    at = theirs.find(ours[:low]) + low
    return low, ours[low], theirs[at] if at < len(theirs) else None


def _heading(rest: str) -> tuple[str, str]:
    """Split a heading line's text (after its marker) into its heading and the text after it."""
    text = squeeze(rest)
    stops = [i for i in (text.find("。"), text.find("："), text.find(":")) if i >= 0]
    stop = min(stops) if stops else -1
    head = text[:stop] if stop >= 0 else text
    if len(head) > _HEADING_MAX or any(c in head for c in "，,；;"):
        return "", text
    if stop >= 0 and stop == len(text) - 1 and text[stop] == "。":
        return "", text  # one short sentence alone on its line is text, not a title
    if stop < 0:
        return text, ""
    return text[:stop + 1], text[stop + 1:]


class _Reader:
    """One pass over the lines: the current place, the bodies read so far."""

    def __init__(self) -> None:
        self.notice = Notice()
        self.bodies: dict[str, list[str]] = {}
        self.repeats: dict[str, int] = {}
        self.label, self.label_place = "", ""  # the last member label, and where it stood
        self.top = PREAMBLE  # the section or article
        self.sub: str | None = None  # the subsection within it
        self.place = PREAMBLE  # the innermost section, subsection or item
        self.ref = PREAMBLE  # where body text goes
        self.open(Block(PREAMBLE, "preamble", None, 1))

    def open(self, block: Block, body: str = "") -> None:
        if block.ref in self.bodies:  # a repeated number: keep both, the second as #2
            block = Block(self.again(block.ref), block.kind, block.parent, block.line,
                          block.heading, block.label)
        self.notice.blocks.append(block)
        self.bodies[block.ref] = [body] if body else []
        if block.heading:
            self.notice.headings[block.ref] = block.heading
        self.ref = block.ref
        if block.kind != "labelled":
            self.place = block.ref

    def again(self, ref: str) -> str:
        """The reference of the n-th part that would have ``ref`` (``四/张三#2``)."""
        self.repeats[ref] = self.repeats.get(ref, 1) + 1
        return f"{ref}#{self.repeats[ref]}"

    def at_boundary(self) -> bool:
        """Whether a new paragraph or member line may start: the current text is complete."""
        body = self.bodies[self.ref]
        return not body or body[-1].endswith(_TERMINATORS)

    def structure(self, line: str, number: int) -> bool:
        """Open a section, article, subsection or item if the line starts one."""
        if match := _ARTICLE.match(line):
            self.top = canonical_ref(match[1])
            self.sub = None
            kind: Literal["section", "article", "chapter", "subsection", "item"] = "article"
            ref, parent = self.top, None
        elif match := _CHAPTER.match(line):
            ref, kind, parent = canonical_ref(match[1]), "chapter", None
        elif match := _SECTION.match(line):
            self.top = match[1]
            self.sub = None
            ref, kind, parent = self.top, "section", None
        elif match := _SUBSECTION.match(line):
            self.sub = f"{self.top}（{match[1]}）"
            ref, kind, parent = self.sub, "subsection", self.top
        elif (self.top != PREAMBLE and self.at_boundary()
              and (match := _PAREN_ITEM.match(line) or _ITEM.match(line))):
            parent = self.sub or self.top
            marker = f"（{int(match[1])}）" if line.lstrip().startswith(("（", "(")) \
                else str(int(match[1]))
            ref, kind = f"{parent}{marker}", "item"
        else:
            return False
        heading, body = _heading(match[2])
        self.open(Block(ref, kind, parent, number, heading), body)
        return True

    def member(self, line: str, number: int) -> bool:
        """Record a member line (labelled or not) if the line is one."""
        if self.top == PREAMBLE or not self.at_boundary():
            return False
        label, labelled = self.label if self.label_place == self.place else "", False
        rest = line
        if match := _LABEL.match(line):
            label, rest, labelled = squeeze(match[1]), match[2], True
            self.label, self.label_place = label, self.place
            if not rest.strip():
                return True  # a label on its own line ("成 员：") introduces the list below
        match = _MEMBER.match(rest)
        if match is None:
            return False
        text = squeeze(match[2])
        if (len(text) < 3 or any(c in text for c in "，。；,;：:") or text[0].isdigit()
                or not re.search(r"[\u4e00-\u9fff]", text)):
            return False
        name = comparable(match[1]).replace("•", "·")
        ref = f"{self.place}/{name}"
        if ref in self.notice.members:
            ref = self.again(ref)
        self.notice.members[ref] = text
        self.notice.people.append(MemberLine(ref, name, label, text, number, self.place,
                                             labelled or not label))
        return True

    def labelled(self, line: str, number: int) -> bool:
        if self.top == PREAMBLE or not self.at_boundary():
            return False
        match = _LABELLED.match(line)
        if match is None:
            return False
        label = canonical_ref(match[1])
        self.open(Block(f"{self.place}/{label}", "labelled", self.place, number,
                        label=squeeze(match[1])), squeeze(match[2]))
        return True

    def read(self, text: str) -> Notice:
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or _PAGE_NUMBER.match(line):
                continue
            if _COLOPHON.match(line):
                break
            if self.top != PREAMBLE and _SIGNED.match(line):
                # The signature: the issuer's line above the date is no clause either.
                body = self.bodies[self.ref]
                if body and _SIGNER.match(body[-1]):
                    self.notice.signature.append(body.pop())
                self.notice.signature.append(squeeze(line))
                break
            if self.top == PREAMBLE and not _SECTION.match(line) and not _ARTICLE.match(line):
                self.notice.preamble.append(squeeze(line))
            if not (self.structure(line, number) or self.member(line, number)
                    or self.labelled(line, number)):
                self.bodies[self.ref].append(squeeze(line))
        self.notice.paragraphs = {ref: "".join(lines) for ref, lines in self.bodies.items()
                                  if any(lines)}
        return self.notice


def parse_notice(text: str) -> Notice:
    """Read a notice's published text into paragraphs, headings and member lines."""
    return _Reader().read(text)


#: A notice runs to tens of kilobytes; anything far beyond is not one (and must not exhaust
#: memory): the file, or a .docx's unpacked parts, may not be larger than this.
MAX_NOTICE_BYTES = 16 * 1024 * 1024


class NoticeError(JointMeetingError):
    """A notice's file cannot be read as text."""


def read_notice(path: str | Path) -> str:
    """A notice's text from a file as offices save it: UTF-8 or GB18030 text, or a ``.docx``.

    Raises:
        NoticeError: the file is too large, binary, or in no encoding a notice comes in.
        OSError: the file cannot be read.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_NOTICE_BYTES:
        raise NoticeError(f"{path}: {size} bytes is more than a notice "
                          f"({MAX_NOTICE_BYTES} at most)")
    return notice_text(path.read_bytes(), str(path))


def notice_text(data: bytes, name: str) -> str:
    """The text of a notice's file already read (``name`` says whether it is a ``.docx``, and
    names it in errors); a charter reads its notice through its own safe reader, then this.

    Raises:
        NoticeError: binary, or in no encoding a notice comes in.
    """
    if name.lower().endswith(".docx"):
        return _docx_text(data, name)
    if b"\x00" in data:
        raise NoticeError(f"{name}: binary data, not a notice's text (a .docx? name it so)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeError(f"{name}: neither UTF-8 nor GB18030 text")


def _docx_text(data: bytes, name: str) -> str:
    """The text of a .docx: each paragraph a line, each table row a line of its cells."""
    import io
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise NoticeError(f"{name}: not a .docx file (not a zip archive)") from None
    if unpacked > MAX_NOTICE_BYTES * 4:
        raise NoticeError(f"{name}: unpacks to {unpacked} bytes, more than a notice")
    try:
        document = docx.Document(io.BytesIO(data))
    # A broken part's XML raises lxml's XMLSyntaxError, a SyntaxError.
    except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise NoticeError(f"{name}: not a readable .docx file ({exc})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                lines.append(" ".join(c for c in cells if c))
        else:
            lines.append(block.text)
    return "\n".join(lines)
