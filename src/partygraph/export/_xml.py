"""Streaming XML for the GraphML and GEXF writers: escaping, and chunks to lines.

The writers make each element as text the moment they reach it, instead of
building an ElementTree of the whole graph and serialising it at the end
(which took most of an export's time and held the whole tree and the whole
text in memory at once).  What they write is byte for byte what networkx's
ElementTree writers wrote (``tests/test_export_stream.py`` compares them), so
the escaping here is ElementTree's: in text ``&``, ``<`` and ``>``; in an
attribute also ``"``, CR, LF and tab, as character references.  Characters
XML cannot hold are already gone (:func:`partygraph.export._common.xml_safe`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["Unsupported", "attribute", "chunk_lines", "text"]


class Unsupported(Exception):
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
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
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
