"""Inside each community: residents' groups, grids and compounds.

Like the divisions, each is an array indexed by position and laid out by
community, so ``rg_start``/``n_rg``, ``grid_start``/``n_grid`` and
``cmp_start``/``n_cmp`` give a community's run of each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from partygraph.model import Division, share_fields_set
from partygraph.synthetic.divisions import Geography
from partygraph.synthetic.draws import F64, I64, Bools, Dice, starts
from partygraph.synthetic.names import cn, compound_names

__all__ = ["Structure", "residents_group_records", "structure"]


@dataclass
class Structure:
    """Residents' groups (``rg_*``), grids (``grid_*``) and compounds (``cmp_*``).

    Every residents' group lies in one grid (``rg_grid``); a compound lies in
    one residents' group (``cmp_rg_local``, within its community), may have a
    property company (``cmp_pm``) and an owners' committee (``cmp_oc``).
    ``cmp_weight`` is a compound's relative size.
    """

    n_rg: I64
    rg_start: I64
    rg_comm: I64
    rg_grid: I64
    n_grid: I64
    grid_start: I64
    grid_comm: I64
    grid_local: I64
    n_cmp: I64
    cmp_start: I64
    cmp_comm: I64
    cmp_weight: F64
    cmp_pm: Bools
    cmp_oc: Bools
    cmp_rg_local: I64
    cmp_xy: F64
    cmp_names: list[str]
    cmp_ids: list[str]

    def grids_of(self, c: int) -> range:
        """Indices of the grids of community ``c``."""
        return range(int(self.grid_start[c]), int(self.grid_start[c] + self.n_grid[c]))

    def compounds_of(self, c: int) -> range:
        """Indices of the compounds of community ``c``."""
        return range(int(self.cmp_start[c]), int(self.cmp_start[c] + self.n_cmp[c]))


def structure(dice: Dice, geo: Geography) -> Structure:
    """Draw 4-10 residents' groups, at least two grids and 2-8 compounds per community."""
    rng, n_c = dice.rng, len(geo.comm_ids)
    n_rg = rng.integers(4, 11, n_c).astype(np.int64)
    # a grid per residents' group, or up to two fewer: the spare groups join a random grid
    n_grid = np.maximum(2, n_rg - rng.integers(0, 3, n_c)).astype(np.int64)
    rg_start, grid_start = starts(n_rg), starts(n_grid)
    n_r = int(n_rg.sum())
    rg_comm = np.repeat(np.arange(n_c), n_rg).astype(np.int64)
    rg_local = np.arange(n_r) - rg_start[rg_comm]
    spare = np.floor(rng.random(n_r) * n_grid[rg_comm]).astype(np.int64)
    grid_local = np.where(rg_local < n_grid[rg_comm], rg_local, spare)
    grid_comm = np.repeat(np.arange(n_c), n_grid).astype(np.int64)
    n_cmp = rng.integers(2, 9, n_c).astype(np.int64)
    cmp_start = starts(n_cmp)
    n_x = int(n_cmp.sum())
    cmp_comm = np.repeat(np.arange(n_c), n_cmp).astype(np.int64)
    cmp_weight = rng.gamma(2.0, 1.0, n_x)
    # larger compounds more often have a property company
    cmp_pm = rng.random(n_x) < np.clip(0.55 + 0.15 * cmp_weight, 0, 0.97)
    # gap: compounds with a property company but no owners' committee
    oc_gap = dice.gap(int(cmp_pm.sum()))
    cmp_oc = rng.random(n_x) < 0.3
    cmp_oc[cmp_pm] = ~oc_gap
    cmp_rg_local = np.floor(rng.random(n_x) * n_rg[cmp_comm]).astype(np.int64)
    cmp_xy = _compound_xy(dice, geo.comm_xy[cmp_comm])
    cmp_local = np.arange(n_x) - cmp_start[cmp_comm]
    return Structure(
        n_rg=n_rg,
        rg_start=rg_start,
        rg_comm=rg_comm,
        rg_grid=grid_start[rg_comm] + grid_local,
        n_grid=n_grid,
        grid_start=grid_start,
        grid_comm=grid_comm,
        grid_local=np.arange(int(n_grid.sum())) - grid_start[grid_comm],
        n_cmp=n_cmp,
        cmp_start=cmp_start,
        cmp_comm=cmp_comm,
        cmp_weight=cmp_weight,
        cmp_pm=cmp_pm,
        cmp_oc=cmp_oc,
        cmp_rg_local=cmp_rg_local,
        cmp_xy=cmp_xy,
        cmp_names=compound_names(rng, cmp_pm, cmp_start, n_cmp),
        cmp_ids=[
            f"{geo.comm_ids[int(c)]}-x{int(j) + 1:02d}"
            for c, j in zip(cmp_comm, cmp_local, strict=True)
        ],
    )


def _compound_xy(dice: Dice, centre: F64) -> F64:
    """Compounds about 400 m around their community's centre, rounded to metres.

    Gap: a few lie 1.3-2.2 km out, far from every service site.
    """
    rng, n_x = dice.rng, len(centre)
    xy = centre + rng.normal(0, 380, (n_x, 2))
    far = dice.gap(n_x)
    angle = rng.uniform(0, 2 * math.pi, n_x)
    dist = rng.uniform(1_300, 2_200, n_x)
    xy[far] += np.column_stack([dist * np.cos(angle), dist * np.sin(angle)])[far]
    out: F64 = np.round(xy)
    return out


def residents_group_records(geo: Geography, st: Structure) -> list[Division]:
    """The residents' groups, numbered within each community (第一居民小组, …)."""
    out = []
    for r, rc in enumerate(st.rg_comm.tolist()):
        gl = r - int(st.rg_start[rc])
        out.append(
            Division(
                id=f"{geo.comm_ids[rc]}-r{gl + 1:02d}",
                name=f"第{cn(gl + 1)}居民小组",
                level="residents_group",
                parent=geo.comm_ids[rc],
            )
        )
        share_fields_set(out[-1])  # as made: the memory freed holds the next
    return out
