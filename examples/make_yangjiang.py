"""Write the shipped Yangjiang example: ``configs/yangjiang.yaml`` and its tables.

The model is illustrative synthetic data (示意数据): the counts match the figures
reported for Yangjiang (DOMAIN.md section 9), but every name is composed from
name parts and describes no real place, unit or person.  Run from the
repository root::

    .venv/bin/python examples/make_yangjiang.py
"""

from __future__ import annotations

from pathlib import Path

from partygraph.synth import synth

OUT = Path("configs/yangjiang.yaml")


def main() -> None:
    model = synth(preset="yangjiang")
    model.dump(OUT)
    sizes = ", ".join(f"{name} {len(table):,}" for name, table in model.population.tables.items())
    print(f"wrote {OUT} ({len(model.entities()):,} entities; {sizes})")


if __name__ == "__main__":
    main()
