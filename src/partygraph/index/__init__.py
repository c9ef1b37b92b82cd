"""The columnar index the rules run on."""

from partygraph.index.columns import Column
from partygraph.index.core import BULK_KINDS, KIND_NAMES, LEVELS, RELATIONS, ROLES, Index
from partygraph.index.edges import Edges, unique_pairs
from partygraph.index.schema import AttrSpec, attributes

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
