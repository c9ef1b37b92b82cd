"""Messages of a national model: the nation entry file and the partitioned check."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "nation.not_mapping": (
        "全国入口文件应是一个映射，写 nation: 和 provinces: 两项（写法见 docs/nation.md）",
        "a nation entry file is a mapping with nation: and provinces: (see docs/nation.md)",
    ),
    "nation.unknown_key": (
        "全国入口文件不认识 ‘{key}’；只能写 nation:、provinces: 和 description:",
        "unknown key {key!r} in a nation entry; only nation:, provinces: and description:",
    ),
    "nation.no_nation": (
        '缺少 nation:，请写上全国的编号 id 和名称 name，例如 id 写 "000000"，name 写 全国',
        'nation: is missing; give the nation\'s id and name, e.g. id "000000" and name 全国',
    ),
    "nation.bad_nation": (
        'nation: 应写 id 和 name 两项（都是文字），例如 id 写 "000000"，name 写 全国',
        'nation: takes an id and a name (both text), e.g. id "000000" and name 全国',
    ),
    "nation.no_provinces": (
        "provinces: 应列出各省模型的入口文件，至少一个，例如 provinces: [44/model.yaml]",
        "provinces: lists the entry files of the province models, at least one, "
        "e.g. provinces: [44/model.yaml]",
    ),
    "nation.bad_province": (
        "provinces 的每一项应是文件路径（例如 44/model.yaml），"
        '或写 id、name、model 三项的映射（id 写 "440000"，name 写 广东省，model 写 44/model.yaml）',
        "each item of provinces is a file path (e.g. 44/model.yaml) or a mapping of id, name "
        'and model (id "440000", name 广东省, model 44/model.yaml)',
    ),
    "nation.missing_file": (
        "找不到省模型文件 ‘{path}’（相对于本入口文件所在的文件夹）；请改正路径，或先生成该省模型",
        "province model file {path!r} not found (paths are relative to this entry file's "
        "folder); correct the path or make the model first",
    ),
    "nation.duplicate_province": (
        "省 ‘{id}’ 重复：第 {line} 行已列过它（{where}）；每个省只能列一次",
        "province {id!r} is listed twice: already at line {line} ({where}); list each once",
    ),
    "nation.duplicate_file": (
        "文件 ‘{path}’ 重复：第 {line} 行已列过它；每个省的模型只能列一次",
        "file {path!r} is listed twice: already at line {line}; list each province once",
    ),
    "nation.city_elsewhere": (
        "{province}（{path}）里的市 ‘{id}’（{name}）的区划代码不以本省代码 {code} 开头；"
        "请检查是否列错了省，或改正该市的编号",
        "city {id!r} ({name}) of {province} ({path}) has a code that does not begin with the "
        "province's code {code}; check the province or correct the city's id",
    ),
    "nation.no_cities": (
        "{province}（{path}）没有任何区划；一个省的模型至少要有一个市",
        "{province} ({path}) has no divisions; a province's model has at least one city",
    ),
    "nation.province_failed": (
        "{province}（{path}）读取失败：{problem}",
        "{province} ({path}) could not be read: {problem}",
    ),
    "nation.cross_province": (
        "跨省引用：本省（{here}）的 {field} 写了 ‘{id}’，它是{there}的{kind}“{name}”"
        "（{there_path}）；各省模型分开检查，不能引用别的省的对象；"
        "请改为本省的编号，或把这项挪到{there}的模型里",
        "a reference crosses provinces: {field} in {here} names {id!r}, the {kind} {name!r} "
        "of {there} ({there_path}); provinces are checked apart and cannot refer to each "
        "other: use an id of this province or move the entry to {there}'s model",
    ),
    "nation.no_dask": (
        "分省并行检查需要 Dask：请运行 {command}；"
        "不装 Dask 也可以去掉 --workers 和 --scheduler，逐省依次检查",
        "checking provinces in parallel needs Dask: {command}; "
        "without it leave out --workers and --scheduler to check one province after another",
    ),
    "nation.bad_workers": (
        "--workers 应是 1 到 {max} 之间的整数，不是 {value}",
        "--workers takes a whole number from 1 to {max}, not {value}",
    ),
    "nation.bad_scheduler": (
        "--scheduler 应写调度器地址，例如 tcp://10.0.0.5:8786，不是 ‘{value}’",
        "--scheduler takes a scheduler's address, e.g. tcp://10.0.0.5:8786, not {value!r}",
    ),
    "nation.no_scheduler": (
        "连不上调度器 {address}：{reason}；请确认已在该机器上运行 dask scheduler，"
        "端口可以访问，或去掉 --scheduler 在本机检查",
        "cannot reach the scheduler at {address}: {reason}; check that dask scheduler runs "
        "there and its port is open, or leave out --scheduler to check on this machine",
    ),
    "nation.not_nation_option": (
        "{option} 只用于全国模型（入口文件写有 nation: 和 provinces:）；单个模型请去掉它",
        "{option} is for a national model only (an entry with nation: and provinces:); "
        "leave it out for one model",
    ),
    "nation.synth_provinces": (
        "生成全国模型：N 个省（1 到 {max}），每省一个模型，-o 写全国入口文件；"
        "--communities、--households 是每个省的数量",
        "make a national model: N provinces (1 to {max}), one model each, -o the nation "
        "entry; --communities and --households are per province",
    ),
    "nation.synth_preset": (
        "--provinces 不能与 --preset 同用：各省按 --communities 和 --households 生成",
        "--provinces cannot go with --preset: provinces are made from --communities and "
        "--households",
    ),
    "nation.synth_wrote": (
        "已写出 {path}：{count} 个省，每省社区 {communities} 个、住户 {households} 户"
        "（生成并写出 {seconds} 秒）",
        "wrote {path}: {count} provinces, each {communities} communities and {households} "
        "households ({seconds} s to make and write)",
    ),
    "nation.workers_help": (
        "全国模型：用 N 个 Dask 工作进程在本机分省检查（不写：逐省依次检查）",
        "a national model: check provinces on N local Dask worker processes (default: one "
        "after another)",
    ),
    "nation.scheduler_help": (
        "全国模型：在已启动的 Dask 集群上分省检查，写调度器地址，例如 tcp://10.0.0.5:8786",
        "a national model: check provinces on a running Dask cluster, by its scheduler's "
        "address, e.g. tcp://10.0.0.5:8786",
    ),
    "nation.no_scope": (
        "全国模型不能用 --scope：请直接检查该省的模型，"
        "例如 partygraph check 44/model.yaml --scope 阳江市",
        "--scope does not apply to a national model: check the province's model "
        "itself, e.g. partygraph check 44/model.yaml --scope 阳江市",
    ),
    "nation.summary_head": (
        "{name}（{id}）：{count} 个省，{summary}",
        "{name} ({id}): {count} provinces, {summary}",
    ),
    "nation.summary_province": ("  {name}（{id}）：{summary}", "  {name} ({id}): {summary}"),
    "nation.summary_rule": (
        "  {title}：全国 {covered}/{total}（{ratio}）；最低 {lowest}（{lowest_ratio}）",
        "  {title}: nation {covered}/{total} ({ratio}); lowest {lowest} ({lowest_ratio})",
    ),
    "nation.summary_provinces": ("各省：", "provinces:"),
    "nation.summary_coverage": ("全国覆盖率（主要规则）：", "national coverage (headline rules):"),
    "nation.level_province": ("省", "province"),
    "nation.level_nation": ("全国", "nation"),
    "nation.load_label": ("{province}：{label}", "{province}: {label}"),
}
