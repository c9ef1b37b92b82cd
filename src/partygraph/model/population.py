"""Households, persons and their links, held column by column.

A city has about a million households and a province thirty million: one
pydantic object or one graph node per row would cost gigabytes.  So these
*bulk tables* are stored as numpy arrays, one per column (see :data:`TABLES`):
ids and text in numpy's variable-width :class:`~numpy.dtypes.StringDType` (a
short id costs 16 bytes, where a Python string costs about 60), references as
``int32`` codes into the target's row order (``-1`` for none), dates as
``datetime64[D]`` (``NaT`` for none).  Rules and rollups run
on these arrays; :meth:`partygraph.Model.to_networkx` turns rows into nodes only
when asked.

Examples
--------
>>> [c.name for c in TABLES["households"].columns]
['id', 'community', 'residents_group', 'grid', 'compound', 'size']
>>> pop = Population.empty()
>>> len(pop["households"])
0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from partygraph.errors import UnknownNameError
from partygraph.i18n import tr
from partygraph.vocabulary import MEMBER_STATUS, REGISTRATION_BASIS

__all__ = [
    "TABLES",
    "TEXT",
    "Column",
    "EdgeSpec",
    "Population",
    "TableData",
    "TableSpec",
    "text_array",
]

#: The dtype of id and text columns: strings of any length, each held inline
#: when short (up to 15 bytes of UTF-8) and in an arena otherwise.
TEXT = np.dtypes.StringDType()

ColumnType = Literal["id", "ref", "str", "int", "bool", "date", "enum"]


@dataclass(frozen=True)
class Column:
    """One column of a bulk table.

    ``target`` names what a ``ref`` points to: a model section (``divisions``,
    ``party_orgs``, ...) or another bulk table (``households``, ``persons``);
    ``level`` narrows a ``divisions`` reference to one administrative level.
    ``choices`` lists an ``enum`` column's values; code ``i`` stores
    ``choices[i]`` and ``-1`` an empty cell.

    As with :class:`~partygraph.model.entities.RefTo`, ``relation`` names the
    graph edge a ``ref`` column of a table with ids becomes (one of
    :data:`partygraph.vocabulary.RELATIONS`): from the row to its target, or
    from the target to the row with ``reverse``.  ``replaces`` names another
    column of the same relation whose edge this column's replaces where both
    are set (a household is contained in its residents' group, else in its
    community).  ``home`` marks the column that places a row in the
    administrative hierarchy, directly or through the row it names.
    """

    name: str
    type: ColumnType
    required: bool = False
    target: str | None = None
    level: str | None = None
    choices: tuple[str, ...] = ()
    doc: str = ""
    relation: str | None = None
    reverse: bool = False
    replaces: str | None = None
    home: bool = False


@dataclass(frozen=True)
class EdgeSpec:
    """The edge each row of a link table is: ``relation`` from the node the
    ``source`` column names to the node the ``target`` column names; the row's
    other columns are the edge's attributes.  A row written twice is one edge.
    """

    relation: str
    source: str
    target: str


@dataclass(frozen=True)
class TableSpec:
    """A bulk table: its name, columns and what one row means; ``edge`` says
    which edge a row of a link table (one without ids) is."""

    name: str
    columns: tuple[Column, ...]
    doc: str = ""
    edge: EdgeSpec | None = None

    def column(self, name: str) -> Column:
        """The column called ``name``.

        >>> TABLES["persons"].column("member").choices
        ('full', 'probationary')
        >>> TABLES["persons"].column("age")
        Traceback (most recent call last):
        ...
        partygraph.errors.UnknownNameError: persons 表没有 ‘age’ 列；它的列有：...
        """
        for col in self.columns:
            if col.name == name:
                return col
        raise _no_column(self, name)

    @property
    def has_ids(self) -> bool:
        return self.columns[0].type == "id"


#: The bulk tables, in load order (a table may only reference those before it).
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "households",
            (
                Column("id", "id", required=True),
                Column(
                    "community",
                    "ref",
                    True,
                    "divisions",
                    "community",
                    relation="contains",
                    reverse=True,
                    home=True,
                ),
                Column(
                    "residents_group",
                    "ref",
                    False,
                    "divisions",
                    "residents_group",
                    relation="contains",
                    reverse=True,
                    replaces="community",
                ),
                Column("grid", "ref", False, "grids", relation="in_grid"),
                Column("compound", "ref", False, "compounds", relation="in_compound"),
                Column("size", "int", doc="persons living in the household"),
            ),
            "户: one row per household, placed in the grid (街到居、居到组、组到户).",
        ),
        TableSpec(
            "persons",
            (
                Column("id", "id", required=True),
                Column("name", "str"),
                Column("household", "ref", False, "households", relation="lives_in", home=True),
                Column("member", "enum", choices=MEMBER_STATUS, doc="party membership"),
                Column(
                    "org",
                    "ref",
                    False,
                    "party_orgs",
                    doc="party organisation of membership",
                    relation="member_of",
                ),
                Column(
                    "unit", "ref", False, "units", doc="work unit (在职党员)", relation="works_at"
                ),
                Column("in_service", "bool"),
            ),
            "人: residents and party members; posts in the model name them by id.",
        ),
        TableSpec(
            "central_household_links",
            (
                Column("central_household", "ref", True, "central_households"),
                Column("household", "ref", True, "households", home=True),
                Column("last_visit", "date"),
            ),
            "联系户: a central household and an ordinary household it visits.",
            EdgeSpec("linked_to", "central_household", "household"),
        ),
        TableSpec(
            "registrations",
            (
                Column("person", "ref", True, "persons"),
                Column("community", "ref", True, "divisions", "community", home=True),
                Column("basis", "enum", True, choices=REGISTRATION_BASIS),
                Column("unit", "ref", False, "units"),
                Column("date", "date"),
            ),
            "双报到: an in-service party member registered at a community.",
            EdgeSpec("registered_at", "person", "community"),
        ),
    )
}

Array = npt.NDArray[Any]


def _no_table(name: str, tables: list[str]) -> UnknownNameError:
    """The error for asking a population for a table it does not have."""
    return UnknownNameError(
        tr("model.no_table", name=name, tables=", ".join(tables)), key=name, choices=tables
    )


def _no_column(spec: TableSpec, name: str) -> UnknownNameError:
    names = [c.name for c in spec.columns]
    return UnknownNameError(
        tr("model.no_column", name=name, table=spec.name, columns=", ".join(names)),
        key=name,
        choices=names,
    )


def text_array(values: Any) -> Array:
    """``values`` (a list or array of ``str``) as a :data:`TEXT` array; no copy
    if it already is one.

    >>> text_array(["h1", "户2"]).tolist()
    ['h1', '户2']
    """
    return np.asarray(values, dtype=TEXT)


def _empty_column(col: Column) -> Array:
    if col.type in ("id", "str"):
        return text_array([])
    if col.type == "date":
        return np.array([], dtype="datetime64[D]")
    if col.type == "bool":
        return np.array([], dtype=bool)
    if col.type == "enum":
        return np.array([], dtype=np.int8)
    return np.array([], dtype=np.int32 if col.type == "ref" else np.int64)


@dataclass
class TableData:
    """The rows of one bulk table, as one numpy array per column.

    ``ref`` columns hold int32 codes into the target's order (``-1``: none);
    ``int`` columns hold int64 with ``-1`` for an empty cell; ``enum`` columns
    int8 codes into the column's ``choices``; ``id`` and ``str`` columns are
    :data:`TEXT` (other string arrays are converted).  ``source`` holds, per row,
    the file index into ``files`` and ``line`` its line number, so that errors
    found later (in checks) can still point at the row.
    """

    spec: TableSpec
    columns: dict[str, Array]
    files: list[str] = field(default_factory=list)
    source: Array = field(default_factory=lambda: np.array([], dtype=np.int16))
    line: Array = field(default_factory=lambda: np.array([], dtype=np.int32))

    def __post_init__(self) -> None:
        for col in self.spec.columns:
            if col.type in ("id", "str") and col.name in self.columns:
                self.columns[col.name] = text_array(self.columns[col.name])
        self.line = np.asarray(self.line, dtype=np.int32)

    def __len__(self) -> int:
        first = self.spec.columns[0].name
        return int(self.columns[first].shape[0])

    def __getitem__(self, name: str) -> Array:
        try:
            return self.columns[name]
        except KeyError:
            raise _no_column(self.spec, name) from None

    @classmethod
    def empty(cls, spec: TableSpec) -> TableData:
        return cls(spec, {c.name: _empty_column(c) for c in spec.columns})

    def where(self, row: int) -> tuple[str | None, int | None]:
        """File and line a row came from (``(None, None)`` if built in memory)."""
        if row >= self.line.shape[0]:
            return None, None
        return self.files[int(self.source[row])], int(self.line[row])

    def equals(self, other: TableData) -> bool:
        """Same columns and values (where rows came from does not matter)."""
        if self.spec.name != other.spec.name or len(self) != len(other):
            return False
        return all(_same(self.columns[c], other.columns[c]) for c in self.columns)


def _same(a: Array, b: Array) -> bool:
    """Equal arrays; NaT equals NaT (an empty date cell on both sides)."""
    return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "mMf"))


class Population:
    """All bulk tables of a model (households, persons and their links).

    Examples
    --------
    >>> pop = Population.empty()
    >>> sorted(pop.tables)
    ['central_household_links', 'households', 'persons', 'registrations']
    """

    def __init__(self, tables: dict[str, TableData]) -> None:
        self.tables = tables

    @classmethod
    def empty(cls) -> Population:
        return cls({name: TableData.empty(spec) for name, spec in TABLES.items()})

    def __getitem__(self, name: str) -> TableData:
        """The bulk table called ``name``.

        >>> Population.empty()["flats"]
        Traceback (most recent call last):
        ...
        partygraph.errors.UnknownNameError: 没有名为 ‘flats’ 的批量表；批量表有：households, ...
        """
        try:
            return self.tables[name]
        except KeyError:
            raise _no_table(name, list(self.tables)) from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Population):
            return NotImplemented
        return self.tables.keys() == other.tables.keys() and all(
            t.equals(other.tables[n]) for n, t in self.tables.items()
        )

    __hash__ = None  # type: ignore[assignment]  # mutable container

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(t)}" for n, t in self.tables.items())
        return f"Population({sizes})"
