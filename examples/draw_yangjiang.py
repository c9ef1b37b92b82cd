"""Draw every layer of the Yangjiang example as PNG for a report.

Run from the repository root::

    python examples/draw_yangjiang.py [OUT_DIR] [MODEL.yaml] [--check]

``OUT_DIR`` defaults to a new temporary directory; ``MODEL.yaml`` to
``configs/yangjiang.yaml``.  With ``--check`` the findings of
:func:`partygraph.rules.check.check` are overlaid (``<layer>_check.png`` beside the
plain diagrams).  This is how the images in ``docs/img/`` are made.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import partygraph
from partygraph.draw import DRAWERS, draw, save_figure

DEFAULT = Path("configs/yangjiang.yaml")


def main(argv: list[str]) -> Path:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    out = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="partygraph-draw-"))
    model = partygraph.load(Path(args[1]) if len(args) > 1 else DEFAULT)
    report = None
    if check:
        from partygraph.rules.check import check as run_check

        report = run_check(model)
    for layer in DRAWERS:
        fig, _ = draw(model, layer, report=report)
        path = save_figure(fig, out / f"{layer}{'_check' if check else ''}.png")
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
