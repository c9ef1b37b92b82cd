"""Chinese labels render with real glyphs in PNG, SVG and PDF (partygraph.draw.fonts)."""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

from partygraph.draw import fonts
from partygraph.errors import PartygraphError

LABEL = "阳江市江城区南恩街道（示意）党群服务中心、网格长：“测试”"
MORE = "网格员、楼栋长；志愿者（共建单位）《党建引领》——基层治理 2024年 −1"


def _clear_caches() -> None:
    fonts._chinese_font.cache_clear()
    fonts.chinese_font_path.cache_clear()
    fonts.register_chinese_font.cache_clear()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Let a test change how fonts are found, and forget its answer afterwards."""
    _clear_caches()
    yield
    _clear_caches()


def _gb2312_level1() -> str:
    """The 3,755 most common hanzi (GB 2312 level 1, rows 16-55)."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def _draw(path: Path, text: str = LABEL) -> Figure:
    """Draw a small diagram-like figure with Chinese labels and save it to *path*."""
    with matplotlib.rc_context(fonts.report_rc()):
        fig = Figure(figsize=(6, 2.5), layout="constrained")
        ax = fig.add_subplot()
        ax.set_title(text)
        ax.set_xlabel("数量（人）")
        ax.set_ylabel("网格")
        ax.plot([0, 1, 2], [3, -1, 2])
        ax.text(0.1, 0.5, MORE, transform=ax.transAxes)
        ax.annotate("社区党委", xy=(1, -1), xytext=(1.5, 1), arrowprops={"arrowstyle": "->"})
        fig.savefig(path)
    return fig


def test_font_file_exists_and_covers_common_hanzi() -> None:
    path = fonts.chinese_font_path()
    assert path is not None
    assert path.is_file()
    charmap = FT2Font(str(path)).get_charmap()
    common = _gb2312_level1()
    assert len(common) == 3755
    punctuation = "（）、，：；。！？“”‘’《》【】—…·"
    missing = [c for c in common + punctuation + LABEL + MORE if ord(c) not in charmap]
    assert missing == []


def test_register_returns_family_that_resolves_to_the_font() -> None:
    family = fonts.register_chinese_font()
    assert family == fonts.register_chinese_font()  # registered once, same answer
    found = findfont(FontProperties(family=[family]), fallback_to_default=False)
    assert Path(found) == fonts.chinese_font_path()
    entries = [e for e in font_manager.fontManager.ttflist if Path(e.fname) == Path(found)]
    assert len({(e.name, getattr(e, "index", 0)) for e in entries}) == len(
        entries
    )  # not added twice


def test_packaged_font_is_noto_sans_sc_when_no_system_font() -> None:
    path = fonts.chinese_font_path()
    assert path is not None
    if path.parent.name == "pylopdf_fonts_zh_cn":
        assert path.name == "NotoSansSC-Regular.otf"
        assert fonts.register_chinese_font() == "Noto Sans SC"


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_chinese_labels_render_without_missing_glyphs(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"diagram.{fmt}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" fails the test
        fig = _draw(out)
    assert out.stat().st_size > 1000

    # Every text in the figure resolves to our font, not to DejaVu Sans.
    font_path = fonts.chinese_font_path()
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    assert any(t.get_text() == LABEL for t in texts)
    for text in texts:
        if any(ord(c) > 0x2E80 for c in text.get_text()):
            found = findfont(text.get_fontproperties(), fallback_to_default=False)
            assert Path(found) == font_path, text.get_text()

    assert font_path is not None
    ps_name = FT2Font(str(font_path)).postscript_name.encode("ascii")
    data = out.read_bytes()
    if fmt == "pdf":
        # The font is embedded (a subset named XXXXXX+<PostScript name>) ...
        assert re.search(rb"/BaseFont /[A-Z]{6}\+" + re.escape(ps_name), data)
        # ... as Type 3: matplotlib's Type 42 mislabels a CFF font as TrueType.
        assert b"/Subtype /Type3" in data
        assert b"/FontFile2" not in data
    elif fmt == "svg":
        # Glyphs are drawn as paths taken from our font.
        assert f'id="{ps_name.decode()}-'.encode() in data
        assert b"<text" not in data


def test_missing_glyph_is_caught(tmp_path: Path) -> None:
    """The harness above would fail on a character the fonts do not have."""
    with (
        warnings.catch_warnings(),
        pytest.raises(UserWarning, match=r"Glyph .* missing from"),
    ):
        warnings.simplefilter("error")
        _draw(tmp_path / "tofu.png", text="党群\ue000")  # private-use: in no font


def test_report_rc_settings() -> None:
    rc = fonts.report_rc()
    family = fonts.register_chinese_font()
    assert rc["font.family"] == [family, "DejaVu Sans"]
    assert rc["axes.unicode_minus"] is False
    assert rc["pdf.fonttype"] == 3
    assert rc["ps.fonttype"] == 3
    assert rc["svg.fonttype"] == "path"
    assert 8 <= float(str(rc["font.size"])) <= 10
    assert rc["figure.figsize"] == fonts.A4_PORTRAIT
    with matplotlib.rc_context(rc):  # every key and value is valid for matplotlib
        assert matplotlib.rcParams["font.family"] == [family, "DejaVu Sans"]


def test_a4_sizes() -> None:
    portrait = fonts.A4_PORTRAIT
    assert portrait == pytest.approx((210 / 25.4, 297 / 25.4), abs=0.01)  # 210 mm x 297 mm
    width, height = fonts.A4_LANDSCAPE
    assert (height, width) == portrait


@pytest.mark.usefixtures("fresh_caches")
def test_system_font_is_preferred(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    packaged = fonts._packaged_font_path()
    assert packaged is not None
    system_copy = tmp_path / "SystemSC.otf"
    shutil.copyfile(packaged, system_copy)
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    entries = [
        font_manager.FontEntry(fname=str(dejavu), name="DejaVu Sans"),  # no hanzi: skipped
        font_manager.FontEntry(fname=str(system_copy), name="Noto Sans SC"),
    ]
    monkeypatch.setattr(fonts, "_system_entries", lambda: entries)
    assert fonts.chinese_font_path() == system_copy


@pytest.mark.usefixtures("fresh_caches")
def test_no_font_raises_with_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_system_entries", list)
    monkeypatch.setattr(fonts, "_packaged_font_path", lambda: None)
    assert fonts.chinese_font_path() is None
    with pytest.raises(PartygraphError, match=r"pip install.*pylopdf-fonts-zh-cn"):
        fonts.register_chinese_font()
    with pytest.raises(PartygraphError, match="fonts-noto-cjk"):
        fonts.report_rc()
