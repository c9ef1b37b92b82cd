"""Named measures: per-node numbers computed in code, vectorised.

(About 710 lines, kept in one module: each measure sits beside its removal
function and the :data:`MEASURES` registry that names them, which the rule
language documents as one list.)

A rule uses a measure where counting through one relation is not enough:
``measure: {name: members, max: 50}``.  Each measure is computed once per
check for every node of a kind (:class:`MeasureResult`, NaN where it does not
apply) and knows, where a person or unit feeds it, how removing one of them
would change it (for single points of failure).

Examples
--------
>>> sorted(MEASURES)[:3]
['categories_without_responder', 'complete_1p3_teams', 'days_past_term']
>>> MEASURES["members"].kinds
('party_org',)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from partygraph.index import Index, unique_pairs
from partygraph.model.population import TABLES, Array
from partygraph.vocabulary import DUTIES, DUTY_LABELS, TEAM_THREE
from partygraph.vocabulary.items import item_key, table_with

__all__ = ["DUTY_LABELS", "MEASURES", "Context", "Measure", "MeasureResult"]


class MeasureResult:
    """A measure over every node of a kind: ``values`` (float, NaN where it does
    not apply) and, optionally, ``labels`` naming what is missing.

    A household measure that is its grid's or its compound's value is given
    as that small ``table`` and each node's ``rows`` in it instead (``-1``:
    the table's last slot); rules judge the table and gather the verdicts, and
    ``values`` (40 MB of floats at five million households) is made only if
    asked for.

    >>> m = MeasureResult(table=np.array([3.0, 5.0, np.nan]), rows=np.array([1, -1, 0]))
    >>> m.values.tolist()
    [5.0, nan, 3.0]
    """

    __slots__ = ("_values", "labels", "rows", "table")

    def __init__(
        self,
        values: Array | None = None,
        labels: Array | None = None,
        *,
        table: Array | None = None,
        rows: Array | None = None,
    ) -> None:
        assert (values is None) != (table is None or rows is None)
        self._values, self.labels, self.table, self.rows = values, labels, table, rows

    @property
    def values(self) -> Array:
        if self._values is None:
            assert self.table is not None and self.rows is not None
            self._values = self.table[self.rows]
        return self._values


#: Triples (node position in its kind, removed node code, change of the value).
Deltas = tuple[Array, Array, Array]


@dataclass
class Context:
    """What rules are evaluated against: the index, the parameters and the
    reference date (``as_of``, from the model's snapshot unless given)."""

    index: Index
    params: dict[str, Any] = field(default_factory=dict)
    as_of: np.datetime64 | None = None
    _measures: dict[tuple[str, str], MeasureResult] = field(default_factory=dict)

    def measure(self, name: str, kind: str) -> MeasureResult:
        """A measure over every node of ``kind`` (computed once)."""
        key = (name, kind)
        if key not in self._measures:
            self._measures[key] = MEASURES[name].compute(self, kind)
        return self._measures[key]

    def forget(self, kinds: Iterable[str]) -> None:
        """Drop the measures (and the index's attribute columns) over nodes of
        ``kinds``; they are computed again if asked for."""
        kinds = set(kinds)
        for key in [k for k in self._measures if k[1] in kinds]:
            del self._measures[key]
        self.index.forget(kinds)

    def value(self, v: Any) -> Any:
        """A bound or filter value, with ``$name`` replaced by the parameter."""
        if isinstance(v, str) and v.startswith("$"):
            return self.params[v[1:]]
        return v


@dataclass(frozen=True)
class Measure:
    """A named measure: the kinds it is defined for, what it means, how it is
    computed and (``removal``) how removing a person or unit changes it."""

    name: str
    kinds: tuple[str, ...]
    doc: str
    label: str
    compute: Callable[[Context, str], MeasureResult]
    removal: Callable[[Context, str], Deltas] | None = None


def _empty_deltas() -> Deltas:
    z = np.zeros(0, dtype=np.int64)
    return z, z, z


# -- members -------------------------------------------------------------------
def _statuses(ctx: Context, full_only: bool) -> Array:
    member = ctx.index.model.population["persons"]["member"]
    return np.asarray(member == 0) if full_only else np.asarray(member >= 0)


def _counted_by(ctx: Context, kind: str) -> Array:
    """For each person, the local position (in ``kind``) of the node whose
    membership they count towards (``-1``: none)."""
    ix = ctx.index
    persons = ix.model.population["persons"]
    if kind in ("party_org", "unit"):
        column = "org" if kind == "party_org" else "unit"
        return _positions(ix, "persons", column)[persons[column]]
    # A compound: where the person lives, their household's compound.
    hh = persons["household"]
    if not ix.n_households:
        return np.full(hh.shape[0], -1, dtype=np.int64)
    compound = ix.model.population["households"]["compound"]
    return _positions(ix, "households", "compound")[
        np.where(hh >= 0, compound[np.maximum(hh, 0)], -1)
    ]


def _positions(ix: Index, table: str, column: str) -> Array:
    """Local position (in its kind) of each entity a bulk table's reference
    column can name, by the row number the column holds, and -1 in a last slot
    for none: the table's own column gathers through it, with no node codes
    made for millions of rows first."""
    target = TABLES[table].column(column).target
    assert target is not None
    start = ix.target_offset(target)
    return np.append(ix.struct_local[start : start + len(ix.model.section(target))], -1)


def _member_parts(ctx: Context, kind: str, full_only: bool) -> tuple[Array, Array, Array]:
    """(value, from_table mask, counting-person mask) of a member count."""
    ix = ctx.index
    n = ix.nodes(kind).shape[0]
    owner = _counted_by(ctx, kind)
    counts = _statuses(ctx, full_only) & (owner >= 0)
    table = np.bincount(owner[counts], minlength=n).astype(float)
    declared = ix.column(kind, "members_full").values
    if not full_only:
        prob = ix.column(kind, "members_probationary").values
        declared = np.where(
            np.isnan(declared) & np.isnan(prob),
            np.nan,
            np.nan_to_num(declared) + np.nan_to_num(prob),
        )
    # A declared figure wins wherever it is given: the persons table may list
    # only some members (those living in the model's communities, those typed
    # in so far), and a branch of 120 must not count as the 3 it lists.  The
    # table counts where nothing is declared; where both are known and differ,
    # the rule party_org.members_listed says so (measure unlisted_full_members).
    from_table = np.isnan(declared)
    value = np.where(from_table, table, np.nan_to_num(declared))
    if kind == "party_org":
        forms = ix.column(kind, "form").values
        expanded = np.array([str(f).startswith("expanded") for f in forms], dtype=bool)
        value[expanded] = np.nan
    return value, from_table, counts


def _unlisted_full_members(ctx: Context, kind: str) -> MeasureResult:
    """Declared full members less those the persons table lists, where the
    organisation declares ``members_full`` and the table names it (else NaN)."""
    ix = ctx.index
    n = ix.nodes(kind).shape[0]
    owner = _counted_by(ctx, kind)
    listed = np.bincount(owner[_statuses(ctx, True) & (owner >= 0)], minlength=n).astype(float)
    named = np.bincount(owner[owner >= 0], minlength=n) > 0
    declared = ix.column(kind, "members_full").values
    return MeasureResult(np.where(named & ~np.isnan(declared), declared - listed, np.nan))


def _members_measure(full_only: bool) -> Callable[[Context, str], MeasureResult]:
    def compute(ctx: Context, kind: str) -> MeasureResult:
        return MeasureResult(_member_parts(ctx, kind, full_only)[0])

    return compute


def _members_removal(full_only: bool) -> Callable[[Context, str], Deltas]:
    def removal(ctx: Context, kind: str) -> Deltas:
        ix = ctx.index
        _, from_table, counts = _member_parts(ctx, kind, full_only)
        owner = _counted_by(ctx, kind)
        rows = np.flatnonzero(counts)
        rows = rows[from_table[owner[rows]]]
        return owner[rows], rows + ix.person_offset, np.full(rows.shape[0], -1, dtype=np.int64)

    return removal


# -- meetings, visits ---------------------------------------------------------
def _days_since_meeting(ctx: Context, kind: str) -> MeasureResult:
    ix = ctx.index
    entities = ix.entities_of(kind)
    n = len(entities)
    out = np.full(n, np.nan)
    meets = [vars(e).get("meetings") for e in entities]  # None: the kind has no meetings
    lasts = [max((m.date for m in ms), default=None) if ms else None for ms in meets]
    if ctx.as_of is None or all(d is None for d in lasts):
        return MeasureResult(out)  # no meeting dates given: nothing to judge
    for i, (ms, last) in enumerate(zip(meets, lasts, strict=True)):
        if ms is None:
            continue
        out[i] = (
            np.inf if last is None else float((ctx.as_of - np.datetime64(last, "D")).astype(int))
        )
    return MeasureResult(out)


def _days_past_term(ctx: Context, kind: str) -> MeasureResult:
    """Days from the end of the node's term (``valid_until``) to the reference
    date: 0 on the last day of the term, negative before it; NaN without an
    end or a reference date."""
    end = ctx.index.column(kind, "valid_until").values
    out = np.full(end.shape[0], np.nan)
    if ctx.as_of is None:
        return MeasureResult(out)
    known = ~np.isnat(end)
    out[known] = (ctx.as_of.astype("datetime64[D]") - end[known]).astype(np.int64)
    return MeasureResult(out)


def _repeated(values: Array) -> Array:
    """Which values occur more than once, by sorting them (a count per possible
    value would be an array the size of all households, for a few links).

    >>> _repeated(np.array([5, 1, 5, 2])).tolist()
    [True, False, True, False]
    """
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    same = ordered[1:] == ordered[:-1]
    dup = np.zeros(values.shape[0], dtype=bool)
    dup[1:] |= same
    dup[:-1] |= same
    out = np.empty_like(dup)
    out[order] = dup
    return out


def _days_since_visit(ctx: Context, kind: str) -> MeasureResult:
    ix = ctx.index
    links = ix.model.population["central_household_links"]
    out = np.full(ix.n_households, np.nan)
    last = links["last_visit"]
    if ctx.as_of is None or last.shape[0] == 0 or bool(np.isnat(last).all()):
        return MeasureResult(out)  # no visit dates given
    # A link written twice was last visited on its latest date; a household is
    # as stale as the stalest of its central households' links.  Most
    # households have one link row: only the others need sorting out.
    never = np.iinfo(np.int64).min
    day = np.where(np.isnat(last), never, last.astype("datetime64[D]").astype(np.int64))
    today = int(ctx.as_of.astype("datetime64[D]").astype(np.int64))
    house = links["household"].astype(np.int64)
    many = _repeated(house)
    one = ~many
    out[house[one]] = np.where(day[one] == never, np.inf, today - day[one])
    if many.any():
        _, pair_house, _, inverse = unique_pairs(links["central_household"][many], house[many])
        latest = np.full(pair_house.shape[0], never)
        np.maximum.at(latest, inverse, day[many])
        days = np.where(latest == never, np.inf, (today - latest).astype(float))
        np.fmax.at(out, pair_house, days)  # NaN (no value yet) gives way
    return MeasureResult(out)


# -- captains' duties ---------------------------------------------------------
def _duty_holders(ctx: Context) -> tuple[Array, Array, Array]:
    """(community local, duty index, person code) for every duty a staffed captain holds."""
    ix = ctx.index
    rows: list[tuple[int, int, int]] = []
    community = ix.column("captain", "community").values
    person = ix.column("captain", "person").values
    duties = ix.column("captain", "duties").values
    for c, p, ds in zip(community.tolist(), person.tolist(), duties.tolist(), strict=True):
        if c < 0 or p < 0:
            continue  # a vacant post holds no duty
        rows.extend((int(ix.struct_local[c]), DUTIES.index(d), p) for d in set(ds))
    if not rows:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z
    arr = np.array(rows, dtype=np.int64)
    return arr[:, 0], arr[:, 1], arr[:, 2]


def _duties_missing(ctx: Context, kind: str) -> MeasureResult:
    n = ctx.index.nodes(kind).shape[0]
    comm, duty, _ = _duty_holders(ctx)
    held = np.zeros((n, len(DUTIES)), dtype=bool)
    held[comm, duty] = True
    labels = np.empty(n, dtype=object)
    labels[:] = [
        "、".join(DUTY_LABELS[d] for j, d in enumerate(DUTIES) if not row[j]) or None
        for row in held.tolist()
    ]
    return MeasureResult((~held).sum(axis=1).astype(float), labels)


def _duties_removal(ctx: Context, kind: str) -> Deltas:
    comm, duty, person = _duty_holders(ctx)
    if comm.shape[0] == 0:
        return _empty_deltas()
    slot, person, _, _ = unique_pairs(comm.astype(np.int64) * len(DUTIES) + duty, person)
    _, first, count = np.unique(slot, return_index=True, return_counts=True)
    sole = first[count == 1]  # a duty held by one person only in its community
    return slot[sole] // len(DUTIES), person[sole], np.ones(sole.shape[0], dtype=np.int64)


# -- service centres, teams, whistle -------------------------------------------
def _service_items(ctx: Context, kind: str) -> MeasureResult:
    items = ctx.index.column(kind, "items").values
    return MeasureResult(np.array([len(t) for t in items.tolist()], dtype=float))


def _complete_teams(ctx: Context) -> list[tuple[int, dict[str, list[int]]]]:
    """Complete "1+3" teams: (compound local, unit codes by required type)."""
    ix = ctx.index
    out = []
    for team in ix.entities_of("team"):
        if team.type != "1+3" or not team.compound:  # type: ignore[attr-defined]
            continue
        by_type: dict[str, list[int]] = {t: [] for t in TEAM_THREE}
        for uid in dict.fromkeys(team.members):  # type: ignore[attr-defined]
            if not ix.has(uid):
                continue
            unit = ix.entities[ix.code(uid)]
            if unit.type in by_type:  # type: ignore[attr-defined]
                by_type[unit.type].append(ix.code(uid))  # type: ignore[attr-defined]
        if all(by_type.values()) and ix.has(team.compound):  # type: ignore[attr-defined]
            compound = ix.code(team.compound)  # type: ignore[attr-defined]
            out.append((int(ix.struct_local[compound]), by_type))
    return out


def _complete_1p3(ctx: Context, kind: str) -> MeasureResult:
    n = ctx.index.nodes(kind).shape[0]
    teams = _complete_teams(ctx)
    return MeasureResult(
        np.bincount(np.array([c for c, _ in teams], dtype=np.int64), minlength=n).astype(float)
    )


def _complete_1p3_removal(ctx: Context, kind: str) -> Deltas:
    rows: list[tuple[int, int]] = []
    for compound, by_type in _complete_teams(ctx):
        rows.extend((compound, units[0]) for units in by_type.values() if len(units) == 1)
    if not rows:
        return _empty_deltas()
    arr = np.array(rows, dtype=np.int64)
    return arr[:, 0], arr[:, 1], np.full(arr.shape[0], -1, dtype=np.int64)


def _walking_minutes(ctx: Context, kind: str) -> MeasureResult:
    if kind == "household":  # its compound's: the nearest sites are found once, for compounds
        minutes = ctx.measure("walking_minutes", "compound").values
        compound = ctx.index.model.population["households"]["compound"]  # -1: none
        # A last slot for "no compound": one gather, no mask and no int64 copy.
        return MeasureResult(table=np.append(minutes, np.nan), rows=compound)
    from partygraph.rules.circle import service_circle

    return MeasureResult(service_circle(ctx.index.model, ctx.params).minutes)


def _needs_listed(ctx: Context, kind: str) -> MeasureResult:
    pairings = ctx.index.entities_of(kind)
    return MeasureResult(np.array([len(p.needs) for p in pairings], dtype=float))  # type: ignore[attr-defined]


def _needs_unmet(ctx: Context, kind: str) -> MeasureResult:
    pairings = ctx.index.entities_of(kind)
    table = table_with(ctx.index.model.vocabulary.synonyms)  # built-in groups and the model's
    offered: dict[str, set[str]] = {}
    for p in pairings:
        offered.setdefault(p.unit, set()).update(item_key(r, table) for r in p.resources)  # type: ignore[attr-defined]
    values = np.zeros(len(pairings))
    labels = np.empty(len(pairings), dtype=object)
    for i, p in enumerate(pairings):
        has = offered.get(p.unit, set())  # type: ignore[attr-defined]
        unmet = [n for n in p.needs if item_key(n, table) not in has]  # type: ignore[attr-defined]
        values[i] = len(unmet)
        labels[i] = "、".join(unmet) or None
    return MeasureResult(values, labels)


def _issue_categories(ctx: Context, kind: str) -> MeasureResult:
    n = len(ctx.index.entities_of("issue_category"))
    return MeasureResult(np.full(ctx.index.nodes(kind).shape[0], float(n)))


def _categories_without_responder(ctx: Context, kind: str) -> MeasureResult:
    ix = ctx.index
    categories = ix.entities_of("issue_category")
    handled: dict[int, set[str]] = {}
    for dept in ix.entities_of("department"):
        if ix.has(dept.division):  # type: ignore[attr-defined]
            at = ix.code(dept.division)  # type: ignore[attr-defined]
            handled.setdefault(at, set()).update(dept.categories)  # type: ignore[attr-defined]
    communities = ix.nodes(kind)
    values = np.zeros(communities.shape[0])
    labels = np.empty(communities.shape[0], dtype=object)
    for i, c in enumerate(communities.tolist()):
        levels = {int(a) for a in ix.div_anc[1:, c] if a >= 0}
        answered = set().union(*(handled.get(a, set()) for a in levels))
        missing = [cat.name for cat in categories if cat.id not in answered]
        values[i] = len(missing)
        labels[i] = "、".join(missing) or None
    return MeasureResult(values, labels)


def _grid_led(ctx: Context, kind: str) -> MeasureResult:
    """1 where the household's grid has a party-member leader, 0 where it has
    none (no leader, or a leader who is not a member), NaN outside any grid."""
    ix = ctx.index
    leader = ix.column("grid", "leader").values
    member = np.asarray(ix.model.population["persons"]["member"])
    known = leader >= 0
    led = np.zeros(leader.shape[0], dtype=bool)
    led[known] = member[leader[known] - ix.person_offset] >= 0
    # Per grid as the households table codes it (its row in model.grids), with
    # a last slot for "no grid" (-1): one gather over the table's own column,
    # no node codes made for five million households first.
    by_code = np.full(ix.n_struct + 1, np.nan)
    by_code[ix.nodes("grid")] = led
    start = ix.target_offset("grids")
    by_row = np.append(by_code[start : start + len(ix.model.grids)], np.nan)
    return MeasureResult(table=by_row, rows=ix.model.population["households"]["grid"])


def _expanded_seats(ctx: Context, kind: str) -> MeasureResult:
    """Expanded bodies (大党委 of the unit's community, 大工委 of its subdistrict)
    with a part-time member on behalf of the unit, or a full-time member who works
    there (the subdistrict office, whose staff are its 大工委's full-time members);
    NaN for a unit without an organisation of its own or outside any community
    and subdistrict."""
    ix = ctx.index
    model = ix.model
    works_at = ix.bulk_ref("persons", "unit")
    own: set[str] = set()
    for org in model.party_orgs:
        if not org.joint:  # a joint branch is not the unit's own organisation
            own.update([org.unit] if org.unit else [], org.joint_units)
    seats: Counter[tuple[str, str]] = Counter()  # (division id, unit id) -> bodies seating it
    # Every body's full-time members looked up at once (one by one, each
    # person id was two binary searches: 0.1 s at five million households).
    named = ix.codes_of([p for body in model.expanded_bodies for p in body.full_time_members])
    end = 0
    for body in model.expanded_bodies:
        start, end = end, end + len(body.full_time_members)
        staff = [c for c in named[start:end] if c >= 0]
        at = [int(works_at[c - ix.person_offset]) for c in staff if c >= ix.person_offset]
        seated = {m.on_behalf_of for m in body.part_time_members}
        seats.update((body.division, u) for u in seated | {ix.entities[u].id for u in at if u >= 0})
    units = ix.entities_of(kind)
    values = np.full(len(units), np.nan)
    rows = [
        (i, ix.code(unit.division))  # type: ignore[attr-defined]
        for i, unit in enumerate(units)
        if unit.id in own and unit.division is not None and ix.has(unit.division)  # type: ignore[attr-defined]
    ]
    if not rows:
        return MeasureResult(values)
    codes = np.array([c for _, c in rows], dtype=np.int64)
    # The unit's community and subdistrict, for every unit at once.
    homes = [ix.ancestor(codes, level).tolist() for level in ("community", "subdistrict")]
    for (i, _), community, subdistrict in zip(rows, *homes, strict=True):
        ids = [ix.entities[h].id for h in (community, subdistrict) if h >= 0]
        if ids:
            values[i] = sum(seats[d, units[i].id] for d in ids)
    return MeasureResult(values)


def _unpaired_unit_links(ctx: Context, kind: str) -> MeasureResult:
    """In-service members registered at the community by ``unit_link`` whose unit
    (the row's ``unit``, else the member's work unit) is not paired with it; NaN
    where no such registration names a unit."""
    from partygraph.vocabulary import REGISTRATION_BASIS

    ix = ctx.index
    reg = ix.model.population["registrations"]
    n = ix.nodes(kind).shape[0]
    by_link = np.asarray(reg["basis"]) == REGISTRATION_BASIS.index("unit_link")
    person = ix.bulk_ref("registrations", "person")
    unit = ix.bulk_ref("registrations", "unit")
    works_at = ix.bulk_ref("persons", "unit")
    known = person >= 0
    fallback = np.full(unit.shape[0], -1, dtype=np.int64)
    fallback[known] = works_at[person[known] - ix.person_offset]
    unit = np.where(unit >= 0, unit, fallback)
    community = ix.bulk_ref("registrations", "community")
    rows = np.flatnonzero(by_link & (unit >= 0) & (community >= 0) & known)
    paired = {
        (ix.code(p.unit), ix.code(p.community))  # type: ignore[attr-defined]
        for p in ix.entities_of("pairing")
        if ix.has(p.unit) and ix.has(p.community)  # type: ignore[attr-defined]
    }
    pairs = np.array(sorted(paired), dtype=np.int64).reshape(-1, 2)
    width = ix.n_struct + 1  # unit and community are structure codes
    c, p, u = community[rows].astype(np.int64), person[rows], unit[rows].astype(np.int64)
    unpaired = ~_among(u * width + c, pairs[:, 0] * width + pairs[:, 1])
    # A member counts once per community: unpaired if any row names an unpaired unit.
    uc, _, _, member = unique_pairs(c, p)
    any_unpaired = np.bincount(member, weights=unpaired, minlength=uc.shape[0]) > 0
    at = ix.local(uc)
    values = np.full(n, np.nan)
    named = np.bincount(at, minlength=n) > 0
    values[named] = np.bincount(at, weights=any_unpaired, minlength=n)[named]
    return MeasureResult(values)


def _among(values: Array, ordered: Array) -> Array:
    """``np.isin(values, ordered)`` for ``ordered`` sorted: a binary search per
    value, where isin sorts the values too (half a million registrations).

    >>> _among(np.array([5, 1, 7, 3]), np.array([1, 3, 4])).tolist()
    [False, True, False, True]
    """
    if ordered.shape[0] == 0:
        return np.zeros(values.shape[0], dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), ordered.shape[0] - 1)
    return np.asarray(ordered[at] == values)


#: Every named measure, by name.
MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "full_members",
            ("party_org", "unit", "compound"),
            "full party members: members_full where given, else counted from the persons "
            "table (an organisation: the persons naming it in org; a unit: its work unit; a "
            "compound: its home compound)",
            "正式党员数",
            _members_measure(True),
            _members_removal(True),
        ),
        Measure(
            "members",
            ("party_org",),
            "party members, full and probationary, of an organisation (as full_members)",
            "党员数",
            _members_measure(False),
            _members_removal(False),
        ),
        Measure(
            "unlisted_full_members",
            ("party_org",),
            "declared full members (members_full) less the full members the persons table "
            "lists for the organisation; not applicable unless both are known",
            "人员表未列出的申报正式党员数",
            _unlisted_full_members,
        ),
        Measure(
            "days_since_meeting",
            ("party_org", "team"),
            "days from the last meeting listed to the reference date; infinite when none is "
            "listed; not applicable when no body of the kind lists any meeting date",
            "距上次例会天数",
            _days_since_meeting,
        ),
        Measure(
            "days_past_term",
            ("party_org", "captain", "central_household", "pairing"),
            "days from the end of the term (valid_until: a term of office, a co-building "
            "agreement's period) to the reference date; 0 on its last day, negative before "
            "it; not applicable without an end date or a reference date",
            "任期（协议期）届满天数",
            _days_past_term,
        ),
        Measure(
            "days_since_visit",
            ("household",),
            "days since the stalest of the household's links was last visited (a link "
            "written twice counts its latest date; one without a date counts as never); "
            "not applicable when no link has a visit date",
            "距上次走访天数",
            _days_since_visit,
        ),
        Measure(
            "duties_missing",
            ("community",),
            "how many of the four captain duties no staffed captain holds in the community",
            "未落实的“四包”职责数",
            _duties_missing,
            _duties_removal,
        ),
        Measure(
            "service_items",
            ("service_centre",),
            "number of service items the centre offers",
            "服务项目数",
            _service_items,
        ),
        Measure(
            "complete_1p3_teams",
            ("compound",),
            '"1+3" teams serving the compound whose members include a residents\' committee, '
            "an owners' committee and a property company",
            "完整的“1+3”队伍数",
            _complete_1p3,
            _complete_1p3_removal,
        ),
        Measure(
            "categories_without_responder",
            ("community",),
            "issue categories that no department answers at the community, its subdistrict "
            "or its district (three whistle levels)",
            "无报到部门的事项类别数",
            _categories_without_responder,
        ),
        Measure(
            "issue_categories",
            ("community",),
            "issue categories of the model (the same for every community): the parts "
            "whose share whistle.responder's coverage reports",
            "事项类别数",
            _issue_categories,
        ),
        Measure(
            "walking_minutes",
            ("compound", "household"),
            "minutes on foot from the compound (a household: its compound) to the nearest "
            "community, area or compound service site: the straight line times "
            "detour_factor at walking_speed_kmh (partygraph.rules.distance); not applicable "
            "without coordinates (the compound's, or every site's)",
            "到最近服务站点的步行分钟数",
            _walking_minutes,
        ),
        Measure(
            "needs_listed",
            ("pairing",),
            "needs the pairing lists (its community's 需求清单): the parts whose share "
            "pairing.needs_met's coverage reports",
            "列出的需求数",
            _needs_listed,
        ),
        Measure(
            "needs_unmet",
            ("pairing",),
            "needs of the pairing that its unit lists among no resources of any of its "
            "pairings (compared as partygraph.vocabulary.items.item_key: spaces and "
            "punctuation aside, synonym groups merged, the model's vocabulary.synonyms "
            "too); the finding's value names them",
            "本单位资源未满足的需求数",
            _needs_unmet,
        ),
        Measure(
            "grid_led",
            ("household",),
            "1 where the household's grid has a party-member leader (a leader in the persons "
            "table with a membership status), 0 where it has none; not applicable outside "
            "any grid",
            "所在网格有党员网格长",
            _grid_led,
        ),
        Measure(
            "expanded_seats",
            ("unit",),
            "expanded bodies of the unit's community (大党委) and subdistrict (大工委) with a "
            "part-time member on behalf of the unit, or a full-time member who works there "
            "(persons.unit: the subdistrict office's staff); not applicable to a unit without an "
            "organisation of its own (a joint branch is not its own) or outside any "
            "community and subdistrict",
            "在所在社区“大党委”、街道“大工委”中的委员席位数",
            _expanded_seats,
        ),
        Measure(
            "unpaired_unit_links",
            ("community",),
            "in-service members registered at the community by unit_link (按单位报到) "
            "whose unit (the registration's unit, else the member's work unit) is not "
            "paired with the community; each member once; not applicable where no such "
            "registration names a unit",
            "单位未挂点本社区的按单位报到党员数",
            _unpaired_unit_links,
        ),
    )
}
