"""Messages of reading YAML: syntax, full-width punctuation, scalars, dates, empty files."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- full-width punctuation and tabs, at their exact line and column ------------
    "load_yaml.fullwidth_comma": (
        "第 {line} 行第 {column} 列是全角逗号‘，’，请改为半角‘,’",
        "line {line}, column {column} is a full-width comma '，': write a plain ','",
    ),
    "load_yaml.fullwidth_colon": (
        "第 {line} 行第 {column} 列是全角冒号‘：’，请改为半角‘:’（冒号后加一个空格）",
        "line {line}, column {column} is a full-width colon '：': write a plain ':' "
        "followed by a space",
    ),
    "load_yaml.fullwidth_semicolon": (
        "第 {line} 行第 {column} 列是全角分号‘；’，列表项之间请用半角逗号‘,’分隔",
        "line {line}, column {column} is a full-width semicolon '；': separate list items "
        "with a plain ','",
    ),
    "load_yaml.fullwidth_bracket": (
        "第 {line} 行第 {column} 列是全角括号‘{char}’，请改为半角‘{fix}’",
        "line {line}, column {column} is a full-width bracket '{char}': write a plain '{fix}'",
    ),
    "load_yaml.fullwidth_quote": (
        "第 {line} 行第 {column} 列是中文引号‘{char}’，YAML 的引号请用半角‘\"’或‘'’",
        "line {line}, column {column} is a Chinese quotation mark '{char}': quote with a "
        "plain '\"' or \"'\"",
    ),
    "load_yaml.fullwidth_space": (
        "第 {line} 行第 {column} 列是全角空格，请改为半角空格",
        "line {line}, column {column} is a full-width (ideographic) space: write a plain space",
    ),
    "load_yaml.tab": (
        "第 {line} 行第 {column} 列是制表符（Tab），YAML 只能用空格缩进，请把 Tab 换成空格",
        "line {line}, column {column} is a tab: YAML indents with spaces only; "
        "replace the tab with spaces",
    ),
    # -- YAML syntax ---------------------------------------------------------------
    "load_yaml.syntax": ("YAML 语法错误：{problem}", "YAML syntax: {problem}"),
    "load_yaml.syntax_colon": (
        "YAML 语法错误：这一行缺少‘键: 值’中的冒号‘:’（或缩进与上一行不对齐）",
        "YAML syntax: could not find expected ':' (a 'key: value' line without its colon, "
        "or indented unlike the lines above)",
    ),
    "load_yaml.syntax_mapping_here": (
        "YAML 语法错误：这里不能写‘键: 值’；值里的冒号加空格请用引号括起来，或检查缩进",
        "YAML syntax: mapping values are not allowed here; quote a value holding ': ', "
        "or check the indentation",
    ),
    "load_yaml.syntax_token": (
        "YAML 语法错误：这个字符不能开始一个值（‘@’、‘`’、Tab 等），请把值用引号括起来",
        "YAML syntax: found character that cannot start any token ('@', '`', a tab ...); "
        "quote the value",
    ),
    "load_yaml.syntax_indent": (
        "YAML 语法错误：缩进与上面的行不对齐，请检查这一行的缩进",
        "YAML syntax: the indentation does not match the lines above",
    ),
    "load_yaml.syntax_flow": (
        "YAML 语法错误：方括号或花括号里缺少半角逗号‘,’或右括号",
        "YAML syntax: a ',' or a closing bracket is missing in a [...] or {{...}}",
    ),
    "load_yaml.syntax_end": (
        "YAML 语法错误：文件在引号或括号闭合之前就结束了",
        "YAML syntax: the file ends inside a quoted value or a bracket",
    ),
    "load_yaml.unknown_tag": (
        "YAML 语法错误：{problem}；只读普通 YAML，请删除‘!’标签",
        "YAML syntax: {problem}; only plain YAML is read: remove the '!' tag",
    ),
    "load_yaml.recursive_alias": (
        "文件通过别名（&a …… *a）引用了自己，请把数据直接写出来",
        "the document refers to itself through an alias (&a ... *a); write the data out",
    ),
    "load_yaml.yaml_error": ("YAML 错误：{detail}", "YAML: {detail}"),
    "load_yaml.bad_character": (
        "YAML 不允许字符 #x{code}，请删除它",
        "character #x{code} is not allowed in YAML; delete it",
    ),
    "load_yaml.duplicate_key": (
        "键‘{key}’重复（第一次出现在第 {first} 行），只能保留一个：请删除或改名其中之一",
        "duplicate key '{key}' (first at line {first}); only one of them can be kept: "
        "remove or rename one",
    ),
    "load_yaml.key_not_plain": (
        "映射的键必须是一个简单的值（文字或数字）",
        "a mapping key must be a plain value",
    ),
    # -- limits --------------------------------------------------------------------
    "load_yaml.too_many_values": (
        "一个 YAML 文件里的值超过 {limit} 个；"
        "请把长列表移到 CSV 表（table:），或用 include: 拆分文件",
        "more than {limit} values in one YAML document; move long lists to CSV tables "
        "(`table:`) or split the file with `include:`",
    ),
    "load_yaml.too_many_chars": (
        "一个 YAML 文件里的文字超过 {limit} 个字符；请把长列表移到 CSV 表，或用 include: 拆分文件",
        "more than {limit} characters of text in one YAML document; move long lists to "
        "CSV tables or split the file with `include:`",
    ),
    "load_yaml.too_deep": (
        "嵌套超过 {limit} 层（含别名展开），请减少嵌套",
        "nesting deeper than {limit} levels (aliases included); flatten the document",
    ),
    "load_yaml.too_large_expanded": (
        "展开别名后文件有 {size} 个值（上限 {limit}）；大概是别名（&a / *a）层层嵌套，"
        "请把数据直接写出来或改用 CSV 表",
        "the document expands to {size} values (limit {limit}); it probably nests aliases "
        "(&a / *a): write the data out or use a CSV table",
    ),
    # -- scalars: YAML 1.1 against 1.2, tags, big numbers ---------------------------
    "load_yaml.ambiguous": (
        "YAML 1.1 把‘{written}’读作 {read_11}，YAML 1.2 读作 {read_12}："
        "请写成 {fix} 或加引号 '{written}'",
        "YAML 1.1 reads '{written}' as {read_11}, YAML 1.2 {read_12}: write {fix} or '{written}'",
    ),
    "load_yaml.ambiguous_other": ("含义不明确的值", "ambiguous value"),
    "load_yaml.read_octal": ("八进制数 {number}", "the octal number {number}"),
    "load_yaml.read_base60": ("{number}（六十进制）", "{number} (base 60)"),
    "load_yaml.read_binary": ("二进制数 {number}", "the binary number {number}"),
    "load_yaml.read_text": ("文字", "text"),
    "load_yaml.read_value": ("{value}", "{value}"),
    "load_yaml.as_text": ("文字", "as text"),
    "load_yaml.as_value": ("{value}", "as {value}"),
    "load_yaml.as_octal": ("八进制数 {number}", "as the octal number {number}"),
    "load_yaml.too_big_int": (
        "{value} 超出 64 位整数的范围（最大 {limit}），导出的 GraphML 等格式存不下",
        "{value} does not fit in 64 bits (largest {limit}); exports (GraphML long, "
        "Neo4j :long) could not hold it",
    ),
    "load_yaml.tag_refused": ("不读标签 {tag}：{fix}", "the tag {tag} is not read: {fix}"),
    "load_yaml.fix_set": (
        "集合没有顺序（每次导出都会不同），请写成列表",
        "a set has no order (each export would differ): write a list",
    ),
    "load_yaml.fix_omap": ("请写成普通的映射", "write a plain mapping"),
    "load_yaml.fix_pairs": (
        "请写成普通的映射，或由映射组成的列表",
        "write a plain mapping or a list of mappings",
    ),
    "load_yaml.fix_binary": (
        "模型里不放二进制数据，请写成文字",
        "binary data has no place in a model: write text",
    ),
    "load_yaml.fix_plain": ("请写普通 YAML", "write plain YAML"),
    # -- dates ---------------------------------------------------------------------
    "load_yaml.date_unreadable": (
        "日期‘{written}’无法识别，请写成 2023-04-26 或 2023/4/26",
        "date '{written}' not understood: write 2023-04-26 or 2023/4/26",
    ),
    "load_yaml.date_year_zero": (
        "日期‘{written}’无法识别：没有公元 0 年，请写成 2023-04-26 这样的日期（从 0001 年起）",
        "date '{written}' not understood: there is no year 0 (write 2023-04-26, from 0001)",
    ),
    "load_yaml.date_number": (
        "日期写成了数字 {written}，请写成 {iso}（年-月-日）",
        "a date written as the number {written}: write {iso} (year-month-day)",
    ),
    "load_yaml.date_number_bad": (
        "日期写成了数字 {written}，请写成 2023-04-26 或 2023/4/26",
        "a date written as the number {written}: write 2023-04-26 or 2023/4/26",
    ),
    "load_yaml.date_with_time": (
        "日期‘{written}’带有时刻，这里只要日期，请写成 {iso}",
        "date '{written}' has a time of day; only the date is kept here: write {iso}",
    ),
    # -- files, includes and sections ---------------------------------------------
    "load_yaml.not_a_mapping": (
        "文件必须由各部分（‘部分名: 内容’）组成，而不是列表或单个值",
        "the file must be a mapping of sections (divisions:, ...), not a list or a value",
    ),
    "load_yaml.empty_file": (
        "文件 {file} 是空的：模型文件要以 partygraph: 1 开头，并写出至少一个部分（{sections}）；"
        "新建模型请运行 partygraph init 目录名",
        "the file {file} is empty: a model file starts with partygraph: 1 and has at least "
        "one section ({sections}); to start a new model run partygraph init DIR",
    ),
    "load_yaml.no_sections": (
        "文件 {file} 既没有 partygraph: 这一行，也没有任何部分：模型文件要以 partygraph: 1 开头，"
        "并写出至少一个部分（{sections}）；新建模型请运行 partygraph init 目录名",
        "the file {file} has neither the partygraph: key nor any section: a model file "
        "starts with partygraph: 1 and has at least one section ({sections}); to start a "
        "new model run partygraph init DIR",
    ),
    "load_yaml.include_cycle": (
        "循环包含：{chain}；文件不能直接或间接地包含自己",
        "include cycle: {chain}; a file cannot include itself, directly or not",
    ),
    "load_yaml.included_twice": (
        "{file} 被包含了两次，每个文件只能包含一次",
        "{file} is included twice; include each file once",
    ),
    "load_yaml.too_many_includes": (
        "包含的文件超过 {limit} 个",
        "more than {limit} files included",
    ),
    "load_yaml.include_value": (
        "include 后面写一个文件名或文件名列表",
        "include takes a file name or a list of file names",
    ),
    "load_yaml.unknown_section": (
        "未知的部分‘{key}’{hint}；可以写的部分有：{sections}",
        "unknown section '{key}'{hint}; sections are: {sections}",
    ),
    "load_yaml.entry_only": (
        "‘{key}’只能写在入口文件里",
        "'{key}' may only be set in the entry file",
    ),
    "load_yaml.format_version": (
        "不支持格式版本 {value}；"
        "这个版本的 partygraph 读取版本 {version}（写 partygraph: {version}）",
        "format version {value} is not supported; this partygraph reads version {version}",
    ),
    "load_yaml.section_value": (
        "{key} 后面应是条目列表，或 {{table: 表格文件名}}",
        "{key} must be a list of entries or {{table: file.csv}}",
    ),
    "load_yaml.entry_not_mapping": (
        "每个条目必须是一个映射，由若干‘键: 值’组成（例如 id: c01）",
        "each entry must be a mapping (id: ..., name: ...)",
    ),
    "load_yaml.coordinates_value": (
        "coordinates 下应分行写 unit（m 或 km）和 crs（local 平面坐标，wgs84 或 gcj02 经纬度），"
        "例如 unit: km",
        "coordinates is a mapping of unit (m or km) and crs (local, wgs84 or gcj02), e.g. unit: km",
    ),
    "load_yaml.coordinates_key": (
        "coordinates 里没有 ‘{key}’ 这一项；只能写 unit（m 或 km）和 crs（local、wgs84 或 gcj02）",
        "coordinates has no {key!r}; it takes unit (m or km) and crs (local, wgs84 or gcj02)",
    ),
    "load_yaml.coordinates_choice": (
        "coordinates 的 {key} 写的是“{value}”，只能是 {choices} 之一",
        "coordinates {key} is {value!r}; it is one of {choices}",
    ),
}
