"""Needs matched by resources: which of a community's needs its paired unit
meets, which another paired unit could meet, and which no unit offers.

Dual registration 双报到 pairs a unit with a community; the pairing lists
the community's needs and the unit's resources (三清单).  :func:`match`
answers, per community, for each need: met by its own paired unit, offered
by another paired unit (which, and how near: the same subdistrict, county or
only the city), or offered by none.  Items are compared by
:func:`partygraph.vocabulary.items.item_key` (spaces and punctuation aside,
synonym groups merged: the built-in ones, the model's ``vocabulary:
synonyms:`` and any given here), never by guessing.  :func:`recommend` ranks the
units for each community by the needs they would meet, and
:mod:`partygraph.analysis.assign` finds the best pairing of all.

Examples
--------
>>> import partygraph
>>> m = partygraph.load("tests/fixtures/match/model.yaml")
>>> r = match(m)
>>> r.needs, r.met, r.elsewhere, r.unmet
(6, 1, 3, 2)
>>> c = r.communities[0]
>>> c.community.name, [(n.need, n.met, [o.unit.name for o in n.offers]) for n in c.needs]
('东风社区', [('法律咨询', True, []), ('加装电梯', False, []), ('心理疏导', False, ['乙局'])])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import ConfigDict, Field

from partygraph.model.fieldsets import SharedFieldsModel
from partygraph.model.model import Model
from partygraph.model.report import NodeRef
from partygraph.vocabulary import LEVELS
from partygraph.vocabulary.items import item_key, table_with

__all__ = [
    "CommunityNeeds",
    "MatchReport",
    "NeedMatch",
    "Offer",
    "Recommendation",
    "Units",
    "communities_needs",
    "match",
    "recommend",
]


class _Data(SharedFieldsModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Offer(_Data):
    """A paired unit that lists a need among its resources, and how near it is:
    ``near`` is the level of the lowest unit holding both communities
    (``subdistrict``: the same subdistrict; ``city``: only the same city)."""

    unit: NodeRef
    near: str


class NeedMatch(_Data):
    """One need of one community: ``met`` by its own paired unit, else the
    ``offers`` of other paired units (nearest first; none: no unit offers it)."""

    need: str
    met: bool
    offers: list[Offer] = Field(default_factory=list)


class CommunityNeeds(_Data):
    """A community's needs, its paired units and how each need fares."""

    community: NodeRef
    chain: list[NodeRef] = Field(default_factory=list)
    units: list[NodeRef] = Field(default_factory=list)
    needs: list[NeedMatch] = Field(default_factory=list)


class Recommendation(_Data):
    """A unit ranked for a community by the needs it would meet."""

    community: NodeRef
    unit: NodeRef
    needs: list[str]
    near: str
    paired: bool


class MatchReport(_Data):
    """What :func:`match` returns; ``needs`` counts (community, need) pairs."""

    model: str
    snapshot: str | None = None
    communities: list[CommunityNeeds] = Field(default_factory=list)
    #: How many units were ranked per community (0: none asked for).
    recommend_top: int = 0
    recommendations: list[Recommendation] = Field(default_factory=list)

    @property
    def needs(self) -> int:
        return sum(len(c.needs) for c in self.communities)

    @property
    def met(self) -> int:
        return sum(n.met for c in self.communities for n in c.needs)

    @property
    def elsewhere(self) -> int:
        """Needs not met by the community's own unit that another unit offers."""
        return sum(not n.met and bool(n.offers) for c in self.communities for n in c.needs)

    @property
    def unmet(self) -> int:
        """Needs no paired unit offers."""
        return sum(not n.met and not n.offers for c in self.communities for n in c.needs)


class Units:
    """The paired units of a model: each one's resources by key and its communities."""

    def __init__(self, model: Model, table: dict[str, str] | None) -> None:
        self.model, self.table = model, table
        self._keys: dict[str, str] = {}  # each item's key, worked out once: asked per unit and need
        names = {u.id: u.name for u in model.units}
        self.ref = {uid: NodeRef(id=uid, kind="unit", name=n) for uid, n in names.items()}
        self.offers: dict[str, set[str]] = {}
        self.paired_to: dict[str, set[str]] = {}
        self.needs: dict[str, list[str]] = {}
        self.own: dict[str, list[str]] = {}
        for p in model.pairings:
            self.offers.setdefault(p.unit, set()).update(self.key(r) for r in p.resources)
            self.paired_to.setdefault(p.unit, set()).add(p.community)
            own = self.own.setdefault(p.community, [])
            if p.unit not in own:
                own.append(p.unit)
            listed = self.needs.setdefault(p.community, [])
            listed += [n for n in p.needs if n not in listed]
        self.tree = _Tree(model)

    def key(self, item: str) -> str:
        key = self._keys.get(item)
        if key is None:
            key = self._keys[item] = item_key(item, self.table)
        return key

    def near(self, unit: str, community: str) -> str:
        """The nearest level at which ``unit``'s communities meet ``community``."""
        levels = [self.tree.meet(c, community) for c in self.paired_to.get(unit, ())]
        return max(levels, key=LEVELS.index, default="city")

    def covers(self, unit: str, needs: Iterable[str]) -> list[str]:
        offered = self.offers.get(unit, set())
        return [n for n in needs if self.key(n) in offered]


class _Tree:
    """The divisions' ancestors, to say how near two communities are."""

    def __init__(self, model: Model) -> None:
        self.parent = {d.id: d.parent for d in model.divisions}
        self.level = {d.id: d.level for d in model.divisions}
        self.ref = {d.id: NodeRef(id=d.id, kind=d.level, name=d.name) for d in model.divisions}

    def line(self, division: str) -> list[str]:
        """The division and its ancestors, bottom up."""
        out: list[str] = []
        at: str | None = division
        while at is not None and at in self.parent and at not in out:
            out.append(at)
            at = self.parent[at]
        return out

    def meet(self, a: str, b: str) -> str:
        above = set(self.line(b))
        common = next((d for d in self.line(a) if d in above), None)
        level = self.level.get(common or "", "city")
        return level if level in LEVELS else "city"

    def chain(self, division: str) -> list[NodeRef]:
        up = self.line(division)[1:]
        return [self.ref[d] for d in reversed(up) if self.level[d] in LEVELS]


def match(
    model: Model,
    *,
    scope: str | None = None,
    synonyms: Sequence[Sequence[str]] | None = None,
    recommend_top: int = 0,
) -> MatchReport:
    """Each paired community's needs, matched against the paired units' resources.

    Parameters
    ----------
    model
        The model; its pairings hold the needs and resources.
    scope
        A division id: only the communities under it (the offers still come
        from every paired unit of the model).
    synonyms
        Groups of items that name the same thing, used with the built-in
        groups (:data:`partygraph.vocabulary.items.SYNONYMS`) and the
        model's own (``model.vocabulary.synonyms``).
    recommend_top
        Also rank, for each community, this many units by the needs they would
        meet (:func:`recommend`).

    Examples
    --------
    >>> import partygraph
    >>> m = partygraph.load("tests/fixtures/match/model.yaml")
    >>> match(m, synonyms=[["加装电梯", "电梯改造"]]).unmet
    1
    """
    units = Units(model, _table(model, synonyms))
    report = communities_needs(model, units, scope)
    if recommend_top:
        report = report.model_copy(
            update={
                "recommend_top": recommend_top,
                "recommendations": recommend(model, report, top=recommend_top, units=units),
            }
        )
    return report


def communities_needs(model: Model, units: Units, scope: str | None = None) -> MatchReport:
    """The matching of :func:`match` on paired units already gathered (which
    :func:`partygraph.analysis.assign.assign` needs too, so it gathers them once)."""
    tree = units.tree
    out: list[CommunityNeeds] = []
    for community, needs in units.needs.items():
        if scope is not None and scope not in tree.line(community):
            continue
        own = units.own[community]
        found: list[NeedMatch] = []
        for need in needs:
            met = any(units.covers(u, [need]) for u in own)
            offers = [] if met else _offers(units, need, community, own)
            found.append(NeedMatch(need=need, met=met, offers=offers))
        out.append(
            CommunityNeeds(
                community=tree.ref[community],
                chain=tree.chain(community),
                units=[units.ref[u] for u in own if u in units.ref],
                needs=found,
            )
        )
    order = {d.id: i for i, d in enumerate(model.divisions)}
    out.sort(key=lambda c: order[c.community.id])
    return MatchReport(
        model=model.name,
        snapshot=None if model.snapshot is None else model.snapshot.isoformat(),
        communities=out,
    )


def recommend(
    model: Model, report: MatchReport, *, top: int = 3, units: Units | None = None
) -> list[Recommendation]:
    """For each community of ``report``, the ``top`` paired units that would meet
    most of its needs (then the nearest, then by id); units meeting none are left out.

    >>> import partygraph
    >>> m = partygraph.load("tests/fixtures/match/model.yaml")
    >>> [(r.community.name, r.unit.name, r.needs) for r in recommend(m, match(m), top=1)]
    [('东风社区', '甲局', ['法律咨询']), ('红旗社区', '甲局', ['法律援助', '就业培训'])]
    """
    units = units or Units(model, _table(model, None))
    out: list[Recommendation] = []
    for c in report.communities:
        needs = [n.need for n in c.needs]
        own = {u.id for u in c.units}
        ranked = []
        for unit in units.offers:
            covered = units.covers(unit, needs)
            if covered:
                near = units.near(unit, c.community.id)
                ranked.append((-len(covered), -LEVELS.index(near), unit, covered, near))
        for _, _, unit, covered, near in sorted(ranked)[:top]:
            out.append(
                Recommendation(
                    community=c.community,
                    unit=units.ref[unit],
                    needs=covered,
                    near=near,
                    paired=unit in own,
                )
            )
    return out


def _offers(units: Units, need: str, community: str, own: list[str]) -> list[Offer]:
    offering = [u for u in units.offers if u not in own and units.covers(u, [need])]
    ranked = sorted(
        (-LEVELS.index(units.near(u, community)), u) for u in offering if u in units.ref
    )
    return [Offer(unit=units.ref[u], near=LEVELS[-lvl]) for lvl, u in ranked]


def _table(model: Model, synonyms: Sequence[Sequence[str]] | None) -> dict[str, str] | None:
    """The synonym table of a model: the built-in groups, the model's and ``synonyms``."""
    return table_with(model.vocabulary.synonyms, synonyms or ())
