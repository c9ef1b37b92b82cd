"""The index's shortcuts (session 7) give what the general paths give.

Person ids are looked up once per index and, when the persons table is in id
order, without sorting it; ``local`` and ``kinds_of`` take one pass when the
codes are of one kind; report rows with every field are built directly.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import partygraph
from partygraph.index import Index, core
from partygraph.model.population import text_array
from partygraph.model.report import CoverageRow, Finding, NodeRef, row

MODEL = Path(__file__).parent / "fixtures" / "rules" / "model.yaml"


@pytest.fixture(scope="module")
def model() -> partygraph.Model:
    return partygraph.load(MODEL)


def test_person_ids_unsorted_and_sorted(model: partygraph.Model) -> None:
    ids = model.population["persons"]["id"].tolist()
    assert ids != sorted(ids)  # the fixture's table is out of order: the sorting path
    ix = Index(model)
    first = ix.person_offset
    wanted = [ids[5], None, ids[0], "nobody", ids[5], ids[-1]]
    expected = [first + 5, -1, first, -1, first + 5, first + len(ids) - 1]
    assert ix._person_codes_of(wanted) == expected
    assert ix._person_memo == {
        ids[5]: first + 5,
        ids[0]: first,
        "nobody": -1,
        ids[-1]: expected[-1],
    }
    assert ix._person_codes_of(wanted) == expected  # from what was kept


@pytest.mark.parametrize(
    ("ids", "order"),
    [(["p1", "p2", "p2", "p9"], [0, 1, 2, 3]), (["p9", "p2", "p1", "p2"], [2, 1, 3, 0])],
)
def test_sorted_person_ids(ids: list[str], order: list[int]) -> None:
    """A table already in id order is used as it is; else sorted, ties in row order."""
    column = text_array(ids)
    fake = SimpleNamespace(
        _person_sorted=None, model=SimpleNamespace(population={"persons": {"id": column}})
    )
    found, at = Index._persons_sorted(fake)  # type: ignore[arg-type]
    assert found.tolist() == sorted(ids) and at.tolist() == order
    assert (found is column) == (ids == sorted(ids))


def test_person_ids_in_one_search(model: partygraph.Model, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``_BISECT_MAX`` ids, one ``searchsorted`` finds the same codes."""
    ids = model.population["persons"]["id"].tolist()
    wanted = [*reversed(ids), "nobody", None]
    one_by_one = Index(model)._person_codes_of(wanted)
    monkeypatch.setattr(core, "_BISECT_MAX", 0)
    together = Index(model)._person_codes_of(wanted)
    first = Index(model).person_offset
    assert together == one_by_one == [first + i for i in reversed(range(len(ids)))] + [-1, -1]


def test_local_and_kinds_of_one_kind_or_mixed(model: partygraph.Model) -> None:
    ix = Index(model)
    grids = ix.nodes("grid")
    households = ix.nodes("household")
    persons = ix.nodes("person")
    assert ix.local(grids[::-1]).tolist() == list(reversed(range(grids.shape[0])))
    assert ix.local(households).tolist() == list(range(households.shape[0]))
    assert ix.local(persons[1:3]).tolist() == [1, 2]
    mixed = np.array([persons[2], grids[1], households[3]])
    assert ix.local(mixed).tolist() == [2, 1, 3]
    grid, household, person = (ix.kind_code(k) for k in ("grid", "household", "person"))
    assert ix.kinds_of(grids).tolist() == [grid] * grids.shape[0]
    assert ix.kinds_of(households).tolist() == [household] * households.shape[0]
    assert ix.kinds_of(persons).tolist() == [person] * persons.shape[0]
    assert ix.kinds_of(mixed).tolist() == [person, grid, household]
    assert ix.local(np.zeros(0, dtype=np.int64)).shape == (0,)


def test_rows_with_every_field_equal_validated_rows() -> None:
    node = NodeRef(id="g1", kind="grid", name="一网格")
    values = {
        "rule": "grid.leader",
        "severity": "error",
        "node": node,
        "chain": [node],
        "value": 3,
        "expected": "≥ 1",
        "message": "网格无网格长",
        "message_en": "grid has no leader",
        "hint": "指定一名党员任网格长",
    }
    made, checked = row(Finding, **values), Finding(**values)
    assert made == checked and made.model_dump_json() == checked.model_dump_json()
    assert made.model_fields_set == set(values)
    assert list(vars(made)) == list(Finding.model_fields)  # in the fields' order
    # Defaults left out: pydantic fills them in.
    short = {k: v for k, v in values.items() if k not in ("chain", "value", "expected")}
    assert row(Finding, **short) == Finding(**short)
    assert row(Finding, **short).model_fields_set == set(short)
    cov = row(
        CoverageRow, rule="r", node=node, level="city", parent=None, covered=1, total=2, ratio=0.5
    )
    assert cov == CoverageRow(rule="r", node=node, level="city", covered=1, total=2, ratio=0.5)
