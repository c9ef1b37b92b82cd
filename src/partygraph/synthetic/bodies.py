"""Expanded bodies: each community's 大党委 and each subdistrict's 大工委, and the
meetings of bodies and teams.

Part-time members sit on behalf of a unit; the one who sits is the unit's
secretary (its first member row).
"""

from __future__ import annotations

import numpy as np

from partygraph.model import ExpandedBody, Meeting, PartTimeMember
from partygraph.synthetic.draws import Dice
from partygraph.synthetic.town import Town

__all__ = ["community_body", "meetings", "subdistrict_body"]

#: Resident units that sit on a 大党委, and the largest ones on a 大工委.
_COMMUNITY_SEATS = 6
_SUBDISTRICT_SEATS = 5
#: Paired municipal units of a subdistrict's communities that sit on its 大工委.
_PAIRED_SEATS = 4


def meetings(dice: Dice, n: int, every: int, kind: str, stale: bool) -> list[Meeting]:
    """``n`` meetings about ``every`` days apart, newest first; ``stale``: none lately."""
    shift = dice.ri(130, 260) if stale else 0
    days = [shift + q * every + dice.ri(2, every // 3) for q in range(n)]
    return [Meeting(date=dice.ago(d), kind=kind) for d in sorted(days, reverse=True)]


def _part_time(t: Town, units: list[int]) -> list[PartTimeMember]:
    return [
        PartTimeMember(
            person=t.people.pid(t.people.secretary_of(ui)),
            on_behalf_of=t.units.items[ui].id,
            since=t.dice.ago(t.dice.ri(60, 1100)),
        )
        for ui in units
    ]


def community_body(t: Town, c: int) -> None:
    """The 大党委 of community ``c``: cadres full-time; resident units with an
    organisation, paired units and sometimes the police station part-time."""
    cid, cname, items = t.geo.comm_ids[c], t.geo.comm_names[c], t.units.items
    first = int(t.people.a_start[c])
    full_time = [t.people.pid(first + j) for j in range(min(int(t.q.k_cad[c]), t.dice.ri(3, 5)))]
    units = [ui for ui in t.units.comm_units[c] if items[ui].org >= 0][:_COMMUNITY_SEATS]
    units += [int(t.units.mu_of_pairing[i]) for i in np.flatnonzero(t.units.pair_comm == c)]
    if t.dice.rng.random() < 0.5:
        units.append(t.units.sd_gov0 + 2 * int(t.geo.comm_sd[c]) + 1)  # the police station
    part_time = _part_time(t, units)
    t.out.expanded_bodies.append(
        ExpandedBody(
            id=f"{cid}-ec",
            name=f"{cname}大党委",
            form="expanded_committee",
            core=t.orgs.items[t.orgs.comm[c]].id,
            division=cid,
            full_time_members=full_time,
            part_time_members=part_time,
            meetings=meetings(t.dice, 4, 91, "工作例会", bool(t.gaps.stale_body[c])),
        )
    )


def subdistrict_body(t: Town, s: int, gov: int, staff: list[int]) -> None:
    """The 大工委 of subdistrict ``s``: its office's ``staff`` full-time; the police
    station, the largest hospitals, schools and state firms, and paired units part-time."""
    sid, name, items = t.geo.sd_ids[s], t.geo.sd_names[s], t.units.items
    first, size = int(t.geo.sd_first[s]), int(t.geo.sd_size[s])
    candidates = [
        ui
        for c in range(first, first + size)
        for ui in t.units.comm_units[c]
        if items[ui].org >= 0 and items[ui].type in ("hospital", "school", "soe")
    ]
    candidates.sort(key=lambda ui: -items[ui].members)
    units = [gov + 1, *candidates[:_SUBDISTRICT_SEATS]]  # gov + 1: the police station
    paired = np.flatnonzero(t.geo.comm_sd[t.units.pair_comm] == s)[:_PAIRED_SEATS]
    units += [int(t.units.mu_of_pairing[i]) for i in paired]
    full_time = [t.people.pid(r) for r in staff[: t.dice.ri(3, 5)]]
    part_time = _part_time(t, units)
    routine = meetings(t.dice, 4, 91, "工作例会", bool(t.gaps.stale_sd[s]))
    joint = Meeting(date=t.dice.ago(t.dice.ri(20, 170)), kind="城市基层党建联席会议")
    t.out.expanded_bodies.append(
        ExpandedBody(
            id=f"{sid}-ewc",
            name=f"{name}大工委",
            form="expanded_working_committee",
            core=t.orgs.items[t.orgs.sd[s]].id,
            division=sid,
            full_time_members=full_time,
            part_time_members=part_time,
            meetings=[*routine, joint],
        )
    )
