"""partygraph: party-building-led community governance as a typed graph.

Load a model from YAML, build a networkx graph, check coverage and gaps.

Examples
--------
>>> import partygraph
>>> m = partygraph.Model(divisions=[partygraph.Division(id="c", name="示例市", level="city")])
>>> m.to_networkx().number_of_nodes()
1
"""

import os

from partygraph.check import check
from partygraph.errors import ConfigError, ErrorItem, PartygraphError, RulesError
from partygraph.graph import layer
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
    ReserveCadre,
    ServiceCentre,
    ServiceItem,
    Team,
    Unit,
    VolunteerTeam,
)
from partygraph.population import Population
from partygraph.report import Report
from partygraph.synth import synth

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
    "check",
    "layer",
    "load",
    "synth",
]
__version__ = "0.1.0"


def load(path: str | os.PathLike[str], /) -> Model:
    """Load a model from a YAML configuration file (with its includes and tables).

    Raises :class:`ConfigError` listing every problem, each with file, line,
    column and field path.

    Examples
    --------
    >>> import partygraph
    >>> partygraph.load("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    partygraph.errors.ConfigError: no/such/file.yaml: cannot read the file: no such file
    """
    from partygraph.config import load as _load

    return _load(path)
