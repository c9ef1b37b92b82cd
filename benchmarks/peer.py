"""The peer: the built-in rules as plain Python loops over a networkx graph.

This is the straightforward implementation partygraph's columnar engine
(:func:`partygraph.rules.check.check`) is measured and tested against: a
``networkx.MultiDiGraph`` with one node per household and person
(``model.to_networkx(population=True)``, see ``docs/model.md``) and every rule
of the ``regulations`` and ``yangjiang`` packs written out by hand as a loop
over nodes and their adjacency.  It uses no numpy and nothing of
``partygraph.index`` or ``partygraph.rules``; the thresholds below are the
packs' defaults (``src/partygraph/rules/packs/*.yaml``).

Conventions shared with the engine, so that answers can be compared exactly:

- a finding is ``(rule id, node id, value)``; household rules report one
  finding per community: the number of its households that fail;
- ``value`` is what was found: a count for "at least / at most" rules, the
  number of days since a meeting (``None``: never), the missing duties or
  issue categories as Chinese names joined by "、", ``None`` for a vacant post;
- coverage is ``(covered, total)`` per rule and division of the city, county,
  subdistrict and community levels, over the nodes the rule applies to whose
  home lies at or under the division (rows with no such node are left out);
  a node with no home division of its own counts towards the only city;
- an organisation's *anchor* (which rules about forms and secretaries apply) is
  the compound, unit or grid it is the organisation of (its ``compound``,
  ``unit``, ``grid``), else its division's level; a joint branch 联合党支部 with
  none of these is anchored in the units it spans (``unit``: a basic
  organisation, so it needs a secretary and its member count decides its form).
  Its *home* (where coverage counts it) follows ``division``, ``compound``,
  ``unit``, ``grid``; without any of these, the lowest division that holds the
  homes of all the units it spans (a joint branch of one community's units is
  counted in that community); else its parent organisation's home; else the city;
- related nodes are counted once each: a unit listed twice in a joint branch is
  one unit covered.  The graph keeps one edge per (source, target, key), so
  this comes for free;
- a central-household link written on two rows was last visited on the later
  of their dates.  The graph collapses such rows into one edge that keeps only
  one date, so :func:`build_peer_graph` writes every row's date on the edge
  (``visits``), read from the model's link table row by row.

Examples
--------
>>> import datetime as dt
>>> from partygraph.model import Model, Division, Grid
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city")],
...           grids=[Grid(id="g", name="一网格", community="c")])
>>> r = peer_check(m, snapshot=dt.date(2024, 6, 30))
>>> r.findings
[('grid.leader', 'g', 0)]
>>> r.coverage[("grid.leader", "c")]
(0, 1)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from partygraph.vocabulary import REGISTRATION_BASIS  # the basis codes, declared once
from partygraph.vocabulary.items import item_key  # the items' vocabulary, declared once

if TYPE_CHECKING:
    from partygraph.model import Model
    from partygraph.model.report import Report

__all__ = [
    "DEFAULTS",
    "RULES",
    "PeerResult",
    "build_peer_graph",
    "peer_check",
    "report_view",
]

Value = int | float | str | None
#: ``(rule id, node id, value)``.
Finding = tuple[str, str, Value]
#: ``(rule id, division id) -> (covered, total)``.
Coverage = dict[tuple[str, str], tuple[int, int]]
#: A rule over one node: ``None`` when it does not apply, else (passed, value).
Outcome = tuple[bool, Value] | None

#: Parameters and their defaults, as the two built-in packs set them.
DEFAULTS: dict[str, float] = {
    # regulations
    "setup_min_full_members": 3,
    "joint_branch_max_units": 5,
    "branch_committee_min_full_members": 7,
    "branch_committee_min_size": 3,
    "branch_committee_max_size": 7,
    "branch_max_members": 50,
    "general_branch_min_members": 50,
    "general_branch_committee_max_size": 9,
    "committee_min_members": 100,
    "committee_committee_min_size": 5,
    "committee_committee_max_size": 9,
    # yangjiang
    "part_time_members_min": 1,
    "meeting_days": 92,
    "visit_days": 92,
    "service_items_min": 10,
    "service_items_max": 20,
    "service_circle_minutes": 10,
    "walking_speed_kmh": 5,
    "detour_factor": 1.3,
}

LEVELS = ("city", "county", "subdistrict", "community")
DIVISION_KINDS = frozenset({*LEVELS, "residents_group"})
#: The captains' four duties 四包, in order, with their Chinese names.
DUTIES: dict[str, str] = {
    "sanitation": "包环境卫生",
    "publicity": "包政策宣传",
    "patrol": "包治安巡逻",
    "traffic": "包交通协管",
}
#: Units that are part of the community's own governance, not resident units.
NOT_RESIDENT_UNITS = frozenset({"residents_committee", "owners_committee"})
#: The "3" of a "1+3" team.
TEAM_1P3 = frozenset({"residents_committee", "owners_committee", "property_company"})
EXPANDED = frozenset({"expanded_working_committee", "expanded_committee"})
#: Anchors of organisations whose form follows their member count.
BASIC_ANCHORS = frozenset({"community", "compound", "unit", "grid"})
#: Anchors of organisations that must have a secretary.
SECRETARY_ANCHORS = frozenset({"subdistrict", "community", "compound", "unit", "grid"})
SECRETARY_FORMS = frozenset({"working_committee", "committee", "general_branch", "branch"})
#: Whistle levels: the community, its subdistrict, its county-level unit.
WHISTLE_LEVELS = frozenset({"community", "subdistrict", "county"})


@dataclass(frozen=True)
class PeerResult:
    """What the peer found: sorted findings, coverage and the graph's size."""

    findings: list[Finding]
    coverage: Coverage
    nodes: int
    edges: int


def build_peer_graph(model: Model) -> nx.MultiDiGraph:
    """The graph the peer works on: the model with every household and person.

    Two things the graph's edges cannot tell are written on it from the model:
    each organisation's own unit (``own_unit``: its ``unit``, as opposed to the
    ``joint_units`` it spans, both ``covers`` edges), and on each ``linked_to``
    edge ``visits``, the visit dates (ISO text) of every row of the link table for
    that central household and household, so that a link written on two rows
    keeps both dates (the edge itself keeps one); likewise on each
    ``registered_at`` edge ``rows``, the (basis, unit id or ``None``) of every row
    of the registrations table for that person and community.
    """
    g = model.to_networkx(population=True)
    g.graph["coordinate_unit"] = model.coordinates.unit
    g.graph["own_units"] = True  # organisations without ``own_unit`` have none
    for org in model.party_orgs:
        if org.unit is not None and org.unit in g:
            g.nodes[org.id]["own_unit"] = org.unit
    links = model.population["central_household_links"]
    households = model.population["households"]["id"].tolist()
    centrals = [c.id for c in model.central_households]
    rows = zip(
        links["central_household"].tolist(),
        links["household"].tolist(),
        links["last_visit"].tolist(),
        strict=True,
    )
    for central, household, visit in rows:
        keys = g.get_edge_data(centrals[central], str(households[household])) or {}
        edge = keys.get("linked_to")
        if edge is None:
            continue  # outside the graph (a population restricted to a subtree)
        dates = edge.setdefault("visits", ())
        if visit is not None:
            edge["visits"] = (*dates, visit.isoformat())
    _write_registrations(model, g)
    return g


def _write_registrations(model: Model, g: nx.MultiDiGraph) -> None:
    """Every registration row, on its ``registered_at`` edge (see above)."""
    reg = model.population["registrations"]
    persons = model.population["persons"]["id"].tolist()
    rows = zip(
        reg["person"].tolist(),
        reg["community"].tolist(),
        reg["basis"].tolist(),
        reg["unit"].tolist(),
        strict=True,
    )
    for person, community, basis, unit in rows:
        if person < 0 or community < 0:
            continue
        keys = g.get_edge_data(str(persons[person]), model.divisions[community].id) or {}
        edge = keys.get("registered_at")
        if edge is None:
            continue
        row = (REGISTRATION_BASIS[basis], model.units[unit].id if unit >= 0 else None)
        edge["rows"] = (*edge.get("rows", ()), row)


class Peer:
    """A graph with the lookups the rules need, each a loop over adjacency."""

    def __init__(
        self, g: nx.MultiDiGraph, snapshot: dt.date | None, params: dict[str, float] | None
    ) -> None:
        self.g = g
        self.snapshot = snapshot
        self.params = {**DEFAULTS, **(params or {})}
        self.by_kind: dict[str, list[str]] = {}
        for node, kind in g.nodes(data="kind"):
            self.by_kind.setdefault(kind, []).append(node)
        cities = self.by_kind.get("city", [])
        self.root = cities[0] if len(cities) == 1 else None
        self._chains: dict[str, list[str]] = {}
        self._homes: dict[str, str | None] = {}
        self._meetings_given: bool | None = None
        self._visits_given: bool | None = None

    # -- nodes and edges -------------------------------------------------------
    def nodes(self, kind: str) -> list[str]:
        return self.by_kind.get(kind, [])

    def kind(self, node: str) -> str:
        return str(self.g.nodes[node]["kind"])

    def attr(self, node: str, name: str, default: Any = None) -> Any:
        return self.g.nodes[node].get(name, default)

    def out(self, node: str, key: str, kind: str | None = None) -> list[str]:
        """Targets of ``node``'s edges keyed ``key`` (a relation, or ``held_by:<role>``)."""
        return [
            v
            for v, keys in self.g.succ[node].items()
            if key in keys and (kind is None or self.kind(v) == kind)
        ]

    def into(self, node: str, key: str, kind: str | None = None) -> list[str]:
        """Sources of the edges keyed ``key`` that end at ``node``."""
        return [
            u
            for u, keys in self.g.pred[node].items()
            if key in keys and (kind is None or self.kind(u) == kind)
        ]

    def has_post(self, node: str, role: str) -> bool:
        return any(f"held_by:{role}" in keys for keys in self.g.succ[node].values())

    # -- where a node sits ---------------------------------------------------------
    def parent(self, node: str) -> str | None:
        """The division that contains ``node``, if any."""
        found = [u for u in self.into(node, "contains") if self.kind(u) in DIVISION_KINDS]
        return found[0] if found else None

    def covered(self, org: str) -> dict[str, list[str]]:
        """What an organisation covers, by kind (``division`` for any level)."""
        out: dict[str, list[str]] = {}
        for target in self.out(org, "covers"):
            kind = self.kind(target)
            out.setdefault("division" if kind in DIVISION_KINDS else kind, []).append(target)
        return out

    def _step_home(self, node: str, kind: str) -> str | None:
        """The next node on the way from ``node`` to its home division."""
        if kind == "party_org":
            return self._org_step(node)
        if kind == "pairing":
            return next(iter(self.out(node, "paired_community")), None)
        if kind == "service_item":
            return next(iter(self.into(node, "offers")), None)
        if kind == "service_centre" and self.parent(node) is None:
            return next(iter(self.out(node, "serves", "compound")), None)
        return self.parent(node)

    def home(self, node: str) -> str | None:
        """The division a node is counted under (``None``: nowhere)."""
        if node not in self._homes:
            self._homes[node] = self._find_home(node)
        return self._homes[node]

    def _find_home(self, node: str) -> str | None:
        seen: set[str] = set()
        while node not in seen:  # a cycle places nowhere: the city
            seen.add(node)
            kind = self.kind(node)
            if kind in DIVISION_KINDS:
                return node
            step = self._step_home(node, kind)
            if step is None:
                break
            node = step
        return self.root

    def _org_step(self, org: str) -> str | None:
        """Where an organisation is counted: its division, compound, own unit or
        grid (the first there is); else the lowest division over the homes of the
        units it spans (a joint branch); else where its parent organisation is."""
        cov = self.covered(org)
        own = self.own_units(org)
        for anchors in (cov.get("division"), cov.get("compound"), own, cov.get("grid")):
            if anchors:
                return anchors[0]
        spanned = [u for u in cov.get("unit", []) if u not in own]
        common = self.lowest_common([self.home(u) for u in spanned]) if spanned else None
        if common is not None:
            return common
        return next(iter(self.into(org, "leads", "party_org")), None)

    def lowest_common(self, divisions: list[str | None]) -> str | None:
        """The lowest division that is, or contains, each of ``divisions``
        (``None``: there is none, or one of them is ``None``)."""
        if any(d is None for d in divisions):
            return None
        lines = [self.line_up(d) for d in divisions if d is not None]
        return next((d for d in lines[0] if all(d in line for line in lines[1:])), None)

    def line_up(self, division: str) -> list[str]:
        """The division, the one containing it, and so on to the top (any level)."""
        out: list[str] = []
        cur: str | None = division
        while cur is not None and cur not in out:
            out.append(cur)
            cur = self.parent(cur)
        return out

    def chain(self, division: str) -> list[str]:
        """The division and its ancestors at the city ... community levels."""
        if division not in self._chains:
            out: list[str] = []
            cur: str | None = division
            while cur is not None:
                if self.kind(cur) in LEVELS:
                    out.append(cur)
                cur = self.parent(cur)
            self._chains[division] = out
        return self._chains[division]

    def community_of(self, household: str) -> str | None:
        """A household's community (its container, or its residents' group's parent)."""
        container = self.parent(household)
        chain = self.chain(container) if container is not None else []
        return next((d for d in chain if self.kind(d) == "community"), None)

    # -- anchors and members ---------------------------------------------------------
    def own_units(self, org: str) -> list[str]:
        """The unit an organisation is the organisation of (its ``unit``), not the
        units a joint branch spans (``joint_units``): both are ``covers`` edges, so
        :func:`build_peer_graph` notes the first as ``own_unit``; on a graph it did
        not build, every unit a non-joint organisation covers is its own."""
        units = self.out(org, "covers", "unit")
        if self.g.graph.get("own_units"):
            return [u for u in units if u == self.attr(org, "own_unit")]
        return [] if self.attr(org, "joint", False) else units

    def anchor(self, org: str) -> str | None:
        """What an organisation is set up in: its compound, unit or grid, else its
        division's level; with none of these, the units it spans (a joint branch)."""
        cov = self.covered(org)
        if "compound" in cov:
            return "compound"
        if self.own_units(org):
            return "unit"
        if "grid" in cov:
            return "grid"
        if "division" in cov:
            return self.kind(cov["division"][0])
        return "unit" if "unit" in cov else None

    def org_members(self, org: str, *, full_only: bool) -> int | None:
        """Members of an organisation: as declared where given, else counted
        from the persons who name it."""
        if self.attr(org, "form") in EXPANDED:
            return None
        fields = ("members_full",) if full_only else ("members_full", "members_probationary")
        declared = [self.attr(org, f) for f in fields]
        if any(d is not None for d in declared):
            return sum(int(d) for d in declared if d is not None)
        return sum(1 for p in self.into(org, "member_of") if self._counts(p, full_only))

    def _counts(self, person: str, full_only: bool) -> bool:
        member = self.attr(person, "member")
        return member == "full" if full_only else member is not None

    def full_members(self, node: str) -> int:
        """Full members of a unit (where they work) or compound (where they live),
        as declared where given, else counted from the persons."""
        declared = self.attr(node, "members_full")
        if declared is not None:
            return int(declared)
        if self.kind(node) == "unit":
            people = self.into(node, "works_at")
        else:
            people = [p for h in self.into(node, "in_compound") for p in self.into(h, "lives_in")]
        return sum(1 for p in people if self.attr(p, "member") == "full")

    # -- dates -----------------------------------------------------------------------
    def days_since_meeting(self, org: str) -> float | None:
        """Days since an expanded body last met (infinite: never); ``None`` when no
        organisation lists a meeting or there is no reference date."""
        if self._meetings_given is None:
            orgs = self.nodes("party_org")
            self._meetings_given = any(self.attr(o, "last_meeting") for o in orgs)
        if self.snapshot is None or not self._meetings_given:
            return None
        last = self.attr(org, "last_meeting")
        return math.inf if last is None else float(self._days(last))

    @staticmethod
    def visits(link: dict[str, Any]) -> tuple[str, ...]:
        """Visit dates of a ``linked_to`` edge: every row's (``visits``, written by
        :func:`build_peer_graph`), else the one date the edge kept."""
        if "visits" in link:
            return tuple(link["visits"])
        return (link["last_visit"],) if link.get("last_visit") else ()

    def days_since_visit(self, household: str) -> float | None:
        """Days since the stalest of a household's links was last visited: each
        link counts its latest date (infinite: a link without any); ``None`` when
        no link has a date or there is no reference date."""
        if self._visits_given is None:
            edges = self.g.edges(keys=True, data=True)
            self._visits_given = any(k == "linked_to" and self.visits(d) for _, _, k, d in edges)
        if self.snapshot is None or not self._visits_given:
            return None
        worst = -math.inf
        for keys in self.g.pred[household].values():
            if "linked_to" in keys:
                dates = self.visits(keys["linked_to"])
                days = min((self._days(d) for d in dates), default=math.inf)  # the latest
                worst = max(worst, days)
        return worst

    def _days(self, iso: str) -> int:
        assert self.snapshot is not None
        return (self.snapshot - dt.date.fromisoformat(iso)).days


# -- helpers for rules ------------------------------------------------------------------
def at_least(count: int, low: float) -> tuple[bool, Value]:
    return count >= low, count


def at_most(count: int | float, high: float) -> tuple[bool, Value]:
    return count <= high, count


def resident_unit(p: Peer, unit: str) -> bool:
    """A resident unit: neither municipal nor a residents' or owners' committee."""
    return not p.attr(unit, "municipal", False) and p.attr(unit, "type") not in NOT_RESIDENT_UNITS


def orgs_covering(p: Peer, node: str, *, own_only: bool = False) -> int:
    """Party organisations covering ``node``; ``own_only`` leaves out joint branches."""
    orgs = p.into(node, "covers", "party_org")
    return sum(1 for o in orgs if not (own_only and p.attr(o, "joint", False)))


def org_or_instructor(p: Peer, node: str) -> tuple[bool, Value]:
    """Work coverage: an organisation (own or joint), or else an instructor."""
    orgs = orgs_covering(p, node)
    return orgs >= 1 or p.has_post(node, "instructor"), orgs


def form_is(p: Peer, org: str, *forms: str) -> bool:
    return p.attr(org, "form") in forms


# -- regulations ------------------------------------------------------------------------
def unit_set_up(p: Peer, unit: str) -> Outcome:
    if not resident_unit(p, unit) or p.full_members(unit) < p.params["setup_min_full_members"]:
        return None
    return at_least(orgs_covering(p, unit, own_only=True), 1)


def compound_set_up(p: Peer, compound: str) -> Outcome:
    if p.full_members(compound) < p.params["setup_min_full_members"]:
        return None
    return at_least(orgs_covering(p, compound, own_only=True), 1)


def unit_joint_or_instructor(p: Peer, unit: str) -> Outcome:
    if not resident_unit(p, unit):
        return None
    if not 1 <= p.full_members(unit) < p.params["setup_min_full_members"]:
        return None
    return org_or_instructor(p, unit)


def compound_joint_or_instructor(p: Peer, compound: str) -> Outcome:
    if not 1 <= p.full_members(compound) < p.params["setup_min_full_members"]:
        return None
    return org_or_instructor(p, compound)


def branch_joint_units(p: Peer, org: str) -> Outcome:
    if not p.attr(org, "joint", False):
        return None
    return at_most(len(p.out(org, "covers", "unit")), p.params["joint_branch_max_units"])


def unit_organisational_coverage(p: Peer, unit: str) -> Outcome:
    return at_least(orgs_covering(p, unit), 1) if resident_unit(p, unit) else None


def compound_organisational_coverage(p: Peer, compound: str) -> Outcome:
    return at_least(orgs_covering(p, compound), 1)


def unit_work_coverage(p: Peer, unit: str) -> Outcome:
    return org_or_instructor(p, unit) if resident_unit(p, unit) else None


def compound_work_coverage(p: Peer, compound: str) -> Outcome:
    return org_or_instructor(p, compound)


def branch_committee(p: Peer, org: str) -> Outcome:
    if not form_is(p, org, "branch"):
        return None
    full = p.org_members(org, full_only=True)
    if full is None or full < p.params["branch_committee_min_full_members"]:
        return None
    return at_least(int(p.attr(org, "committee_members", 0)), p.params["branch_committee_min_size"])


def branch_committee_size(p: Peer, org: str) -> Outcome:
    if not form_is(p, org, "branch"):
        return None
    return at_most(int(p.attr(org, "committee_members", 0)), p.params["branch_committee_max_size"])


def general_branch_committee_size(p: Peer, org: str) -> Outcome:
    if not form_is(p, org, "general_branch"):
        return None
    size = int(p.attr(org, "committee_members", 0))
    return at_most(size, p.params["general_branch_committee_max_size"])


def committee_committee_size(p: Peer, org: str) -> Outcome:
    """A basic committee's elected committee: between the two sizes, both included."""
    if not form_is(p, org, "committee") or p.anchor(org) not in BASIC_ANCHORS:
        return None
    size = int(p.attr(org, "committee_members", 0))
    low, high = p.params["committee_committee_min_size"], p.params["committee_committee_max_size"]
    return low <= size <= high, size


def branch_size(p: Peer, org: str) -> Outcome:
    members = p.org_members(org, full_only=False)
    if not form_is(p, org, "branch") or members is None:
        return None
    return at_most(members, p.params["branch_max_members"])


def basic_members(p: Peer, org: str, *forms: str) -> int | None:
    """Members of an organisation of ``forms`` set up in a community, compound,
    unit or grid (``None`` for any other)."""
    if not form_is(p, org, *forms) or p.anchor(org) not in BASIC_ANCHORS:
        return None
    return p.org_members(org, full_only=False)


def branch_upgrade_general_branch(p: Peer, org: str) -> Outcome:
    members = basic_members(p, org, "branch")
    if members is None or members >= p.params["committee_min_members"]:
        return None
    return members < p.params["general_branch_min_members"], members


def org_upgrade_committee(p: Peer, org: str) -> Outcome:
    members = basic_members(p, org, "branch", "general_branch")
    if members is None:
        return None
    return members < p.params["committee_min_members"], members


def committee_below_threshold(p: Peer, org: str) -> Outcome:
    """Applies unless the higher organisation approved the committee (``approved_on``)."""
    members = basic_members(p, org, "committee")
    if members is None or p.attr(org, "approved_on") is not None:
        return None
    return at_least(members, p.params["committee_min_members"])


def general_branch_below_threshold(p: Peer, org: str) -> Outcome:
    members = p.org_members(org, full_only=False)
    if not form_is(p, org, "general_branch") or members is None:
        return None
    if p.attr(org, "approved_on") is not None:  # approved below the threshold
        return None
    return at_least(members, p.params["general_branch_min_members"])


def org_members_listed(p: Peer, org: str) -> Outcome:
    """A declared full-member count against the persons who name the organisation."""
    declared = p.attr(org, "members_full")
    listed = p.into(org, "member_of")
    if declared is None or not listed:
        return None
    gap = int(declared) - sum(1 for x in listed if p.attr(x, "member") == "full")
    return gap == 0, gap


# -- yangjiang --------------------------------------------------------------------------
def has_expanded(p: Peer, division: str, form: str) -> tuple[bool, Value]:
    orgs = p.into(division, "covers", "party_org")
    return at_least(sum(1 for o in orgs if p.attr(o, "form") == form), 1)


def subdistrict_expanded_working_committee(p: Peer, division: str) -> Outcome:
    return has_expanded(p, division, "expanded_working_committee")


def community_expanded_committee(p: Peer, division: str) -> Outcome:
    return has_expanded(p, division, "expanded_committee")


def expanded_part_time_member(p: Peer, org: str) -> Outcome:
    if not form_is(p, org, *EXPANDED):
        return None
    # What is counted is the resident units drawn in (吸纳驻区单位党组织负责人担任
    # 兼职委员): the distinct units the part-time members sit for.  Two members
    # from one unit bring in one unit; one member sitting for two units, two.
    units = p.out(org, "on_behalf_of", "unit")
    return at_least(len(units), p.params["part_time_members_min"])


def sits_for(p: Peer, body: str, unit: str) -> bool:
    """A part-time member sits on behalf of ``unit``, or a full-time member works there."""
    staff = p.out(body, "held_by:full_time_member", "person")
    return unit in p.out(body, "on_behalf_of", "unit") or any(
        unit in p.out(x, "works_at", "unit") for x in staff
    )


def unit_expanded_seat(p: Peer, unit: str) -> Outcome:
    """A resident unit with an organisation of its own: the expanded bodies of its
    community and subdistrict in which someone sits for it."""
    if not resident_unit(p, unit) or orgs_covering(p, unit, own_only=True) == 0:
        return None
    division = p.parent(unit)
    line = p.chain(division) if division is not None else []
    homes = [d for d in line if p.kind(d) in ("community", "subdistrict")]
    if not homes:
        return None
    bodies = {
        o for d in homes for o in p.into(d, "covers", "party_org") if form_is(p, o, *EXPANDED)
    }
    return at_least(sum(1 for b in bodies if sits_for(p, b, unit)), 1)


def expanded_quarterly_meeting(p: Peer, org: str) -> Outcome:
    days = p.days_since_meeting(org) if form_is(p, org, *EXPANDED) else None
    if days is None:
        return None
    return days <= p.params["meeting_days"], None if math.isinf(days) else int(days)


def compound_team_1p3(p: Peer, compound: str) -> Outcome:
    if not p.out(compound, "managed_by"):
        return None
    teams = [t for t in p.into(compound, "serves", "team") if p.attr(t, "type") == "1+3"]
    complete = [t for t in teams if {p.attr(u, "type") for u in p.out(t, "includes")} >= TEAM_1P3]
    return at_least(len(complete), 1)


def grid_leader(p: Peer, grid: str) -> Outcome:
    leaders = p.out(grid, "held_by:leader", "person")
    return at_least(sum(1 for x in leaders if p.attr(x, "member") is not None), 1)


def household_grid_leader(p: Peer, household: str) -> Outcome:
    """A household in a grid: does that grid have a leader who is a party member?"""
    grids = p.out(household, "in_grid")
    if not grids:
        return None
    return any(grid_leader(p, g)[0] for g in grids), None


def household_residents_group(p: Peer, household: str) -> Outcome:
    container = p.parent(household)
    return container is not None and p.kind(container) == "residents_group", None


def household_grid(p: Peer, household: str) -> Outcome:
    return bool(p.out(household, "in_grid")), None


def place_captain(p: Peer, place: str) -> Outcome:
    captains = p.into(place, "looks_after", "captain")
    return at_least(sum(1 for c in captains if p.has_post(c, "person")), 1)


def community_captain_duties(p: Peer, community: str) -> Outcome:
    held: set[str] = set()
    for captain in p.out(community, "contains", "captain"):
        if p.has_post(captain, "person"):
            held.update(p.attr(captain, "duties", ()))
    missing = [label for duty, label in DUTIES.items() if duty not in held]
    return not missing, "、".join(missing) or None


def community_paired_unit(p: Peer, community: str) -> Outcome:
    pairings = p.into(community, "paired_community", "pairing")
    lists = ("resources", "projects", "needs")
    return at_least(sum(1 for x in pairings if all(p.attr(x, k) for k in lists)), 1)


def unmet_needs(p: Peer, pairing: str) -> list[str]:
    """The pairing's needs that no resource of any pairing of its unit meets."""
    unit = p.out(pairing, "paired_unit")[0]
    pairings = p.into(unit, "paired_unit", "pairing")
    offered = {item_key(r) for x in pairings for r in p.attr(x, "resources") or ()}
    return [n for n in p.attr(pairing, "needs") or () if item_key(n) not in offered]


def pairing_needs_met(p: Peer, pairing: str) -> Outcome:
    if not p.attr(pairing, "needs"):
        return None
    unmet = unmet_needs(p, pairing)
    return not unmet, "、".join(unmet) or None


def needs_parts(p: Peer, pairing: str) -> tuple[int, int]:
    n = len(p.attr(pairing, "needs") or ())
    return n, n - len(unmet_needs(p, pairing))


def registration_unit_paired(p: Peer, community: str) -> Outcome:
    """Members registered here by ``unit_link`` whose unit (the row's, else their
    work unit) is not one of the community's paired units; each member once."""
    pairings = p.into(community, "paired_community", "pairing")
    paired = {u for x in pairings for u in p.out(x, "paired_unit", "unit")}
    judged, unpaired = 0, 0
    for person in p.into(community, "registered_at", "person"):
        edge = p.g.get_edge_data(person, community)["registered_at"]
        work = next(iter(p.out(person, "works_at", "unit")), None)
        # A graph not built by build_peer_graph keeps one row on the edge itself.
        rows = edge.get("rows") or ((edge.get("basis"), edge.get("unit")),)
        units = [u or work for basis, u in rows if basis == "unit_link"]
        units = [u for u in units if u is not None]
        if units:
            judged += 1
            unpaired += any(u not in paired for u in units)
    return None if not judged else at_most(unpaired, 0)


def household_visit(p: Peer, household: str) -> Outcome:
    if not p.into(household, "linked_to"):
        return None
    days = p.days_since_visit(household)
    return None if days is None else (days <= p.params["visit_days"], None)


def walking_minutes(p: Peer, compound: str) -> float | None:
    """Minutes on foot to the nearest community, area or compound site, every
    site compared (local plane; a model in km is scaled to metres)."""
    scale = 1000.0 if p.g.graph.get("coordinate_unit") == "km" else 1.0
    x, y = p.attr(compound, "x"), p.attr(compound, "y")
    sites = [
        (p.attr(s, "x"), p.attr(s, "y"))
        for s in p.nodes("service_centre")
        if p.attr(s, "level") in ("community", "area", "compound")
        and p.attr(s, "x") is not None
        and p.attr(s, "y") is not None
    ]
    if x is None or y is None or not sites:
        return None
    metres = min(math.hypot(sx - x, sy - y) for sx, sy in sites) * scale
    exact = metres * p.params["detour_factor"] / (p.params["walking_speed_kmh"] * 1000 / 60)
    return math.ceil(round(exact * 10, 9)) / 10


def compound_service_circle(p: Peer, compound: str) -> Outcome:
    minutes = walking_minutes(p, compound)
    return None if minutes is None else (minutes <= p.params["service_circle_minutes"], minutes)


def household_service_circle(p: Peer, household: str) -> Outcome:
    compounds = p.out(household, "in_compound")
    return compound_service_circle(p, compounds[0]) if compounds else None


def service_weekend_duty(p: Peer, centre: str) -> Outcome:
    if p.attr(centre, "level") != "community":
        return None
    duty = bool(p.attr(centre, "weekend_duty"))
    return duty, str(duty)  # the engine reports an attribute as written


def service_item_count(p: Peer, centre: str) -> Outcome:
    if p.attr(centre, "level") != "community":
        return None
    items = len(p.out(centre, "offers"))
    ok = p.params["service_items_min"] <= items <= p.params["service_items_max"]
    return ok, items


def service_item_responsible(p: Peer, item: str) -> Outcome:
    return at_least(len(p.out(item, "held_by:responsible")), 1)


def unanswered_categories(p: Peer, community: str) -> list[str]:
    answered: set[str] = set()
    for division in p.chain(community):
        if p.kind(division) in WHISTLE_LEVELS:
            for dept in p.out(division, "contains", "department"):
                answered.update(p.out(dept, "handles"))
    return [p.attr(c, "name") for c in p.nodes("issue_category") if c not in answered]


def whistle_responder(p: Peer, community: str) -> Outcome:
    missing = unanswered_categories(p, community)
    return not missing, "、".join(missing) or None


def whistle_parts(p: Peer, community: str) -> tuple[int, int]:
    """Coverage counts a community's categories: (all of them, those answered)."""
    n = len(p.nodes("issue_category"))
    return n, n - len(unanswered_categories(p, community))


def post_secretary(p: Peer, org: str) -> Outcome:
    if not form_is(p, org, *SECRETARY_FORMS) or p.anchor(org) not in SECRETARY_ANCHORS:
        return None
    return at_least(len(p.out(org, "held_by:secretary")), 1)


def post_held(p: Peer, node: str) -> Outcome:
    """A captain's or central household's post is held by a person."""
    return p.has_post(node, "person"), None


def term_ended(p: Peer, node: str) -> Outcome:
    """Days from the end of the node's term to the reference date (0: its last
    day, which passes); not applicable without an end or a date."""
    until = p.attr(node, "valid_until")
    if until is None or p.snapshot is None:
        return None
    days = p._days(str(until))
    return days <= 0, days


def expanded_term(p: Peer, org: str) -> Outcome:
    return term_ended(p, org) if form_is(p, org, *EXPANDED) else None


def secretary_term(p: Peer, org: str) -> Outcome:
    return term_ended(p, org) if form_is(p, org, *SECRETARY_FORMS) else None


def agreement_signed(p: Peer, pairing: str) -> Outcome:
    return p.attr(pairing, "agreement_signed") is not None, None


#: Every rule: id -> (kind of node it looks at, the check of one node).
RULES: dict[str, tuple[str, Callable[[Peer, str], Outcome]]] = {
    "unit.set_up": ("unit", unit_set_up),
    "compound.set_up": ("compound", compound_set_up),
    "unit.joint_or_instructor": ("unit", unit_joint_or_instructor),
    "compound.joint_or_instructor": ("compound", compound_joint_or_instructor),
    "branch.joint_units": ("party_org", branch_joint_units),
    "unit.organisational_coverage": ("unit", unit_organisational_coverage),
    "compound.organisational_coverage": ("compound", compound_organisational_coverage),
    "unit.work_coverage": ("unit", unit_work_coverage),
    "compound.work_coverage": ("compound", compound_work_coverage),
    "branch.committee": ("party_org", branch_committee),
    "branch.committee_size": ("party_org", branch_committee_size),
    "general_branch.committee_size": ("party_org", general_branch_committee_size),
    "committee.committee_size": ("party_org", committee_committee_size),
    "branch.size": ("party_org", branch_size),
    "branch.upgrade_general_branch": ("party_org", branch_upgrade_general_branch),
    "org.upgrade_committee": ("party_org", org_upgrade_committee),
    "committee.below_threshold": ("party_org", committee_below_threshold),
    "general_branch.below_threshold": ("party_org", general_branch_below_threshold),
    "party_org.members_listed": ("party_org", org_members_listed),
    "subdistrict.expanded_working_committee": (
        "subdistrict",
        subdistrict_expanded_working_committee,
    ),
    "community.expanded_committee": ("community", community_expanded_committee),
    "expanded.part_time_member": ("party_org", expanded_part_time_member),
    "expanded.quarterly_meeting": ("party_org", expanded_quarterly_meeting),
    "unit.expanded_seat": ("unit", unit_expanded_seat),
    "compound.team_1p3": ("compound", compound_team_1p3),
    "grid.leader": ("grid", grid_leader),
    "household.residents_group": ("household", household_residents_group),
    "household.grid": ("household", household_grid),
    "household.grid_leader": ("household", household_grid_leader),
    "place.captain": ("place", place_captain),
    "community.captain_duties": ("community", community_captain_duties),
    "community.paired_unit": ("community", community_paired_unit),
    "pairing.needs_met": ("pairing", pairing_needs_met),
    "registration.unit_paired": ("community", registration_unit_paired),
    "household.visit": ("household", household_visit),
    "service.item_count": ("service_centre", service_item_count),
    "service.item_responsible": ("service_item", service_item_responsible),
    "compound.service_circle": ("compound", compound_service_circle),
    "household.service_circle": ("household", household_service_circle),
    "service.weekend_duty": ("service_centre", service_weekend_duty),
    "whistle.responder": ("community", whistle_responder),
    "post.secretary": ("party_org", post_secretary),
    "post.captain": ("captain", post_held),
    "post.central_household": ("central_household", post_held),
    "expanded.term": ("party_org", expanded_term),
    "pairing.agreement_signed": ("pairing", agreement_signed),
    "pairing.agreement_in_force": ("pairing", term_ended),
    "post.secretary_term": ("party_org", secretary_term),
    "post.captain_term": ("captain", term_ended),
    "post.central_household_term": ("central_household", term_ended),
}


# -- running the rules --------------------------------------------------------------------
def _findings(
    p: Peer, rule: str, kind: str, results: list[tuple[str, bool, Value]]
) -> list[Finding]:
    """One finding per failing node; for households, one per community with their count."""
    if kind != "household":
        return [(rule, node, value) for node, passed, value in results if not passed]
    failing = Counter(p.community_of(node) for node, passed, _ in results if not passed)
    return [(rule, community, n) for community, n in failing.items() if community is not None]


#: Rules whose coverage counts parts of each node: (parts, parts that pass).
PARTS: dict[str, Callable[[Peer, str], tuple[int, int]]] = {
    "whistle.responder": whistle_parts,
    "pairing.needs_met": needs_parts,
}


def _coverage(p: Peer, rule: str, results: Iterable[tuple[str, bool, Value]]) -> Coverage:
    """(covered, total) under every division of the four levels that has such nodes."""
    covered: Counter[str] = Counter()
    total: Counter[str] = Counter()
    parts = PARTS.get(rule)
    for node, passed, _ in results:
        home = p.home(node)
        n, ok = parts(p, node) if parts else (1, int(passed))
        for division in p.chain(home) if home is not None else ():
            total[division] += n
            covered[division] += ok
    return {(rule, d): (covered[d], n) for d, n in total.items() if n}


def peer_check(
    model_or_graph: Model | nx.MultiDiGraph,
    *,
    snapshot: dt.date | None,
    params: dict[str, float] | None = None,
) -> PeerResult:
    """Run every built-in rule over the graph of a model, node by node.

    Parameters
    ----------
    model_or_graph
        A model (its graph is built with :func:`build_peer_graph`) or that graph.
    snapshot
        The reference date for the "in the last quarter" rules (``None``: they
        do not apply).
    params
        Values overriding :data:`DEFAULTS`.

    Returns
    -------
    PeerResult
        Findings sorted by rule and node, and coverage per rule and division.
    """
    g = model_or_graph
    if not isinstance(g, nx.MultiDiGraph):
        g = build_peer_graph(g)
    p = Peer(g, snapshot, params)
    findings: list[Finding] = []
    coverage: Coverage = {}
    for rule, (kind, check_one) in RULES.items():
        results = [(n, r[0], r[1]) for n in p.nodes(kind) if (r := check_one(p, n)) is not None]
        findings.extend(_findings(p, rule, kind, results))
        coverage.update(_coverage(p, rule, results))
    findings.sort(key=lambda f: (f[0], f[1]))
    return PeerResult(findings, coverage, g.number_of_nodes(), g.number_of_edges())


def report_view(report: Report) -> tuple[list[Finding], Coverage]:
    """An engine report in the peer's terms, to compare the two."""
    findings = sorted(((f.rule, f.node.id, f.value) for f in report.findings), key=lambda f: f[:2])
    coverage = {(c.rule, c.node.id): (c.covered, c.total) for c in report.coverage}
    return findings, coverage
