"""Needs matched with resources (partygraph.analysis): hand-worked on
tests/fixtures/match/model.yaml (its header says what each community needs and
who offers it), an assignment whose optimum greedy misses, properties on random
lists, the rule pairing.needs_met agreeing with match(), and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partygraph
from partygraph.analysis.assign import assign
from partygraph.analysis.match import match
from partygraph.cli import main
from partygraph.model import Division, Model, Pairing, Unit
from partygraph.vocabulary.items import item_key

FIXTURE = Path(__file__).parent / "fixtures" / "match" / "model.yaml"


@pytest.fixture(scope="module")
def model() -> Model:
    return partygraph.load(FIXTURE)


def test_each_need_met_here_elsewhere_or_nowhere(model: Model) -> None:
    r = match(model)
    assert (r.needs, r.met, r.elsewhere, r.unmet) == (6, 1, 3, 2)
    got = {
        (c.community.id, n.need): (n.met, [(o.unit.id, o.near) for o in n.offers])
        for c in r.communities
        for n in c.needs
    }
    assert got == {
        ("c1", "法律咨询"): (True, []),  # its own 甲局
        ("c1", "加装电梯"): (False, []),  # 丙局's 电梯改造 is no built-in synonym
        ("c1", "心理疏导"): (False, [("u2", "county")]),  # 乙局 in the other subdistrict
        ("c2", "法律援助"): (False, [("u1", "subdistrict")]),  # a synonym of 法律咨询
        ("c2", "就业培训"): (False, [("u1", "subdistrict")]),
        ("c3", "助学帮扶"): (False, []),
    }
    assert [c.community.name for c in r.communities] == ["东风社区", "红旗社区", "西湖社区"]
    assert [n.name for n in r.communities[0].chain] == ["示例市", "城区", "东街道"]


def test_a_users_synonyms_join_the_built_in_ones(model: Model) -> None:
    r = match(model, synonyms=[["加装电梯", "电梯改造"]])
    need = next(n for c in r.communities for n in c.needs if n.need == "加装电梯")
    assert [(o.unit.id, o.near) for o in need.offers] == [("u3", "subdistrict")]
    assert (r.elsewhere, r.unmet) == (4, 1)


def test_items_compare_without_spaces_punctuation_or_width() -> None:
    assert item_key("法律　咨询") == item_key("法律咨询（）") == item_key(" 法律咨询 ")
    assert item_key("ＡＢ培训") == item_key("AB培训")
    assert item_key("电脑培训") != item_key("就业培训")  # nothing guessed


def test_scope_keeps_its_communities_and_every_offer(model: Model) -> None:
    r = match(model, scope="s1")
    assert [c.community.id for c in r.communities] == ["c1", "c2"]
    assert match(model, scope="s2").communities[0].community.id == "c3"


def test_recommend_ranks_by_needs_then_nearness(model: Model) -> None:
    r = match(model, recommend_top=3)
    got = [(x.community.id, x.unit.id, len(x.needs), x.near, x.paired) for x in r.recommendations]
    assert got == [
        ("c1", "u1", 1, "community", True),  # ties with 乙局 on one need; nearer
        ("c1", "u2", 1, "county", False),
        ("c2", "u1", 2, "subdistrict", False),
    ]


def _two_by_two() -> Model:
    """甲局 meets 3 of 东风's needs and 2 of 红旗's; 乙局 2 of 东风's, none of 红旗's."""
    return Model(
        name="贪心反例",
        divisions=[
            Division(id="c", name="示例市", level="city"),
            Division(id="s", name="街道", level="subdistrict", parent="c"),
            Division(id="x", name="东风社区", level="community", parent="s"),
            Division(id="y", name="红旗社区", level="community", parent="s"),
        ],
        units=[
            Unit(id="a", name="甲局", type="agency", municipal=True),
            Unit(id="b", name="乙局", type="agency", municipal=True),
        ],
        pairings=[
            Pairing(id="p1", name="甲—东风", unit="a", community="x",
                    resources=["一", "二", "三", "四"], needs=["一", "二", "三"]),
            Pairing(id="p2", name="乙—红旗", unit="b", community="y",
                    resources=["一", "二"], needs=["三", "四"]),
        ],
    )  # fmt: skip


def test_the_assignment_finds_the_optimum_greedy_misses() -> None:
    m = _two_by_two()
    # Greedy, best pair first: 甲–东风 (3), then 红旗 has only 乙 (0): 3 in all.
    weights = {("a", "x"): 3, ("b", "x"): 2, ("a", "y"): 2, ("b", "y"): 0}
    assert _greedy(weights) == 3
    a = assign(m, capacity=1)
    assert (a.before, a.after) == (3, 4)
    assert {(p.community.id, p.unit.id) for p in a.pairs} == {("x", "b"), ("y", "a")}
    assert [p.current for p in a.pairs] == [False, False]


def _greedy(weights: dict[tuple[str, str], int]) -> int:
    units: set[str] = set()
    communities: set[str] = set()
    total = 0
    for (unit, community), w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        if unit not in units and community not in communities:
            units.add(unit)
            communities.add(community)
            total += w
    return total


def test_capacity_lets_one_unit_take_more(model: Model) -> None:
    one, two = assign(model, capacity=1), assign(model, capacity=2)
    assert (one.before, one.after) == (1, 3)  # 甲–红旗 (2) and 乙–东风 (1)
    assert {(p.community.id, p.unit.id) for p in one.pairs} == {("c1", "u2"), ("c2", "u1")}
    assert [c.id for c in one.unmatched] == ["c3"]  # 乙局 went to 东风; nobody meets 助学帮扶
    # With two each, 甲局 keeps 东风 (a tie with 乙局, broken for today's pair) and
    # takes 红旗; 西湖 keeps 乙局, which meets nothing there.
    assert {(p.community.id, p.unit.id, p.current) for p in two.pairs} == {
        ("c1", "u1", True),
        ("c2", "u1", False),
        ("c3", "u2", True),
    }
    assert two.after == 3
    with pytest.raises(ValueError, match="capacity"):
        assign(model, capacity=0)


_ITEMS = st.sampled_from(["一", "二", "三", "四", "五"])


@st.composite
def _models(draw: st.DrawFn) -> Model:
    n = draw(st.integers(1, 4))
    divisions = [Division(id="c", name="市", level="city")]
    divisions += [
        Division(id=f"d{i}", name=f"社区{i}", level="community", parent="c") for i in range(n)
    ]
    units = [Unit(id=f"u{i}", name=f"单位{i}", type="agency", municipal=True) for i in range(n)]
    pairings = [
        Pairing(id=f"p{i}", name=f"挂点{i}", unit=f"u{i}", community=f"d{i}",
                resources=draw(st.lists(_ITEMS, unique=True, max_size=3)),
                needs=draw(st.lists(_ITEMS, unique=True, min_size=1, max_size=3)))
        for i in range(n)
    ]  # fmt: skip
    return Model(name="随机", divisions=divisions, units=units, pairings=pairings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_models(), _ITEMS, st.integers(1, 3))
def test_adding_a_resource_never_lowers_needs_met(m: Model, item: str, capacity: int) -> None:
    before, best = match(m), assign(m, capacity=capacity)
    assert before.met + before.elsewhere + before.unmet == before.needs
    # Today's pairing (one community each) is feasible: the optimum is no worse.
    assert best.after >= best.before == before.met
    richer = m.model_copy(deep=True)
    richer.pairings[0].resources = [*richer.pairings[0].resources, item]
    after = match(richer)
    assert after.met >= before.met
    assert after.met + after.elsewhere >= before.met + before.elsewhere
    assert assign(richer, capacity=capacity).after >= best.after


def test_the_rule_counts_what_match_counts(model: Model) -> None:
    report = partygraph.check(model, packs=["yangjiang"])
    rows = {
        c.node.id: (c.covered, c.total) for c in report.coverage if c.rule == "pairing.needs_met"
    }
    assert rows["city"] == (1, 6)  # needs, not pairings
    found = {f.node.id: f.value for f in report.findings if f.rule == "pairing.needs_met"}
    assert found == {"p1": "加装电梯、心理疏导", "p2": "助学帮扶", "p3": "法律援助、就业培训"}


@pytest.mark.slow
def test_on_the_example_the_rule_and_match_agree() -> None:
    m = partygraph.load("configs/yangjiang.yaml")
    r = match(m)
    report = partygraph.check(m)
    city = next(c for c in report.coverage if c.rule == "pairing.needs_met" and c.level == "city")
    assert (city.covered, city.total) == (r.met, r.needs) == (39, 295)
    assert (r.elsewhere, r.unmet) == (109, 147)
    a = assign(m)
    assert a.before == 39 and a.after > a.before
    assert all(sum(p.unit.id == u for p in a.pairs) <= 3 for u in {p.unit.id for p in a.pairs})


def test_command_text_csv_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", str(FIXTURE), "--assign", "--capacity", "1", "--recommend"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("挂点社区 3 个，列出需求 6 项：本社区挂点单位可满足 1 项（16.7%）")
    assert (
        "  可满足的需求：现有挂点 1 项 → 优化后 3 项（增加 2 项）；"
        "2 个社区调整挂点单位，0 个保持不变" in out
    )
    assert "    “心理疏导”：乙局（同县区）" in out
    assert "  “加装电梯”：1 个社区" in out
    csv_path = tmp_path / "对接.csv"
    assert main(["match", str(FIXTURE), "-o", str(csv_path)]) == 0
    rows = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("community_id,community,")
    assert "c2,红旗社区,示例市,城区,东街道,丙局,法律援助,elsewhere,甲局" in rows
    json_path = tmp_path / "对接.json"
    assert main(["match", str(FIXTURE), "--assign", "-o", str(json_path)]) == 0
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert (data["match"]["met"], data["assignment"]["after"]) == (1, 3)


def test_command_refuses_a_bad_synonyms_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "同义词.yaml"
    bad.write_text("法律咨询: 法律援助\n", encoding="utf-8")
    assert main(["match", str(FIXTURE), "--synonyms", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "同义词文件应是一个列表" in err and "Traceback" not in err
    good = tmp_path / "好.yaml"
    good.write_text("- [加装电梯, 电梯改造]\n", encoding="utf-8")
    assert main(["match", str(FIXTURE), "--synonyms", str(good)]) == 0
    assert "没有单位提供 1 项" in capsys.readouterr().out


def test_in_english(model: Model, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "match", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "3 paired communities list 6 needs: 1 met by their own paired unit" in out
    assert '"心理疏导": 乙局 (same county)' in out


def test_assign_weights_are_every_unit_asked_about_every_community() -> None:
    """The weights found through the units offering each key are those of asking
    every paired unit about every community (the pairs meeting a need or paired
    today), in the same order — the order the flow sees its arcs in."""
    from partygraph.analysis.assign import _weights
    from partygraph.analysis.match import Units, _table, communities_needs
    from partygraph.synthetic import synth

    model = synth(communities=30, seed=3)
    units = Units(model, _table(model, None))
    report = communities_needs(model, units)
    own = {c.community.id: {u.id for u in c.units} for c in report.communities}
    asked = {
        (u, c.community.id): units.covers(u, [n.need for n in c.needs])
        for c in report.communities
        for u in units.offers
    }
    kept = {k: v for k, v in asked.items() if v or k[0] in own[k[1]]}
    found = _weights(report.communities, units)
    assert list(found.items()) == list(kept.items())
    assert any(len(v) >= 2 for v in found.values())  # the fixture pairs units meeting several
