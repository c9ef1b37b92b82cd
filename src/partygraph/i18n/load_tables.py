"""Messages of reading tables: CSV and workbooks, headers, cells, column mappings."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- tables: the file and its header (partygraph.io.tables) ------------------------
    "load_tables.did_you_mean": ("（是不是“{word}”？）", " (did you mean '{word}'?)"),
    "load_tables.no_header": (
        "表格是空的，没有表头行：第一行应是列名，例如 {example}",
        "the table has no header row: its first line names the columns, e.g. {example}",
    ),
    "load_tables.csv_syntax": (
        'CSV 格式有误：这一行的英文双引号（"）不成对，或引号后面紧跟了别的字符；'
        "含分隔符、引号或换行的格子要整个用英文双引号括起来",
        'CSV syntax: check the quotes (") on this line: a cell holding the delimiter, '
        "a quote or a line break is quoted whole",
    ),
    "load_tables.ragged": (
        "这一行有 {cells} 个格子，表头有 {width} 列：请检查是否多了分隔符或少了引号",
        "row has {cells} cells but the header has {width}; "
        "check for a stray delimiter or a missing quote",
    ),
    "load_tables.ragged_more": (
        "……另有 {count} 行的格子数与表头不同",
        "... and {count} more rows whose cells do not match the header",
    ),
    "load_tables.empty_column": (
        "表头第 {column} 列没有列名：请填上列名，或删去这一列",
        "empty column name in the header (column {column})",
    ),
    "load_tables.duplicate_column": (
        "列名“{name}”出现了两次（第一次在第 {first} 列）：请删去或改名其中一列",
        "column '{name}' appears twice (first as {first})",
    ),
    "load_tables.unknown_column": (
        "不认识的列“{name}”{hint}；可用的列：{allowed}",
        "unknown column '{name}'{hint}; columns are: {allowed}",
    ),
    "load_tables.missing_column": (
        "缺少必填的列“{name}”：请在表头加上这一列",
        "required column '{name}' is missing",
    ),
    "load_tables.not_a_table": (
        "不像 CSV 表：第一行没有用{delimiter}分隔的列名（第一行开头是“{prefix}”）；"
        "请检查表的文件名是否写对了",
        "this does not look like a CSV table: its first line has no column names "
        "separated by {delimiter} (it starts “{prefix}”); check the table's file name",
    ),
    "load_tables.wrong_delimiter": (
        "表头只有一列“{prefix}”，其中有{found}：这张表像是用{found}分隔的，"
        "请在表的写法中加上 {option}",
        "the header is one column “{prefix}” holding {found}: the table looks "
        "separated by {found}; add {option} to the table",
    ),
    "load_tables.delimiter.comma": ("逗号“,”", "commas ','"),
    "load_tables.delimiter.semicolon": ("分号“;”", "semicolons ';'"),
    "load_tables.delimiter.tab": ("制表符", "tabs"),
    "load_tables.delimiter.other": ("“{char}”", "'{char}'"),
    # -- cells (partygraph.io.columns, partygraph.io.shape) -----------------------------
    "load_tables.control_character": (
        "格子里第 {position} 个字符是控制字符 {code}（{name}），表格中不能有控制字符：请删去它",
        "character {position} of the cell is the control character {code} ({name}), "
        "which no table cell may hold: delete it",
    ),
    "load_tables.cell_too_long": (
        "格子有 {length} 个字符，超过了这一列 {limit} 个字符的上限：请检查这一格"
        "（是不是把整段文字粘贴进了一格）",
        "the cell has {length:,} characters, more than the {limit:,} this column takes: "
        "check it (was a whole text pasted into one cell?)",
    ),
    "load_tables.row_too_long": (
        "这一行有一个格子超过了 {limit} 个字符的上限"
        "（可能是少了一个引号，后面的内容都读进了一格）：请检查这一行",
        "a cell on this line is longer than {limit:,} characters (a missing quote "
        "may have run the rest of the file into it): check this line",
    ),
    "load_tables.required_cell": (
        "“{name}”是必填的，这一格不能空着",
        "{name} is required",
    ),
    "load_tables.bad_id": (
        "“{value}”不是有效的编号：编号由字母、数字和 _ . : / - 组成，"
        "不含空格，最长 128 个字符，例如 h001",
        "'{value}' is not a valid id (letters, digits and _ . : / -, no spaces, "
        "at most 128 characters, e.g. h001)",
    ),
    "load_tables.bad_count": (
        "“{value}”不是整数：请写 0 或正整数，不带小数点、千分位和单位，例如 3",
        "'{value}' is not a whole number (0 or more)",
    ),
    "load_tables.more_in_column": (
        "……该列另有 {count} 处同类问题",
        "... and {count:,} more rows like these",
    ),
    "load_tables.more_in_column.one": (
        "……该列另有 {count} 处同类问题",
        "... and {count:,} more row like this",
    ),
    "load_tables.nested_cell": (
        "一个格子只能写一个值，不能写列表或映射",
        "a cell holds one value, not a list",
    ),
    # -- companion sections (partygraph.io.companions) -----------------------------------
    "load_tables.unknown_parent": (
        "没有编号为“{id}”的{wants}：请检查编号，或先在 {section} 部分加上它",
        "unknown parent '{id}': it should be {wants} ({section})",
    ),
    "load_tables.wrong_parent": (
        "“{id}”是{kind}，不是{wants}：请改为{wants}的编号",
        "'{id}' is {kind}, not {wants}",
    ),
    "load_tables.wants.service_items": ("党群服务中心", "a service centre"),
    "load_tables.wants.part_time_members": ("大工委或大党委", "an expanded body"),
    "load_tables.wants.meetings": ("大工委、大党委或共建队伍", "an expanded body or team"),
}
