"""A national model: province models checked apart, on Dask if asked, and merged.

A nation entry file lists province models (:mod:`~partygraph.nation.entry`);
:func:`check_nation` checks each province in a task of its own and merges the
reports (:mod:`~partygraph.nation.merge`).  See ``docs/nation.md``.
"""

from __future__ import annotations

from partygraph.nation.check import MAX_WORKERS, check_nation
from partygraph.nation.entry import NationEntry, ProvinceEntry, is_nation_entry, read_entry
from partygraph.nation.merge import NATION, PROVINCE, merge

__all__ = [
    "MAX_WORKERS",
    "NATION",
    "PROVINCE",
    "NationEntry",
    "ProvinceEntry",
    "check_nation",
    "is_nation_entry",
    "merge",
    "read_entry",
]
