"""Deterministic synthetic models: the Yangjiang example and benchmark cities.

:func:`synth` builds a complete, valid :class:`~partygraph.model.Model` from a
few counts and a seed: the four-level hierarchy with residents' groups, grids
and compounds; party organisations from the city committee down to grid and
compound branches; expanded bodies (大工委, 大党委); resident and municipal
units; "1+3" and "1+N" teams; captains, central households, reserve cadres and
volunteer teams; unit pairings and member registrations (双报到); the
five-level service-centre matrix; whistle departments; and, where asked, the
bulk tables of households and persons.

Every display name is Chinese and *synthetic*: it is put together from name
parts (南恩街道, 东风社区, 碧桂花园, 陈伟明) and describes no real place or person
— except in a preset on real divisions (``"yangjiang"``), whose city, counties,
subdistricts and communities are the official ones with their statistical
codes as ids (:mod:`~partygraph.synthetic.yangjiang`); all below them is still
synthetic.  The same arguments always give the same model.

A share ``gaps`` of things is deliberately left missing so that checks have
something to find (see :func:`synth`).

Coordinates (``x``, ``y`` of compounds and service centres) are metres on a
local plane, east and north of the first city's centre.

This module holds the entry point and the order of the stages; each stage
lives in a module of its own (:mod:`~partygraph.synthetic.divisions`,
:mod:`~partygraph.synthetic.units`, ...).  All of them draw from one random
generator, so that order *is* the model: moving a stage changes every model.

Examples
--------
>>> m = synth(communities=4, households=400, seed=7)
>>> m.count("households"), sum(d.level == "community" for d in m.divisions)
(400, 4)
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from partygraph.model import Model, share_fields_set
from partygraph.synthetic.bodies import community_body, subdistrict_body
from partygraph.synthetic.catalogue import DEPTS_COMMUNITY, DEPTS_DISTRICT, DEPTS_SUBDISTRICT
from partygraph.synthetic.divisions import division_records, geography
from partygraph.synthetic.draws import Dice
from partygraph.synthetic.grids import residents_group_records, structure
from partygraph.synthetic.households import place_households
from partygraph.synthetic.names import Names
from partygraph.synthetic.orgs import make_orgs, resident_members
from partygraph.synthetic.pairings import make_pairings
from partygraph.synthetic.persons import make_persons, registrations
from partygraph.synthetic.posts import (
    central_households,
    grid_posts,
    places_and_captains,
    reserve_cadres,
    settle_holders,
)
from partygraph.synthetic.presets import GENERIC_DESCRIPTION, Plan, make_plan
from partygraph.synthetic.quotas import allocate, draw_gaps, draw_volunteering
from partygraph.synthetic.records import (
    company_instructors,
    compound_records,
    party_org_records,
    unit_records,
)
from partygraph.synthetic.services import (
    add_departments,
    community_centres,
    county_centre,
    issue_categories,
    subdistrict_centre,
)
from partygraph.synthetic.tables import population, visits
from partygraph.synthetic.teams import community_teams, volunteer_teams
from partygraph.synthetic.town import Sections, Town
from partygraph.synthetic.units import make_units

__all__ = ["build", "synth"]


def synth(
    *,
    communities: int = 136,
    subdistricts: int | None = None,
    households: int = 0,
    members: int | None = None,
    seed: int = 0,
    gaps: float = 0.05,
    preset: str | None = None,
) -> Model:
    """Generate a valid, realistic synthetic model.

    Parameters
    ----------
    communities
        Number of communities 社区.  Counts of captains, central households,
        pairings and so on scale with it at Yangjiang's rates.
    subdistricts
        Number of subdistricts 街道 (default: one per about 13.6 communities).
        County-level units hold about two subdistricts each; a city holds up
        to seven county-level units, the first 40% of them districts.
    households
        Total household rows, spread over all communities (0: no households
        table).  With a preset, 0 keeps the preset's number.
    members
        Party members in the persons table.  Default: about one resident
        member per 10 households (at least what the posts need), plus the
        members of every unit, who are the in-service members.
    seed
        Seed of :func:`numpy.random.default_rng`; same arguments, same model.
    gaps
        Share of things deliberately left missing so that checks find
        something: grid leaders vacant; service items without a responsible
        person; compounds with a property company but no owners' committee or
        an incomplete (or no) "1+3" team; captains missing one of the four
        duties; expanded bodies and teams whose last meeting is stale;
        central-household visits older than a quarter; community and unit
        branches of 50 members and more; units of 3+ members without an
        organisation; small units and compounds with neither organisation nor
        instructor; compounds far from every service site; households in no
        grid; community centres without weekend duty; pairings unsigned or
        expired; an issue category (高空抛物) and, in some counties, water and
        power with no responder.  Communities without a paired unit occur
        naturally.  ``gaps=0`` gives a model without deliberate gaps.
    preset
        A name in :data:`PRESETS` (``"yangjiang"``): its counts are used, and
        ``communities``/``subdistricts`` must be left unset; non-default
        ``households``, ``members``, ``seed`` and ``gaps`` override it.

    Returns
    -------
    Model
        Ids are short ASCII (``sd01``, ``sd01-c03``, ``sd01-c03-g02``,
        ``h000123``, ``p000123``; on real divisions the codes: ``441702001``,
        ``441702001001``, ``441702001001-g02``), every name is Chinese and
        synthetic (but real divisions'), and every reference resolves.
        ``Model.snapshot`` is 2023-06-30; dates are relative to it.

    Raises
    ------
    ValueError
        For an unknown preset, inconsistent counts, or ``members`` too few
        for the posts and units of the model.

    Examples
    --------
    >>> m = synth(communities=3, households=300, seed=1)
    >>> m.count("households"), m.count("expanded_bodies")
    (300, 4)
    >>> sorted({c.level for c in m.service_centres})[:3]
    ['area', 'community', 'compound']
    >>> synth(communities=3, seed=1) == synth(communities=3, seed=1)
    True
    """
    plan = make_plan(
        communities=communities,
        subdistricts=subdistricts,
        households=households,
        members=members,
        seed=seed,
        gaps=gaps,
        preset=preset,
    )
    return build(plan)


def build(plan: Plan) -> Model:
    """The model of ``plan``: the stages in their fixed order (see the module docstring)."""
    t = _draw_town(plan)
    for c in range(plan.communities):
        made = _lengths(t.out)
        _community(t, c)
        _share_since(t.out, made)
    made = _lengths(t.out)
    _upper_levels(t)
    _share_since(t.out, made)
    centres = t.out.service_centres
    missing = any(item.responsible is None for centre in centres for item in centre.items)
    if plan.gaps > 0 and not missing and centres[0].items:
        # every kind of gap at least once: one service item without a responsible person
        centres[0].items[0].responsible = None
    # the last draws, in this order: visits, instructors, committees, model communities, compounds
    links = visits(t)
    company_instructors(t)
    orgs, cmp_members = party_org_records(t)
    divisions = division_records(t.geo, t.dice.rng, plan.model_communities)
    divisions += residents_group_records(t.geo, t.st)
    units = unit_records(t)
    compounds = compound_records(t, cmp_members)
    cities = t.geo.city_names
    city = cities[0] if len(cities) == 1 else f"{cities[0]}等"
    out = t.out
    return Model(
        name=plan.name or f"{city}城市基层党建（合成数据）",
        description=plan.description or GENERIC_DESCRIPTION,
        snapshot=plan.snapshot,
        divisions=divisions,
        units=units,
        compounds=compounds,
        party_orgs=orgs,
        expanded_bodies=out.expanded_bodies,
        grids=out.grids,
        teams=out.teams,
        places=out.places,
        captains=out.captains,
        central_households=out.central_households,
        pairings=out.pairings,
        service_centres=out.service_centres,
        issue_categories=issue_categories(),
        departments=out.departments,
        volunteer_teams=out.volunteer_teams,
        reserve_cadres=out.reserve_cadres,
        population=population(t, links),
    )


def _lengths(out: Sections) -> dict[str, int]:
    """How many records each section of ``out`` holds now."""
    return {name: len(items) for name, items in vars(out).items()}


def _share_since(out: Sections, lengths: dict[str, int]) -> None:
    """:func:`_share` the records added to ``out`` since it held ``lengths``."""
    for name, items in vars(out).items():
        if items and isinstance(items[0], BaseModel):
            _share(items[lengths[name] :])


def _share(records: Iterable[BaseModel]) -> None:
    """Let records that gave the same fields share one set of them, nested
    records too (:func:`~partygraph.model.share_fields_set`): a few hundred
    bytes a record, a gigabyte of a province's 2.5 million (docs/performance.md).
    Done as they are made, so that the memory freed holds the next ones."""
    for record in records:
        share_fields_set(record)
        for value in record.__dict__.values():
            if type(value) is list and value and isinstance(value[0], BaseModel):
                _share(value)


def _draw_town(plan: Plan) -> Town:
    """The stages before the per-community pass: hierarchy, structure, households,
    quotas, units, organisations, persons, registrations, gaps."""
    dice = Dice(plan.seed, plan.gaps, plan.snapshot)
    names = Names()
    geo = geography(plan, dice.rng, names)
    st = structure(dice, geo)
    hh = place_households(plan, dice, geo, st)
    q = allocate(plan, dice.rng, st, hh)
    units = make_units(plan, dice, names, geo, st)
    orgs = make_orgs(dice, geo, st, q, units)
    rm = resident_members(plan, dice, geo, hh, q, units, orgs)
    people = make_persons(dice.rng, geo, hh, q, rm, units, orgs.comm)
    regs = registrations(plan, dice, people, units)
    gaps = draw_gaps(plan, dice, geo, st, q)
    vols = draw_volunteering(plan, dice.rng, q)
    return Town(plan, dice, geo, st, hh, q, units, orgs, people, regs, gaps, vols)


def _community(t: Town, c: int) -> None:
    """Posts, grids, places, teams, bodies, centres and departments of community ``c``."""
    settle_holders(t, c)
    grid_posts(t, c)
    central_households(t, c)
    reserve_cadres(t, c)
    places_and_captains(t, c)
    community_teams(t, c)
    community_body(t, c)
    community_centres(t, c)
    volunteer_teams(t, c)
    add_departments(t, t.geo.comm_ids[c], t.geo.comm_names[c], "community", DEPTS_COMMUNITY)


def _upper_levels(t: Town) -> None:
    """Secretaries, centres, departments and bodies of counties, cities and
    subdistricts, then the pairings."""
    geo, orgs, people = t.geo, t.orgs, t.people
    for k, (kid, name) in enumerate(zip(geo.county_ids, geo.county_names, strict=True)):
        gov = t.units.county_gov0 + k
        orgs.items[orgs.county[k]].secretary = people.secretary_of(gov)
        if geo.county_district[k]:
            county_centre(t, k, people.staff(gov))
        no_water = bool(t.gaps.no_water[k])
        add_departments(t, kid, name, "district", DEPTS_DISTRICT, skip_last=no_water)
    for i in range(len(geo.city_names)):
        orgs.items[orgs.city[i]].secretary = people.secretary_of(i)  # the city's own office
    for s, (sid, name) in enumerate(zip(geo.sd_ids, geo.sd_names, strict=True)):
        gov = t.units.sd_gov0 + 2 * s
        staff = people.staff(gov)
        orgs.items[orgs.sd[s]].secretary = staff[0]
        subdistrict_centre(t, s, staff)
        add_departments(t, sid, name, "subdistrict", DEPTS_SUBDISTRICT)
        subdistrict_body(t, s, gov, staff)
    make_pairings(t)
