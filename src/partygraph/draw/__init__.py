"""Diagrams of each layer of the model, with Chinese labels, fit for an A4 report.

Every ``draw_<layer>`` function takes the model and keyword options, draws into
``ax`` (or a new figure of A4 size or smaller) and returns ``(fig, ax)``; with
``report`` it overlays the findings of a check (the layer's coverage rule fills
boxes red or amber and gives the ``覆盖 x%`` on the hierarchy; its other rules
put a dot on a box; a legend names them by their Chinese titles), and with
``filepath`` it also saves the figure.  :func:`draw` picks the function by layer name.

Layouts are computed from label sizes measured with the report font and then
scaled as a whole, so labels never overlap; see ``docs/diagrams.md``.

Examples
--------
>>> from partygraph.model import Division, Model
>>> from partygraph.draw import draw, figure_bytes
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
>>> fig, ax = draw(m, "linkage")
>>> figure_bytes(fig, "svg")[:5]
b'<?xml'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Final

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partygraph.draw._figure import node_patches
from partygraph.draw._output import figure_bytes, format_for, save_figure
from partygraph.draw.cobuilding import draw_cobuilding
from partygraph.draw.grid import draw_grid
from partygraph.draw.linkage import draw_linkage
from partygraph.draw.pairing import draw_pairing
from partygraph.draw.service import draw_service
from partygraph.draw.style import LAYER_RULES
from partygraph.draw.whistle import draw_whistle
from partygraph.errors import PartygraphError
from partygraph.model import Model
from partygraph.model.report import Report
from partygraph.vocabulary import LAYER_NAMES, LAYERS

__all__ = [
    "DRAWERS",
    "FOCUS",
    "LAYER_RULES",
    "draw",
    "draw_cobuilding",
    "draw_grid",
    "draw_linkage",
    "draw_pairing",
    "draw_service",
    "draw_whistle",
    "figure_bytes",
    "format_for",
    "node_patches",
    "save_figure",
]

#: Layer name -> its draw function.
DRAWERS: Final[dict[str, Callable[..., tuple[Figure, Axes]]]] = {
    "linkage": draw_linkage,
    "grid": draw_grid,
    "service": draw_service,
    "cobuilding": draw_cobuilding,
    "pairing": draw_pairing,
    "whistle": draw_whistle,
}
# One draw function per declared layer (tests/test_vocabulary.py checks it too).
assert tuple(DRAWERS) == LAYER_NAMES, "a layer of the vocabulary has no draw function"

#: Layer name -> the keyword a focus id is passed as (a community, or the
#: root of a subtree), as the vocabulary declares it.
FOCUS: Final[dict[str, str]] = {name: layer.focus for name, layer in LAYERS.items()}


def draw(
    model: Model,
    layer: str,
    *,
    focus: str | None = None,
    report: Report | None = None,
    ax: Axes | None = None,
    filepath: str | os.PathLike[str] | None = None,
    **options: Any,
) -> tuple[Figure, Axes]:
    """Draw one layer by name; ``focus`` is the community or subtree (see :data:`FOCUS`).

    Raises
    ------
    partygraph.errors.PartygraphError
        For an unknown layer, or a focus id the layer cannot use.

    Examples
    --------
    >>> draw(Model(), "nonsense")
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: no layer 'nonsense' to draw; layers are linkage, grid, ...
    """
    if layer not in DRAWERS:
        raise PartygraphError(f"no layer {layer!r} to draw; layers are {', '.join(DRAWERS)}")
    if focus is not None:
        options[FOCUS[layer]] = focus
    return DRAWERS[layer](model, report=report, ax=ax, filepath=filepath, **options)
