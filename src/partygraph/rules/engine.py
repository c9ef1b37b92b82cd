"""Evaluate rules over the columnar index, vectorised.

A rule is evaluated for *every* node of its kind at once: filters are numpy
comparisons on attribute columns, ``related`` counts are one ``np.bincount``
over the relation's edge arrays, measures are computed once per kind.  For
single points of failure, :func:`breaks` tells, for the nodes that pass, which
person or unit would make them fail if it were removed alone (a what-if
removal computed from the same arrays).

Examples
--------
>>> from partygraph.model import Model, Division, Grid
>>> from partygraph.index import Index
>>> from partygraph.rules.spec import Requirement
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city")],
...           grids=[Grid(id="g", name="一网格", community="c")])
>>> ctx = Context(Index(m))
>>> req = Requirement.model_validate({"attribute": {"leader": {"present": True}}})
>>> evaluate(ctx, req, "grid").passed.tolist()
[False]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from partygraph.index import BULK_KINDS, Column, unique_pairs
from partygraph.model.population import Array
from partygraph.rules.filters import (
    OPS,
    Pairs,
    can_break,
    column_of,
    compare,
    conditions,
    merge_pairs,
    no_pairs,
    where_at,
    where_breaks,
    where_mask,
)
from partygraph.rules.measures import MEASURES, Context
from partygraph.rules.spec import MeasureRequirement, Related, Requirement

__all__ = [
    "OPS",
    "Eval",
    "breaks",
    "conditions",
    "evaluate",
    "expected_text",
    "related_counts",
    "where_breaks",
    "where_mask",
]

_PEOPLE = ("persons", "units")


@dataclass(frozen=True)
class Eval:
    """A requirement over every node of a kind: whether each passes, whether
    it applies at all (a measure may not), the value found, and labels."""

    passed: Array
    applicable: Array
    value: Array
    labels: Array | None = None


# -- bounds --------------------------------------------------------------------
def _within(ctx: Context, spec: Related | MeasureRequirement, values: Array) -> Array:
    ok = np.ones(values.shape[0], dtype=bool)
    with np.errstate(invalid="ignore"):
        for key, bound in spec.bounds().items():
            b = float(ctx.value(bound))
            ok &= {"min": values >= b, "max": values <= b, "lt": values < b, "gt": values > b}[key]
    return ok


def expected_text(spec: Related | MeasureRequirement, params: dict[str, Any]) -> str:
    """The bounds as an analyst reads them: ``≥ 1``, ``10–20``, ``< 50``.

    Examples
    --------
    >>> expected_text(MeasureRequirement(name="x", min=10, max="$hi"), {"hi": 20})
    '10–20'
    """

    def num(v: Any) -> str:
        v = params[v[1:]] if isinstance(v, str) and v.startswith("$") else v
        return f"{v:g}" if isinstance(v, float) else str(v)

    b = spec.bounds()
    if "min" in b and "max" in b:
        return f"{num(b['min'])}–{num(b['max'])}"
    signs = {"min": "≥", "max": "≤", "lt": "<", "gt": ">"}
    return ", ".join(f"{signs[k]} {num(v)}" for k, v in b.items())


# -- related -------------------------------------------------------------------
def _matching_edges(ctx: Context, spec: Related, kind: str) -> tuple[Array, Array, Array | None]:
    """(focus local position, other end code, person the edge is written with)
    of the edges a ``related`` counts."""
    ix = ctx.index
    edges = ix.edges(spec.relation, spec.role)
    focus, other = (edges.src, edges.dst) if spec.direction == "out" else (edges.dst, edges.src)
    keep = ix.kinds_of(focus) == ix.kind_code(kind)
    if spec.kind is not None:
        keep &= ix.kinds_of(other) == ix.kind_code(spec.kind)
    if spec.where and spec.kind is not None:
        ok = np.zeros(keep.shape[0], dtype=bool)
        ok[keep] = where_at(ctx, spec.kind, spec.where, ix.local(other[keep]))
        keep &= ok
    via = None if edges.via is None else edges.via[keep]
    return ix.local(focus[keep]), other[keep], via


def related_counts(ctx: Context, spec: Related, kind: str) -> Array:
    """For every node of ``kind``, how many distinct related nodes ``spec`` counts.

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> from partygraph.index import Index
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="城区", level="county", parent="c")])
    >>> spec = Related(relation="contains", kind="county")
    >>> related_counts(Context(Index(m)), spec, "city").tolist()
    [1]
    """
    focus, _, _ = _matching_edges(ctx, spec, kind)
    return np.bincount(focus, minlength=ctx.index.nodes(kind).shape[0])


def _related_breaks(ctx: Context, spec: Related, kind: str, passed: Array) -> Pairs:
    """Which removals take a passing node's count out of bounds.  Each counted
    edge is lost with the person or unit at its other end, with the person its
    record names (``via``), or with whoever the other end's filter depends on."""
    ix = ctx.index
    focus, other, via = _matching_edges(ctx, spec, kind)
    counts = np.bincount(focus, minlength=passed.shape[0]).astype(float)
    sel = passed[focus]
    focus, other = focus[sel], other[sel]
    edge = np.arange(focus.shape[0])
    direct = (other >= ix.person_offset) | (ix.kinds_of(other) == ix.kind_code("unit"))
    es, xs = [edge[direct]], [other[direct]]
    if via is not None:
        via = via[sel]
        es.append(edge[via >= 0])
        xs.append(via[via >= 0])
    if spec.where and spec.kind is not None and focus.shape[0] and can_break(spec.kind, spec.where):
        bl, bx = where_breaks(ctx, spec.kind, spec.where, where_mask(ctx, spec.kind, spec.where))
        if bl.shape[0]:
            per = np.bincount(bl, minlength=ix.nodes(spec.kind).shape[0])
            start = np.concatenate([[0], np.cumsum(per)[:-1]])
            ol = ix.local(other)
            reps = per[ol]
            rep = np.repeat(edge, reps)
            offset = np.arange(rep.shape[0]) - np.repeat(np.cumsum(reps) - reps, reps)
            es.append(rep)
            xs.append(bx[start[ol[rep]] + offset])
    e, x = np.concatenate(es), np.concatenate(xs)
    if e.shape[0] == 0:
        return no_pairs()
    lost_edge, lost_x, _, _ = unique_pairs(e, x)  # an edge is lost once per removal
    f, x, k, _ = unique_pairs(focus[lost_edge], lost_x)
    fail = ~_within(ctx, spec, counts[f] - k)
    return f[fail], x[fail]


# -- requirements ----------------------------------------------------------------
def _attribute_eval(ctx: Context, kind: str, conds: dict[str, Any]) -> Eval:
    n = ctx.index.nodes(kind).shape[0]
    passed = np.ones(n, dtype=bool)
    if kind in BULK_KINDS:  # findings are counts per community: no value per row
        for name, op, v in conditions(conds):
            passed &= compare(ctx, column_of(ctx, kind, name), op, v)
        return Eval(passed, np.broadcast_to(True, n), np.broadcast_to(np.nan, n))
    value = np.full(n, np.nan)
    labels = np.empty(n, dtype=object)
    for name, op, v in conditions(conds):
        col = column_of(ctx, kind, name)
        ok = compare(ctx, col, op, v)
        newly = passed & ~ok
        if newly.any():
            if col.spec.type == "num":
                value[newly] = col.values[newly]
            else:
                labels[newly] = [_display(ctx, col, i) for i in np.flatnonzero(newly).tolist()]
        passed &= ok
    return Eval(passed, np.ones(n, dtype=bool), value, labels)


def _display(ctx: Context, col: Column, i: int) -> str | None:
    v = col.values[i]
    if col.spec.type == "ref" and not col.spec.many:
        return None if v < 0 else ctx.index.node_ref(int(v) + col.offset).id
    if col.spec.type == "date":
        return None if np.isnat(v) else str(v)
    if isinstance(v, tuple):
        return "、".join(str(x) for x in v) or None
    return None if v is None else str(v)


def evaluate(ctx: Context, req: Requirement, kind: str) -> Eval:
    """Evaluate a requirement for every node of ``kind``."""
    parts = [_evaluate_part(ctx, t, spec, kind) for t, spec in req.parts()]
    return parts[0] if len(parts) == 1 else _combine(parts, every=True)


def _evaluate_part(ctx: Context, t: str, spec: Any, kind: str) -> Eval:
    n = ctx.index.nodes(kind).shape[0]
    if t == "related":
        counts = related_counts(ctx, spec, kind).astype(float)
        return Eval(_within(ctx, spec, counts), np.ones(n, dtype=bool), counts)
    if t == "attribute":
        return _attribute_eval(ctx, kind, spec)
    if t == "measure":
        m = ctx.measure(spec.name, kind)
        if m.table is not None and m.rows is not None and kind in BULK_KINDS:
            # Judged per grid or compound, the verdicts gathered: a household's
            # value is not shown (its findings are counts per community).
            fits = ~np.isnan(m.table)
            verdict = _within(ctx, spec, m.table) | ~fits
            # Both in one byte per table row, gathered once: 1 passes, 2 applies.
            both = (verdict.astype(np.uint8) | (fits.astype(np.uint8) << 1))[m.rows]
            passed = (both & 1).view(bool)
            return Eval(passed, both > 1, np.broadcast_to(np.nan, n))
        applicable = ~np.isnan(m.values)
        return Eval(_within(ctx, spec, m.values) | ~applicable, applicable, m.values, m.labels)
    parts = [evaluate(ctx, r, kind) for r in spec]
    return _combine(parts, every=t == "all")


def _combine(parts: list[Eval], *, every: bool) -> Eval:
    """``all`` (every part passes) or ``any``; a part that does not apply is left out."""
    n = parts[0].passed.shape[0]
    applicable = np.zeros(n, dtype=bool)
    for p in parts:
        applicable |= p.applicable
    if every:
        passed = np.ones(n, dtype=bool)
        for p in parts:
            passed &= p.passed | ~p.applicable
    else:
        passed = np.zeros(n, dtype=bool)
        for p in parts:
            passed |= p.passed & p.applicable
    # The value shown is that of the first part that fails.
    value = np.full(n, np.nan)
    labels = np.empty(n, dtype=object)
    chosen = np.zeros(n, dtype=bool)
    for p in parts:
        take = ~chosen & p.applicable & ~p.passed
        value[take] = p.value[take]
        if p.labels is not None:
            labels[take] = p.labels[take]
        chosen |= take
    return Eval(passed, applicable, value, labels)


def breaks(ctx: Context, req: Requirement, kind: str, result: Eval) -> Pairs:
    """(node, removed) pairs: nodes of ``kind`` that pass ``req`` now and would
    fail if that one person or unit were removed.

    Examples
    --------
    >>> from partygraph.model import Model, Division, ExpandedBody, PartyOrg, PartTimeMember, Unit
    >>> from partygraph.index import Index
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")],
    ...     units=[Unit(id="u", name="市供电局", type="soe")],
    ...     party_orgs=[PartyOrg(id="o", name="街道党工委", form="working_committee")],
    ...     expanded_bodies=[ExpandedBody(id="e", name="大工委", form="expanded_working_committee",
    ...         core="o", division="c", part_time_members=[])])
    >>> req = Requirement.model_validate({"related": {"relation": "expands", "min": 1}})
    >>> ctx = Context(Index(m))
    >>> result = evaluate(ctx, req, "party_org")
    >>> result.passed.tolist()
    [False, True]
    >>> [a.tolist() for a in breaks(ctx, req, "party_org", result)]  # no person or unit to lose
    [[], []]
    """
    passed = result.passed & result.applicable
    found = [_part_breaks(ctx, t, spec, kind, passed) for t, spec in req.parts()]
    return merge_pairs([f[0] for f in found], [f[1] for f in found])


def _part_breaks(ctx: Context, t: str, spec: Any, kind: str, passed: Array) -> Pairs:
    if t == "related":
        return _related_breaks(ctx, spec, kind, passed)
    if t == "attribute":
        return where_breaks(ctx, kind, spec, passed)
    if t == "measure":
        return _measure_breaks(ctx, spec, kind, passed)
    subs = [(r, evaluate(ctx, r, kind)) for r in spec]
    pairs = [breaks(ctx, r, kind, e) for r, e in subs]
    if t == "all":
        return merge_pairs([p[0] for p in pairs], [p[1] for p in pairs])
    # any: a node fails only if every part that passes now breaks for the same removal.
    need = np.zeros(passed.shape[0], dtype=np.int64)
    for _, e in subs:
        need += e.passed & e.applicable
    f = np.concatenate([p[0] for p in pairs])
    x = np.concatenate([p[1] for p in pairs])
    if f.shape[0] == 0:
        return no_pairs()
    uf, ux, k, _ = unique_pairs(f, x)
    fail = (k == need[uf]) & passed[uf]
    return uf[fail], ux[fail]


def _measure_breaks(ctx: Context, spec: MeasureRequirement, kind: str, passed: Array) -> Pairs:
    measure = MEASURES[spec.name]
    if measure.removal is None:
        return no_pairs()  # nothing a person or unit feeds
    local, removed, delta = measure.removal(ctx, kind)
    sel = passed[local] if local.shape[0] else np.zeros(0, dtype=bool)
    local, removed, delta = local[sel], removed[sel], delta[sel]
    if local.shape[0] == 0:
        return no_pairs()
    ul, ur, _, inverse = unique_pairs(local, removed)
    change = np.bincount(inverse, weights=delta, minlength=ul.shape[0])
    values = ctx.measure(spec.name, kind).values
    fail = ~_within(ctx, spec, values[ul] + change)
    return ul[fail], ur[fail]
