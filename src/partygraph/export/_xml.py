"""Streaming XML for the GraphML and GEXF writers: escaping, and chunks to lines.

The writers make each element as text the moment they reach it, instead of
building an ElementTree of the whole graph and serialising it at the end
(which took most of an export's time and held the whole tree and the whole
text in memory at once).  What they write is byte for byte what networkx's
ElementTree writers wrote (``tests/test_export_stream.py`` compares them), so
the escaping here is ElementTree's: in text ``&``, ``<`` and ``>``; in an
attribute also ``"``, CR, LF and tab, as character references.  Characters
XML cannot hold are gone before (:func:`xml_safe`, which flattening applies).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "UnsupportedError",
    "attribute",
    "chunk_lines",
    "needs_xml_fix",
    "safe_row",
    "safe_value",
    "text",
    "xml_safe",
]


class UnsupportedError(Exception):
    """The graph uses a feature the streaming writer leaves to networkx's own writer."""


def text(value: str) -> str:
    """Character data escaped as ElementTree escapes it.

    Examples
    --------
    >>> text("a < b & c > d \\"e\\"")
    'a &lt; b &amp; c &gt; d "e"'
    """
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def attribute(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it (CR, LF and tab as
    character references, so that a reader gives them back rather than spaces).

    Examples
    --------
    >>> attribute('社区 "甲" & <乙>\\t\\n')
    '社区 &quot;甲&quot; &amp; &lt;乙&gt;&#09;&#10;'
    """
    value = text(value)  # &, < and > first, as ElementTree does
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#09;")
    return value


def chunk_lines(chunks: Iterable[str]) -> Iterator[str]:
    """The lines of a document given as chunks of whole lines (joined by ``\\n``,
    none ending in one); a text value may hold a line break of its own.

    Examples
    --------
    >>> list(chunk_lines(["<a>", "  <b>x\\ny</b>\\n  <c />", "</a>"]))
    ['<a>', '  <b>x', 'y</b>', '  <c />', '</a>']
    """
    for chunk in chunks:
        if "\n" in chunk:
            yield from chunk.split("\n")
        else:
            yield chunk


#: Characters XML 1.0 cannot hold; written as U+FFFD.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Characters that need a fix: the illegal ones and CR.
_XML_FIX = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: str | int | float | bool) -> str | int | float | bool:
    r"""A string as XML 1.0 can hold it and a reader gives it back; other values as they are.

    CR LF and a lone CR become LF, which is what any XML reader turns them
    into.  Characters XML 1.0 cannot hold at all -- control characters other
    than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF -- become U+FFFD.
    Everything else, astral characters included, is kept.

    Examples
    --------
    >>> xml_safe("a\r\nb\rc\x00d\ufffee") == "a\nb\nc\ufffdd\ufffde"
    True
    >>> xml_safe("东风\t社区"), xml_safe(3)
    ('东风\t社区', 3)
    """
    if not isinstance(value, str) or _XML_FIX.search(value) is None:
        return value
    # XML readers turn CR LF and CR into LF; do it here so the file says what is read.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub("\ufffd", value)


def needs_xml_fix(texts: Iterable[Any]) -> bool:
    """Whether any string among ``texts`` holds a character :func:`xml_safe` changes.

    One search of them all joined: the characters it looks for are single code
    points (a Python string keeps a lone surrogate one), so joining finds no more
    and no fewer than looking at each.
    """
    return _XML_FIX.search("".join(t for t in texts if type(t) is str)) is not None


def safe_value(value: Any) -> Any:
    """A string made XML-safe (:func:`xml_safe`); any other value as it is."""
    return xml_safe(value) if isinstance(value, str) else value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every value of ``row`` through :func:`safe_value`."""
    return {k: safe_value(v) for k, v in row.items()}
