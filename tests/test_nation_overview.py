"""The overview of a national report: the nation's figures, the provinces one level down.

On the synthetic nation of three provinces (``synth --provinces 3``): the
overview's scope is the nation, its units the three provinces, and each
figure of the nation is the sum of the provinces' (written out by hand for
the unit coverage, and checked against each province checked alone for
every headline rule).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from partygraph.cli import main
from partygraph.io.load import load
from partygraph.model.report import Report
from partygraph.nation import check_nation
from partygraph.report.overview import drill, overview
from partygraph.report.render import render
from partygraph.report.xlsx import workbook_bytes
from partygraph.rules.check import check

CODES = ("11", "12", "13")


@pytest.fixture(scope="module")
def report(nation: Path) -> Report:
    return check_nation(nation)


def test_the_overview_leads_with_the_nation(report: Report) -> None:
    ov = overview(report)
    assert ov.scope is not None and (ov.scope.id, ov.scope.name) == ("000000", "全国")
    assert ov.level == "province"
    assert [(u.node.id, u.node.name) for u in ov.units] == [
        ("110000", "北京市"),
        ("120000", "天津市"),
        ("130000", "河北省"),
    ]
    unit = "unit.organisational_coverage"
    figure = next(f for f in ov.headline if f.rule.id == unit)
    # by hand: 13/18 + 19/23 + 14/16 (the three provinces' units) = 46/57
    assert [(u.rows[unit].covered, u.rows[unit].total) for u in ov.units] == [
        (13, 18),
        (19, 23),
        (14, 16),
    ]
    assert (figure.row.covered, figure.row.total) == (46, 57)


def test_every_headline_figure_is_the_sum_of_the_provinces(nation: Path, report: Report) -> None:
    ov = overview(report)
    alone = [overview(check(load(nation.parent / c / "model.yaml"))) for c in CODES]
    assert ov.headline
    for figure in ov.headline:
        rule = figure.rule.id
        # each province checked as a model of its own: its one city's figure
        # (none where the province has nothing the rule counts)
        mine = [
            next(((f.row.covered, f.row.total) for f in a.headline if f.rule.id == rule), None)
            for a in alone
        ]
        got = [
            (u.rows[rule].covered, u.rows[rule].total) if rule in u.rows else None for u in ov.units
        ]
        assert got == mine
        assert figure.row.covered == sum(m[0] for m in mine if m)
        assert figure.row.total == sum(m[1] for m in mine if m)


def test_drill_goes_from_the_provinces_to_their_cities(report: Report) -> None:
    rows = [(d, u.level, u.node.id[:2]) for d, u in drill(report, "city")]
    assert [r[:2] for r in rows] == [(0, "province"), (1, "city")] * 3
    assert [r[2] for r in rows] == ["11", "11", "12", "12", "13", "13"]


def test_text_and_workbook_overview_list_the_provinces(report: Report) -> None:
    text = render(report, "text")
    assert "概览：全国（数据日期 " in text and "下一级：省（3 个）" in text
    line = next(t for t in text.splitlines() if t.startswith("  天津市 "))
    assert "82.6% 19/23" in line
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(report)), read_only=True)
    cells = [[c for c in row if c is not None] for row in book["概览"].iter_rows(values_only=True)]
    assert ["全国的覆盖率"] in cells
    assert "本报告没有覆盖率数据" not in str(cells)
    assert ["单位代码", "110000", "120000", "130000"] in cells
    head = next(r for r in cells if r and r[0] == "单位党的组织覆盖（本单位党组织或联合党支部）")
    assert head[1:4] == [46 / 57, 46, 57]


def test_the_command_drills_a_nation(nation: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(nation), "--depth", "city"]) == 1
    out = capsys.readouterr().out
    assert "逐级：省 › 市（6 个）" in out
    assert main(["check", str(nation), "--scope", "北京市"]) == 2
    assert "全国模型不能用 --scope" in capsys.readouterr().err
