"""Presenting a check: the report data, its text/JSON/Markdown/CSV renderings,
and the model summary."""

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
    "row",
]
