"""Messages of the analyses: matching needs with resources."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "analysis.match_title": (
        "{model} — 需求与资源对接{snapshot}",
        "{model} — needs and resources{snapshot}",
    ),
    "analysis.as_of": ("（数据日期 {snapshot}）", " (as of {snapshot})"),
    "analysis.match_totals": (
        "挂点社区 {communities} 个，列出需求 {needs} 项："
        "本社区挂点单位可满足 {met} 项（{met_pct}），"
        "其他挂点单位可满足 {elsewhere} 项（{elsewhere_pct}），"
        "没有单位提供 {unmet} 项（{unmet_pct}）",
        "{communities} paired communities list {needs} needs: {met} met by their own paired unit "
        "({met_pct}), {elsewhere} offered by another paired unit ({elsewhere_pct}), "
        "{unmet} offered by none ({unmet_pct})",
    ),
    "analysis.match_method": (
        "对接方法：需求与资源按文字比对，去掉空格和标点、全角字母数字改为半角，"
        "同义词组视为同一项（内置同义词组见 docs/matching.md，可在模型的 vocabulary: synonyms: "
        "里或用 --synonyms 文件补充）",
        "method: needs and resources compared as text, spaces and punctuation aside, full-width "
        "letters and digits as half-width, synonym groups as one item (built-in groups in "
        "docs/matching.md; add more in the model's vocabulary: synonyms: or with --synonyms FILE)",
    ),
    "analysis.elsewhere_head": (
        "其他挂点单位可满足的需求（{count} 项）",
        "needs another paired unit offers ({count})",
    ),
    "analysis.unmet_head": (
        "没有单位提供的需求（{count} 项，按需求汇总）",
        "needs no paired unit offers ({count}, by need)",
    ),
    "analysis.community_line": (
        "{name}（{id}）  {place}  挂点单位：{units}",
        "{name} ({id})  {place}  paired with: {units}",
    ),
    "analysis.need_offers": ("“{need}”：{offers}", '"{need}": {offers}'),
    "analysis.offer": ("{unit}（{near}）", "{unit} ({near})"),
    "analysis.unmet_line": ("“{need}”：{count} 个社区", '"{need}": {count} communities'),
    "analysis.unmet_line.one": ("“{need}”：{count} 个社区", '"{need}": {count} community'),
    "analysis.near.community": ("同社区", "same community"),
    "analysis.near.subdistrict": ("同街道", "same subdistrict"),
    "analysis.near.county": ("同县区", "same county"),
    "analysis.near.city": ("同市", "same city"),
    "analysis.none": ("无", "none"),
    "analysis.more": ("……另有 {count} 项", "... and {count} more"),
    "analysis.more_units": ("……另有 {count} 个单位", "... and {count} more units"),
    "analysis.unmatched_line": (
        "{community}（{id}）：{current} → 无（没有单位能满足其列出的需求）",
        "{community} ({id}): {current} → none (no unit meets any need it lists)",
    ),
    "analysis.more_communities": ("……另有 {count} 个社区", "... and {count} more communities"),
    "analysis.recommend_head": (
        "推荐挂点单位（每个社区前 {top} 个，按可满足的需求数排序）",
        "recommended units (top {top} per community, by needs met)",
    ),
    "analysis.recommend_line": (
        "{unit}（{near}{paired}）可满足 {count} 项：{needs}",
        "{unit} ({near}{paired}) meets {count}: {needs}",
    ),
    "analysis.paired_now": ("，现挂点", ", paired now"),
    "analysis.assign_head": (
        "优化挂点安排（每个单位最多联系 {capacity} 个社区，最小费用流求得最优解）",
        "best pairing (at most {capacity} communities per unit, solved exactly as a "
        "minimum-cost flow)",
    ),
    "analysis.assign_totals": (
        "可满足的需求：现有挂点 {before} 项 → 优化后 {after} 项（增加 {gain} 项）；"
        "{changed} 个社区调整挂点单位，{kept} 个保持不变",
        "needs met: {before} with today's pairings → {after} (+{gain}); {changed} communities "
        "change unit, {kept} keep theirs",
    ),
    "analysis.assign_line": (
        "{community}（{id}）：{current} → {unit}，可满足 {count} 项：{needs}",
        "{community} ({id}): {current} → {unit}, meets {count}: {needs}",
    ),
    "analysis.unknown_format": (
        "不支持的格式“{format}”；可用的格式：{formats}",
        "unknown format {format!r}; formats: {formats}",
    ),
    "analysis.bad_synonyms": (
        "{path}：同义词文件应是一个列表，每项是一组同义的名称（列表），例如 - [法律咨询, 法律援助]",
        "{path}: a synonyms file is a list of groups, each a list of names, e.g. "
        "- [法律咨询, 法律援助]",
    ),
    "analysis.cli_help": (
        "需求与资源对接：挂点社区的需求哪些由本单位满足、哪些其他单位可提供、哪些无人提供",
        "needs and resources: which needs of paired communities their unit meets, which another "
        "unit offers, which none",
    ),
    "analysis.cli_description": (
        "把每个挂点社区“需求清单”里的需求，与各挂点单位“资源清单”比对："
        "本社区挂点单位可满足的、其他挂点单位可满足的（列出单位和远近）、没有单位提供的。"
        "--recommend 按可满足的需求数为每个社区推荐单位；"
        "--assign 在每个单位最多联系 --capacity 个社区的条件下，求出满足需求最多的挂点安排。",
        "Compares each paired community's needs with every paired unit's resources: met by its "
        "own unit, offered by another (which, and how near), offered by none. --recommend ranks "
        "units per community by needs met; --assign finds the pairing that meets the most needs "
        "with at most --capacity communities per unit.",
    ),
    "analysis.cli_scope": (
        "只看这个行政区划（代码或名称）下的社区；提供资源的单位仍来自全市",
        "only the communities under this division (id or name); offers still come from the "
        "whole model",
    ),
    "analysis.cli_recommend": (
        "为每个社区推荐可满足需求最多的 N 个单位（不写 N 时为 3）",
        "recommend the N units meeting most needs of each community (N defaults to 3)",
    ),
    "analysis.cli_assign": (
        "求出满足需求最多的挂点安排（精确解），并与现有挂点比较",
        "find the pairing that meets the most needs (exactly), compared with today's",
    ),
    "analysis.cli_capacity": (
        "--assign 时每个单位最多联系的社区数（默认 3，即 yangjiang 规则包的挂点负荷上限）",
        "most communities one unit takes with --assign (default 3, the yangjiang pack's load "
        "threshold)",
    ),
    "analysis.cli_synonyms": (
        "补充的同义词组：YAML 文件，每项是一组同义的名称，例如 - [加装电梯, 电梯改造]",
        "more synonym groups: a YAML file, each item a list of names, e.g. - [加装电梯, 电梯改造]",
    ),
    "analysis.cli_format": (
        "输出格式：text（默认）、json 或 csv（每个社区每项需求一行）；写文件时默认按后缀",
        "output format: text (default), json or csv (a row per community and need); from the "
        "suffix when writing a file",
    ),
    "analysis.cli_output": (
        "写到这个文件（默认输出到屏幕）",
        "write to this file (default: the screen)",
    ),
    "analysis.metrics_title": (
        "{model} — 关键人员与单位（{network}）",
        "{model} — key persons and units ({network})",
    ),
    "analysis.network.persons": (
        "人员网络：在同一党组织、网格、小区、单位、党群服务中心或同一社区任职的人相互连接",
        "persons network: people holding posts in the same organisation, grid, compound, unit, "
        "service centre or community are linked",
    ),
    "analysis.network.units": (
        "单位网络：通过双报到挂点、“大党委”兼职委员席位或“1+3”“1+N”队伍服务同一社区的单位相互连接",
        "units network: units serving the same community through a pairing, a part-time seat on "
        "its expanded committee or a team are linked",
    ),
    "analysis.network.orgs": (
        "组织网络：上下级领导关系、同在一个“大党委”“大工委”、或由同一人兼任岗位的党组织相互连接",
        "organisations network: party organisations linked by leading one another, sitting on "
        "the same expanded committee, or sharing a person who holds posts in both",
    ),
    "analysis.metrics_totals.orgs": (
        "有联系的党组织 {nodes} 个，联系 {posts} 处；平均每个组织 {mean} 处，最多 {max} 处",
        "{nodes} party organisations with {posts} ties; {mean} each on average, at most {max}",
    ),
    "analysis.top_posts.orgs": (
        "联系最多的 {n} 个党组织",
        "the {n} party organisations with the most ties",
    ),
    "analysis.brokers_head.orgs": (
        "跨社区的党组织（联系两个以上社区，按中介中心度排序，前 {n} 个）",
        "party organisations bridging communities (two or more communities, by betweenness; "
        "top {n})",
    ),
    "analysis.role.leads": ("领导下级党组织", "leads"),
    "analysis.role.led_by": ("受上级党组织领导", "led by"),
    "analysis.role.core": ("“大党委”核心组织", "core of an expanded committee"),
    "analysis.role.expanded_member": ("“大党委”成员组织", "expanded committee member"),
    "analysis.role.shared_person": ("同一人兼任", "a person shared"),
    "analysis.metrics_totals.persons": (
        "任职人员 {nodes} 人，岗位 {posts} 个；人均 {mean} 个，最多 {max} 个",
        "{nodes} persons hold {posts} posts; {mean} each on average, at most {max}",
    ),
    "analysis.metrics_totals.units": (
        "联系社区的单位 {nodes} 个，联系 {posts} 处；平均每个单位 {mean} 处，最多 {max} 处",
        "{nodes} units with {posts} ties to communities; {mean} each on average, at most {max}",
    ),
    "analysis.sampled": (
        "（网络较大，中介中心度按固定种子抽样 {k} 个起点估算，每次结果相同）",
        "(a large network: betweenness estimated from {k} sources drawn with a fixed seed, the "
        "same every run)",
    ),
    "analysis.top_posts.persons": ("兼任岗位最多的 {n} 人", "the {n} persons with the most posts"),
    "analysis.top_posts.units": ("联系社区最多的 {n} 个单位", "the {n} units with the most ties"),
    "analysis.brokers_head.persons": (
        "跨社区的联系人（联系两个以上社区，按中介中心度排序，前 {n} 人）",
        "brokers between communities (two or more communities, by betweenness; top {n})",
    ),
    "analysis.brokers_head.units": (
        "跨社区的单位（联系两个以上社区，按中介中心度排序，前 {n} 个）",
        "units bridging communities (two or more communities, by betweenness; top {n})",
    ),
    "analysis.sole_head": (
        "社区与市里的唯一联系（该社区只有这一个市直单位联系，共 {count} 个社区）",
        "a community's only link to the city (its one municipal unit; {count} communities)",
    ),
    "analysis.metric_line": (
        "{name}（{id}）  {place}  {posts} 个：{roles}；联系 {communities} 个社区",
        "{name} ({id})  {place}  {posts}: {roles}; {communities} communities",
    ),
    "analysis.broker_line": (
        "{name}（{id}）  {place}  中介中心度 {betweenness}，约束度 {constraint}，"
        "有效规模 {effective}；两步内可达 {reach} 个社区、{households} 户",
        "{name} ({id})  {place}  betweenness {betweenness}, constraint {constraint}, "
        "effective size {effective}; reaches {reach} communities and {households} households "
        "in two steps",
    ),
    "analysis.sole_line": (
        "{name}（{id}）：{count} 个社区只靠它联系",
        "{name} ({id}): the only link of {count} communities",
    ),
    "analysis.sole_line.one": (
        "{name}（{id}）：{count} 个社区只靠它联系",
        "{name} ({id}): the only link of {count} community",
    ),
    "analysis.role.holder": ("任职", "post"),
    "analysis.role.pairing": ("双报到挂点", "pairing"),
    "analysis.role.part_time_seat": ("“大党委”兼职委员", "part-time seat"),
    "analysis.role.team": ("工作队伍成员", "team member"),
    "analysis.metrics_cli_help": (
        "关键人员与单位：兼任岗位多的人、跨社区的联系人、社区与市里的唯一联系",
        "key persons and units: who holds most posts, who bridges communities, a community's "
        "only link to the city",
    ),
    "analysis.metrics_cli_network": (
        "persons（人员，默认）、units（单位）或 orgs（党组织）",
        "persons (default), units or orgs (party organisations)",
    ),
    "analysis.metrics_cli_top": ("每张表列出的个数（默认 10）", "rows per list (default 10)"),
    "analysis.metrics_cli_format": (
        "输出格式：text（默认）、json 或 csv（每人或每个单位一行）；写文件时默认按后缀",
        "output format: text (default), json or csv (a row each); from the suffix when writing",
    ),
}
