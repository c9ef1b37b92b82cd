"""The analysis report as a Word document (.docx), with python-docx.

A4 pages, Chinese fonts named for East Asian text (``w:eastAsia`` on every
style's fonts: Word otherwise shows Chinese in the theme's font, and the
heading styles name theme fonts that win over a plain font name), headings
in 黑体, body in 宋体; tables with a header row repeated on every page and
never split across one, numbers right-aligned; each figure on a page of the
orientation that shows it largest, printed at most at its own size, with its
caption under it; page numbers in the footer.

User text (names, messages) goes through :func:`partygraph.safe_text.printable`:
a control character would make python-docx refuse the text (XML 1.0 cannot
hold it), so it is shown as a visible escape; ``<`` and ``&`` are escaped by
the XML writer.

Examples
--------
>>> import io, docx
>>> from partygraph.report.document import Chapter, Document, Paragraph
>>> doc = Document("示例<市>", ("数据日期：2024-01-01",),
...     (Chapter("一、基本情况", 1, (Paragraph("第一段\\x1b。"),)),))
>>> d = docx.Document(io.BytesIO(docx_bytes(doc)))
>>> [p.text for p in d.paragraphs][:4]
['示例<市>', '数据日期：2024-01-01', '一、基本情况', '第一段␛。']
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt, RGBColor

from partygraph.io.atomic import write_atomic
from partygraph.report.document import Chapter, Document, Figure, Paragraph, Table
from partygraph.safe_text import printable

__all__ = ["BODY_FONT", "HEADING_FONT", "docx_bytes", "write_docx"]

#: The fonts named for Chinese (East Asian) text, and for Latin text and digits.
BODY_FONT = ("宋体", "Times New Roman")
HEADING_FONT = ("黑体", "Arial")
#: A4, and its margins (text pages; figure pages have narrower ones).
_PAGE = (Cm(21.0), Cm(29.7))
_MARGIN = Cm(2.5)
_FIGURE_MARGIN = Cm(1.5)
#: Room kept on a figure page for its caption, and for a heading above the first.
_CAPTION_ROOM = Cm(1.6)
_HEADING_ROOM = Cm(3.5)
#: Width of a Latin character in a 9 pt table cell (a Chinese one takes two),
#: and the widest a column is made for its text before it wraps, in those.
_HALF_WIDTH = int(Pt(5.2))
_WRAP_AT = 44
#: Columns this narrow (in the same units) are never squeezed.
_SHORT = 16


def write_docx(document: Document, path: str | os.PathLike[str]) -> None:
    """Write ``document`` to ``path`` as .docx, atomically (whole or not at all)."""
    data = docx_bytes(document)
    with write_atomic(Path(path), binary=True) as f:
        f.write(data)


def docx_bytes(document: Document) -> bytes:
    """``document`` as the bytes of a .docx file."""
    d = docx.Document()
    _page(d.sections[0], landscape=False, margin=_MARGIN)
    _styles(d)
    _page_numbers(d.sections[0])
    d.core_properties.title = printable(document.title)
    d.core_properties.language = "zh-CN" if document.language == "zh" else "en-GB"
    head = d.add_paragraph(style="Title")
    head.add_run(printable(document.title))
    for line in document.subtitle:
        d.add_paragraph(printable(line), style="Subtitle")
    for chapter in document.chapters:
        _chapter(d, chapter)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


# -- page and styles -----------------------------------------------------------------
def _page(section: Any, *, landscape: bool, margin: Length) -> None:
    width, height = _PAGE
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, margin)


def _fonts(style: Any, fonts: tuple[str, str], size: float, *, bold: bool = False) -> None:
    """Name the East Asian and Latin fonts of a style, with no theme font left to win."""
    east, latin = fonts
    style.font.name = latin
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:eastAsia"), east)
    lang = style.element.get_or_add_rPr().find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        style.element.get_or_add_rPr().append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _defaults(d: Any) -> None:
    """The document defaults: the body fonts instead of the theme's, Chinese as
    the East Asian language (the template says en-US, and a program choosing a
    substitute font by language then picks a Japanese one)."""
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    east, latin = BODY_FONT
    for attr, font in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east)):
        rfonts.set(qn(attr), font)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")


def _styles(d: Any) -> None:
    _defaults(d)
    styles = d.styles
    _fonts(styles["Normal"], BODY_FONT, 11)
    normal = styles["Normal"].paragraph_format
    normal.space_after, normal.line_spacing = Pt(4), 1.3
    for name, size in (("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 12)):
        _fonts(styles[name], HEADING_FONT, size, bold=name != "Heading 1")
        fmt = styles[name].paragraph_format
        fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(12), Pt(6), True
    _fonts(styles["Title"], HEADING_FONT, 20)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Title"].paragraph_format.space_after = Pt(12)
    border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if border is not None:  # the template underlines its title
        styles["Title"].element.pPr.remove(border)
    _fonts(styles["Subtitle"], BODY_FONT, 12)
    styles["Subtitle"].font.italic = False
    styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(styles["Caption"], HEADING_FONT, 10)
    styles["Caption"].font.italic = False
    styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Caption"].paragraph_format.space_before = Pt(6)


def _page_numbers(section: Any) -> None:
    """A centred ``PAGE`` field in the footer (later sections link to it)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


# -- blocks --------------------------------------------------------------------------
def _chapter(d: Any, chapter: Chapter) -> None:
    figures = [b for b in chapter.blocks if isinstance(b, Figure) and b.png is not None]
    if figures:  # the figures' chapter opens a section shaped for its first figure
        _figure_section(d, figures[0], first=True)
    d.add_heading(printable(chapter.heading), level=chapter.level)
    first = True
    for block in chapter.blocks:
        if isinstance(block, Chapter):
            _chapter(d, block)
        elif isinstance(block, Paragraph):
            _paragraph(d, block)
        elif isinstance(block, Table):
            _table(d, block)
        elif isinstance(block, Figure):
            _figure(d, block, first=first)
            first = first and block.png is None


def _paragraph(d: Any, block: Paragraph) -> None:
    p = d.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(22)
    if block.lead:
        p.add_run(printable(block.lead)).bold = True
    run = p.add_run(printable(block.text))
    if block.note:
        run.font.size = Pt(10)


def _table(d: Any, block: Table) -> None:
    caption = d.add_paragraph(printable(block.caption), style="Caption")
    caption.paragraph_format.keep_with_next = True
    table = d.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(block, d.sections[-1])
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(w.twips)))  # LibreOffice lays out by the grid
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for r, cells in enumerate([block.header, *block.rows]):
        row = table.rows[r]
        _row_properties(row, header=r == 0)
        for c, text in enumerate(cells):
            cell = row.cells[c]
            cell.width = widths[c]
            p = cell.paragraphs[0]
            p.paragraph_format.first_line_indent = Pt(0)
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            if r == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _shade(cell, "E7E6E6")
            elif block.numeric[c]:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run(printable(text))
            run.font.size = Pt(9)
            run.bold = r == 0
    d.add_paragraph().paragraph_format.space_after = Pt(2)


def _row_properties(row: Any, *, header: bool) -> None:
    """A row never split across pages; the header row repeated on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _shade(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _widths(block: Table, section: Any) -> list[Emu]:
    """Column widths from the longest text of each column (a Chinese character
    counting twice), numbers kept narrow, text given the rest of the page."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    columns = list(zip(block.header, *block.rows, strict=True))
    need = [max(4, min(_WRAP_AT, max(width(t) for t in col))) + 2 for col in columns]
    room = int(section.page_width - section.left_margin - section.right_margin)
    if sum(need) * _HALF_WIDTH <= room:  # a short table stays narrow
        return [Emu(n * _HALF_WIDTH) for n in need]
    # Short columns (names, numbers) keep their width; long texts share the rest and wrap.
    fixed = sum(n for n in need if n <= _SHORT) * _HALF_WIDTH
    wide = [n for n in need if n > _SHORT]
    rest = max(room - fixed, len(wide) * _SHORT * _HALF_WIDTH)
    return [Emu(n * _HALF_WIDTH if n <= _SHORT else int(rest * n / sum(wide))) for n in need]


def _figure_section(d: Any, figure: Figure, *, first: bool) -> None:
    landscape = figure.size[0] > figure.size[1]
    section = d.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=landscape, margin=_FIGURE_MARGIN)


def _figure(d: Any, figure: Figure, *, first: bool) -> None:
    if figure.png is None:
        _paragraph(
            d, Paragraph(figure.error or figure.caption, lead=figure.caption + "：", note=True)
        )
        return
    if not first:
        _figure_section(d, figure, first=False)
    section = d.sections[-1]
    room_w = section.page_width - section.left_margin - section.right_margin
    room_h = section.page_height - section.top_margin - section.bottom_margin - _CAPTION_ROOM
    if first:
        room_h -= _HEADING_ROOM
    w_in, h_in = figure.size
    scale = min(1.0, room_w / (w_in * 914400), room_h / (h_in * 914400))
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(figure.png), width=Emu(int(w_in * 914400 * scale)))
    d.add_paragraph(printable(figure.caption), style="Caption")
