r"""What no table cell may hold, and how a user's value is quoted in a message.

All the limits on one cell are here (docs/config.md section 9): a cell
holding a control character, or longer than its column takes, is refused at
the cell (:mod:`partygraph.io.columns` for bulk tables, :mod:`partygraph.io.shape`
for the others; the Arrow path hands such a table to them).  A value quoted
in a message is cut short and its control characters made visible, so that an
error never echoes a 30 MB cell or a terminal escape.

Examples
--------
>>> print(cell_problem("东风\x00社区"))
格子里第 3 个字符是控制字符 U+0000（NUL），表格中不能有控制字符：请删去它
"""

from __future__ import annotations

import re

import numpy as np

from partygraph.i18n import tr
from partygraph.safe_text import printable

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_NAME_CHARS",
    "cell_problem",
    "has_control",
    "has_control_bytes",
    "shown",
]

# An id has the model's own limit (128 characters, :func:`partygraph.model.base.is_id`).
#: Longest name in a bulk table's name column (the model's ``Name`` takes 200).
MAX_NAME_CHARS = 200
#: Longest cell of any other column (a note, a list of ids); longer is refused
#: at the cell, never loaded: no one types 64 Ki characters into one cell.
MAX_CELL_CHARS = 64 * 1024

#: Characters no cell may hold: the C0 controls but tab, line feed and carriage
#: return (white space a quoted cell may hold), DEL and the C1 controls.
_CONTROLS = "".join(map(chr, [*range(9), 11, 12, *range(14, 32), *range(127, 160)]))
_CONTROL = re.compile(f"[{re.escape(_CONTROLS)}]")
#: The bytes below U+0020 a cell may hold (a C1 control in UTF-8 is two bytes,
#: ``\xc2\x80``-``\xc2\x9f``).
_WHITE = np.array([0x09, 0x0A, 0x0D], dtype=np.uint8)
_C0_NAMES = [
    *("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL"),
    *("BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI"),
    *("DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB"),
    *("CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"),
]

#: Characters of a user's value quoted in a message (a 30 MB cell is not echoed).
_SHOWN = 40


def has_control(text: str) -> bool:
    """Whether some cell of ``text`` (a whole table, or one cell) holds a control character."""
    return _CONTROL.search(text) is not None


def shown(value: str, limit: int = _SHOWN) -> str:
    r"""A user's value as a message quotes it: control characters made visible,
    cut at ``limit`` characters.

    >>> shown("a\x1bb"), shown("很" * 50)[-3:]
    ('a␛b', '很很…')
    """
    cut = value if len(value) <= limit else value[:limit] + "…"
    return printable(cut)


def has_control_bytes(data: bytes) -> bool:
    r"""Whether UTF-8 text holds a character no cell may hold (for the Arrow path).

    Scanned with numpy, not matched with a character class (a regular
    expression took 2.3 s on 71 MB of names, this 0.1 s).

    >>> has_control_bytes("东风·社区\t".encode()), has_control_bytes(b"a\x00b")
    (False, True)
    >>> has_control_bytes("a\x9b".encode()), has_control_bytes(b"a\x7f")
    (True, True)
    """
    octets = np.frombuffer(data, dtype=np.uint8)
    low = octets[octets < 0x20]  # few: the line breaks of a whole table, if any
    if low.size and not np.isin(low, _WHITE).all():
        return True
    if b"\x7f" in data:
        return True
    lead = np.flatnonzero(octets[:-1] == 0xC2)  # U+0080-U+00BF: a C1 control or "·", "°" ...
    return bool(lead.size) and bool(((octets[lead + 1] & 0xE0) == 0x80).any())


def cell_problem(cell: str, limit: int = MAX_CELL_CHARS) -> str | None:
    r"""Why a cell is refused (a control character, too long), or ``None``.

    >>> cell_problem("东风社区") is None, cell_problem("x" * 201, 200) is not None
    (True, True)
    >>> print(cell_problem("a\x1b[31m"))
    格子里第 2 个字符是控制字符 U+001B（ESC），表格中不能有控制字符：请删去它
    """
    if len(cell) > limit:
        return tr("load_tables.cell_too_long", length=len(cell), limit=limit)
    found = _CONTROL.search(cell)
    if found is None:
        return None
    code = ord(found.group())
    name = _C0_NAMES[code] if code < 32 else ("DEL" if code == 127 else "C1")
    return tr(
        "load_tables.control_character",
        position=found.start() + 1,
        code=f"U+{code:04X}",
        name=name,
    )
