"""Diagrams of each layer: layout, overlay, output formats and the CLI.

The layout tests draw every layer of the Yangjiang-sized synthetic model (136
communities) and check, after rendering, that no two texts overlap, that no
text leaves the figure and that none is smaller than 6 pt.  Warnings are
errors (pytest config), so a missing Chinese glyph fails any test that draws.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text

import partygraph
from partygraph.cli import main
from partygraph.draw import DRAWERS, draw, figure_bytes, node_patches, save_figure
from partygraph.draw.fonts import register_chinese_font
from partygraph.draw.style import SEVERITY_STYLE
from partygraph.model import Model
from partygraph.model.report import CoverageRow, Finding, NodeRef, Report
from partygraph.synthetic import synth

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small" / "model.yaml"
LAYERS = list(DRAWERS)


@pytest.fixture(scope="module")
def city() -> Model:
    """The Yangjiang preset: 136 communities, 10 subdistricts, 73 pairings."""
    return synth(preset="yangjiang")


@pytest.fixture(scope="module")
def small() -> Model:
    return partygraph.load(SMALL)


def _texts(fig: Figure | SubFigure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _extents(fig: Figure | SubFigure) -> tuple[list[str], np.ndarray]:
    """Rendered text boxes (x0, y0, x1, y1) in pixels."""
    root = fig.get_figure(root=True) if isinstance(fig, SubFigure) else fig
    assert isinstance(root, Figure)
    root.canvas.draw()
    renderer = root.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = _texts(fig)
    boxes = np.array([t.get_window_extent(renderer).extents for t in texts])
    return [t.get_text() for t in texts], boxes


def _overlaps(labels: list[str], boxes: np.ndarray, tol: float = 0.5) -> list[tuple[str, str]]:
    x0, y0, x1, y1 = boxes.T
    hit = (
        (x0[:, None] < x1[None, :] - tol)
        & (x0[None, :] < x1[:, None] - tol)
        & (y0[:, None] < y1[None, :] - tol)
        & (y0[None, :] < y1[:, None] - tol)
    )
    np.fill_diagonal(hit, False)
    return [(labels[i], labels[j]) for i, j in zip(*np.nonzero(np.triu(hit)), strict=True)]


def _report(
    findings: dict[str, str], coverage: dict[str, tuple[str, float]], rule: str = "test.rule"
) -> Report:
    """A hand-built report: ``{node: severity}`` and ``{node: (rule, ratio)}``."""
    return Report(
        model="test",
        findings=[
            Finding(
                rule=rule,
                severity=sev,
                node=NodeRef(id=node, kind="x", name=node),
                message="测试",
                message_en="test",
                hint="",
            )
            for node, sev in findings.items()
        ],
        coverage=[
            CoverageRow(
                rule=rule,
                node=NodeRef(id=node, kind="x", name=node),
                level="community",
                covered=round(ratio * 10),
                total=10,
                ratio=ratio,
            )
            for node, (rule, ratio) in coverage.items()
        ],
    )


# -- layout on the Yangjiang-sized model --------------------------------------
@pytest.mark.parametrize("layer", LAYERS)
def test_layer_is_readable_on_a4(city: Model, layer: str) -> None:
    fig, ax = draw(city, layer)
    assert isinstance(fig, Figure) and isinstance(ax, Axes)
    width, height = fig.get_size_inches()
    assert max(width, height) <= 11.7 and min(width, height) <= 8.3  # fits A4
    labels, boxes = _extents(fig)
    assert not _overlaps(labels, boxes)
    w_px, h_px = fig.canvas.get_width_height()
    assert boxes[:, 0].min() >= 0 and boxes[:, 1].min() >= 0, "a label is clipped"
    assert boxes[:, 2].max() <= w_px and boxes[:, 3].max() <= h_px, "a label is clipped"
    assert min(float(t.get_fontsize()) for t in _texts(fig)) >= 6.0


def test_linkage_draws_every_community(city: Model) -> None:
    _, ax = draw(city, "linkage")
    communities = {d.id for d in city.divisions if d.level == "community"}
    assert len(communities) == 136
    drawn = {p.get_gid() for p in ax.patches} & communities
    assert drawn == communities
    assert len([t for t in ax.texts if t.get_gid() in {f"{c}:label" for c in communities}]) == 136


def test_linkage_collapsed_shows_counts(city: Model) -> None:
    fig, ax = draw(city, "linkage", collapse=True)
    counts = [p for p in ax.patches if str(p.get_gid()).endswith("@communities")]
    assert len(counts) == 10
    texts = [t.get_text() for t in ax.texts]
    assert sum(int(t.split()[1]) for t in texts if t.startswith("社区 ") and "个" in t) >= 136
    assert not _overlaps(*_extents(fig))


def test_linkage_focus_draws_a_subtree(city: Model) -> None:
    sd = next(d for d in city.divisions if d.level == "subdistrict")
    _, ax = draw(city, "linkage", focus=sd.id)
    members = {d.id for d in city.divisions if d.parent == sd.id and d.level == "community"}
    assert {p.get_gid() for p in ax.patches} == members | {sd.id}


def test_linkage_odd_hierarchy_stays_tidy() -> None:
    """Two top-level divisions, communities straight under a county beside its
    subdistricts, a county with nothing below, a community without an org."""
    from partygraph.model import Division, PartyOrg

    divisions = [
        Division(id="a", name="甲市", level="city"),
        Division(id="k1", name="甲区", level="county", parent="a"),
        Division(id="k2", name="乙县", level="county", parent="a"),
        Division(id="s1", name="东街道", level="subdistrict", parent="k1"),
        Division(id="b", name="孤立区", level="county"),
    ]
    divisions += [
        Division(id=f"c{i}", name=f"第{i}社区", level="community", parent="s1" if i < 20 else "k1")
        for i in range(25)
    ]
    divisions.append(Division(id="cb", name="孤立社区", level="community", parent="b"))
    orgs = [PartyOrg(id="o1", name="第1社区党委", form="committee", division="c1")]
    model = Model(divisions=divisions, party_orgs=orgs)
    fig, ax = draw(model, "linkage")
    gids = {p.get_gid() for p in ax.patches}
    assert {d.id for d in divisions} <= gids
    assert not _overlaps(*_extents(fig))
    assert node_patches(ax, "c2")[0].get_linestyle() == "--"  # no party organisation


def test_unvalidated_cycles_do_not_hang() -> None:
    """A model built in Python skips validation: parent cycles must not loop."""
    from partygraph.model import Division, IssueCategory, ServiceCentre

    model = Model(
        divisions=[
            Division(id="s", name="南街道", level="subdistrict", parent="m"),
            Division(id="m", name="东风社区", level="community", parent="s"),
        ],
        service_centres=[
            ServiceCentre(id="x", name="甲中心", level="subdistrict", parent="y"),
            ServiceCentre(id="y", name="乙中心", level="subdistrict", parent="x"),
        ],
        issue_categories=[IssueCategory(id="i", name="环境卫生")],
    )
    for layer in ("linkage", "service", "whistle"):
        _, ax = draw(model, layer)
        assert ax.patches


def test_grid_draws_each_grid_with_leader_and_households(city: Model) -> None:
    _, ax = draw(city, "grid")
    gids = {p.get_gid() for p in ax.patches}
    (community,) = gids & {d.id for d in city.divisions if d.level == "community"}
    grids = [g for g in city.grids if g.community == community]
    assert grids and {g.id for g in grids} <= gids
    texts = [t.get_text() for t in ax.texts]
    assert sum(t.startswith("网格长 ") for t in texts) == len(grids)
    assert any(t.startswith("住户 ") for t in texts)  # hundreds of households: counted
    mine = [c.id for c in city.central_households if c.community == community]
    assert set(mine) <= gids


def test_grid_lists_few_households_one_by_one(small: Model) -> None:
    _, ax = draw(small, "grid", focus="c1")
    assert {"h1", "h2", "h3"} <= {p.get_gid() for p in ax.patches}
    assert "网格长 空缺" in [t.get_text() for t in ax.texts]  # c1-grid2 has no leader


def test_service_expands_one_subdistrict(city: Model) -> None:
    sd = "441702002"  # 城南街道: 17 residents' committees in the codes
    _, ax = draw(city, "service", focus=sd)
    gids = {p.get_gid() for p in ax.patches}
    parent = {d.id: d.parent for d in city.divisions}
    expanded = [
        c.id
        for c in city.service_centres
        if c.level == "community" and parent[c.division or ""] == sd
    ]
    assert len(expanded) == 17 and set(expanded) <= gids
    collapsed = [g for g in gids if str(g).endswith("@below")]
    assert len(collapsed) == 9  # the other subdistricts, as counts


def test_cobuilding_shows_teams_and_part_time_members(city: Model) -> None:
    _, ax = draw(city, "cobuilding")
    gids = {str(p.get_gid()) for p in ax.patches}
    community = next(t.community for t in city.teams if t.id in gids)
    assert {t.id for t in city.teams if t.community == community} <= gids
    body = next(e for e in city.expanded_bodies if e.division == community)
    for m in body.part_time_members:
        assert f"{m.on_behalf_of}@{body.id}:{m.person}" in gids


def test_cobuilding_marks_missing_members(small: Model) -> None:
    _, ax = draw(small, "cobuilding", focus="c1")
    assert not [t for t in ax.texts if t.get_text().startswith("缺 ")]  # the 1+3 is complete


def test_pairing_draws_every_pairing(city: Model) -> None:
    _, ax = draw(city, "pairing")
    gids = {p.get_gid() for p in ax.patches}
    assert {p.id for p in city.pairings} <= gids
    assert len(city.pairings) == 73


def test_whistle_routes_every_category(city: Model) -> None:
    _, ax = draw(city, "whistle")
    gids = {p.get_gid() for p in ax.patches}
    assert {c.id for c in city.issue_categories} <= gids
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("吹哨") == 2


@pytest.mark.parametrize("layer", LAYERS)
def test_draws_into_a_given_axes(small: Model, layer: str) -> None:
    fig = Figure(figsize=(11.69, 8.27))
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2)
    out_fig, out_ax = draw(small, layer, ax=right)
    assert out_fig is fig and out_ax is right
    assert right.patches and not left.patches
    assert not _overlaps(*_extents(fig))


def test_draws_into_a_subfigure(small: Model) -> None:
    fig = Figure(figsize=(8.27, 11.69))
    FigureCanvasAgg(fig)
    top, _ = fig.subfigures(2, 1)  # type: ignore[misc]  # a 2x1 array of subfigures
    ax = top.add_subplot()
    out_fig, out_ax = draw(small, "linkage", ax=ax)
    assert out_fig is fig and out_ax is ax  # the root figure: it is what saves
    assert not _overlaps(*_extents(fig))


# -- report overlay -----------------------------------------------------------
@pytest.mark.parametrize(
    ("layer", "error_node", "warning_node"),
    [
        ("linkage", "c1", "c2"),
        ("grid", "c1-grid2", "ch1"),
        ("service", "sc-c1", "sc-sd1"),
        ("cobuilding", "t1", "e-c1"),
        ("pairing", "pair1", "c1"),
        ("whistle", "ic-safety", "d-sd1-city"),
    ],
)
def test_overlay_colours_nodes_with_findings(
    small: Model, layer: str, error_node: str, warning_node: str
) -> None:
    report = _report({error_node: "error", warning_node: "warning"}, {})
    fig, ax = draw(small, layer, report=report, rules=["*"], coverage_rule="")
    for node, sev in ((error_node, "error"), (warning_node, "warning")):
        patches = node_patches(ax, node)
        assert patches, node
        face, edge = SEVERITY_STYLE[sev]
        assert {to_hex(p.get_facecolor()) for p in patches} == {face}
        assert {to_hex(p.get_edgecolor()) for p in patches} == {edge}
    legend = ax.get_legend()
    assert legend is not None
    entries = [t.get_text() for t in legend.get_texts()]
    assert any(e.startswith("错误") for e in entries) and any(e.startswith("警告") for e in entries)
    assert not _overlaps(*_extents(fig))


def test_overlay_keeps_other_nodes_and_ignores_info(small: Model) -> None:
    report = _report({"c1": "info"}, {})
    _, ax = draw(small, "linkage", report=report, rules=["*"], coverage_rule="")
    faces = {to_hex(p.get_facecolor()) for p in node_patches(ax, "c1")}
    assert not faces & {face for face, _ in SEVERITY_STYLE.values()}


def test_overlay_uses_the_layer_rules(small: Model) -> None:
    report = _report({"c1": "error"}, {})  # rule "test.rule": not a linkage rule
    _, ax = draw(small, "linkage", report=report)
    assert to_hex(node_patches(ax, "c1")[0].get_facecolor()) != SEVERITY_STYLE["error"][0]


def test_every_layer_has_overlay_defaults_public_in_draw() -> None:
    """``partygraph.draw.LAYER_RULES`` (named in docs/diagrams.md) covers every layer."""
    from partygraph.draw import LAYER_RULES

    assert set(LAYER_RULES) == set(DRAWERS)
    assert LAYER_RULES["grid"] == (("grid", "household", "post.central_household"), "grid.leader")


def test_overlay_folds_a_division_org_onto_the_division(small: Model) -> None:
    report = _report({"o-c2": "error"}, {})
    _, ax = draw(small, "linkage", report=report, rules=["*"], coverage_rule="")
    assert to_hex(node_patches(ax, "c2")[0].get_facecolor()) == SEVERITY_STYLE["error"][0]


def test_overlay_writes_coverage_on_hierarchy_nodes(small: Model) -> None:
    coverage = {"sd1": ("compound.work_coverage", 0.5), "c1": ("compound.work_coverage", 1.0)}
    _, ax = draw(small, "linkage", report=_report({}, coverage))
    texts = [t.get_text() for t in ax.texts]
    assert any("覆盖 50%" in t for t in texts)
    assert "东风社区 100%" in texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]  # type: ignore[union-attr]
    assert "覆盖 x% = 达到“compound.work_coverage”的对象所占比例" in legend  # no RuleInfo: its id


def test_aggregated_box_takes_worst_severity(city: Model) -> None:
    community = next(
        d for d in city.divisions if d.parent == "441702003" and d.level == "community"
    )
    report = _report({community.id: "error"}, {})
    _, ax = draw(city, "linkage", report=report, rules=["*"], coverage_rule="", collapse=True)
    (box,) = node_patches(ax, "441702003@communities")
    assert to_hex(box.get_facecolor()) == SEVERITY_STYLE["error"][0]


# -- output ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("suffix", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")]
)
def test_saves_each_format(small: Model, tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"linkage.{suffix}"
    fig, _ = draw(small, "linkage", filepath=out)
    data = out.read_bytes()
    assert data.startswith(magic) and len(data) > 1000
    assert figure_bytes(fig, suffix) == data  # reproducible: no dates


@pytest.mark.parametrize("layer", LAYERS)
def test_chinese_labels_render_in_every_format(small: Model, layer: str) -> None:
    """Every label is set in the Chinese font; rendering raises no warning
    (pytest makes warnings errors, so a missing glyph would fail here)."""
    family = register_chinese_font()
    fig, _ = draw(small, layer)
    assert {t.get_fontfamily()[0] for t in _texts(fig)} == {family}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fmt in ("png", "svg", "pdf"):
            assert figure_bytes(fig, fmt)


def test_png_is_print_resolution(small: Model) -> None:
    import io

    from PIL import Image

    fig, _ = draw(small, "whistle")
    with Image.open(io.BytesIO(figure_bytes(fig, "png"))) as image:
        expected = [v * 200 for v in fig.get_size_inches()]
        assert all(abs(a - b) <= 1 for a, b in zip(image.size, expected, strict=True))
        assert image.mode == "P"  # palette: small files


def test_save_rejects_unknown_suffix(small: Model, tmp_path: Path) -> None:
    fig, _ = draw(small, "linkage")
    with pytest.raises(partygraph.PartygraphError, match=r"\.jpg"):
        save_figure(fig, tmp_path / "x.jpg")
    assert not list(tmp_path.iterdir())


def test_svg_keeps_node_ids(small: Model) -> None:
    fig, _ = draw(small, "linkage")
    svg = figure_bytes(fig, "svg").decode()
    assert 'id="c1"' in svg and 'id="sd1"' in svg


# -- errors -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("layer", "focus"),
    [("grid", "sd1"), ("cobuilding", "nope"), ("whistle", "city"), ("service", "c1")],
)
def test_bad_focus_is_a_clear_error(small: Model, layer: str, focus: str) -> None:
    with pytest.raises(partygraph.PartygraphError, match=repr(focus)):
        draw(small, layer, focus=focus)


# -- the command line -------------------------------------------------------------
def test_cli_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for layer, suffix in zip(LAYERS, itertools.cycle(["png", "svg", "pdf"]), strict=False):
        out = tmp_path / f"{layer}.{suffix}"
        assert main(["draw", str(SMALL), "--layer", layer, "-o", str(out)]) == 0
        assert out.stat().st_size > 1000
    assert "已写出" in capsys.readouterr().out
    assert (tmp_path / "service.pdf").read_bytes().startswith(b"%PDF")


def test_cli_focus(tmp_path: Path) -> None:
    out = tmp_path / "grid.svg"
    assert main(["draw", str(SMALL), "--layer", "grid", "--focus", "c1", "-o", str(out)]) == 0
    assert 'id="c1-grid1"' in out.read_text(encoding="utf-8")


def test_cli_unknown_suffix_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "linkage.jpg"
    assert main(["draw", str(SMALL), "--layer", "linkage", "-o", str(out)]) == 2
    assert "unknown suffix '.jpg'" in capsys.readouterr().err
    assert not out.exists()


def test_cli_bad_layer_and_focus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.png"
    with pytest.raises(SystemExit) as exc:
        main(["draw", str(SMALL), "--layer", "nonsense", "-o", str(out)])
    assert exc.value.code == 2
    assert main(["draw", str(SMALL), "--layer", "grid", "--focus", "zz", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "partygraph: 错误：--focus “zz”：模型里没有这个 id 或名称的区划" in err
    assert not out.exists()


def test_cli_bad_model_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    assert main(["draw", "no/such.yaml", "--layer", "linkage", "-o", str(out)]) == 2
    assert not out.exists()


def test_cli_never_leaves_a_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import partygraph.draw as draw_module

    def broken(*args: object, **kwargs: object) -> bytes:
        raise partygraph.PartygraphError("rendering failed")

    out = tmp_path / "linkage.png"
    out.write_bytes(b"old")
    monkeypatch.setattr(draw_module, "figure_bytes", broken)
    assert main(["draw", str(SMALL), "--layer", "linkage", "-o", str(out)]) == 2
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["linkage.png"]


def test_cli_check_overlays_and_exits_1_on_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = types.ModuleType("partygraph.rules.check")
    fake.check = lambda model: _report({"e-c1": "warning"}, {})  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "partygraph.rules.check", fake)
    out = tmp_path / "cobuilding.svg"
    args = ["draw", str(SMALL), "--layer", "cobuilding", "--check", "-o", str(out)]
    assert main(args) == 0  # warnings only
    late = _report({"e-c1": "error"}, {}, rule="expanded.quarterly_meeting")
    fake.check = lambda model: late  # type: ignore[attr-defined]
    assert main(args) == 1
    assert SEVERITY_STYLE["error"][0] in out.read_text(encoding="utf-8")


def test_cli_check_unavailable_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "partygraph.rules.check", None)
    out = tmp_path / "x.png"
    assert main(["draw", str(SMALL), "--layer", "linkage", "--check", "-o", str(out)]) == 2
    assert "--check 需要检查模块（partygraph.rules.check）" in capsys.readouterr().err
    assert not out.exists()


# -- the example --------------------------------------------------------------------
@pytest.mark.slow
def test_example_draws_every_layer(tmp_path: Path) -> None:
    script = ROOT / "examples" / "draw_yangjiang.py"
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path), str(SMALL)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{layer}.png" for layer in LAYERS)
