"""The last pass: units, compounds and party organisations become model records.

They come last because their member counts are counted off the persons
table, after every post holder has been settled into a household.
"""

from __future__ import annotations

import numpy as np

from partygraph.model import Compound, PartyOrg, Unit, share_fields_set
from partygraph.synthetic.draws import I64
from partygraph.synthetic.households import I32
from partygraph.synthetic.town import Town

__all__ = ["company_instructors", "compound_records", "party_org_records", "unit_records"]

#: Committee members by form, drawn for organisations of 7+ members (and every committee).
_COMMITTEE_SIZE = {"branch": (3, 5), "general_branch": (5, 7)}
_LARGE_COMMITTEE = (5, 9)


def unit_records(t: Town) -> list[Unit]:
    """Every unit, with its full members counted (not for residents' and owners' committees)."""
    unit, member = t.people.unit, t.people.member
    full = np.bincount(unit[(unit >= 0) & (member == 0)], minlength=len(t.units.items))
    out = []
    for i, u in enumerate(t.units.items):
        counted = u.type not in ("residents_committee", "owners_committee")
        out.append(
            Unit(
                id=u.id,
                name=u.name,
                type=u.type,
                division=u.division,
                municipal=u.municipal,
                members_full=int(full[i]) if counted else None,
                instructor=t.people.pid(u.instructor) if u.instructor >= 0 else None,
            )
        )
        share_fields_set(out[-1])  # as made: the memory freed holds the next
    return out


def company_instructors(t: Town) -> None:
    """Property companies without an organisation: an instructor from a community they serve.

    Gap: some get none.
    """
    items, cmp_pmco = t.units.items, t.units.cmp_pmco
    served = np.flatnonzero(cmp_pmco >= 0)
    companies = [int(cmp_pmco[x]) for x in served]
    bare = sorted({ui for ui in companies if items[ui].org < 0})
    missing = dict(zip(bare, t.dice.gap(len(bare)).tolist(), strict=True))
    for x, ui in zip(served.tolist(), companies, strict=True):
        u = items[ui]
        if ui in missing and u.instructor == -1 and not missing[ui]:
            u.instructor = t.people.cadre(t.dice.rng, int(t.st.cmp_comm[x]))


def compound_records(t: Town, cmp_members: I64) -> list[Compound]:
    """Every compound; those without a branch get a cadre as instructor (gap: some do not)."""
    st, items = t.st, t.units.items
    no_instructor = np.zeros(len(st.cmp_comm), dtype=np.bool_)
    open_ = np.flatnonzero(~t.q.cb_mask)
    no_instructor[open_[t.dice.gap(len(open_))]] = True
    out = []
    for x, xid in enumerate(st.cmp_ids):
        c = int(st.cmp_comm[x])
        instructor = None
        if not t.q.cb_mask[x] and not no_instructor[x]:
            instructor = t.people.pid(t.people.cadre(t.dice.rng, c))
        pmco, oc = int(t.units.cmp_pmco[x]), int(t.units.oc_unit[x])
        out.append(
            Compound(
                id=xid,
                name=st.cmp_names[x],
                community=t.geo.comm_ids[c],
                property_company=None if pmco < 0 else items[pmco].id,
                owners_committee=None if oc < 0 else items[oc].id,
                members_full=int(cmp_members[x]),
                instructor=instructor,
                x=float(st.cmp_xy[x, 0]),
                y=float(st.cmp_xy[x, 1]),
            )
        )
        share_fields_set(out[-1])  # as made: the memory freed holds the next
    return out


def _resident_counts(t: Town, place: I32, n: int) -> tuple[I64, I64]:
    """Full and probationary resident members living in each of ``n`` places.

    ``place`` maps a household to its grid or compound (-1: none).
    """
    a_hh = t.people.household[: t.people.n_a]
    a_member = t.people.member[: t.people.n_a]
    lives = a_hh >= 0
    full: I64 = np.bincount(place[a_hh[lives & (a_member == 0)]] + 1, minlength=n + 1)[1:]
    prob: I64 = np.bincount(place[a_hh[lives & (a_member == 1)]] + 1, minlength=n + 1)[1:]
    return full, prob


def _declare_branches(t: Town) -> I64:
    """Members of grid and compound branches, counted where households exist, drawn elsewhere.

    Returns each compound's full members (for the compound records).
    """
    st, hh, orgs, dice = t.st, t.hh, t.orgs, t.dice
    by_grid_full, by_grid_prob = _resident_counts(t, hh.grid, len(st.grid_comm))
    by_cmp_full, by_cmp_prob = _resident_counts(t, hh.cmp, len(st.cmp_comm))
    # without households: 3-9% of the compound's planned households
    drawn = np.round(t.q.cmp_planned * dice.rng.uniform(0.03, 0.09, len(st.cmp_comm)))
    cmp_members = np.where(hh.count[st.cmp_comm] > 0, by_cmp_full, drawn).astype(np.int64)
    for g in np.flatnonzero(orgs.grid >= 0):
        o = orgs.items[int(orgs.grid[g])]
        if hh.count[st.grid_comm[g]] > 0:
            o.declared = (int(by_grid_full[g]), int(by_grid_prob[g]))
        else:
            o.declared = (dice.ri(3, 30), dice.ri(0, 2))
    for x in np.flatnonzero(orgs.cmp >= 0):
        o = orgs.items[int(orgs.cmp[x])]
        if hh.count[st.cmp_comm[x]] > 0:
            o.declared = (int(by_cmp_full[x]), int(by_cmp_prob[x]))
        else:
            cmp_members[x] = max(3, int(cmp_members[x]))  # a branch needs three members
            o.declared = (int(cmp_members[x]), dice.ri(0, 2))
    return cmp_members


def party_org_records(t: Town) -> tuple[list[PartyOrg], I64]:
    """Every party organisation with its members and committee; and each compound's members."""
    orgs, people, dice = t.orgs, t.people, t.dice
    n_o = len(orgs.items)
    named = people.org >= 0
    full = np.bincount(people.org[named & (people.member == 0)], minlength=n_o)
    prob = np.bincount(people.org[named & (people.member == 1)], minlength=n_o)
    cmp_members = _declare_branches(t)
    upper = {*orgs.city, *orgs.county, *orgs.sd}
    out = []
    for i, o in enumerate(orgs.items):
        nf, np_ = o.declared if o.declared is not None else (int(full[i]), int(prob[i]))
        declared = i not in upper  # city/county/subdistrict: members sit in the orgs below
        committee = 0
        if nf + np_ >= 7 or o.form in ("committee", "working_committee"):
            lo, hi = _COMMITTEE_SIZE.get(o.form, _LARGE_COMMITTEE)
            committee = dice.ri(lo, hi)
        out.append(
            PartyOrg(
                id=o.id,
                name=o.name,
                form=o.form,
                parent=None if o.parent < 0 else orgs.items[o.parent].id,
                division=o.division,
                compound=o.compound,
                unit=o.unit,
                grid=o.grid,
                joint=bool(o.joint_units),
                joint_units=o.joint_units,
                members_full=nf if declared else None,
                members_probationary=np_ if declared else None,
                committee_members=committee,
                secretary=None if o.secretary < 0 else people.pid(o.secretary),
                upgraded_on=o.upgraded_on,
            )
        )
        share_fields_set(out[-1])  # as made: the memory freed holds the next
    return out, cmp_members
