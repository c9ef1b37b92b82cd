"""Households: how many in each community, and the group, grid and compound of each.

Household rows are laid out by community and, within one, sorted by
residents' group and compound, so that a community's households are one run
(``start``/``count``) as in the bulk ``households`` table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partygraph.synthetic.divisions import Geography
from partygraph.synthetic.draws import F64, I64, Dice, Strs, ids, split, starts, width
from partygraph.synthetic.grids import Structure
from partygraph.synthetic.presets import Plan

__all__ = ["Households", "place_households"]

#: Share of households living in a compound, and of those in the compound's own group.
_IN_COMPOUND = 0.78
_OWN_GROUP = 0.85
#: Household sizes 1-6 and their shares.
_SIZE_P = (0.18, 0.28, 0.24, 0.18, 0.08, 0.04)


@dataclass
class Households:
    """Per community ``count`` and ``start``; per household the rest (-1: no compound, grid)."""

    count: I64
    start: I64
    comm: I64
    rg: I64
    cmp: I64
    grid: I64
    size: I64
    ids: Strs
    per_compound: I64  # households of each compound


def place_households(plan: Plan, dice: Dice, geo: Geography, st: Structure) -> Households:
    """Spread ``plan.households`` over the communities (or the preset's subdistricts)."""
    rng, n_c, n_h = dice.rng, plan.communities, plan.households
    count = np.zeros(n_c, dtype=np.int64)
    if n_h:
        if plan.household_subdistricts is None:
            eligible = np.arange(n_c)
        else:
            eligible = np.flatnonzero(geo.comm_sd < plan.household_subdistricts)
        minimum = 1 if n_h >= len(eligible) else 0
        count[eligible] = split(rng, n_h, len(eligible), minimum=minimum, shape=6.0)
    comm = np.repeat(np.arange(n_c), count).astype(np.int64)
    key = _compound_key(st)
    in_cmp = rng.random(n_h) < _IN_COMPOUND
    # a uniform draw within the community's slice of ``key`` picks a compound by weight
    cmp = np.searchsorted(key, comm + rng.random(n_h), side="right").astype(np.int64)
    cmp = np.minimum(cmp, len(key) - 1)
    own_group = in_cmp & (rng.random(n_h) < _OWN_GROUP)
    anywhere = np.floor(rng.random(n_h) * st.n_rg[comm]).astype(np.int64)
    rg_local = np.where(own_group, st.cmp_rg_local[cmp], anywhere)
    rg = st.rg_start[comm] + rg_local
    cmp = np.where(in_cmp, cmp, -1)
    order = np.lexsort((cmp, rg))
    rg, cmp = rg[order], cmp[order]
    grid = st.rg_grid[rg].copy()
    grid[dice.gap(n_h, plan.gaps / 5)] = -1  # gap: households in no grid
    size = rng.choice(np.arange(1, 7, dtype=np.int64), n_h, p=list(_SIZE_P))
    return Households(
        count=count,
        start=starts(count),
        comm=comm,
        rg=rg,
        cmp=cmp,
        grid=grid,
        size=size,
        ids=ids("h", n_h, width(n_h)),
        per_compound=np.bincount(cmp[cmp >= 0], minlength=len(key)),
    )


def _compound_key(st: Structure) -> F64:
    """Per compound: its community plus the cumulative share of the community's weight.

    Within community ``c`` the keys rise from ``c`` to ``c + 1`` (the last is
    exactly ``c + 1``), so :func:`numpy.searchsorted` of ``c + u`` picks each
    compound with probability proportional to its weight.
    """
    n_c = len(st.n_cmp)
    w = st.cmp_weight
    totals: F64 = np.bincount(st.cmp_comm, weights=w, minlength=n_c).astype(np.float64)
    cum: F64 = np.cumsum(w) - _float_starts(totals)[st.cmp_comm]
    cum = cum / totals[st.cmp_comm]
    last = st.cmp_start + st.n_cmp - 1
    cum[last] = 1.0
    key: F64 = st.cmp_comm + cum
    return key


def _float_starts(totals: F64) -> F64:
    """:func:`~partygraph.synthetic.draws.starts` for float totals."""
    out = np.zeros(len(totals), dtype=np.float64)
    if len(totals):
        out[1:] = np.cumsum(totals)[:-1]
    return out
