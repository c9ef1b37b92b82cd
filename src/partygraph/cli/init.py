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
OK .../m/model.yaml：区划 0 个，党组织 0 个，住户 0 户，人员 0 人
0
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from partygraph.cli._base import EXIT_OK
from partygraph.i18n import language, tr

if TYPE_CHECKING:
    from partygraph.synthetic.starter import Starter

__all__ = ["add_parser", "run"]

_LEVELS_ZH = (
    ("city", "市"),
    ("county", "县级单位"),
    ("subdistrict", "街道"),
    ("community", "社区"),
)


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("init", help=tr("cli.init.help"), description=tr("cli.init.description"))
    p.add_argument("directory", metavar="DIR", help=tr("cli.init.directory"))
    p.add_argument("--divisions", metavar="FILE", help=tr("cli.init.divisions"))
    p.add_argument("--name", metavar="NAME", help=tr("cli.init.name"))
    p.add_argument("--xlsx", action="store_true", help=tr("cli.init.xlsx"))


def run(args: argparse.Namespace) -> int:
    from partygraph.synthetic.starter import starter_tables, write_starter

    xlsx = getattr(args, "xlsx", False)
    s = write_starter(args.directory, divisions=args.divisions, name=args.name, xlsx=xlsx)
    if xlsx:
        print(
            tr(
                "cli.init.wrote_xlsx",
                entry=s.entry,
                workbook=s.files[0],
                count=len(starter_tables()),
            )
        )
    else:
        print(tr("cli.init.wrote", entry=s.entry, count=len(s.files), folder=s.files[0].parent))
    if s.divisions:
        counts = tr("cli.name_list_separator").join(
            tr("cli.init.level_count", count=s.levels[k], level=zh if language() == "zh" else k)
            for k, zh in _LEVELS_ZH
            if s.levels[k]
        )
        print(tr("cli.init.seeded", counts=counts, source=args.divisions))
        left_out = _left_out(s)
        if left_out:
            print(tr("cli.init.left_out", what=left_out, why=tr("cli.init.why")))
    print(tr("cli.init.next_xlsx" if xlsx else "cli.init.next", entry=s.entry))
    return EXIT_OK


def _left_out(s: Starter) -> str:
    """What the codes had that the model's levels cannot hold, in one sentence."""
    parts = []
    if s.towns:
        kinds = tr("cli.name_list_separator").join(
            f"{kind} {n}" for kind, n in sorted(s.towns.items(), key=_town_order)
        )
        parts.append(tr("cli.init.towns", total=s.towns.total(), kinds=kinds, under=s.under_towns))
    if s.villages:
        parts.append(tr("cli.init.villages", count=s.villages))
    if s.provinces:
        parts.append(tr("cli.init.provinces", count=s.provinces))
    return tr("cli.validate.separator").join(parts)


def _town_order(item: tuple[str, int]) -> int:
    return ("镇", "乡", "其他").index(item[0])
