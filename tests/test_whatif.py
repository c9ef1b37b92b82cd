"""partygraph.what_if: it agrees with the single points of failure, and answers more."""

from __future__ import annotations

from pathlib import Path

import pytest

import partygraph
from partygraph.change import what_if
from partygraph.cli import main
from partygraph.model import Division, Grid, Model
from partygraph.model.report import Report, SinglePoint

SMALL = "tests/fixtures/rules/model.yaml"


@pytest.fixture(scope="module")
def yangjiang() -> tuple[Model, Report, Report]:
    m = partygraph.load("configs/yangjiang.yaml")
    return m, partygraph.check(m), partygraph.check(m, single_points=False)


def _agrees(m: Model, base: Report, sp: SinglePoint) -> None:
    d = what_if(m, remove=[sp.node.id], before=base)
    errors = [f for f in d.opened if f.severity == "error"]
    assert len(errors) == sp.new_errors, sp.node
    assert {f.rule for f in errors} == set(sp.rules), sp.node
    assert {e.id for e in sp.examples} <= {f.node.id for f in errors}
    assert d.closed == []  # a removal closes nothing here


def test_removing_a_single_point_opens_its_errors(yangjiang: tuple[Model, Report, Report]) -> None:
    m, report, base = yangjiang
    points = report.single_points
    for sp in [points[0], points[1], points[len(points) // 2], points[-1]]:
        _agrees(m, base, sp)


@pytest.mark.slow
def test_a_dozen_single_points_spread_over_the_list_agree(
    yangjiang: tuple[Model, Report, Report],
) -> None:
    m, report, base = yangjiang
    # A dozen spread over the list: each is a whole re-check of the example
    # (every tenth took two minutes of CI's thirty).
    points = report.single_points
    for sp in points[:: max(1, len(points) // 12)]:
        _agrees(m, base, sp)


def test_two_leaders_removed_together() -> None:
    # Each removal alone opens its grid's finding; together they open both,
    # except where the grid failed already (its leader is no party member).
    m = partygraph.load(SMALL)
    leaders = [g.leader for g in m.grids if g.leader][:2]
    failing = {f.node.id for f in partygraph.check(m).findings if f.rule == "grid.leader"}
    d = what_if(m, remove=leaders)
    opened = {f.node.id for f in d.opened if f.rule == "grid.leader"}
    assert opened == {g.id for g in m.grids if g.leader in leaders} - failing
    assert opened  # the fixture has a grid that loses its leader
    alone = [
        {f.node.id for f in what_if(m, remove=[p]).opened if f.rule == "grid.leader"}
        for p in leaders
    ]
    assert opened == alone[0] | alone[1]


def test_a_move_and_an_addition() -> None:
    m = Model(
        divisions=[
            Division(id="c", name="示例市", level="city"),
            Division(id="k", name="示例区", level="county", parent="c"),
            Division(id="s", name="示例街道", level="subdistrict", parent="k"),
            Division(id="a", name="东门社区", level="community", parent="s"),
            Division(id="b", name="西门社区", level="community", parent="s"),
        ],
        grids=[Grid(id="g", name="一网格", community="a")],
    )
    d = what_if(m, move={"g": "b"}, packs=["yangjiang"])
    # the grid's finding stays (same rule, same node); coverage moves from a to b
    assert d.opened == [] and d.closed == []
    moved = {
        (c.node.id, c.total_before, c.total_after) for c in d.coverage if c.rule == "grid.leader"
    }
    assert ("a", 1, None) in moved and ("b", None, 1) in moved  # no row where nothing counts
    d = what_if(m, add=[Grid(id="g2", name="二网格", community="b")], packs=["yangjiang"])
    assert [(f.rule, f.node.id) for f in d.opened] == [("grid.leader", "g2")]
    assert [e.id for e in d.added] == ["g2"]


def test_whatif_command_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    m = partygraph.load(SMALL)
    grid = next(g for g in m.grids if g.leader)
    code = main(["whatif", SMALL, "--remove", grid.leader])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0].startswith(f"{m.name}：假如去掉 ")
    assert f"（{grid.id}）" in out and "（grid.leader）" in out


def test_whatif_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["whatif", SMALL, "--remove", "没有这个人"]) == 2
    assert "没有编号或名称为“没有这个人”的人员、单位或其他实体" in capsys.readouterr().err
    assert main(["whatif", SMALL, "--move", "c1"]) == 2
    assert "--move 要写成 编号=新的上级" in capsys.readouterr().err
