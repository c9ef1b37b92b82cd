"""Write the shipped Yangjiang example: ``configs/yangjiang.yaml`` and its tables.

The model is illustrative data (示意数据) on Yangjiang's real divisions: the city,
its four county-level units, its 10 subdistricts (街道) and 136 communities are the
official ones, with their statistical division codes of 2023 as ids (shipped in
``partygraph/synthetic/data/``); everything below the communities — grids,
compounds, units, organisations, people — is synthetic, and the counts match
the figures reported for Yangjiang (DOMAIN.md section 9).

Which 136: the case study counts "全市136个社区", the city's communities in towns
too.  The 2023 codes list 143 residents' committees (71 under the subdistricts,
72 under towns); the 2021 edition, of the case study's time, lists exactly 136,
all still there in 2023.  The example takes those 136: 70 under subdistricts,
66 under towns.  The model's levels are city → county → subdistrict →
community, with no level for towns, and the case study has 10 subdistricts, so
each town's communities are hung together under one subdistrict (of their own
county if it has any, else of 江城区), keeping their own codes; each one's note
says which town it is really in.  The written YAML's header says the same.
Run from the repository root::

    .venv/bin/python examples/make_yangjiang.py          # rewrites configs/yangjiang.yaml
    .venv/bin/python examples/make_yangjiang.py OUT_DIR  # or writes OUT_DIR/yangjiang.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path

from partygraph.synthetic import synth

OUT = Path("configs/yangjiang.yaml")


def main(out: Path) -> None:
    model = synth(preset="yangjiang")
    model.dump(out)
    sizes = ", ".join(f"{name} {len(table):,}" for name, table in model.population.tables.items())
    print(f"wrote {out} ({len(model.entities()):,} entities; {sizes})")


if __name__ == "__main__":
    # OUTPUT_DIR_ARG: an optional folder to write yangjiang.yaml into (the tests
    # use a temporary one); by default the shipped example is rewritten.
    main(Path(sys.argv[1]) / OUT.name if len(sys.argv) > 1 else OUT)
