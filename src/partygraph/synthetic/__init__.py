"""Synthetic models at any scale, with realistic gaps.

The public API is :func:`synth` and :data:`PRESETS`; the other modules are the
generator's stages (see :mod:`partygraph.synthetic.generator`).
"""

from partygraph.synthetic.generator import synth
from partygraph.synthetic.presets import PRESETS

__all__ = [
    "PRESETS",
    "synth",
]
