"""The analysis report (``partygraph report``): its structure, and the Word,
HTML and Markdown files read back.

Figures hand-worked on tests/fixtures/rules/model.yaml (see tests/test_check.py):
``unit.work_coverage`` covers 3 of 5 units in the city (60.0%), 2 of 4 in 东街道
(50.0%) and 1 of 1 in 西街道 (100.0%); one grid of four has no party-member
leader (c1-grid2, in 东风社区); two households of eight are in no grid (h4 in
红旗社区, h7 in 西湖社区).  Drawing figures is slow: those tests are marked slow.
"""

from __future__ import annotations

import base64
import io
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

import partygraph
from partygraph.cli import main
from partygraph.i18n import use_language
from partygraph.model.report import Report
from partygraph.report.document import (
    Chapter,
    Document,
    Figure,
    Paragraph,
    Table,
    build_document,
    walk,
)
from partygraph.report.docx import docx_bytes
from partygraph.report.html import html_text
from partygraph.report.mdreport import markdown_text, write_markdown

from conftest import FIXTURES

MODEL = FIXTURES / "rules" / "model.yaml"
CHAPTERS = [
    "一、基本情况",
    "二、覆盖情况",
    "三、主要问题",
    "四、整改建议",
    "五、关键节点",
    "六、图示",
]
WORK = "★ 单位党的工作覆盖（有党组织或党建指导员）"


@pytest.fixture(scope="module")
def checked() -> tuple[partygraph.Model, Report]:
    model = partygraph.load(MODEL)
    return model, partygraph.check(model)


@pytest.fixture(scope="module")
def document(checked: tuple[partygraph.Model, Report]) -> Document:
    return build_document(*checked, figures=False)


def _tables(doc: Document) -> dict[str, Table]:
    return {b.caption.split("　", 1)[1]: b for b in walk(doc.chapters) if isinstance(b, Table)}


def _paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in walk(doc.chapters) if isinstance(b, Paragraph)]


# -- the structure -------------------------------------------------------------------
def test_chapters_in_order_with_their_sections(document: Document) -> None:
    assert document.title == "示例市（规则测试）分析报告"
    assert document.subtitle[0].startswith("数据日期：")
    assert [c.heading for c in document.chapters] == CHAPTERS
    coverage = [b.heading for b in document.chapters[1].blocks if isinstance(b, Chapter)]
    assert coverage == [
        "（一）示例市总体覆盖情况",
        "（二）各县(市、区)覆盖情况",
        "（三）各街道覆盖情况",
    ]


def test_coverage_tables_hold_the_hand_worked_figures(document: Document) -> None:
    tables = _tables(document)
    scope = tables["示例市总体覆盖情况"]
    assert scope.header == ("指标", "计数对象", "已覆盖", "总数", "覆盖率")
    assert scope.numeric == (False, False, True, True, True)
    rows = {r[0]: r[1:] for r in scope.rows}
    assert rows[WORK] == ("单位", "3", "5", "60.0%")
    # the headline figures (★) come first
    assert all(r[0].startswith("★") for r in scope.rows[:4])
    assert not any(r[0].startswith("★") for r in scope.rows[4:])
    subdistricts = tables["各街道覆盖情况"]
    assert subdistricts.header == ("指标", "东街道", "西街道")
    assert {r[0]: r[1:] for r in subdistricts.rows}[WORK] == ("50.0%", "100.0%")


def test_problems_say_how_many_of_how_many_and_where(document: Document) -> None:
    said = {p.lead: p.text for p in _paragraphs(document) if p.lead}
    assert said["网格未配备党员网格长："].startswith(
        "1 个网格，占应覆盖 4 个网格的 25.0%；集中在 东风社区（1 个）。"
    )
    assert said["住户未纳入网格："].startswith(
        "2 户，占应覆盖 8 户的 25.0%；集中在 红旗社区（1 户）、西湖社区（1 户）。"
    )
    problems = document.chapters[2]
    sections = [b.heading for b in problems.blocks if isinstance(b, Chapter)]
    assert sections == ["（一）错误（11 项）", "（二）警告（26 项）", "（三）提示（15 项）"]


def test_candidates_are_grouped_by_action(document: Document) -> None:
    summary = _tables(document)["整改建议汇总"]
    assert summary.header == ("措施", "数量", "涉及党员")
    assert summary.rows[0] == ("单独组建", "2", "9")  # 东风小学 5 members, 西湖新村 4
    set_up = _tables(document)["单独组建"]
    assert [r[0] for r in set_up.rows] == ["东风小学", "西湖新村"]


def test_long_tables_stop_at_the_limit_and_say_how_many_more(
    checked: tuple[partygraph.Model, Report],
) -> None:
    doc = build_document(*checked, figures=False, limit=1)
    points = next(t for c, t in _tables(doc).items() if c.startswith("关键节点"))
    assert len(points.rows) == 1
    assert len(_tables(doc)["单独组建"].rows) == 1  # of 2
    more = [p.text for p in _paragraphs(doc) if p.text.startswith("另有")]
    assert more == [
        "另有 1 处未列出，完整清单可导出为 Excel 工作簿：partygraph check FILE -o 报告.xlsx"
    ]
    assert any("共 9 个，按影响大小列出前 1 个" in p.text for p in _paragraphs(doc))


def test_english_on_request(checked: tuple[partygraph.Model, Report]) -> None:
    with use_language("en"):
        doc = build_document(*checked, figures=False)
    assert [c.heading for c in doc.chapters][:2] == ["1. Overview", "2. Coverage"]


def test_without_figures_the_chapter_says_so(document: Document) -> None:
    figures = document.chapters[5]
    assert not [b for b in walk(figures.blocks) if isinstance(b, Figure)]
    assert "未附图示" in figures.blocks[0].text  # type: ignore[union-attr]


# -- Word ----------------------------------------------------------------------------
def test_docx_headings_tables_and_page(document: Document) -> None:
    d = docx.Document(io.BytesIO(docx_bytes(document)))
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads == CHAPTERS
    assert d.paragraphs[0].text == document.title
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    scope = next(t for t in d.tables if [c.text for c in t.rows[0].cells][2:3] == ["已覆盖"])
    assert [c.text for c in scope.rows[0].cells] == ["指标", "计数对象", "已覆盖", "总数", "覆盖率"]
    row = next(r for r in scope.rows if r.cells[0].text == WORK)
    assert [c.text for c in row.cells[1:]] == ["单位", "3", "5", "60.0%"]
    assert row.cells[4].paragraphs[0].alignment == 2  # right: a number
    assert row.cells[0].paragraphs[0].alignment is None
    for table in d.tables:  # every header row repeats on each page
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_docx_names_east_asian_fonts_and_no_theme_font(document: Document) -> None:
    d = docx.Document(io.BytesIO(docx_bytes(document)))
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Heading 2", "黑体")):
        rfonts = d.styles[name].element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == font, name
        assert rfonts.get(qn("w:eastAsiaTheme")) is None, name  # it would win


def test_docx_shows_control_characters_and_keeps_markup_as_text() -> None:
    hostile = "<w:t>东&风</w:t>\x1b\x00社区"
    doc = Document(
        hostile,
        (),
        (
            Chapter(
                "一、" + hostile,
                1,
                (Table("表 1　" + hostile, ("名称",), ((hostile,),), (False,)),),
            ),
        ),
    )
    d = docx.Document(io.BytesIO(docx_bytes(doc)))
    shown = "<w:t>东&风</w:t>␛␀社区"
    assert d.paragraphs[0].text == shown
    assert d.tables[0].rows[1].cells[0].text == shown


# -- HTML ----------------------------------------------------------------------------
class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[tuple[str, str]] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append((self.tags[-1] if self.tags else "", data))


def _read_html(page: str) -> _Reader:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader


def test_html_headings_and_tables(document: Document) -> None:
    reader = _read_html(html_text(document))
    assert [t for tag, t in reader.text if tag == "h2"] == CHAPTERS
    assert reader.tags.count("table") == len(_tables(document))
    assert '<td class="num">60.0%</td>' in html_text(document)


def test_html_keeps_a_hostile_name_as_text(tmp_path: Path) -> None:
    source = MODEL.read_text(encoding="utf-8")
    name = "<script>alert(1)</script>东&amp;街道"
    hostile = source.replace("{id: s1, name: 东街道,", '{id: s1, name: "' + name + '",')
    assert hostile != source
    (tmp_path / "model.yaml").write_text(hostile, encoding="utf-8")
    for csv in ("households.csv", "persons.csv"):
        (tmp_path / csv).write_bytes((MODEL.parent / csv).read_bytes())
    model = partygraph.load(tmp_path / "model.yaml")
    page = html_text(build_document(model, partygraph.check(model), figures=False))
    reader = _read_html(page)
    assert "script" not in reader.tags
    assert any(t == name for _, t in reader.text)  # a table header: the name as written


# -- Markdown ------------------------------------------------------------------------
def test_markdown_has_the_same_sections(document: Document) -> None:
    text, files = markdown_text(document, "分析报告_files")
    heads = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert heads == CHAPTERS
    assert text.startswith("# 示例市（规则测试）分析报告\n")
    assert f"| {WORK} | 单位 | 3 | 5 | 60.0% |" in text
    assert "|---|---|---:|---:|---:|" in text
    assert files == {}


# -- the command ---------------------------------------------------------------------
def test_command_writes_docx_and_refuses_an_unknown_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "分析报告.docx"
    assert main(["report", str(MODEL), "--no-figures", "-o", str(out)]) == 0
    assert "已写出" in capsys.readouterr().out
    d = docx.Document(str(out))
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == CHAPTERS
    assert len(d.inline_shapes) == 0
    bad = tmp_path / "分析报告.pdf"
    assert main(["report", str(MODEL), "-o", str(bad)]) == 2
    assert "分析报告不能写成 .pdf 文件" in capsys.readouterr().err
    assert not bad.exists()


def test_command_prints_markdown_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(MODEL), "--scope", "东街道"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# 示例市（规则测试）分析报告\n\n数据日期：")
    assert "分析范围：东街道" in text
    assert "## 六、图示" in text and "未附图示" in text
    assert "各社区覆盖情况" in text  # one level below a subdistrict scope


# -- with figures (slow) -------------------------------------------------------------
@pytest.fixture(scope="module")
def drawn(checked: tuple[partygraph.Model, Report]) -> Document:
    return build_document(*checked, figures=True)


def _figures(doc: Document) -> list[Figure]:
    return [b for b in walk(doc.chapters) if isinstance(b, Figure)]


@pytest.mark.slow
def test_figures_are_drawn_with_captions(drawn: Document) -> None:
    figures = _figures(drawn)
    assert [f.layer for f in figures][:2] == ["linkage", "pairing"]
    assert [f.caption[:4] for f in figures] == [f"图 {i}　" for i in range(1, len(figures) + 1)]
    assert all(f.png is not None and f.png[:8] == b"\x89PNG\r\n\x1a\n" for f in figures)


@pytest.mark.slow
def test_docx_embeds_every_figure_with_its_caption(drawn: Document) -> None:
    d = docx.Document(io.BytesIO(docx_bytes(drawn)))
    figures = _figures(drawn)
    assert len(d.inline_shapes) == len(figures) >= 1
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert [c for c in captions if c.startswith("图")] == [f.caption for f in figures]
    for shape in d.inline_shapes:  # inside the page of its section
        assert shape.width <= Mm(297 - 2 * 15)
    # each figure on a page of its own orientation (the first section holds the text)
    pages = d.sections[1:]
    assert len(pages) == len(figures)
    for page, figure in zip(pages, figures, strict=True):
        assert (page.page_width > page.page_height) == (figure.size[0] > figure.size[1])


@pytest.mark.slow
def test_html_and_markdown_carry_the_figures(drawn: Document, tmp_path: Path) -> None:
    reader = _read_html(html_text(drawn))
    sources = [str(img["src"]) for img in reader.images]
    assert len(sources) == len(_figures(drawn))
    head = "data:image/png;base64,"
    assert all(base64.b64decode(s[len(head) :])[:4] == b"\x89PNG" for s in sources)
    written = write_markdown(drawn, tmp_path / "分析报告.md")
    text = (tmp_path / "分析报告.md").read_text(encoding="utf-8")
    pngs = sorted((tmp_path / "分析报告_files").glob("*.png"))
    assert len(pngs) == len(_figures(drawn)) and written[-1] == tmp_path / "分析报告.md"
    assert text.count("](%E5%88%86%E6%9E%90%E6%8A%A5%E5%91%8A_files/fig") == len(pngs)


@pytest.mark.slow
def test_the_example_report_names_the_published_gap() -> None:
    model = partygraph.load(FIXTURES.parent.parent / "configs" / "yangjiang.yaml")
    doc = build_document(model, partygraph.check(model), figures=False)
    said = {p.lead: p.text for p in _paragraphs(doc) if p.lead}
    # the city's household.grid coverage row: 17,811 of 18,000 households in a grid
    assert said["住户未纳入网格："].startswith("189 户，占应覆盖 18,000 户的 1.1%；集中在 ")
    assert "等 15 个社区。整改方向：" in said["住户未纳入网格："]
    tables = _tables(doc)
    assert tables["各县(市、区)覆盖情况"].header == ("指标", "江城区", "阳东区", "阳西县", "阳春市")
    assert "各街道覆盖情况（续）" in tables  # 10 subdistricts: five to a table
