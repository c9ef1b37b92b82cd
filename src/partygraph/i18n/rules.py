"""Messages of rule packs and rules files: what is wrong in a rules file (or a
``--param``), where the loader found it, and how to write it instead."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "rules.no_pack": (
        "没有名为“{name}”的内置规则包{suggest}；内置规则包有：{packs}",
        "no built-in pack {name!r}{suggest}; packs are: {packs}",
    ),
    # -- the file and its entries (loader) -------------------------------------------
    "rules.not_a_mapping": (
        "规则文件应是一个映射（以 rules:、params: 等键开头的若干行），例如第一行写 “rules:”",
        "a rules file is a mapping (rules:, params:, ...)",
    ),
    "rules.unknown_key": (
        "没有 ‘{key}’ 这个键{hint}；可用的键：{allowed}",
        "unknown key {key!r}{hint}; allowed: {allowed}",
    ),
    "rules.entry_not_mapping": (
        "每一项都应是一个映射，例如 “- id: grid.leader” 后接 severity:、applies_to: 等键，"
        "不能只写一个值",
        "each entry is a mapping",
    ),
    "rules.param_not_number": (
        "参数要写一个有限的数（例如 30），不能写 ‘{value}’",
        "a parameter is a finite number, not {value!r}",
    ),
    # -- the rule language (spec) -----------------------------------------------------
    "rules.requirement_needs_one": (
        "require 下至少要写以下之一：related、attribute、measure、all、any，"
        "例如在 require: 下写 measure:，其下写 name: service_items 和 min: 10",
        "a requirement needs one of: related, attribute, measure, all, any",
    ),
    "rules.load_value_one": (
        "负载的 value 要写 related: 或 measure: 其中之一：不能两个都写，也不能都不写",
        "a load value is either related: or measure:, not both or neither",
    ),
    # -- against what a model holds (checker) --------------------------------------------
    "rules.unknown_kind": (
        "没有 ‘{kind}’ 这种节点类型{suggest}；可用的类型：{kinds}",
        "unknown kind {kind!r}{suggest}; kinds are: {kinds}",
    ),
    "rules.no_attribute": (
        "{kind} 没有名为 ‘{name}’ 的属性或度量{suggest}；它有：{known}",
        "{kind} has no attribute or measure {name!r}{suggest}; it has: {known}",
    ),
    "rules.unknown_op": (
        "没有 ‘{op}’ 这个运算符{suggest}；可用的运算符：{ops}",
        "unknown operator {op!r}{suggest}; operators are: {ops}",
    ),
    "rules.op_not_for": (
        "运算符 ‘{op}’ 不适用于 ‘{name}’（{type}属性）；可用：{ops}，例如 {name}: {example}",
        "operator {op!r} does not apply to {name!r} (a {type} attribute); "
        "it takes {ops}, e.g. {name}: {example}",
    ),
    "rules.not_a_choice": (
        "‘{value}’不是 {name} 的可选值{suggest}；可选：{choices}",
        "{value!r} is not a value of {name}{suggest}; values are: {choices}",
    ),
    "rules.bad_param_name": (
        "‘{value}’不是参数名：参数名是 $ 后接字母、数字或 _，例如 $max_members",
        "{value!r} is not a parameter name ($ then letters, digits, _)",
    ),
    "rules.no_bound": (
        "请至少写一个界限：min、max、lt 或 gt，例如 min: 1",
        "give at least one bound: min, max, lt or gt",
    ),
    "rules.bound_not_number": (
        "{key} 要写一个数或 $参数，不能写 ‘{value}’，例如 {key}: 3",
        "{key} is a number or a $parameter, not {value!r}",
    ),
    "rules.unknown_relation": (
        "没有 ‘{relation}’ 这种关系{suggest}；可用的关系：{relations}",
        "unknown relation {relation!r}{suggest}; relations are: {relations}",
    ),
    "rules.role_held_by_only": (
        "role 只用于 held_by 关系（职务）：请删去 role，或把 relation 改为 held_by",
        "role applies to the held_by relation (posts) only",
    ),
    "rules.unknown_role": (
        "没有 ‘{role}’ 这个职务{suggest}；可用的职务：{roles}",
        "unknown role {role!r}{suggest}; roles are: {roles}",
    ),
    "rules.where_needs_kind": (
        "要筛选相关的节点，请先用 kind: 写明它们的类型，例如 kind: person",
        "name the kind of the related nodes (kind:) to filter them",
    ),
    "rules.unknown_measure": (
        "没有 ‘{name}’ 这个度量{suggest}；可用的度量：{measures}",
        "unknown measure {name!r}{suggest}; measures are: {measures}",
    ),
    "rules.measure_wrong_kind": (
        "度量 ‘{name}’ 只适用于 {kinds}，不适用于 {kind}；请换一个度量，或改 applies_to 的 kind",
        "measure {name!r} is defined for {kinds}, not {kind}",
    ),
    "rules.parts_needs_max_zero": (
        "按部分统计覆盖（coverage 下写了 parts:）时，规则的 require 只能是一个度量，"
        "并且只写 max: 0（这个度量数出节点不合格的部分）",
        "coverage in parts needs a rule whose require is one measure with max: 0 "
        "(the measure counts the node's failing parts)",
    ),
    # -- filter values, by the attribute's type (values) ---------------------------------
    "rules.takes_bool": (
        "{op} 只能写 true 或 false，不能写 ‘{value}’，例如 {name}: {example}",
        "{op} takes true or false, not {value!r}: e.g. {name}: {example}",
    ),
    "rules.takes_list": (
        "{op} 要写一组值，不能写 ‘{value}’，例如 {name}: {example}",
        "{op} takes a list of values, not {value!r}: e.g. {name}: {example}",
    ),
    "rules.empty_list": (
        "{op}: [] 什么也选不中：请列出要比较的值，例如 {name}: {example}",
        "{op}: [] matches nothing: list the values, e.g. {name}: {example}",
    ),
    "rules.null_value": (
        "null 不能用来比较：要选出 {name} 为空的节点，请写 {name}: {{present: false}}",
        "null is not a value to compare with: to select the nodes whose {name} is "
        "empty, write {name}: {{present: false}}",
    ),
    "rules.wrong_type": (
        "‘{value}’不是{what}：{name} 是{type}属性；请写{how}，例如 {name}: {example}{why}",
        "{value!r} is not {what}: {name} is a {type} attribute; "
        "write {how}, e.g. {name}: {example}{why}",
    ),
    "rules.relative_date": (
        "（规则里的日期是固定的：检查按模型快照的日期读取模型）",
        " (a rule's dates are fixed; a check reads the model as of its snapshot)",
    ),
    # what a value of each type is, how to write it, and the type's name
    "rules.what_num": ("一个数", "a number"),
    "rules.what_finite": ("一个有限的数", "a finite number"),
    "rules.what_date": ("日期", "a date"),
    "rules.what_bool": (" true 或 false", "true or false"),
    "rules.what_text": ("文本", "a text"),
    "rules.what_ref": (" id", "an id"),
    "rules.what_list": ("文本", "a text"),
    "rules.how_num": ("一个数或 $参数", "a number or a $parameter"),
    "rules.how_date": (" YYYY-MM-DD 格式的日期", "YYYY-MM-DD"),
    "rules.how_bool": (" true 或 false", "true or false"),
    "rules.how_text": (
        "这段文本（像数字的要加引号）",
        "the text (quote it if it looks like a number)",
    ),
    "rules.how_ref": (" id（像数字的要加引号）", "the id (quote it if it looks like a number)"),
    "rules.how_list": ("一项（像数字的要加引号）", "one item (quote it if it looks like a number)"),
    "rules.type_num": ("数值", "num"),
    "rules.type_date": ("日期", "date"),
    "rules.type_bool": ("逻辑值", "bool"),
    "rules.type_text": ("文本", "text"),
    "rules.type_ref": ("引用", "ref"),
    "rules.type_list": ("列表", "list"),
    # -- packs together (assemble) and a check's run ----------------------------------------
    "rules.duplicate_id": (
        "规则 id “{id}” 已在 {where} 定义过；请给这条规则另起一个 id",
        "rule id {id!r} is already defined at {where}; give this rule another id",
    ),
    "rules.no_rule_to_disable": (
        "没有 id 为 “{id}” 的规则可以停用{suggest}；请检查 disable: 里的 id",
        "no rule {id!r} to disable{suggest}",
    ),
    "rules.unknown_param": (
        "没有名为 ‘{key}’ 的参数{suggest}；参数由规则包的 params: 定义",
        "unknown parameter {key!r}{suggest}",
    ),
    "rules.unknown_param_ref": (
        "没有名为 ${name} 的参数{suggest}；请在 params: 里设定它，例如 params: {{{name}: 3}}",
        "unknown parameter ${name}{suggest}; set it in params:",
    ),
    "rules.unknown_param_brace": (
        "没有名为 {{{name}}} 的参数；请在 params: 里设定它，例如 params: {{{name}: 3}}",
        "unknown parameter {{{name}}}; set it in params:",
    ),
    "rules.scope_not_division": (
        "scope “{scope}” 不是模型中的区划；请改为一个区划的 id",
        "scope {scope!r} is not a division of the model",
    ),
}
