"""Households: how many in each community, and the group, grid and compound of each.

Household rows are laid out by community and, within one, sorted by
residents' group and compound, so that a community's households are one run
(``start``/``count``) as in the bulk ``households`` table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from partygraph.model.population import TEXT
from partygraph.synthetic.divisions import Geography
from partygraph.synthetic.draws import F64, I64, Dice, ids, split, starts, width
from partygraph.synthetic.grids import Structure
from partygraph.synthetic.presets import Plan

__all__ = ["PART", "Households", "parts", "place_households"]

#: Share of households living in a compound, and of those in the compound's own group.
_IN_COMPOUND = 0.78
_OWN_GROUP = 0.85
#: Household sizes 1-6 and their shares.
_SIZE_P = (0.18, 0.28, 0.24, 0.18, 0.08, 0.04)


#: Households drawn at a time: each draw over all households is made in parts
#: of this many (the same numbers as one draw), so that a province's 30 million
#: need no full-length temporary arrays of floats (docs/performance.md).
PART = 1 << 20

I32 = npt.NDArray[np.int32]


@dataclass
class Households:
    """Per community ``count`` and ``start``; per household the rest (-1: no compound,
    grid), as ``int32`` (``size``: ``int8``); ids are made when asked (:meth:`id`, :meth:`ids`)."""

    count: I64
    start: I64
    comm: I32
    rg: I32
    cmp: I32
    grid: I32
    size: npt.NDArray[np.int8]
    width: int  # digits of the ids
    per_compound: I64  # households of each compound

    def id(self, row: int) -> str:
        """The id of household ``row``: ``h`` and its number, zero-padded."""
        return f"h{row + 1:0{self.width}d}"

    def ids(self) -> npt.NDArray[Any]:
        """Every household's id, as text (made a part at a time)."""
        n = len(self.comm)
        out = np.empty(n, dtype=TEXT)
        for part in parts(n):
            out[part] = ids("h", part.stop - part.start, self.width, first=part.start)
        return out


def parts(n: int, size: int | None = None) -> Iterator[slice]:
    """``slice`` s of ``PART`` rows (``size``) covering ``range(n)``, in order."""
    size = size or PART
    for first in range(0, n, size):
        yield slice(first, min(first + size, n))


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
    comm = np.repeat(np.arange(n_c, dtype=np.int32), count)
    key = _compound_key(st)
    # Four draws over all households, one after the other, each in parts.
    in_cmp = np.empty(n_h, dtype=np.bool_)
    for s in parts(n_h):
        in_cmp[s] = rng.random(s.stop - s.start) < _IN_COMPOUND
    # a uniform draw within the community's slice of ``key`` picks a compound by weight
    cmp = np.empty(n_h, dtype=np.int32)
    for s in parts(n_h):
        picked = np.searchsorted(key, comm[s] + rng.random(s.stop - s.start), side="right")
        cmp[s] = np.minimum(picked, len(key) - 1)
    own_group = np.empty(n_h, dtype=np.bool_)
    for s in parts(n_h):
        own_group[s] = in_cmp[s] & (rng.random(s.stop - s.start) < _OWN_GROUP)
    rg = np.empty(n_h, dtype=np.int32)
    for s in parts(n_h):
        c = comm[s]
        anywhere = np.floor(rng.random(s.stop - s.start) * st.n_rg[c]).astype(np.int64)
        rg[s] = st.rg_start[c] + np.where(own_group[s], st.cmp_rg_local[cmp[s]], anywhere)
        cmp[s] = np.where(in_cmp[s], cmp[s], -1)
    del in_cmp, own_group
    _sort(rg, cmp, count)
    grid = st.rg_grid.astype(np.int32)[rg]
    _no_grid(dice, grid, plan.gaps / 5)  # gap: households in no grid
    size = np.empty(n_h, dtype=np.int8)
    for s in parts(n_h):
        size[s] = rng.choice(np.arange(1, 7, dtype=np.int64), s.stop - s.start, p=list(_SIZE_P))
    return Households(
        count=count,
        start=starts(count),
        comm=comm,
        rg=rg,
        cmp=cmp,
        grid=grid,
        size=size,
        width=width(n_h),
        per_compound=_per_compound(cmp, len(key)),
    )


def _sort(rg: I32, cmp: I32, count: I64) -> None:
    """Order the households by group, then compound (stable), in place.

    A community's groups are a run of its own, after the previous community's,
    so sorting blocks of whole communities one by one is the one sort of all.
    """
    ends = np.cumsum(count)
    first = 0
    while first < len(rg):
        # the communities ending within PART rows; at least the next one
        k = int(np.searchsorted(ends, first + PART, side="right")) - 1
        if k < 0 or ends[k] <= first:
            k = int(np.searchsorted(ends, first, side="right"))
        block = slice(first, int(ends[k]))
        order = np.lexsort((cmp[block], rg[block]))
        rg[block], cmp[block] = rg[block][order], cmp[block][order]
        first = block.stop


def _per_compound(cmp: I32, n: int) -> I64:
    """Households of each of the ``n`` compounds, counted a part at a time."""
    out = np.zeros(n, dtype=np.int64)
    for s in parts(len(cmp)):
        c = cmp[s]
        out += np.bincount(c[c >= 0], minlength=n)
    return out


def _no_grid(dice: Dice, grid: I32, share: float) -> None:
    """:meth:`~partygraph.synthetic.draws.Dice.gap` of ``share`` over all
    households, drawn in parts: the households it picks get no grid (-1)."""
    n = len(grid)
    if n == 0 or share <= 0:
        return
    picked = False
    for s in parts(n):
        mask = dice.rng.random(s.stop - s.start) < share
        grid[s][mask] = -1
        picked = picked or bool(mask.any())
    if not picked:
        grid[int(dice.rng.integers(n))] = -1


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
