"""National statistical division codes (统计用区划代码) read, checked and sorted into our levels.

The National Bureau of Statistics (国家统计局) publishes every division of the
country with a 12-digit code: 2 digits province, 2 city, 2 county, 3 township,
3 village (``441702001001`` 北门社区居委会 = 广东省 44 · 阳江市 17 · 江城区 02 ·
南恩街道 001 · 001).  Lists built from it often keep only the significant digits
(``4417``, ``441702``, ``441702001``); both forms are read.  A file has a header
and ``code,name,parent`` rows, optionally ``level``; other columns are ignored.

Our model has four levels above residents' groups, city → county → subdistrict
→ community, so only part of the codes fits:

- 省级 (province): no level of ours; skipped.
- 地级 → ``city``; 县级 → ``county`` (a ``district`` when its name ends in 区).
- 乡级 → ``subdistrict`` only for a 街道.  A 镇 or 乡 (or a 林场, 农场 ...) is
  led by its own party committee (镇党委), not by a 街道党工委 and 大工委, and has no
  level of ours.
- 村级 → ``community`` only for a residents' committee (居委会, 居民委员会);
  村委会, 渔委会 and the like are villages, not communities.

Examples
--------
>>> rows = parse_codes(["code,name,parent", "4417,阳江市,", "441702,江城区,4417",
...                     "441702001,南恩街道,441702", "441702001002,南恩社区居委会,441702001"])
>>> [(r.code, r.level) for r in rows]
[('4417', 'city'), ('441702', 'county'), ('441702001', 'township'), ('441702001002', 'village')]
>>> community_name(rows[3].name)
'南恩社区'
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from partygraph.errors import ConfigError, ErrorItem

__all__ = [
    "CODE_LEVELS",
    "CodeRow",
    "community_name",
    "is_residents_committee",
    "is_subdistrict",
    "parse_codes",
    "read_codes",
]

#: The levels of the codes, top down, with the significant digits of each.
CODE_LEVELS: Final = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
_ABOVE: Final = dict(zip(list(CODE_LEVELS)[1:], CODE_LEVELS, strict=False))
#: Words a ``level`` cell may hold, beside the English ones.
_LEVEL_WORDS: Final = {
    "省": "province",
    "省级": "province",
    "地级": "city",
    "市": "city",
    "县级": "county",
    "县": "county",
    "乡级": "township",
    "乡": "township",
    "村级": "village",
    "村": "village",
}
#: Header words for the columns, beside the English ones.
_HEADER_WORDS: Final = {
    "区划代码": "code",
    "统计用区划代码": "code",
    "代码": "code",
    "名称": "name",
    "上级代码": "parent",
    "上级": "parent",
    "级别": "level",
    "层级": "level",
}
_COMMITTEE_SUFFIXES: Final = ("居民委员会", "居委会")
_LEVEL_ZH: Final = {
    "province": "省级",
    "city": "地级",
    "county": "县级",
    "township": "乡级",
    "village": "村级",
}
#: At most this many problems of one column are listed; the rest are counted.
_MAX_PER_COLUMN: Final = 20


#: Collects one problem: line, column name, message.
_Bad = Callable[[int, str, str], None]


@dataclass(frozen=True)
class CodeRow:
    """One division of the codes: its ``code``, ``name``, ``parent`` code, ``level``
    (a key of :data:`CODE_LEVELS`) and the ``line`` it was read from."""

    code: str
    name: str
    parent: str | None
    level: str
    line: int


def is_subdistrict(name: str) -> bool:
    """Whether a township-level unit is a subdistrict 街道 (not a 镇, 乡 or 林场).

    >>> is_subdistrict("南恩街道"), is_subdistrict("闸坡镇")
    (True, False)
    """
    return name.endswith(("街道", "街道办事处"))


def is_residents_committee(name: str) -> bool:
    """Whether a village-level unit is a residents' committee, i.e. a community.

    >>> is_residents_committee("西濑居委会"), is_residents_committee("三江村委会")
    (True, False)
    """
    return name.endswith(_COMMITTEE_SUFFIXES)


def community_name(committee: str) -> str:
    """The community's name for a residents' committee's: ``X社区居委会`` and
    ``X居委会`` (and ``…居民委员会``) become ``X社区``.

    A name that does not read that way (``洗脚社区桥居委会``: 社区 inside ``X``)
    is kept whole rather than guessed at.

    >>> community_name("东风社区居民委员会"), community_name("西濑居委会")
    ('东风社区', '西濑社区')
    >>> community_name("洗脚社区桥居委会")
    '洗脚社区桥居委会'
    """
    for suffix in _COMMITTEE_SUFFIXES:
        if committee.endswith(suffix):
            stem = committee.removesuffix(suffix).removesuffix("社区")
            return committee if not stem or "社区" in stem else stem + "社区"
    return committee


def read_codes(path: str | Path) -> list[CodeRow]:
    """The rows of a division codes file (UTF-8 with or without BOM, GB18030 or
    UTF-16; comma- or tab-separated).

    Raises
    ------
    ConfigError
        Every problem at once, each at its line: a missing column, a code that
        is not a division code, a parent that is missing or not the level
        above, a repeated code, a ``level`` that contradicts the code.
    """
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            [ErrorItem(name, None, None, "", f"读不到这个文件：{exc.strerror}")]
        ) from None
    return parse_codes(_decode(data, name).splitlines(), source=name)


def _decode(data: bytes, source: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise ConfigError(
            [
                ErrorItem(
                    source,
                    None,
                    None,
                    "",
                    "这是 Excel 工作簿，不是 CSV：请在 Excel 中"
                    "“另存为 → CSV UTF-8（逗号分隔）”后再用",
                )
            ]
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030: what zh-CN Excel writes
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    message = "既不是 UTF-8 也不是 GB18030 编码：请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”"
    raise ConfigError([ErrorItem(source, None, None, "", message)])


def parse_codes(lines: Iterable[str], *, source: str = "<codes>") -> list[CodeRow]:
    """The rows of a division codes table given as lines of text (see :func:`read_codes`)."""
    lines = list(lines)
    if not lines or not lines[0].strip():
        raise ConfigError(
            [ErrorItem(source, 1, None, "", "文件是空的：第一行应是表头 code,name,parent")]
        )
    delimiter = "\t" if "\t" in lines[0] and "," not in lines[0] else ","
    table = csv.reader(lines, delimiter=delimiter)
    header = [_HEADER_WORDS.get(h.strip(), h.strip().lower()) for h in next(table)]
    missing = [c for c in ("code", "name", "parent") if c not in header]
    if missing:
        message = f"表头缺少列 {'、'.join(missing)}；表头应为 code,name,parent（可再加 level）"
        raise ConfigError([ErrorItem(source, 1, None, "", message)])
    col: dict[str, int] = {
        c: header.index(c) for c in ("code", "name", "parent", "level") if c in header
    }
    problems: list[ErrorItem] = []

    def bad(line: int, column: str, message: str) -> None:
        problems.append(ErrorItem(source, line, col[column] + 1, column, message))

    rows: list[CodeRow] = []
    for line, cells in enumerate(table, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = _row(
            line, {c: cells[i].strip() if i < len(cells) else "" for c, i in col.items()}, bad
        )
        if row is not None:
            rows.append(row)
    _check_parents(rows, bad)
    if problems:
        raise ConfigError(_capped(problems))
    return rows


def _row(line: int, cell: dict[str, str], bad: _Bad) -> CodeRow | None:
    code, name = cell["code"], cell["name"]
    level = _level_of(code)
    if level is None:
        bad(line, "code", f"'{code}' 不是区划代码：应是 2、4、6、9 或 12 位数字（如 441702001）")
        return None
    given = cell.get("level", "")
    if given:
        said = _LEVEL_WORDS.get(given, given.lower())
        if said not in CODE_LEVELS:
            bad(
                line,
                "level",
                f"不认识的级别 '{given}'；可写 {', '.join(CODE_LEVELS)}"
                "（或 省级、地级、县级、乡级、村级）",
            )
        elif said != level:
            bad(line, "level", f"级别 '{given}' 与代码 {code} 不符：这个代码是{_LEVEL_ZH[level]}")
    if not name:
        bad(line, "name", f"代码 {code} 没有名称")
    return CodeRow(code, name, cell["parent"] or None, level, line)


def _level_of(code: str) -> str | None:
    """The level a code has by its digits; a 12-digit code by its trailing zero groups."""
    if not code.isascii() or not code.isdigit():
        return None
    if len(code) == 12:
        # the deepest level whose own digits are not all zero; the rest must be zeros
        for level, n in reversed(CODE_LEVELS.items()):
            start = CODE_LEVELS[_ABOVE[level]] if level in _ABOVE else 0
            if code[start:n].strip("0") and not code[n:].strip("0"):
                return level
        return None
    return next((level for level, n in CODE_LEVELS.items() if n == len(code)), None)


def _significant(row: CodeRow) -> str:
    return row.code[: CODE_LEVELS[row.level]]


def _check_parents(rows: list[CodeRow], bad: _Bad) -> None:
    """Each code once; each parent in the file, one level up and a prefix of the code."""
    seen: dict[str, CodeRow] = {}
    for row in rows:
        first = seen.setdefault(row.code, row)
        if first is not row:
            bad(row.line, "code", f"代码 {row.code} 重复：第 {first.line} 行已有（{first.name}）")
    for row in rows:
        if row.parent is not None:
            _check_parent(row, seen.get(row.parent), bad)
        elif row.level not in ("province", "city"):
            bad(row.line, "parent", f"{row.name}（{_LEVEL_ZH[row.level]}）缺少上级代码")


def _check_parent(row: CodeRow, parent: CodeRow | None, bad: _Bad) -> None:
    want = _ABOVE.get(row.level)
    if want is None:
        bad(row.line, "parent", f"{row.name}是省级单位，没有上级：请把上级代码留空")
    elif parent is None:
        if row.level != "city":  # a city's province is not needed: it is no level of ours
            bad(row.line, "parent", f"上级代码 {row.parent} 不在文件中：请把上级那一行也放进来")
    elif parent.level != want or not _significant(row).startswith(_significant(parent)):
        bad(
            row.line,
            "parent",
            f"上级 {row.parent}（{parent.name}，{_LEVEL_ZH[parent.level]}）不对："
            f"{row.code}（{_LEVEL_ZH[row.level]}）的上级应是代码为 "
            f"{_significant(row)[: CODE_LEVELS[want]]} 的{_LEVEL_ZH[want]}单位",
        )


def _capped(problems: list[ErrorItem]) -> list[ErrorItem]:
    """At most :data:`_MAX_PER_COLUMN` problems per column, then one line counting the rest."""
    out: list[ErrorItem] = []
    count: dict[str, int] = {}
    last: dict[str, ErrorItem] = {}
    for p in sorted(problems, key=lambda p: (p.line or 0, p.column or 0)):
        count[p.field] = count.get(p.field, 0) + 1
        if count[p.field] <= _MAX_PER_COLUMN:
            out.append(p)
        last[p.field] = p
    for field, n in count.items():
        if n > _MAX_PER_COLUMN:
            p = last[field]
            out.append(
                ErrorItem(
                    p.file, None, None, field, f"……这一列另有 {n - _MAX_PER_COLUMN} 行同类问题"
                )
            )
    return out
