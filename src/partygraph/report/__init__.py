"""Presenting a check: the report data, its text/JSON/Markdown/CSV renderings,
and the model summary.

:func:`attach` (the optional sections ``matching`` and ``metrics``) is
imported on first use: it needs the analyses (networkx), which a check alone
does not.
"""

from typing import Any

from partygraph.model.report import (
    SCHEMA_VERSION,
    SEVERITIES,
    Candidate,
    CoverageRow,
    Finding,
    LoadStat,
    NodeRef,
    Outlier,
    Report,
    RuleInfo,
    Severity,
    SinglePoint,
    row,
)

__all__ = [
    "SCHEMA_VERSION",
    "SEVERITIES",
    "Candidate",
    "CoverageRow",
    "Finding",
    "LoadStat",
    "NodeRef",
    "Outlier",
    "Report",
    "RuleInfo",
    "Severity",
    "SinglePoint",
    "attach",
    "row",
]


def __getattr__(name: str) -> Any:
    if name == "attach":
        from partygraph.report.analyses import attach

        return attach
    raise AttributeError(f"module 'partygraph.report' has no attribute {name!r}")
