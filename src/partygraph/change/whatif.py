"""What if a person left, a unit withdrew, a grid moved: the report's change.

:func:`what_if` edits a copy of the model (:mod:`partygraph.change.edit`:
a person removed leaves their posts vacant, a unit removed takes its
pairings with it), checks both, and compares the reports
(:func:`partygraph.compare`): which findings open, which close, which
coverage drops and where.  For one person or unit removed it agrees with
the single points of failure a check reports (``tests/test_whatif.py``
holds them side by side); it also answers for several removed together,
for moves and for additions, which the single points cannot.

Examples
--------
>>> from partygraph.model import Model, Division, Grid
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
...     Division(id="a", name="东门社区", level="community", parent="c")],
...     grids=[Grid(id="g", name="一网格", community="a")])
>>> d = what_if(m, remove=["g"], packs=["yangjiang"])
>>> [(f.rule, f.node.id) for f in d.closed], d.opened
([('grid.leader', 'g')], [])
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

from pydantic import Field

from partygraph.change.compare import compare
from partygraph.change.data import EntityRef, ReportDiff
from partygraph.change.edit import add as add_entities
from partygraph.change.edit import move as move_entities
from partygraph.change.edit import remove as remove_ids
from partygraph.model.base import Entity
from partygraph.model.model import Model
from partygraph.model.report import Report
from partygraph.rules.check import check
from partygraph.rules.loader import RuleSet

__all__ = ["ReportDelta", "apply", "what_if"]


class ReportDelta(ReportDiff):
    """A :class:`~partygraph.change.data.ReportDiff` of a what-if, with what was changed:
    the ids removed as asked, those removed with them (what required them), the
    moves and the entities added."""

    removed: list[str] = Field(default_factory=list)
    also_removed: list[EntityRef] = Field(default_factory=list)
    moved: dict[str, str] = Field(default_factory=dict)
    added: list[EntityRef] = Field(default_factory=list)


def apply(
    model: Model,
    remove: Iterable[str] = (),
    add: Iterable[Entity] = (),
    move: Mapping[str, str] | None = None,
) -> Model:
    """A copy of ``model`` with ``remove`` removed, then ``move`` moved, then ``add`` added."""
    out = model
    gone = list(remove)
    if gone:
        out = remove_ids(out, gone)
    if move:
        out = move_entities(out, move)
    added = list(add)
    if added:
        out = add_entities(out, added)
        from partygraph.io.validate import validate  # an added entity's references, checked

        validate(out)
    return out


def what_if(
    model: Model,
    remove: Iterable[str] = (),
    add: Iterable[Entity] = (),
    move: Mapping[str, str] | None = None,
    *,
    packs: Sequence[str] | None = None,
    rules: Sequence[str | os.PathLike[str] | RuleSet] = (),
    params: dict[str, float] | None = None,
    scope: str | None = None,
    before: Report | None = None,
) -> ReportDelta:
    """How the check of ``model`` would change with the edits given.

    Parameters
    ----------
    model
        The model as it is (not changed).
    remove
        Ids of entities, persons or households to remove.
    add
        Entities to add (their references are validated).
    move
        Id -> the id of its new parent (community, division ...).
    packs, rules, params, scope
        As for :func:`partygraph.check`.
    before
        The check of ``model`` already made with the same arguments, if any.

    Returns
    -------
    ReportDelta
        Findings opened and closed, coverage before → after, and the edits.
    """
    removed, added = list(remove), list(add)
    changed = apply(model, removed, added, move)

    def run(m: Model) -> Report:
        return check(m, packs=packs, rules=rules, params=params, scope=scope, single_points=False)

    diff = compare(before if before is not None else run(model), run(changed))
    kept = {e.id for e in changed.entities()}
    asked = set(removed)
    also = [
        EntityRef(id=e.id, name=e.name)
        for e in model.entities()
        if e.id not in kept and e.id not in asked
    ]
    return ReportDelta(
        **dict(diff),
        removed=removed,
        also_removed=also,
        moved=dict(move or {}),
        added=[EntityRef(id=e.id, name=e.name) for e in added],
    )
