"""A model's section or bulk table as a pandas DataFrame (``Model.to_pandas``).

A section is an entity a row and a field a column; a bulk table (households,
persons and their links) comes from its numpy columns with no Python loop
over rows, so a city's million households convert in a second or two.  The
column conventions and the message when pandas is missing are those of
:mod:`partygraph.report.frames`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from partygraph.errors import UnknownNameError
from partygraph.i18n import tr
from partygraph.model.entities import SECTIONS
from partygraph.report.frames import pandas

if TYPE_CHECKING:
    import pandas as pd

    from partygraph.model import Model

__all__ = ["model_frame"]


def model_frame(model: Model, name: str) -> pd.DataFrame:
    """A section of ``model`` (an entity a row, a column a field) or a bulk
    table (from its numpy columns, with no Python loop over rows).

    In a bulk table a reference is the id it points to (missing: ``<NA>``),
    an ``enum`` column a Categorical of its codes, an ``int`` column the
    nullable ``Int64`` (an empty cell is ``<NA>``, never ``-1``), a date
    ``datetime64``.

    >>> import partygraph
    >>> m = partygraph.load("tests/fixtures/rules/model.yaml")
    >>> h = model_frame(m, "households")
    >>> h.loc[0, "id"], h.loc[0, "community"], str(h["size"].dtype)
    ('h1', 'c1', 'Int64')
    >>> model_frame(m, "people")
    Traceback (most recent call last):
    ...
    partygraph.errors.UnknownNameError: 没有名为 ‘people’ 的部分或表；可用的有：divisions, ...
    """
    pandas()
    if name in model.population.tables:
        return _bulk_frame(model, name)
    if name in SECTIONS:
        return _section_frame(model, name)
    names = [*SECTIONS, *model.population.tables]
    raise UnknownNameError(
        tr("notebook.no_frame", name=name, names=", ".join(names)), key=name, choices=names
    )


def _section_frame(model: Model, name: str) -> pd.DataFrame:
    pd = pandas()
    fields_ = list(SECTIONS[name].model_fields)
    records = [e.model_dump() for e in model.section(name)]
    frame = pd.DataFrame.from_records(records, columns=fields_)
    for col, info in SECTIONS[name].model_fields.items():
        if "datetime.date" in str(info.annotation):  # a date field: datetime64, NaT for none
            frame[col] = pd.to_datetime(frame[col])
    return frame


def _target_ids(model: Model, target: str) -> Any:
    """The ids a reference column's codes point into, as a Python-string array."""
    if target in model.population.tables:
        return model.population[target]["id"].astype(object)
    return np.array([e.id for e in model.section(target)], dtype=object)


def _bulk_frame(model: Model, name: str) -> pd.DataFrame:
    pd = pandas()
    table = model.population[name]
    columns: dict[str, Any] = {}
    for col in table.spec.columns:
        values = table[col.name]
        if col.type in ("id", "str"):
            # Python strings, so pandas gives its default text dtype (as in every frame here)
            columns[col.name] = pd.Series(values.astype(object), dtype=None)
        elif col.type == "ref":
            assert col.target is not None
            codes = np.asarray(values, dtype=np.int64)
            # code -1 (no reference) picks the None appended at the end
            ids = np.append(_target_ids(model, col.target), np.array([None], dtype=object))
            columns[col.name] = pd.Series(ids[codes])
        elif col.type == "enum":
            columns[col.name] = pd.Categorical.from_codes(
                np.asarray(values, dtype=np.int64), col.choices
            )
        elif col.type == "int":
            ints = np.asarray(values, dtype=np.int64)
            columns[col.name] = pd.arrays.IntegerArray(ints, ints == -1)
        else:  # bool, date
            columns[col.name] = values
    return pd.DataFrame(columns)
