"""A new, empty model for a user to fill in (``partygraph init``).

:func:`write_starter` writes a folder with the entry file ``model.yaml`` —
every section there, each commented in Chinese — and one CSV table per section,
companion section and bulk table under ``tables/``, each with only its header
(UTF-8 with a BOM, so Excel opens it as UTF-8); or, with ``xlsx=True``, one
workbook ``tables.xlsx`` with a sheet per table (Chinese headers, dropdowns
for codes, a 说明 sheet: :mod:`~partygraph.synthetic.workbook`).  The headers are the model's
own field names, taken from the model classes, so they cannot drift from what
the loader reads; ``partygraph validate`` passes on the folder as written.

With ``divisions=`` the divisions table is seeded from a national statistical
division codes file (:mod:`~partygraph.synthetic.codes`): what our levels can
hold is written, with the codes as ids, and what they cannot (镇, 乡 and what is
under them; 村委会 ...) is left out and counted in the returned :class:`Starter`.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     s = write_starter(pathlib.Path(d) / "新模型")
...     sorted(p.name for p in s.files)[:3], s.divisions
(['captains.csv', 'central_household_links.csv', 'central_households.csv'], 0)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any, Final, Literal

from pydantic import BaseModel

from partygraph import vocabulary as v
from partygraph.errors import PartygraphError
from partygraph.model import (
    SECTIONS,
    TABLES,
    Division,
    Meeting,
    PartTimeMember,
    ServiceItem,
    unwrap_type,
)
from partygraph.synthetic.codes import (
    CODE_LEVELS,
    CodeRow,
    community_name,
    is_residents_committee,
    is_subdistrict,
    read_codes,
)
from partygraph.vocabulary.headers import TABLE_TITLES

__all__ = ["ENTRY", "WORKBOOK", "Starter", "starter_tables", "write_starter"]

#: The entry file's name in the folder.
ENTRY: Final = "model.yaml"
#: The workbook's name in the folder (``xlsx=True``).
WORKBOOK: Final = "tables.xlsx"
_TABLES_DIR: Final = "tables"
#: Companion sections: the column naming the parent, then the nested record's fields.
_COMPANIONS: Final[dict[str, tuple[str, type[BaseModel]]]] = {
    "service_items": ("centre", ServiceItem),
    "part_time_members": ("body", PartTimeMember),
    "meetings": ("holder", Meeting),
}
_Upper = Literal["city", "county", "subdistrict"]
#: Our level for each level of the codes above villages (townships: 街道 only).
_UPPER: Final[dict[str, _Upper]] = {"city": "city", "county": "county", "township": "subdistrict"}


def _codes(labels: Mapping[Any, str]) -> str:
    """``code 中文、code 中文 ...``, four to a comment line."""
    items = [f"{code} {label}" for code, label in labels.items()]
    return "、\n#   ".join("、".join(items[k : k + 4]) for k in range(0, len(items), 4))


#: The code lists the template names, from the vocabulary.
_LISTS: Final[dict[str, Mapping[Any, str]]] = {
    "division_levels": v.DIVISION_LEVEL_LABELS,
    "unit_types": v.UNIT_TYPE_LABELS,
    "org_forms": {k: t for k, t in v.ORG_FORM_LABELS.items() if k not in v.EXPANDED_FORMS},
    "expanded_forms": {k: v.ORG_FORM_LABELS[k] for k in v.EXPANDED_FORMS},
    "routines": v.ROUTINE_LABELS,
    "place_types": v.PLACE_TYPE_LABELS,
    "duties": v.DUTY_LABELS,
    "drawn_from": v.DRAWN_FROM_LABELS,
    "service_levels": v.SERVICE_LEVEL_LABELS,
    "whistle_levels": v.WHISTLE_LEVEL_LABELS,
    "member_status": v.MEMBER_STATUS_LABELS,
    "registration_basis": v.REGISTRATION_BASIS_LABELS,
}
#: Fields every entity has, written last (the ones a user fills first come first).
_COMMON_LAST: Final = ("valid_from", "valid_until", "note")


@dataclass
class Starter:
    """What :func:`write_starter` wrote: the entry file, the tables, and the
    divisions seeded or left out (zero without a codes file)."""

    entry: Path
    files: list[Path] = field(default_factory=list)
    levels: Counter[str] = field(default_factory=Counter)
    #: township-level units that are not 街道 (镇, 乡, 林场 ...), by kind (镇, 乡, 其他)
    towns: Counter[str] = field(default_factory=Counter)
    under_towns: int = 0
    #: village-level units under a 街道 that are not residents' committees
    villages: int = 0
    provinces: int = 0

    @property
    def divisions(self) -> int:
        """Divisions written to the divisions table."""
        return sum(self.levels.values())


def starter_tables() -> dict[str, list[str]]:
    """The header of each table the starter writes, by section name.

    >>> starter_tables()["meetings"]
    ['holder', 'date', 'kind']
    >>> starter_tables()["divisions"][:4]
    ['id', 'name', 'level', 'parent']
    """
    out = {name: _columns(cls) for name, cls in SECTIONS.items()}
    for name, (key, record) in _COMPANIONS.items():
        out[name] = [key, *_columns(record)]
    for name, spec in TABLES.items():
        out[name] = [c.name for c in spec.columns]
    return out


def _columns(cls: type[BaseModel]) -> list[str]:
    """The fields a CSV row of ``cls`` can hold: all but nested records (they have
    companion tables), id and name first, the common dates and note last."""
    names = [
        n
        for n, f in cls.model_fields.items()
        if not (isinstance(t := unwrap_type(f.annotation)[0], type) and issubclass(t, BaseModel))
    ]
    first = [n for n in ("id", "name") if n in names]
    last = [n for n in _COMMON_LAST if n in names]
    return first + [n for n in names if n not in first and n not in last] + last


def write_starter(
    directory: str | Path,
    *,
    divisions: str | Path | None = None,
    name: str | None = None,
    xlsx: bool = False,
) -> Starter:
    """Write a new model to fill in into ``directory`` (new, or empty).

    Parameters
    ----------
    directory
        The folder to create; an existing one must be empty (nothing is overwritten).
    divisions
        A statistical division codes file (``code,name,parent[,level]``) to seed
        the divisions table from.
    name
        The model's name (default: ``<市>城市基层党建`` with a seeded single city).
    xlsx
        Write one workbook ``tables.xlsx`` (a sheet per table, Chinese headers,
        dropdowns and a 说明 sheet: :mod:`~partygraph.synthetic.workbook`)
        instead of CSV tables.

    Raises
    ------
    PartygraphError
        When ``directory`` is a file or a folder that is not empty.
    ConfigError
        When the codes file has problems (each at its line); nothing is written then.
    """
    directory = Path(directory)
    _refuse_to_overwrite(directory)
    starter = Starter(entry=directory / ENTRY)
    rows = _seed(read_codes(divisions), starter) if divisions is not None else []
    if name is None:
        cities = [r[1] for r in rows if r[2] == "city"]
        name = f"{cities[0]}城市基层党建" if len(cities) == 1 else "城市基层党建模型"
    if xlsx:
        directory.mkdir(parents=True, exist_ok=True)
        starter.files.append(_write_book(directory / WORKBOOK, rows))
    else:
        _write_csvs(directory / _TABLES_DIR, rows, starter)
    seeded = f"# 区划取自 {Path(divisions).name}（统计用区划代码）。\n" if divisions else ""
    text = Template(_template(xlsx)).substitute(
        {key: _codes(labels) for key, labels in _LISTS.items()},
        name=name,
        name_value=json.dumps(name, ensure_ascii=False),  # a YAML double-quoted scalar
        entry=starter.entry.as_posix(),
        seeded=seeded,
    )
    starter.entry.write_text(text, encoding="utf-8")
    return starter


def _refuse_to_overwrite(directory: Path) -> None:
    if directory.is_file():
        raise PartygraphError(f"{directory} 是一个文件，不是目录：请指定一个新目录")
    if directory.is_dir() and any(directory.iterdir()):
        raise PartygraphError(
            f"目录 {directory} 已存在且不是空的：为免覆盖已有文件，请指定一个新目录（或先清空它）"
        )


def _write_csvs(tables: Path, rows: list[list[str]], starter: Starter) -> None:
    tables.mkdir(parents=True, exist_ok=True)
    for section, header in starter_tables().items():
        path = tables / f"{section}.csv"
        path.write_text(_csv([header, *(rows if section == "divisions" else [])]), "utf-8-sig")
        starter.files.append(path)


def _write_book(path: Path, rows: list[list[str]]) -> Path:
    from partygraph.synthetic.workbook import write_workbook

    records = {name: record for name, (_, record) in _COMPANIONS.items()}
    tables = {name: (header, records.get(name)) for name, header in starter_tables().items()}
    write_workbook(path, tables, {"divisions": rows})
    return path


#: The CSV form's opening lines, and the workbook form's instead.
_CSV_INTRO = (
    "各部分的数据填在 tables/ 下的 CSV 表里\n# （可以用 Excel 打开、填写，"
    "保存时选“CSV UTF-8（逗号分隔）”），填好后运行：",
    "# 每张表第一行是表头（列名就是字段名，不要改）",
)
_BOOK_INTRO = (
    f"各部分的数据填在工作簿 {WORKBOOK} 里\n# （每个部分一张工作表，“说明”工作表"
    "解释每一列；用 Excel 填写后直接保存），填好后运行：",
    "# 每张工作表第一行是表头（中文列名，也可以写字段名；工作表名不要改）",
)


def _template(xlsx: bool = False) -> str:
    text = files("partygraph.synthetic").joinpath("data", "starter.yaml").read_text("utf-8")
    if not xlsx:
        return text
    for old, new in zip(_CSV_INTRO, _BOOK_INTRO, strict=True):
        if old not in text:
            raise AssertionError(f"the starter template has changed: {old!r}")
        text = text.replace(old, new)
    return re.sub(
        r"\{table: tables/(\w+)\.csv\}",
        lambda m: f"{{table: {WORKBOOK}, sheet: {TABLE_TITLES[m.group(1)]}}}",
        text,
    )


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _seed(codes: list[CodeRow], starter: Starter) -> list[list[str]]:
    """Rows of the divisions table for the codes our levels can hold; count the rest."""
    header = starter_tables()["divisions"]
    kept: set[str] = set()
    out: list[list[str]] = []
    # parents first, whatever the file's order (each level needs the one above kept)
    for r in sorted(codes, key=lambda r: list(CODE_LEVELS).index(r.level)):
        division = _division(r, kept, starter)
        if division is None:
            continue
        kept.add(r.code)
        starter.levels[division.level] += 1
        values = division.model_dump()
        out.append([_cell(values[c]) for c in header])
    return out


def _division(r: CodeRow, kept: set[str], starter: Starter) -> Division | None:
    """Our division for a code row, or ``None`` (counted in ``starter``) when it has no level."""
    parent = r.parent if r.parent in kept else None
    if r.level == "village":
        return _community(r, parent, starter)
    level = _upper_level(r, starter)
    if level is None:
        return None
    district = level == "county" and r.name.endswith("区")
    return Division(
        id=r.code,
        name=r.name,
        level=level,
        parent=parent,
        **({"district": True} if district else {}),
    )


def _upper_level(r: CodeRow, starter: Starter) -> _Upper | None:
    if r.level == "province":
        starter.provinces += 1
        return None
    if r.level == "township" and not is_subdistrict(r.name):
        starter.towns[r.name[-1] if r.name.endswith(("镇", "乡")) else "其他"] += 1
        return None
    return _UPPER[r.level]


def _community(r: CodeRow, parent: str | None, starter: Starter) -> Division | None:
    if parent is None:  # under a town, or under something else left out
        starter.under_towns += 1
        return None
    if not is_residents_committee(r.name):
        starter.villages += 1
        return None
    short = community_name(r.name)
    note = f"统计用区划代码名称：{r.name}" if short != r.name else None
    return Division(id=r.code, name=short, level="community", parent=parent, note=note)


def _cell(value: object) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "是"
    return str(value)
