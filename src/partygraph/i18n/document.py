"""Messages of the analysis report (``partygraph report``): its headings,
sentences, table headers and captions.

A table header is one message, its cells separated by ``|``; a list of
numerals likewise.
"""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- the head ------------------------------------------------------------------
    "document.title": ("{model}分析报告", "{model}: analysis report"),
    "document.as_of": ("数据日期：{date}", "Data as of {date}"),
    "document.no_date": ("数据日期：未注明", "Data date: not given"),
    "document.scope": ("分析范围：{name}", "Scope: {name}"),
    "document.numerals": (
        "一|二|三|四|五|六|七|八|九|十|十一|十二|十三|十四|十五|十六|十七|十八|十九|二十",
        "1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20",
    ),
    "document.chapter": ("{numeral}、{text}", "{numeral}. {text}"),
    "document.section": ("（{numeral}）{text}", "{numeral} {text}"),
    "document.table_caption": ("表 {number}　{text}", "Table {number}. {text}"),
    "document.figure_caption": ("图 {number}　{text}", "Figure {number}. {text}"),
    "document.continued": ("{text}（续）", "{text} (continued)"),
    "document.share": ("{share}", "{share}"),
    # -- 一、基本情况 -----------------------------------------------------------------
    "document.basic": ("基本情况", "Overview"),
    "document.basic.lead": (
        "本报告依据 {packs} 规则包共 {rules} 条规则，对“{model}”的数据进行了检查，"
        "共发现问题 {total} 项，其中错误 {error} 项、警告 {warning} 项、提示 {info} 项。"
        "错误指不符合规定、须整改的问题，警告指应当关注的问题，提示供参考。",
        "This report checks the data of “{model}” against {rules} rules of the packs "
        "{packs}: {total} findings, {error} errors, {warning} warnings and {info} infos. "
        "Errors break a regulation and must be fixed; warnings need attention; infos "
        "are for reference.",
    ),
    "document.basic.scope_note": (
        "以下数字为整个模型的数字；覆盖情况和主要问题只计“{name}”范围内。",
        "The figures below are the whole model's; coverage and findings count only “{name}”.",
    ),
    "document.basic.figures": ("主要数字", "Key figures"),
    "document.basic.kinds": ("各类对象数量", "Nodes by kind"),
    "document.basic.forms": ("党组织按组织形式", "Party organisations by form"),
    "document.basic.figures_header": ("指标|数量", "figure|count"),
    "document.basic.kinds_header": ("对象|数量", "kind|count"),
    "document.basic.forms_header": ("所在层级|组织形式|数量", "where|form|count"),
    "document.basic.other": ("其他", "other"),
    # -- 二、覆盖情况 -----------------------------------------------------------------
    "document.coverage": ("覆盖情况", "Coverage"),
    "document.coverage.lead": (
        "覆盖率 = 已覆盖数 ÷ 应覆盖总数，按每条规则所计的对象统计；"
        "标 ★ 的为核心指标（党的组织覆盖、工作覆盖）；“—”表示该单位没有可计的对象。",
        "Coverage = covered ÷ total, counted in what each rule counts; ★ marks the "
        "headline figures (organisational and work coverage); “—” means nothing to "
        "count in that unit.",
    ),
    "document.coverage.scope": ("{name}总体覆盖情况", "Coverage of {name}"),
    "document.coverage.level": ("各{level}覆盖情况", "Coverage by {level}"),
    "document.coverage.scope_header": (
        "指标|计数对象|已覆盖|总数|覆盖率",
        "figure|counts|covered|total|coverage",
    ),
    "document.coverage.rule_column": ("指标", "figure"),
    "document.coverage.headline": ("★ {title}", "★ {title}"),
    "document.coverage.none": ("报告中没有覆盖率数据。", "The report has no coverage figures."),
    # -- 三、主要问题 -----------------------------------------------------------------
    "document.problems": ("主要问题", "Main problems"),
    "document.problems.lead": (
        "按严重程度列出各条规则发现的问题，每条给出数量和问题最集中的地方。",
        "The problems found, most severe first, each with its count and where it is worst.",
    ),
    "document.problems.severity": ("{label}（{count} 项）", "{label} ({count})"),
    "document.problems.rule": ("{message}：", "{message}: "),
    "document.problems.amount": ("{count} 个{noun}", "{count} {noun}"),
    "document.problems.amount.household": ("{count} 户", "{count} households"),
    "document.problems.amount.person": ("{count} 名{noun}", "{count} {noun}"),
    "document.problems.count": ("{count} 个", "{count}"),
    "document.problems.count.household": ("{count} 户", "{count}"),
    "document.problems.count.person": ("{count} 名", "{count}"),
    "document.problems.share": (
        "{amount}，占应覆盖 {total}的 {share}",
        "{amount} of {total} ({share})",
    ),
    "document.problems.places": ("集中在 {places}", "mostly in {places}"),
    "document.problems.places_more": (
        "集中在 {places}等 {count} 个{level}",
        "mostly in {places}, of {count} {level}",
    ),
    "document.problems.places_mixed": (
        "集中在 {places}等 {count} 处",
        "mostly in {places}, of {count} places",
    ),
    "document.problems.place": ("{name}（{count}）", "{name} ({count})"),
    "document.problems.sentence": ("{amount}；{places}。", "{amount}; {places}."),
    "document.problems.sentence_only": ("{amount}。", "{amount}."),
    "document.problems.hint": (
        "整改方向：{hint}。",
        " What to do: {hint}.",
    ),  # en: after a full stop
    "document.problems.none": ("未发现问题。", "No problems found."),
    # -- 四、整改建议 -----------------------------------------------------------------
    "document.advice": ("整改建议", "Recommendations"),
    "document.advice.lead": (
        "依据党组织设置规定，共有 {count} 处需要新建、升格、拆分或调整党组织，按措施汇总如下。",
        "By the rules on setting up party organisations, {count} organisations are to be "
        "set up, upgraded, split or adjusted; by action:",
    ),
    "document.advice.summary": ("整改建议汇总", "Recommendations by action"),
    "document.advice.summary_header": ("措施|数量|涉及党员", "action|count|members"),
    "document.advice.action": ("{action}（{count} 处）", "{action} ({count})"),
    "document.advice.header": (
        "名称|所在|党员数|现有形式|建议形式",
        "name|where|members|current form|proposed form",
    ),
    "document.advice.more": (
        "另有 {count} 处未列出，完整清单可导出为 Excel 工作簿：{command}",
        "{count} more not listed; for the full list write a workbook: {command}",
    ),
    "document.advice.none": ("没有需要调整的党组织设置。", "No organisation needs changing."),
    # -- 五、关键节点 -----------------------------------------------------------------
    "document.key_nodes": ("关键节点", "Single points of failure"),
    "document.key_nodes.lead": (
        "以下人员或单位一旦空缺或撤出，将新增错误级问题。"
        "共 {count} 个，按影响大小列出前 {shown} 个。",
        "Removing any of these persons or units opens new errors: {count} in all, "
        "the {shown} with most effect listed.",
    ),
    "document.key_nodes.header": (
        "名称|类型|新增错误|涉及指标|影响对象（举例）",
        "name|kind|new errors|rules|affects (examples)",
    ),
    "document.key_nodes.table": ("关键节点（前 {shown} 个）", "Single points (top {shown})"),
    "document.key_nodes.none": (
        "没有发现一旦空缺即新增错误的人员或单位。",
        "No person or unit whose removal opens an error.",
    ),
    "document.key_nodes.load": ("工作负荷", "Load"),
    "document.key_nodes.load_header": (
        "指标|对象数|最小|中位数|90% 分位|最大|阈值|超出阈值",
        "measure|count|min|median|p90|max|threshold|over",
    ),
    # -- 六、图示 ---------------------------------------------------------------------
    "document.figures": ("图示", "Diagrams"),
    "document.figures.lead": (
        "图中叠加了检查结果：红色为有错误的节点，黄色为有警告的节点，层级节点上标注覆盖率。",
        "The diagrams overlay the check: red nodes have errors, amber ones warnings, "
        "and divisions show their coverage.",
    ),
    "document.figures.where": (
        "能在一页内画下的图按 {scope} 绘制，其余以问题最多的 {place} 为例。",
        " Those that fit on a page show {scope}; the others show {place}, where most problems are.",
    ),
    "document.figures.where_scope": (
        "各图按 {scope} 绘制；网格、共建、吹哨报到图以其中问题最多的社区为例。",
        " They show {scope}; the grid, co-building and whistle diagrams its community "
        "with most problems.",
    ),
    "document.figures.caption": ("{place}{layer}图（叠加检查结果）", "{layer}: {place}, checked"),
    "document.figures.omitted": (
        "本报告未附图示（使用 --no-figures 或输出到屏幕时不绘制）。",
        "No diagrams (they are not drawn with --no-figures, nor for standard output).",
    ),
    "document.figures.failed": ("{layer}图未绘制：{reason}", "{layer} not drawn: {reason}"),
    "document.figures.none": ("没有可绘制的图示。", "Nothing to draw."),
    # -- the command ------------------------------------------------------------------
    "document.cli.help": (
        "写出分析报告（Word、HTML 或 Markdown）："
        "基本情况、覆盖情况、主要问题、整改建议、关键节点、图示",
        "write the analysis report (Word, HTML or Markdown): overview, coverage, problems, "
        "recommendations, single points, diagrams",
    ),
    "document.cli.description": (
        "检查模型，并写出一份可以直接交付的中文分析报告。"
        "格式由 -o 的后缀决定（.docx、.html、.md），"
        "也可用 --format 指定；不写 -o 时把 Markdown 输出到屏幕（不含图示）。"
        "写出即退出码 0（不论发现多少问题；要按问题把关请用 check），输入有误为 2。",
        "Check a model and write an analysis report to hand on. The suffix of -o decides "
        "the format (.docx, .html, .md), or --format; without -o, Markdown goes to standard "
        "output (without diagrams). Exit code 0 when written (whatever was found; use "
        "check as a gate), 2 for bad input.",
    ),
    "document.cli.format": (
        "docx、html 或 markdown；默认由 -o 的后缀决定",
        "docx, html or markdown; default: from the suffix of -o",
    ),
    "document.cli.output": (
        "把报告写到这里（整体写入），例如 -o 分析报告.docx；"
        "Markdown 的图示写在旁边的“文件名_files”文件夹；- 表示标准输出",
        "write the report here (atomically), e.g. -o report.docx; a Markdown report's "
        "diagrams go in the NAME_files folder beside it; - for standard output",
    ),
    "document.cli.no_figures": (
        "不绘制图示（快得多）",
        "draw no diagrams (much faster)",
    ),
    "document.cli.limit": (
        "长表（整改建议每类、关键节点）最多列出的行数，默认 {default}",
        "rows listed in the long tables (recommendations per action, single points); "
        "default {default}",
    ),
    "document.wrote": (
        "已写出 {path}（{format}）：{summary}",
        "wrote {path} ({format}): {summary}",
    ),
    "document.unknown_suffix": (
        "分析报告不能写成 {suffix} 文件：请用 {suffixes}，或用 --format 指定格式",
        "cannot write the analysis report as a {suffix} file: use {suffixes}, or --format",
    ),
    "document.stdout_binary": (
        "Word 文档不能写到终端：请用 -o 文件名.docx",
        "a Word document cannot go to the terminal: use -o NAME.docx",
    ),
    "document.matching": ("需求对接", "Needs and resources"),
    "document.matching.table": (
        "各挂点社区需求对接情况（没有单位提供的需求多的在前，列出 {shown} 个）",
        "Needs of the paired communities (most needs offered by none first; {shown} shown)",
    ),
    "document.matching.needs_table": (
        "没有单位提供的需求（按需求汇总，列出 {shown} 项）",
        "Needs no paired unit offers (by need; {shown} shown)",
    ),
    "document.matching.more": (
        "另有 {count} 个社区未列出；完整清单请用 {command} 导出（工作表“需求对接”）。",
        "{count} more communities are not shown; {command} writes them all (sheet Matching).",
    ),
    "document.metrics": ("关键人物", "Key persons and units"),
    "document.metrics.persons": ("人员网络", "Persons"),
    "document.metrics.units": ("单位网络", "Units"),
    "document.metrics.orgs": ("党组织网络", "Party organisations"),
    "document.metrics.most_posts.persons": (
        "兼任岗位最多的人员（前 {shown} 人）",
        "Persons with the most posts (top {shown})",
    ),
    "document.metrics.most_posts.units": (
        "联系社区最多的单位（前 {shown} 个）",
        "Units with the most ties (top {shown})",
    ),
    "document.metrics.most_posts.orgs": (
        "联系最多的党组织（前 {shown} 个）",
        "Party organisations with the most ties (top {shown})",
    ),
    "document.metrics.brokers.orgs": (
        "跨社区的党组织（按中介中心度，前 {shown} 个）",
        "Party organisations bridging communities (by betweenness; top {shown})",
    ),
    "document.metrics.brokers.persons": (
        "跨社区的联系人（按中介中心度，前 {shown} 人）",
        "Brokers between communities (by betweenness; top {shown})",
    ),
    "document.metrics.brokers.units": (
        "跨社区的单位（按中介中心度，前 {shown} 个）",
        "Units bridging communities (by betweenness; top {shown})",
    ),
    "document.metrics.sole": (
        "社区与市里的唯一联系（前 {shown} 个单位）",
        "A community's only link to the city (top {shown} units)",
    ),
    "document.metrics.no_brokers": (
        "没有联系两个以上社区的人员或单位。",
        "No person or unit spans two or more communities.",
    ),
    "document.metrics.header": (
        "名称|所在|岗位数|岗位|联系社区数|中介中心度|约束度|有效规模",
        "name|where|posts|roles|communities|betweenness|constraint|effective size",
    ),
}
