"""Messages of the diff of two snapshots, the comparison of two reports and what-if.

A table header is one message, its cells separated by ``|``.
"""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "change.title": ("{old} → {new}：变化", "{old} → {new}: what changed"),
    "change.side": ("{name}（{snapshot}）", "{name} ({snapshot})"),
    "change.scope": ("范围：{scope}", "scope: {scope}"),
    "change.header": ("项目|基期|本期|变化", "item|as-is|to-be|change"),
    "change.change_cell": ("{delta}（{detail}）", "{delta} ({detail})"),
    "change.no_change": ("两份数据没有差别。", "the two snapshots are the same."),
    "change.entities": ("结构实体（按类）", "entities by kind"),
    "change.entity_detail": (
        "新增 {added}，撤销 {removed}，变更 {changed}",
        "{added} added, {removed} removed, {changed} changed",
    ),
    "change.tables": ("住户、人员与关系表", "households, persons and link tables"),
    "change.table_detail": (
        "新增 {added}，减少 {removed}，变更 {changed}（迁移 {moved}）",
        "{added} added, {removed} removed, {changed} changed ({moved} moved)",
    ),
    "change.link_table_detail": (
        "新增 {added}，减少 {removed}，其他列变更 {changed}",
        "{added} added, {removed} removed, {changed} changed",
    ),
    "change.records": ("{count} 条", "{count} records"),
    "change.records_dated": ("{count} 条（最近 {last}）", "{count} (latest {last})"),
    "change.links": ("关系（按关系类型）", "links by relation"),
    "change.link_detail": ("新增 {added}，删除 {removed}", "{added} added, {removed} removed"),
    "change.headline": ("主要覆盖率", "headline coverage"),
    "change.coverage": (
        "覆盖率（全市，按规则；变化为百分点）",
        "coverage (whole model, by rule; change in points)",
    ),
    "change.coverage_cell": ("{ratio}（{covered}/{total}）", "{ratio} ({covered}/{total})"),
    "change.points": ("{points} 个百分点", "{points} pts"),
    "change.findings": ("问题（按严重程度）", "findings by severity"),
    "change.finding_detail": (
        "新出现 {opened}，已解决 {closed}，仍存在 {persisting}",
        "{opened} opened, {closed} closed, {persisting} persisting",
    ),
    "change.opened": ("新出现的{label}（{count} 处）", "new {label} findings ({count})"),
    "change.closed": ("已解决的{label}（{count} 处）", "closed {label} findings ({count})"),
    "change.finding_line": ("{node}：{message}（{rule}）", "{node}: {message} ({rule})"),
    "change.candidates": (
        "组织设置候选：新增 {new} 个，已解决 {resolved} 个",
        "candidates: {new} new, {resolved} resolved",
    ),
    "change.moves": ("迁移（{count} 个）", "moves ({count})"),
    "change.move_line": (
        "{section} {name}（{id}）：{field} 由 {before} 改为 {after}",
        "{section} {name} ({id}): {field} {before} → {after}",
    ),
    "change.added": ("新增的{section}（{count} 个）", "{section} added ({count})"),
    "change.removed": ("撤销的{section}（{count} 个）", "{section} removed ({count})"),
    "change.changed": ("变更的{section}（{count} 个）", "{section} changed ({count})"),
    "change.field_counts": ("按字段：{fields}", "by field: {fields}"),
    "change.field_count": ("{field} {count}", "{field} {count}"),
    "change.change_line": ("{name}（{id}）：{changes}", "{name} ({id}): {changes}"),
    "change.field_change": ("{field} {before} → {after}", "{field} {before} → {after}"),
    "change.communities": (
        "社区人口（有变化的 {count} 个社区）",
        "community population ({count} communities changed)",
    ),
    "change.community_header": (
        "社区|住户（基期→本期）|党员（基期→本期）|双报到（基期→本期）",
        "community|households (as-is → to-be)|members|registrations",
    ),
    "change.more": ("……另有 {count} 个", "… and {count} more"),
    "change.empty_value": ("（空）", "(none)"),
    "change.section.tables": ("表", "table"),
    "change.wrote": ("已写出 {path}（{format}）", "wrote {path} ({format})"),
    "change.unknown_format": (
        "未知的格式“{format}”；可用的格式：{formats}",
        "unknown format {format!r}; formats are {formats}",
    ),
    "change.csv_header": (
        "类别|项目|编号|名称|字段|基期|本期|变化",
        "part|item|id|name|field|as-is|to-be|change",
    ),
    "change.part.section": ("结构实体", "entities"),
    "change.part.table": ("表", "tables"),
    "change.part.link": ("关系", "links"),
    "change.part.community": ("社区人口", "community population"),
    "change.part.coverage": ("覆盖率", "coverage"),
    "change.part.finding": ("问题", "findings"),
    "change.part.added": ("新增", "added"),
    "change.part.removed": ("撤销", "removed"),
    "change.part.changed": ("变更", "changed"),
    "change.part.opened": ("新出现", "opened"),
    "change.part.closed": ("已解决", "closed"),
    "change.sheet.summary": ("总体", "summary"),
    "change.sheet.details": ("明细", "details"),
    # -- what-if ---------------------------------------------------------------------
    "change.whatif.title": ("{model}：假如{what}", "{model}: what if {what}"),
    "change.whatif.remove": ("去掉 {names}", "{names} were removed"),
    "change.whatif.move": ("把 {name} 移到 {target} 下", "{name} moved under {target}"),
    "change.whatif.add": ("新增 {count} 个实体", "{count} entities were added"),
    "change.whatif.and": ("，并且", ", and "),
    "change.whatif.also": (
        "随之去掉 {count} 个（它们离不开所去掉的）：{names}",
        "{count} removed with them (they need what was removed): {names}",
    ),
    "change.whatif.where": ("覆盖率变化的地方（{count} 处）", "where coverage moves ({count})"),
    "change.whatif.where_line": (
        "{node}：{title} 由 {before} 变为 {after}",
        "{node}: {title} {before} → {after}",
    ),
    "change.whatif.nothing": (
        "这样改动不会新增或消除任何问题，覆盖率也不变。",
        "the change opens and closes no finding and moves no coverage.",
    ),
    "change.whatif.unknown": (
        "没有编号或名称为“{text}”的人员、单位或其他实体；请用 partygraph summary 查看编号，"
        "例如 --remove p000001",
        "no person, unit or other entity has the id or name {text!r}; "
        "see the ids with partygraph summary, e.g. --remove p000001",
    ),
    "change.whatif.ambiguous": (
        "“{text}”是 {count} 个实体的名称，请改用其中一个的编号：{ids}",
        "{text!r} names {count} entities; use one of their ids: {ids}",
    ),
    "change.whatif.bad_move": (
        "--move 要写成 编号=新的上级，例如 --move 441702001001-g01=441702001002；收到“{text}”",
        "--move takes ID=NEW_PARENT, e.g. --move 441702001001-g01=441702001002; got {text!r}",
    ),
    # -- the commands ------------------------------------------------------------------
    "change.cli.diff.help": (
        "比较两份数据（例如上一年和今年）：新增、撤销、变更、迁移，覆盖率前后对比",
        "compare two snapshots (last year and this year): added, removed, changed, moved",
    ),
    "change.cli.diff.description": (
        "按编号比较两份数据，先列主要数字（基期、本期、变化），再列明细。"
        "加 --check 时两份都检查，列出覆盖率前后对比和新出现、已解决的问题。"
        "退出码 0：完成；1：用了 --fail-on-new 且出现了新的该级别问题；2：输入有误。",
        "Compare two snapshots by id: the headline figures (as-is, to-be, change) first, "
        "then the details. With --check both are checked: coverage before and after, "
        "findings opened and closed. Exit 0: done; 1: --fail-on-new and a new finding "
        "of that severity; 2: bad input.",
    ),
    "change.cli.old": ("基期的数据（较早的 YAML 文件）", "the earlier snapshot (YAML)"),
    "change.cli.new": ("本期的数据（较新的 YAML 文件）", "the later snapshot (YAML)"),
    "change.cli.check": (
        "两份都按规则包检查，比较覆盖率和问题",
        "check both against the packs and compare coverage and findings",
    ),
    "change.cli.scope": (
        "只比较这个区划及其下级：写 id 或名称，例如 --scope 江城区",
        "compare only this division and what lies under it: an id or a name",
    ),
    "change.cli.format": (
        "text（默认）、markdown、json、csv 或 xlsx；用 -o 时由文件后缀决定",
        "text (default), markdown, json, csv or xlsx; with -o, the file suffix decides",
    ),
    "change.cli.output": (
        "把结果写到这里（整体写入）；- 表示标准输出",
        "write the result here (atomically); - for standard output",
    ),
    "change.cli.fail_on_new": (
        "出现这个级别的新问题时退出码为 1（自动加 --check），例如 --fail-on-new error",
        "exit 1 when a new finding of this severity appears (implies --check)",
    ),
    "change.cli.limit": ("每个清单最多列出多少项（默认 20）", "items listed per list (default 20)"),
    "change.cli.bad_suffix": (
        "不能写成 {suffix} 文件：可用的后缀有 {suffixes}，或用 --format 指明格式",
        "cannot write a {suffix} file: the suffixes are {suffixes}, or name the format "
        "with --format",
    ),
    "change.cli.whatif.help": (
        "假如去掉某人、某单位，或把实体移到别处：哪些问题会出现，哪些覆盖率会下降",
        "what if a person or unit were removed, or an entity moved: findings and coverage",
    ),
    "change.cli.whatif.description": (
        "在模型的一个副本上做改动后重新检查，和原来的检查结果比较。"
        "退出码 0：不会新增错误级问题；1：会新增；2：输入有误。",
        "Check a changed copy of the model and compare it with the model's own check. "
        "Exit 0: no new error finding; 1: new error findings; 2: bad input.",
    ),
    "change.cli.whatif.remove": (
        "去掉这个人员、单位或其他实体（写编号或名称，可写多次），例如 --remove p000029",
        "remove this person, unit or other entity (an id or a name; repeatable)",
    ),
    "change.cli.whatif.move": (
        "把实体或住户移到新的上级下：编号=新上级编号（可写多次）",
        "move an entity or household under a new parent: ID=PARENT (repeatable)",
    ),
}
