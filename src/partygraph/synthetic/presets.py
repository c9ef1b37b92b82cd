"""Presets and the plan: every count of a synthetic model, resolved before drawing.

:func:`make_plan` turns the arguments of :func:`~partygraph.synthetic.synth`
into a :class:`Plan` and rejects bad ones before any random number is drawn,
so an error never leaves a half-built model behind.

Examples
--------
>>> plan = make_plan(communities=136, subdistricts=None, households=0, members=None,
...                  seed=0, gaps=0.05, preset=None)
>>> plan.subdistricts, plan.captains, plan.volunteer_teams
(10, 989, 169)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from partygraph.i18n import tr

__all__ = ["GENERIC_DESCRIPTION", "PRESETS", "SNAPSHOT", "Plan", "make_plan"]

#: The date the synthetic data describe; every date in the model is relative to it.
SNAPSHOT = dt.date(2023, 6, 30)
_DESCRIPTION = (
    "示意数据（合成）：区划是真实的，区划以下全部是合成的，仅用于演示与测试。\n"
    "区划：阳江市、4 个县级单位、10 个街道和 136 个社区是真实的，编号就是国家统计局"
    "统计用区划代码（2023 年），名称取自其中；社区名由居委会名改写"
    "（“北门社区居委会”“西濑居委会”→“北门社区”“西濑社区”），原名写在备注里。\n"
    "合成：网格、小区、单位、党组织、人员等由 partygraph.synth 按固定随机种子生成，"
    "名称由字词拼合，不对应真实的单位或人员（与真实名称相同纯属巧合）；"
    "各项数量与阳江市案例公开报道的数字一致。\n"
    "哪 136 个社区：案例说“全市136个社区”，包括镇里的社区。2023 年的代码有 143 个居委会"
    "（10 个街道下 71 个、镇下 72 个）；2021 年版代码恰好 136 个，2023 年都还在，"
    "另有 7 个是之后新设的（织篢镇 5 个、儒洞镇 1 个、春城街道春晖社区）。"
    "本模型取 2021 年就有的这 136 个：街道下 70 个、镇下 66 个。\n"
    "镇下的 66 个社区挂在哪里：模型的层级是 市→县→街道→社区，没有“镇”一级，"
    "案例又只有 10 个街道，所以每个镇的社区整体挂在一个街道下："
    "本县（市、区）有街道的挂本县的街道（江城区、阳春市），阳东区、阳西县没有街道，挂江城区的街道；"
    "按代码顺序，每个镇挂到当时社区最少的街道。这些社区的编号仍是自己的代码"
    "（前 9 位就是所属的镇），备注写明实际属于哪个镇。\n"
    "Illustrative data: the divisions (city, counties, 10 subdistricts, 136 communities) "
    "are Yangjiang's real ones with their official 2023 statistical codes as ids; "
    "everything below them is synthetic (partygraph.synth, fixed seed). The 136 are the "
    "residents' committees of the 2021 codes; the 66 of them under towns are hung under "
    "a subdistrict (the model has no town level), as each one's note says."
)
#: The description of a model made without a preset.
GENERIC_DESCRIPTION = (
    "示意数据（合成）：本模型由 partygraph.synth 生成，名称均由字词拼合，"
    "不对应真实的地点、单位或人员，仅用于演示、测试与性能评估。"
)

#: Named argument sets for :func:`synth`.  ``"yangjiang"`` stands on Yangjiang's
#: real divisions (:mod:`~partygraph.synthetic.yangjiang`) and reproduces the
#: figures reported for it (DOMAIN.md section 9): 136 communities, 10
#: subdistricts, 25 community committees, 40 compound branches, 989 captains,
#: 73 paired municipal units, 6,099 registered members, 1,667 central
#: households, 169 volunteer teams (1,318 activities, 158,000 people served),
#: 272 reserve cadres and 18 model communities; households and persons are
#: generated for the first subdistrict only.
PRESETS: dict[str, dict[str, Any]] = {
    "yangjiang": {
        "name": "阳江市城市基层党建（示意数据）",
        "description": _DESCRIPTION,
        "divisions": "yangjiang",
        "communities": 136,
        "subdistricts": 10,
        "households": 18_000,
        "household_subdistricts": 1,
        "members": None,
        "seed": 2023,
        "gaps": 0.05,
        "snapshot": SNAPSHOT,
        "committees": 25,
        "compound_branches": 40,
        "captains": 989,
        "pairings": 73,
        "registrations": 6_099,
        "central_households": 1_667,
        "volunteer_teams": 169,
        "volunteer_activities": 1_318,
        "people_served": 158_000,
        "reserve_cadres": 272,
        "model_communities": 18,
    }
}

#: synth's default number of communities; a preset needs ``communities`` left at it.
_DEFAULT_COMMUNITIES = 136
#: Yangjiang's 136 communities in 10 subdistricts.
_COMMUNITIES_PER_SUBDISTRICT = 13.6


@dataclass
class Plan:
    """Every count the generator needs; the field names are the keys of :data:`PRESETS`."""

    communities: int
    subdistricts: int
    households: int
    members: int | None
    seed: int
    gaps: float
    committees: int
    compound_branches: int
    captains: int
    pairings: int
    registrations: int
    central_households: int
    volunteer_teams: int
    volunteer_activities: int
    people_served: int
    reserve_cadres: int
    model_communities: int
    name: str | None = None
    description: str | None = None
    #: Real divisions to stand on (a name :func:`~partygraph.synthetic.divisions.geography`
    #: knows); ``None``: drawn ones.
    divisions: str | None = None
    household_subdistricts: int | None = None
    snapshot: dt.date = SNAPSHOT


def make_plan(
    *,
    communities: int,
    subdistricts: int | None,
    households: int,
    members: int | None,
    seed: int,
    gaps: float,
    preset: str | None,
) -> Plan:
    """The plan for the arguments of :func:`synth` (which documents them).

    Raises
    ------
    ValueError
        For gaps outside [0, 1], negative counts, an unknown preset, a preset
        with ``communities``/``subdistricts`` set, or impossible subdivisions.
    """
    if not 0.0 <= gaps <= 1.0:
        raise ValueError(tr("synth.gaps", gaps=gaps))
    if households < 0 or (members is not None and members < 0):
        raise ValueError(tr("synth.negative"))
    if preset is not None:
        if preset not in PRESETS:
            raise ValueError(tr("synth.unknown_preset", preset=preset, presets=", ".join(PRESETS)))
        if communities != _DEFAULT_COMMUNITIES or subdistricts is not None:
            raise ValueError(tr("synth.preset_fixes"))
        return _preset_plan(preset, households, members, seed, gaps)
    return _scaled_plan(communities, subdistricts, households, members, seed, gaps)


def _preset_plan(preset: str, households: int, members: int | None, seed: int, gaps: float) -> Plan:
    """The preset's counts; arguments away from :func:`synth`'s defaults override them."""
    spec = dict(PRESETS[preset])  # a copy: nothing done to the plan reaches the preset
    if households:
        spec["households"] = households
    if members is not None:
        spec["members"] = members
    if seed != 0:
        spec["seed"] = seed
    if gaps != 0.05:
        spec["gaps"] = gaps
    return Plan(**spec)


def _scaled_plan(
    communities: int,
    subdistricts: int | None,
    households: int,
    members: int | None,
    seed: int,
    gaps: float,
) -> Plan:
    """Counts at Yangjiang's rates per community."""
    if communities < 1:
        raise ValueError(tr("synth.communities", communities=communities))
    n_sd = (
        subdistricts
        if subdistricts is not None
        else max(1, round(communities / _COMMUNITIES_PER_SUBDISTRICT))
    )
    if not 1 <= n_sd <= communities:
        raise ValueError(tr("synth.subdistricts", communities=communities))

    def per(rate: float) -> int:
        return round(rate * communities)

    teams = max(1, per(169 / 136))
    return Plan(
        communities=communities,
        subdistricts=n_sd,
        households=households,
        members=members,
        seed=seed,
        gaps=gaps,
        committees=per(25 / 136),
        compound_branches=per(40 / 136),
        captains=per(989 / 136),
        pairings=max(1, per(73 / 136)),
        registrations=per(6099 / 136),
        central_households=per(1667 / 136),
        volunteer_teams=teams,
        volunteer_activities=round(teams * 1318 / 169),
        people_served=round(teams * 158_000 / 169),
        reserve_cadres=per(2),
        model_communities=per(18 / 136),
    )
