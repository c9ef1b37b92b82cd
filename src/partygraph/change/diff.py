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
    same: set[str] = set()
    sections = [_section_diff(name, old, new, old_scope, new_scope, same) for name in SECTIONS]
    moves = [m for s in sections for m in _moves(s)]
    tables, bulk_links = population_diff(old, new, old_scope, new_scope)
    links = _link_changes(old, new, old_scope, new_scope, bulk_links, same)
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


def _section_diff(
    name: str, old: Model, new: Model, os_: Scope, ns: Scope, same: set[str]
) -> SectionDiff:
    """The section's diff; the ids of its entities equal in both go into ``same``."""
    before = {e.id: e for e in old.section(name) if os_.has(e.id)}
    after = {e.id: e for e in new.section(name) if ns.has(e.id)}
    changed = []
    for key in before.keys() & after.keys():
        fields = _field_changes(before[key], after[key])
        if not fields:
            same.add(key)
        else:
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
                    section=s.section,
                    id=c.id,
                    name=c.name,
                    field=f.field,
                    before=f.before,
                    after=f.after,
                )


def _entity_links(e: Entity) -> dict[str, set[str]]:
    """The targets of an entity's references, per relation."""
    out: dict[str, set[str]] = {}
    values = vars(e)
    for f in ref_fields(type(e)):
        holders = [values] if f.nested is None else [vars(h) for h in values[f.nested]]
        for h in holders:
            v = h[f.name]
            if v is None or v == []:
                continue
            out.setdefault(f.ref.relation, set()).update(v if f.many else (v,))
    return out


def _old_links(
    old: Model, os_: Scope, same: set[str]
) -> tuple[dict[str, list[int]], dict[str, dict[str, set[str]]]]:
    """Per relation [before, after so far, 0, 0] counted on the old snapshot, the
    entities equal in both counted for "after" too; and the links of the others."""
    counts: dict[str, list[int]] = {}
    before: dict[str, dict[str, set[str]]] = {}
    for e in old.entities():
        if not os_.has(e.id):
            continue
        links = _entity_links(e)
        kept = e.id in same
        for relation, targets in links.items():
            c = counts.setdefault(relation, [0, 0, 0, 0])
            c[0] += len(targets)
            c[1] += len(targets) if kept else 0
        if not kept:
            before[e.id] = links
    return counts, before


def _link_changes(
    old: Model,
    new: Model,
    os_: Scope,
    ns: Scope,
    bulk: dict[str, tuple[int, int, int, int]],
    same: set[str],
) -> list[LinkChange]:
    # Links are (holder, target) pairs, so an entity equal in both snapshots
    # (``same``) has the same links in both: only the others are looked at twice.
    counts, before = _old_links(old, os_, same)
    for e in new.entities():
        if e.id in same or not ns.has(e.id):
            continue
        links, was = _entity_links(e), before.pop(e.id, {})
        for relation in links.keys() | was.keys():
            x, y = was.get(relation, set()), links.get(relation, set())
            c = counts.setdefault(relation, [0, 0, 0, 0])
            c[1] += len(y)
            c[2] += len(y - x)
            c[3] += len(x - y)
    for links in before.values():  # entities removed
        for relation, targets in links.items():
            counts[relation][3] += len(targets)
    for relation, four in bulk.items():
        c = counts.setdefault(relation, [0, 0, 0, 0])
        for i in range(4):
            c[i] += four[i]
    return [
        LinkChange(relation=r, before=c[0], after=c[1], added=c[2], removed=c[3])
        for r, c in sorted(counts.items())
    ]
