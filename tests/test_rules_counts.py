"""The shortcuts a check takes at five million households give what the plain
computation gives, on the rules fixture (8 households, 12 persons) worked by hand.

- a rule's per-community counts (``Run._own``): over the rows a mask takes,
  or over those it leaves out, against a count made row by row;
- a related count's filter read at the edges' ends (``where_at``) against the
  whole mask indexed there;
- a household measure given per grid or compound (``MeasureResult(table=...)``)
  judged on the table, against the same rule judged on the gathered values;
- the JSON report's rows written in batches against pydantic's text.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import partygraph
from partygraph.index import Index
from partygraph.model.report import Report
from partygraph.report.render import json_chunks
from partygraph.rules.check import check
from partygraph.rules.engine import evaluate
from partygraph.rules.filters import can_break, where_at, where_mask
from partygraph.rules.loader import PACKS, load_pack
from partygraph.rules.measures import Context, MeasureResult
from partygraph.rules.run import Run
from partygraph.rules.spec import Requirement

FIXTURE = "tests/fixtures/rules/model.yaml"


@pytest.fixture(scope="module")
def model() -> partygraph.Model:
    return partygraph.load(FIXTURE)


@pytest.fixture(scope="module")
def run(model: partygraph.Model) -> Run:
    from partygraph.rules.assemble import assemble

    ix = Index(model)
    compiled = assemble([load_pack(p) for p in PACKS], None)
    return Run(ix, Context(ix, compiled.params), compiled, -1)


def test_households_by_community_by_hand(run: Run) -> None:
    """households.csv: h1-h3 in c1, h4 in c2, and the rest as written there."""
    ix = run.ix
    homes = [ix.entities[h].id if h >= 0 else None for h in ix.kind_homes("household").tolist()]
    assert homes[:4] == ["c1", "c1", "c1", "c2"]
    every = run._own("household", np.ones(ix.n_households, dtype=bool))
    assert {ix.entities[d].id: n for d, n in enumerate(every.tolist()) if n} == dict(
        Counter(h for h in homes if h is not None)
    )


@pytest.mark.parametrize("taken", [[], [0], [0, 3], [0, 1, 2, 4, 5, 6, 7], list(range(8))])
def test_own_counts_rows_taken_or_left(run: Run, taken: list[int]) -> None:
    ix = run.ix
    mask = np.zeros(ix.n_households, dtype=bool)
    mask[taken] = True
    homes = ix.kind_homes("household").tolist()
    expected = [0] * ix.n_divisions
    for i in taken:
        if homes[i] >= 0:
            expected[homes[i]] += 1
    assert run._own("household", mask).tolist() == expected


def test_where_at_is_the_mask_at_those_rows(run: Run) -> None:
    ctx, where = run.ctx, {"member": {"present": True}}
    rows = np.array([0, 11, 3, 3, 0], dtype=np.int64)
    whole = where_mask(ctx, "person", where)
    assert where_at(ctx, "person", where, rows).tolist() == whole[rows].tolist()
    assert where_at(ctx, "grid", {"leader": {"present": True}}, np.array([0, 1])).tolist() == (
        where_mask(ctx, "grid", {"leader": {"present": True}})[[0, 1]].tolist()
    )


def test_can_break_only_on_references_to_people() -> None:
    assert can_break("grid", {"leader": {"present": True}})
    assert not can_break("person", {"member": {"present": True}})
    assert not can_break("party_org", {"form": "branch"})


def test_a_measure_per_table_judged_as_its_values(run: Run) -> None:
    """household.grid_leader's measure, per grid, against the same values given whole."""
    ctx = run.ctx
    req = Requirement.model_validate({"measure": {"name": "grid_led", "min": 1}})
    gathered = ctx.measure("grid_led", "household")
    assert gathered.table is not None
    by_table = evaluate(ctx, req, "household")
    ctx._measures["grid_led", "household"] = MeasureResult(gathered.values.copy())
    try:
        whole = evaluate(ctx, req, "household")
    finally:
        ctx._measures["grid_led", "household"] = gathered
    assert by_table.passed.tolist() == whole.passed.tolist()
    assert by_table.applicable.tolist() == whole.applicable.tolist()
    # h4 is in no grid (households.csv): the measure does not apply to it.
    assert not by_table.applicable[3]


def test_json_batches_are_pydantics_text(model: partygraph.Model) -> None:
    report = check(model)
    assert report.findings and report.coverage and report.candidates and report.single_points
    text = "".join(json_chunks(report))
    assert text == report.model_dump_json(indent=2, exclude={"matching", "metrics"}) + "\n"
    assert Report.model_validate_json(text) == report
