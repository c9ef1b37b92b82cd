"""The people in a community's posts: grid leaders, branch secretaries, central
households (党员中心户), reserve cadres, instructors, and the captains of its
streets, lanes and buildings.

A community's first resident-member rows hold its posts, block after block
(:class:`Rows`); :func:`~partygraph.synthetic.quotas.allocate` sized them
(``min_posts``), and those rows are always full members.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from partygraph.model import DUTIES, Captain, CentralHousehold, Grid, Place, ReserveCadre
from partygraph.synthetic.catalogue import DRAWN_FROM, SCOPES, TITLES
from partygraph.synthetic.draws import I64
from partygraph.synthetic.names import cn, place_name
from partygraph.synthetic.town import Town

__all__ = [
    "Rows",
    "central_households",
    "grid_posts",
    "places_and_captains",
    "reserve_cadres",
    "rows",
    "settle_holders",
]


@dataclass(frozen=True)
class Rows:
    """First person row of each block of a community's post holders.

    ``cad`` "two committees" cadres, ``ch`` central households, ``rc`` reserve
    cadres, ``gb`` grid-branch and ``cb`` compound-branch secretaries, ``capm``
    captains who are members, ``glo`` grid leaders from outside the cadres.
    """

    cad: int
    ch: int
    rc: int
    gb: int
    cb: int
    capm: int
    glo: int


def rows(t: Town, c: int) -> Rows:
    """The post-holder blocks of community ``c``."""
    q = t.q
    cad = int(t.people.a_start[c])
    ch = cad + int(q.k_cad[c])
    rc = ch + int(q.n_ch[c])
    gb = rc + int(q.n_rc[c])
    cb = gb + int(q.n_gb[c])
    capm = cb + int(q.n_cb[c])
    return Rows(cad, ch, rc, gb, cb, capm, glo=capm + int(q.n_capm[c]))


def _grid_households(t: Town, c: int, g: int) -> I64:
    hs, hc = int(t.hh.start[c]), int(t.hh.count[c])
    found: I64 = np.flatnonzero(t.hh.grid[hs : hs + hc] == g) + hs
    return found


def settle_holders(t: Town, c: int) -> None:
    """Move post holders of a community with households into the grid or compound they serve."""
    if t.hh.count[c] == 0:
        return
    rng, off, household = t.dice.rng, rows(t, c), t.people.household
    hs, hc = int(t.hh.start[c]), int(t.hh.count[c])
    grids = t.st.grids_of(c)
    by_grid = [_grid_households(t, c, g) for g in grids]

    def settle(row: int, g_local: int) -> None:
        pool = by_grid[g_local]
        if len(pool):
            household[row] = pool[int(rng.integers(len(pool)))]

    ng = len(grids)
    for j in range(int(t.q.n_ch[c])):
        settle(off.ch + j, j % ng)
    for j, gl in enumerate(g - grids.start for g in grids if t.q.gb_mask[g]):
        settle(off.gb + j, gl)
    for gl in range(ng):
        settle(off.glo + gl, gl)
    cmp_local = t.hh.cmp[hs : hs + hc]
    for j, x in enumerate(x for x in t.st.compounds_of(c) if t.q.cb_mask[x]):
        pool = np.flatnonzero(cmp_local == x) + hs
        if len(pool):
            household[off.cb + j] = pool[int(rng.integers(len(pool)))]


def grid_posts(t: Town, c: int) -> None:
    """The grids of community ``c`` with their leaders, and every branch secretary."""
    off, orgs = rows(t, c), t.orgs
    cid, cname = t.geo.comm_ids[c], t.geo.comm_names[c]
    grids = t.st.grids_of(c)
    vacant = t.gaps.grid_vacant[grids.start : grids.stop]
    gb = 0
    for gl, g in enumerate(grids):
        if t.q.gb_mask[g]:
            orgs.items[int(orgs.grid[g])].secretary = off.gb + gb
            gb += 1
        leader = None if vacant[gl] else _grid_leader(t, c, off, gl)
        t.out.grids.append(
            Grid(
                id=f"{cid}-g{gl + 1:02d}",
                name=f"{cname}第{cn(gl + 1)}网格",
                community=cid,
                residents_group=f"{cid}-r{gl + 1:02d}",
                leader=None if leader is None else t.people.pid(leader),
            )
        )
    branches = (x for x in t.st.compounds_of(c) if t.q.cb_mask[x])
    for j, x in enumerate(branches):
        orgs.items[int(orgs.cmp[x])].secretary = off.cb + j
    orgs.items[orgs.comm[c]].secretary = off.cad


def _grid_leader(t: Town, c: int, off: Rows, gl: int) -> int:
    """The ``gl``-th grid's leader: mostly a cadre, else a central household or another member."""
    r = t.dice.rng.random()
    if r < 0.55:
        return off.cad + gl % int(t.q.k_cad[c])
    if r < 0.8 and gl < int(t.q.n_ch[c]):
        return off.ch + gl
    return off.glo + gl


def central_households(t: Town, c: int) -> None:
    """The central households of community ``c``, each in the grid of its household."""
    off, hh, cid = rows(t, c), t.hh, t.geo.comm_ids[c]
    grids = t.st.grids_of(c)
    for j in range(int(t.q.n_ch[c])):
        row = off.ch + j
        home = int(t.people.household[row])
        has_grid = home >= 0 and hh.grid[home] >= 0
        g = int(hh.grid[home]) if has_grid else grids.start + j % len(grids)
        t.out.ch_rows.append(row)
        t.out.ch_grid.append(g)
        t.out.ch_comm.append(c)
        t.out.central_households.append(
            CentralHousehold(
                id=f"{cid}-ch{j + 1:02d}",
                name=f"{t.people.name(row)}党员中心户",
                person=t.people.pid(row),
                household=None if home < 0 else hh.id(home),
                community=cid,
                grid=t.out.grids[g].id,
                valid_from=t.dice.ago(t.dice.ri(200, 1500)),
            )
        )


def reserve_cadres(t: Town, c: int) -> None:
    """Reserve cadres of community ``c``, and cadres as instructors of its units that await one."""
    off, cid = rows(t, c), t.geo.comm_ids[c]
    for j in range(int(t.q.n_rc[c])):
        row = off.rc + j
        t.out.reserve_cadres.append(
            ReserveCadre(
                id=f"{cid}-rc{j + 1:02d}",
                name=t.people.name(row),
                person=t.people.pid(row),
                community=cid,
                valid_from=t.dice.ago(t.dice.ri(30, 900)),
            )
        )
    for ui in t.units.comm_units[c]:
        if t.units.items[ui].instructor == -2:
            t.units.items[ui].instructor = t.people.cadre(t.dice.rng, c)


def places_and_captains(t: Town, c: int) -> None:
    """Streets, lanes and buildings: one per captain and a few without one."""
    rng, cid, n_cap = t.dice.rng, t.geo.comm_ids[c], int(t.q.n_cap[c])
    scopes = rng.choice(3, n_cap + t.dice.ri(0, 3), p=[0.25, 0.35, 0.4])
    compounds = [t.st.cmp_names[x] for x in t.st.compounds_of(c)]
    taken: set[str] = set()
    p0 = len(t.out.places)
    for j, scope in enumerate(scopes.tolist()):
        name = place_name(rng, scope, compounds)
        while name in taken:
            name = place_name(rng, scope, compounds)
        taken.add(name)
        t.out.places.append(
            Place(id=f"{cid}-s{j + 1:02d}", name=name, type=SCOPES[scope], community=cid)
        )
    _captains(t, c, p0)


def _captains(t: Town, c: int, p0: int) -> None:
    """Captains of the first places of community ``c`` (from ``p0`` in the place list)."""
    rng, off, cid = t.dice.rng, rows(t, c), t.geo.comm_ids[c]
    first, n_cap = int(t.q.cap_start[c]), int(t.q.n_cap[c])
    short = t.gaps.cap_short[first : first + n_cap]
    members = itertools.count(off.capm)
    outsiders = itertools.count(int(t.people.n_start[c]))
    chs = [off.ch + j for j in range(int(t.q.n_ch[c]))]
    start, count = int(t.regs.comm_start[c]), int(t.regs.comm_count[c])
    regs = t.regs.by_comm[start : start + count]
    for j in range(n_cap):
        kind = DRAWN_FROM[int(t.q.cap_kind[first + j])]
        kind, row = _captain_person(t, c, kind, j, members, outsiders, chs, regs)
        place = t.out.places[p0 + j]
        duties = list(DUTIES)
        if short[j]:
            duties.pop(int(rng.integers(4)))
        t.out.captains.append(
            Captain(
                id=f"{cid}-cap{j + 1:02d}",
                name=f"{place.name}{TITLES[place.type]}",
                person=t.people.pid(row),
                scope=place.type,
                place=place.id,
                community=cid,
                duties=duties,
                drawn_from=kind,
            )
        )


def _captain_person(
    t: Town,
    c: int,
    kind: str,
    j: int,
    members: Iterator[int],
    outsiders: Iterator[int],
    chs: list[int],
    regs: I64,
) -> tuple[str, int]:
    """Where the ``j``-th captain is drawn from, and who it is (a person row).

    Members and outsiders take the next row of their block; an in-service
    captain is a member registered in the community.  Where the community has
    none of the kind drawn, a central household, or else a cadre, stands in.
    """
    if kind == "party_member":
        return kind, next(members)
    if kind in ("deputy", "activist"):
        return kind, next(outsiders)
    if kind == "in_service" and len(regs):
        return kind, int(regs[j % len(regs)])
    if chs:
        return "central_household", chs[j % len(chs)]
    return "party_member", t.people.cadre(t.dice.rng, c)
