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
from partygraph.synthetic.draws import F64, I64, Bools, dates, starts
from partygraph.synthetic.households import parts
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
    g_households = np.bincount(grid[grid >= 0], minlength=n_g)
    per_ch = rng.uniform(*_VISITS, n_g)
    g_share = np.minimum(0.95, g_count * per_ch / np.maximum(g_households, 1))
    # two draws over all households, each in parts: who is linked, then to whom
    linked = np.empty(n_h, dtype=np.bool_)
    for s in parts(n_h):
        g = grid[s]
        has_grid_ch = (g >= 0) & (g_count[np.maximum(g, 0)] > 0)
        share = np.where(has_grid_ch, g_share[np.maximum(g, 0)], _STRAY)
        linked[s] = (rng.random(s.stop - s.start) < share) & (n_ch[hh_comm[s]] > 0)
    # one uniform draw picks the central household, within the grid or the community
    found = [
        _visitor(rng.random(s.stop - s.start), s, t, linked, by_grid, g_start, g_count, n_ch)
        for s in parts(n_h)
    ]
    rows = np.concatenate([np.zeros(0, dtype=np.int64), *(r for r, _ in found)])
    ch = np.concatenate([np.zeros(0, dtype=np.int64), *(c for _, c in found)])
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


def _visitor(
    u: F64, s: slice, t: Town, linked: Bools, by_grid: I64, g_start: I64, g_count: I64, n_ch: I64
) -> tuple[I64, I64]:
    """The linked households of rows ``s`` and the central household each gets,
    picked by the uniform draws ``u`` of those rows."""
    rows = np.flatnonzero(linked[s])
    u, grid, comm = u[rows], t.hh.grid[s][rows], t.hh.comm[s][rows]
    g_safe = np.maximum(grid, 0)
    has_grid_ch = (grid >= 0) & (g_count[g_safe] > 0)
    pos = g_start[g_safe] + np.floor(u * g_count[g_safe]).astype(np.int64)
    in_grid = by_grid[np.clip(pos, 0, max(len(by_grid) - 1, 0))] if len(by_grid) else pos
    in_comm = starts(n_ch)[comm] + np.floor(u * n_ch[comm]).astype(np.int64)
    ch: I64 = np.where(has_grid_ch, in_grid, in_comm)
    return rows + s.start, ch


def _households(t: Town, comm_div: I64) -> TableData:
    """The households table.  The town's columns that only it needs are let go
    one by one as it is made (a province's peak is here, 270 MB at 30 million)."""
    hh = t.hh
    none = np.zeros(0, dtype=np.int32)
    columns: dict[str, Any] = {"id": hh.ids()}
    columns["community"], hh.comm = comm_div.astype(np.int32)[hh.comm], none
    columns["residents_group"], hh.rg = np.add(hh.rg, t.geo.div_rg0, dtype=np.int32), none
    columns["size"], hh.size = hh.size.astype(np.int64), none.astype(np.int8)
    columns["grid"], columns["compound"] = hh.grid, hh.cmp
    return _table("households", columns)


def _persons(t: Town) -> TableData:
    """The persons table, the town's 64-bit columns let go as their copies are made."""
    people = t.people
    none = np.zeros(0, dtype=np.int64)
    columns: dict[str, Any] = {"id": people.ids, "name": people.names}
    columns["household"], people.household = people.household.astype(np.int32), none
    columns["member"] = people.member
    columns["org"], people.org = people.org.astype(np.int32), none
    columns["unit"], people.unit = people.unit.astype(np.int32), none
    columns["in_service"] = people.in_service
    return _table("persons", columns)


def population(t: Town, links: TableData) -> Population:
    """The four bulk tables; ``links`` is the visits table from :func:`visits`."""
    comm_div = t.geo.div_comm0 + np.arange(t.plan.communities)
    people, regs = t.people, t.regs
    households = _households(t, comm_div)
    registrations = _table(
        "registrations",
        {
            "person": regs.rows.astype(np.int32),
            "community": comm_div[regs.comm].astype(np.int32),
            "basis": regs.basis,
            "unit": people.unit[regs.rows].astype(np.int32),
            "date": regs.date,
        },
    )
    tables = {
        "households": households,
        "persons": _persons(t),
        "central_household_links": links,
        "registrations": registrations,
    }
    return Population(tables)
