"""Tests of the synthetic model generator (partygraph.synthetic)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import partygraph
from partygraph.i18n import use_language
from partygraph.model import (
    PARENT_LEVEL,
    SECTIONS,
    SERVICE_LEVELS,
    Model,
    ServiceCentre,
)
from partygraph.model.population import TABLES
from partygraph.synthetic import PRESETS, synth


@pytest.fixture(scope="module")
def yj() -> Model:
    return synth(preset="yangjiang")


@pytest.fixture(scope="module")
def scaled() -> Model:
    return synth(communities=50, households=20_000, seed=3)


def _levels(m: Model) -> dict[str, str]:
    return {d.id: d.level for d in m.divisions}


def _communities(m: Model) -> set[str]:
    return {d.id for d in m.divisions if d.level == "community"}


# -- an independent reference checker ----------------------------------------------
def _person_refs(m: Model) -> list[str]:
    refs: list[str | None] = []
    refs += [o.secretary for o in m.party_orgs]
    refs += [g.leader for g in m.grids]
    refs += [c.person for c in m.captains]
    refs += [c.person for c in m.central_households]
    refs += [r.person for r in m.reserve_cadres]
    refs += [u.instructor for u in m.units]
    refs += [x.instructor for x in m.compounds]
    refs += [i.responsible for s in m.service_centres for i in s.items]
    for b in m.expanded_bodies:
        refs += b.full_time_members
        refs += [p.person for p in b.part_time_members]
    return [r for r in refs if r is not None]


def check_references(m: Model) -> list[str]:  # noqa: PLR0912, PLR0915  # one long checklist
    """Every rule the resolver enforces, re-implemented here; returns the problems."""
    problems: list[str] = []
    ids: Counter[str] = Counter()
    for name in SECTIONS:
        for e in m.section(name):
            ids[e.id] += 1
            if isinstance(e, ServiceCentre):
                ids.update(i.id for i in e.items)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    pop = m.population
    for table in ("households", "persons"):
        tids = pop[table]["id"].tolist()
        if len(set(tids)) != len(tids):
            problems.append(f"duplicate {table} ids")
        problems += [f"{table} id {t} clashes" for t in set(tids) & set(ids)]
    level = _levels(m)
    by_section = {name: {e.id for e in m.section(name)} for name in SECTIONS}
    for d in m.divisions:
        want = PARENT_LEVEL[d.level]
        if (d.parent is None) != (want is None) or (want and level.get(d.parent or "") != want):
            problems.append(f"division {d.id}: parent {d.parent} is not a {want}")
    orgs = {o.id: o for o in m.party_orgs}
    for o in m.party_orgs:
        seen, cur = {o.id}, o.parent
        while cur is not None:
            if cur not in orgs or cur in seen:
                problems.append(f"org {o.id}: bad parent chain at {cur}")
                break
            seen.add(cur)
            cur = orgs[cur].parent
        for ref, section in ((o.compound, "compounds"), (o.unit, "units"), (o.grid, "grids")):
            if ref is not None and ref not in by_section[section]:
                problems.append(f"org {o.id}: unknown {section} {ref}")
        problems += [f"org {o.id}: unit {u}" for u in o.joint_units if u not in by_section["units"]]
    persons = set(pop["persons"]["id"].tolist())
    problems += [f"unknown person {p}" for p in _person_refs(m) if p not in persons]
    households = set(pop["households"]["id"].tolist())
    problems += [
        f"unknown household {c.household}"
        for c in m.central_households
        if c.household is not None and c.household not in households
    ]
    communities = _communities(m)
    holders = [*m.grids, *m.compounds, *m.teams, *m.places, *m.captains, *m.central_households]
    holders += [*m.pairings, *m.volunteer_teams, *m.reserve_cadres]
    problems += [
        f"{e.id}: community {e.community} is not a community"  # type: ignore[attr-defined]
        for e in holders
        if e.community not in communities  # type: ignore[attr-defined]
    ]
    grid_comm = {g.id: g.community for g in m.grids}
    for g in m.grids:
        if g.residents_group is not None and level.get(g.residents_group) != "residents_group":
            problems.append(f"grid {g.id}: bad residents group")
    for c in m.captains:
        if c.place not in by_section["places"]:
            problems.append(f"captain {c.id}: unknown place")
    for c in m.central_households:
        if c.grid is not None and grid_comm.get(c.grid) != c.community:
            problems.append(f"central household {c.id}: grid not in its community")
    for t in m.teams:
        if t.core not in orgs:
            problems.append(f"team {t.id}: core is not a party org")
        problems += [
            f"team {t.id}: {u} is not a unit" for u in t.members if u not in by_section["units"]
        ]
    municipal = {u.id for u in m.units if u.municipal}
    problems += [
        f"pairing {p.id}: unit not municipal" for p in m.pairings if p.unit not in municipal
    ]
    cats = by_section["issue_categories"]
    problems += [
        f"department {d.id}: category {c}"
        for d in m.departments
        for c in d.categories
        if c not in cats
    ]
    whistle = {"community": "community", "subdistrict": "subdistrict", "district": "county"}
    problems += [
        f"department {d.id}: division level"
        for d in m.departments
        if level.get(d.division) != whistle[d.level]
    ]
    centres = {s.id: s for s in m.service_centres}
    for s in m.service_centres:
        if s.parent is not None:
            parent = centres.get(s.parent)
            if parent is None or SERVICE_LEVELS.index(parent.level) >= SERVICE_LEVELS.index(
                s.level
            ):
                problems.append(f"centre {s.id}: parent {s.parent} is not a higher centre")
        if s.level == "compound" and s.compound not in by_section["compounds"]:
            problems.append(f"centre {s.id}: unknown compound")
    for b in m.expanded_bodies:
        if b.core not in orgs:
            problems.append(f"body {b.id}: core is not a party org")
        want = "community" if b.form == "expanded_committee" else "subdistrict"
        if level.get(b.division) != want:
            problems.append(f"body {b.id}: division is not a {want}")
    problems += _table_problems(m)
    return problems


def _table_problems(m: Model) -> list[str]:
    """Ref codes in range and of the right level; placements inside the community."""
    problems: list[str] = []
    pop = m.population
    for name, spec in TABLES.items():
        table = pop[name]
        for col in spec.columns:
            if col.type != "ref":
                continue
            codes = table[col.name]
            assert col.target is not None
            size = len(pop[col.target]) if col.target in TABLES else m.count(col.target)
            if len(codes) and (codes.min() < -1 or codes.max() >= size):
                problems.append(f"{name}.{col.name}: code out of range")
            if col.required and (codes < 0).any():
                problems.append(f"{name}.{col.name}: missing required reference")
            if col.level is not None and len(codes):
                levels = np.array([d.level for d in m.divisions])
                if (levels[codes[codes >= 0]] != col.level).any():
                    problems.append(f"{name}.{col.name}: not a {col.level}")
    hh = pop["households"]
    div_index = {d.id: i for i, d in enumerate(m.divisions)}
    parent = np.array([div_index.get(d.parent or "", -1) for d in m.divisions])
    grid_comm = np.array([div_index[g.community] for g in m.grids] or [-1])
    cmp_comm = np.array([div_index[x.community] for x in m.compounds] or [-1])
    comm = hh["community"]
    for col, owner in (("residents_group", parent), ("grid", grid_comm), ("compound", cmp_comm)):
        codes = hh[col]
        ok = codes >= 0
        if (owner[codes[ok]] != comm[ok]).any():
            problems.append(f"households.{col}: outside the household's community")
    return problems


# -- the Yangjiang preset reproduces the reported figures -----------------------------------
def test_yangjiang_hierarchy(yj: Model) -> None:
    levels = Counter(d.level for d in yj.divisions)
    assert levels["city"] == 1
    assert [d.name for d in yj.divisions if d.level == "city"] == ["阳江市"]
    assert levels["county"] == 4  # 江城区, 阳东区, 阳西县, 阳春市 (海陵 is in 江城区)
    assert sorted(d.name for d in yj.divisions if d.district) == ["江城区", "阳东区"]
    assert levels["subdistrict"] == 10
    assert levels["community"] == 136
    communities = _communities(yj)
    assert {d.parent for d in yj.divisions if d.level == "residents_group"} == communities
    assert {g.community for g in yj.grids} == communities
    assert sum(d.model_community for d in yj.divisions) == 18
    assert yj.snapshot is not None


def test_yangjiang_organisations(yj: Model) -> None:
    communities = _communities(yj)
    own = [o for o in yj.party_orgs if o.division in communities]
    assert len(own) == 136
    assert sum(o.form == "committee" for o in own) == 25
    assert {o.form for o in own} == {"committee", "general_branch", "branch"}
    assert sum(o.form == "branch" and o.compound is not None for o in yj.party_orgs) == 40
    subdistricts = {d.id for d in yj.divisions if d.level == "subdistrict"}
    orgs = {o.id: o for o in yj.party_orgs}
    ec = [b for b in yj.expanded_bodies if b.form == "expanded_committee"]
    ewc = [b for b in yj.expanded_bodies if b.form == "expanded_working_committee"]
    assert len(ec) == 136
    assert {b.division for b in ec} == communities
    assert all(orgs[b.core].division == b.division for b in ec)
    assert len(ewc) == 10
    assert {b.division for b in ewc} == subdistricts
    assert all(orgs[b.core].form == "working_committee" for b in ewc)
    for b in yj.expanded_bodies:
        assert b.full_time_members
        assert b.part_time_members
        assert len(b.meetings) >= 4


def test_yangjiang_volunteers_and_posts(yj: Model) -> None:
    assert len(yj.captains) == 989
    assert {c.scope for c in yj.captains} == {"street", "lane", "building"}
    places = {p.id: p for p in yj.places}
    assert all(c.person and places[c.place].type == c.scope for c in yj.captains)
    assert len(yj.central_households) == 1667
    assert len(yj.reserve_cadres) == 272
    assert len(yj.volunteer_teams) == 169
    assert sum(v.activities or 0 for v in yj.volunteer_teams) == 1318
    assert sum(v.people_served or 0 for v in yj.volunteer_teams) == 158_000


def test_yangjiang_dual_registration(yj: Model) -> None:
    assert len(yj.pairings) == 73
    units = {u.id: u for u in yj.units}
    assert len({p.unit for p in yj.pairings}) == 73
    assert all(units[p.unit].municipal for p in yj.pairings)
    assert all(p.resources and p.projects and p.needs for p in yj.pairings)
    assert any(set(p.needs) & set(p.resources) for p in yj.pairings)
    assert any(p.agreement_signed for p in yj.pairings)
    reg = yj.population["registrations"]
    persons = yj.population["persons"]
    assert len(reg) == 6099
    rows = reg["person"]
    assert len(np.unique(rows)) == 6099
    assert persons["in_service"][rows].all()
    assert (persons["member"][rows] == 0).all()  # 'full'
    assert set(reg["basis"].tolist()) == {0, 1}


def test_yangjiang_service_centres(yj: Model) -> None:
    levels = Counter(c.level for c in yj.service_centres)
    assert levels["district"] == 2
    assert levels["subdistrict"] == 10
    assert levels["community"] == 136
    assert levels["area"] > 0
    with_branch = {o.compound for o in yj.party_orgs if o.compound is not None}
    stations = {c.compound for c in yj.service_centres if c.level == "compound"}
    assert stations == with_branch
    assert all(10 <= len(c.items) <= 20 for c in yj.service_centres if c.level == "community")


def test_yangjiang_households_in_one_subdistrict(yj: Model) -> None:
    hh = yj.population["households"]
    assert len(hh) >= 10_000
    used = {yj.divisions[int(i)].id for i in np.unique(hh["community"])}
    first = {d.id for d in yj.divisions if d.level == "community" and d.parent == "441702001"}
    assert used == first and len(first) == 15  # 南恩街道's 15 residents' committees
    assert len(yj.population["central_household_links"]) > 0
    assert (hh["grid"] >= 0).mean() > 0.9
    assert (hh["residents_group"] >= 0).all()


def test_yangjiang_teams_units_departments(yj: Model) -> None:
    assert {t.type for t in yj.teams} == {"1+3", "1+N"}
    assert {d.level for d in yj.departments} == {"community", "subdistrict", "district"}
    resident = {
        "agency",
        "soe",
        "public_institution",
        "finance",
        "education",
        "health",
        "police_station",
        "school",
        "hospital",
        "enterprise",
        "residents_committee",
        "owners_committee",
        "property_company",
        "social_organisation",
        "non_public",
        "other",
    }
    assert resident <= {u.type for u in yj.units}


def test_yangjiang_names_chinese_ids_ascii(yj: Model) -> None:
    for e in yj.entities():
        assert e.id.isascii(), e.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in e.name), e.name
    names = yj.population["persons"]["name"]
    assert all("\u4e00" <= n[0] <= "\u9fff" for n in names[:1000].tolist())


def test_yangjiang_references(yj: Model) -> None:
    assert check_references(yj) == []


def test_yangjiang_has_gaps(yj: Model) -> None:
    assert any(g.leader is None for g in yj.grids)
    assert any(len(c.duties) < 4 for c in yj.captains)
    assert any(i.responsible is None for s in yj.service_centres for i in s.items)
    assert any(
        o.form == "branch" and (o.members_full or 0) + (o.members_probationary or 0) >= 50
        for o in yj.party_orgs
    )


def test_preset_is_not_mutated() -> None:
    before = repr(PRESETS["yangjiang"])
    synth(preset="yangjiang", households=500)
    assert repr(PRESETS["yangjiang"]) == before


# -- determinism ----------------------------------------------------------------------
def test_same_seed_same_model() -> None:
    a = synth(communities=20, households=3_000, seed=5)
    b = synth(communities=20, households=3_000, seed=5)
    assert a == b
    c = synth(communities=20, households=3_000, seed=6)
    assert a != c


def test_yangjiang_is_deterministic(yj: Model) -> None:
    assert synth(preset="yangjiang") == yj


# -- scaled models --------------------------------------------------------------------
def test_scaled_counts(scaled: Model) -> None:
    hh = scaled.population["households"]
    assert len(hh) == 20_000
    assert len(_communities(scaled)) == 50
    used = {scaled.divisions[int(i)].id for i in np.unique(hh["community"])}
    assert used == _communities(scaled)
    assert (hh["size"] >= 1).all()
    assert len(np.unique(hh["id"])) == 20_000
    per_community = np.bincount(hh["community"])
    assert per_community.max() < 5 * 20_000 / 50  # spread, not piled up


def test_scaled_references(scaled: Model) -> None:
    assert check_references(scaled) == []


def test_members_exact() -> None:
    m = synth(communities=10, households=2_000, members=3_000, seed=2)
    assert int((m.population["persons"]["member"] >= 0).sum()) == 3_000
    with pytest.raises(ValueError, match="党员数 --members 10 太少"):
        synth(communities=10, members=10)
    with use_language("en"), pytest.raises(ValueError, match="members=10 is too few"):
        synth(communities=10, members=10)


def test_no_gaps_model() -> None:
    m = synth(communities=15, households=1_500, gaps=0, seed=4)
    assert all(g.leader for g in m.grids)
    assert all(len(c.duties) == 4 for c in m.captains)
    assert all(i.responsible for s in m.service_centres for i in s.items)
    assert check_references(m) == []


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="没有叫“nowhere”的预设；可用的预设：yangjiang"):
        synth(preset="nowhere")
    with pytest.raises(ValueError, match=r"--gaps 应在 0 到 1 之间，不能是 2\.0"):
        synth(gaps=2.0)
    with pytest.raises(ValueError, match=r"街道数 --subdistricts 应在 1 到社区数（3）之间"):
        synth(communities=3, subdistricts=5)
    with use_language("en"), pytest.raises(ValueError, match="unknown preset 'nowhere'"):
        synth(preset="nowhere")


def test_loader_accepts_dump(tmp_path: Path) -> None:
    m = synth(communities=6, households=800, seed=9)
    m.dump(tmp_path / "m.yaml")
    assert partygraph.load(str(tmp_path / "m.yaml")) == m


def test_every_section_is_filled(scaled: Model) -> None:
    # (Each entity's class is the section's already: Model validates its lists.)
    assert [name for name in SECTIONS if not scaled.section(name)] == []


def test_shipped_example_is_marked_synthetic() -> None:
    shipped = Path(__file__).resolve().parents[1] / "configs" / "yangjiang.yaml"
    if not shipped.exists():
        pytest.skip("configs/yangjiang.yaml not generated (examples/make_yangjiang.py)")
    with shipped.open(encoding="utf-8") as f:
        head = f.readline()
    assert head.startswith("#") and "示意数据" in head
