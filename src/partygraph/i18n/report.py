"""Messages of reports and summaries: headings, findings as sentences, labels.

A table header is one message, its cells separated by ``|``.  What one
finding found is said by its rule (``finding:`` in the pack, see
``docs/rules.md``); ``report.value_fallback`` is the sentence of a rule that
gives none.
"""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- what every rendering shares ------------------------------------------------
    "report.severity_count": ("{label} {count}", "{count} {label}"),
    "report.value_fallback": ("{message}（实际为 {value}）", "{message} (value {value})"),
    "report.node": ("{name}（{id}）", "{name} ({id})"),
    "report.list_separator": ("、", ", "),
    "report.unknown_format": (
        "未知的报告格式“{format}”；可用的格式：{formats}",
        "unknown format {format!r}; formats are {formats}",
    ),
    "report.non_finite": (
        "报告中有 {count} 个数值不是有限数（NaN 或无穷大），JSON 中写为 null",
        "{count} report values are NaN or infinite; written as null (JSON has no NaN)",
    ),
    "report.non_finite.one": (
        "报告中有 {count} 个数值不是有限数（NaN 或无穷大），JSON 中写为 null",
        "{count} report value is NaN or infinite; written as null (JSON has no NaN)",
    ),
    # -- the text report -------------------------------------------------------------
    "report.title": ("{model} — 检查报告", "{model} — check report"),
    "report.as_of": ("（数据日期 {snapshot}）", " (as of {snapshot})"),
    "report.packs_line": ("规则包：{packs}，共 {count} 条规则", "packs: {packs} · {count} rules"),
    "report.findings_line": ("问题：{summary}", "findings: {summary}"),
    "report.severity_head": ("{label}（{count} 处）", "{label} ({count})"),
    "report.rule_head": ("[{rule}] {message}：{count} 处", "[{rule}] {message} — {count}"),
    "report.more": ("……另有 {count} 处", "… and {count} more"),
    "report.more_items": ("……另有 {count} 个", "… and {count} more"),
    "report.hint": ("建议：{hint}", "advice: {hint}"),
    "report.candidates": ("组织设置候选（{count} 个）", "candidates ({count})"),
    "report.candidate_line": (
        "{action}  {node}  党员 {members} 人  {current} → {proposed}",
        "{action}  {node}  {members} members  {current} → {proposed}",
    ),
    "report.load": (
        "负荷（个数、最小、中位数、P90、最大；超过阈值的个数）",
        "load (count, min, median, p90, max; threshold: outliers)",
    ),
    "report.load_line": (
        "{label}（{measure}）：{count} 个，最小 {min}，中位数 {median}，P90 {p90}，最大 {max}；"
        "超过 {threshold} 的 {outliers} 个",
        "{label} {measure}: {count}, {min}, {median}, {p90}, {max}; > {threshold}: {outliers}",
    ),
    "report.single_points": ("单点风险（{count} 个）", "single points of failure ({count})"),
    "report.single_point_line": (
        "{name}（{kind} {id}）：缺了会新增 {errors} 个错误（{rules}）",
        "{name} ({kind} {id}): {errors} new errors ({rules})",
    ),
    # -- the overview every report leads with ------------------------------------------
    "report.counted": ("{covered}/{total} 个{noun}", "{covered}/{total} {noun}"),
    "report.counted_measure": ("{covered}/{total} {noun}", "{covered}/{total} {noun}"),
    "report.overview.head": ("概览：{scope}", "overview: {scope}"),
    "report.overview.units": (
        "下一级：{level}（{count} 个）",
        "one level down: {level} ({count})",
    ),
    "report.overview.levels": (
        "逐级：{levels}（{count} 个）",
        "level by level: {levels} ({count})",
    ),
    "report.overview.deeper": (
        "，用 --depth {depth} 可逐级列到{label}",
        "; --depth {depth} lists every {label}",
    ),
    "report.overview.division": ("区划", "division"),
    "report.overview.worst": (
        "问题最多的 {count} 个{level}（先比错误数，再比警告、提示）",
        "the {count} {level} with the most findings (errors first, then warnings, infos)",
    ),
    "report.overview.worst.one": (
        "问题最多的 {count} 个{level}（先比错误数，再比警告、提示）",
        "the {count} {level} with findings",
    ),
    "report.overview.worst_header": (
        "{level}|所在|错误|警告|提示",
        "{level}|where|error|warning|info",
    ),
    "report.overview.rules": ("其余各项覆盖率（{scope}）", "every other coverage figure ({scope})"),
    "report.overview.rules_all": ("各项覆盖率（{scope}）", "coverage figures ({scope})"),
    "report.depth.help": (
        "覆盖率逐级列到哪一级：--depth county（县、市、区）、--depth subdistrict（街道）"
        "或 --depth community（社区），各单位缩进列在上级之下；也可写中文：县、街道、社区。"
        "默认：只列范围的下一级",
        "how far down the coverage goes: county, subdistrict or community, each unit "
        "indented under its parent. Default: one level below the scope",
    ),
    "report.depth.bad": (
        "“{value}”不是可列的层级：请写 --depth county、--depth subdistrict 或 "
        "--depth community（也可写 县、街道、社区）",
        "{value!r} is not a level to list: write county, subdistrict or community",
    ),
    "report.depth.above_scope": (
        "--depth {depth}：范围“{scope}”本身已是{level}，其下没有这一级；"
        "请写比它低的层级，例如 --depth community",
        "--depth {depth}: the scope {scope!r} is a {level} itself, with no such level "
        "under it; name a lower level, e.g. --depth community",
    ),
    # -- the Markdown report ----------------------------------------------------------
    "report.md.title": ("# {model}：检查报告", "# {model}: check report"),
    "report.md.snapshot": ("- 数据日期：{snapshot}", "- snapshot: {snapshot}"),
    "report.md.packs": ("- 规则包：{packs}（{count} 条规则）", "- packs: {packs} ({count} rules)"),
    "report.md.findings": (
        "- 问题：错误 {error}，警告 {warning}，提示 {info}",
        "- findings: {error} error, {warning} warning, {info} info",
    ),
    "report.md.overview": ("## 概览：{scope}", "## Overview: {scope}"),
    "report.md.figures_header": ("指标|覆盖率|覆盖/总数", "figure|coverage|covered/total"),
    "report.md.subhead": ("### {title}", "### {title}"),
    "report.md.severity": ("## {label}", "## {label}"),
    "report.md.rule_count": ("共 {count} 处。建议：{hint}", "{count} found. Advice: {hint}"),
    "report.md.findings_header": ("节点|所在|情况", "node|where|finding"),
    "report.md.more": (
        "另有 {count} 处未列出（完整清单见 CSV 或 JSON）。",
        "{count} more not listed (the CSV and JSON list them all).",
    ),
    "report.md.candidates": ("## 组织设置候选", "## Candidates"),
    "report.md.candidates_header": (
        "建议|组织/单位|所在|党员数|现形式|建议形式|规则",
        "action|organisation or unit|where|members|form|proposed form|rule",
    ),
    "report.md.load": ("## 负荷", "## Load"),
    "report.md.load_header": (
        "指标|数量|最小|中位数|P90|最大|阈值|超阈值",
        "measure|count|min|median|p90|max|threshold|above",
    ),
    "report.md.single_points": ("## 单点风险", "## Single points of failure"),
    "report.md.single_points_header": (
        "人员/单位|新增错误|涉及规则|例如",
        "person or unit|new errors|rules|for example",
    ),
    # -- the summary -------------------------------------------------------------------
    "report.summary.figures": ("主要数字：", "key figures:"),
    "report.summary.kinds": ("各类节点：", "nodes by kind:"),
    "report.summary.forms": (
        "党组织（按所在层级和组织形式）：",
        "party organisations by level and form:",
    ),
    "report.summary.other": ("其他", "other"),
    "report.unknown_suffix": (
        "报告不能写成 {suffix} 文件：按后缀可写 {suffixes}（Excel 能直接打开 .csv），"
        "或用 --format 指明格式",
        "a report cannot be written as a {suffix} file: the suffixes are {suffixes} "
        "(Excel opens .csv), or name the format with --format",
    ),
    "report.with.help": (
        "同时列出分析：--with matching（需求对接：挂点社区的需求由谁满足，及优化挂点安排的结果）、"
        "--with metrics（网络：兼任岗位最多的人、跨社区的联系人、社区与市里的唯一联系），"
        "两项都要写 --with matching,metrics；也可写中文：需求对接、网络、全部",
        "add analyses: --with matching (which needs of the paired communities are met, and the "
        "best pairing's totals), --with metrics (who holds most posts, who bridges communities); "
        "both: --with matching,metrics",
    ),
    "report.with.bad": (
        "不认识“{value}”：请写 --with matching（需求对接）、--with metrics（网络）"
        "或 --with all（全部），多项用逗号分开，例如 --with matching,metrics",
        "--with does not know {value!r}: the choices are matching, metrics or all, "
        "comma-separated, e.g. --with matching,metrics",
    ),
    "report.matching.head": ("需求对接", "Needs and resources"),
    "report.matching.worst": (
        "需求未能全由本社区挂点单位满足的社区（没有单位提供的多的在前，列出 {count} 个）",
        "communities whose own paired unit does not meet every need (most needs offered by "
        "none first; {count} listed)",
    ),
    "report.matching.community_line": (
        "{name}（{id}）  {place}  挂点单位：{units}；需求 {needs} 项：本单位满足 {met}，"
        "其他单位可满足 {elsewhere}，无单位提供 {unmet}{which}",
        "{name} ({id})  {place}  paired with: {units}; {needs} needs: {met} met, "
        "{elsewhere} elsewhere, {unmet} by none{which}",
    ),
    "report.matching.which": ("（{needs}）", " ({needs})"),
    "report.matching.unmet_head": (
        "没有单位提供的需求（按需求汇总，前 {count} 项）",
        "needs no paired unit offers (by need, first {count})",
    ),
    "report.matching.none": ("模型中没有列出需求的挂点社区", "no paired community lists needs"),
    "report.matching.header": (
        "社区|所在|挂点单位|需求|本单位满足|其他单位可满足|无单位提供|无单位提供的需求",
        "community|where|paired units|needs|met|elsewhere|by none|needs by none",
    ),
    "report.matching.need_header": ("需求|社区数", "need|communities"),
    "report.metrics.head": ("关键人物", "Key persons and units"),
    "report.metrics.header": (
        "名称|所在|岗位数|岗位|联系社区数|中介中心度|约束度|有效规模|两步可达社区|两步可达住户",
        "name|where|posts|roles|communities|betweenness|constraint|effective size|"
        "reach (communities)|reach (households)",
    ),
    "report.metrics.sole_header": ("单位|只靠它联系的社区数", "unit|communities it alone links"),
    "report.sheet.matching": ("需求对接", "Matching"),
    "report.sheet.metrics": ("关键人物", "Key persons"),
    "report.col.network": ("网络", "network"),
    "report.network.persons": ("人员网络", "persons"),
    "report.network.units": ("单位网络", "units"),
    "report.network.orgs": ("党组织网络", "party organisations"),
    "report.col.list": ("名单", "list"),
    "report.col.paired_units": ("挂点单位", "paired units"),
    "report.col.needs": ("需求数", "needs"),
    "report.col.met": ("本单位满足", "met"),
    "report.col.elsewhere": ("其他单位可满足", "offered elsewhere"),
    "report.col.unmet": ("无单位提供", "offered by none"),
    "report.col.elsewhere_needs": ("其他单位可满足的需求", "needs offered elsewhere"),
    "report.col.unmet_needs": ("无单位提供的需求", "needs offered by none"),
    "report.col.posts": ("岗位数", "posts"),
    "report.col.roles": ("岗位", "roles"),
    "report.col.communities": ("联系社区数", "communities"),
    "report.col.betweenness": ("中介中心度", "betweenness"),
    "report.col.constraint": ("约束度", "constraint"),
    "report.col.effective_size": ("有效规模", "effective size"),
    "report.col.reach_communities": ("两步可达社区", "reach: communities"),
    "report.col.reach_households": ("两步可达住户", "reach: households"),
    "report.col.sole_links": ("只靠它联系的社区数", "sole links"),
    "report.list.most_posts": ("岗位最多", "most posts"),
    "report.list.brokers": ("跨社区联系人", "broker"),
    "report.list.sole_links": ("唯一联系", "sole link"),
}
