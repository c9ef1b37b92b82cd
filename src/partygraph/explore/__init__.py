"""The offline explorer: a model as one self-contained HTML page.

:func:`write_html` writes a page that opens in any browser with no network:
the division tree open down to the subdistricts, each one expanded on click
into its communities and a community into its grids, compounds, party
organisations, posts, teams and service sites (households as counts); a
switch for the six layers; nodes coloured by a check's findings as the
diagrams colour them; a side panel with each node's attributes, chain,
findings and coverage; a search box.  The JavaScript library (cytoscape.js,
MIT) is vendored in ``vendor/`` and inlined.  See ``docs/explore.md``.

Examples
--------
>>> from partygraph.model import Division, Model
>>> from partygraph.explore import explorer_html
>>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
>>> "<!DOCTYPE html>" in explorer_html(m)
True
"""

from partygraph.explore.data import explorer_data
from partygraph.explore.page import explorer_html, write_html

__all__ = ["explorer_data", "explorer_html", "write_html"]
