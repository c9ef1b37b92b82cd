"""Parquet: the node table and the edge table, typed, for pandas, DuckDB, Spark, Power BI.

A Parquet file holds one table, so the graph is written as two, named as the
CSV tables are (:func:`parquet_paths`): ``-o out/yangjiang.parquet`` writes
``out/yangjiang.nodes.parquet`` and ``out/yangjiang.edges.parquet``; any other
path is a folder holding ``nodes.parquet`` and ``edges.parquet``.  The
columns are those of :mod:`partygraph.export.csv` (``id, kind, kind_zh,
name, ...`` and ``source, target, relation, relation_zh, key, ...``), each
with a type: text ``string``, whole numbers ``int64``, other numbers
``double``, yes/no ``bool``, the model's date fields ``date32``, lists
``list<string>``; a missing value is null.  No formula guard: Parquet is
read by programs, not opened in a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import typing
from functools import cache
from pathlib import Path
from typing import Any

from partygraph.export._common import PathLike, edges_of, graph_of, new_dirs, plain_value
from partygraph.export.labels import labelled_edge, labelled_node
from partygraph.io.atomic import write_atomic
from partygraph.model import SECTIONS, Model, unwrap_type
from partygraph.model.population import TABLES

__all__ = ["PARQUET_COLUMNS", "parquet_paths", "parquet_tables", "write_parquet"]

#: The fixed leading columns of each table (as in the CSV tables).
PARQUET_COLUMNS: dict[str, tuple[str, ...]] = {
    "nodes": ("id", "kind", "kind_zh", "name"),
    "edges": ("source", "target", "relation", "relation_zh", "key"),
}


@cache
def _date_attributes() -> frozenset[str]:
    names = {"last_meeting"}  # the graph's own: a body's latest meeting (graph.build)
    for cls in SECTIONS.values():
        hints = typing.get_type_hints(cls)
        names |= {n for n in cls.model_fields if unwrap_type(hints[n])[0] is dt.date}
    for spec in TABLES.values():
        names |= {c.name for c in spec.columns if c.type == "date"}
    return frozenset(names)


#: Attributes written as ``date32``: the model's date fields (the graph holds
#: them as ISO text), when every value of the column is a date.
_DATE_ATTRIBUTES: frozenset[str] = _date_attributes()


def parquet_paths(path: PathLike) -> tuple[Path, Path]:
    """Where :func:`write_parquet` puts the node and edge tables.

    Examples
    --------
    >>> [p.as_posix() for p in parquet_paths("out/yangjiang.parquet")]
    ['out/yangjiang.nodes.parquet', 'out/yangjiang.edges.parquet']
    >>> [p.as_posix() for p in parquet_paths("out/tables")]
    ['out/tables/nodes.parquet', 'out/tables/edges.parquet']
    """
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        stem = path.stem.removesuffix(".nodes").removesuffix(".edges")
        return path.with_name(f"{stem}.nodes.parquet"), path.with_name(f"{stem}.edges.parquet")
    return path / "nodes.parquet", path / "edges.parquet"


def _rows(g: Any, table: str) -> list[dict[str, Any]]:
    if table == "nodes":
        return [{"id": str(n), **labelled_node(d)} for n, d in g.nodes(data=True)]
    return [
        {"source": str(u), "target": str(v), **labelled_edge(d), "key": key}
        for u, v, key, d in edges_of(g)
    ]


def _column(name: str, values: list[Any]) -> Any:
    """One typed Arrow column from the plain values of a table's column."""
    import pyarrow as pa  # type: ignore[import-untyped]

    kinds = frozenset(type(v) for v in values if v is not None)
    simple = {frozenset({bool}): pa.bool_(), frozenset({int}): pa.int64()}
    if kinds in simple:
        return pa.array(values, type=simple[kinds])
    if kinds and kinds <= {int, float}:
        return pa.array([None if v is None else float(v) for v in values], type=pa.float64())
    if kinds == {tuple}:
        items = [None if v is None else [_text(x) for x in v] for v in values]
        return pa.array(items, type=pa.list_(pa.string()))
    texts = [None if v is None else _text(v) for v in values]
    if name in _DATE_ATTRIBUTES and kinds == {str}:
        days = [_day(t) for t in texts]
        if all(d is not None for d, t in zip(days, texts, strict=True) if t is not None):
            return pa.array(days, type=pa.date32())
    return pa.array(texts, type=pa.string())


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _day(text: str | None) -> dt.date | None:
    try:
        return None if text is None else dt.date.fromisoformat(text)
    except ValueError:
        return None


def _table(rows: list[dict[str, Any]], fixed: tuple[str, ...]) -> Any:
    import pyarrow as pa

    plain = [{k: plain_value(v) for k, v in row.items()} for row in rows]
    rest = list(dict.fromkeys(k for row in plain for k in row if k not in fixed))
    columns = {name: [row.get(name) for row in plain] for name in (*fixed, *rest)}
    # Ids, names and the fixed columns are text whatever their values look like.
    arrays = [
        pa.array([None if v is None else _text(v) for v in values], type=pa.string())
        if name in fixed
        else _column(name, values)
        for name, values in columns.items()
    ]
    return pa.Table.from_arrays(arrays, names=list(columns))


def parquet_tables(source: Model | Any, *, population: bool | str = False) -> tuple[Any, Any]:
    """The node table and the edge table as :class:`pyarrow.Table`.

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`~partygraph.export.graph_of`.
    population : bool or str
        See :func:`~partygraph.export.graph_of`.

    Returns
    -------
    (pyarrow.Table, pyarrow.Table)
        Nodes, then edges; columns as the module says.

    Examples
    --------
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city",
    ...     valid_from="2020-01-01")])
    >>> nodes, edges = parquet_tables(m)
    >>> nodes.column_names[:5], str(nodes.schema.field("valid_from").type)
    (['id', 'kind', 'kind_zh', 'name', 'section'], 'date32[day]')
    >>> nodes.to_pylist()[0]["kind_zh"], edges.num_rows
    ('市', 0)
    """
    g = graph_of(source, population=population)
    return (
        _table(_rows(g, "nodes"), PARQUET_COLUMNS["nodes"]),
        _table(_rows(g, "edges"), PARQUET_COLUMNS["edges"]),
    )


def write_parquet(source: Model | Any, path: PathLike, *, population: bool | str = False) -> None:
    """Write the node and edge tables as Parquet (see :func:`parquet_paths`).

    Both tables are built before either file is put in place, and each goes
    through a temporary file: an error leaves neither.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pyarrow.parquet as pq
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_parquet(m, pathlib.Path(d) / "m.parquet")
    ...     pq.read_table(pathlib.Path(d) / "m.nodes.parquet").column("name").to_pylist()
    ['示例市']
    """
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    nodes, edges = parquet_tables(source, population=population)
    nodes_path, edges_path = parquet_paths(path)
    with (
        new_dirs(nodes_path.parent),
        write_atomic(nodes_path, binary=True) as nodes_file,
        write_atomic(edges_path, binary=True) as edges_file,
    ):
        pq.write_table(nodes, nodes_file)
        pq.write_table(edges, edges_file)
