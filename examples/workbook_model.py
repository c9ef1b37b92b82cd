"""A model kept in one Excel workbook: write it, fill in a few rows, read it, see a mistake.

What ``partygraph init DIR --xlsx --divisions FILE`` does, then what an analyst
does next in Excel — here a few rows written with openpyxl, in the sheets'
Chinese columns — and the model read back.  Then one cell typed wrong, and the
error naming its sheet and cell.  Run from the repository root::

    python examples/workbook_model.py            # writes into a new temporary folder
    python examples/workbook_model.py OUT_DIR    # or into OUT_DIR/阳江 (which must not exist)
"""

from __future__ import annotations

import sys
import tempfile
from importlib.resources import files
from pathlib import Path

import openpyxl

import partygraph
from partygraph.errors import ConfigError
from partygraph.normalised import Record
from partygraph.synthetic.starter import write_starter

CODES = Path(str(files("partygraph.synthetic").joinpath("data", "yangjiang-divisions-2023.csv")))


def main(out: Path) -> None:
    starter = write_starter(out, divisions=CODES, xlsx=True)  # = partygraph init OUT --xlsx ...
    book = starter.files[0]
    wb = openpyxl.load_workbook(book)
    print(f"已写出 {starter.entry} 和 {book.name}：工作表 {'、'.join(wb.sheetnames[:5])}……")
    print(f"“户”工作表的表头：{[c.value for c in wb['户'][1]]}")

    # 北门社区 (441702001001, 南恩街道) gets its party committee, a grid and two households;
    # the columns are the sheets' own: 编号, 名称, 组织形式, 上级党组织, 所在区划 ...
    wb["党组织"].append(["o-nbm", "北门社区党委", "committee", None, "441702001001"])
    wb["网格"].append(["nbm-g1", "北门社区第一网格", "441702001001", None, "p1"])
    wb["户"].append(["h1", "441702001001", None, "nbm-g1", None, 3])
    wb["户"].append([1002, "441702001001", None, None, None, 2])  # a number: read as 1002
    wb["人"].append(["p1", "陈伟明", "h1", "full", "o-nbm", None, "否"])
    wb.save(book)

    record = Record()
    model = partygraph.load(starter.entry, normalised=record)  # = partygraph validate
    households = model.population["households"]
    print(
        f"读入 {model.name}：{len(model.divisions)} 个区划，{len(model.party_orgs)} 个党组织，"
        f"{len(model.grids)} 个网格，{len(households)} 户（编号 {households['id'].tolist()}）"
    )
    print(f"按中文表头读的列：{record.total} 个，例如 {record.notes[0]}")

    wb["户"]["F3"] = 2.5  # a household of 2.5 persons
    wb.save(book)
    try:
        partygraph.load(starter.entry)
    except ConfigError as exc:
        print(f"改错一个格子后：{exc.errors[0]}")


if __name__ == "__main__":
    # OUTPUT_DIR_ARG: an optional folder to write the new model into (the tests
    # use a temporary one); by default a new temporary folder.
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="partygraph-"))
    main(base / "阳江")
