"""A check report as terminal text, JSON, Markdown or CSV.

``render(report, fmt)`` returns the text; ``write_report(report, path)``
writes it atomically, the format taken from the file suffix unless given.
JSON is the whole :class:`~partygraph.model.report.Report` (schema in
``docs/report.md``, with ``schema_version``); CSV is the findings table, one
row per finding, with the chain split into city, county, subdistrict and
community columns.  Text and Markdown are summaries for people: they list at
most ``limit`` findings per rule and say how many more there are.

Examples
--------
>>> from partygraph.model.report import Report, Finding, NodeRef
>>> r = Report(model="示例市", findings=[Finding(rule="grid.leader", severity="error",
...     node=NodeRef(id="g1", kind="grid", name="一网格"), value=0, expected="leader ≥ 1",
...     message="网格未配备党员网格长", message_en="grid has no party-member leader",
...     hint="选配网格长")])
>>> render(r, "csv").splitlines()[1].split(",")[:5]
['error', 'grid.leader', 'g1', 'grid', '一网格']
>>> "网格未配备党员网格长" in render(r, "markdown")
True
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path

from partygraph.errors import PartygraphError
from partygraph.io.atomic import write_atomic
from partygraph.model.report import SEVERITIES, CoverageRow, Finding, NodeRef, Report
from partygraph.vocabulary import ACTION_LABELS, LEVELS, REPORT_FORMATS, SEVERITY_LABELS

__all__ = ["CSV_COLUMNS", "FORMATS", "render", "write_report"]

#: Output formats, and the file suffixes that select them (declared in the vocabulary).
FORMATS: dict[str, tuple[str, ...]] = REPORT_FORMATS
#: Columns of the CSV findings table.
CSV_COLUMNS: tuple[str, ...] = (
    "severity",
    "rule",
    "node_id",
    "node_kind",
    "node_name",
    *LEVELS,
    "value",
    "expected",
    "message",
    "message_en",
    "hint",
)


def render(report: Report, fmt: str = "text", *, limit: int = 20) -> str:
    """The report as ``text``, ``json``, ``markdown`` or ``csv``.

    Parameters
    ----------
    report
        What :func:`partygraph.rules.check.check` returned.
    fmt
        One of :data:`FORMATS`.
    limit
        Findings listed per rule in text and Markdown (JSON and CSV list all).

    Raises
    ------
    PartygraphError
        For an unknown format.

    Examples
    --------
    >>> from partygraph.model.report import Report
    >>> print(render(Report(model="示例市"), "text"), end="")
    示例市 — 检查报告 check report
    packs:  · 0 rules
    findings: 0 error · 0 warning · 0 info
    """
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "markdown":
        return _markdown(report, limit)
    if fmt == "text":
        return _text(report, limit)
    raise PartygraphError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")


def write_report(
    report: Report, path: str | os.PathLike[str], fmt: str | None = None, *, limit: int = 20
) -> str:
    """Write the report to ``path`` atomically; returns the format used.

    Without ``fmt`` the suffix decides (``.json``, ``.md``, ``.csv``, else
    text).  CSV files start with a byte-order mark so spreadsheets read the
    Chinese text as UTF-8.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from partygraph.model.report import Report
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_report(Report(model="示例市"), pathlib.Path(d) / "report.md")
    'markdown'
    """
    path = Path(path)
    if fmt is None:
        suffix = path.suffix.lower()
        fmt = next((f for f, sfx in FORMATS.items() if suffix in sfx), "text")
    text = render(report, fmt, limit=limit)
    with write_atomic(path) as f:
        f.write(("\ufeff" if fmt == "csv" else "") + text)
    return fmt


# -- helpers -------------------------------------------------------------------
def _num(v: float | int | str | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _pct(row: CoverageRow) -> str:
    return "—" if row.ratio is None else f"{row.ratio:.1%}"


def _place(chain: Iterable[NodeRef]) -> str:
    return " › ".join(n.name for n in chain)


def _by_rule(report: Report, severity: str) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.severity == severity:
            out.setdefault(f.rule, []).append(f)
    return out


def _top_rows(report: Report) -> list[CoverageRow]:
    """Coverage rows of the top level reported: the city, or the scope."""
    if not report.coverage:
        return []
    top = min(LEVELS.index(c.level) for c in report.coverage)
    return [c for c in report.coverage if LEVELS.index(c.level) == top]


def _summary_line(report: Report) -> str:
    counts = report.counts()
    return " · ".join(f"{counts[s]} {s}" for s in SEVERITIES)


# -- text ----------------------------------------------------------------------------
def _text(report: Report, limit: int) -> str:
    lines = [
        f"{report.model} — 检查报告 check report"
        + (f" (as of {report.snapshot})" if report.snapshot else ""),
        f"packs: {', '.join(report.packs)} · {len(report.rules)} rules",
        f"findings: {_summary_line(report)}",
    ]
    messages = {r.id: r for r in report.rules}
    for severity in SEVERITIES:
        groups = _by_rule(report, severity)
        if not groups:
            continue
        total = sum(len(v) for v in groups.values())
        lines += ["", f"{SEVERITY_LABELS[severity]} {severity} ({total})"]
        for rule_id, found in groups.items():
            info = messages.get(rule_id)
            head = info.message if info else found[0].message
            lines.append(f"  [{rule_id}] {head} — {len(found)}")
            for f in found[:limit]:
                where = _place(f.chain)
                lines.append(
                    f"    {f.node.name} ({f.node.id})"
                    + (f"  {where}" if where else "")
                    + f"  value {_num(f.value)}"
                    + (f", expected {f.expected}" if f.expected else "")
                )
            if len(found) > limit:
                lines.append(f"    … and {len(found) - limit} more")
            lines.append(f"    提示 hint: {found[0].hint}")
    return "\n".join(lines + _text_tail(report, limit)) + "\n"


def _text_tail(report: Report, limit: int) -> list[str]:
    """Coverage, candidates, load and single points, as text lines."""
    lines: list[str] = []
    top = _top_rows(report)
    if top:
        lines += ["", "覆盖率 coverage"]
        lines += [
            f"  {r.node.name:<8} {r.rule:<42} {r.covered:>9,}/{r.total:<9,} {_pct(r):>7}"
            for r in top
        ]
    if report.candidates:
        lines += ["", f"候选 candidates ({len(report.candidates)})"]
        for c in report.candidates[: limit * 3]:
            lines.append(
                f"  {ACTION_LABELS[c.action]:<10} {c.node.name} ({c.node.id}) "
                f"{c.members} members  {c.current_form or '—'} → {c.proposed_form or '—'}"
            )
        if len(report.candidates) > limit * 3:
            lines.append(f"  … and {len(report.candidates) - limit * 3} more")
    if report.load:
        lines += ["", "负荷 load (count, min, median, p90, max; threshold: outliers)"]
        for s in report.load:
            lines.append(
                f"  {s.label} {s.measure}: {s.count}, {_num(s.min)}, {_num(s.median)}, "
                f"{_num(s.p90)}, {_num(s.max)}; > {_num(s.threshold)}: {len(s.outliers)}"
            )
    if report.single_points:
        lines += ["", f"单点风险 single points of failure ({len(report.single_points)})"]
        for p in report.single_points[:limit]:
            lines.append(
                f"  {p.node.name} ({p.node.kind} {p.node.id}): {p.new_errors} new errors "
                f"({', '.join(p.rules)})"
            )
        if len(report.single_points) > limit:
            lines.append(f"  … and {len(report.single_points) - limit} more")
    return lines


# -- markdown -----------------------------------------------------------------------
def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: Iterable[list[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def _markdown(report: Report, limit: int) -> str:
    counts = report.counts()
    lines = [
        f"# {report.model}：检查报告",
        "",
        f"- 数据日期 snapshot：{report.snapshot or '—'}",
        f"- 规则包 packs：{', '.join(report.packs)}（{len(report.rules)} 条规则）",
        f"- 问题 findings：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}",
    ]
    top = _top_rows(report)
    messages = {r.id: r for r in report.rules}
    if top:
        lines += ["", "## 覆盖率 Coverage", ""]
        lines += _table(
            ["范围", "规则 rule", "说明", "覆盖", "总数", "覆盖率"],
            (
                [
                    r.node.name,
                    f"`{r.rule}`",
                    messages[r.rule].message if r.rule in messages else "",
                    r.covered,
                    r.total,
                    _pct(r),
                ]
                for r in top
            ),
        )
    for severity in SEVERITIES:
        groups = _by_rule(report, severity)
        if not groups:
            continue
        lines += ["", f"## {SEVERITY_LABELS[severity]} {severity.capitalize()}"]
        for rule_id, found in groups.items():
            info = messages.get(rule_id)
            lines += ["", f"### `{rule_id}` {info.message if info else found[0].message}"]
            lines += ["", f"共 {len(found)} 处。建议：{found[0].hint}", ""]
            lines += _table(
                ["节点 node", "所在 where", "值 value", "要求 expected"],
                (
                    [
                        f"{f.node.name}（{f.node.id}）",
                        _place(f.chain) or "—",
                        _num(f.value),
                        f.expected or "—",
                    ]
                    for f in found[:limit]
                ),
            )
            if len(found) > limit:
                lines += ["", f"另有 {len(found) - limit} 处未列出（完整清单见 CSV 或 JSON）。"]
    if report.candidates:
        lines += ["", "## 组织设置候选 Candidates", ""]
        lines += _table(
            ["建议 action", "组织/单位", "所在", "党员数", "现形式", "建议形式", "规则"],
            (
                [
                    ACTION_LABELS[c.action],
                    f"{c.node.name}（{c.node.id}）",
                    _place(c.chain) or "—",
                    c.members,
                    c.current_form or "—",
                    c.proposed_form or "—",
                    f"`{c.rule}`",
                ]
                for c in report.candidates
            ),
        )
    if report.load:
        lines += ["", "## 负荷 Load", ""]
        lines += _table(
            ["指标", "数量", "最小", "中位数", "P90", "最大", "阈值", "超阈值"],
            (
                [
                    s.label,
                    s.count,
                    _num(s.min),
                    _num(s.median),
                    _num(s.p90),
                    _num(s.max),
                    _num(s.threshold),
                    len(s.outliers),
                ]
                for s in report.load
            ),
        )
    if report.single_points:
        lines += ["", "## 单点风险 Single points of failure", ""]
        lines += _table(
            ["人员/单位", "新增错误", "涉及规则", "例如"],
            (
                [
                    f"{p.node.name}（{p.node.id}）",
                    p.new_errors,
                    ", ".join(p.rules),
                    "、".join(e.name for e in p.examples),
                ]
                for p in report.single_points[:limit]
            ),
        )
    return "\n".join(lines) + "\n"


# -- csv ---------------------------------------------------------------------------
def _csv(report: Report) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for f in report.findings:
        levels = {n.kind: n.name for n in [*f.chain, f.node]}
        w.writerow(
            [
                f.severity,
                f.rule,
                f.node.id,
                f.node.kind,
                f.node.name,
                *(levels.get(lvl, "") for lvl in LEVELS),
                "" if f.value is None else _num(f.value),
                f.expected or "",
                f.message,
                f.message_en,
                f.hint,
            ]
        )
    return buf.getvalue()
