"""Writing a figure: PNG, SVG or PDF bytes in the report style, and files.

Output is reproducible (no creation dates), PNG is stored with a 256-colour
palette and its resolution, SVG text is text, and files are written atomically.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import matplotlib
from matplotlib.figure import Figure, SubFigure

from partygraph.draw._measure import report_context
from partygraph.errors import PartygraphError

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "FORMATS",
    "PNG_DPI",
    "SVG_FONTS",
    "SVG_TEXT",
    "figure_bytes",
    "format_for",
    "save_figure",
]

#: Resolution of raster output (PNG), in dots per inch: print quality on A4,
#: and written into the PNG (its pHYs chunk), so a word processor places the
#: image at its size in centimetres.
PNG_DPI: Final = 200
#: Output formats, by file suffix.
FORMATS: Final = ("png", "svg", "pdf")
#: How SVG writes text: ``text`` as ``<text>`` elements (searchable, selectable,
#: small; the viewer's Chinese font draws it), ``outline`` as glyph outlines
#: (looks the same on a machine without a Chinese font).
SVG_TEXT: Final = ("text", "outline")
#: Fonts an SVG's ``<text>`` asks for after the font it was laid out with:
#: simplified-Chinese fonts that browsers on Linux, Windows and macOS have.
SVG_FONTS: Final = (
    "Noto Sans SC",
    "Source Han Sans SC",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "PingFang SC",
)


def format_for(path: str | os.PathLike[str]) -> str:
    """The output format named by a file's suffix: ``png``, ``svg`` or ``pdf``.

    Examples
    --------
    >>> format_for("out/linkage.PDF")
    'pdf'
    >>> format_for("out.jpg")
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: cannot write 'out.jpg': unknown suffix '.jpg'; use ...
    """
    suffix = Path(path).suffix.lower()
    if suffix.removeprefix(".") not in FORMATS:
        raise PartygraphError(
            f"cannot write {os.fspath(path)!r}: unknown suffix {suffix or '(none)'!r}; "
            "use .png, .svg or .pdf"
        )
    return suffix.removeprefix(".")


def figure_bytes(
    fig: Figure | SubFigure,
    fmt: str = "png",
    *,
    dpi: float = PNG_DPI,
    palette: bool = True,
    svg_text: str = "text",
) -> bytes:
    """The figure rendered as ``png``, ``svg`` or ``pdf`` bytes, in the report style.

    PNG is rendered at ``dpi`` (200 by default, for print), which it carries
    (its pHYs chunk) and, with ``palette``, stored with a 256-colour palette
    (about a third of the size of full colour, indistinguishable for these
    diagrams).  SVG writes text as ``<text>`` elements naming the layout font
    and then :data:`SVG_FONTS` (``svg_text="text"``, searchable in a browser),
    or as outlines (``"outline"``).  PDF embeds the font as Type 3
    (:func:`partygraph.draw.fonts.report_rc`).  Output is reproducible: no
    creation dates are written.

    Examples
    --------
    >>> from partygraph.draw._figure import new_figure
    >>> fig, ax = new_figure((2, 1))
    >>> figure_bytes(fig, "pdf")[:5]
    b'%PDF-'
    >>> with report_context():
    ...     _ = ax.text(0.5, 0.5, "东风社区")
    >>> "东风社区</text>" in figure_bytes(fig, "svg").decode()
    True
    >>> "东风社区</text>" in figure_bytes(fig, "svg", svg_text="outline").decode()
    False
    """
    if fmt not in FORMATS:
        raise PartygraphError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    if svg_text not in SVG_TEXT:
        raise PartygraphError(f"unknown SVG text {svg_text!r}; use {' or '.join(SVG_TEXT)}")
    root = fig.get_figure(root=True) if isinstance(fig, SubFigure) else fig
    if root is None:  # pragma: no cover - a subfigure always has a root
        raise PartygraphError("the figure has no root figure to render")
    metadata = _METADATA[fmt]
    buffer = io.BytesIO()
    as_text = fmt == "svg" and svg_text == "text"
    # only for this save: the layout was measured with the report font either way
    extra: dict[RcKeyType, Any] = {"svg.fonttype": "none"} if as_text else {}
    if fmt == "png" and palette:
        with report_context():
            rgb = _render_rgb(root, dpi)
        return _palette_png(rgb, _figure_colours(root), dpi)
    with report_context(), matplotlib.rc_context(extra):
        root.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    if as_text:
        return _svg_fonts(buffer.getvalue())
    return buffer.getvalue()


_FONT_FAMILY: Final = re.compile(rb"font-family: ([^;\"]*)")


def _svg_fonts(data: bytes) -> bytes:
    """Name :data:`SVG_FONTS` after the layout font in every ``font-family``,
    and ``sans-serif`` last, so that a browser without the layout font still
    draws Chinese (matplotlib names only the fonts it laid the text out with)."""

    def fonts(match: re.Match[bytes]) -> bytes:
        named = [f.strip().strip("'\"") for f in match.group(1).decode().split(",")]
        chain = [f for f in dict.fromkeys([named[0], *SVG_FONTS]) if f] + ["sans-serif"]
        return ("font-family: " + ", ".join(f"'{f}'" for f in chain[:-1]) + ", sans-serif").encode()

    return _FONT_FAMILY.sub(fonts, data)


#: Metadata per format: no dates, so the same figure gives the same bytes.
_METADATA: Final[dict[str, dict[str, str | None]]] = {
    "png": {"Software": "partygraph"},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None},
}


def _figure_colours(fig: Figure) -> list[tuple[int, int, int]]:
    """Every colour the figure's artists name (fills, edges, lines, text)."""
    from matplotlib.artist import Artist
    from matplotlib.colors import to_rgb

    found: set[tuple[int, int, int]] = {(255, 255, 255), (0, 0, 0)}

    def add(colour: object) -> None:
        try:
            rgb = to_rgb(colour)  # type: ignore[arg-type]  # any matplotlib colour spec
        except ValueError:
            return
        found.add((round(rgb[0] * 255), round(rgb[1] * 255), round(rgb[2] * 255)))

    for artist in fig.findobj(Artist):
        for getter in ("get_facecolor", "get_edgecolor", "get_color"):
            method = getattr(artist, getter, None)
            if method is not None:
                value = method()
                if isinstance(value, str) or len(value) in (3, 4):
                    add(value)
    return sorted(found)


def _render_rgb(fig: Figure, dpi: float) -> Any:
    """The figure's pixels at ``dpi`` as a PIL RGB image.

    Rendered as raw RGBA rather than as a PNG that would be decoded at once
    (:func:`_palette_png` encodes the PNG that is kept): the same pixels,
    without an encoding and a decoding (a tenth to a quarter of a second for
    an A4 figure at 200 dpi).
    """
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=dpi, facecolor="white")
    data = buffer.getvalue()
    size = _canvas_size(fig, dpi)
    if len(data) == 4 * size[0] * size[1]:
        return Image.frombuffer("RGBA", size, data, "raw", "RGBA", 0, 1).convert("RGB")
    # a size Agg rounded otherwise (never seen): let a PNG say it
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    with Image.open(buffer) as image:
        return image.convert("RGB")


def _canvas_size(fig: Figure, dpi: float) -> tuple[int, int]:
    """Agg's canvas at ``dpi``: the figure's size in pixels, truncated as RendererAgg does."""
    return int(fig.get_figwidth() * dpi), int(fig.get_figheight() * dpi)


def _palette_png(rgb: Any, colours: list[tuple[int, int, int]], dpi: float) -> bytes:
    """Encode the figure's RGB pixels as a PNG with a 256-colour palette: a
    third of the size of full colour, the same look.

    The palette holds every colour the figure names exactly (so a small
    legend swatch keeps its colour), filled up with median-cut colours for
    the anti-aliasing shades; no dithering keeps text edges clean.  Deflate at
    level 9: level 6 would save 0.02 to 0.3 s an image and write it 6 to 9 %
    larger (docs/performance.md, session 7).
    """
    from PIL import Image, PngImagePlugin

    exact = colours[:128]
    shades = rgb.quantize(256 - len(exact), method=Image.Quantize.MEDIANCUT)
    shade_palette = shades.getpalette() or []
    palette = [c for rgb3 in exact for c in rgb3] + shade_palette[: 3 * (256 - len(exact))]
    palette += [0] * (768 - len(palette))
    holder = Image.new("P", (1, 1))
    holder.putpalette(palette)
    quantized = rgb.quantize(palette=holder, dither=Image.Dither.NONE)
    out = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "partygraph")
    quantized.save(out, format="png", compress_level=9, dpi=(dpi, dpi), pnginfo=info)
    return out.getvalue()


def save_figure(
    fig: Figure | SubFigure,
    filepath: str | os.PathLike[str],
    *,
    dpi: float = PNG_DPI,
    svg_text: str = "text",
) -> Path:
    """Write the figure to ``filepath``; the format comes from its suffix
    (``dpi`` and ``svg_text`` as in :func:`figure_bytes`).

    The file is rendered in memory first and then written atomically, so a
    failure never leaves a half-written file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from partygraph.draw._figure import new_figure
    >>> fig, ax = new_figure((2, 1))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     save_figure(fig, pathlib.Path(d) / "empty.svg").stat().st_size > 0
    True
    """
    from partygraph.io.atomic import write_atomic

    path = Path(filepath)
    data = figure_bytes(fig, format_for(path), dpi=dpi, svg_text=svg_text)
    with write_atomic(path, binary=True) as f:
        f.write(data)
    return path
