"""Persons and member registrations (双报到): the rows of the bulk tables, drawn in bulk.

Person rows come in three blocks.  First each community's resident members
(from ``a_start``), whose first rows hold the community's posts in a fixed
order (see :mod:`partygraph.synthetic.posts`); then each unit's in-service
members (from ``b_start``; a unit's first member is its secretary); last the
captains who are not party members (from ``n_start``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partygraph.i18n import tr
from partygraph.synthetic.divisions import Geography
from partygraph.synthetic.draws import I64, Bools, Dice, Strs, dates, ids, starts, width
from partygraph.synthetic.households import Households
from partygraph.synthetic.names import person_names
from partygraph.synthetic.presets import Plan
from partygraph.synthetic.quotas import Quotas
from partygraph.synthetic.units import Units

__all__ = ["Persons", "Registrations", "make_persons", "registrations"]

Int8s = npt.NDArray[np.int8]

#: Share of in-service members who live in their unit's community (the rest: anywhere in the city).
_LIVE_NEARBY = 0.35
#: Share of members on probation; post holders are always full members.
_PROBATIONARY = 0.06
#: A unit's first members, always full members.
_UNIT_POSTS = 5
#: Share of registrations with a paired unit that go to its paired community.
_TO_PAIRED = 0.75


@dataclass
class Persons:
    """Per person: home community, household (-1: none), ``member`` (0 full, 1
    probationary, -1 not a member), organisation and unit rows (-1: none)."""

    a_start: I64
    b_start: I64
    n_start: I64
    n_a: int  # resident members
    n_b: int  # in-service members
    n_cadres: I64  # per community: its "two committees" cadres, the first resident rows
    unit_members: I64
    home: I64
    household: I64  # settled again for post holders, see posts.settle_holders
    member: Int8s
    org: I64
    unit: I64
    in_service: Bools
    ids: Strs
    names: Strs

    def pid(self, row: int) -> str:
        return str(self.ids[row])

    def name(self, row: int) -> str:
        return str(self.names[row])

    def cadre(self, rng: np.random.Generator, c: int) -> int:
        """A random "two committees" cadre of community ``c`` (a person row)."""
        return int(self.a_start[c]) + int(rng.integers(int(self.n_cadres[c])))

    def secretary_of(self, ui: int) -> int:
        """The person row of unit ``ui``'s secretary: its first member."""
        return int(self.b_start[ui])

    def staff(self, ui: int) -> list[int]:
        """The person rows of unit ``ui``'s members."""
        return [int(self.b_start[ui]) + j for j in range(int(self.unit_members[ui]))]


def make_persons(
    rng: np.random.Generator,
    geo: Geography,
    hh: Households,
    q: Quotas,
    rm: I64,
    units: Units,
    comm_org: list[int],
) -> Persons:
    """Everyone in the persons table: ``rm`` resident members per community, every unit's
    members, and the captains who are not members."""
    n_c = len(geo.comm_ids)
    um = np.array([u.members for u in units.items], dtype=np.int64)
    n_a, n_b = int(rm.sum()), int(um.sum())
    n_n = int(q.n_nonmember.sum())
    n = n_a + n_b + n_n
    a_start = starts(rm)
    b_start = starts(um) + n_a
    unit_of_b = np.repeat(np.arange(len(units.items)), um).astype(np.int64)
    home = np.concatenate(
        [
            np.repeat(np.arange(n_c), rm),
            _in_service_homes(rng, geo, units, unit_of_b),
            np.repeat(np.arange(n_c), q.n_nonmember),
        ]
    ).astype(np.int64)
    has_hh = hh.count[home] > 0
    in_home = hh.start[home] + np.floor(rng.random(n) * hh.count[home]).astype(np.int64)
    member = _membership(rng, n, rm, q.min_posts, um)
    unit_org = np.array(
        [u.org if u.org >= 0 else u.joint if u.joint >= 0 else u.fallback for u in units.items],
        dtype=np.int64,
    )
    none = np.full(n_n, -1, dtype=np.int64)
    in_service = np.zeros(n, dtype=np.bool_)
    in_service[n_a : n_a + n_b] = True
    return Persons(
        a_start=a_start,
        b_start=b_start,
        n_start=starts(q.n_nonmember.astype(np.int64)) + n_a + n_b,
        n_a=n_a,
        n_b=n_b,
        n_cadres=q.k_cad,
        unit_members=um,
        home=home,
        household=np.where(has_hh, in_home, -1),
        member=member,
        org=np.concatenate(
            [np.array(comm_org, dtype=np.int64)[home[:n_a]], unit_org[unit_of_b], none]
        ),
        unit=np.concatenate([np.full(n_a, -1, dtype=np.int64), unit_of_b, none]),
        in_service=in_service,
        ids=ids("p", n, width(n)),
        names=person_names(rng, n),
    )


def _membership(rng: np.random.Generator, n: int, rm: I64, min_posts: I64, um: I64) -> Int8s:
    """0 full member, 1 probationary, -1 not a member (the outsider captains, last).

    Post holders are full members: a community's first ``min_posts`` resident
    rows, and a unit's first five (its secretary, who also sits on bodies for
    it, among them).
    """
    n_a, n_b = int(rm.sum()), int(um.sum())
    member = (rng.random(n) < _PROBATIONARY).astype(np.int8)
    a_local = np.arange(n_a) - np.repeat(starts(rm), rm)
    member[:n_a][a_local < np.repeat(min_posts, rm)] = 0
    b_local = np.arange(n_b) - np.repeat(starts(um), um)
    member[n_a : n_a + n_b][b_local < _UNIT_POSTS] = 0
    member[n_a + n_b :] = -1
    return member


def _in_service_homes(
    rng: np.random.Generator, geo: Geography, units: Units, unit_of_b: I64
) -> I64:
    """Home community of each in-service member: near a resident unit, or anywhere in its city."""
    n_b = len(unit_of_b)
    b_comm = np.array([u.comm for u in units.items], dtype=np.int64)[unit_of_b]
    b_city = np.array([u.city for u in units.items], dtype=np.int64)[unit_of_b]
    anywhere = geo.city_comm_start[b_city] + np.floor(
        rng.random(n_b) * geo.city_comm_count[b_city]
    ).astype(np.int64)
    out: I64 = np.where((b_comm >= 0) & (rng.random(n_b) < _LIVE_NEARBY), b_comm, anywhere)
    return out


@dataclass
class Registrations:
    """Member registrations: person row, community, basis (0 paired unit, 1 residence)
    and date of each; ``by_comm`` the person rows sorted by community, each
    community's run from ``comm_start`` for ``comm_count``."""

    rows: I64
    comm: I64
    basis: Int8s
    date: npt.NDArray[np.datetime64]
    by_comm: I64
    comm_start: I64
    comm_count: I64


def registrations(plan: Plan, dice: Dice, people: Persons, units: Units) -> Registrations:
    """``plan.registrations`` full in-service members registered with a community.

    About 45% come from paired units, most of them to the paired community;
    the others register where they live.
    """
    rng = dice.rng
    n_a, n_b = people.n_a, people.n_b
    b_rows = np.arange(n_a, n_a + n_b)
    b_rows = b_rows[people.member[b_rows] == 0]
    if len(b_rows) < plan.registrations:
        raise ValueError(
            tr("synth.registrations", registrations=plan.registrations, members=len(b_rows))
        )
    paired = units.paired[people.unit[b_rows]]
    pri, rest = b_rows[paired], b_rows[~paired]
    n_pri = min(len(pri), round(0.45 * plan.registrations))
    n_pri = max(n_pri, plan.registrations - len(rest))
    rows = np.concatenate(
        [
            rng.choice(pri, n_pri, replace=False),
            rng.choice(rest, plan.registrations - n_pri, replace=False),
        ]
    ).astype(np.int64)
    rows.sort()
    unit_pairing = np.full(len(units.items), -1, dtype=np.int64)
    unit_pairing[units.mu_of_pairing] = np.arange(plan.pairings)
    pairing_of = unit_pairing[people.unit[rows]]
    link = (pairing_of >= 0) & (rng.random(len(rows)) < _TO_PAIRED)
    comm = np.where(link, units.pair_comm[np.maximum(pairing_of, 0)], people.home[rows])
    comm = comm.astype(np.int64)
    date = dates(dice.snapshot, rng.integers(15, 1460, len(rows)))
    order = np.argsort(comm, kind="stable")
    counts = np.bincount(comm, minlength=plan.communities)
    return Registrations(
        rows=rows,
        comm=comm,
        basis=np.where(link, 0, 1).astype(np.int8),
        date=date,
        by_comm=rows[order],
        comm_start=starts(counts.astype(np.int64)),
        comm_count=counts,
    )
