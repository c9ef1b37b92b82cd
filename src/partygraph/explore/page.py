"""The explorer as one HTML file: the vendored cytoscape.js, the page's own
script and style, and the data, all inlined; the page asks no host for anything.

Each JSON block sits in its own ``<script type="application/json">``: the
division tree in one, the nodes under each division in one each, parsed by the
page only when that division is opened.  User text inside them is escaped so
that no name can end the script element or start a comment
(:func:`script_json`).

Examples
--------
>>> from partygraph.model import Division, Model
>>> html = explorer_html(Model(divisions=[Division(id="c", name="示例市", level="city")]))
>>> html.startswith("<!DOCTYPE html>"), "示例市" in html
(True, True)
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from partygraph.explore.data import explorer_data
from partygraph.i18n import language
from partygraph.io.atomic import write_atomic
from partygraph.model import Model
from partygraph.model.report import Report

__all__ = ["VENDOR", "asset", "explorer_html", "script_json", "write_html"]

#: The vendored library: its file, and its version (docs/decisions.md says why).
VENDOR = ("vendor/cytoscape.min.js", "3.33.1")

#: Characters JSON may hold that HTML or JavaScript read otherwise inside <script>.
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    """``value`` as JSON safe inside a ``<script>`` element: no ``</``, no
    ``<!--``, no line separator, whatever the names hold.

    Examples
    --------
    >>> script_json({"name": "</script><!--\\u2028"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"}'
    >>> json.loads(script_json({"name": "</script>"}))
    {'name': '</script>'}
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def asset(name: str) -> str:
    """A file of the page (``app.js``, ``app.css``, the vendored library), as
    text, read as package data.

    Examples
    --------
    >>> "cytoscape" in asset(VENDOR[0])[:2000].lower()
    True
    """
    return resources.files("partygraph.explore").joinpath(name).read_text(encoding="utf-8")


def explorer_html(model: Model, *, report: Report | None = None) -> str:
    """The explorer page of ``model`` (with ``report``'s findings), as text."""
    data = explorer_data(model, report=report)
    blocks = "\n".join(
        f'<script type="application/json" id="pg-block-{i}">{script_json(b)}</script>'
        for i, b in enumerate(data["blocks"])
    )
    title = data["meta"]["text"]["title"]
    return _PAGE.format(
        lang="zh-CN" if language() == "zh" else "en",
        title=_html_text(title),
        css=asset("app.css"),
        meta=script_json(data["meta"]),
        top=script_json(data["top"]),
        blocks=blocks,
        vendor=asset(VENDOR[0]),
        app=asset("app.js"),
    )


def write_html(model: Model, path: str | os.PathLike[str], *, report: Report | None = None) -> int:
    """Write the explorer page of ``model`` to ``path`` (whole or not at all);
    returns its size in bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from partygraph.model import Division, Model
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     size = write_html(m, pathlib.Path(d) / "m.html")
    >>> size > 400_000  # the library is inlined
    True
    """
    data = explorer_html(model, report=report).encode("utf-8")
    with write_atomic(Path(path), binary=True) as f:
        f.write(data)
    return len(data)


def _html_text(text: str) -> str:
    """Text for an HTML element (the title): markup and line separators as references."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")


# The page: style, the panels (filled by app.js), the data, the library, the app.
_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<header id="pg-bar">
  <input id="pg-search" type="search" autocomplete="off">
  <ul id="pg-results" hidden></ul>
  <nav id="pg-layers"></nav>
  <button id="pg-fit" type="button"></button>
  <span id="pg-counts"></span>
</header>
<nav id="pg-crumbs"></nav>
<main>
  <div id="pg-graph"></div>
  <aside id="pg-panel"></aside>
</main>
<footer id="pg-legend"></footer>
<script type="application/json" id="pg-meta">{meta}</script>
<script type="application/json" id="pg-top">{top}</script>
{blocks}
<script>
{vendor}
</script>
<script>
{app}
</script>
</body>
</html>
"""
