"""CSV: a node table and an edge table, for a graph database's bulk import.

Plain headers for pandas and Excel, or the typed headers of
``neo4j-admin database import``.  Text cells that a spreadsheet would run
as a formula get a ``'`` in front (:func:`partygraph.safe_text.neutralise_formula`).
The module is named after its format like its siblings; inside it, ``import
csv`` is still the standard library (imports are absolute).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from partygraph.errors import PartygraphError
from partygraph.export._common import (
    PathLike,
    Scalar,
    as_text,
    edges_of,
    flat_rows,
    graph_of,
    join_list,
    new_dirs,
    plain_value,
    put_lines,
)
from partygraph.export.labels import labelled_edge, labelled_node
from partygraph.io.atomic import write_atomic
from partygraph.model import Model
from partygraph.safe_text import FORMULA_TRIGGERS, neutralise_formula

__all__ = ["CSV_COLUMNS", "csv_paths", "generate_csv", "write_csv"]


#: The fixed leading columns of each table, in ``plain`` and ``neo4j`` headers.
CSV_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "nodes": {
        "plain": ("id", "kind", "kind_zh", "name"),
        "neo4j": ("id:ID", ":LABEL", "kind_zh", "name"),
    },
    "edges": {
        "plain": ("source", "target", "relation", "relation_zh", "key"),
        "neo4j": (":START_ID", ":END_ID", ":TYPE", "relation_zh", "key"),
    },
}


#: First characters of a text cell that the formula guard may change (a quick test).
_SUSPECT = "'" + FORMULA_TRIGGERS


def _cell(value: Any) -> Scalar | None:
    """A fixed column's cell (id, kind, name, relation, key): text neutralised."""
    plain: Scalar | tuple[Any, ...] | None = plain_value(value)
    if isinstance(plain, tuple):
        plain = join_list(plain)
    if isinstance(plain, str) and plain and plain[0] in _SUSPECT:
        return neutralise_formula(plain)
    return plain


def _is_number(value: Any) -> bool:
    return isinstance(plain_value(value), int | float)


def _csv_table(g: Any, table: str) -> tuple[list[str], list[str], list[list[Scalar | None]]]:
    """(attribute columns, their types, rows) of one table; rows start with the fixed cells."""
    if table == "nodes":
        nodes = [(n, labelled_node(d)) for n, d in g.nodes(data=True)]
        fixed: list[tuple[Any, ...]] = [
            (n, d.get("kind"), d.get("kind_zh"), d.get("name")) for n, d in nodes
        ]
        own = ("kind", "kind_zh", "name")
        rest = [{k: v for k, v in d.items() if k not in own} for _, d in nodes]
    else:
        edges = [(u, v, key, labelled_edge(data)) for u, v, key, data in edges_of(g)]
        fixed = [(u, v, d.get("relation"), d.get("relation_zh"), key) for u, v, key, d in edges]
        own = ("relation", "relation_zh", "key")
        rest = [{k: x for k, x in d.items() if k not in own} for *_, d in edges]
    flat, types = flat_rows(rest, f"{table[:-1]} attribute")
    columns = list(dict.fromkeys(k for row in flat for k in row))
    # Only text can be taken for a formula: columns of numbers and bools are left
    # as they are, and so is a number in a column of mixed types.
    text = {c for c in columns if types[c] in ("string", "string[]")}
    rows = []
    for cells, attrs, original in zip(fixed, flat, rest, strict=True):
        for c, v in attrs.items():
            if not (isinstance(v, str) and v and v[0] in _SUSPECT and c in text):
                continue
            if (safe := neutralise_formula(v)) is not v and not _is_number(original[c]):
                attrs[c] = safe
        rows.append([*(_cell(x) for x in cells), *(attrs.get(c) for c in columns)])
    return columns, [types[c] for c in columns], rows


def generate_csv(
    source: Model | Any,
    *,
    population: bool | str = False,
    table: Literal["nodes", "edges"] = "nodes",
    header: Literal["plain", "neo4j"] = "plain",
) -> Iterator[str]:
    """Records of the node table or the edge table, for a graph database's bulk import.

    The node table's columns are ``id, kind, kind_zh, name`` and then every
    other node attribute, in order of first appearance; the edge table's are
    ``source, target, relation, relation_zh, key`` and then every other edge
    attribute (``role_zh`` after ``role``).  ``kind_zh`` and ``relation_zh``
    are the Chinese terms of the kind and the relation
    (:mod:`partygraph.export.labels`).  A missing
    value is an empty cell, a bool ``true`` / ``false``, a tuple its items
    joined by ``;`` (:func:`join_list`).  A text cell starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` in front, so
    that a spreadsheet shows it as text rather than running it as a formula
    (:func:`~partygraph.safe_text.restore_formula` takes it off again);
    numbers and bools are written as they are.  ``header="neo4j"`` writes the
    header ``neo4j-admin database import`` reads: ``id:ID, :LABEL, kind_zh, name, ...`` and
    ``:START_ID, :END_ID, :TYPE, relation_zh, key, ...``, with types such as
    ``size:long``, ``district:boolean``, ``x:double`` and ``duties:string[]``.

    Parameters
    ----------
    source : Model or networkx graph
        See :func:`graph_of`.
    population : bool or str
        See :func:`graph_of`.
    table : {"nodes", "edges"}
        Which table.
    header : {"plain", "neo4j"}
        The header row's style.

    Returns
    -------
    iterator of str
        The header, then one CSV record per node or edge, without line ends
        (a quoted cell may hold a line break).

    Raises
    ------
    PartygraphError
        ``table`` or ``header`` is not one of the choices.

    Examples
    --------
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="k", name="示例区", level="county", parent="c", district=True)])
    >>> print("\\n".join(generate_csv(m)))
    id,kind,kind_zh,name,section,level,district,model_community
    c,city,市,示例市,divisions,city,false,false
    k,county,县(市、区),示例区,divisions,county,true,false
    >>> print("\\n".join(generate_csv(m, table="edges", header="neo4j")))
    :START_ID,:END_ID,:TYPE,relation_zh,key
    c,k,contains,包含,contains
    """
    if table not in CSV_COLUMNS:
        raise PartygraphError(f"table={table!r}: choose 'nodes' or 'edges'")
    if header not in ("plain", "neo4j"):
        raise PartygraphError(f"header={header!r}: choose 'plain' or 'neo4j'")
    g = graph_of(source, population=population)
    return _csv_records(g, table, header)


def _csv_records(g: Any, table: str, header: str) -> Iterator[str]:
    columns, types, rows = _csv_table(g, table)
    if header == "neo4j":
        names = [c if t == "string" else f"{c}:{t}" for c, t in zip(columns, types, strict=True)]
    else:
        names = columns
    buf = io.StringIO()
    # CRLF as the writer's terminator makes it quote cells holding a lone CR too.
    writer = csv.writer(buf, lineterminator="\r\n")
    head: list[Any] = [
        *CSV_COLUMNS[table][header],
        *(neutralise_formula(as_text(n)) for n in names),
    ]
    for row in [head, *rows]:
        writer.writerow(["" if cell is None else as_text(cell) for cell in row])
        yield buf.getvalue()[:-2]
        buf.seek(0)
        buf.truncate()


def csv_paths(path: PathLike) -> tuple[Path, Path]:
    """Where :func:`write_csv` puts the node and edge tables.

    A path ending in ``.csv`` names the pair ``<stem>.nodes.csv`` and
    ``<stem>.edges.csv`` beside it; any other path is a folder holding
    ``nodes.csv`` and ``edges.csv``.

    Examples
    --------
    >>> [p.as_posix() for p in csv_paths("out/yangjiang.csv")]
    ['out/yangjiang.nodes.csv', 'out/yangjiang.edges.csv']
    >>> [p.as_posix() for p in csv_paths("out/tables")]
    ['out/tables/nodes.csv', 'out/tables/edges.csv']
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        stem = path.stem.removesuffix(".nodes").removesuffix(".edges")
        return path.with_name(f"{stem}.nodes.csv"), path.with_name(f"{stem}.edges.csv")
    return path / "nodes.csv", path / "edges.csv"


def write_csv(
    source: Model | Any,
    path: PathLike,
    *,
    population: bool | str = False,
    header: Literal["plain", "neo4j"] = "plain",
    bom: bool = False,
) -> None:
    """Write the node and edge tables (see :func:`generate_csv` and :func:`csv_paths`).

    Both tables are complete before either file is put in place, so an error
    leaves neither.  ``bom=True`` starts each file with a UTF-8 byte-order
    mark, which Excel needs to read Chinese text correctly.

    Examples
    --------
    >>> import csv, pathlib, tempfile
    >>> from partygraph import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_csv(m, pathlib.Path(d) / "m.csv", bom=True)
    ...     with open(pathlib.Path(d) / "m.nodes.csv", encoding="utf-8-sig", newline="") as f:
    ...         next(csv.DictReader(f))["name"]
    '示例市'
    """
    if header not in ("plain", "neo4j"):
        raise PartygraphError(f"header={header!r}: choose 'plain' or 'neo4j'")
    g = graph_of(source, population=population)
    nodes_path, edges_path = csv_paths(path)
    with (
        new_dirs(nodes_path.parent),
        write_atomic(nodes_path) as nodes_file,
        write_atomic(edges_path) as edges_file,
    ):
        put_lines(nodes_file, _csv_records(g, "nodes", header), bom=bom)
        put_lines(edges_file, _csv_records(g, "edges", header), bom=bom)
