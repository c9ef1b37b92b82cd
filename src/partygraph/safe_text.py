"""Text from user data made safe for where it is shown: terminals and spreadsheets.

Names, messages and hints are user data: a name can hold an escape sequence
that recolours or clears a terminal, a bidi override that shows text in another
order than it is stored, or a leading ``=`` that a spreadsheet runs as a
formula.  Every output that shows such text passes it through one of the
functions here (the Markdown, Mermaid, DOT and XML writers escape their own
syntax on top).  This module sits at the bottom of the layering with
:mod:`partygraph.errors`, so that every layer, error messages included, can use
it.

Examples
--------
>>> printable("东风\\x1b[2J社区")
'东风␛[2J社区'
>>> neutralise_formula("=HYPERLINK(1)"), restore_formula("'=HYPERLINK(1)")
("'=HYPERLINK(1)", '=HYPERLINK(1)')
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_TRIGGERS", "neutralise_formula", "printable", "restore_formula"]

#: Characters never shown raw: C0 controls, DEL and C1 controls, the line and
#: paragraph separators U+2028 and U+2029 (a line end for many programs), the
#: bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the
#: noncharacters U+FFFE and U+FFFF, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\u{code:04x}"


def printable(text: str, *, keep: str = "") -> str:
    r"""``text`` with every control character and bidi control made visible.

    A C0 control or DEL becomes its Unicode control picture (``\x1b`` ->
    ``␛``, a line feed -> ``␊``, a tab -> ``␉``, DEL -> ``␡``); a C1 control,
    the line or paragraph separator (U+2028, U+2029), a bidi embedding,
    override or isolate (U+202A-U+202E, U+2066-U+2069), U+FFFE, U+FFFF or a
    lone surrogate becomes its code as text (``\u202e``).  Everything else,
    Chinese and emoji included, is kept.  Characters in ``keep`` (``"\n"`` for
    multi-line text) are left as they are.

    Examples
    --------
    >>> printable("a\tb\nc\x7f")
    'a␉b␊c␡'
    >>> printable("abc\u202edcba\x9b"), printable("line 1\nline 2", keep="\n")
    ('abc\\u202edcba\\u009b', 'line 1\nline 2')
    >>> printable("东风社区 😀")
    '东风社区 😀'
    """
    # isprintable() is False for every character _UNSAFE matches (and for a few
    # more, such as U+3000): a fast first test, the regex decides.
    if text.isprintable() or _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: m[0] if m[0] in keep else _visible(m[0]), text)


#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = "=+-@\t\r"
#: A cell to prefix: any number of ``'`` then a trigger (so the prefix can be undone).
_FORMULA = re.compile("'*[=+\\-@\t\r]")
_PREFIXED = re.compile("'+[=+\\-@\t\r]")
_FIRST = "'" + FORMULA_TRIGGERS


def neutralise_formula(cell: str) -> str:
    r"""A text cell a spreadsheet shows as text: ``'`` put before a formula trigger.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return (the OWASP rule for CSV injection) gets a single quote in front,
    which Excel, LibreOffice and Google Sheets take as "this is text".  A cell
    that already starts with quotes followed by a trigger gets one more, so
    that :func:`restore_formula` gives back exactly the original text.  Only
    apply it to text: a number written as a number (``-3``) is data a
    spreadsheet should read as a number.

    Examples
    --------
    >>> [neutralise_formula(c) for c in ["=1+1", "-x", "@SUM(A1)", "\tx", "'=x", "'x", "东风"]]
    ["'=1+1", "'-x", "'@SUM(A1)", "'\tx", "''=x", "'x", '东风']
    """
    if cell and cell[0] in _FIRST and _FORMULA.match(cell):
        return "'" + cell
    return cell


def restore_formula(cell: str) -> str:
    """The text :func:`neutralise_formula` was given: one leading ``'`` removed
    where it stands before quotes and a formula trigger.

    For reading back a CSV partygraph wrote (``partygraph export -f csv``,
    ``partygraph check -o report.csv``).

    Examples
    --------
    >>> [restore_formula(c) for c in ["'=1+1", "''=x", "'x", "-3", "东风"]]
    ['=1+1', "'=x", "'x", '-3', '东风']
    """
    return cell[1:] if _PREFIXED.match(cell) else cell
