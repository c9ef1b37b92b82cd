"""Party organisations: city and county committees, subdistrict working committees,
community organisations, grid and compound branches, unit and joint organisations.

A community organisation's form (committee, general branch, branch) depends on
its members, so :func:`resident_members` decides the community's resident
members and names the organisation once its form is known.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from partygraph.i18n import tr
from partygraph.synthetic.divisions import Geography
from partygraph.synthetic.draws import I64, Bools, Dice, split
from partygraph.synthetic.grids import Structure
from partygraph.synthetic.households import Households
from partygraph.synthetic.names import cn
from partygraph.synthetic.presets import Plan
from partygraph.synthetic.quotas import Quotas
from partygraph.synthetic.units import Units

__all__ = ["FORM_SUFFIX", "OrgDraft", "Orgs", "make_orgs", "resident_members"]

#: The name suffix of each organisation form: 中共…委员会, …总支部委员会, …支部委员会.
FORM_SUFFIX = {"committee": "委员会", "general_branch": "总支部委员会", "branch": "支部委员会"}
#: Members from which an organisation is a general branch, and a committee.
_GENERAL_BRANCH = 50
_COMMITTEE = 100
#: Fewest members of an organisation of its own (fewer: a joint branch or an instructor).
_OWN_ORG = 3


@dataclass
class OrgDraft:
    """A party organisation being built; ``parent`` and ``secretary`` are rows (-1: none)."""

    id: str
    name: str
    form: str
    parent: int = -1
    division: str | None = None
    compound: str | None = None
    unit: str | None = None
    grid: str | None = None
    joint_units: list[str] = field(default_factory=list)
    secretary: int = -1
    upgraded_on: dt.date | None = None
    declared: tuple[int, int] | None = None  # (full, probationary) members, where not counted


class Orgs:
    """The organisations in model order, and the rows of the fixed ones."""

    def __init__(self, n_grids: int, n_compounds: int) -> None:
        self.items: list[OrgDraft] = []
        self.city: list[int] = []
        self.county: list[int] = []
        self.sd: list[int] = []
        self.comm: list[int] = []
        self.grid = np.full(n_grids, -1, dtype=np.int64)  # per grid: its branch, or -1
        self.cmp = np.full(n_compounds, -1, dtype=np.int64)  # per compound: its branch, or -1

    def add(self, o: OrgDraft) -> int:
        self.items.append(o)
        return len(self.items) - 1


def make_orgs(dice: Dice, geo: Geography, st: Structure, q: Quotas, units: Units) -> Orgs:
    """Every organisation; sets each unit's ``org``, ``joint``, ``fallback`` and instructor flag."""
    orgs = Orgs(len(st.grid_comm), len(st.cmp_comm))
    for cid, name in zip(geo.city_ids, geo.city_names, strict=True):
        orgs.city.append(
            orgs.add(OrgDraft(f"{cid}-po", f"中共{name}委员会", "committee", division=cid))
        )
    for k, (kid, name) in enumerate(zip(geo.county_ids, geo.county_names, strict=True)):
        parent = orgs.city[int(geo.county_city[k])]
        orgs.county.append(
            orgs.add(OrgDraft(f"{kid}-po", f"中共{name}委员会", "committee", parent, division=kid))
        )
    for s, (sid, name) in enumerate(zip(geo.sd_ids, geo.sd_names, strict=True)):
        parent = orgs.county[int(geo.sd_county[s])]
        draft = OrgDraft(
            f"{sid}-wc", f"中共{name}工作委员会", "working_committee", parent, division=sid
        )
        orgs.sd.append(orgs.add(draft))
    for c, (cid, cname) in enumerate(zip(geo.comm_ids, geo.comm_names, strict=True)):
        # named and given its form by resident_members, once its members are known
        draft = OrgDraft(f"{cid}-po", cname, "branch", orgs.sd[int(geo.comm_sd[c])], division=cid)
        orgs.comm.append(orgs.add(draft))
    items = units.items
    eligible = [
        ui
        for rows in units.comm_units
        for ui in rows
        if items[ui].members >= _OWN_ORG and not items[ui].core
    ]
    # gap: resident units of 3+ members without an organisation
    no_org_gap = np.zeros(len(items), dtype=np.bool_)
    no_org_gap[np.array(eligible, dtype=np.int64)[dice.gap(len(eligible))]] = True
    for c in range(len(geo.comm_ids)):
        _branches(orgs, geo, st, q, c)
        _resident_unit_orgs(orgs, dice, geo, units, c, no_org_gap)
    _other_unit_orgs(orgs, dice, geo, units)
    return orgs


def _branches(orgs: Orgs, geo: Geography, st: Structure, q: Quotas, c: int) -> None:
    """Grid and compound branches of community ``c``."""
    cid, cname = geo.comm_ids[c], geo.comm_names[c]
    for g in st.grids_of(c):
        if q.gb_mask[g]:
            gl = int(st.grid_local[g])
            gid = f"{cid}-g{gl + 1:02d}"
            name = f"{cname}第{cn(gl + 1)}网格党支部"
            orgs.grid[g] = orgs.add(OrgDraft(f"{gid}-po", name, "branch", orgs.comm[c], grid=gid))
    for x in st.compounds_of(c):
        if q.cb_mask[x]:
            xid = st.cmp_ids[x]
            name = f"{st.cmp_names[x]}党支部"
            orgs.cmp[x] = orgs.add(
                OrgDraft(f"{xid}-po", name, "branch", orgs.comm[c], compound=xid)
            )


def _resident_unit_orgs(
    orgs: Orgs, dice: Dice, geo: Geography, units: Units, c: int, no_org_gap: Bools
) -> None:
    """Own or joint organisations of community ``c``'s resident units, or instructors."""
    rng, cid, cname = dice.rng, geo.comm_ids[c], geo.comm_names[c]
    small: list[int] = []
    for ui in units.comm_units[c]:
        u = units.items[ui]
        u.fallback = orgs.comm[c]
        if no_org_gap[ui]:
            u.instructor = -2 if rng.random() < 0.5 else -1  # -2: to be assigned
        elif u.members >= _OWN_ORG:
            _unit_org(orgs, units, ui, orgs.comm[c])
        elif u.members > 0:
            small.append(ui)
        else:
            # gap (at twice the share): units without members and without an instructor
            u.instructor = -1 if rng.random() < dice.gaps * 2 else -2
    # small units share a joint branch once together they have enough members
    if len(small) >= 2 and sum(units.items[ui].members for ui in small) >= _OWN_ORG:
        joint = orgs.add(
            OrgDraft(
                f"{cid}-lh",
                f"{cname}驻区单位联合党支部",
                "branch",
                orgs.comm[c],
                joint_units=[units.items[ui].id for ui in small],
            )
        )
        for ui in small:
            units.items[ui].joint = joint
    else:
        for ui in small:
            units.items[ui].instructor = -1 if rng.random() < dice.gaps * 2 else -2


def _other_unit_orgs(orgs: Orgs, dice: Dice, geo: Geography, units: Units) -> None:
    """Organisations of municipal, county, subdistrict units and property companies."""
    items = units.items
    for ui, u in enumerate(items):
        if u.comm >= 0 or u.members < _OWN_ORG:
            continue
        if u.municipal:
            parent = orgs.city[u.city]
        elif u.sd >= 0:
            parent = orgs.sd[u.sd]
        else:
            parent = orgs.county[geo.county_ids.index(u.division or "")]
        _unit_org(orgs, units, ui, parent)
    for u in items:
        if u.org < 0 and u.joint < 0 and u.fallback < 0 and u.members > 0:
            raise AssertionError(f"unit {u.id} has members but no organisation")
    # gap: a share of large unit organisations keep the branch form past 50 members
    big = [
        ui for ui, u in enumerate(items) if u.org >= 0 and _GENERAL_BRANCH <= u.members < _COMMITTEE
    ]
    for j in np.flatnonzero(dice.gap(len(big))):
        orgs.items[items[big[int(j)]].org].form = "branch"


def _unit_org(orgs: Orgs, units: Units, ui: int, parent: int) -> None:
    """The organisation of unit ``ui``, in the form its members call for."""
    u = units.items[ui]
    form = _form(u.members)
    name = f"中共{u.name}{FORM_SUFFIX[form]}"
    u.org = orgs.add(OrgDraft(f"{u.id}-po", name, form, parent, unit=u.id))


def _form(members: int) -> str:
    if members >= _COMMITTEE:
        return "committee"
    return "general_branch" if members >= _GENERAL_BRANCH else "branch"


def resident_members(
    plan: Plan, dice: Dice, geo: Geography, hh: Households, q: Quotas, units: Units, orgs: Orgs
) -> I64:
    """Resident party members of each community; gives community organisations form and name.

    About one member per 10 households (or a lognormal number where none are
    generated), at least what the posts need; ``plan.committees`` communities
    are committees with 100 or more members.
    """
    rng, n_c = dice.rng, plan.communities
    # members of units without an organisation of their own belong to the community's
    attached = np.zeros(n_c, dtype=np.int64)
    for u in units.items:
        if u.comm >= 0 and u.org < 0 and u.joint < 0:
            attached[u.comm] += u.members
    base = np.where(
        hh.count > 0,
        hh.count * rng.uniform(0.07, 0.12, n_c),
        rng.lognormal(math.log(38), 0.45, n_c),
    )
    n_comm = min(plan.committees, n_c)
    chosen = rng.choice(n_c, n_comm, replace=False, p=base / base.sum())
    committee = np.zeros(n_c, dtype=np.bool_)
    committee[chosen] = True
    target = base.copy()
    target[committee] = np.maximum(base[committee], rng.uniform(105, 260, n_comm))
    rm = np.maximum(np.round(target).astype(np.int64) - attached, q.min_posts)
    rm[committee] = np.maximum(rm[committee], _COMMITTEE - attached[committee])
    others = ~committee
    # so that the branch-over-50 gap has somewhere to fall, one branch is made large enough
    if plan.gaps > 0 and not ((rm + attached >= _GENERAL_BRANCH) & others).any() and others.any():
        c = int(rng.choice(np.flatnonzero(others)))
        rm[c] = max(int(rm[c]), _GENERAL_BRANCH - int(attached[c]) + dice.ri(5, 20))
    if plan.members is not None:
        rm = _fit_members(plan.members, rng, rm, q.min_posts, units)
    out: I64 = rm.astype(np.int64)
    _give_forms(dice, geo, orgs, committee, others & (out + attached >= _GENERAL_BRANCH))
    return out


def _fit_members(
    members: int, rng: np.random.Generator, rm: I64, min_posts: I64, units: Units
) -> I64:
    """Resident members rescaled so that, with the units' members, they total ``members``."""
    in_service = sum(u.members for u in units.items)
    extra = members - in_service - int(min_posts.sum())
    if extra < 0:
        posts = int(min_posts.sum())
        raise ValueError(
            tr(
                "synth.members_too_few",
                members=members,
                in_service=in_service,
                posts=posts,
                least=in_service + posts,
            )
        )
    w = np.maximum(rm - min_posts, 0).astype(np.float64) + 1.0
    out: I64 = min_posts + split(rng, extra, len(rm), weights=w)
    return out


def _give_forms(dice: Dice, geo: Geography, orgs: Orgs, committee: Bools, over: Bools) -> None:
    """Form and name of each community organisation: the ``committee`` ones, general
    branches where members are ``over`` 50, branches otherwise."""
    # gap: a share of the communities over 50 keep the branch form
    large = np.flatnonzero(over)
    keep_branch = np.zeros(len(over), dtype=np.bool_)
    keep_branch[large[dice.gap(len(large))]] = True
    for c, name in enumerate(geo.comm_names):
        o = orgs.items[orgs.comm[c]]
        if committee[c]:
            o.form = "committee"
            o.upgraded_on = dice.ago(dice.ri(400, 1200))
        elif over[c] and not keep_branch[c]:
            o.form = "general_branch"
        else:
            o.form = "branch"
        o.name = f"中共{name}{FORM_SUFFIX[o.form]}"
