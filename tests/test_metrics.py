"""Network measures (partygraph.analysis.metrics), hand-worked on
tests/fixtures/rules/model.yaml.

Who holds posts where in that model (each post counted for its community):
东风社区 c1: 何静 p-resp (9 service items), 李明 p1 (secretary of o-c1, full-time
member of its 大党委, grid leader of c1-grid1, the central household ch1), 吴敏 p-nm
(grid leader), 周杰 p-pt2 (part-time member of e-c1), 赵强 p4 (captain), 郑涛 p-ins
(instructor of 安居物业 u-pm1); 红旗社区 c2: 张华 p2 (secretary, grid leader, two items),
郑涛 (instructor of 红旗花园 cp2), 陈伟 p5 (secretary of o-ent); 西湖社区 c3: 李明 (grid
leader of c3-grid1), 孙悦 p-ins2 (instructor of u-soe), 王芳 p3 (secretary of o-c3).
刘洋 p-s1 and 黄丽 p-pt1 hold posts at the subdistrict only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import partygraph
from partygraph.analysis.metrics import metrics
from partygraph.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "model.yaml"


@pytest.fixture(scope="module")
def model() -> partygraph.Model:
    return partygraph.load(FIXTURE)


def test_posts_roles_and_communities(model: partygraph.Model) -> None:
    r = metrics(model)
    by = {m.node.id: m for m in r.rows}
    assert len(r.rows) == 12 and sum(m.posts for m in r.rows) == 28
    assert by["p1"].roles == {
        "central_household": 1,
        "full_time_member": 1,
        "leader": 2,
        "secretary": 1,
    }
    assert (by["p1"].posts, by["p1"].communities) == (5, 2)
    assert (by["p-resp"].posts, by["p-resp"].communities) == (9, 1)
    assert (by["p-s1"].communities, by["p-s1"].reach_communities) == (0, 0)
    assert [n.name for n in by["p1"].chain] == ["示例市", "城区"]  # c1 and c3 meet at the district


def test_brokers_are_those_spanning_communities(model: partygraph.Model) -> None:
    r = metrics(model)
    assert [m.node.id for m in r.brokers()] == ["p-ins", "p1"]  # c1–c2 and c1–c3
    by = {m.node.id: m for m in r.rows}
    # In the graph of persons and the bodies they share, 李明 joins c3 to c1 and
    # 郑涛 c2 to c1; each side of either has two persons beside the broker, and
    # c1 five: the two are symmetric, so their betweenness is equal; persons
    # in one community only lie on no shortest path between others.
    assert by["p1"].betweenness == by["p-ins"].betweenness > 0
    assert all(by[p].betweenness == 0 for p in ("p-resp", "p2", "p3", "p4"))


def test_burt_measures_by_hand(model: partygraph.Model) -> None:
    by = {m.node.id: m for m in metrics(model).rows}
    # 何静's alters: the five others of c1, all tied to each other: effective size
    # 5 − 2·10/5 = 1; constraint Σ_j (1/5 + Σ_q 1/5 · 1/5)² with four q each = (0.2 + 0.16)²·5.
    assert by["p-resp"].effective_size == 1.0
    assert by["p-resp"].constraint == pytest.approx(5 * (0.2 + 4 * 0.2 * 0.2) ** 2, abs=1e-6)
    # 李明: seven alters (five in c1, two in c3), 10 + 1 ties among them: 7 − 22/7.
    assert by["p1"].effective_size == pytest.approx(7 - 22 / 7, abs=1e-6)


def test_reach_counts_communities_and_households(model: partygraph.Model) -> None:
    by = {m.node.id: m for m in metrics(model).rows}
    # 孙悦 works in c3 with 李明 and 王芳; 李明 also works in c1: c1 and c3.
    assert by["p-ins2"].reach_communities == 2
    households = {"c1": 4, "c3": 1}  # households.csv: h1–h4 in c1, h8 in c3 (h5–h7 in c2)
    assert by["p-ins2"].reach_households == households["c1"] + households["c3"]


def test_units_network_and_sole_links(model: partygraph.Model) -> None:
    r = metrics(model, network="units")
    by = {m.node.id: m for m in r.rows}
    assert by["u-muni"].roles == {"pairing": 2} and by["u-muni"].communities == 2
    assert by["u-ent"].roles == {"part_time_seat": 1}  # its seat on 东风社区's 大党委
    assert by["u-muni"].sole_links == 2  # the only municipal unit of c1 and c2
    assert by["u-ent"].sole_links == 0  # a resident unit is no link to the city
    with pytest.raises(ValueError, match="network"):
        metrics(model, network="firms")  # type: ignore[arg-type]


def test_the_load_section_counts_posts_per_person(model: partygraph.Model) -> None:
    stat = next(s for s in partygraph.check(model).load if s.measure == "posts_per_person")
    assert (stat.count, stat.max, stat.threshold) == (12, 9, 5)
    assert [o.node.id for o in stat.outliers] == ["p-resp"]


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(FIXTURE), "--top", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "任职人员 12 人，岗位 28 个；人均 2.3 个，最多 9 个"
    assert out[4].startswith("  何静（p-resp）  示例市 › 城区 › 东街道 › 东风社区  9 个：责任人 9")
    assert main(["metrics", str(FIXTURE), "--network", "units"]) == 0
    assert "  市财政局（u-muni）：2 个社区只靠它联系" in capsys.readouterr().out
    out_csv = tmp_path / "人员.csv"
    assert main(["metrics", str(FIXTURE), "-o", str(out_csv)]) == 0
    rows = out_csv.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("id,name,kind,place,posts,roles,communities")
    assert len(rows) == 13
    assert main(["--lang", "en", "metrics", str(FIXTURE), "--top", "1"]) == 0
    assert "12 persons hold 28 posts" in capsys.readouterr().out


# -- the organisations network: tests/fixtures/orgs/model.yaml -------------------
ORGS = Path(__file__).parent / "fixtures" / "orgs" / "model.yaml"


@pytest.fixture(scope="module")
def orgs() -> dict[str, object]:
    r = metrics(partygraph.load(ORGS), network="orgs")
    return {"report": r, **{m.node.id: m for m in r.rows}}


def test_orgs_ties_by_leading_expanded_body_and_person(orgs: dict[str, object]) -> None:
    a, a2, s = orgs["A"], orgs["A2"], orgs["S"]
    # A: led by S, leads A1, core of 东风社区大党委, and 陈红 is its secretary and A2's.
    assert a.roles == {"core": 1, "leads": 1, "led_by": 1, "shared_person": 1}  # type: ignore[attr-defined]
    # A2 has no parent: tied by the seat its unit holds on the 大党委, and by 陈红.
    assert a2.roles == {"expanded_member": 1, "shared_person": 1}  # type: ignore[attr-defined]
    assert (s.roles, s.communities) == ({"leads": 2}, 2)  # type: ignore[attr-defined]
    # Six organisations; the network of organisations and their ties: 4 leadings,
    # the 大党委 and 陈红 — 12 links (two each, and the 大党委 two).
    assert (orgs["report"].nodes, orgs["report"].edges) == (6, 12)  # type: ignore[attr-defined]


def test_orgs_the_only_tie_between_communities_is_the_broker(orgs: dict[str, object]) -> None:
    r = orgs["report"]
    assert [m.node.id for m in r.brokers()] == ["S"]  # type: ignore[attr-defined]
    # 12 nodes (6 organisations, 6 ties).  S is a bridge: 7 nodes on 东风社区's
    # side (A, A1, the three ties there, the 大党委, 陈红, A2 … minus S's own tie
    # to A counted there too: LA, A, LA1, A1, e-a, 陈红, A2), 4 on 红旗社区's (LB,
    # B, LB1, B1): 7·4 = 28 of the 11·10/2 = 55 pairs.
    assert orgs["S"].betweenness == pytest.approx(28 / 55, abs=1e-6)  # type: ignore[attr-defined]
    # A cuts {A1, LA1} (2), {e-a, 陈红, A2} (3) and the other 6 apart — 2·3 + 2·6
    # + 3·6 = 36 — and is on one of the two shortest paths e-a – 陈红: 36.5 / 55.
    # The most central, but within one community: not a broker.
    assert orgs["A"].betweenness == pytest.approx(36.5 / 55, abs=1e-6)  # type: ignore[attr-defined]
    assert orgs["A"].communities == 1  # type: ignore[attr-defined]
    assert orgs["A1"].betweenness == orgs["B1"].betweenness == 0  # type: ignore[attr-defined]


def test_orgs_burt_by_hand(orgs: dict[str, object]) -> None:
    # S's alters A and B share no tie: effective size 2 − 0; constraint
    # Σ_j (1/2 + 0)² = 0.5 (A and B reach each other only through S).
    assert (orgs["S"].effective_size, orgs["S"].constraint) == (2.0, 0.5)  # type: ignore[attr-defined]
    assert orgs["S"].reach_communities == 2  # type: ignore[attr-defined]


def test_orgs_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(ORGS), "--network", "orgs", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "组织网络" in out and "有联系的党组织 6 个，联系 12 处" in out
    assert "东街道党工委（S）  示例市 › 城区 › 东街道  中介中心度 0.509" in out
