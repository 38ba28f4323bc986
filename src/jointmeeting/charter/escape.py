"""Text from a charter made safe for the outputs it reaches: terminals, logs, XML, JSON.

A charter's texts are someone else's words. Printed raw, an ESC starts a terminal escape
sequence (colours, a rewritten title, an OSC 8 hyperlink that hides where it leads), a line
break forges a line of its own (in a GitHub Actions log, one starting ``::error`` is a
command), a bidi override reorders what a reader sees, and a control character makes an XML
file invalid. Every renderer passes the charter's text through :func:`printable`.
"""

from __future__ import annotations

import re

#: C0 controls but tab, DEL, C1 controls, bidi embeddings, overrides and isolates, the line and
#: paragraph separators, and what XML 1.0 forbids besides (lone surrogates, U+FFFE, U+FFFF).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
#: What JSON leaves raw of those: ``json.dumps`` escapes C0 controls inside strings itself,
#: and the line breaks outside strings are its layout.
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                       "\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100
                                else f"\\u{ord(char):04x}")


def printable(text: str) -> str:
    """``text`` with every character that could act on its reader written out as an escape
    (``\\x1b``, ``\\n``, ``\\u202e``): one line, inert in a terminal, valid in XML 1.0."""
    return _UNSAFE.sub(_shown, text)


#: What XML 1.0 forbids in a document: C0 controls but tab, line feed and carriage return,
#: lone surrogates, U+FFFE and U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with only what XML 1.0 forbids written out as an escape: a data format keeps
    line breaks and the rest of the text as they are (its reader is a program, not a
    terminal)."""
    return _XML_FORBIDDEN.sub(_shown, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"  # every character matched is in the BMP


def json_safe(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the characters above that JSON
    leaves raw (C1 controls, bidi controls) written as ``\\u`` escapes: the same data, inert in
    a terminal. They can only stand inside strings, where ``\\u`` escapes are valid."""
    return _JSON_RAW.sub(_json_escape, text)
