"""Rule filters (``where:``), vectorised: one numpy comparison per condition.

A ``where:`` mapping selects the nodes a rule applies to; :func:`where_breaks`
tells, for the nodes it selects, which person or unit would take them out of
the selection if removed (for single points of failure).

Examples
--------
>>> conditions({"form": "branch", "type": ["a", "b"]})
[('form', 'eq', 'branch'), ('type', 'in', ['a', 'b'])]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from partygraph.index import AttrSpec, Column, attributes, unique_pairs
from partygraph.index.columns import build_column
from partygraph.model.population import Array
from partygraph.rules.measures import Context

__all__ = [
    "OPS",
    "Pairs",
    "can_break",
    "column_of",
    "compare",
    "conditions",
    "merge_pairs",
    "no_pairs",
    "where_at",
    "where_breaks",
    "where_mask",
]

#: Filter operators, by the attribute types they apply to.
OPS: dict[str, tuple[str, ...]] = {
    "eq": ("ref", "num", "bool", "text", "date"),
    "ne": ("ref", "num", "bool", "text", "date"),
    "in": ("ref", "num", "text"),
    "not_in": ("ref", "num", "text"),
    "lt": ("num", "date"),
    "le": ("num", "date"),
    "gt": ("num", "date"),
    "ge": ("num", "date"),
    "present": ("ref", "num", "text", "date", "list"),
    "nonempty": ("text", "list", "ref"),
    "contains": ("list", "ref"),
}
_PEOPLE = ("persons", "units")

Pairs = tuple[Array, Array]


def no_pairs() -> Pairs:
    """No (node, removed) pairs."""
    z = np.zeros(0, dtype=np.int64)
    return z, z


def conditions(where: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """A ``where:`` mapping as (attribute, operator, value) triples.

    Examples
    --------
    >>> conditions({"form": "branch", "type": ["a", "b"], "members": {"ge": 3}})
    [('form', 'eq', 'branch'), ('type', 'in', ['a', 'b']), ('members', 'ge', 3)]
    """
    out: list[tuple[str, str, Any]] = []
    for name, cond in where.items():
        if isinstance(cond, dict):
            out.extend((name, op, v) for op, v in cond.items())
        elif isinstance(cond, list):
            out.append((name, "in", cond))
        else:
            out.append((name, "eq", cond))
    return out


# -- filters -------------------------------------------------------------------
def column_of(ctx: Context, kind: str, name: str) -> Column:
    """The column a condition reads: an attribute of the kind, or a measure's values."""
    if name in attributes(kind):
        return ctx.index.column(kind, name)
    return Column(AttrSpec("num"), ctx.measure(name, kind).values)


def _ref_code(ctx: Context, value: Any) -> int:
    ix = ctx.index
    return ix.code(str(value)) if ix.has(str(value)) else -2


_ORDER = {
    "eq": np.equal,
    "ne": np.not_equal,
    "lt": np.less,
    "le": np.less_equal,
    "gt": np.greater,
    "ge": np.greater_equal,
}


def _present(col: Column) -> Array:
    t, vals = col.spec.type, col.values
    if t == "list" or (t == "ref" and col.spec.many):
        return np.array([len(x) > 0 for x in vals.tolist()], dtype=bool)
    if t == "ref":
        return np.asarray(vals >= 0)
    if t == "num":
        return np.asarray(~np.isnan(vals))
    if t == "date":
        return np.asarray(~np.isnat(vals))
    if t == "bool":
        return np.ones(vals.shape[0], dtype=bool)
    none = np.array(None, dtype=object)
    return np.asarray(np.not_equal(vals, none) & np.not_equal(vals, ""))


def _scalar(ctx: Context, col: Column, value: Any) -> Any:
    """A filter value in the column's terms: a node code, a date, a number."""
    if col.spec.type == "ref":
        code = _ref_code(ctx, value)
        return code - col.offset if code >= col.offset else -2
    if col.spec.type == "date":
        return np.datetime64(value if isinstance(value, dt.date) else str(value), "D")
    return value


def compare(ctx: Context, col: Column, op: str, value: Any) -> Array:
    """Evaluate one condition on a whole column."""
    value = ctx.value(value)
    if op in ("present", "nonempty"):
        has = _present(col)
        return has if value else ~has
    if op == "contains":
        return np.array([value in x for x in col.values.tolist()], dtype=bool)
    if op in ("in", "not_in"):
        hit = np.zeros(col.values.shape[0], dtype=bool)
        for v in value:
            hit |= np.asarray(col.values == _scalar(ctx, col, ctx.value(v)))
        return hit if op == "in" else ~hit
    return np.asarray(_ORDER[op](col.values, _scalar(ctx, col, value)))


def where_mask(ctx: Context, kind: str, where: dict[str, Any]) -> Array:
    """Mask over the nodes of ``kind``: which match every condition of ``where``.

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> from partygraph.index import Index
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="城区", level="county", parent="c", district=True)])
    >>> where_mask(Context(Index(m)), "county", {"district": True}).tolist()
    [True]
    """
    mask = np.ones(ctx.index.nodes(kind).shape[0], dtype=bool)
    for name, op, value in conditions(where):
        mask &= compare(ctx, column_of(ctx, kind, name), op, value)
    return mask


def where_at(ctx: Context, kind: str, where: dict[str, Any], rows: Array) -> Array:
    """``where_mask(ctx, kind, where)[rows]``, the conditions read at those
    nodes only: the members among the few persons a rule's edges reach,
    not among five million.

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> from partygraph.index import Index
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="城区", level="county", parent="c", district=True),
    ...     Division(id="j", name="郊县", level="county", parent="c")])
    >>> where_at(Context(Index(m)), "county", {"district": True}, np.array([1, 1, 0])).tolist()
    [False, False, True]
    """
    ix = ctx.index
    mask = np.ones(rows.shape[0], dtype=bool)
    for name, op, value in conditions(where):
        if name in attributes(kind):
            col = build_column(ix, kind, name, rows)
        else:
            col = Column(AttrSpec("num"), ctx.measure(name, kind).values[rows])
        mask &= compare(ctx, col, op, value)
    return mask


def can_break(kind: str, where: dict[str, Any]) -> bool:
    """Whether removing a person or unit can take a node out of ``where``
    (a condition on a reference to one): else :func:`where_breaks` finds none.

    >>> can_break("grid", {"leader": {"present": True}}), can_break("person", {"member": "full"})
    (True, False)
    """
    for name, _, _ in conditions(where):
        spec = attributes(kind).get(name)
        if spec is not None and spec.type in ("ref", "list") and spec.target in _PEOPLE:
            return True
    return False


def where_breaks(ctx: Context, kind: str, where: dict[str, Any], mask: Array) -> Pairs:
    """(node, person-or-unit) pairs: matching nodes that stop matching ``where``
    if that person or unit is removed (a reference to it becomes empty).

    Examples
    --------
    >>> import numpy as np
    >>> from partygraph.model import Model, Division, Unit
    >>> from partygraph.index import Index
    >>> from partygraph.model.population import Population, TableData, TABLES
    >>> pop = Population.empty()
    >>> pop.tables["persons"] = TableData(TABLES["persons"], {**pop["persons"].columns,
    ...     "id": np.array(["p1"]), "name": np.array(["李明"], dtype=object),
    ...     "household": np.array([-1], dtype=np.int32), "member": np.array([0], dtype=np.int8),
    ...     "org": np.array([-1], dtype=np.int32), "unit": np.array([-1], dtype=np.int32),
    ...     "in_service": np.array([False])})
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")],
    ...     units=[Unit(id="u", name="示例小学", type="school", instructor="p1")], population=pop)
    >>> ix = Index(m)
    >>> nodes, removed = where_breaks(Context(ix), "unit", {"instructor": {"present": True}},
    ...                               np.array([True]))
    >>> nodes.tolist(), [ix.node_ref(x).id for x in removed]
    ([0], ['p1'])
    """
    locals_: list[Array] = []
    removed: list[Array] = []
    for name, op, value in conditions(where):
        spec = attributes(kind).get(name)
        if spec is None or spec.type not in ("ref", "list") or spec.target not in _PEOPLE:
            continue
        col = ctx.index.column(kind, name)
        if spec.many:
            if op not in ("present", "nonempty", "contains"):
                continue
            rows = []
            ix = ctx.index
            for i in np.flatnonzero(mask).tolist():
                items = col.values[i]
                if op == "contains":
                    wanted = str(ctx.value(value))
                    if wanted in items and ix.has(wanted):
                        rows.append((i, ix.code(wanted)))
                elif ctx.value(value) and len(set(items)) == 1 and ix.has(items[0]):
                    rows.append((i, ix.code(items[0])))
            if rows:
                arr = np.array(rows, dtype=np.int64)
                locals_.append(arr[:, 0])
                removed.append(arr[:, 1])
            continue
        empty = Column(spec, np.array([-1], dtype=np.int64))
        if bool(compare(ctx, empty, op, value)[0]):
            continue  # an empty reference still matches
        hit = np.flatnonzero(mask & (col.values >= 0))
        locals_.append(hit)
        removed.append(col.values[hit].astype(np.int64) + col.offset)
    return merge_pairs(locals_, removed)


def merge_pairs(locals_: list[Array], removed: list[Array]) -> Pairs:
    """The (node, removed) pairs of several parts, each pair once."""
    if not locals_:
        return no_pairs()
    a = np.concatenate(locals_)
    b = np.concatenate(removed)
    if a.shape[0] == 0:
        return no_pairs()
    first, second, _, _ = unique_pairs(a, b)
    return first, second
