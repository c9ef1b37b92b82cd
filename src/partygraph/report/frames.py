"""A report as tidy pandas DataFrames, for analysts in notebooks.

It lives in :mod:`partygraph.report` because a report's frames are a
rendering of it like the text or the workbook: they share the report's
sentences (what a finding found, a rule's coverage title) and labels (kinds,
severities, forms), which are declared there.  ``Report.to_pandas`` calls it
lazily (and ``Model.to_pandas`` :mod:`~partygraph.report.model_frames`), and
pandas is imported only when a frame is made: it is an optional extra
(``pip install "partygraph[pandas]"``).

Column names are English ``snake_case`` identifiers (``node_name``,
``community``, ``ratio``): they are typed in notebook code, where a Chinese
input method and full-width punctuation get in the way, and they stay the same
in both languages.  :data:`CHINESE_COLUMNS` maps each to its Chinese header
for a table handed on (``frame.rename(columns=CHINESE_COLUMNS)`` or
:func:`chinese`).  Text columns (a rule's title, what a finding found) follow
the current language; a ``*_zh`` column is always Chinese.

Examples
--------
>>> import partygraph
>>> report = partygraph.check(partygraph.load("tests/fixtures/rules/model.yaml"))
>>> frames = report_frames(report)
>>> frames.findings.groupby("severity", observed=True).size().to_dict()
{'error': 11, 'warning': 26, 'info': 15}
>>> row = frames.findings.iloc[0]
>>> row.node_name, row.community, row.subdistrict_id
('东风小学', '东风社区', 's1')
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import numpy as np

from partygraph.i18n import tr
from partygraph.model.report import SEVERITIES, Finding, NodeRef, Report
from partygraph.report._common import finding_text, message
from partygraph.vocabulary import (
    ACTION_LABELS,
    KIND_LABELS,
    LEVELS,
    ORG_FORM_LABELS,
    SEVERITY_LABELS,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHINESE_COLUMNS",
    "INSTALL",
    "ReportFrames",
    "chinese",
    "pandas",
    "report_frames",
]

#: What to run when pandas is missing.
INSTALL = 'pip install "partygraph[pandas]"'

#: Each column's Chinese header (for ``frame.rename(columns=CHINESE_COLUMNS)``).
CHINESE_COLUMNS: dict[str, str] = {
    "severity": "严重程度代码",
    "severity_zh": "严重程度",
    "rule": "规则",
    "rule_title": "规则名称",
    "node_id": "对象编号",
    "node_name": "对象名称",
    "kind": "对象类别代码",
    "kind_zh": "对象类别",
    **{level: KIND_LABELS[level] for level in LEVELS},
    **{f"{level}_id": KIND_LABELS[level] + "编号" for level in LEVELS},
    "value": "实际值",
    "value_number": "实际值（数值）",
    "expected": "要求",
    "finding": "情况",
    "message": "问题",
    "hint": "建议",
    "counts": "计数对象",
    "level": "层级代码",
    "level_zh": "层级",
    "unit_id": "单位编号",
    "unit_name": "单位名称",
    "parent_id": "上级编号",
    "parent_name": "上级名称",
    "covered": "达标数",
    "total": "总数",
    "ratio": "覆盖率",
    "action": "建议操作代码",
    "action_zh": "建议操作",
    "members": "党员数",
    "current_form": "现组织形式代码",
    "current_form_zh": "现组织形式",
    "proposed_form": "建议组织形式代码",
    "proposed_form_zh": "建议组织形式",
    "measure": "指标",
    "label": "指标名称",
    "count": "个数",
    "min": "最小",
    "median": "中位数",
    "p90": "P90",
    "max": "最大",
    "threshold": "阈值",
    "outliers": "超过阈值个数",
    "new_errors": "新增错误数",
    "rules": "涉及规则",
    "examples": "例子",
}


def pandas() -> Any:
    """The pandas module, or a Chinese (English) message saying how to install it.

    Raises
    ------
    ModuleNotFoundError
        pandas is not installed (an ``ImportError``, as ``import pandas`` gives).
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ModuleNotFoundError(
            tr("notebook.needs_pandas", command=INSTALL), name="pandas"
        ) from exc
    return pd


def chinese(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with Chinese column headers (columns not in :data:`CHINESE_COLUMNS` kept).

    >>> import pandas as pd
    >>> list(chinese(pd.DataFrame({"node_name": [], "ratio": []})).columns)
    ['对象名称', '覆盖率']
    """
    return frame.rename(columns=CHINESE_COLUMNS)


@dataclass(frozen=True)
class ReportFrames:
    """The tables of a report: one DataFrame each.

    ``findings`` a row a finding; ``coverage`` a row a rule at a unit;
    ``candidates`` a row an organisation to set up, upgrade or split; ``load``
    a row a load measure and ``outliers`` a row a node past its threshold;
    ``single_points`` a row a person or unit whose absence opens errors.
    """

    findings: pd.DataFrame
    coverage: pd.DataFrame
    candidates: pd.DataFrame
    load: pd.DataFrame
    outliers: pd.DataFrame
    single_points: pd.DataFrame

    def __iter__(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """``(name, frame)`` pairs, e.g. for ``dict(frames)`` or writing each to a file."""
        for f in fields(self):
            yield f.name, getattr(self, f.name)

    def __repr__(self) -> str:
        shapes = ", ".join(f"{name} {len(df)}×{df.shape[1]}" for name, df in self)
        return f"<ReportFrames {shapes}>"


# -- columns shared by the tables --------------------------------------------------


def _categorical(
    values: Sequence[str | None], categories: Sequence[str], ordered: bool = False
) -> Any:
    """``values`` as a pandas Categorical of ``categories`` (their order kept),
    with any value not among them added at the end."""
    pd = pandas()
    extra = sorted({v for v in values if v is not None} - set(categories))
    return pd.Categorical(values, categories=[*categories, *extra], ordered=ordered)


def _levels(rows: Sequence[tuple[NodeRef, Sequence[NodeRef]]]) -> dict[str, list[str | None]]:
    """One name column and one id column per level (市, 县区, 街道, 社区): the
    node's ancestors of that level, or the node itself when it is a unit of it."""
    out: dict[str, list[str | None]] = {}
    for level in LEVELS:
        out[level], out[f"{level}_id"] = [], []
    for node, chain in rows:
        found = {n.kind: n for n in chain}
        if node.kind in LEVELS:
            found[node.kind] = node
        for level in LEVELS:
            at = found.get(level)
            out[level].append(None if at is None else at.name)
            out[f"{level}_id"].append(None if at is None else at.id)
    return out


def _node_columns(nodes: Sequence[NodeRef]) -> dict[str, Any]:
    kinds = [n.kind for n in nodes]
    return {
        "node_id": [n.id for n in nodes],
        "node_name": [n.name for n in nodes],
        "kind": _categorical(kinds, list(KIND_LABELS)),
        "kind_zh": _categorical(
            [KIND_LABELS.get(k, k) for k in kinds], list(dict.fromkeys(KIND_LABELS.values()))
        ),
    }


def _frame(columns: dict[str, Any], names: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with ``columns`` in the order ``names`` (so an empty report
    gives the same columns)."""
    pd = pandas()
    return pd.DataFrame({name: columns[name] for name in names})


def _numbers(values: Sequence[object]) -> Any:
    """Numeric values as float64 (NaN for text or none)."""
    return np.array(
        [
            float(v) if isinstance(v, int | float) and not isinstance(v, bool) else np.nan
            for v in values
        ],
        dtype=np.float64,
    )


# -- the report's tables -------------------------------------------------------


def report_frames(report: Report) -> ReportFrames:
    """Every table of ``report`` as a DataFrame (see :class:`ReportFrames`)."""
    pandas()
    return ReportFrames(
        findings=_findings(report),
        coverage=_coverage(report),
        candidates=_candidates(report),
        load=_load(report),
        outliers=_outliers(report),
        single_points=_single_points(report),
    )


_LEVEL_COLUMNS = [c for level in LEVELS for c in (level, f"{level}_id")]
_NODE_COLUMNS = ["node_id", "node_name", "kind", "kind_zh"]


def _findings(report: Report) -> pd.DataFrame:
    from partygraph.report.overview import title

    info = {r.id: r for r in report.rules}
    titles = {r.id: title(r) for r in report.rules}
    found: list[Finding] = report.findings
    severities = [f.severity for f in found]
    rules = [f.rule for f in found]
    columns: dict[str, Any] = {
        "severity": _categorical(severities, SEVERITIES, ordered=True),
        "severity_zh": _categorical(
            [SEVERITY_LABELS[s] for s in severities], [SEVERITY_LABELS[s] for s in SEVERITIES], True
        ),
        "rule": _categorical(rules, list(info)),
        "rule_title": [titles.get(r) for r in rules],
        **_node_columns([f.node for f in found]),
        **_levels([(f.node, f.chain) for f in found]),
        "value": pandas().array([f.value for f in found], dtype=object),
        "value_number": _numbers([f.value for f in found]),
        "expected": [f.expected for f in found],
        "finding": [finding_text(f, info.get(f.rule)) for f in found],
        "message": [message(None, f) for f in found],
        "hint": [f.hint for f in found],
    }
    names = ["severity", "severity_zh", "rule", "rule_title", *_NODE_COLUMNS, *_LEVEL_COLUMNS]
    return _frame(
        columns, [*names, "value", "value_number", "expected", "finding", "message", "hint"]
    )


def _coverage(report: Report) -> pd.DataFrame:
    from partygraph.report.overview import counted, title

    info = {r.id: r for r in report.rules}
    titles = {r.id: title(r) for r in report.rules}
    counts = {r.id: counted(r) for r in report.rules}
    rows = report.coverage
    names = {c.node.id: c.node.name for c in rows}
    levels = [c.level for c in rows]
    ratio = [np.nan if c.ratio is None else c.ratio for c in rows]
    columns: dict[str, Any] = {
        "rule": _categorical([c.rule for c in rows], list(info)),
        "rule_title": [titles.get(c.rule) for c in rows],
        "counts": [counts.get(c.rule) for c in rows],
        "level": _categorical(levels, LEVELS, ordered=True),
        "level_zh": _categorical(
            [KIND_LABELS.get(lvl, lvl) for lvl in levels],
            [KIND_LABELS[lvl] for lvl in LEVELS],
            True,
        ),
        "unit_id": [c.node.id for c in rows],
        "unit_name": [c.node.name for c in rows],
        "parent_id": [c.parent for c in rows],
        "parent_name": [None if c.parent is None else names.get(c.parent) for c in rows],
        "covered": np.array([c.covered for c in rows], dtype=np.int64),
        "total": np.array([c.total for c in rows], dtype=np.int64),
        "ratio": np.array(ratio, dtype=np.float64),
    }
    return _frame(columns, list(columns))


def _form(form: str | None) -> str | None:
    return None if form is None else ORG_FORM_LABELS.get(form, form)  # type: ignore[call-overload]


def _candidates(report: Report) -> pd.DataFrame:
    rows = report.candidates
    actions = [c.action for c in rows]
    columns: dict[str, Any] = {
        "action": _categorical(actions, list(ACTION_LABELS)),
        "action_zh": [ACTION_LABELS.get(a, a) for a in actions],
        "rule": [c.rule for c in rows],
        **_node_columns([c.node for c in rows]),
        **_levels([(c.node, c.chain) for c in rows]),
        "members": np.array([c.members for c in rows], dtype=np.int64),
        "current_form": [c.current_form for c in rows],
        "current_form_zh": [_form(c.current_form) for c in rows],
        "proposed_form": [c.proposed_form for c in rows],
        "proposed_form_zh": [_form(c.proposed_form) for c in rows],
    }
    return _frame(columns, list(columns))


def _floats(values: Sequence[float | None]) -> Any:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _load(report: Report) -> pd.DataFrame:
    rows = report.load
    columns: dict[str, Any] = {
        "measure": [s.measure for s in rows],
        "label": [s.label for s in rows],
        "count": np.array([s.count for s in rows], dtype=np.int64),
        **{k: _floats([getattr(s, k) for s in rows]) for k in ("min", "median", "p90", "max")},
        "threshold": _floats([s.threshold for s in rows]),
        "outliers": np.array([len(s.outliers) for s in rows], dtype=np.int64),
    }
    return _frame(columns, list(columns))


def _outliers(report: Report) -> pd.DataFrame:
    pairs = [(s.measure, o) for s in report.load for o in s.outliers]
    columns: dict[str, Any] = {
        "measure": [m for m, _ in pairs],
        **_node_columns([o.node for _, o in pairs]),
        "value": np.array([o.value for _, o in pairs], dtype=np.float64),
    }
    return _frame(columns, list(columns))


def _single_points(report: Report) -> pd.DataFrame:
    rows = report.single_points
    columns: dict[str, Any] = {
        **_node_columns([s.node for s in rows]),
        "new_errors": np.array([s.new_errors for s in rows], dtype=np.int64),
        "rules": [", ".join(s.rules) for s in rows],
        "examples": ["、".join(e.name for e in s.examples) for s in rows],
    }
    return _frame(columns, list(columns))
