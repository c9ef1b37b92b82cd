"""Messages of notebooks: one-line reprs, the HTML views of a model and a
report, and the DataFrames.

A repr names its Python class as ``{cls}`` (``Model``, ``Report`` ...), so the
Chinese text holds no English word of its own.
"""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- one-line reprs -------------------------------------------------------------
    "notebook.as_of": ("数据日期 {snapshot}", "as of {snapshot}"),
    "notebook.no_snapshot": ("未注明数据日期", "no snapshot date"),
    "notebook.count_of": ("{count} 个{label}", "{label} {count}"),
    "notebook.households": ("{count} 户", "households {count}"),
    "notebook.persons": ("{count} 人", "persons {count}"),
    "notebook.model_repr": ("<{cls} {name} {date}：{counts}>", "<{cls} {name} {date}: {counts}>"),
    "notebook.empty_model": ("空模型", "empty"),
    "notebook.report_repr": (
        "<{cls} {name} {date}：{counts}；覆盖率 {rows} 行>",
        "<{cls} {name} {date}: {counts}; {rows} coverage rows>",
    ),
    "notebook.node_repr": ("<{cls} {kind} {id} “{name}”>", "<{cls} {kind} {id} {name!r}>"),
    "notebook.finding_repr": (
        "<{cls} {severity} {rule} {kind} {id} “{name}”：{message}>",
        "<{cls} {severity} {rule} {kind} {id} {name!r}: {message}>",
    ),
    "notebook.coverage_repr": (
        "<{cls} {rule} {level} {id} “{name}”：{covered}/{total} {ratio}>",
        "<{cls} {rule} {level} {id} {name!r}: {covered}/{total} {ratio}>",
    ),
    "notebook.candidate_repr": (
        "<{cls} {action} {kind} {id} “{name}”：党员 {members} 人，{current} → {proposed}>",
        "<{cls} {action} {kind} {id} {name!r}: {members} members, {current} → {proposed}>",
    ),
    # -- the HTML views -------------------------------------------------------------
    "notebook.figures": ("主要数字", "key figures"),
    "notebook.kinds": ("各类节点", "nodes by kind"),
    "notebook.forms": ("党组织（按所在层级和组织形式）", "party organisations by level and form"),
    "notebook.head_figure": ("项目|数量", "figure|count"),
    "notebook.head_kind": ("类别|数量", "kind|count"),
    "notebook.head_form": ("层级|组织形式|数量", "level|form|count"),
    "notebook.other_level": ("其他", "other"),
    "notebook.packs": (
        "规则包：{packs}，共 {count} 条规则",
        "packs: {packs} · {count} rules",
    ),
    "notebook.findings": ("问题", "findings"),
    "notebook.coverage_scope": ("覆盖情况：{scope}", "coverage: {scope}"),
    "notebook.head_coverage": (
        "覆盖项|计数对象|达标/总数|覆盖率",
        "rule|counts|passing/total|ratio",
    ),
    "notebook.coverage_units": ("各{level}覆盖情况", "coverage by {level}"),
    "notebook.head_unit": ("单位", "unit"),
    "notebook.worst": ("问题最多的{level}", "most findings, by {level}"),
    "notebook.head_worst": ("单位|错误|警告|提示", "unit|error|warning|info"),
    "notebook.by_rule": (
        "问题清单（按规则，每条最多列 {limit} 处）",
        "findings by rule (at most {limit} each)",
    ),
    "notebook.rule_summary": (
        "{severity} · {message}：{count} 处",
        "{severity} · {message}: {count}",
    ),
    "notebook.head_finding": ("对象|所在位置|情况", "node|where|found"),
    "notebook.more_units": ("……另有 {count} 个单位", "… and {count} more units"),
    "notebook.more_rules": (
        "……另有 {count} 条规则的问题未列出（共 {findings} 处），请用 report.to_pandas() 查看",
        "… findings of {count} more rules not listed ({findings}); see report.to_pandas()",
    ),
    "notebook.no_findings": ("没有发现问题。", "no findings."),
    "notebook.candidates": ("组织设置候选 {count} 个", "candidates: {count}"),
    "notebook.single_points": ("单点风险 {count} 个", "single points of failure: {count}"),
    # -- DataFrames -----------------------------------------------------------------
    "notebook.needs_pandas": (
        "需要 pandas 才能生成表格（DataFrame）：请运行 {command}",
        "pandas is needed for DataFrames: run {command}",
    ),
    "notebook.no_frame": (
        "没有名为 ‘{name}’ 的部分或表；可用的有：{names}",
        "no section or table {name!r}; there are {names}",
    ),
}
