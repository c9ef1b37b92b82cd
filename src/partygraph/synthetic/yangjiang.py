"""Yangjiang's real divisions, for the ``yangjiang`` preset: which 136 communities, and where.

The preset's city, county-level units, subdistricts and communities are the
official ones, with their codes as ids, read from the statistical division
codes of 2023 shipped in ``partygraph/synthetic/data/`` (see its README).
Everything below a community is synthetic.

**Which 136.**  The case study counts "全市136个社区" — the whole city's
communities, towns included — and "全市10个街道" with a 大工委.  The codes of 2023
list 143 residents' committees: 71 under the 10 subdistricts (街道), 72 under
towns (镇).  The 2021 edition (as of 2021-10-31, the case study's time) lists
exactly 136, all still there in 2023 under the same codes; the 2023 list adds
the 7 in :data:`LATER`.  So the preset takes the 143 without those 7: 70 under
the subdistricts and 66 under towns, with their 2023 names.

**Where the 66 go.**  Our levels are city → county → subdistrict → community, and
the published figures fix 10 subdistricts, so a town cannot be a level of its
own.  Each town's communities are hung, together, under one subdistrict: of the
town's own county where it has one (江城区, 阳春市), else of 江城区, the urban
district both 阳东区 and 阳西县 border; towns in code order, each to the
subdistrict with the fewest communities so far (so the subdistricts stay
comparable in size).  A hung community keeps its own code as id — its first 9
digits still name its real town — and its note says where it really is.

Examples
--------
>>> real = yangjiang_divisions()
>>> real.city, len(real.counties), len(real.subdistricts), len(real.communities)
(('4417', '阳江市'), 4, 10, 136)
>>> sum(c.town is None for c in real.communities)
70
>>> first, hung = real.communities[0], real.communities[43]
>>> first.code, first.name, first.official, first.town
('441702001001', '北门社区', '北门社区居委会', None)
>>> real.subdistricts[hung.subdistrict][1], hung.name, hung.town.name
('中洲街道', '埠场圩社区', '埠场镇')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Final

from partygraph.synthetic.codes import (
    CodeRow,
    community_name,
    is_residents_committee,
    is_subdistrict,
    read_codes,
)

__all__ = ["LATER", "Community", "RealDivisions", "yangjiang_divisions"]

#: The codes file the preset is built on (package data).
CODES_FILE: Final = "yangjiang-divisions-2023.csv"
#: Residents' committees in the 2023 codes but not in the 2021 edition (set up since).
LATER: Final = frozenset(
    {
        "441721100010",  # 南湖社区居委会, 阳西县织篢镇
        "441721100011",  # 方正社区居委会, 织篢镇
        "441721100012",  # 东湖社区居委会, 织篢镇
        "441721100013",  # 丹江社区居委会, 织篢镇
        "441721100014",  # 北湖社区居委会, 织篢镇
        "441721106002",  # 永兴社区居委会, 阳西县儒洞镇
        "441781001018",  # 春晖社区居委会, 阳春市春城街道 (first listed in 2023)
    }
)
#: Where towns of a county without subdistricts are hung: 江城区.
_CENTRAL_COUNTY: Final = "441702"


@dataclass(frozen=True)
class Community:
    """A community of the preset: code, name, index of its subdistrict, the
    committee's ``official`` name, and the real ``town`` (a code row) when it is
    hung under a subdistrict it is not in."""

    code: str
    name: str
    subdistrict: int
    official: str
    town: CodeRow | None = None


@dataclass(frozen=True)
class RealDivisions:
    """The four levels of a preset on real divisions, each in code order.

    ``counties`` are (code, name, district); ``subdistricts`` (code, name, index
    of the county); ``communities`` run subdistrict by subdistrict.
    """

    city: tuple[str, str]
    counties: list[tuple[str, str, bool]]
    subdistricts: list[tuple[str, str, int]]
    communities: list[Community]

    def note(self, c: Community) -> str:
        """The note of a community: its official name and, if hung, where it really is."""
        text = f"统计用区划代码（2023）：{c.official}"
        if c.town is None:
            return text
        county = next(name for code, name, _ in self.counties if code == c.town.parent)
        sd = self.subdistricts[c.subdistrict][1]
        return f"{text}，属{county}{c.town.name}；模型没有“镇”一级，挂在{sd}下"


@functools.cache
def yangjiang_divisions() -> RealDivisions:
    """The preset's real divisions (read once from the package data)."""
    source = files("partygraph.synthetic").joinpath("data", CODES_FILE)
    return _real_divisions(read_codes(Path(str(source))))


def _real_divisions(rows: list[CodeRow]) -> RealDivisions:
    (city,) = [r for r in rows if r.level == "city"]
    counties = [r for r in rows if r.level == "county"]
    county_at = {r.code: k for k, r in enumerate(counties)}
    subdistricts = [r for r in rows if r.level == "township" and is_subdistrict(r.name)]
    sd_at = {r.code: s for s, r in enumerate(subdistricts)}
    towns = {r.code: r for r in rows if r.level == "township" and r.code not in sd_at}
    taken = [
        r
        for r in rows
        if r.level == "village" and is_residents_committee(r.name) and r.code not in LATER
    ]
    placed: list[Community] = []
    size = [0] * len(subdistricts)
    for r in taken:
        if r.parent in sd_at:
            placed.append(Community(r.code, community_name(r.name), sd_at[r.parent], r.name))
            size[sd_at[r.parent]] += 1
    for town_code in dict.fromkeys(r.parent for r in taken if r.parent not in sd_at):
        town = towns[str(town_code)]
        own = [s for s, sd in enumerate(subdistricts) if sd.parent == town.parent]
        pool = own or [s for s, sd in enumerate(subdistricts) if sd.parent == _CENTRAL_COUNTY]
        s = min(pool, key=lambda s: size[s])  # ties: the first in code order
        mine = [r for r in taken if r.parent == town_code]
        placed += [Community(r.code, community_name(r.name), s, r.name, town) for r in mine]
        size[s] += len(mine)
    placed.sort(key=lambda c: (c.subdistrict, c.code))
    return RealDivisions(
        city=(city.code, city.name),
        counties=[(r.code, r.name, r.name.endswith("区")) for r in counties],
        subdistricts=[(r.code, r.name, county_at[str(r.parent)]) for r in subdistricts],
        communities=placed,
    )
