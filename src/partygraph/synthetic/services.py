"""Service centres at every level (district, subdistrict, community, area, compound
station) with their service items, and the whistle departments (吹哨报到).

Centres form a chain upwards: a compound station reports to its area centre
(or the community's), that to the community centre, which reports to the
subdistrict's, which reports to the district's where the county is a district.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from partygraph.model import Department, IssueCategory, ServiceCentre, ServiceItem
from partygraph.synthetic.catalogue import CATEGORIES, CENTRE_ITEMS, HOURS, SERVICE_ITEMS
from partygraph.synthetic.town import Town

__all__ = [
    "add_departments",
    "community_centres",
    "county_centre",
    "issue_categories",
    "subdistrict_centre",
]

_CATEGORY_IDS = [f"ic{i + 1:02d}" for i in range(len(CATEGORIES))]
#: The category that, in a model with gaps, no department answers for (高空抛物).
_UNANSWERED = 13
_STATION_HOURS = "周一至周日 9:00-12:00，15:00-18:00"


def issue_categories() -> list[IssueCategory]:
    """Every issue category."""
    return [IssueCategory(id=i, name=n) for i, n in zip(_CATEGORY_IDS, CATEGORIES, strict=True)]


def _items(
    t: Town, centre: str, n: int, pool: Sequence[tuple[str, str]], people: list[int]
) -> list[ServiceItem]:
    """``n`` distinct items from ``pool``, each with one of ``people`` responsible.

    Gap: some have nobody responsible (not forced, so small centres may have none).
    """
    rng = t.dice.rng
    pick = rng.choice(len(pool), min(n, len(pool)), replace=False)
    missing = t.dice.gap(len(pick), force=False)
    return [
        ServiceItem(
            id=f"{centre}-i{j + 1:02d}",
            name=pool[int(i)][0],
            category=pool[int(i)][1],
            responsible=None
            if missing[j]
            else t.people.pid(people[int(rng.integers(len(people)))]),
        )
        for j, i in enumerate(pick)
    ]


def community_centres(t: Town, c: int) -> None:
    """The community's centre; an area centre where it has compound stations (or by chance);
    a station in each compound with a branch, its secretary responsible."""
    first = int(t.people.a_start[c])
    cadres = [first + j for j in range(int(t.q.k_cad[c]))]
    stations = [x for x in t.st.compounds_of(c) if t.q.cb_mask[x]]
    _community_centre(t, c, cadres)
    parent = f"{t.geo.comm_ids[c]}-sc"
    if stations or t.dice.rng.random() < 0.15:
        parent = _area_centre(t, c, cadres)
    for x in stations:
        _station(t, x, parent)


def _community_centre(t: Town, c: int, cadres: list[int]) -> None:
    cid = t.geo.comm_ids[c]
    x0, y0 = (float(v) for v in np.round(t.geo.comm_xy[c]))
    t.out.service_centres.append(
        ServiceCentre(
            id=f"{cid}-sc",
            name=f"{t.geo.comm_names[c]}党群服务中心",
            level="community",
            division=cid,
            parent=f"{t.geo.sd_ids[int(t.geo.comm_sd[c])]}-sc",
            x=x0,
            y=y0,
            hours=HOURS,
            weekend_duty=not bool(t.gaps.no_weekend[c]),
            items=_items(t, f"{cid}-sc", t.dice.ri(10, 20), SERVICE_ITEMS, cadres),
        )
    )


def _area_centre(t: Town, c: int, cadres: list[int]) -> str:
    """An area centre 300-700 m from the community's, in a random direction; returns its id."""
    rng, cid = t.dice.rng, t.geo.comm_ids[c]
    x0, y0 = (float(v) for v in np.round(t.geo.comm_xy[c]))
    a = rng.uniform(0, 2 * math.pi)
    d = rng.uniform(300, 700)
    kind = ("两新组织", "片区", "行业")[int(rng.integers(3))]
    t.out.service_centres.append(
        ServiceCentre(
            id=f"{cid}-sca",
            name=f"{t.geo.comm_names[c]}{kind}党群服务中心",
            level="area",
            division=cid,
            parent=f"{cid}-sc",
            x=round(x0 + d * math.cos(a)),
            y=round(y0 + d * math.sin(a)),
            hours=HOURS,
            weekend_duty=True,
            items=_items(t, f"{cid}-sca", t.dice.ri(3, 6), CENTRE_ITEMS, cadres),
        )
    )
    return f"{cid}-sca"


def _station(t: Town, x: int, parent: str) -> None:
    """The station of compound ``x``, under ``parent``; its branch secretary is responsible."""
    secretary = int(t.orgs.items[int(t.orgs.cmp[x])].secretary)
    xid = t.st.cmp_ids[x]
    t.out.service_centres.append(
        ServiceCentre(
            id=f"{xid}-st",
            name=f"{t.st.cmp_names[x]}党群服务站",
            level="compound",
            compound=xid,
            parent=parent,
            x=float(t.st.cmp_xy[x, 0]),
            y=float(t.st.cmp_xy[x, 1]),
            hours=_STATION_HOURS,
            weekend_duty=True,
            items=_items(t, f"{xid}-st", t.dice.ri(2, 5), SERVICE_ITEMS, [secretary]),
        )
    )


def county_centre(t: Town, k: int, staff: list[int]) -> None:
    """The centre of district ``k``, its government office's ``staff`` responsible."""
    kid = t.geo.county_ids[k]
    t.out.service_centres.append(
        ServiceCentre(
            id=f"{kid}-sc",
            name=f"{t.geo.county_names[k]}党群服务中心",
            level="district",
            division=kid,
            x=float(np.round(t.geo.county_xy[k, 0])),
            y=float(np.round(t.geo.county_xy[k, 1])),
            hours=HOURS,
            weekend_duty=True,
            items=_items(t, f"{kid}-sc", t.dice.ri(6, 10), CENTRE_ITEMS, staff),
        )
    )


def subdistrict_centre(t: Town, s: int, staff: list[int]) -> None:
    """The centre of subdistrict ``s``, under its district's centre if it has one."""
    sid, k = t.geo.sd_ids[s], int(t.geo.sd_county[s])
    t.out.service_centres.append(
        ServiceCentre(
            id=f"{sid}-sc",
            name=f"{t.geo.sd_names[s]}党群服务中心",
            level="subdistrict",
            division=sid,
            parent=f"{t.geo.county_ids[k]}-sc" if t.geo.county_district[k] else None,
            x=float(np.round(t.geo.sd_xy[s, 0])),
            y=float(np.round(t.geo.sd_xy[s, 1])),
            hours=HOURS,
            weekend_duty=True,
            items=_items(t, f"{sid}-sc", t.dice.ri(6, 10), CENTRE_ITEMS, staff),
        )
    )


def add_departments(
    t: Town,
    div: str,
    name: str,
    level: str,
    table: Sequence[tuple[str, tuple[int, ...]]],
    *,
    skip_last: bool = False,
) -> None:
    """The whistle departments of division ``div`` (named ``name``) from ``table``.

    ``skip_last`` leaves out the table's last department: in a district, the
    one for water and power (a gap).
    """
    for j, (template, cats) in enumerate(table):
        if skip_last and j == len(table) - 1:
            continue
        categories = [_CATEGORY_IDS[i] for i in cats if not (i == _UNANSWERED and t.plan.gaps > 0)]
        t.out.departments.append(
            Department(
                id=f"{div}-d{j + 1:02d}",
                name=template.format(d=name),
                level=level,
                division=div,
                categories=categories,
            )
        )
