"""Synthetic models at any scale, with realistic gaps."""

from partygraph.synthetic.generator import (
    PRESETS,
    synth,
)

__all__ = [
    "PRESETS",
    "synth",
]
