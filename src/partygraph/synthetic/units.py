"""Units: government offices, municipal units, property companies, police stations,
residents' and owners' committees, and the units resident in each community.

Units are kept in a fixed order that later stages rely on: the cities' own
offices first (row ``i`` is city ``i``'s), then municipal units, county
offices (from ``county_gov0``), property companies, each subdistrict's office
and police station (from ``sd_gov0``, two rows per subdistrict), and last,
community by community, the residents' committee, the owners' committees and
the resident units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partygraph.synthetic.catalogue import (
    CORE_TYPES,
    EXTRA_TYPES,
    EXTRA_WEIGHTS,
    MUNICIPAL_TYPES,
    MUNICIPAL_WEIGHTS,
    UNIT_SIZE,
)
from partygraph.synthetic.divisions import Geography
from partygraph.synthetic.draws import I64, Bools, Dice, skew, starts
from partygraph.synthetic.grids import Structure
from partygraph.synthetic.names import (
    CITY_AGENCIES,
    RESIDENT_PATTERNS,
    WORDS,
    Names,
    fill,
    municipal_name,
    pick,
)
from partygraph.synthetic.presets import Plan

__all__ = ["UnitDraft", "Units", "make_units"]

#: Unpaired municipal units, as a share of the paired ones (at least one).
_UNPAIRED = 0.12
#: Compounds one property company serves, at most, in a county.
_COMPOUNDS_PER_COMPANY = 5
#: A core unit has at least this many party members.
_CORE_MINIMUM = 5


@dataclass
class UnitDraft:
    """A unit being built: where it sits, and where its party members belong.

    ``org``, ``joint`` and ``fallback`` are rows of party organisations (-1:
    none); ``instructor`` a person row, -1 for none or -2 for one still to be
    chosen among the community's cadres.
    """

    id: str
    name: str
    type: str
    division: str | None
    comm: int = -1
    city: int = 0
    sd: int = -1
    municipal: bool = False
    members: int = 0  # party members (rows of the persons table)
    org: int = -1  # its own party organisation
    joint: int = -1  # the joint branch it belongs to
    fallback: int = -1  # where its members belong when it has neither
    instructor: int = -1  # person row of its party-building instructor
    core: bool = False  # one of the community's two core units


@dataclass
class Units:
    """The units in model order (see the module), and the rows later stages look up."""

    items: list[UnitDraft]
    pair_comm: I64  # per pairing: its community
    mu_of_pairing: I64  # per pairing: the row of its municipal unit
    paired: Bools  # per unit: is in a pairing
    county_gov0: int
    sd_gov0: int
    cmp_pmco: I64  # per compound: the row of its property company, or -1
    oc_unit: I64  # per compound: the row of its owners' committee, or -1
    comm_units: list[list[int]]  # per community: the rows of its resident units
    jwh: list[int]  # per community: the row of its residents' committee


class _Roll:
    """Units in the order they are added, every name made unique."""

    def __init__(self, names: Names) -> None:
        self.items: list[UnitDraft] = []
        self.names = names

    def add(self, uid: str, name: str, kind: str, city: int, *, members: int = 0) -> UnitDraft:
        u = UnitDraft(uid, self.names.unique(name), kind, None, city=city, members=members)
        self.items.append(u)
        return u


def make_units(plan: Plan, dice: Dice, names: Names, geo: Geography, st: Structure) -> Units:
    """Every unit of the model, in model order."""
    rng, n_c, n_city = dice.rng, plan.communities, len(geo.city_names)
    # paired municipal units, and a few unpaired ones, in a shuffled order
    pair_comm = rng.choice(n_c, plan.pairings, replace=plan.pairings > n_c).astype(np.int64)
    n_mu = plan.pairings + max(1, round(_UNPAIRED * plan.pairings))
    order = rng.permutation(n_mu).astype(np.int64)
    mu_city = np.concatenate(
        [geo.comm_city[pair_comm], rng.integers(0, n_city, n_mu - plan.pairings)]
    ).astype(np.int64)
    roll = _Roll(names)
    for i, city_name in enumerate(geo.city_names):
        office = roll.add(f"{geo.city_ids[i]}-gov", f"{city_name}人民政府办公室", "agency", i)
        office.municipal, office.division, office.members = True, geo.city_ids[i], dice.ri(30, 60)
    mu_of_pairing = _municipal_units(roll, rng, geo, order, mu_city, plan.pairings)
    county_gov0 = len(roll.items)
    for k, county in enumerate(geo.county_names):
        u = roll.add(
            f"{geo.county_ids[k]}-gov", f"{county}人民政府办公室", "agency", int(geo.county_city[k])
        )
        u.division, u.members = geo.county_ids[k], dice.ri(20, 50)
    cmp_pmco = _property_companies(roll, dice, geo, st)
    sd_gov0 = len(roll.items)
    _subdistrict_units(roll, dice, geo)
    oc_unit = np.full(len(st.cmp_comm), -1, dtype=np.int64)
    comm_units, jwh = _resident_units(roll, rng, geo, st, oc_unit)
    paired = np.zeros(len(roll.items), dtype=np.bool_)
    paired[mu_of_pairing] = True
    return Units(
        items=roll.items,
        pair_comm=pair_comm,
        mu_of_pairing=mu_of_pairing,
        paired=paired,
        county_gov0=county_gov0,
        sd_gov0=sd_gov0,
        cmp_pmco=cmp_pmco,
        oc_unit=oc_unit,
        comm_units=comm_units,
        jwh=jwh,
    )


def _municipal_units(
    roll: _Roll,
    rng: np.random.Generator,
    geo: Geography,
    order: I64,
    mu_city: I64,
    pairings: int,
) -> I64:
    """Municipal units in ``order`` (a shuffle); returns the row of each pairing's unit."""
    # each city names its agencies from its own shuffled list, without repeats
    agencies = {i: pick(rng, CITY_AGENCIES, len(CITY_AGENCIES)) for i in range(len(geo.city_names))}
    mu_of_pairing = np.empty(pairings, dtype=np.int64)
    for rank, k in enumerate(order):
        city = int(mu_city[k])
        kind = str(MUNICIPAL_TYPES[int(rng.choice(6, p=MUNICIPAL_WEIGHTS / 100))])
        name = municipal_name(rng, kind, geo.city_names[city], agencies[city])
        u = roll.add(f"mu{rank + 1:03d}", name, kind, city, members=skew(rng, 15, 150))
        u.municipal = True
        u.division = geo.city_ids[city]
        if k < pairings:  # the first ``pairings`` of the shuffle are the paired ones
            mu_of_pairing[k] = len(roll.items) - 1
    return mu_of_pairing


def _property_companies(roll: _Roll, dice: Dice, geo: Geography, st: Structure) -> I64:
    """Property companies of each county; returns the company of each compound (or -1)."""
    rng = dice.rng
    county_of_cmp = geo.comm_county[st.cmp_comm]
    n_k = len(geo.county_names)
    need = np.bincount(county_of_cmp[st.cmp_pm], minlength=n_k)
    n_pm = np.maximum(1, np.ceil(need / _COMPOUNDS_PER_COMPANY)).astype(np.int64)
    first = starts(n_pm) + len(roll.items)
    width = max(3, len(str(int(n_pm.sum()))))
    count = 0
    for k in range(n_k):
        city = int(geo.county_city[k])
        for _ in range(int(n_pm[k])):
            count += 1
            word = WORDS[int(rng.integers(len(WORDS)))]
            name = f"{geo.city_names[city].removesuffix('市')}{word}物业服务有限公司"
            u = roll.add(f"pm{count:0{width}d}", name, "property_company", city)
            u.division = geo.county_ids[k]
            u.members = 0 if rng.random() < 0.5 else dice.ri(3, 9)
    # each compound with a company gets one of its county's at random
    company = np.floor(rng.random(len(st.cmp_comm)) * n_pm[county_of_cmp]).astype(np.int64)
    out: I64 = np.where(st.cmp_pm, first[county_of_cmp] + company, -1)
    return out


def _subdistrict_units(roll: _Roll, dice: Dice, geo: Geography) -> None:
    """Each subdistrict's office (办事处) and police station, in that order."""
    for s, name in enumerate(geo.sd_names):
        k = int(geo.sd_county[s])
        city = int(geo.county_city[k])
        gov = roll.add(f"{geo.sd_ids[s]}-gov", f"{name}办事处", "agency", city)
        gov.division, gov.sd, gov.members = geo.sd_ids[s], s, dice.ri(12, 30)
        station = f"{geo.county_names[k]}公安局{geo.sd_short[s]}派出所"
        ps = roll.add(f"{geo.sd_ids[s]}-ps", station, "police_station", city)
        ps.division, ps.sd, ps.members = geo.sd_ids[s], s, dice.ri(6, 25)


def _resident_units(
    roll: _Roll, rng: np.random.Generator, geo: Geography, st: Structure, oc_unit: I64
) -> tuple[list[list[int]], list[int]]:
    """Committees and resident units of every community; fills ``oc_unit``.

    Returns each community's resident unit rows and its residents' committee row.
    """
    n_c = len(geo.comm_ids)
    n_extra = rng.integers(1, 6, n_c)
    extra_types = rng.choice(
        len(EXTRA_TYPES), int(n_extra.sum()), p=EXTRA_WEIGHTS / EXTRA_WEIGHTS.sum()
    )
    k = min(len(EXTRA_TYPES), len(extra_types))
    extra_types[:k] = rng.permutation(len(EXTRA_TYPES))[:k]  # every type at least once
    comm_units: list[list[int]] = []
    jwh: list[int] = []
    e = 0
    for c in range(n_c):
        s, cid = int(geo.comm_sd[c]), geo.comm_ids[c]
        city = int(geo.comm_city[c])
        u = roll.add(f"{cid}-jwh", f"{geo.comm_names[c]}居民委员会", "residents_committee", city)
        u.division, u.comm, u.sd = cid, c, s
        jwh.append(len(roll.items) - 1)
        for x in st.compounds_of(c):
            if st.cmp_oc[x]:
                name = f"{st.cmp_names[x]}业主委员会"
                oc = roll.add(f"{st.cmp_ids[x]}-yw", name, "owners_committee", city)
                oc.division, oc.comm, oc.sd = cid, c, s
                oc_unit[x] = len(roll.items) - 1
        kinds = [str(t) for t in rng.choice(CORE_TYPES, 2, replace=False)]
        kinds += [EXTRA_TYPES[int(t)] for t in extra_types[e : e + int(n_extra[c])]]
        e += int(n_extra[c])
        comm_units.append(
            [_resident_unit(roll, rng, geo, c, j, kind) for j, kind in enumerate(kinds)]
        )
    return comm_units, jwh


def _resident_unit(
    roll: _Roll, rng: np.random.Generator, geo: Geography, c: int, j: int, kind: str
) -> int:
    """The ``j``-th resident unit of community ``c`` (the first two are its core units)."""
    s, k_idx, city, cid = (
        int(geo.comm_sd[c]),
        int(geo.comm_county[c]),
        int(geo.comm_city[c]),
        geo.comm_ids[c],
    )
    name = fill(
        rng, RESIDENT_PATTERNS[kind], geo.city_names[city], geo.county_names[k_idx], geo.sd_short[s]
    )
    u = roll.add(f"{cid}-u{j + 1:02d}", name, kind, city)
    u.division, u.comm, u.sd = cid, c, s
    lo, hi = UNIT_SIZE[kind]
    u.core = j < 2
    u.members = skew(rng, max(lo, _CORE_MINIMUM) if u.core else lo, hi)
    return len(roll.items) - 1
