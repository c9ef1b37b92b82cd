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
    # -- workbooks, sheets, column mappings, encodings (helper "sheets"; keep at the end) --
    "load_tables.encoding_not_charset": (
        "“{encoding}” 不是表格可用的字符编码：请写 utf-8、gb18030 或 utf-16",
        "{encoding!r} is not a character set a table can be written in; "
        "use utf-8, gb18030 or utf-16",
    ),
    "load_tables.encoding_unknown": (
        "不认识的编码 “{encoding}”：请写 utf-8 或 gb18030",
        "unknown encoding {encoding!r}; use utf-8 or gb18030",
    ),
    "load_tables.encoding_not_valid": (
        "文件不是有效的 {encoding} 编码：请检查为它写的 encoding:",
        "the file is not valid {encoding}; check the `encoding:` given for it",
    ),
    "load_tables.encoding_not_utf8_table": (
        "文件不是 UTF-8 编码（是 Excel 导出的 GBK/GB18030 吗？）：请在 Excel 里另存为"
        "“CSV UTF-8（逗号分隔）”，或在配置里 table: 旁边加上 encoding: gb18030",
        "the file is not UTF-8 (a spreadsheet export in GBK/GB18030?): save it as "
        "'CSV UTF-8', or add `encoding: gb18030` next to `table:` in the configuration",
    ),
    "load_tables.encoding_not_utf8_yaml": (
        "文件不是 UTF-8 编码：请另存为 UTF-8（YAML 文件一律按 UTF-8 读取）",
        "the file is not UTF-8: save it as UTF-8 (YAML files are always read as UTF-8)",
    ),
    "load_tables.encoding_workbook_table": (
        "这是 Excel 工作簿，不是 CSV：请把文件名改为 .xlsx（可加 sheet: 工作表名），"
        "或在 Excel 里另存为 CSV UTF-8",
        "this is an Excel workbook, not a CSV file: name it .xlsx (with `sheet:` "
        "for the sheet, if needed), or save it from Excel as CSV UTF-8",
    ),
    "load_tables.encoding_workbook_yaml": (
        "这是 Excel 工作簿，不是 YAML 文件：工作簿请在 YAML 里写成表格，例如 {example}",
        "this is an Excel workbook, not a YAML file: name a workbook as a table "
        "in the YAML, e.g. {example}",
    ),
    "load_tables.encoding_utf16_table": (
        "文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请在 table: 旁边加上 encoding: {codec}，"
        "或在 Excel 里另存为“CSV UTF-8（逗号分隔）”",
        "the file is UTF-16 (Excel's 'Unicode Text'): add `encoding: {codec}` next to "
        "`table:`, or save it from Excel as 'CSV UTF-8'",
    ),
    "load_tables.encoding_utf16_yaml": (
        "文件是 UTF-16 编码：请另存为 UTF-8（YAML 文件一律按 UTF-8 读取）",
        "the file is UTF-16: save it as UTF-8 (YAML files are always read as UTF-8)",
    ),
    "load_tables.encoding_tabs_written": (
        "表头有制表符、没有逗号",
        "tabs and no commas in the header",
    ),
    "load_tables.xlsx_not_a_workbook": (
        "文件名是 {suffix}，内容却不是 Excel 工作簿：如果它是 CSV 文件，请改名为 {name}",
        "the file is named {suffix} but is not an Excel workbook: if it is a CSV file, "
        "name it {name}",
    ),
    "load_tables.xlsx_password": (
        "工作簿有密码保护，无法读取：请在 Excel 里取消密码后另存",
        "the workbook is password-protected: remove the password in Excel and save it again",
    ),
    "load_tables.xlsx_unreadable": (
        "无法读取工作簿（{why}）：请在 Excel 里打开后另存为 .xlsx",
        "cannot read the workbook ({why}): open it in Excel and save it as .xlsx",
    ),
    "load_tables.xlsx_too_large": (
        "工作簿解压后有 {size} 字节，超过上限：请把行分到几个工作簿里",
        "the workbook unpacks to {size} bytes, over the limit: split the rows over "
        "several workbooks",
    ),
    "load_tables.xlsx_error_cell": (
        "格子里是 Excel 的错误值 “{value}”（公式算不出结果）：请改正公式，或直接填入值",
        "the cell holds the Excel error {value!r} (its formula has no result): "
        "correct the formula, or type the value",
    ),
    "load_tables.xlsx_option_encoding": (
        "encoding 只用于 CSV 文件，工作簿“{file}”不需要：请删去这一项",
        "encoding is for CSV files; the workbook {file!r} needs none: remove it",
    ),
    "load_tables.xlsx_option_delimiter": (
        "delimiter 只用于 CSV 文件，工作簿“{file}”不需要：请删去这一项",
        "delimiter is for CSV files; the workbook {file!r} needs none: remove it",
    ),
    "load_tables.sheet_not_workbook_sheet": (
        "sheet 只用于 Excel 工作簿（.xlsx、.xls），“{file}”不是：请删去这一项，或改用工作簿",
        "sheet is for Excel workbooks (.xlsx, .xls), and {file!r} is not one: remove it, "
        "or name the workbook",
    ),
    "load_tables.sheet_not_a_sheet": (
        "sheet 写工作表的名称（如 sheet: 户）或它是第几张（从 1 数起，如 sheet: 2），"
        "不能是“{value}”",
        "sheet takes a sheet's name (sheet: 户) or its position from 1 (sheet: 2), not {value!r}",
    ),
    "load_tables.sheet_no_name": (
        "工作簿里没有名为“{sheet}”的工作表{hint}；工作表有：{sheets}",
        "the workbook has no sheet {sheet!r}{hint}; its sheets are: {sheets}",
    ),
    "load_tables.sheet_did_you_mean": ("（是“{name}”吗？）", " (did you mean {name!r}?)"),
    "load_tables.sheet_no_position": (
        "工作簿只有 {count} 张工作表，没有第 {sheet} 张；工作表有：{sheets}",
        "the workbook has {count} sheets, not {sheet}; its sheets are: {sheets}",
    ),
    "load_tables.sheet_no_position.one": (
        "工作簿只有 {count} 张工作表，没有第 {sheet} 张；工作表有：{sheets}",
        "the workbook has {count} sheet, not {sheet}; its sheet is: {sheets}",
    ),
    "load_tables.sheet_none": (
        "工作簿里没有工作表",
        "the workbook has no sheets",
    ),
    "load_tables.sheet_empty": (
        "工作表是空的：第一行应是表头（列名），从第二行起每行一项",
        "the sheet is empty: its first row is the header (the column names), "
        "then one row per entry",
    ),
    "load_tables.sheet_header_empty": (
        "表头第 {column} 列没有列名，但这一列有数据：请填上列名，或删去这一列",
        "column {column} has data but no name in the header: name it, or delete the column",
    ),
    "load_tables.sheet_header_twice": (
        "列名“{header}”出现了两次（第一次在 {first}）：请删去或改名其中一列",
        "column {header!r} appears twice (first at {first}): delete or rename one",
    ),
    "load_tables.columns_not_a_mapping": (
        "columns 写“表头: 字段”的对应，例如 {example}",
        "columns maps headers to fields, e.g. {example}",
    ),
    "load_tables.columns_not_text": (
        "“{header}: {field}”：表头和字段都应是文字，例如 编号: id",
        "{header!r}: {field!r}: a header and a field are both text, e.g. 编号: id",
    ),
    "load_tables.columns_unknown_field": (
        "“{field}”不是 {section} 的字段{hint}；可用的字段有：{fields}",
        "{field!r} is not a field of {section}{hint}; the fields are: {fields}",
    ),
    "load_tables.columns_did_you_mean": ("（是“{name}”吗？）", " (did you mean {name!r}?)"),
    "load_tables.columns_field_twice": (
        "字段“{field}”已由表头“{first}”对应：每个字段只能对应一列",
        "field {field!r} is already mapped from {first!r}: a field takes one column",
    ),
    "load_tables.columns_missing": (
        "表“{file}”没有列名为“{header}”的列：表头是 {headers}",
        "the table {file!r} has no column {header!r}; its header is: {headers}",
    ),
    "load_tables.columns_no_header": ("（空）", "(empty)"),
    "load_tables.columns_separator": ("、", ", "),
    "load_tables.columns_twice": (
        "列“{header}”和列“{other}”都读作字段“{field}”：请删去其中一列，或用 columns: 写明",
        "columns {header!r} and {other!r} are both read as field {field!r}: delete one, "
        "or say which is which with columns:",
    ),
    "load_tables.dump_control": (
        "{table} 表第 {row} 行的 {column} “{value}”含控制字符，表格存不下，载入时会被拒绝："
        "请先删去这个字符再保存",
        "{table} row {row}: {column} {value!r} holds a control character, which a table "
        "cannot hold (loading would refuse it): remove it before saving",
    ),
    # Reading a file (io/readfile.py), for YAML files and tables alike.
    "load_tables.read_failed": ("无法读取文件：{why}", "cannot read the file: {why}"),
    "load_tables.read_no_such_file": (
        "文件不存在，请检查路径和文件名（相对路径从当前文件夹或模型文件所在文件夹算起）",
        "no such file",
    ),
    "load_tables.read_folder": ("这是一个文件夹，请写出其中的文件名", "it is a folder"),
    "load_tables.read_loop": (
        "符号链接形成了循环，请让链接指向一个文件",
        "a loop of symbolic links; point the link at a file",
    ),
    "load_tables.read_permission": (
        "没有读取权限，请检查文件的权限或换一个文件夹",
        "permission denied",
    ),
    "load_tables.read_system": ("系统提示“{why}”", "{why}"),
    "load_tables.read_nul": (
        "文件名中含有空字符（NUL），请改正文件名",
        "the name holds a NUL character",
    ),
    "load_tables.read_fifo": (
        "这是命名管道（FIFO），不是普通文件",
        "it is a FIFO (named pipe), not a regular file",
    ),
    "load_tables.read_device": ("这是设备，不是普通文件", "it is a device, not a regular file"),
    "load_tables.read_socket": ("这是套接字，不是普通文件", "it is a socket, not a regular file"),
    "load_tables.read_not_regular": ("不是普通文件", "not a regular file"),
    "load_tables.read_name_a_file": (
        "无法读取文件：{what}；请写一个普通文件的路径",
        "cannot read the file: {what}; name a regular file",
    ),
    "load_tables.too_large_yaml": (
        "文件大小超过 {limit} 字节的上限；"
        "请拆成几个文件，用 `include:` 合并，或把长列表移到 CSV 表格",
        "the file is larger than the limit of {limit} bytes; split it into several files "
        "joined with `include:`, or move long lists to CSV tables",
    ),
    "load_tables.too_large_table": (
        "文件大小超过 {limit} 字节的上限；请把这些行分到几个表格来源（table）",
        "the file is larger than the limit of {limit} bytes; split the rows over several "
        "`table:` sources",
    ),
}
