"""Start a new model from the statistical division codes, fill in a little, validate.

What ``partygraph init DIR --divisions FILE`` does, then what an analyst does
next in Excel — here a few rows appended in Python — and the check that the
model loads.  The codes are Yangjiang's (2023), shipped with partygraph.
Run from the repository root::

    python examples/init_model.py            # writes into a new temporary folder
    python examples/init_model.py OUT_DIR    # or into OUT_DIR/阳江 (which must not exist)
"""

from __future__ import annotations

import csv
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

import partygraph
from partygraph.synthetic.starter import write_starter

CODES = Path(str(files("partygraph.synthetic").joinpath("data", "yangjiang-divisions-2023.csv")))


def append(table: Path, **cells: str) -> None:
    """One row more in a table, blanks for the columns not given (as Excel saves it)."""
    with table.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    with table.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, header, lineterminator="\n").writerow(cells)


def main(out: Path) -> None:
    starter = write_starter(out, divisions=CODES)  # = partygraph init OUT --divisions CODES
    zh = {"city": "市", "county": "县级单位", "subdistrict": "街道", "community": "社区"}
    levels = "、".join(f"{n} 个{zh[level]}" for level, n in starter.levels.items())
    print(f"已写出 {starter.entry}（区划：{levels}）")

    tables = out / "tables"
    # 北门社区 (441702001001, 南恩街道) gets its party committee, a grid and two households
    append(tables / "party_orgs.csv", id="o-nbm", name="北门社区党委", form="committee",
           division="441702001001", committee_members="5", secretary="p1")  # fmt: skip
    append(tables / "grids.csv", id="nbm-g1", name="北门社区第一网格",
           community="441702001001", leader="p2")  # fmt: skip
    append(tables / "households.csv", id="h1", community="441702001001", grid="nbm-g1", size="3")
    append(tables / "households.csv", id="h2", community="441702001001", size="2")
    append(tables / "persons.csv", id="p1", name="陈伟明", household="h1", member="full")
    append(tables / "persons.csv", id="p2", name="李秀英", household="h2", member="full")

    model = partygraph.load(starter.entry)  # = partygraph validate OUT/model.yaml
    communities = sum(d.level == "community" for d in model.divisions)
    print(
        f"读入 {model.name}：{communities} 个社区，{len(model.party_orgs)} 个党组织，"
        f"{len(model.grids)} 个网格，{len(model.population['households'])} 户"
    )


if __name__ == "__main__":
    # OUTPUT_DIR_ARG: an optional folder to write the new model into (the tests
    # use a temporary one); by default a new temporary folder.
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="partygraph-"))
    main(base / "阳江")
