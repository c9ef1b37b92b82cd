"""Check a model built in Python as loading checks a model read from files.

A model made with ``Model(...)``, by :func:`partygraph.synth` or by editing a
loaded one has had the shape of each entity checked by pydantic, but not the
references between them.  :func:`validate` runs the resolver's checks
(:mod:`partygraph.io.references`, :mod:`partygraph.io.resolve`) on it: the
bulk tables' codes are turned back into ids and resolved again, as if read
from a file.
"""

from __future__ import annotations

import numpy as np

from partygraph.errors import ConfigError, ErrorItem
from partygraph.io.origins import ModelOrigin, Origin
from partygraph.io.resolve import Bulk, ModelRows, resolve
from partygraph.model import SECTIONS, Entity, Model
from partygraph.model.population import TABLES, Array, TableData, text_array

__all__ = ["target_ids", "validate"]


def validate(model: Model) -> None:
    """Check every reference of ``model``; raise :class:`~partygraph.errors.ConfigError` if wrong.

    The checks are those of :func:`partygraph.load`: ids unique across the
    model, references to entities of the right section and level, no cycle in
    a hierarchy, households in their community, and so on.  Each problem names
    the entity by its place in the model (``grids[3].leader``); its file and
    line are ``None``.

    Examples
    --------
    >>> from partygraph import Division, Grid, Model
    >>> city = Division(id="c", name="示例市", level="city")
    >>> validate(Model(divisions=[city]))
    >>> grid = Grid(id="g1", name="第一网格", community="c", leader="p9")
    >>> try:
    ...     validate(Model(divisions=[city], grids=[grid]))
    ... except ConfigError as exc:
    ...     for e in exc.errors:
    ...         print(e.field, e.file, "|", e.message)
    grids[0].community None | ‘c’是市，但 community 必须是社区
    grids[0].leader None | 找不到 ‘p9’：persons 表里没有这个编号；请把它加到 persons 表，或改正编号
    """
    sections: dict[str, list[Entity]] = {name: model.section(name) for name in SECTIONS}
    origins: dict[str, list[Origin]] = {
        name: [ModelOrigin(i) for i in range(len(items))] for name, items in sections.items()
    }
    errors: list[ErrorItem] = []
    bulks = {name: _bulk(model, name, errors) for name in TABLES}
    _, problems = resolve(sections, origins, bulks)
    errors += problems
    if errors:
        raise ConfigError(dict.fromkeys(errors))


def target_ids(model: Model, target: str) -> Array:
    """The ids a reference column's codes point into (a section or a bulk
    table), then ``""``: code ``-1`` (no reference) picks it."""
    if target in TABLES:
        ids = model.population[target]["id"]
    else:
        ids = text_array([e.id for e in model.section(target)])
    return np.append(ids, text_array([""]))


def _bulk(model: Model, name: str, errors: list[ErrorItem]) -> Bulk:
    """A bulk table of ``model`` as the resolver takes it: references as ids."""
    table = model.population.tables.get(name)
    spec = TABLES[name]
    columns = _columns(table, errors) if table is not None else None
    if columns is None:
        columns = TableData.empty(spec).columns
    n = len(next(iter(columns.values())))
    out = dict(columns)
    for col in spec.columns:
        if col.type == "ref":
            assert col.target is not None
            ids = target_ids(model, col.target)
            codes = np.asarray(columns[col.name], dtype=np.int64)
            wrong = np.flatnonzero((codes < -1) | (codes >= len(ids) - 1))
            for row in wrong.tolist():
                message = f"code {codes[row]} is out of range (-1 to {len(ids) - 2})"
                errors.append(ErrorItem(None, None, None, f"{name}[{row}].{col.name}", message))
            out[col.name] = ids[np.where((codes < -1) | (codes >= len(ids) - 1), -1, codes)]
    empty = np.zeros(n, dtype=np.int16)
    return Bulk(out, [], empty, empty.astype(np.int32), ModelRows(name))


def _columns(table: TableData, errors: list[ErrorItem]) -> dict[str, Array] | None:
    """The table's columns, or ``None`` (reported) when one is missing or of another length."""
    name = table.spec.name
    n = len(table.columns.get(table.spec.columns[0].name, ()))
    for col in table.spec.columns:
        values = table.columns.get(col.name)
        if values is None or len(values) != n:
            problem = "is missing" if values is None else f"has {len(values)} rows, not {n}"
            errors.append(ErrorItem(None, None, None, f"{name}.{col.name}", f"column {problem}"))
            return None
    return table.columns
