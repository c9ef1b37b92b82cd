"""The columnar index the rules run on."""

from partygraph.index.core import (
    BULK_KINDS,
    KIND_NAMES,
    LEVELS,
    RELATIONS,
    ROLES,
    AttrSpec,
    Column,
    Edges,
    Index,
    attributes,
    unique_pairs,
)

__all__ = [
    "BULK_KINDS",
    "KIND_NAMES",
    "LEVELS",
    "RELATIONS",
    "ROLES",
    "AttrSpec",
    "Column",
    "Edges",
    "Index",
    "attributes",
    "unique_pairs",
]
