"""The bulk population tables: households, persons, central-household visits and
registrations, as columns that point at rows of the model's sections.

Columns are built whole with numpy; row references are positions (a
household's ``community`` is its community's row in the division list, -1 for
none), as :class:`~partygraph.model.population.Population` stores them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from partygraph.model.population import TABLES, Population, TableData
from partygraph.synthetic.draws import I64, dates, starts
from partygraph.synthetic.town import Town

__all__ = ["population", "visits"]

#: Households one central household looks after, at least and at most (per grid, drawn).
_VISITS = (8, 30)
#: Share of households linked to a central household where their grid has none.
_STRAY = 0.05
#: Visits are up to 87 days old; stale ones (a gap) 100-399 days, past a quarter.
_RECENT_DAYS = 88


def _table(name: str, columns: dict[str, Any]) -> TableData:
    spec = TABLES[name]
    return TableData(spec, {c.name: columns[c.name] for c in spec.columns}, files=[])


def visits(t: Town) -> TableData:
    """The central_household_links table: which central household visits which household.

    Each central household looks after households of its own grid; a
    household whose grid has none is linked, rarely, to one of its community.
    """
    rng, out, n_c = t.dice.rng, t.out, t.plan.communities
    ch_rows = np.array(out.ch_rows, dtype=np.int64)
    ch_grid = np.array(out.ch_grid, dtype=np.int64)
    ch_comm = np.array(out.ch_comm, dtype=np.int64)
    n_ch = np.bincount(ch_comm, minlength=n_c).astype(np.int64)
    hh_comm, grid = t.hh.comm, t.hh.grid
    n_h, n_g = len(hh_comm), len(t.st.grid_comm)
    by_grid = np.argsort(ch_grid, kind="stable")
    g_count = np.bincount(ch_grid, minlength=n_g)
    g_start = starts(g_count.astype(np.int64))
    has_grid_ch = (grid >= 0) & (g_count[np.maximum(grid, 0)] > 0)
    g_households = np.bincount(grid[grid >= 0], minlength=n_g)
    per_ch = rng.uniform(*_VISITS, n_g)
    g_share = np.minimum(0.95, g_count * per_ch / np.maximum(g_households, 1))
    share = np.where(has_grid_ch, g_share[np.maximum(grid, 0)], _STRAY)
    linked = (rng.random(n_h) < share) & (n_ch[hh_comm] > 0)
    # one uniform draw picks the central household, within the grid or the community
    u = rng.random(n_h)
    g_safe = np.maximum(grid, 0)
    pos = g_start[g_safe] + np.floor(u * g_count[g_safe]).astype(np.int64)
    in_grid = by_grid[np.clip(pos, 0, max(len(by_grid) - 1, 0))] if len(by_grid) else pos
    in_comm = starts(n_ch)[hh_comm] + np.floor(u * n_ch[hh_comm]).astype(np.int64)
    ch = np.where(has_grid_ch, in_grid, in_comm)
    rows = np.flatnonzero(linked)
    ch = ch[rows]
    own = t.people.household[ch_rows[ch]] == rows  # nobody visits their own household
    rows, ch = rows[~own], ch[~own]
    order = np.lexsort((rows, ch))
    rows, ch = rows[order], ch[order]
    days: I64 = rng.integers(0, _RECENT_DAYS, len(rows))
    stale = t.dice.gap(len(rows))
    days[stale] = rng.integers(100, 400, int(stale.sum()))
    return _table(
        "central_household_links",
        {
            "central_household": ch.astype(np.int32),
            "household": rows.astype(np.int32),
            "last_visit": dates(t.dice.snapshot, days.astype(np.int64)),
        },
    )


def population(t: Town, links: TableData) -> Population:
    """The four bulk tables; ``links`` is the visits table from :func:`visits`."""
    comm_div = t.geo.div_comm0 + np.arange(t.plan.communities)
    hh, people, regs = t.hh, t.people, t.regs
    tables = {
        "households": _table(
            "households",
            {
                "id": hh.ids,
                "community": comm_div[hh.comm].astype(np.int32),
                "residents_group": (t.geo.div_rg0 + hh.rg).astype(np.int32),
                "grid": hh.grid.astype(np.int32),
                "compound": hh.cmp.astype(np.int32),
                "size": hh.size.astype(np.int64),
            },
        ),
        "persons": _table(
            "persons",
            {
                "id": people.ids,
                "name": people.names,
                "household": people.household.astype(np.int32),
                "member": people.member.astype(np.int8),
                "org": people.org.astype(np.int32),
                "unit": people.unit.astype(np.int32),
                "in_service": people.in_service,
            },
        ),
        "central_household_links": links,
        "registrations": _table(
            "registrations",
            {
                "person": regs.rows.astype(np.int32),
                "community": comm_div[regs.comm].astype(np.int32),
                "basis": regs.basis,
                "unit": people.unit[regs.rows].astype(np.int32),
                "date": regs.date,
            },
        ),
    }
    return Population(tables)
