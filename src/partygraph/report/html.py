"""The analysis report as one self-contained HTML file.

Figures are embedded as ``data:`` URIs (PNG), so the file can be mailed or
opened offline; the style sheet names Chinese fonts and prints on A4.  All
text goes through :func:`text` (control characters made visible, then HTML
escaped), so a name such as ``<script>`` or ``A&B`` is shown as written.

Examples
--------
>>> from partygraph.report.document import Chapter, Document, Paragraph
>>> doc = Document("<b>示例市</b>", (), (Chapter("一、基本情况", 1, (Paragraph("A&B"),)),))
>>> page = html_text(doc)
>>> "<h1>&lt;b&gt;示例市&lt;/b&gt;</h1>" in page, "<p>A&amp;B</p>" in page
(True, True)
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path

from partygraph.io.atomic import write_atomic
from partygraph.report.document import Block, Chapter, Document, Figure, Paragraph, Table
from partygraph.safe_text import printable

__all__ = ["STYLE", "html_text", "text", "write_html"]

#: The style sheet: Chinese fonts first, tables ruled, numbers right-aligned, A4 print.
STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "SimSun", "宋体", sans-serif; max-width: 62em; margin: 2em auto;
  padding: 0 1em; line-height: 1.7; color: #111; }
h1 { text-align: center; font-size: 1.6em; margin-bottom: 0.2em; }
.subtitle { text-align: center; margin: 0; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 1.1em; margin-top: 1.2em; }
p { text-indent: 2em; margin: 0.4em 0; }
p.note { font-size: 0.9em; color: #444; }
table { border-collapse: collapse; margin: 0.4em auto 1em; font-size: 0.85em; }
caption { font-weight: bold; padding: 0.3em; }
th, td { border: 1px solid #999; padding: 0.15em 0.5em; vertical-align: top; }
th { background: #e7e6e6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1em 0; text-align: center; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-weight: bold; margin-top: 0.3em; }
@page { size: A4; margin: 2cm; }
@media print { body { max-width: none; margin: 0; } thead { display: table-header-group; } }
"""


def text(value: object) -> str:
    """User text as HTML text: control characters visible, ``<``, ``>``, ``&``, quotes escaped.

    >>> text('<img src=x onerror="1">\\x00')
    '&lt;img src=x onerror=&quot;1&quot;&gt;␀'
    """
    return html.escape(printable(str(value)), quote=True)


def html_text(document: Document) -> str:
    """``document`` as an HTML page (UTF-8, one file)."""
    lang = "zh-CN" if document.language == "zh" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{text(document.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{text(document.title)}</h1>",
        *(f'<p class="subtitle">{text(line)}</p>' for line in document.subtitle),
    ]
    for chapter in document.chapters:
        out += _block(chapter)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_html(document: Document, path: str | os.PathLike[str]) -> None:
    """Write ``document`` to ``path`` as HTML, atomically."""
    with write_atomic(Path(path)) as f:
        f.write(html_text(document))


def _block(block: Block) -> list[str]:
    if isinstance(block, Chapter):
        tag = f"h{block.level + 1}"
        out = ["<section>", f"<{tag}>{text(block.heading)}</{tag}>"]
        for inner in block.blocks:
            out += _block(inner)
        return [*out, "</section>"]
    if isinstance(block, Paragraph):
        lead = f"<strong>{text(block.lead)}</strong>" if block.lead else ""
        cls = ' class="note"' if block.note else ""
        return [f"<p{cls}>{lead}{text(block.text)}</p>"]
    if isinstance(block, Table):
        return _table(block)
    return _figure(block)


def _table(block: Table) -> list[str]:
    out = ["<table>", f"<caption>{text(block.caption)}</caption>", "<thead><tr>"]
    out += [f"<th>{text(h)}</th>" for h in block.header]
    out += ["</tr></thead>", "<tbody>"]
    for row in block.rows:
        cells = (
            f'<td class="num">{text(c)}</td>' if numeric else f"<td>{text(c)}</td>"
            for c, numeric in zip(row, block.numeric, strict=True)
        )
        out.append("<tr>" + "".join(cells) + "</tr>")
    return [*out, "</tbody>", "</table>"]


def _figure(block: Figure) -> list[str]:
    if block.png is None:
        said = block.error or block.caption
        return [f'<p class="note"><strong>{text(block.caption)}</strong> {text(said)}</p>']
    data = base64.b64encode(block.png).decode("ascii")
    width = round(block.size[0] * 96)  # CSS pixels: the figure at its printed size
    return [
        "<figure>",
        f'<img src="data:image/png;base64,{data}" alt="{text(block.caption)}" width="{width}">',
        f"<figcaption>{text(block.caption)}</figcaption>",
        "</figure>",
    ]
