"""The workbook of ``partygraph init --xlsx``: one sheet per table, Chinese headers, dropdowns.

The workbook ``tables.xlsx`` holds a 说明 sheet first (each sheet and column
explained in Chinese, with the values each column takes), then one sheet per
section, companion section and bulk table, named by its Chinese title
(:data:`partygraph.vocabulary.headers.TABLE_TITLES`), its first row the Chinese
headers (:mod:`partygraph.vocabulary.headers`), which the loader reads as the
fields.  A column of codes has a dropdown of the codes (data validation; the
Chinese term of each shows when the cell is selected), a yes/no column 是/否;
id and reference columns are text, so that ``001`` stays ``001``.

It is written with xlsxwriter (``docs/decisions.md``, “Workbooks”).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel

from partygraph import vocabulary as v
from partygraph.errors import PartygraphError
from partygraph.model import SECTIONS, TABLES, unwrap_type
from partygraph.vocabulary.headers import TABLE_TITLES, header
from partygraph.vocabulary.terms import code_for

__all__ = ["INTRO", "Cell", "cells_of", "write_workbook"]

#: The instructions sheet's name.
INTRO = "说明"
#: A dropdown's list may hold 255 characters (Excel's limit), its prompt 255.
_LIST_CHARS = 255


@dataclass(frozen=True)
class Cell:
    """What a column takes, for its dropdown, its format and the 说明 sheet."""

    kind: Literal["enum", "bool", "date", "number", "text", "list"]
    required: bool = False
    codes: Mapping[str, str] | None = None  # code -> 中文 for "enum" (and a list of codes)


def _labels(tp: Any) -> dict[str, str]:
    """The Chinese term of each code of a ``Literal`` type (the code itself if none)."""
    codes = [str(c) for c in get_args(tp)]
    for literal, labels in v.ENUMERATIONS.values():
        if set(map(str, get_args(literal))) == set(codes):
            return {c: str(labels.get(c, c)) for c in codes}
    return {c: c for c in codes}


def _field_cell(cls: type[BaseModel], name: str) -> Cell:
    hint = typing.get_type_hints(cls)[name]
    tp, many = unwrap_type(hint)
    required = cls.model_fields[name].is_required()
    if typing.get_origin(tp) is Literal:
        return Cell("list" if many else "enum", required, _labels(tp))
    if many:
        return Cell("list", required)
    if tp is bool:
        return Cell("bool", required)
    if tp is dt.date:
        return Cell("date", required)
    if isinstance(tp, type) and issubclass(tp, int | float):
        return Cell("number", required)
    return Cell("text", required)


_COLUMN_CELLS: dict[str, Cell] = {
    "int": Cell("number"),
    "bool": Cell("bool"),
    "date": Cell("date"),
}


def cells_of(table: str, columns: Sequence[str], record: type[BaseModel] | None) -> list[Cell]:
    """What each column of ``table`` takes (``record``: a companion's record class,
    whose first column is the parent's id).

    >>> [c.kind for c in cells_of("households", ["id", "community", "size"], None)]
    ['text', 'text', 'number']
    >>> sorted(cells_of("divisions", ["level"], None)[0].codes or {})[:2]
    ['city', 'community']
    """
    if table in TABLES:
        spec = TABLES[table]
        out = []
        for name in columns:
            col = spec.column(name)
            if col.type == "enum":
                labels = _labels(Literal[col.choices])
                out.append(Cell("enum", col.required, labels))
            else:
                out.append(_COLUMN_CELLS.get(col.type, Cell("text", col.required)))
        return out
    cls = record if record is not None else SECTIONS[table]
    return [
        Cell("text", True) if record is not None and i == 0 else _field_cell(cls, name)
        for i, name in enumerate(columns)
    ]


def write_workbook(
    path: Path,
    tables: Mapping[str, tuple[list[str], type[BaseModel] | None]],
    rows: Mapping[str, list[list[str]]],
) -> None:
    """Write the workbook: the 说明 sheet, then one sheet per table of ``tables``
    (name -> its columns and, for a companion, its record class), with
    ``rows`` written under the header where given (the seeded divisions)."""
    try:
        import xlsxwriter  # type: ignore[import-untyped]
    except ImportError:  # a core dependency; a broken install still gets a sentence
        raise PartygraphError(
            "写 Excel 工作簿需要 xlsxwriter：请先运行 pip install xlsxwriter，"
            "或不加 --xlsx 写出 CSV 表"
        ) from None
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    styles = {
        "head": book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "text": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    intro = book.add_worksheet(INTRO)
    described = []
    for table, (columns, record) in tables.items():
        cells = cells_of(table, columns, record)
        _sheet(book, styles, table, columns, cells, rows.get(table, []))
        described.append((table, columns, cells))
    _intro(intro, styles, described)
    book.close()


def _sheet(
    book: Any,
    styles: dict[str, Any],
    table: str,
    columns: list[str],
    cells: list[Cell],
    rows: list[list[str]],
) -> None:
    sheet = book.add_worksheet(TABLE_TITLES[table])
    sheet.freeze_panes(1, 0)
    last = 1_048_575  # Excel's last row, 0-based
    for c, (name, cell) in enumerate(zip(columns, cells, strict=True)):
        title = header(table, name)
        sheet.write_string(0, c, title, styles["head"])
        fmt = styles["date"] if cell.kind == "date" else styles["text"]
        sheet.set_column(c, c, max(10, 2 * len(title) + 2), None if cell.kind == "number" else fmt)
        prompt = _prompt(name, cell)
        if cell.kind == "enum" and cell.codes:
            source = _choices(cell.codes)
            if len(",".join(source)) < _LIST_CHARS:
                sheet.data_validation(
                    1, c, last, c, {"validate": "list", "source": source, **prompt}
                )
        elif cell.kind == "bool":
            sheet.data_validation(1, c, last, c, {"validate": "list", "source": ["是", "否"]})
        elif prompt:
            sheet.data_validation(1, c, last, c, {"validate": "any", **prompt})
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value)


def _choices(codes: Mapping[str, str]) -> list[str]:
    """What a dropdown offers: each code's Chinese term where the loader reads
    that term back as the code (and notes it), else the code itself."""
    choices = list(codes)
    return [zh if code_for(choices, zh) == code else code for code, zh in codes.items()]


def _prompt(name: str, cell: Cell) -> dict[str, str]:
    """The note Excel shows when a cell of the column is selected: its codes in Chinese."""
    if not cell.codes:
        return {}
    text = "、".join(f"{code} {zh}" for code, zh in cell.codes.items())
    if cell.kind == "list":
        text += "；多个值用 ; 分隔"
    return {"input_title": name[:32], "input_message": text[:_LIST_CHARS]}


def _values(cell: Cell) -> str:
    if cell.codes:
        codes = "、".join(f"{code}（{zh}）" for code, zh in cell.codes.items())
        return codes + (
            "；多个值用 ; 分隔"
            if cell.kind == "list"
            else "；从下拉列表选（列表里是中文名称，读入时换成代码，validate --verbose 会列出）"
        )
    return {
        "bool": "是 或 否（从下拉列表选）；空白为否",
        "date": "日期，如 2024-06-30",
        "number": "数字（人数、次数写整数）",
        "list": "多个值用 ; 分隔",
        "text": "文字；引用别的项时写它的编号",
    }[cell.kind]


_GUIDE = (
    "每张工作表是模型的一个部分：第一行是表头（列名），从第二行起每行一项；空格子表示“没有”。",
    "表头可以写中文列名（如下），也可以写字段名（第二列）；请不要改工作表的名称，"
    "model.yaml 按名称找它们。",
    "引用别的项时写它的编号；编号在整个模型中唯一。有下拉列表的列请从列表中选。",
    "填好后运行 partygraph validate model.yaml；"
    "出错时会指出工作表和单元格，如 tables.xlsx[户]!C12。",
)


def _intro(sheet: Any, styles: dict[str, Any], described: list[Any]) -> None:
    """The 说明 sheet: what to do, then each sheet's columns and the values they take."""
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 3, 90, styles["wrap"])
    sheet.write_string(0, 0, "怎样填写这个工作簿", styles["title"])
    r = 1
    for line in _GUIDE:
        sheet.write_string(r, 0, line)
        r += 1
    for table, columns, cells in described:
        r += 1
        sheet.write_string(r, 0, f"工作表“{TABLE_TITLES[table]}”（{table}）", styles["title"])
        r += 1
        for c, title in enumerate(("列名", "字段", "必填", "可填的值")):
            sheet.write_string(r, c, title, styles["head"])
        for name, cell in zip(columns, cells, strict=True):
            r += 1
            sheet.write_string(r, 0, header(table, name), styles["bold"])
            sheet.write_string(r, 1, name)
            sheet.write_string(r, 2, "是" if cell.required else "")
            sheet.write_string(r, 3, _values(cell))
