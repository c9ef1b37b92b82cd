"""A check overlaid on a diagram says what it means: a box's fill and its
``覆盖 x%`` come from one rule, the layer's other rules mark boxes with a dot,
the legend names rules by their Chinese titles, and the legend always fits.

The reports here are made by hand on the small fixture (two communities), so
every expected fill, figure and legend line is worked out below, not taken
from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Circle

import partygraph
from partygraph.draw import DRAWERS, draw, node_patches
from partygraph.draw.style import SEVERITY_STYLE
from partygraph.model import Model
from partygraph.model.report import CoverageRow, Finding, NodeRef, Report, RuleInfo
from partygraph.rules.check import check
from partygraph.synthetic import synth

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small" / "model.yaml"
AMBER, RED = SEVERITY_STYLE["warning"][0], SEVERITY_STYLE["error"][0]

#: Two rules of the linkage layer, with titles as the packs give them.
SECRETARY = RuleInfo(
    id="post.secretary",
    pack="p",
    severity="warning",
    message="党组织书记空缺",
    message_en="no secretary",
    hint="",
    title="党组织书记在岗",
    counts="party_org",
)
WORK = RuleInfo(
    id="compound.work_coverage",
    pack="p",
    severity="error",
    message="小区党的工作未覆盖",
    message_en="no work coverage",
    hint="",
    title="小区党的工作覆盖",
    counts="compound",
)


@pytest.fixture(scope="module")
def small() -> Model:
    return partygraph.load(SMALL)


def _finding(rule: RuleInfo, node: str, kind: str = "community") -> Finding:
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        node=NodeRef(id=node, kind=kind, name=node),
        message=rule.message,
        message_en=rule.message_en,
        hint="",
    )


def _row(rule: RuleInfo, node: str, covered: int, total: int) -> CoverageRow:
    return CoverageRow(
        rule=rule.id,
        node=NodeRef(id=node, kind="community", name=node),
        level="community",
        covered=covered,
        total=total,
        ratio=covered / total,
    )


def _legend(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text().replace("\n", "") for t in legend.get_texts()]


def _marker(ax: Axes, node: str) -> Circle | None:
    dots = [p for p in ax.patches if isinstance(p, Circle) and p.get_gid() == f"{node}:marker"]
    return dots[0] if dots else None


def _label(ax: Axes, node: str) -> str:
    return next(t.get_text() for t in ax.texts if t.get_gid() == f"{node}:label")


def test_a_warning_of_another_rule_is_a_dot_not_an_amber_box_reading_100(small: Model) -> None:
    """东风社区 (c1): a warning of rule A (书记在岗 on its party organisation
    o-c1, folded onto c1) and 1/1 compounds under rule B, the coverage rule."""
    report = Report(
        model="m",
        rules=[SECRETARY, WORK],
        findings=[_finding(SECRETARY, "o-c1", "party_org")],
        coverage=[_row(WORK, "c1", 1, 1)],
    )
    _, ax = draw(small, "linkage", report=report)
    (box,) = node_patches(ax, "c1")
    assert to_hex(box.get_facecolor()) not in (AMBER, RED)
    assert _label(ax, "c1") == "东风社区 100%"
    dot = _marker(ax, "c1")
    assert dot is not None and to_hex(dot.get_facecolor()) == SEVERITY_STYLE["warning"][1]
    legend = _legend(ax)
    assert "圆点：其他规则的警告，本图 1 个" in legend
    assert "圆点所示：党组织书记在岗（1 个框）" in legend
    assert "覆盖 x% = 达到“小区党的工作覆盖”的小区所占比例" in legend
    assert not any("post.secretary" in t or "compound.work_coverage" in t for t in legend)


def test_a_filled_box_is_the_coverage_rule_and_reads_below_100(small: Model) -> None:
    """西湖社区 (c2): its one compound lacks work coverage (an error of the
    coverage rule on the compound, shown on the community), so 0/1."""
    report = Report(
        model="m",
        rules=[SECRETARY, WORK],
        findings=[_finding(WORK, "cp1", "compound")],  # cp1 is in c1
        coverage=[_row(WORK, "c1", 0, 1), _row(WORK, "c2", 1, 1)],
    )
    _, ax = draw(small, "linkage", report=report)
    assert to_hex(node_patches(ax, "c1")[0].get_facecolor()) == RED
    assert _label(ax, "c1") == "东风社区 0%"
    assert to_hex(node_patches(ax, "c2")[0].get_facecolor()) not in (AMBER, RED)
    assert _marker(ax, "c1") is None
    assert "错误：“小区党的工作覆盖”有未达到的小区，本图 1 个" in _legend(ax)


def test_without_a_coverage_rule_the_layer_rules_fill(small: Model) -> None:
    report = Report(
        model="m", rules=[SECRETARY], findings=[_finding(SECRETARY, "o-c1", "party_org")]
    )
    _, ax = draw(small, "linkage", report=report, coverage_rule="")
    assert to_hex(node_patches(ax, "c1")[0].get_facecolor()) == AMBER
    assert _marker(ax, "c1") is None
    assert any(t.startswith("填色依据：党组织书记在岗") for t in _legend(ax))


def test_whistle_shows_the_share_of_categories_answered(small: Model) -> None:
    """13 of 14 categories answered at c1: 92% on the community, the count in
    the legend, and no figure on the subdistrict or county of its chain."""
    whistle = RuleInfo(
        id="whistle.responder",
        pack="p",
        severity="warning",
        message="有事项类别无人响应",
        message_en="a category has no responder",
        hint="",
        title="事项类别有报到部门",
        counts="issue_category",
    )
    report = Report(
        model="m",
        rules=[whistle],
        findings=[_finding(whistle, "c1")],
        coverage=[_row(whistle, "c1", 13, 14), _row(whistle, "sd1", 20, 28)],
    )
    _, ax = draw(small, "whistle", report=report, community="c1")
    assert _label(ax, "c1").endswith("覆盖 92%")
    assert "覆盖" not in _label(ax, "sd1")
    assert to_hex(node_patches(ax, "c1")[0].get_facecolor()) == AMBER
    assert "东风社区：13/14 个事项类别有报到部门" in _legend(ax)


@pytest.fixture(scope="module")
def checked() -> tuple[Model, Report]:
    model = synth(preset="yangjiang")
    return model, check(model)


@pytest.mark.parametrize("layer", list(DRAWERS))
def test_no_filled_box_reads_100_on_a_checked_city(
    checked: tuple[Model, Report], layer: str
) -> None:
    """On the 136-community synthetic city with its real check, a box filled
    red or amber that carries a coverage figure never reads 100%."""
    model, report = checked
    _, ax = draw(model, layer, report=report)
    filled = {
        p.get_gid() for p in ax.patches if p.get_gid() and to_hex(p.get_facecolor()) in (AMBER, RED)
    }
    labels = {t.get_gid().removesuffix(":label"): t.get_text() for t in ax.texts if t.get_gid()}
    read = {gid: labels[gid] for gid in filled if "%" in labels.get(gid, "")}
    assert not [gid for gid, text in read.items() if "100%" in text], read
    if layer == "whistle":
        assert read, "the whistle community has a figure"
        assert not any(text.endswith(" 0%") for text in labels.values())


# -- the legend fits the figure ------------------------------------------------------
def _inside(fig: Figure, ax: Axes) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    legend = ax.get_legend()
    assert legend is not None
    box = legend.get_window_extent(renderer)
    page = fig.bbox
    assert box.x0 >= page.x0 and box.y0 >= page.y0, (box, page)
    assert box.x1 <= page.x1 and box.y1 <= page.y1, (box, page)
    for text in legend.get_texts():
        t = text.get_window_extent(renderer)
        assert page.x0 <= t.x0 and t.x1 <= page.x1 and page.y0 <= t.y0 and t.y1 <= page.y1


@pytest.mark.parametrize("layer", list(DRAWERS))
def test_legend_is_never_cut_off_on_a_small_diagram(small: Model, layer: str) -> None:
    """One small community, and rule titles far longer than the diagram is wide."""
    long = RuleInfo(
        id="grid.leader",
        pack="p",
        severity="error",
        message="m",
        message_en="m",
        hint="",
        title="网格配备党员网格长，且网格长为在职党员、居住在本网格、每月走访不少于十户" * 3,
    )
    rules = [long.model_copy(update={"id": rule}) for rule in _all_rules()]
    findings = [_finding(r, node) for r in rules for node in ("c1", "sd1")]
    coverage = [_row(r, "c1", 1, 2) for r in rules]
    report = Report(model="m", rules=rules, findings=findings, coverage=coverage)
    fig, ax = draw(small, layer, report=report, rules=["*"])
    _inside(fig, ax)


def _all_rules() -> list[str]:
    from partygraph.draw import LAYER_RULES

    return sorted({cov for _, cov in LAYER_RULES.values()} | {"post.secretary", "branch.size"})
