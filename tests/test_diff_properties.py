"""Properties of partygraph.diff over generated models.

diff(m, m) is empty; and for a new model made from an old one by removals,
renames and moves, what the diff says was added, removed and changed, applied
to the old model, gives the new one's ids, parents and counts.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partygraph.change import diff
from partygraph.change.data import ModelDiff
from partygraph.change.edit import remove
from partygraph.model import SECTIONS, Model

from strategies import models

EXAMPLES = int(os.environ.get("PARTYGRAPH_EXAMPLES", "25"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(models())
def test_a_model_has_no_diff_with_itself(model: Model) -> None:
    d = diff(model, model)
    assert d.is_empty()
    assert all(s.before == s.after == model.count(s.section) for s in d.sections)


def _edited(model: Model, data: st.DataObject) -> Model:
    """``model`` with some entities and rows removed, some renamed, some divisions moved."""
    ids = [e.id for e in model.entities()]
    ids += model.population["households"]["id"].tolist()
    ids += model.population["persons"]["id"].tolist()
    gone = data.draw(st.lists(st.sampled_from(ids), max_size=4)) if ids else []
    out = remove(model, gone)
    sections: dict[str, list[Any]] = {}
    for name in SECTIONS:
        items = list(out.section(name))
        for i, e in enumerate(items):
            if data.draw(st.integers(0, 9)) == 0:
                items[i] = e.model_copy(update={"name": e.name + "新"})
        sections[name] = items
    divisions = sections["divisions"]
    for i, d in enumerate(divisions):
        if d.parent is not None and data.draw(st.integers(0, 4)) == 0:
            peers = [p.id for p in divisions if p.level == divisions_by(divisions, d.parent).level]
            sections["divisions"][i] = d.model_copy(
                update={"parent": data.draw(st.sampled_from(peers))}
            )
    return out.model_copy(update=sections)


def divisions_by(divisions: list[Any], key: str) -> Any:
    return next(d for d in divisions if d.id == key)


def _apply_ids(old: Model, d: ModelDiff) -> dict[str, set[str]]:
    out = {}
    for s in d.sections:
        ids = {e.id for e in old.section(s.section)}
        out[s.section] = (ids - {e.id for e in s.removed}) | {e.id for e in s.added}
    return out


def _apply_parents(old: Model, d: ModelDiff) -> dict[str, str | None]:
    parents = {x.id: x.parent for x in old.divisions}
    for c in d.section("divisions").changed:
        for f in c.changes:
            if f.field == "parent":
                parents[c.id] = f.after
    kept = {x.id for x in old.divisions} - {e.id for e in d.section("divisions").removed}
    return {k: v for k, v in parents.items() if k in kept}


@SETTINGS
@given(models(), st.data())
def test_applying_the_diff_to_old_gives_new(old: Model, data: st.DataObject) -> None:
    new = _edited(old, data)
    d = diff(old, new)
    assert _apply_ids(old, d) == {s: {e.id for e in new.section(s)} for s in SECTIONS}
    added = {e.id for e in d.section("divisions").added}
    parents = _apply_parents(old, d)
    assert parents == {x.id: x.parent for x in new.divisions if x.id not in added}
    for t in d.tables:
        assert t.before == _rows(old, t.table) and t.after == _rows(new, t.table)
        if t.table in ("households", "persons"):
            assert t.before - t.removed + t.added == t.after
            old_ids = set(old.population[t.table]["id"].tolist())
            new_ids = set(new.population[t.table]["id"].tolist())
            assert (t.added, t.removed) == (len(new_ids - old_ids), len(old_ids - new_ids))
    for c in d.communities:
        assert c.households.after == _households_in(new, c.id)
        assert c.households.before == _households_in(old, c.id)
    assert d.is_empty() == (old == new)


def _rows(model: Model, table: str) -> int:
    t = model.population[table]
    if t.spec.has_ids:
        return len(t)
    edge = t.spec.edge
    assert edge is not None
    pairs = set(zip(t[edge.source].tolist(), t[edge.target].tolist(), strict=True))
    return len(pairs)


def _households_in(model: Model, community: str) -> int:
    codes = [i for i, x in enumerate(model.divisions) if x.id == community]
    hh = np.asarray(model.population["households"]["community"])
    return int((hh == codes[0]).sum()) if codes else 0
