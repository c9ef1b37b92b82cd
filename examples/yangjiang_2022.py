"""Derive the previous year's snapshot of the example, deterministically.

``configs/yangjiang.yaml`` describes 30 June 2023.  This script writes
``configs/yangjiang-2022.yaml`` (and ``configs/yangjiang-2022_tables/``), the
same city a year earlier, as a year changes it (read backwards from 2023):

- compound, grid and unit branches set up during the year did not exist yet, and
  some community general branches were still branches (upgraded since);
- one community was split: in 2022 it was still part of its neighbour;
- some building and lane captains were other persons (replaced since);
- pairings signed after 30 June 2022 did not exist; a few pairings that
  expired at the end of 2022 still did;
- some households lived in another community (moved since), some not yet
  in the city, and registrations and reserve cadres after that date were not
  there yet; meetings and visits are those of the year before.

Run ``python examples/yangjiang_2022.py [FOLDER]`` (OUTPUT_DIR_ARG: the
tests give it a folder; without one it writes into ``configs/``); the output
is committed and ``tests/test_diff_years.py`` checks that this script still
makes it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

import partygraph
from partygraph.change.edit import redirect, remove
from partygraph.model import Model, Pairing
from partygraph.model.population import Population, TableData

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = dt.date(2022, 6, 30)
SEED = 2022


def _year_before(d: dt.date) -> dt.date:
    return d.replace(year=d.year - 1, day=min(d.day, 28) if d.month == 2 else d.day)


def previous_year(m: Model) -> Model:
    """The snapshot a year before ``m`` (see the module's docstring)."""
    rng = np.random.default_rng(SEED)
    cutoff = np.datetime64(SNAPSHOT)
    # -- a community split during the year: in 2022 it was still part of its neighbour
    split, into = _split(m)
    mapping = {split: into}
    org_of = {
        o.division: o.id for o in m.party_orgs if o.division and o.form != "working_committee"
    }
    if split in org_of and into in org_of:
        mapping[org_of[split]] = org_of[into]
    gone: set[str] = set(mapping)  # with its own body, centre and residents' committee
    gone |= {b.id for b in m.expanded_bodies if b.division == split}
    gone |= {c.id for c in m.service_centres if c.division == split}
    gone |= {u.id for u in m.units if u.division == split and u.type == "residents_committee"}
    m = redirect(m, mapping)
    # -- branches set up during the year (compound, grid and unit branches no one names)
    # (a team it leads was led by the parent organisation until then)
    referenced = {o.parent for o in m.party_orgs} | {b.core for b in m.expanded_bodies}
    set_up: dict[str, str | None] = {}
    for anchor, count in (("compound", 10), ("grid", 20), ("unit", 15)):
        free = [
            o
            for o in m.party_orgs
            if getattr(o, anchor) and o.id not in referenced and o.form == "branch"
        ]
        picked = rng.choice(len(free), size=min(count, len(free)), replace=False)
        set_up |= {free[i].id: free[i].parent for i in sorted(picked.tolist())}
    m = redirect(m, {k: v for k, v in set_up.items() if v})  # members were in the parent's
    gone |= set(set_up)
    # -- pairings signed after the snapshot, reserve cadres and central households named after it
    gone |= {p.id for p in m.pairings if p.valid_from and p.valid_from > SNAPSHOT}
    gone |= {r.id for r in m.reserve_cadres if r.valid_from and r.valid_from > SNAPSHOT}
    gone |= {c.id for c in m.central_households if c.valid_from and c.valid_from > SNAPSHOT}
    # -- households not yet in the city (with their persons), when no post names them
    named = _named_persons(m)
    m = remove(m, gone | _new_households(m, rng, named))
    m = _population_a_year_before(m, rng, cutoff)
    return _entities_a_year_before(m, rng, named)


def _split(m: Model) -> tuple[str, str]:
    """The community split off (the last of the first subdistrict) and the one it left."""
    subdistrict = next(d.id for d in m.divisions if d.level == "subdistrict")
    kids = [d.id for d in m.divisions if d.level == "community" and d.parent == subdistrict]
    return kids[-1], kids[-2]


def _named_persons(m: Model) -> set[str]:
    out: set[str] = set()
    for e in m.entities():
        for name in ("person", "secretary", "leader", "instructor"):
            value = getattr(e, name, None)
            if isinstance(value, str):
                out.add(value)
        out.update(getattr(e, "full_time_members", []))
        out.update(p.person for p in getattr(e, "part_time_members", []))
        out.update(i.responsible for i in getattr(e, "items", []) if i.responsible)
    return out


def _new_households(m: Model, rng: np.random.Generator, named: set[str]) -> set[str]:
    pop = m.population
    persons = pop["persons"]
    hh_ids = np.asarray(pop["households"]["id"])
    held = np.asarray(persons["household"])[np.isin(persons["id"], sorted(named))]
    based = {c.household for c in m.central_households if c.household}
    free = np.ones(hh_ids.shape[0], dtype=bool)
    free[held[held >= 0]] = False
    free &= ~np.isin(hh_ids, sorted(based))
    rows = np.flatnonzero(free)
    rows = np.sort(rng.choice(rows, size=rows.shape[0] // 30, replace=False))
    people = np.asarray(persons["id"])[np.isin(persons["household"], rows)]
    return set(hh_ids[rows].tolist()) | set(people.tolist())


def _population_a_year_before(m: Model, rng: np.random.Generator, cutoff: np.datetime64) -> Model:
    pop = m.population
    tables = dict(pop.tables)
    hh = pop["households"]
    cols = {c: np.array(hh[c], copy=True) for c in hh.columns}
    moved = np.sort(rng.choice(len(hh), size=len(hh) // 100, replace=False))
    communities = np.unique(cols["community"])
    shift = rng.integers(1, communities.shape[0], size=moved.shape[0])
    pos = np.searchsorted(communities, cols["community"][moved])
    cols["community"][moved] = communities[(pos + shift) % communities.shape[0]]
    for c in ("residents_group", "grid", "compound"):
        cols[c][moved] = -1
    tables["households"] = _table(hh, cols)
    links = pop["central_household_links"]
    lcols = dict(links.columns)
    visit = np.asarray(links["last_visit"])
    lcols["last_visit"] = np.where(np.isnat(visit), visit, visit - np.timedelta64(365, "D"))
    tables["central_household_links"] = _table(links, lcols)
    reg = pop["registrations"]
    keep = ~(np.asarray(reg["date"]) > cutoff)
    tables["registrations"] = TableData(
        reg.spec, {c: np.asarray(a)[keep] for c, a in reg.columns.items()}
    )
    return m.model_copy(update={"population": Population(tables)})


def _table(t: TableData, cols: dict[str, np.ndarray]) -> TableData:
    return TableData(t.spec, cols)


def _entities_a_year_before(m: Model, rng: np.random.Generator, named: set[str]) -> Model:
    upgraded = [o for o in m.party_orgs if o.form == "general_branch" and o.division]
    up = {upgraded[i].id for i in rng.choice(len(upgraded), size=5, replace=False).tolist()}
    orgs = [o.model_copy(update={"form": "branch"}) if o.id in up else o for o in m.party_orgs]
    members = np.asarray(m.population["persons"]["id"])[
        np.asarray(m.population["persons"]["member"]) >= 0
    ]
    spare = sorted(set(members.tolist()) - named)
    captains = list(m.captains)
    replaced = rng.choice(len(captains), size=60, replace=False)
    for k, i in enumerate(sorted(replaced.tolist())):
        captains[i] = captains[i].model_copy(update={"person": spare[(k * 37) % len(spare)]})
    teams = [_meetings_before(t) for t in m.teams]
    bodies = [_meetings_before(b) for b in m.expanded_bodies]
    municipal = [u.id for u in m.units if u.municipal]
    paired = sorted({p.community for p in m.pairings})
    expired = [
        Pairing(
            id=f"pr2022-{k + 1:02d}",
            name=f"{_unit_name(m, municipal[k])}挂点{_name(m, paired[k])}",
            unit=municipal[k],
            community=paired[k],
            valid_from=dt.date(2020, 1, 1),
            valid_until=dt.date(2022, 12, 31),
            agreement_signed=dt.date(2020, 1, 1),
            resources=["志愿服务"],
            projects=["环境整治"],
            needs=["文体活动场地"],
        )
        for k in range(6)
    ]
    return m.model_copy(
        update={
            "name": m.name.replace("（示意数据）", "（2022 年，示意数据）"),
            "snapshot": SNAPSHOT,
            "party_orgs": orgs,
            "captains": captains,
            "teams": teams,
            "expanded_bodies": bodies,
            "pairings": list(m.pairings) + expired,
        }
    )


def _meetings_before(e: partygraph.Entity) -> partygraph.Entity:
    meetings = [x.model_copy(update={"date": _year_before(x.date)}) for x in e.meetings]  # type: ignore[attr-defined]
    return e.model_copy(update={"meetings": meetings})


def _name(m: Model, key: str) -> str:
    return m.get(key).name


def _unit_name(m: Model, key: str) -> str:
    return m.get(key).name


def main(argv: list[str]) -> int:
    out = (Path(argv[0]) if argv else ROOT / "configs") / "yangjiang-2022.yaml"
    current = partygraph.load(ROOT / "configs" / "yangjiang.yaml")
    previous = previous_year(current)
    partygraph.validate(previous)
    previous.dump(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
