"""Teams of a community: the "1+3" team of each compound with a property company,
the community's "1+N" alliance, and its volunteer teams.

A "1+3" team joins, under the compound's (or community's) organisation, the
residents' committee, the owners' committee and the property company.
"""

from __future__ import annotations

import numpy as np

from partygraph.model import Team, VolunteerTeam
from partygraph.synthetic.bodies import meetings
from partygraph.synthetic.catalogue import ROUTINES, VOLUNTEER_KINDS
from partygraph.synthetic.names import cn
from partygraph.synthetic.town import Town

__all__ = ["community_teams", "volunteer_teams"]


def community_teams(t: Town, c: int) -> None:
    """The "1+3" teams of community ``c``'s compounds, then its "1+N" alliance."""
    rng, st, items = t.dice.rng, t.st, t.units.items
    cid = t.geo.comm_ids[c]
    core = t.orgs.items[t.orgs.comm[c]].id
    pm = [x for x in st.compounds_of(c) if st.cmp_pm[x]]
    incomplete = t.gaps.team_incomplete[pm]
    jwh = items[t.units.jwh[c]].id
    for j, x in enumerate(pm):
        members = [jwh]
        if t.units.oc_unit[x] >= 0:
            members.append(items[int(t.units.oc_unit[x])].id)
        members.append(items[int(t.units.cmp_pmco[x])].id)
        if incomplete[j]:
            if rng.random() < 0.5:
                continue  # gap: no team at all
            members = members[:-1]  # gap: the property company stays out
        branch = t.orgs.items[int(t.orgs.cmp[x])].id if t.q.cb_mask[x] else core
        t.out.teams.append(
            Team(
                id=f"{st.cmp_ids[x]}-t13",
                name=f"{st.cmp_names[x]}“1+3”联建队伍",
                type="1+3",
                community=cid,
                compound=st.cmp_ids[x],
                core=branch,
                members=members,
                routines=list(ROUTINES),
                meetings=meetings(t.dice, t.dice.ri(2, 4), 45, "联席会议", bool(incomplete[j])),
            )
        )
    _alliance(t, c, core)


def _alliance(t: Town, c: int, core: str) -> None:
    """The "1+N" alliance: residents' committee, police station, resident and paired units."""
    cid, items = t.geo.comm_ids[c], t.units.items
    partners = [items[t.units.jwh[c]].id, f"{t.geo.sd_ids[int(t.geo.comm_sd[c])]}-ps"]
    partners += [items[ui].id for ui in t.units.comm_units[c]]
    paired = np.flatnonzero(t.units.pair_comm == c)
    partners += [items[int(t.units.mu_of_pairing[i])].id for i in paired]
    t.out.teams.append(
        Team(
            id=f"{cid}-t1n",
            name=f"{t.geo.comm_names[c]}“1+N”共建联盟",
            type="1+N",
            community=cid,
            core=core,
            members=partners,
            routines=list(ROUTINES),
            meetings=meetings(t.dice, 4, 91, "共建联席会议", False),
        )
    )


def volunteer_teams(t: Town, c: int) -> None:
    """Volunteer teams of community ``c``, one of each kind before any kind repeats."""
    cid, cname, vols = t.geo.comm_ids[c], t.geo.comm_names[c], t.vols
    kinds = t.dice.rng.permutation(len(VOLUNTEER_KINDS))
    v0 = int(vols.start[c])
    for j in range(int(t.q.n_vt[c])):
        kind = VOLUNTEER_KINDS[int(kinds[j % len(kinds)])]
        suffix = "" if j < len(kinds) else cn(j // len(kinds) + 1)
        t.out.volunteer_teams.append(
            VolunteerTeam(
                id=f"{cid}-vt{j + 1:02d}",
                name=f"{cname}{kind}志愿服务队{suffix}",
                community=cid,
                members=int(vols.members[v0 + j]),
                activities=int(vols.activities[v0 + j]),
                people_served=int(vols.served[v0 + j]),
            )
        )
