"""PNG output: pixels rendered raw (not encoded and decoded again) give the same file.

:func:`partygraph.draw.figure_bytes` used to render a PNG with matplotlib,
decode it and re-encode it with a palette; it now takes the raw RGBA pixels.
The reference here is that old path, written out: the same pixels and the
same bytes, at the print, notebook and odd resolutions.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image

from partygraph import Division, Model
from partygraph.draw import _output as output
from partygraph.draw import draw, figure_bytes
from partygraph.draw._measure import report_context


@pytest.fixture(scope="module")
def figure() -> Any:
    model = Model(
        divisions=[
            Division(id="c", name="示例市", level="city"),
            Division(id="k", name="示例区", level="county", parent="c"),
            Division(id="s", name="东风街道", level="subdistrict", parent="k"),
        ]
    )
    fig, _ = draw(model, "linkage")
    return fig


def _through_png(fig: Any, dpi: float) -> bytes:
    """The old way: a PNG from matplotlib, decoded, then the palette PNG."""
    buffer = io.BytesIO()
    with report_context():
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        rgb = image.convert("RGB")
    return output._palette_png(rgb, output._figure_colours(fig), dpi)


def _pixels(png: bytes) -> Any:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"))


@pytest.mark.parametrize("dpi", [200, 96, 72.5, 33.3])
def test_raw_pixels_give_the_same_png(figure: Any, dpi: float) -> None:
    new, old = figure_bytes(figure, "png", dpi=dpi), _through_png(figure, dpi)
    assert np.array_equal(_pixels(new), _pixels(old))
    assert new == old
    # a real drawing, not a blank page that would match trivially
    assert len(np.unique(_pixels(new).reshape(-1, 3), axis=0)) > 10


def test_a_canvas_of_another_size_falls_back_to_decoding_a_png(
    figure: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = figure_bytes(figure, "png", dpi=50)
    monkeypatch.setattr(output, "_canvas_size", lambda fig, dpi: (1, 1))
    assert figure_bytes(figure, "png", dpi=50) == expected
