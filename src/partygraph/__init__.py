"""partygraph: party-building-led community governance as a typed graph.

Load a model from YAML, build a networkx graph, check coverage and gaps.

The names below are imported on first use (PEP 562), so ``import partygraph``
and ``partygraph --help`` stay fast: the model needs pydantic, the graph
networkx, the fast tables pyarrow and the diagrams matplotlib, and a command
imports only what it uses.

Examples
--------
>>> import partygraph
>>> m = partygraph.Model(divisions=[partygraph.Division(id="c", name="示例市", level="city")])
>>> m.to_networkx().number_of_nodes()
1
"""

from __future__ import annotations

import importlib
import os

# Not even ``typing`` nor the errors (dataclasses): the console script imports
# this package before the command line's guard against Ctrl-C can run, so this
# import is kept to what the interpreter has loaded already.  mypy reads any
# ``TYPE_CHECKING`` as true.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from partygraph.analysis.assign import assign
    from partygraph.analysis.match import match
    from partygraph.analysis.metrics import metrics
    from partygraph.change import compare, diff, what_if
    from partygraph.errors import ConfigError, ErrorItem, OutputError, PartygraphError, RulesError
    from partygraph.graph import layer
    from partygraph.io.validate import validate
    from partygraph.model import (
        DIVISION_LEVELS,
        DUTIES,
        ORG_FORMS,
        PARENT_LEVEL,
        SECTIONS,
        SERVICE_LEVELS,
        Captain,
        CentralHousehold,
        Compound,
        Department,
        Division,
        Entity,
        ExpandedBody,
        Grid,
        IssueCategory,
        Meeting,
        Model,
        Pairing,
        PartTimeMember,
        PartyOrg,
        Place,
        Population,
        ReserveCadre,
        ServiceCentre,
        ServiceItem,
        Team,
        Unit,
        VolunteerTeam,
    )
    from partygraph.model.report import Report
    from partygraph.normalised import Record
    from partygraph.rules.check import check
    from partygraph.synthetic import synth

__all__ = [
    "DIVISION_LEVELS",
    "DUTIES",
    "ORG_FORMS",
    "PARENT_LEVEL",
    "SECTIONS",
    "SERVICE_LEVELS",
    "Captain",
    "CentralHousehold",
    "Compound",
    "ConfigError",
    "Department",
    "Division",
    "Entity",
    "ErrorItem",
    "ExpandedBody",
    "Grid",
    "IssueCategory",
    "Meeting",
    "Model",
    "OutputError",
    "Pairing",
    "PartTimeMember",
    "PartyOrg",
    "PartygraphError",
    "Place",
    "Population",
    "Report",
    "ReserveCadre",
    "RulesError",
    "ServiceCentre",
    "ServiceItem",
    "Team",
    "Unit",
    "VolunteerTeam",
    "assign",
    "check",
    "compare",
    "diff",
    "layer",
    "load",
    "match",
    "metrics",
    "synth",
    "validate",
    "what_if",
]
__version__ = "0.1.0"

#: Where each lazily imported public name lives.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "DIVISION_LEVELS",
            "DUTIES",
            "ORG_FORMS",
            "PARENT_LEVEL",
            "SECTIONS",
            "SERVICE_LEVELS",
            "Captain",
            "CentralHousehold",
            "Compound",
            "Department",
            "Division",
            "Entity",
            "ExpandedBody",
            "Grid",
            "IssueCategory",
            "Meeting",
            "Model",
            "Pairing",
            "PartTimeMember",
            "PartyOrg",
            "Place",
            "Population",
            "ReserveCadre",
            "ServiceCentre",
            "ServiceItem",
            "Team",
            "Unit",
            "VolunteerTeam",
        ),
        "partygraph.model",
    ),
    **dict.fromkeys(
        ("ConfigError", "ErrorItem", "OutputError", "PartygraphError", "RulesError"),
        "partygraph.errors",
    ),
    "Report": "partygraph.model.report",
    "assign": "partygraph.analysis.assign",
    "check": "partygraph.rules.check",
    "match": "partygraph.analysis.match",
    "metrics": "partygraph.analysis.metrics",
    "layer": "partygraph.graph",
    "synth": "partygraph.synthetic",
    "validate": "partygraph.io.validate",
    **dict.fromkeys(("compare", "diff", "what_if"), "partygraph.change"),
}


def __getattr__(name: str) -> Any:
    if name == "errors":  # a submodule this package used to import eagerly
        return importlib.import_module("partygraph.errors")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'partygraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def load(
    path: str | os.PathLike[str],
    /,
    *,
    normalised: Record | None = None,
    cache: bool | None = None,
) -> Model:
    """Load a model from a YAML configuration file (with its includes and tables).

    Raises :class:`ConfigError` listing every problem, each with file, line,
    column and field path.  ``normalised`` (a :class:`partygraph.normalised.Record`),
    when given, receives a note of every value read in a normalised form.
    ``cache``: read from and write the load cache (``None``: for models of 20 MB
    or more; see :mod:`partygraph.io.cache`).

    Examples
    --------
    >>> import partygraph
    >>> partygraph.load("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    partygraph.errors.ConfigError: no/such/file.yaml: 无法读取文件：文件不存在...
    """
    from partygraph.io.load import load as _load

    return _load(path, normalised=normalised, cache=cache)
