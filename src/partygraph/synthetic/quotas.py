"""How many of each thing every community gets, and which things are left as gaps.

Quotas are drawn before units and persons because they decide how many
resident party members a community needs at least: every post holder is one
(see ``Quotas.min_posts``).  The gaps and the volunteer figures are drawn
later, after the registrations and just before the per-community pass reads
them: the order of draws is the model, so they stay where they always were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partygraph.synthetic.catalogue import DRAWN_FROM, DRAWN_P
from partygraph.synthetic.divisions import Geography
from partygraph.synthetic.draws import F64, I64, Bools, Dice, split, starts
from partygraph.synthetic.grids import Structure
from partygraph.synthetic.households import Households
from partygraph.synthetic.presets import Plan

__all__ = ["Gaps", "Quotas", "Volunteering", "allocate", "draw_gaps", "draw_volunteering"]

#: Share of grids with a grid branch of their own.
_GRID_BRANCHES = 0.45


@dataclass
class Quotas:
    """Per community: central households, reserve cadres, captains, volunteer teams,
    "two committees" cadres (``k_cad``), grid and compound branches; per captain
    where it is drawn from (an index into ``DRAWN_FROM``)."""

    n_ch: I64
    n_rc: I64
    n_cap: I64
    n_vt: I64
    k_cad: I64
    gb_mask: Bools  # per grid: has a grid branch
    n_gb: I64
    cmp_planned: F64  # per compound: households, or planned ones where none are generated
    cb_mask: Bools  # per compound: has a compound branch
    n_cb: I64
    cap_comm: I64
    cap_start: I64
    cap_kind: I64
    n_capm: I64  # captains who are resident party members
    n_nonmember: I64  # captains who are deputies or activists, not party members
    min_posts: I64  # resident members each community needs for its posts


def allocate(plan: Plan, rng: np.random.Generator, st: Structure, hh: Households) -> Quotas:
    """Spread the plan's totals over the communities."""
    n_c = plan.communities
    n_ch = split(rng, plan.central_households, n_c, shape=5.0)
    n_rc = split(rng, plan.reserve_cadres, n_c, shape=8.0)
    n_cap = split(rng, plan.captains, n_c, shape=4.0)
    n_vt = split(rng, plan.volunteer_teams, n_c, shape=3.0)
    k_cad = rng.integers(5, 10, n_c).astype(np.int64)
    gb_mask = rng.random(len(st.grid_comm)) < _GRID_BRANCHES
    n_gb = np.bincount(st.grid_comm[gb_mask], minlength=n_c).astype(np.int64)
    planned, cb_mask = _compound_branches(plan, rng, st, hh)
    n_cb = np.bincount(st.cmp_comm[cb_mask], minlength=n_c).astype(np.int64)
    cap_comm = np.repeat(np.arange(n_c), n_cap).astype(np.int64)
    cap_kind = rng.choice(len(DRAWN_FROM), len(cap_comm), p=DRAWN_P)
    n_capm = np.bincount(cap_comm[cap_kind == 0], minlength=n_c)
    n_nonmember = np.bincount(cap_comm[cap_kind >= 3], minlength=n_c)
    return Quotas(
        n_ch=n_ch,
        n_rc=n_rc,
        n_cap=n_cap,
        n_vt=n_vt,
        k_cad=k_cad,
        gb_mask=gb_mask,
        n_gb=n_gb,
        cmp_planned=planned,
        cb_mask=cb_mask,
        n_cb=n_cb,
        cap_comm=cap_comm,
        cap_start=starts(n_cap),
        cap_kind=cap_kind,
        n_capm=n_capm,
        n_nonmember=n_nonmember,
        # one member per cadre, central household, reserve cadre, branch
        # secretary, member captain and grid leader
        min_posts=(k_cad + n_ch + n_rc + n_gb + n_cb + n_capm + st.n_grid).astype(np.int64),
    )


def _compound_branches(
    plan: Plan, rng: np.random.Generator, st: Structure, hh: Households
) -> tuple[F64, Bools]:
    """Compound sizes, and which compounds get a branch: ones with a property company,
    larger ones more likely."""
    n_x = len(st.cmp_comm)
    planned = np.where(
        hh.count[st.cmp_comm] > 0,
        hh.per_compound,
        np.round(st.cmp_weight * 160 + 40),
    ).astype(np.float64)
    want = min(plan.compound_branches, n_x)
    pool = np.flatnonzero(st.cmp_pm)
    if len(pool) < want:
        pool = np.arange(n_x)
    pw = planned[pool] + 1.0
    chosen = rng.choice(pool, want, replace=False, p=pw / pw.sum())
    cb_mask = np.zeros(n_x, dtype=np.bool_)
    cb_mask[chosen] = True
    return planned, cb_mask


@dataclass
class Gaps:
    """The deliberate gaps the per-community pass leaves (see :func:`synth`'s ``gaps``)."""

    grid_vacant: Bools  # per grid: no leader
    cap_short: Bools  # per captain: one of the four duties missing
    team_incomplete: Bools  # per compound: its "1+3" team lacks a member, or is missing
    stale_body: Bools  # per community: its 大党委's last meeting is stale
    stale_sd: Bools  # per subdistrict: its 大工委's last routine meeting is stale
    no_weekend: Bools  # per community: its centre has no weekend duty
    no_water: Bools  # per county: nobody answers for water and power


def draw_gaps(plan: Plan, dice: Dice, geo: Geography, st: Structure, q: Quotas) -> Gaps:
    """Draw every mask of :class:`Gaps`."""
    n_c = plan.communities
    grid_vacant = dice.gap(len(st.grid_comm))
    cap_short = dice.gap(len(q.cap_comm))
    team_incomplete = np.zeros(len(st.cmp_comm), dtype=np.bool_)
    pm = np.flatnonzero(st.cmp_pm)
    team_incomplete[pm[dice.gap(len(pm))]] = True
    return Gaps(
        grid_vacant=grid_vacant,
        cap_short=cap_short,
        team_incomplete=team_incomplete,
        stale_body=dice.gap(n_c),
        stale_sd=dice.gap(plan.subdistricts, plan.gaps / 2),
        no_weekend=dice.gap(n_c),
        no_water=dice.gap(len(geo.county_ids), plan.gaps),
    )


@dataclass
class Volunteering:
    """Per volunteer team (laid out by community from ``start``): members, activities,
    people served.  Activities and people served add up exactly to the plan's."""

    start: I64
    members: I64
    activities: I64
    served: I64


def draw_volunteering(plan: Plan, rng: np.random.Generator, q: Quotas) -> Volunteering:
    """Team sizes, and the plan's activities and people served spread over the teams."""
    n_v = int(q.n_vt.sum())
    members = rng.integers(12, 121, n_v).astype(np.int64)
    # busier teams are larger, and serve more people
    w = members * rng.gamma(3.0, 1.0, n_v)
    activities = split(rng, plan.volunteer_activities, n_v, weights=w)
    served = split(
        rng, plan.people_served, n_v, weights=(activities + 1) * rng.gamma(4.0, 1.0, n_v)
    )
    return Volunteering(start=starts(q.n_vt), members=members, activities=activities, served=served)
