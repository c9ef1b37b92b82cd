"""The diff of two snapshots of a model, keyed by id.

Entities are matched by id, section by section: one in the new snapshot only
is *added*, in the old only *removed*, in both with a field that differs
*changed* (field by field, before → after).  So a renamed or re-parented
entity is a change, never a removal and an addition; a change of a field
that places the entity (``parent``, ``community``, ``division`` ...: the
home fields of :class:`~partygraph.model.base.RefTo`) is also listed as a
*move*.  Links (graph edges) are counted per relation, added and removed.
The bulk tables are compared column by column with numpy
(:mod:`partygraph.change.population`).

Examples
--------
>>> from partygraph.model import Model, Division
>>> old = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="a", name="东门社区", level="community", parent="c")])
>>> new = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="a", name="东城社区", level="community", parent="c"),
...     Division(id="b", name="西门社区", level="community", parent="c")])
>>> d = diff(old, new)
>>> s = d.section("divisions")
>>> [e.id for e in s.added], [(c.id, c.changes[0].before, c.changes[0].after) for c in s.changed]
(['b'], [('a', '东门社区', '东城社区')])
>>> diff(old, old).is_empty()
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from partygraph.change.data import (
    EntityChange,
    EntityRef,
    FieldChange,
    LinkChange,
    ModelDiff,
    Move,
    SectionDiff,
    Snapshot,
)
from partygraph.change.population import community_counts, population_diff
from partygraph.change.scope import Scope, scope_of
from partygraph.model.base import Entity, ref_fields
from partygraph.model.entities import SECTIONS
from partygraph.model.model import Model

__all__ = ["diff", "home_fields"]


def diff(old: Model, new: Model, *, scope: str | None = None) -> ModelDiff:
    """What changed from ``old`` to ``new``, keyed by id.

    Parameters
    ----------
    old, new
        Two snapshots of a model (the earlier first).
    scope
        A division id: only what is at or under it in either snapshot.

    Returns
    -------
    ModelDiff
        Entities added, removed and changed per section, moves, links per
        relation, bulk tables, and population counts per community.
    """
    old_scope, new_scope = scope_of(old, scope), scope_of(new, scope)
    sections = [
        _section_diff(name, old, new, old_scope, new_scope) for name in SECTIONS
    ]
    moves = [m for s in sections for m in _moves(s)]
    tables, bulk_links = population_diff(old, new, old_scope, new_scope)
    links = _link_changes(old, new, old_scope, new_scope, bulk_links)
    return ModelDiff(
        old=_snapshot(old),
        new=_snapshot(new),
        scope=scope,
        sections=sections,
        moves=moves,
        links=links,
        tables=tables,
        communities=community_counts(old, new, old_scope, new_scope),
    )


def _snapshot(model: Model) -> Snapshot:
    return Snapshot(
        name=model.name, snapshot=None if model.snapshot is None else model.snapshot.isoformat()
    )


def _section_diff(name: str, old: Model, new: Model, os_: Scope, ns: Scope) -> SectionDiff:
    before = {e.id: e for e in old.section(name) if os_.has(e.id)}
    after = {e.id: e for e in new.section(name) if ns.has(e.id)}
    changed = []
    for key in before.keys() & after.keys():
        fields = _field_changes(before[key], after[key])
        if fields:
            changed.append(EntityChange(id=key, name=after[key].name, changes=fields))
    changed.sort(key=lambda c: c.id)
    return SectionDiff(
        section=name,
        before=len(before),
        after=len(after),
        added=[_ref(after[k]) for k in sorted(after.keys() - before.keys())],
        removed=[_ref(before[k]) for k in sorted(before.keys() - after.keys())],
        changed=changed,
    )


def _ref(e: Entity) -> EntityRef:
    return EntityRef(id=e.id, name=e.name)


def _field_changes(a: Entity, b: Entity) -> list[FieldChange]:
    if a == b:
        return []
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    return [
        FieldChange(field=f, before=da.get(f), after=db.get(f))
        for f in type(b).model_fields
        if da.get(f) != db.get(f)
    ]


def home_fields(section: str) -> tuple[str, ...]:
    """The fields that place an entity of ``section`` in the hierarchy.

    >>> home_fields("party_orgs")
    ('parent', 'division', 'compound', 'unit', 'grid', 'joint_units')
    """
    return tuple(f.name for f in ref_fields(SECTIONS[section]) if f.ref.home and not f.nested)


def _moves(s: SectionDiff) -> Iterator[Move]:
    homes = home_fields(s.section)
    for c in s.changed:
        for f in c.changes:
            if f.field in homes:
                yield Move(
                    section=s.section, id=c.id, name=c.name, field=f.field,
                    before=f.before, after=f.after,
                )


def _links(model: Model, scope: Scope) -> dict[str, set[tuple[str, str]]]:
    """(holder id, target id) of every reference between structure entities, per relation."""
    out: dict[str, set[tuple[str, str]]] = {}
    for name, cls in SECTIONS.items():
        fields = ref_fields(cls)
        for e in model.section(name):
            if not scope.has(e.id):
                continue
            for f in fields:
                for target in _targets(e, f.name, f.nested, f.many):
                    out.setdefault(f.ref.relation, set()).add((e.id, target))
    return out


def _targets(e: Entity, name: str, nested: str | None, many: bool) -> Iterator[str]:
    holders: list[Any] = [e] if nested is None else list(_as_list(getattr(e, nested)))
    for h in holders:
        value = getattr(h, name)
        yield from (v for v in _as_list(value) if v is not None)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _link_changes(
    old: Model, new: Model, os_: Scope, ns: Scope, bulk: dict[str, tuple[int, int, int, int]]
) -> list[LinkChange]:
    a, b = _links(old, os_), _links(new, ns)
    counts: dict[str, list[int]] = {}
    for relation in sorted(a.keys() | b.keys()):
        x, y = a.get(relation, set()), b.get(relation, set())
        counts[relation] = [len(x), len(y), len(y - x), len(x - y)]
    for relation, (before, after, added, removed) in bulk.items():
        c = counts.setdefault(relation, [0, 0, 0, 0])
        c[0] += before
        c[1] += after
        c[2] += added
        c[3] += removed
    return [
        LinkChange(relation=r, before=c[0], after=c[1], added=c[2], removed=c[3])
        for r, c in sorted(counts.items())
    ]
