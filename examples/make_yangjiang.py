"""Write the shipped Yangjiang example: ``configs/yangjiang.yaml`` and its tables.

The model is illustrative synthetic data (示意数据): the counts match the figures
reported for Yangjiang (DOMAIN.md section 9), but every name is composed from
name parts and describes no real place, unit or person.  Run from the
repository root::

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
