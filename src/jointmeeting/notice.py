"""The notice's text as numbered clauses, so that a charter's ``source`` references can be checked.

A notice of this kind is laid out the same way from county to county: sections ``一、…``,
subsections ``（一）…``, paragraphs that begin with a unit's name and a colon
(``市民政局：…``), and a
list of members, one per line, as ``name unit+position``. The text as published is broken into
lines and pages; this module joins it back and removes whitespace, which in these documents is
layout (``王 珊`` is 王珊, ``每年召开 1-2次`` is 每年召开1-2次).

References, with examples from the Hulin notice:

- ``一`` a section; ``一（一）`` a subsection; ``四/市民政局`` a unit's paragraph;
  ``四/张所军`` a member line;
- any of those followed by ``/N``: its N-th clause, where a clause ends at ``；`` or ``。``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SECTION = re.compile(r"([一二三四五六七八九十]+)、(.*)\Z")
_SUBSECTION = re.compile(r"（([一二三四五六七八九十]+)）(.*)\Z")
_LABELLED = re.compile(r"([^\s，。；：、（）“”《》]{2,20})：(.*)\Z")
_MEMBER = re.compile(r"([\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3})\s+(\S.*)\Z")
_PAGE_NUMBER = re.compile(r"\d{1,3}\Z")
_COLOPHON = re.compile(r".*(日\s*印发|共印\s*\d+\s*份。?)\Z")
_CLAUSE = re.compile(r"[^；。]+(?:[；。]|\Z)")

PREAMBLE = "前言"


def squeeze(text: str) -> str:
    """Remove all whitespace: the notice's spaces and line breaks are layout, not text."""
    return "".join(text.split())


def clauses_of(text: str) -> list[str]:
    """Split a paragraph after each ``；`` and ``。``, keeping the punctuation with its clause."""
    return _CLAUSE.findall(text)


@dataclass
class Notice:
    """A notice's text, by reference: paragraphs (with their clauses) and member lines."""

    paragraphs: dict[str, str] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)

    def clause(self, ref: str) -> str | None:
        """The text a reference points at, or None when it points at nothing."""
        if ref in self.paragraphs:
            return self.paragraphs[ref]
        if ref in self.members:
            return self.members[ref]
        base, _, number = ref.rpartition("/")
        if base in self.paragraphs and number.isdigit():
            parts = clauses_of(self.paragraphs[base])
            if 1 <= int(number) <= len(parts):
                return parts[int(number) - 1]
        return None


def parse_notice(text: str) -> Notice:
    """Read a notice's published text into paragraphs, member lines and headings."""
    notice = Notice()
    section = ref = PREAMBLE
    bodies: dict[str, list[str]] = {PREAMBLE: []}
    seen_labelled = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        if _COLOPHON.match(line):
            break
        if match := _SECTION.match(line):
            section = ref = match[1]
            bodies[ref] = []
            seen_labelled = False
        elif match := _SUBSECTION.match(line):
            ref = f"{section}（{match[1]}）"
            # "（一）强化责任落实。各成员单位…": the heading ends at the first 。, if on the line.
            _, stop, rest = squeeze(match[2]).partition("。")
            bodies[ref] = [rest] if stop else []
        elif section != PREAMBLE and (match := _LABELLED.match(line)):
            ref = f"{section}/{match[1]}"
            bodies[ref] = [match[2]]
            seen_labelled = True
        elif section != PREAMBLE and not seen_labelled and (match := _MEMBER.match(line)):
            notice.members[f"{section}/{squeeze(match[1])}"] = squeeze(match[2])
        else:
            bodies[ref].append(line)
    notice.paragraphs = {key: squeeze("".join(lines)) for key, lines in bodies.items() if lines}
    return notice
