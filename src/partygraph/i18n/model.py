"""Messages of the model's Python API: a section, table, column or id asked for
that is not there, and the names that are."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "model.no_section": (
        "没有名为 ‘{name}’ 的部分；部分有：{sections}",
        "no section {name!r}; sections are {sections}",
    ),
    "model.nothing_to_count": (
        "没有名为 ‘{name}’ 的部分或表可以计数；部分有：{sections}；批量表有：{tables}",
        "nothing called {name!r} to count; sections are {sections}; bulk tables are {tables}",
    ),
    "model.no_entity": (
        "没有编号为 ‘{id}’ 的结构实体",
        "no structure entity has id {id!r}",
    ),
    "model.a_row": (
        "{base}：它是 {table} 表的一行（model.population[{table!r}]），不是结构实体",
        "{base}: it is a row of the {table} table (model.population[{table!r}]), "
        "not a structure entity",
    ),
    "model.none": ("{base}：模型里还没有结构实体", "{base}: the model has none"),
    "model.has": (
        "{base}；模型有 {count} 个结构实体（{counts}）",
        "{base}; the model has {count} ({counts})",
    ),
    "model.no_table": (
        "没有名为 ‘{name}’ 的批量表；批量表有：{tables}",
        "no bulk table {name!r}; the tables are {tables}",
    ),
    "model.no_column": (
        "{table} 表没有 ‘{name}’ 列；它的列有：{columns}",
        "no column {name!r} in the {table} table; its columns are {columns}",
    ),
    "model.not_a_division": (
        "范围 ‘{scope}’ 不是模型里的区划：请写一个区划的编号",
        "scope {scope!r} is not a division of the model; give a division id",
    ),
}
