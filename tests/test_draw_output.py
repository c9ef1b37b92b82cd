"""What a diagram file carries: a PNG its resolution, an SVG its text as text.

The PNG's pHYs chunk is read byte by byte (PNG specification, 11.3.5.3), and
the SVG is parsed as XML, so neither check goes through the code that wrote it.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import partygraph
from partygraph.cli import main
from partygraph.draw import draw, figure_bytes
from partygraph.draw._output import PNG_DPI, SVG_FONTS, SVG_TEXT
from partygraph.model import Model

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small" / "model.yaml"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def small() -> Model:
    return partygraph.load(SMALL)


def _chunks(png: bytes) -> dict[bytes, bytes]:
    """The chunks of a PNG file, by type (the first of each type)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found: dict[bytes, bytes] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        found.setdefault(kind, png[at + 8 : at + 8 + length])
        at += 12 + length
    return found


def _dpi(png: bytes) -> float:
    """Dots per inch from the pHYs chunk: pixels per metre, unit 1 = metre."""
    x, y, unit = struct.unpack(">IIB", _chunks(png)[b"pHYs"])
    assert unit == 1 and x == y
    return x * 0.0254


@pytest.mark.parametrize("palette", [True, False])
@pytest.mark.parametrize("dpi", [PNG_DPI, 300])
def test_png_carries_its_dpi(small: Model, dpi: int, palette: bool) -> None:
    fig, _ = draw(small, "whistle")
    png = figure_bytes(fig, "png", dpi=dpi, palette=palette)
    assert _dpi(png) == pytest.approx(dpi, abs=0.01)
    ihdr = _chunks(png)[b"IHDR"]
    width, _ = struct.unpack(">II", ihdr[:8])
    assert abs(width - fig.get_size_inches()[0] * dpi) <= 1  # and is rendered at it


def test_default_dpi_is_print_quality() -> None:
    assert PNG_DPI == 200


def _texts(svg: bytes) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG_NS}text"))


def test_svg_writes_text_as_text_with_chinese_fonts_named(small: Model) -> None:
    fig, _ = draw(small, "linkage")
    texts = _texts(figure_bytes(fig, "svg"))
    assert any((t.text or "").startswith("东风社区") for t in texts)
    assert any((t.text or "").startswith("南街道") for t in texts)
    style = next(t.get("style", "") for t in texts if (t.text or "").startswith("东风社区"))
    family = style.split("font-family:")[1].split(";")[0]
    names = [f.strip().strip("'") for f in family.split(",")]
    assert names[-1] == "sans-serif"
    assert [n for n in names if n in SVG_FONTS] == list(SVG_FONTS)


def test_svg_outline_has_no_text(small: Model) -> None:
    fig, _ = draw(small, "linkage")
    svg = figure_bytes(fig, "svg", svg_text="outline")
    assert _texts(svg) == []
    assert b"<path" in svg  # the glyphs, as outlines (a comment names each text)


def test_svg_text_leaves_the_other_formats_and_settings_alone(small: Model) -> None:
    import matplotlib

    fig, _ = draw(small, "grid")
    figure_bytes(fig, "svg")
    assert matplotlib.rcParams["svg.fonttype"] == "path"  # set only for that save
    assert figure_bytes(fig, "pdf") == figure_bytes(fig, "pdf")


def test_unknown_svg_text_is_refused(small: Model) -> None:
    fig, _ = draw(small, "grid")
    with pytest.raises(partygraph.PartygraphError, match="outline"):
        figure_bytes(fig, "svg", svg_text="paths")


def test_cli_constants_agree_with_draw() -> None:
    """cli/draw.py writes them out so that --help does not import matplotlib."""
    from partygraph.cli import draw as cli_draw

    assert cli_draw.PNG_DPI == PNG_DPI and cli_draw.SVG_TEXT == SVG_TEXT


def test_cli_dpi_and_svg_text(tmp_path: Path) -> None:
    png, svg = tmp_path / "w.png", tmp_path / "l.svg"
    args = ["draw", str(SMALL), "--layer", "whistle", "--dpi", "300", "-o", str(png)]
    assert main(args) == 0
    assert _dpi(png.read_bytes()) == pytest.approx(300, abs=0.01)
    assert main(["draw", str(SMALL), "--layer", "linkage", "-o", str(svg)]) == 0
    assert any((t.text or "").startswith("东风社区") for t in _texts(svg.read_bytes()))
    outline = ["draw", str(SMALL), "--layer", "linkage", "--svg-text", "outline", "-o", str(svg)]
    assert main(outline) == 0
    assert _texts(svg.read_bytes()) == []


@pytest.mark.parametrize("value", ["10", "abc", "5000"])
def test_cli_bad_dpi_is_a_usage_error_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    out = tmp_path / "w.png"
    with pytest.raises(SystemExit) as exc:
        main(["draw", str(SMALL), "--layer", "whistle", "--dpi", value, "-o", str(out)])
    assert exc.value.code == 2
    assert f"--dpi 的值“{value}”不对：请写 50 到 1200 之间的数" in capsys.readouterr().err
    assert not out.exists()
