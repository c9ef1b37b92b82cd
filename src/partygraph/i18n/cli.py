"""Messages of the command line: help texts, option errors, summaries of a run.

(Over 400 lines: it is data, one entry per message of seven commands and argparse.)

``cli.argparse.*`` are argparse's own words (its ``gettext`` message ids,
:data:`partygraph.cli._base.ARGPARSE_KEYS` maps them here), written with
``{name}`` placeholders like every message; the command line turns them back
into argparse's ``%(name)s`` form.  Help texts are %-formatted by argparse:
they hold no ``%``.
"""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- argparse's own words ------------------------------------------------------
    "cli.argparse.usage": ("用法：", "usage: "),
    "cli.argparse.positional": ("位置参数", "positional arguments"),
    "cli.argparse.options": ("选项", "options"),
    "cli.argparse.help": ("显示本帮助并退出", "show this help message and exit"),
    "cli.argparse.required": (
        "缺少必需的参数：{0}",
        "the following arguments are required: {0}",
    ),
    "cli.argparse.invalid_choice": (
        "无效的选择：“{value}”（可选：{choices}）",
        "invalid choice: {value!r} (choose from {choices})",
    ),
    "cli.argparse.unrecognized": ("无法识别的参数：{0}", "unrecognized arguments: {0}"),
    "cli.argparse.argument": (
        "参数 {argument_name}：{message}",
        "argument {argument_name}: {message}",
    ),
    "cli.argparse.expected_one": ("需要一个值", "expected one argument"),
    "cli.argparse.expected_at_most_one": ("最多一个值", "expected at most one argument"),
    "cli.argparse.expected_at_least_one": ("至少需要一个值", "expected at least one argument"),
    "cli.argparse.expected_n": ("需要 {0} 个值", "expected {0} arguments"),
    "cli.argparse.expected_n.one": ("需要 {0} 个值", "expected {0} argument"),
    "cli.argparse.ambiguous": (
        "选项 {option} 有歧义，可能是：{matches}",
        "ambiguous option: {option} could match {matches}",
    ),
    "cli.argparse.invalid_value": (
        "“{value}”不是有效的{type}",
        "invalid {type} value: {value!r}",
    ),
    "cli.argparse.not_allowed_with": ("不能与参数 {0} 同时使用", "not allowed with argument {0}"),
    "cli.argparse.one_required": (
        "参数 {0} 中必须给出一个",
        "one of the arguments {0} is required",
    ),
    "cli.argparse.ignored_explicit": ("多余的值 {0!r}", "ignored explicit argument {0!r}"),
    "cli.argparse.open_failed": (
        "无法打开“{filename}”：{error}",
        "can't open '{filename}': {error}",
    ),
    # -- the command and what every command shares ---------------------------------
    "cli.description": (
        "党建引领社区治理网络模型：建模、检查和绘制党建引领社区治理的网络。",
        "党建引领社区治理网络模型 — model, check and draw party-building-led community governance.",
    ),
    "cli.version_help": ("显示版本号并退出", "show program's version number and exit"),
    "cli.lang_help": (
        "输出语言：zh（中文，默认）或 en（英文）；也可用环境变量 PARTYGRAPH_LANG 设置",
        "language of the output: zh (Chinese, the default) or en (English); "
        "PARTYGRAPH_LANG sets it too",
    ),
    "cli.bad_lang": (
        "--lang 后面的“{value}”不是可用的语言，请写 zh（中文）或 en（英文）",
        "--lang {value!r} is not a language partygraph speaks; write zh or en",
    ),
    "cli.commands": ("子命令", "commands"),
    "cli.file_help": ("模型的 YAML 入口文件", "the model's YAML entry file"),
    "cli.error": ("partygraph: 错误：{message}", "partygraph: error: {message}"),
    "cli.warning": ("partygraph: 警告：{message}", "partygraph: warning: {message}"),
    "cli.internal_error": (
        "partygraph: 内部错误（{kind}：{message}）。这是程序的缺陷，请连同所运行的命令一起报告"
        "（设置 PARTYGRAPH_DEBUG=1 可显示调用栈）",
        "partygraph: internal error ({kind}: {message}); this is a bug, please report it "
        "with the command you ran (PARTYGRAPH_DEBUG=1 shows the trace)",
    ),
    "cli.empty_output": (
        "-o/--output 后面是空的，请写出要写入的文件名",
        "-o/--output is empty; name the file to write after -o",
    ),
    "cli.not_whole": (
        "“{text}”不是整数，请给出 {allowed}的整数",
        "{text!r} is not a whole number: give one {allowed}",
    ),
    "cli.out_of_range": (
        "{value} 超出范围，请给出 {allowed}的整数",
        "{value} is out of range: give a whole number {allowed}",
    ),
    "cli.range_between": ("{low} 到 {high} 之间", "from {low} to {high}"),
    "cli.range_from": ("{low} 或更大", "of {low} or more"),
    "cli.not_share": (
        "“{text}”不是比例，请给出 0 到 1 之间的数，例如 0.05",
        "{text!r} is not a share: give a number from 0 to 1, e.g. 0.05",
    ),
    "cli.as_of": (
        "按这一天的状态：写 YYYY-MM-DD，例如 --as-of 2023-06-30（也可写 2023/6/30、"
        "2023年6月30日）；不写时按模型的数据日期",
        "as the model stood on this date: YYYY-MM-DD, e.g. --as-of 2023-06-30 "
        "(2023/6/30 also reads); without it, the model's snapshot",
    ),
    "cli.bad_as_of": (
        "“{text}”不是日期，请写成 YYYY-MM-DD，例如 2023-06-30（也可写 2023/6/30 或 2023年6月30日）",
        "{text!r} is not a date: write YYYY-MM-DD, e.g. 2023-06-30 (or 2023/6/30)",
    ),
    "cli.as_of_read": (
        "--as-of：“{written}” 读作 “{iso}”（日期写法）",
        "--as-of: {written!r} read as {iso} (date form)",
    ),
    "cli.scope_subtree": (
        "只看这个区划及其下级（连同它们引用的上级区划、单位、组织和人员）：写 id 或名称，"
        "例如 --scope 江城区",
        "only this division and what lies under it (with the divisions, units, "
        "organisations and persons they reference): an id or a name",
    ),
    "cli.wrote": ("已写出 {path}", "wrote {path}"),
    # -- names given to --scope and --focus ---------------------------------------
    "cli.name_ambiguous": (
        "{option} “{text}”对应 {count} 个地方，请改用其中一个的 id：",
        "{option} {text!r} names {count} places; give the id of one of them:",
    ),
    "cli.name_candidate": ("  {id}  {chain}", "  {id}  {chain}"),
    "cli.name_more": ("  ……另有 {count} 个同名的区划", "  … and {count} more of that name"),
    "cli.name_unknown": (
        "{option} “{text}”：模型里没有这个 id 或名称的区划{closest}",
        "{option} {text!r}: no division of the model has this id or name{closest}",
    ),
    "cli.name_closest": ("；名称相近的有：{names}", "; names close to it: {names}"),
    "cli.name_list_separator": ("、", ", "),
    "cli.name_none_close": (
        "；请写区划的 id 或完整名称（见区划表）",
        "; give a division's id or its whole name (see the divisions table)",
    ),
    # -- validate ------------------------------------------------------------------
    "cli.validate.help": ("读入模型并报告所有问题", "load a model and report every problem"),
    "cli.validate.verbose": (
        "同时列出每个经过规范化读入的值及其位置",
        "also list every value read in a normalised form, and where",
    ),
    "cli.validate.ok": (
        "OK {file}：区划 {divisions} 个，党组织 {orgs} 个，住户 {households} 户，人员 {persons} 人",
        "OK {file}: {divisions} divisions, {orgs} party organisations, "
        "{households} households, {persons} persons",
    ),
    "cli.validate.more_notes": ("……另有 {count} 处未列出", "… and {count} more not listed"),
    "cli.validate.normalised": (
        "已规范化 {count} 处：{reasons}",
        "{count} values normalised: {reasons}",
    ),
    "cli.validate.reason": ("{why} {count} 处", "{why} {count}"),
    "cli.validate.separator": ("；", "; "),
    "cli.validate.nothing_normalised": ("没有需要规范化的值", "no value needed normalising"),
    # -- summary -------------------------------------------------------------------
    "cli.summary.help": (
        "各类节点数、按组织形式和层级的党组织数，以及主要数字",
        "counts by kind, by form and level, and the key figures",
    ),
    "cli.summary.format": (
        "输出格式：text（默认）或 json",
        "output format: text (default) or json",
    ),
    "cli.summary.output": (
        "把统计写到这个文件（整体写入）；默认或 - 为标准输出",
        "write the summary to this file (whole or not at all); by default, or -, to stdout",
    ),
    # -- check ---------------------------------------------------------------------
    "cli.check.help": (
        "按规则包检查模型：缺口、覆盖率、组织设置候选、负荷",
        "check a model against rule packs: gaps, coverage, candidates, load",
    ),
    "cli.check.description": (
        "按内置规则包（regulations 党内法规、yangjiang 阳江做法）和你自己的规则文件检查模型。"
        "退出码 0：没有错误级问题；1：有错误级问题；2：输入有误。",
        "Check a model against the built-in packs (regulations, yangjiang) and your own "
        "rules files.  Exit 0: no error-severity finding; 1: some; 2: bad input.",
    ),
    "cli.check.pack": (
        "要运行的内置规则包（可重复）；默认运行全部内置规则包",
        "a built-in pack to run (repeatable); default: all built-in packs",
    ),
    "cli.check.rules": ("你自己的规则文件（可重复）", "a rules file of your own (repeatable)"),
    "cli.check.param": (
        "覆盖规则包的参数，例如 --param visit_days=60（可重复）",
        "override a pack parameter, e.g. --param visit_days=60 (repeatable)",
    ),
    "cli.check.scope": (
        "只检查这个区划及其下级：写 id 或名称，例如 --scope 江城区",
        "check only this division and what lies under it: an id or a name",
    ),
    "cli.check.format": (
        "text（默认）、json、markdown、csv 或 xlsx（Excel 工作簿，须用 -o）；"
        "用 -o 时由文件后缀决定",
        "text (default), json, markdown, csv or xlsx (an Excel workbook, needs -o); "
        "with -o, the file suffix decides",
    ),
    "cli.check.output": (
        "把报告写到这里（整体写入）；- 表示标准输出",
        "write the report here (atomically); - for standard output",
    ),
    "cli.check.bad_param": (
        "“{item}”：请写成 名称=数字，例如 visit_days=60",
        "{item!r}: write NAME=NUMBER, e.g. visit_days=60",
    ),
    "cli.check.wrote": (
        "已写出 {path}（{format}）：{summary}",
        "wrote {path} ({format}): {summary}",
    ),
    "cli.check.interrupted_after": (
        "已中断：报告已完整写出，只是本次结果没有存入缓存（下次检查会重新计算）",
        "interrupted: the report was written whole; only this answer was not kept"
        " in the cache (the next check works it out again)",
    ),
    # -- draw ----------------------------------------------------------------------
    "cli.draw.help": (
        "把一个图层画成 PNG、SVG 或 PDF（中文标签，A4）",
        "draw one layer as PNG, SVG or PDF (Chinese labels, A4)",
    ),
    "cli.draw.description": (
        "为报告绘制模型的一个图层：A4 大小，中文标签，格式由 OUT 的后缀决定"
        "（.png 为 200 dpi，.svg，.pdf）。",
        "Draw one layer of a model for a report: A4-sized, Chinese labels, format from "
        "the suffix of OUT (.png at 200 dpi, .svg, .pdf).",
    ),
    "cli.draw.layer": ("要绘制的图层", "the layer to draw"),
    "cli.draw.focus": (
        "社区（grid、cobuilding、whistle 图层）、要展开的街道（service）或子树的根"
        "（linkage、pairing）：写 id 或名称，例如 --focus 双捷社区",
        "community (grid, cobuilding, whistle), subdistrict to expand (service) or "
        "subtree root (linkage, pairing): an id or a name",
    ),
    "cli.draw.check": (
        "运行检查并叠加显示缺口（发现错误级问题时退出码为 1）",
        "run the checks and overlay the gaps (exit 1 if any error is found)",
    ),
    "cli.draw.output": (
        "OUT.png、OUT.svg 或 OUT.pdf；- 表示标准输出（须同时给出 --format，且不能是终端）",
        "OUT.png, OUT.svg or OUT.pdf; - for standard output (with --format, not a terminal)",
    ),
    "cli.draw.format": ("-o - （标准输出）的格式", "the format of -o - (standard output)"),
    "cli.draw.no_checker": (
        "--check 需要检查模块（partygraph.rules.check），但本次安装没有；"
        "请去掉 --check 再画，或更新 partygraph",
        "--check needs the checker (partygraph.rules.check), which this installation lacks; "
        "draw without --check, or update partygraph",
    ),
    "cli.draw.format_contradicts": (
        "--format {format} 与 {path} 的后缀不一致",
        "--format {format} contradicts the suffix of {path}",
    ),
    "cli.draw.stdout_needs_format": (
        "-o - 需要 --format png、svg 或 pdf（没有后缀可以判断格式）",
        "-o - needs --format png, svg or pdf (there is no suffix)",
    ),
    "cli.draw.stdout_terminal": (
        "-o - 会把 {format} 写到终端；请重定向到文件或管道",
        "-o - would write {format} to the terminal; redirect it to a file or a pipe",
    ),
    "cli.draw.wrote": (
        "已写出 {path}（{layer}，{format}，{size} 字节）",
        "wrote {path} ({layer}, {format}, {size} bytes)",
    ),
    # -- export --------------------------------------------------------------------
    "cli.export.help": (
        "把网络导出为 GraphML、GEXF、DOT、Mermaid、JSON、CSV 或 Parquet",
        "write the graph as GraphML, GEXF, DOT, Mermaid, JSON, CSV or Parquet",
    ),
    "cli.export.description": (
        "把模型的网络写成其他工具能读的文件：{formats}。详见 docs/export.md。",
        "Write a model's graph to a file other tools read: {formats}. See docs/export.md.",
    ),
    "cli.export.format": (
        "输出格式；不写时按 -o 的后缀定（.gexf、.parquet、.md 为 mermaid ……）",
        "output format; by default the suffix of -o says (.gexf, .parquet, .md for mermaid ...)",
    ),
    "cli.export.format_line": ("{name}：{what}", "{name}: {what}"),
    "cli.export.about.graphml": (
        "GraphML，供 Gephi、yEd、Cytoscape 使用",
        "GraphML for Gephi, yEd, Cytoscape",
    ),
    "cli.export.about.gexf": ("GEXF 1.2，供 Gephi 使用", "GEXF 1.2 for Gephi"),
    "cli.export.about.dot": ("Graphviz DOT（dot -Tsvg）", "Graphviz DOT (dot -Tsvg)"),
    "cli.export.about.mermaid": (
        "Mermaid 流程图，可放进 Markdown",
        "Mermaid flowchart for Markdown",
    ),
    "cli.export.about.json": (
        "节点-连线 JSON，供 d3（或 Cytoscape.js）使用",
        "node-link JSON for d3 (or Cytoscape.js)",
    ),
    "cli.export.about.csv": (
        "节点表和连线表（CSV），供批量导入",
        "node and edge CSV tables for bulk import",
    ),
    "cli.export.about.parquet": (
        "带类型的节点表和连线表（Parquet），供 pandas 等数据分析工具使用",
        "typed node and edge Parquet tables for pandas, DuckDB, Power BI",
    ),
    "cli.export.about.geojson": (
        "10分钟便民服务圈的 GeoJSON（小区、服务站点、步行分钟数），供 QGIS 和网络地图使用",
        "GeoJSON of the 10-minute service circle (compounds, sites, walking minutes) for QGIS",
    ),
    "cli.export.output": (
        "输出文件，- 表示标准输出；csv 写到一个目录（nodes.csv、edges.csv）"
        "或 NAME.csv（NAME.nodes.csv、NAME.edges.csv），parquet 同样"
        "（NAME.parquet：NAME.nodes.parquet、NAME.edges.parquet）",
        "output file, - for standard output; for csv a folder (nodes.csv, edges.csv) "
        "or NAME.csv (NAME.nodes.csv, NAME.edges.csv), for parquet likewise "
        "(NAME.parquet: NAME.nodes.parquet, NAME.edges.parquet)",
    ),
    "cli.export.timeline": (
        "gexf：写成动态图（Gephi 的时间轴），节点和连线的起止取自 valid_from、valid_until",
        "gexf: a dynamic graph (Gephi's timeline), start and end from valid_from, valid_until",
    ),
    "cli.export.no_format": (
        "从“{path}”的后缀看不出导出格式；请用 --format 指定，或用这些后缀之一：{suffixes}",
        "cannot tell the export format from the suffix of {path!r}; give --format, "
        "or use one of the suffixes {suffixes}",
    ),
    "cli.export.stdout_needs_format": (
        "-o - 写到标准输出时看不到后缀，请用 --format 指定格式，例如 --format json",
        "-o - has no suffix to tell the format: give --format, e.g. --format json",
    ),
    "cli.export.layer": (
        "只导出一个图层的视图；默认导出整个网络",
        "export one layer's view only; by default the whole graph",
    ),
    "cli.export.scope": (
        "只导出在这个区划及其下级的节点：写 id 或名称，例如 --scope 江城区",
        "export only the nodes at or under this division: an id or a name",
    ),
    "cli.export.not_a_division": (
        "--scope “{scope}”不是区划；请写区划（市、县、街道、社区）的 id 或名称",
        "--scope {scope!r} is not a division; give a division's id or name",
    ),
    "cli.export.population": (
        "把住户和人员也作为节点导出；默认只导出组织结构",
        "add households and persons as nodes; by default the structure only",
    ),
    "cli.export.bom": (
        "csv：以 UTF-8 BOM 开头（供 Excel 打开）",
        "csv: start with a UTF-8 BOM (for Excel)",
    ),
    "cli.export.neo4j": (
        "csv：带类型的表头，供 neo4j-admin 导入",
        "csv: typed headers for neo4j-admin import",
    ),
    "cli.export.cytoscape": (
        "json：写成 Cytoscape.js 的元素，而不是 d3 的节点-连线格式",
        "json: Cytoscape.js elements, not d3 node-link",
    ),
    "cli.export.group": (
        "dot：按节点类型分组，每类一个框或每类排成一排；默认不分组",
        "dot: group nodes by kind, cluster in a box each, rank on a row each; by default none",
    ),
    "cli.export.max_nodes": (
        "mermaid：节点超过 N 个时拒绝导出（默认 300）；0 表示不限节点数和连线数",
        "mermaid: refuse graphs with more nodes (default 300); 0 lifts the node and edge limits",
    ),
    "cli.export.misplaced": (
        "{flag} 只用于 --format {formats}，不用于 {format}",
        "{flag} applies to --format {formats}, not {format}",
    ),
    "cli.export.or": ("或", "or"),
    "cli.export.tables_stdout": (
        "-o - 不能用于 {format}（{format} 要写两张表）；请给出一个目录或文件名",
        "-o - cannot take {format}, which writes two tables; name a folder or a file",
    ),
    # -- synth ---------------------------------------------------------------------
    "cli.synth.help": (
        "按给定规模写出一个合成模型（结果确定，含有逼真的缺口）",
        "write a synthetic model at a given scale (deterministic, with realistic gaps)",
    ),
    "cli.synth.output": ("要写出的 YAML 入口文件", "the YAML entry file to write"),
    "cli.synth.preset": (
        "预设名称，例如 yangjiang（阳江公布的数字）",
        "a named preset, e.g. yangjiang (its published figures)",
    ),
    "cli.synth.communities": ("社区数，1 到 {max}", "number of communities, 1 to {max}"),
    "cli.synth.subdistricts": (
        "街道数，1 到社区数",
        "number of subdistricts, 1 to the number of communities",
    ),
    "cli.synth.households": ("住户行数，0（不生成）到 {max}", "household rows, 0 (none) to {max}"),
    "cli.synth.members": ("人员表中的党员数", "party members in the persons table"),
    "cli.synth.seed": ("随机数种子，0 或更大", "random seed, 0 or more"),
    "cli.synth.gaps": ("故意留空的比例，0 到 1", "share of things left missing, 0 to 1"),
    "cli.synth.province": (
        "（这已是一个省的规模，再多内存放不下）",
        " (a province's size; more would not fit in memory)",
    ),
    "cli.synth.no_preset": (
        "没有预设“{preset}”；可用的预设：{presets}",
        "no preset {preset!r}; presets are {presets}",
    ),
    "cli.synth.preset_fixes": (
        "--preset {preset} 已确定社区数和街道数；请去掉 --communities 和 --subdistricts",
        "--preset {preset} fixes the communities and subdistricts; "
        "leave out --communities and --subdistricts",
    ),
    "cli.synth.too_many_subdistricts": (
        "--subdistricts {sd} 多于 --communities {comm}：街道数请给 1 到 {comm}",
        "--subdistricts {sd} is more than --communities {comm}: give from 1 to {comm} subdistricts",
    ),
    "cli.synth.cannot": ("无法生成这个模型：{reason}", "cannot generate this model: {reason}"),
    "cli.synth.wrote": (
        "已写出 {path}：区划 {divisions} 个，住户 {households} 户，人员 {persons} 人"
        "（生成 {built} 秒，写出 {written} 秒）",
        "wrote {path}: {divisions} divisions, {households} households, {persons} persons "
        "(built {built} s, written {written} s)",
    ),
    # -- init ----------------------------------------------------------------------
    "cli.init.help": (
        "新建一个空白模型（model.yaml 和各部分的 CSV 表），供填写",
        "write a new, empty model to fill in (model.yaml and a CSV table per section)",
    ),
    "cli.init.description": (
        "在一个新目录里写出入口文件 model.yaml（每个部分都有中文注释）和 tables/ 下"
        "各部分的 CSV 表（只有表头，UTF-8 带 BOM，Excel 可直接打开）。"
        "已存在且不是空的目录不会被覆盖。",
        "Write, in a new folder, the entry file model.yaml (each section with a comment) "
        "and a CSV table per section under tables/ (headers only, UTF-8 with a BOM, "
        "opens in Excel).  A folder that exists and is not empty is not overwritten.",
    ),
    "cli.init.directory": (
        "要新建的目录（不存在，或是空目录）",
        "the folder to create (absent, or empty)",
    ),
    "cli.init.divisions": (
        "用国家统计局统计用区划代码（code,name,parent[,level] 的 CSV）填写区划："
        "市、县级单位、街道和街道下的社区（居委会）；镇、乡及其下的村、社区不收入",
        "fill the divisions from the national statistical division codes (a CSV of "
        "code,name,parent[,level]): the city, its counties, subdistricts and their "
        "residents' committees; towns and what lies under them are left out",
    ),
    "cli.init.name": (
        "模型名称（默认：<市名>城市基层党建）",
        "the model's name (default: <city>城市基层党建)",
    ),
    "cli.init.wrote": (
        "已写出 {entry} 和 {count} 张表（{folder}/，只有表头）",
        "wrote {entry} and {count} tables ({folder}/, headers only)",
    ),
    "cli.init.seeded": (
        "区划表已填入 {counts}（取自 {source}）",
        "divisions filled in: {counts} (from {source})",
    ),
    "cli.init.level_count": ("{count} 个{level}", "{count} {level}"),
    "cli.init.left_out": ("未收入：{what}。{why}", "left out: {what}. {why}"),
    "cli.init.why": (
        "模型的层级是 市→县→街道→社区，没有“镇”一级；需要时可在区划表里手工添加",
        "the model's levels are city → county → subdistrict → community, with no town "
        "level; add such divisions by hand in the divisions table if you need them",
    ),
    "cli.init.towns": (
        "{total} 个镇、乡等乡级单位（{kinds}）及其下 {under} 个村级单位",
        "{total} towns and other township-level divisions ({kinds}) and the {under} "
        "village-level divisions under them",
    ),
    "cli.init.villages": (
        "街道下 {count} 个不是居委会的村级单位（村委会等）",
        "{count} village-level divisions under subdistricts that are not residents' "
        "committees (villagers' committees and others)",
    ),
    "cli.init.provinces": ("{count} 个省级单位", "{count} province-level divisions"),
    "cli.init.next": (
        "下一步：在表里填写各部分，然后运行 partygraph validate {entry}",
        "next: fill in the tables, then run partygraph validate {entry}",
    ),
    "cli.init.xlsx": (
        "各部分写在一个 Excel 工作簿 tables.xlsx 里（每部分一张工作表、中文表头、"
        "代码列有下拉列表、附“说明”工作表），而不是 tables/ 下的 CSV 表",
        "write the sections into one Excel workbook, tables.xlsx (a sheet per section, "
        "Chinese headers, dropdowns for code columns, a 说明 sheet), not CSV tables under tables/",
    ),
    "cli.init.wrote_xlsx": (
        "已写出 {entry} 和工作簿 {workbook}（{count} 张工作表和“说明”，只有表头）",
        "wrote {entry} and the workbook {workbook} ({count} sheets and 说明, headers only)",
    ),
    "cli.init.next_xlsx": (
        "下一步：在工作簿里填写各部分，然后运行 partygraph validate {entry}",
        "next: fill in the workbook, then run partygraph validate {entry}",
    ),
}
