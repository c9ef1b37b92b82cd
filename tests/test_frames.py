"""A report and a model as pandas DataFrames.

Expected values are hand-worked from tests/fixtures/rules/model.yaml and its
CSV tables (the findings, coverage, candidates, load and single points of
failure are worked out in tests/test_check.py).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pytest

import partygraph
from partygraph.i18n import use_language
from partygraph.model import Model
from partygraph.model.report import Report
from partygraph.report.frames import CHINESE_COLUMNS, chinese

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "tests" / "fixtures" / "rules"


@pytest.fixture(scope="module")
def model() -> Model:
    return partygraph.load(RULES / "model.yaml")


@pytest.fixture(scope="module")
def report(model: Model) -> Report:
    return partygraph.check(model)


def test_findings_are_one_row_each_with_levels_as_columns(report: Report) -> None:
    f = report.to_pandas().findings
    assert len(f) == 52
    assert f.groupby("severity", observed=True).size().to_dict() == {
        "error": 11,
        "warning": 26,
        "info": 15,
    }
    assert list(f["severity"].cat.categories) == ["error", "warning", "info"]
    assert f["severity"].cat.ordered and f["severity_zh"].iloc[0] == "错误"
    # household.grid at 红旗社区 (c2): 1 of its 3 households (h4) is in no grid; the
    # community columns name the node itself, the ancestors above it
    c2 = f[(f.rule == "household.grid") & (f.node_id == "c2")].iloc[0]
    assert (c2.community, c2.community_id, c2.subdistrict, c2.county, c2.city) == (
        "红旗社区",
        "c2",
        "东街道",
        "城区",
        "示例市",
    )
    assert c2.kind == "community" and c2.kind_zh == "社区"
    assert c2.finding == "3 户中 1 户未纳入网格" and c2.value_number == 1.0
    # the grid without a party-member leader: its community is its ancestor
    grid = f[f.rule == "grid.leader"].iloc[0]
    assert (grid.node_name, grid.community, grid.kind_zh) == ("东风二网格", "东风社区", "网格")
    # a subdistrict finding has no community
    s2 = f[f.rule == "subdistrict.expanded_working_committee"].iloc[0]
    assert s2.subdistrict_id == "s2" and pd.isna(s2.community)
    # a text value keeps its text, and has no number
    duties = f[f.rule == "community.captain_duties"].iloc[0]
    assert duties.value == "包环境卫生、包政策宣传、包治安巡逻、包交通协管"
    assert np.isnan(duties.value_number)
    assert f["value_number"].dtype == np.float64


def test_coverage_rows_with_numbers_as_numbers(report: Report) -> None:
    c = report.to_pandas().coverage
    assert (
        len(c) == 223
    )  # 208; household.grid_leader 7, committee.committee_size 4, unit.expanded_seat 4
    assert c["covered"].dtype == np.int64 and c["total"].dtype == np.int64
    assert c["ratio"].dtype == np.float64
    assert list(c["level"].cat.categories) == ["city", "county", "subdistrict", "community"]
    got = c[c.rule == "unit.set_up"][["unit_id", "level", "covered", "total", "ratio"]]
    assert got.values.tolist() == [
        ["city", "city", 1, 2, 0.5],
        ["k1", "county", 1, 2, 0.5],
        ["s1", "subdistrict", 1, 2, 0.5],
        ["c1", "community", 0, 1, 0.0],
        ["c2", "community", 1, 1, 1.0],
    ]
    s1 = c[(c.rule == "unit.set_up") & (c.unit_id == "s1")].iloc[0]
    assert (s1.parent_id, s1.parent_name, s1.level_zh, s1.counts) == ("k1", "城区", "街道", "单位")
    assert pd.isna(c[c.unit_id == "city"].iloc[0].parent_id)


def test_candidates_load_outliers_and_single_points(report: Report) -> None:
    frames = report.to_pandas()
    cand = frames.candidates
    assert cand[["node_id", "action", "members"]].values.tolist() == [
        ["u-sch", "set_up", 5],
        ["cp3", "set_up", 4],
        ["u-hos", "joint_or_instructor", 2],
        ["o-cp1", "committee", 8],
        ["o-c2", "upgrade", 62],  # once: branch.size names no candidate of its own
        ["o-c3", "downgrade", 40],
    ]
    assert cand["members"].dtype == np.int64
    split = cand[cand.action == "upgrade"].iloc[0]
    assert (split.action_zh, split.current_form_zh, split.proposed_form_zh) == (
        "升格",
        "党支部",
        "党总支",
    )
    load = frames.load.set_index("measure")
    # members per branch: 红旗社区党支部 62, 锦绣小区党支部 8, 红旗电子厂党支部 4
    assert load.loc[
        "members_per_branch", ["count", "min", "median", "max", "outliers"]
    ].tolist() == [
        3,
        4.0,
        8.0,
        62.0,
        1,
    ]
    assert frames.outliers[["measure", "node_id", "value"]].values.tolist() == [
        ["members_per_branch", "o-c2", 62.0],
        ["posts_per_person", "p-resp", 9.0],  # nine service items, over 5 posts
    ]
    sp = frames.single_points
    assert len(sp) == 9 and sp["new_errors"].dtype == np.int64
    p1 = sp[sp.node_id == "p1"].iloc[0]
    assert (p1.node_name, p1.new_errors, p1.rules, p1.examples) == (
        "李明",
        2,
        "grid.leader",
        "东风一网格、西湖一网格",
    )


def test_an_empty_report_gives_the_same_columns(report: Report) -> None:
    full, empty = report.to_pandas(), Report(model="空").to_pandas()
    for (name, a), (_, b) in zip(full, empty, strict=True):
        assert list(a.columns) == list(b.columns), name
        assert len(b) == 0
    assert repr(empty).startswith("<ReportFrames findings 0×22")


def test_columns_have_chinese_headers(report: Report) -> None:
    frames = report.to_pandas()
    for name, frame in frames:
        assert set(frame.columns) <= set(CHINESE_COLUMNS), name
    zh = chinese(frames.coverage)
    assert {"单位名称", "覆盖率", "达标数", "上级名称"} <= set(zh.columns)
    assert len(set(CHINESE_COLUMNS.values())) == len(CHINESE_COLUMNS)  # no two alike


def test_text_columns_follow_the_language(report: Report) -> None:
    with use_language("en"):
        f = report.to_pandas().findings
    c2 = f[(f.rule == "household.grid") & (f.node_id == "c2")].iloc[0]
    assert c2.finding == "1 of 3 households in no grid"
    assert c2.kind_zh == "社区"  # a *_zh column stays Chinese


def _csv(name: str) -> list[dict[str, str]]:
    with (RULES / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_households_and_persons_come_from_their_columns(model: Model) -> None:
    h = model.to_pandas("households")
    rows = _csv("households.csv")
    assert h["id"].tolist() == [r["id"] for r in rows]
    # references are the ids written, an empty cell is missing (never "" or -1)
    for col in ("community", "residents_group", "grid", "compound"):
        want = [r[col] or None for r in rows]
        assert [None if pd.isna(v) else v for v in h[col]] == want, col
    assert str(h["size"].dtype) == "Int64" and h["size"].tolist() == [3, 2, 4, 1, 2, 3, 2, 5]
    p = model.to_pandas("persons")
    people = _csv("persons.csv")
    assert p["name"].tolist() == [r["name"] for r in people]
    assert isinstance(p["member"].dtype, pd.CategoricalDtype)
    assert [None if pd.isna(v) else v for v in p["member"]] == [r["member"] or None for r in people]
    assert p["in_service"].dtype == bool
    assert p.loc[p.id == "p-nm", "household"].item() == "h3"


def test_a_missing_int_cell_is_missing_not_minus_one(model: Model) -> None:
    m = model.model_copy()
    table = m.population["households"]
    sizes = table.columns["size"].copy()
    sizes[0] = -1  # an empty size cell
    table2 = type(table)(table.spec, {**table.columns, "size": sizes})
    m.population = type(m.population)({**m.population.tables, "households": table2})
    got = m.to_pandas("households")["size"]
    assert pd.isna(got.iloc[0]) and got.iloc[1] == 2


def test_links_keep_dates_and_missing_dates(model: Model) -> None:
    links = model.to_pandas("central_household_links")
    assert links[["central_household", "household"]].values.tolist() == [
        ["ch1", "h1"],
        ["ch1", "h2"],
        ["ch2", "h5"],
        ["ch2", "h6"],
    ]
    assert str(links["last_visit"].iloc[0].date()) == "2024-05-01"
    assert pd.isna(links["last_visit"].iloc[2])
    assert np.issubdtype(links["last_visit"].dtype, np.datetime64)


def test_a_section_is_a_row_an_entity(model: Model) -> None:
    grids = model.to_pandas("grids")
    assert grids[["id", "community", "leader"]].values.tolist() == [
        ["c1-grid1", "c1", "p1"],
        ["c1-grid2", "c1", "p-nm"],
        ["c2-grid1", "c2", "p2"],
        ["c3-grid1", "c3", "p1"],
    ]
    assert np.issubdtype(grids["valid_from"].dtype, np.datetime64)
    assert len(Model().to_pandas("grids").columns) == len(grids.columns)


def test_an_unknown_name_is_said_in_chinese(model: Model) -> None:
    with pytest.raises(KeyError, match="没有名为 ‘people’ 的部分或表"):
        model.to_pandas("people")


def test_without_pandas_the_message_says_how_to_install_it(
    report: Report, model: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # ``import pandas`` now fails
    with pytest.raises(ImportError) as caught:
        report.to_pandas()
    assert str(caught.value) == (
        '需要 pandas 才能生成表格（DataFrame）：请运行 pip install "partygraph[pandas]"'
    )
    with use_language("en"), pytest.raises(ImportError, match="pandas is needed"):
        model.to_pandas("households")
    # the rest of the notebook view does not need pandas
    assert report._repr_html_() and repr(model)
