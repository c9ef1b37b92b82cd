"""``partygraph init``: write a new, empty model to fill in (model.yaml and CSV
tables, or with ``--xlsx`` one workbook).

Examples
--------
>>> import argparse, tempfile
>>> from partygraph.cli import main
>>> with tempfile.TemporaryDirectory() as d:
...     run(argparse.Namespace(directory=f"{d}/m", divisions=None, name="示例市城市基层党建"))
...     main(["validate", f"{d}/m/model.yaml"])
已写出 .../m/model.yaml 和 23 张表（.../m/tables/，只有表头）
下一步：在表里填写各部分，然后运行 partygraph validate .../m/model.yaml
0
OK .../m/model.yaml: 0 divisions, 0 party organisations, 0 households, 0 persons
0
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from partygraph.cli._base import EXIT_OK

if TYPE_CHECKING:
    from partygraph.synthetic.starter import Starter

__all__ = ["add_parser", "run"]

_LEVELS_ZH = (
    ("city", "市"),
    ("county", "县级单位"),
    ("subdistrict", "街道"),
    ("community", "社区"),
)


_WHY = "模型的层级是 市→县→街道→社区，没有“镇”一级；需要时可在区划表里手工添加"


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "init",
        help="新建一个空白模型（model.yaml 和各部分的 CSV 表），供填写",
        description="在一个新目录里写出入口文件 model.yaml（每个部分都有中文注释）和 tables/ 下"
        "各部分的 CSV 表（只有表头，UTF-8 带 BOM，Excel 可直接打开）。"
        "已存在且不是空的目录不会被覆盖。",
    )
    p.add_argument("directory", metavar="DIR", help="要新建的目录（不存在，或是空目录）")
    p.add_argument(
        "--divisions",
        metavar="FILE",
        help="用国家统计局统计用区划代码（code,name,parent[,level] 的 CSV）填写区划："
        "市、县级单位、街道和街道下的社区（居委会）；镇、乡及其下的村、社区不收入",
    )
    p.add_argument("--name", help="模型名称（默认：<市名>城市基层党建）")
    p.add_argument(
        "--xlsx",
        action="store_true",
        help="各部分写在一个 Excel 工作簿 tables.xlsx 里（每部分一张工作表、中文表头、"
        "代码列有下拉列表、附“说明”工作表），而不是 tables/ 下的 CSV 表",
    )


def run(args: argparse.Namespace) -> int:
    from partygraph.synthetic.starter import starter_tables, write_starter

    xlsx = getattr(args, "xlsx", False)
    s = write_starter(args.directory, divisions=args.divisions, name=args.name, xlsx=xlsx)
    if xlsx:
        sheets = len(starter_tables())
        print(f"已写出 {s.entry} 和工作簿 {s.files[0]}（{sheets} 张工作表和“说明”，只有表头）")
    else:
        print(f"已写出 {s.entry} 和 {len(s.files)} 张表（{s.files[0].parent}/，只有表头）")
    if s.divisions:
        counts = "、".join(f"{s.levels[k]} 个{zh}" for k, zh in _LEVELS_ZH if s.levels[k])
        print(f"区划表已填入 {counts}（取自 {args.divisions}）")
        left_out = _left_out(s)
        if left_out:
            print(f"未收入：{left_out}。{_WHY}")
    where = "工作簿" if xlsx else "表"
    print(f"下一步：在{where}里填写各部分，然后运行 partygraph validate {s.entry}")
    return EXIT_OK


def _left_out(s: Starter) -> str:
    """What the codes had that the model's levels cannot hold, in one sentence."""
    parts = []
    if s.towns:
        kinds = "、".join(f"{kind} {n}" for kind, n in sorted(s.towns.items(), key=_town_order))
        parts.append(
            f"{s.towns.total()} 个镇、乡等乡级单位（{kinds}）及其下 {s.under_towns} 个村级单位"
        )
    if s.villages:
        parts.append(f"街道下 {s.villages} 个不是居委会的村级单位（村委会等）")
    if s.provinces:
        parts.append(f"{s.provinces} 个省级单位")
    return "；".join(parts)


def _town_order(item: tuple[str, int]) -> int:
    return ("镇", "乡", "其他").index(item[0])
