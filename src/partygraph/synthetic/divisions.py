"""The division hierarchy: cities, county-level divisions, subdistricts, communities.

Drawn, or real (a preset on real divisions: :mod:`~partygraph.synthetic.yangjiang`;
only their coordinates are drawn then).  Each level is a set of parallel arrays
indexed by position.  Children are numbered in their parent's order, so a
parent's children are one contiguous run; that lets later stages slice instead
of search.  Coordinates are metres on a local plane, east and north of the
first city's centre.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from partygraph.model import Division, share_fields_set
from partygraph.synthetic.draws import F64, I64, split, starts
from partygraph.synthetic.names import WORDS, Names, pick
from partygraph.synthetic.presets import Plan
from partygraph.synthetic.yangjiang import RealDivisions, yangjiang_divisions

__all__ = ["Geography", "division_records", "geography"]

#: A city holds at most this many county-level divisions.
_COUNTIES_PER_CITY = 7
#: The first 40% of a city's county-level divisions are districts (区).
_DISTRICT_SHARE = 0.4
#: The real divisions a plan can stand on, by name.
_REAL = {"yangjiang": yangjiang_divisions}


@dataclass
class Geography:
    """The four levels above residents' groups, and where each sits.

    ``county_*`` arrays are indexed by county-level division, ``sd_*`` by
    subdistrict, ``comm_*`` by community.  ``sd_first``/``sd_size`` give each
    subdistrict's run of communities, ``city_comm_start``/``city_comm_count``
    each city's.
    """

    city_names: list[str]
    city_ids: list[str]
    county_names: list[str]
    county_ids: list[str]
    county_district: list[bool]
    county_city: I64
    county_xy: F64
    sd_names: list[str]
    sd_short: list[str]  # without 街道, for unit names (…税务所, …派出所)
    sd_ids: list[str]
    sd_county: I64
    sd_first: I64
    sd_size: I64
    sd_xy: F64
    comm_names: list[str]
    comm_ids: list[str]
    comm_sd: I64
    comm_county: I64
    comm_city: I64
    comm_xy: F64
    city_comm_start: I64
    city_comm_count: I64
    comm_notes: list[str | None]

    @property
    def div_comm0(self) -> int:
        """Row of the first community in the model's division list (bulk tables point there)."""
        return len(self.city_names) + len(self.county_names) + len(self.sd_names)

    @property
    def div_rg0(self) -> int:
        """Row of the first residents' group in the model's division list."""
        return self.div_comm0 + len(self.comm_names)


def geography(plan: Plan, rng: np.random.Generator, names: Names) -> Geography:
    """The hierarchy: the plan's real divisions, or drawn counties, subdistricts, communities."""
    if plan.divisions is not None:
        return _real_geography(_REAL[plan.divisions](), plan, rng, names)
    city_names, county_names, county_district, county_city, county_sd = _county_level(plan, rng)
    n_k, n_city = len(county_names), len(city_names)
    names.used.update([*city_names, *county_names])
    n_sd, n_c = plan.subdistricts, plan.communities
    sizes = split(rng, n_c, n_sd, minimum=1, shape=5.0)
    sd_county = np.repeat(np.arange(n_k), county_sd).astype(np.int64)
    sd_short = pick(rng, WORDS, n_sd)
    sd_names = [w + "街道" for w in sd_short]
    ws = max(2, len(str(n_sd)))
    sd_ids = [f"sd{s + 1:0{ws}d}" for s in range(n_sd)]
    comm_sd = np.repeat(np.arange(n_sd), sizes).astype(np.int64)
    comm_ids = _community_ids(sd_ids, sizes, comm_sd, starts(sizes))
    comm_names = [w + "社区" for w in pick(rng, WORDS, n_c)]
    return _assemble(
        rng,
        names,
        cities=([f"ct{i + 1:02d}" for i in range(n_city)], city_names),
        counties=([f"k{k + 1:0{max(2, len(str(n_k)))}d}" for k in range(n_k)], county_names),
        county_district=county_district,
        county_city=county_city,
        subdistricts=(sd_ids, sd_names, sd_short),
        sd_county=sd_county,
        communities=(comm_ids, comm_names, [None] * n_c),
        comm_sd=comm_sd,
    )


def _real_geography(
    real: RealDivisions, plan: Plan, rng: np.random.Generator, names: Names
) -> Geography:
    """The hierarchy of real divisions; the plan's counts must be theirs."""
    if (plan.subdistricts, plan.communities) != (len(real.subdistricts), len(real.communities)):
        raise ValueError("the plan's subdistricts and communities are not its real divisions'")
    names.used.update([real.city[1], *(name for _, name, _ in real.counties)])
    return _assemble(
        rng,
        names,
        cities=([real.city[0]], [real.city[1]]),
        counties=([c for c, _, _ in real.counties], [n for _, n, _ in real.counties]),
        county_district=[d for _, _, d in real.counties],
        county_city=np.zeros(len(real.counties), dtype=np.int64),
        subdistricts=(
            [c for c, _, _ in real.subdistricts],
            [n for _, n, _ in real.subdistricts],
            [n.removesuffix("街道") for _, n, _ in real.subdistricts],
        ),
        sd_county=np.array([k for _, _, k in real.subdistricts], dtype=np.int64),
        communities=(
            [c.code for c in real.communities],
            [c.name for c in real.communities],
            [real.note(c) for c in real.communities],
        ),
        comm_sd=np.array([c.subdistrict for c in real.communities], dtype=np.int64),
    )


def _assemble(
    rng: np.random.Generator,
    names: Names,
    *,
    cities: tuple[list[str], list[str]],
    counties: tuple[list[str], list[str]],
    county_district: list[bool],
    county_city: I64,
    subdistricts: tuple[list[str], list[str], list[str]],
    sd_county: I64,
    communities: tuple[list[str], list[str], list[str | None]],
    comm_sd: I64,
) -> Geography:
    """The geography of given levels (ids, names), with drawn coordinates.

    ``comm_sd`` must run subdistrict by subdistrict (each one's communities contiguous).
    """
    (city_ids, city_names), (county_ids, county_names) = cities, counties
    sd_ids, sd_names, sd_short = subdistricts
    comm_ids, comm_names, comm_notes = communities
    names.used.update(sd_names)
    names.used.update(comm_names)
    sizes = np.bincount(comm_sd, minlength=len(sd_ids)).astype(np.int64)
    comm_county = sd_county[comm_sd]
    comm_city = county_city[comm_county]
    city_of = np.bincount(comm_city, minlength=len(city_ids))
    county_xy, sd_xy, comm_xy = _coordinates(
        rng, len(city_ids), county_city, county_district, sd_county, comm_sd
    )
    return Geography(
        city_names=city_names,
        city_ids=city_ids,
        county_names=county_names,
        county_ids=county_ids,
        county_district=county_district,
        county_city=county_city,
        county_xy=county_xy,
        sd_names=sd_names,
        sd_short=sd_short,
        sd_ids=sd_ids,
        sd_county=sd_county,
        sd_first=starts(sizes),
        sd_size=sizes,
        sd_xy=sd_xy,
        comm_names=comm_names,
        comm_ids=comm_ids,
        comm_sd=comm_sd,
        comm_county=comm_county,
        comm_city=comm_city,
        comm_xy=comm_xy,
        city_comm_start=starts(city_of),
        city_comm_count=city_of.astype(np.int64),
        comm_notes=comm_notes,
    )


def _community_ids(sd_ids: list[str], sizes: I64, comm_sd: I64, sd_first: I64) -> list[str]:
    """Community ids, numbered within their subdistrict: sd03-c07."""
    wc = max(2, len(str(int(sizes.max()))))
    local = np.arange(len(comm_sd)) - sd_first[comm_sd]
    return [f"{sd_ids[int(s)]}-c{int(j) + 1:0{wc}d}" for s, j in zip(comm_sd, local, strict=True)]


def _county_level(
    plan: Plan, rng: np.random.Generator
) -> tuple[list[str], list[str], list[bool], I64, I64]:
    """Cities and county-level divisions: names, district flags, city and subdistricts of each."""
    n_sd = plan.subdistricts
    # about two subdistricts per county-level division
    n_k = max(1, min(n_sd, round(n_sd / 2)))
    n_city = max(1, math.ceil(n_k / _COUNTIES_PER_CITY))
    county_sd = split(rng, n_sd, n_k, minimum=1)
    county_city = np.repeat(np.arange(n_city), split(rng, n_k, n_city, minimum=1)).astype(np.int64)
    city_names = [w + "市" for w in pick(rng, WORDS, n_city)]
    words = pick(rng, WORDS, n_k)
    first = np.searchsorted(county_city, county_city)
    per_city = np.bincount(county_city)
    county_names, county_district = [], []
    for k in range(n_k):
        in_city = per_city[county_city[k]]
        district = bool(k - first[k] < max(1, round(_DISTRICT_SHARE * in_city)))
        suffix = "区" if district else ("县" if rng.random() < 0.6 else "市")
        county_names.append(words[k] + suffix)
        county_district.append(district)
    return city_names, county_names, county_district, county_city, county_sd


def _coordinates(
    rng: np.random.Generator,
    n_city: int,
    county_city: I64,
    county_district: list[bool],
    sd_county: I64,
    comm_sd: I64,
) -> tuple[F64, F64, F64]:
    """Centres of counties, subdistricts and communities, each scattered around its parent.

    Cities lie 90 km apart on a line; districts near their city's centre,
    counties 18-45 km out.
    """
    n_k = len(county_city)
    city_xy = np.column_stack([np.arange(n_city) * 90_000.0, np.zeros(n_city)])
    angle = rng.uniform(0, 2 * math.pi, n_k)
    radius = np.where(
        np.array(county_district), rng.uniform(0, 5_000, n_k), rng.uniform(18e3, 45e3, n_k)
    )
    county_xy = city_xy[county_city] + np.column_stack(
        [radius * np.cos(angle), radius * np.sin(angle)]
    )
    sd_xy = county_xy[sd_county] + rng.normal(0, 2_500, (len(sd_county), 2))
    comm_xy = sd_xy[comm_sd] + rng.normal(0, 1_200, (len(comm_sd), 2))
    return county_xy, sd_xy, comm_xy


def division_records(
    geo: Geography, rng: np.random.Generator, model_communities: int
) -> list[Division]:
    """Cities, counties, subdistricts and communities, ``model_communities`` of them models."""
    out = [
        Division(id=i, name=n, level="city")
        for i, n in zip(geo.city_ids, geo.city_names, strict=True)
    ]
    for k, kid in enumerate(geo.county_ids):
        out.append(
            Division(
                id=kid,
                name=geo.county_names[k],
                level="county",
                parent=geo.city_ids[int(geo.county_city[k])],
                district=geo.county_district[k],
            )
        )
        share_fields_set(out[-1])  # as made: the memory freed holds the next
    for s, sid in enumerate(geo.sd_ids):
        out.append(
            Division(
                id=sid,
                name=geo.sd_names[s],
                level="subdistrict",
                parent=geo.county_ids[int(geo.sd_county[s])],
            )
        )
        share_fields_set(out[-1])  # as made: the memory freed holds the next
    n_c = len(geo.comm_ids)
    model = np.zeros(n_c, dtype=np.bool_)
    model[rng.choice(n_c, min(model_communities, n_c), replace=False)] = True
    for c, cid in enumerate(geo.comm_ids):
        note = geo.comm_notes[c]
        out.append(
            Division(
                id=cid,
                name=geo.comm_names[c],
                level="community",
                parent=geo.sd_ids[int(geo.comm_sd[c])],
                model_community=bool(model[c]),
                **(
                    {"note": note} if note else {}
                ),  # unset, not None: drawn models stay as they were
            )
        )
        share_fields_set(out[-1])  # as made: the memory freed holds the next
    return out
