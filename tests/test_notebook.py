"""How models, reports and diagrams show in a notebook: short reprs, bounded
and escaped HTML, figures that display themselves.

The figures are hand-counted from tests/fixtures/rules/model.yaml (its
findings are worked out in tests/test_check.py): 1 city, 1 county, 2
subdistricts, 3 communities, 9 party organisations and 3 expanded bodies, 4
grids, 8 households and 12 persons; 11 errors, 26 warnings, 15 infos.
"""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest

import partygraph
from partygraph.i18n import use_language
from partygraph.model import Division, Model
from partygraph.model.report import CoverageRow, Finding, NodeRef, Report, RuleInfo, row
from partygraph.report.notebook import FINDINGS_BUDGET, report_html

ROOT = Path(__file__).resolve().parent.parent
RULES_MODEL = ROOT / "tests" / "fixtures" / "rules" / "model.yaml"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def model() -> Model:
    return partygraph.load(RULES_MODEL)


@pytest.fixture(scope="module")
def report(model: Model) -> Report:
    return partygraph.check(model)


class _Page(html.parser.HTMLParser):
    """Tags, attributes and text of an HTML fragment, as a browser parses it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.open == [], f"unclosed tags {parser.open}"
    return parser


# -- one-line reprs --------------------------------------------------------------


def test_model_repr_is_one_line_of_hand_counted_figures(model: Model) -> None:
    assert repr(model) == (
        "<Model 示例市（规则测试） 数据日期 2024-06-30：1 个市、1 个县(市、区)、2 个街道、"
        "3 个社区、12 个党组织、4 个网格、8 户、12 人>"
    )
    assert str(model) == repr(model)  # print(model) is not the 2.9 MB dump either
    with use_language("en"):
        assert repr(model) == (
            "<Model 示例市（规则测试） as of 2024-06-30: city 1, county 1, subdistrict 2, "
            "community 3, party_org 12, grid 4, households 8, persons 12>"
        )


def test_report_repr_counts_findings_by_severity_and_coverage_rows(report: Report) -> None:
    assert repr(report) == (
        "<Report 示例市（规则测试） 数据日期 2024-06-30："
        "错误 11 · 警告 26 · 提示 15；覆盖率 223 行>"
    )
    with use_language("en"):
        assert repr(report) == (
            "<Report 示例市（规则测试） as of 2024-06-30: 11 error · 26 warning · 15 info; "
            "223 coverage rows>"
        )


def test_row_reprs_are_one_line_each(report: Report) -> None:
    grid = next(f for f in report.findings if f.rule == "grid.leader")
    assert (
        repr(grid) == "<Finding 错误 grid.leader 网格 c1-grid2 “东风二网格”：网格未配备党员网格长>"
    )
    assert repr(grid.node) == "<NodeRef 网格 c1-grid2 “东风二网格”>"
    c1 = report.coverage_of("c1", "unit.set_up")[0]
    assert repr(c1) == "<CoverageRow unit.set_up 社区 c1 “东风社区”：0/1 0.0%>"
    split = next(c for c in report.candidates if c.action == "upgrade")
    assert (
        repr(split) == "<Candidate 升格 党组织 o-c2 “红旗社区党支部”：党员 62 人，党支部 → 党总支>"
    )
    with use_language("en"):
        assert repr(c1) == "<CoverageRow unit.set_up community c1 '东风社区': 0/1 0.0%>"
        assert repr(split) == (
            "<Candidate upgrade party_org o-c2 '红旗社区党支部': 62 members, "
            "branch → general_branch>"
        )
    for item in (grid, grid.node, c1, split, report, report.findings[-1]):
        assert "\n" not in repr(item)


def test_reprs_cut_and_make_printable_a_hostile_name() -> None:
    name = "东风\x1b[2J" + "很长的名字" * 38  # 197 characters: names allow 200
    m = Model(name=name, divisions=[Division(id="c", name=name, level="city")])
    text = repr(m)
    assert len(text) < 300 and "\x1b" not in text and "␛[2J" in text and "…" in text
    ref = NodeRef(id="c", kind="city", name=name)
    assert len(repr(ref)) < 100


# -- HTML ------------------------------------------------------------------------


def test_model_html_shows_counts_as_tables(model: Model) -> None:
    page = _parse(model._repr_html_())
    text = "".join(page.text)
    assert page.tags.count("table") == 3
    # 党组织 12 (9 organisations, 3 expanded bodies); 网格 4; 户 8
    for label, count in (("党组织", "12"), ("网格", "4"), ("户", "8"), ("社区", "3")):
        assert f"{label}{count}" in text.replace(" ", "")
    assert "大工委" in text and "党工委" in text  # forms in Chinese
    with use_language("en"):
        text = "".join(_parse(model._repr_html_()).text)
    assert "key figures" in text and "expanded working committee" in text
    assert "working_committee" not in text  # forms as words, like the text summary


def test_report_html_has_counts_coverage_bars_and_details_per_rule(report: Report) -> None:
    page_text = report._repr_html_()
    page = _parse(page_text)
    text = "".join(page.text)
    assert "错误警告提示112615" in text.replace(" ", "")  # the severity table: labels, counts
    # unit.set_up at the city: 1 of 2 units of 3+ members set up: a half bar
    assert "1/2" in text and "width:50.0%" in page_text
    rules_with_findings = {f.rule for f in report.findings}
    assert page.tags.count("details") == len(rules_with_findings)
    assert "问题最多的社区" in text and "红旗社区" in text
    # self-contained: no script, no external file, no link
    assert "script" not in page.tags and "link" not in page.tags
    assert not [a for a, v in page.attrs if a in ("src", "href")]


def test_report_html_lists_at_most_limit_rows_per_rule_and_counts_the_rest(
    report: Report,
) -> None:
    # household.residents_group: c1, c2, c3 (tests/test_check.py)
    page = report_html(report, limit=2)
    block = page[page.index("household.residents_group") :]
    block = block[: block.index("</details>")]
    assert block.count("<tr>") == 1 + 2  # the header and two rows
    assert "……另有 1 处" in block
    assert "东风社区" in block and "红旗社区" in block and "西湖社区" not in block


def test_report_html_in_english(report: Report) -> None:
    with use_language("en"):
        text = "".join(_parse(report._repr_html_()).text)
    assert "findings by rule" in text and "11 error" not in text
    assert "error" in text and "错误" not in text and "问题清单" not in text


def _hostile_report(findings: int = 3) -> Report:
    rule = RuleInfo(
        id="grid.leader",
        pack="p",
        severity="error",
        message=HOSTILE,
        message_en=HOSTILE,
        hint=HOSTILE,
        title=HOSTILE,
        title_en=HOSTILE,
        counts="grid",
        headline=True,
    )
    city = NodeRef(id="c", kind="city", name=HOSTILE)
    town = NodeRef(id="k", kind="county", name=HOSTILE)
    return Report(
        model=HOSTILE,
        snapshot=HOSTILE,
        packs=[HOSTILE],
        rules=[rule],
        findings=[
            Finding(
                rule="grid.leader",
                severity="error",
                node=NodeRef(id=f"g{i}\"'<>", kind="grid", name=HOSTILE),
                chain=[city, town],
                message=HOSTILE,
                message_en=HOSTILE,
                hint=HOSTILE,
            )
            for i in range(findings)
        ],
        coverage=[
            row(
                CoverageRow,
                rule="grid.leader",
                node=city,
                level="city",
                parent=None,
                covered=1,
                total=4,
                ratio=0.25,
            ),
            row(
                CoverageRow,
                rule="grid.leader",
                node=town,
                level="county",
                parent="c",
                covered=1,
                total=4,
                ratio=0.25,
            ),
        ],
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_hostile_name_is_escaped_everywhere(lang: str) -> None:
    with use_language(lang):
        page_text = _hostile_report()._repr_html_()
        model_page = Model(name=HOSTILE)._repr_html_()
    for text in (page_text, model_page):
        page = _parse(text)
        assert "script" not in page.tags
        assert any(HOSTILE in t for t in page.text)  # shown as text, as written
        assert not [a for a, _ in page.attrs if a.startswith("on")]


def test_a_province_size_report_stays_under_200_kb() -> None:
    """40 rules x 600 findings with long names, 2,000 units under one city."""
    city = NodeRef(id="p", kind="city", name="省" * 300)
    counties = [NodeRef(id=f"k{i}", kind="county", name=f"县{i}" * 100) for i in range(2000)]
    rules = [
        RuleInfo(
            id=f"r{i}",
            pack="p",
            severity="error",
            message="长" * 500,
            message_en="long",
            hint="建" * 500,
            counts="grid",
            headline=i < 3,
        )
        for i in range(40)
    ]
    findings = [
        row(
            Finding,
            rule=f"r{i}",
            severity="error",
            node=counties[j % 2000],
            chain=[city],
            value=j,
            expected="x" * 300,
            message="长" * 500,
            message_en="l",
            hint="建" * 500,
        )
        for i in range(40)
        for j in range(600)
    ]
    coverage = [
        row(
            CoverageRow,
            rule=r.id,
            node=u,
            level="county" if u is not city else "city",
            parent=None if u is city else "p",
            covered=1,
            total=2,
            ratio=0.5,
        )
        for r in rules[:5]
        for u in [city, *counties]
    ]
    big = Report(model="省" * 1000, rules=rules, findings=findings, coverage=coverage)
    page = big._repr_html_()
    size = len(page.encode("utf-8"))
    assert size < 200_000, size
    text = "".join(_parse(page).text)
    assert "……另有 1,970 个单位" in text  # 2,000 counties, 30 listed
    assert "……另有 592 处" in text  # 600 findings of a rule, 8 listed
    assert "条规则的问题未列出" in text  # the findings part stopped at its budget
    assert FINDINGS_BUDGET < 200_000


@pytest.mark.slow
def test_the_example_reprs_are_short_and_its_html_small() -> None:
    m = partygraph.load(ROOT / "configs" / "yangjiang.yaml")
    r = partygraph.check(m)
    assert len(repr(m)) < 300 and len(repr(r)) < 300
    assert "146" not in repr(m) and "136 个社区" in repr(m)
    assert len(r._repr_html_().encode("utf-8")) < 200_000
    assert len(m._repr_html_().encode("utf-8")) < 20_000


# -- diagrams --------------------------------------------------------------------


def test_draw_returns_a_figure_that_displays_itself(model: Model, report: Report) -> None:
    from matplotlib.figure import Figure

    from partygraph.draw import draw

    fig, ax = draw(model, "linkage", report=report)
    assert isinstance(fig, Figure) and ax.figure is fig
    png = fig._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert fig.get_axes() == [ax]  # still drawable after being shown: nothing closed it


def test_ipython_shows_the_figure_model_and_report_richly(model: Model, report: Report) -> None:
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    from partygraph.draw import draw

    shell = interactiveshell.InteractiveShell.instance()
    fig, _ = draw(model, "linkage")
    assert "image/png" in shell.display_formatter.format(fig)[0]
    for obj in (model, report):
        data = shell.display_formatter.format(obj)[0]
        assert "text/html" in data and len(data["text/plain"]) < 300
