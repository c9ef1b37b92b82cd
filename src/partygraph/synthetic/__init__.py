"""Synthetic models at any scale, with realistic gaps.

The public API is :func:`synth` and :data:`PRESETS`; most other modules are the
generator's stages (see :mod:`partygraph.synthetic.generator`).  Beside them:
:mod:`~partygraph.synthetic.codes` reads the national statistical division
codes, :mod:`~partygraph.synthetic.yangjiang` takes the ``yangjiang`` preset's
real divisions from them (package data in ``data/``), and
:mod:`~partygraph.synthetic.starter` writes a new, empty model to fill in
(``partygraph init``).
"""

from partygraph.synthetic.generator import synth
from partygraph.synthetic.presets import PRESETS

__all__ = [
    "PRESETS",
    "synth",
]
