"""Plain-text columns that line up when they hold Chinese: padding by display width.

Why not ``f"{name:<12}"``: Python pads by code points, but a terminal gives a CJK character two
cells, so a column of Chinese names padded that way comes out ragged.
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes: two for wide and full-width characters."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else
               0 if unicodedata.combining(char) else 1 for char in text)


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` cells (never cut)."""
    return text + " " * max(width - display_width(text), 0)
