"""A national model: province models checked apart, on Dask if asked, and merged.

A nation entry file lists province models (:mod:`~partygraph.nation.entry`);
:func:`check_nation` checks each province in a task of its own and merges the
reports (:mod:`~partygraph.nation.merge`).  See ``docs/nation.md``.

The names below are imported on first use (PEP 562): ``partygraph check``
asks :func:`is_nation_entry` of every model, and a province model must not
pay for the nation's checker, its merge and the report classes they import.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name lives.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("MAX_WORKERS", "check_nation"), "partygraph.nation.check"),
    **dict.fromkeys(
        ("NationEntry", "ProvinceEntry", "is_nation_entry", "read_entry"),
        "partygraph.nation.entry",
    ),
    **dict.fromkeys(("NATION", "PROVINCE", "merge"), "partygraph.nation.merge"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'partygraph.nation' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """This package, whose ``merge`` is the function, as when it was imported
    eagerly: the first import of the submodule ``merge`` (by the checker, the
    summary) would otherwise bind the module to that name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "merge" and isinstance(value, types.ModuleType):
            value = value.merge
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
