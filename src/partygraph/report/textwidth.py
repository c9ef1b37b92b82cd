"""Terminal text with Chinese: pad by display width, not by character count.

A CJK character takes two terminal columns, so ``f"{name:<10}"`` misaligns
tables that mix Chinese and Latin text.

Examples
--------
>>> width("社区a")
5
>>> pad("社区", 6) + "|"
'社区  |'
"""

from __future__ import annotations

import unicodedata

__all__ = ["pad", "width"]


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``columns`` display columns (left-aligned by default)."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill
