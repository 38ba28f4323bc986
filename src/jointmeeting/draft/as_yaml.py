"""A draft charter as YAML a person reads beside the notice: block style, quoted only where a
plain scalar would read back as something else, the notice's headings as comments, the inferred
values marked, and the review at the end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jointmeeting.charter.writer import scalar
from jointmeeting.draft.words import ASSUMPTIONS, Note, Review

HEADER = """\
# yaml-language-server: $schema=../schema/charter.schema.json
#
# A draft written by `jointmeeting draft` from the notice's text: every text is the notice's own
# words and cites its clause (`jointmeeting notice refs NOTICE` lists them). Whatever the draft
# inferred is counted under an assumption (`draft-…`, listed below) and marked with a comment;
# review it beside the notice, then run `jointmeeting check` on this file.
"""


def _scalar(value: Any, *, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return scalar(str(value), flow=flow)


def _inline(value: Any) -> str | None:
    """A value written on its key's line: a scalar, or a flow list of scalars."""
    if isinstance(value, list) and all(not isinstance(v, (dict, list, Note)) for v in value):
        return "[" + ", ".join(_scalar(v, flow=True) for v in value) + "]"
    if isinstance(value, dict) and not value:
        return "{}"
    if not isinstance(value, (dict, list)):
        return _scalar(value)
    return None


def _comment(text: str) -> str:
    return f"  # {text}" if text else ""


def _mapping(data: dict[str, Any], indent: int, out: list[str], first: str = "") -> None:
    """Write a block mapping; ``first`` prefixes its first line (``- `` in a sequence)."""
    pad = " " * indent
    for n, (key, raw) in enumerate(data.items()):
        note = raw if isinstance(raw, Note) else Note(raw)
        lead = first if n == 0 else " " * len(first)
        out += [f"{pad}{' ' * len(first)}# {line}" for line in note.before]
        inline = _inline(note.value)
        if inline is not None:
            out.append(f"{pad}{lead}{key}: {inline}{_comment(note.after)}")
        elif isinstance(note.value, dict):
            out.append(f"{pad}{lead}{key}:{_comment(note.after)}")
            _mapping(note.value, indent + len(first) + 2, out)
        else:
            out.append(f"{pad}{lead}{key}:{_comment(note.after)}")
            _sequence(note.value, indent + len(first) + 2, out)


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for raw in items:
        note = raw if isinstance(raw, Note) else Note(raw)
        out += [f"{pad}# {line}" for line in note.before]
        if isinstance(note.value, dict):
            _mapping(note.value, indent, out, first="- ")
        else:
            out.append(f"{pad}- {_scalar(note.value)}{_comment(note.after)}")


def render(data: dict[str, Any], review: list[str]) -> str:
    """The charter's YAML text, with the review as comments at its end."""
    out: list[str] = []
    for key, value in data.items():
        if key in ("units", "office", "members", "duties", "meetings", "reporting",
                   "requirements", "assumptions", "posts", "parties", "responsibilities",
                   "succession"):
            out.append("")
        _mapping({key: value}, 0, out)
    out += ["", "# " + "-" * 97, *(f"# {line}" if line else "#" for line in review)]
    return HEADER + "\n".join(out) + "\n"


def review_lines(review: Review, data: dict[str, Any]) -> list[str]:
    """What a person must review, one point a line (printed on stderr and written at the end
    of the draft)."""
    counts = {part: len(data.get(part) or []) for part in
              ("units", "members", "duties", "posts", "meetings", "reporting", "requirements")}
    lines = ["Review (jointmeeting draft): read this draft beside the notice, then remove this "
             "block.",
             "Drafted: " + ", ".join(f"{n} {part}" for part, n in counts.items()) +
             (", the office" if data.get("office") else ", no office") +
             (", succession" if data.get("succession") else "") + "."]

    def listed(title: str, items: list[str]) -> None:
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items[:30])
            if len(items) > 30:
                lines.append(f"  … and {len(items) - 30} more")

    listed("Names not joined to a unit with a duty paragraph (check them, join them as "
           "aliases or keep them as units)", review.unjoined)
    listed("Clauses the draft read into nothing (no owner or rule found; transcribe them by "
           "hand if they bind anyone)", review.unread)
    listed("Rules with no deadline", review.no_deadline)
    if review.areas:
        lines.append(f"Areas proposed for {review.areas} duties from their words "
                     "(assumption draft-areas): confirm each.")
    lines.append("Assumptions to confirm: " + ", ".join(
        f"{kind} ({n})" for kind, n in review.used.items() if kind in ASSUMPTIONS) + ".")
    lines.append("Then: jointmeeting check THIS_FILE")
    return lines
