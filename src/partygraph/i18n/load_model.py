"""Messages of checking entities and references: fields, codes, ids and names."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- hints and lists --------------------------------------------------------
    "load_model.did_you_mean": ("（是不是“{close}”？）", " (did you mean {close!r}?)"),
    "load_model.list_sep": ("、", ", "),
    "load_model.why_chinese_code": ("中文代码", "Chinese code"),
    # -- fields (pydantic's errors, by type) ----------------------------------------
    "load_model.unknown_field": (
        "没有 ‘{field}’ 这个字段{hint}；可用的字段：{allowed}",
        "unknown field {field!r}{hint}; allowed: {allowed}",
    ),
    "load_model.missing": (
        "缺少必填字段 ‘{field}’，请补上",
        "required field {field!r} is missing",
    ),
    "load_model.not_a_choice": (
        "‘{value}’不是 {field} 的可选值{hint}；可选：{choices}",
        "{value!r} is not a choice of {field}{hint}; one of: {choices}",
    ),
    "load_model.term_not_code": (
        "‘{value}’是中文名称，请写代码 ‘{code}’（可选：{choices}）",
        "{value!r} is a Chinese term: write the code {code!r} (one of: {choices})",
    ),
    "load_model.not_whole": (
        "‘{value}’不是整数，请写 0 或更大的整数，例如 3",
        "{value!r} is not a whole number (0 or more)",
    ),
    "load_model.not_whole_fraction": (
        "‘{value}’有小数部分，这里要写整数，例如 3",
        "{value!r} is not a whole number: write one without a fraction, such as 3",
    ),
    "load_model.not_a_number": (
        "‘{value}’不是数，请写一个数，例如 12.5",
        "{value!r} is not a number (write one such as 12.5)",
    ),
    "load_model.not_finite": (
        "‘{value}’不是有限的数（无穷大或非数），请写一个普通的数",
        "{value!r} is not a finite number",
    ),
    "load_model.at_least": (
        "{value} 太小：不能小于 {limit}",
        "{value} is too small: it must be at least {limit}",
    ),
    "load_model.more_than": (
        "{value} 太小：必须大于 {limit}",
        "{value} is too small: it must be more than {limit}",
    ),
    "load_model.at_most": (
        "{value} 太大：不能大于 {limit}",
        "{value} is too large: it must be at most {limit}",
    ),
    "load_model.too_long": (
        "太长：最多 {limit} 个字符",
        "too long: at most {limit} characters",
    ),
    "load_model.empty": ("不能为空，请填写", "must not be empty"),
    "load_model.too_few": ("至少要有 {limit} 项", "needs at least {limit} items"),
    "load_model.too_many": ("最多 {limit} 项", "takes at most {limit} items"),
    "load_model.not_text": (
        "应是文字，这里读到的是 {value}；YAML 把它读成了数或日期，加上引号就是文字：'{value}'",
        "should be text (got {value!r}); put it in quotes to make it text: '{value}'",
    ),
    "load_model.bad_pattern": (
        "‘{value}’写法不对：只能由字母、数字和 . : / - _ 组成，不能有空格",
        "{value!r} is not valid: letters, digits and . : / - _ only, no spaces",
    ),
    "load_model.not_yes_no": (
        "‘{value}’不是 是/否：请写 是 或 否（也可写 {spelled}）",
        "{value!r} is not {spelled} (是/否 may be written too)",
    ),
    "load_model.not_a_date": (
        "‘{value}’不是日期，请写成 2023-04-26 这样的形式",
        "{value!r} is not a date (write YYYY-MM-DD, such as 2023-04-26)",
    ),
    "load_model.bad_key": (
        "字段名 {value} 应是文字；YAML 把它读成了数或其他值，请改成字段名",
        "field name {value!r} should be text",
    ),
    "load_model.not_a_list": (
        "应是一个列表，例如 [甲, 乙]，这里读到的是 {value}",
        "should be a list such as [a, b] (got {value!r})",
    ),
    "load_model.not_a_record": (
        "应是一组“字段: 值”（映射），这里读到的是 {value}",
        "should be a mapping of field: value (got {value!r})",
    ),
    "load_model.not_a_list_item": (
        "应是一组“字段: 值”（映射），不是一个单元格；请写在 YAML 里或另用一张表",
        "should be a mapping of field: value, not a cell; "
        "write it in YAML or in a table of its own",
    ),
    # -- ids and the checks of the model's classes ------------------------------------
    "load_model.truth_for_number": (
        "{field}：{value} 不是数，请写一个人数（例如 12）",
        "{field}: {value} is not a number; write a count",
    ),
    "load_model.end_before_start": (
        "{end_field}（{end}）早于 {start_field}（{start}）；请对调两个日期或改正",
        "{end_field} {end} is before {start_field} {start}; swap them or correct the date",
    ),
    # -- references ---------------------------------------------------------------
    "load_model.duplicate_id": (
        "编号 ‘{id}’ 重复：{where}（{kind}）也用了它；整个模型的编号不能重复",
        "duplicate id {id!r}: also used at {where} ({kind}); ids must be unique across the model",
    ),
    "load_model.unknown_row": (
        "找不到 ‘{id}’：{table} 表里没有这个编号；请把它加到 {table} 表，或改正编号{hint}",
        "unknown {table} row {id!r}: add it to the {table} table or correct the id{hint}",
    ),
    "load_model.unknown_id": (
        "找不到编号 ‘{id}’：{target} 里没有它{hint}",
        "unknown {target} id {id!r}{hint}",
    ),
    "load_model.elsewhere": (
        "（它在 {found} 里，不在 {target} 里）",
        " (it is in {found}, not {target})",
    ),
    "load_model.self_reference": ("‘{id}’引用了它自己", "{id!r} refers to itself"),
    "load_model.wrong_level": (
        "‘{id}’是{have}，但 {field} 必须是{want}",
        "{id!r} is a {have}, but {field} must be a {want}",
    ),
    "load_model.name_not_id": (
        "‘{name}’是名称，不是编号；{name} 的编号是 {id}，请写编号",
        "{name!r} is a name, not an id; the id of {name} is {id}: write the id",
    ),
    "load_model.name_shared": (
        "‘{name}’是名称，不是编号；叫 {name} 的有 {count} 个，请写其中一个的编号：{candidates}",
        "{name!r} is a name, not an id; {count} entities are called {name}: "
        "write the id of one: {candidates}",
    ),
    "load_model.candidate": ("{id}（{chain}）", "{id} ({chain})"),
    "load_model.cycle": (
        "层级里有循环：{ids}；一个单位不能是自己的上级",
        "hierarchy has a cycle: {ids}; a unit cannot be its own ancestor",
    ),
    "load_model.city_no_parent": (
        "市是最高一级，没有上级；请删除 {field} ‘{parent}’",
        "a city has no parent; remove {field} {parent!r}",
    ),
    "load_model.needs_parent": (
        "{level}需要写上级 {field}（一个{want}）",
        "a {level} needs a {field} {want}",
    ),
    "load_model.wrong_parent": (
        "{level}的上级必须是{want}，但 ‘{parent}’是{have}",
        "the parent of a {level} must be a {want}, but {parent!r} is a {have}",
    ),
    "load_model.station_needs_compound": (
        "小区党群服务站要写所在的小区 {field}",
        "a compound station needs its {field}",
    ),
    "load_model.centre_needs_division": (
        "{level}级党群服务中心要写所在的区划 {field}",
        "a {level} centre needs its {field}",
    ),
    "load_model.centre_place": (
        "{level}级党群服务中心应设在{allowed}，不能设在{have}",
        "a {level} centre must sit in a {allowed}, not a {have}",
    ),
    "load_model.centre_parent": (
        "{level}级党群服务中心不能由{parent}级中心统筹",
        "a {level} centre cannot be coordinated by a {parent} centre",
    ),
    "load_model.expanded_division": (
        "{form}属于{want}，不属于{have}",
        "an {form} belongs to a {want}, not a {have}",
    ),
    "load_model.department_division": (
        "在{level}一级报到的部门应在{want}，不在{have}",
        "a department answering at {level} level sits in a {want}, not a {have}",
    ),
    "load_model.or": ("或", " or "),
    # -- bulk tables ----------------------------------------------------------------
    "load_model.duplicate_row_id": (
        "编号 ‘{id}’ 重复（第一次出现在 {first}）",
        "duplicate id {id!r} (first at {first})",
    ),
    "load_model.shared_id": (
        "编号 ‘{id}’ 也用在 {holder}；整个模型的编号不能重复",
        "id {id!r} is also used in {holder}; ids must be unique across the model",
    ),
    "load_model.held_at": ("{what}（{where}）", "{what} ({where})"),
    "load_model.more_unknown": (
        "……另有 {count} 个未知编号",
        "... and {count} more unknown ids",
    ),
    "load_model.misplaced": (
        "{column} ‘{id}’ 不在社区 ‘{community}’ 里（它在 ‘{owner}’）",
        "{column} {id!r} is not in community {community!r} (it is in {owner!r})",
    ),
    # -- the model's vocabulary: synonym groups ------------------------------------
    "load_model.vocabulary_value": (
        "vocabulary 下应分行写 synonyms：同义词组的列表，"
        "例如 “synonyms:” 下一行写 “- [助餐, 老年助餐]”",
        "vocabulary is a mapping with synonyms, a list of groups, "
        "e.g. synonyms: [[助餐, 老年助餐]]",
    ),
    "load_model.vocabulary_key": (
        "vocabulary 里没有 ‘{key}’ 这一项；只能写 synonyms（同义词组）",
        "vocabulary has no {key!r}; it takes synonyms (groups of synonyms)",
    ),
    "load_model.synonyms_list": (
        "synonyms 应是同义词组的列表，每组一行，例如 “- [法律咨询, 法律援助]”",
        "synonyms is a list of groups, one a line, e.g. - [法律咨询, 法律援助]",
    ),
    "load_model.synonym_group": (
        "第 {n} 组同义词应写成方括号里的一组词，例如 “- [助餐, 老年助餐]”，这里写的是“{value}”",
        "synonym group {n} is a list of words in brackets, e.g. - [助餐, 老年助餐]; not {value!r}",
    ),
    "load_model.synonym_item": (
        "同义词应是文字，这里写的是“{value}”；数字请加引号，例如 “'{value}'”",
        "a synonym is text, not {value!r}; quote a number, e.g. '{value}'",
    ),
    "load_model.synonym_blank": (
        "这个同义词是空的，请填上词语或删去",
        "this synonym is blank: write a word or remove it",
    ),
    "load_model.synonym_empty_group": (
        "第 {n} 组同义词是空的，请填上至少两个词，或删去这一行",
        "synonym group {n} is empty: write two words or more, or remove the line",
    ),
    "load_model.synonym_short": (
        "第 {n} 组同义词只有一个词“{item}”，一组至少要有两个不同的词；"
        "若用了中文逗号“，”或顿号“、”分隔，请改为英文逗号“,”，例如 “- [助餐, 老年助餐]”",
        "synonym group {n} has one word only ({item!r}); a group names two or more; separate "
        "them with ASCII commas, e.g. - [助餐, 老年助餐]",
    ),
    "load_model.synonym_twice": (
        "“{item}”已写在第 {first} 组（第 {line} 行，以“{head}”为首），不能又归入以“{other}”为首的"
        "第 {n} 组；请只写在一组里，或把这两组合并成一组",
        "{item!r} is in group {first} (line {line}, headed {head!r}) and cannot join group {n} "
        "headed {other!r}: write it in one group only, or merge the two groups",
    ),
}
