"""A font for Chinese labels in matplotlib figures, on any machine.

matplotlib ships no font with Chinese glyphs, and a fresh Linux machine or a CI
runner usually has none either: labels then come out as boxes ("tofu") with a
``Glyph ... missing from font`` warning.  This module finds a font that has the
glyphs and sets matplotlib up to use it:

1. a *system* font that covers simplified Chinese, if there is one (a font the
   user chose to install wins; names that say simplified Chinese, ``SC``,
   ``CN``, ``GB`` ..., and sans-serif regular faces are tried first);
2. otherwise Noto Sans SC (SIL Open Font License 1.1) from the PyPI package
   ``pylopdf-fonts-zh-cn``, a dependency of partygraph, so that
   ``pip install partygraph`` is all a machine needs.

Use :func:`report_rc` for report figures::

    with matplotlib.rc_context(report_rc()):
        fig, ax = plt.subplots(figsize=A4_LANDSCAPE)
        ...

Noto Sans SC is an OpenType font with CFF outlines.  matplotlib embeds such a
font correctly in PDF and PostScript only as Type 3 (``pdf.fonttype`` 3, the
default): with ``pdf.fonttype`` 42 it writes the CFF data where a TrueType
font is expected, and PDF readers report a broken font.  :func:`report_rc`
therefore sets ``pdf.fonttype`` and ``ps.fonttype`` to 3.

Examples
--------
>>> A4_PORTRAIT
(8.27, 11.69)
>>> A4_LANDSCAPE
(11.69, 8.27)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import matplotlib
from matplotlib import font_manager, ft2font

from partygraph.errors import PartygraphError

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "A4_LANDSCAPE",
    "A4_PORTRAIT",
    "chinese_font_path",
    "register_chinese_font",
    "report_rc",
]

A4_PORTRAIT: Final[tuple[float, float]] = (8.27, 11.69)
"""Width and height of an A4 page (210 mm x 297 mm) in inches."""

A4_LANDSCAPE: Final[tuple[float, float]] = (11.69, 8.27)
"""Width and height of an A4 page turned sideways, in inches."""

#: A font must have every one of these characters to be used: common
#: simplified-only forms (务 网 长 区 党 ...) and full-width punctuation.
_PROBE_TEXT: Final = "阳江市江城区南恩街道党群服务中心网格长志愿者楼栋（）、，：；。“”《》"

#: The PyPI package that ships the fallback font, and the font file in it.
_PACKAGE: Final = "pylopdf-fonts-zh-cn"
_PACKAGE_MODULE: Final = "pylopdf_fonts_zh_cn"
_PACKAGE_FONT: Final = "NotoSansSC-Regular.otf"

#: Family names that say "simplified Chinese" (tried before other CJK fonts,
#: whose glyph forms may be Japanese or traditional).
_SC_NAME: Final = re.compile(
    r"\b(SC|CN|GB|Hans|SimHei|SimSun|NSimSun|YaHei|DengXian|FangSong|KaiTi|"
    r"WenQuanYi|WQY|PingFang|Heiti|Songti|Sarasa)\b",
    re.IGNORECASE,
)
_SANS_NAME: Final = re.compile(r"Sans|Hei|Gothic", re.IGNORECASE)

#: Fonts that map every character to a placeholder box: they "cover" any text.
_PLACEHOLDER_NAME: Final = re.compile(r"Last\s*Resort|NotDef", re.IGNORECASE)

_NO_FONT_HELP: Final = (
    "no font with simplified Chinese glyphs was found: no system font covers "
    f"{_PROBE_TEXT!r} and the {_PACKAGE!r} package (a dependency of partygraph) "
    "is not installed. Fix: reinstall partygraph with its dependencies "
    f'(`pip install -e ".[dev]"`, or `pip install {_PACKAGE}`), or install a '
    "system CJK font (Debian/Ubuntu: `apt-get install fonts-noto-cjk`) and delete "
    "matplotlib's font cache (the fontlist-*.json file in "
    "`matplotlib.get_cachedir()`) so that matplotlib sees it."
)


@dataclass(frozen=True)
class _Font:
    """A font file (and face in it) with Chinese glyphs."""

    path: Path
    face_index: int
    family: str
    system: bool


def _covers(path: Path, face_index: int, text: str = _PROBE_TEXT) -> bool:
    """Whether the face has a glyph for every character of *text*."""
    try:
        font = (
            ft2font.FT2Font(str(path), face_index=face_index)
            if face_index
            else ft2font.FT2Font(str(path))
        )
        charmap = font.get_charmap()
    except (OSError, RuntimeError, ValueError, TypeError):
        return False
    return all(ord(char) in charmap for char in text)


def _packaged_font_path() -> Path | None:
    """Noto Sans SC from the ``pylopdf-fonts-zh-cn`` package, if installed."""
    try:
        from importlib.resources import files

        resource = files(_PACKAGE_MODULE).joinpath(_PACKAGE_FONT)
    except ModuleNotFoundError:
        return None
    path = Path(str(resource))
    return path if path.is_file() else None


def _system_entries() -> list[font_manager.FontEntry]:
    """The system fonts in matplotlib's font list.

    Leaves out the fonts matplotlib ships (none has Chinese glyphs, and its
    Last Resort font draws a box for every character) and placeholder fonts.
    """
    own = Path(matplotlib.get_data_path()).resolve()
    return [
        entry
        for entry in font_manager.fontManager.ttflist
        if not Path(entry.fname).resolve().is_relative_to(own)
        and _PLACEHOLDER_NAME.search(entry.name) is None
    ]


def _rank(entry: font_manager.FontEntry) -> tuple[bool, bool, int, str, str]:
    """Sort key: simplified-Chinese names, sans-serif, regular weight first."""
    weight = entry.weight
    if isinstance(weight, str):
        weight = font_manager.weight_dict.get(weight, 400)
    return (
        _SC_NAME.search(entry.name) is None,
        _SANS_NAME.search(entry.name) is None,
        abs(int(weight) - 400),
        entry.name,
        entry.fname,
    )


@functools.cache
def _chinese_font() -> _Font | None:
    """The font :func:`chinese_font_path` names, with its face and family."""
    packaged = _packaged_font_path()
    skip = {packaged.resolve()} if packaged is not None else set()
    candidates = sorted(
        (e for e in _system_entries() if e.style == "normal" and e.variant == "normal"),
        key=_rank,
    )
    for entry in candidates:
        path = Path(entry.fname)
        index = int(getattr(entry, "index", 0))
        if path.resolve() not in skip and _covers(path, index):
            return _Font(path, index, entry.name, system=True)
    if packaged is not None and _covers(packaged, 0):
        family = font_manager.ttfFontProperty(ft2font.FT2Font(str(packaged))).name
        return _Font(packaged, 0, family, system=False)
    return None


@functools.cache
def chinese_font_path() -> Path | None:
    """Path of a font file with simplified Chinese glyphs.

    A system font that covers a sample of simplified Chinese text (hanzi and
    full-width punctuation) comes first; otherwise Noto Sans SC from the
    ``pylopdf-fonts-zh-cn`` package.  The answer is computed once per process.

    Returns
    -------
    pathlib.Path or None
        The font file (for a font collection, the face matplotlib uses is the
        one :func:`register_chinese_font` names), or ``None`` if no font was
        found: then :func:`register_chinese_font` raises and says how to fix it.

    Examples
    --------
    >>> path = chinese_font_path()
    >>> path is not None and path.is_file()
    True
    >>> path.suffix.lower() in {".otf", ".ttf", ".ttc", ".otc"}
    True
    """
    font = _chinese_font()
    return None if font is None else font.path


@functools.cache
def register_chinese_font() -> str:
    """Make the font of :func:`chinese_font_path` known to matplotlib.

    A packaged font is added with
    :meth:`matplotlib.font_manager.FontManager.addfont` (once per process); a
    system font is known to matplotlib already.

    Returns
    -------
    str
        The font's family name, for ``rcParams["font.family"]`` or
        ``FontProperties(family=...)``; ``"Noto Sans SC"`` for the packaged font.

    Raises
    ------
    partygraph.errors.PartygraphError
        If no font with simplified Chinese glyphs is found; the message says
        how to install one.

    Examples
    --------
    >>> from pathlib import Path
    >>> from matplotlib.font_manager import FontProperties, findfont
    >>> family = register_chinese_font()
    >>> found = findfont(FontProperties(family=[family]), fallback_to_default=False)
    >>> Path(found) == chinese_font_path()
    True
    """
    font = _chinese_font()
    if font is None:
        raise PartygraphError(_NO_FONT_HELP)
    manager = font_manager.fontManager
    known = any(
        Path(entry.fname) == font.path and entry.name == font.family for entry in manager.ttflist
    )
    if not known:
        manager.addfont(font.path)
    return font.family


def report_rc() -> dict[RcKeyType, Any]:
    """matplotlib settings for report figures printed on A4 paper.

    Chinese font first (:func:`register_chinese_font`, which this calls) with
    DejaVu Sans as the fallback for glyphs it lacks; 9 pt body text; an ASCII
    hyphen for minus signs (``axes.unicode_minus`` off); Type 3 fonts in PDF and
    PostScript (the only embedding matplotlib does correctly for an OpenType
    CFF font such as Noto Sans SC); text as paths in SVG, so an SVG shows the
    same glyphs on a machine without the font.

    Returns
    -------
    dict
        rcParams for :func:`matplotlib.rc_context` or
        ``matplotlib.rcParams.update``; typed with matplotlib's own key type so
        that ``rc_context(report_rc())`` passes ``mypy --strict`` (matplotlib's
        stubs reject a ``dict[str, object]``).

    Raises
    ------
    partygraph.errors.PartygraphError
        If no font with simplified Chinese glyphs is found.

    Examples
    --------
    >>> import matplotlib
    >>> rc = report_rc()
    >>> rc["font.family"] == [register_chinese_font(), "DejaVu Sans"]
    True
    >>> rc["pdf.fonttype"], rc["svg.fonttype"], rc["axes.unicode_minus"]
    (3, 'path', False)
    >>> with matplotlib.rc_context(rc):
    ...     matplotlib.rcParams["font.size"]
    9.0
    """
    family = register_chinese_font()
    return {
        "font.family": [family, "DejaVu Sans"],
        "font.size": 9.0,
        "axes.titlesize": 10.0,
        "axes.labelsize": 9.0,
        "xtick.labelsize": 8.0,
        "ytick.labelsize": 8.0,
        "legend.fontsize": 8.0,
        "legend.title_fontsize": 9.0,
        "figure.titlesize": 11.0,
        "figure.figsize": A4_PORTRAIT,
        "axes.unicode_minus": False,
        # A label is text: "$" in a name must not start mathtext (or fail to parse).
        "text.parse_math": False,
        "pdf.fonttype": 3,
        "ps.fonttype": 3,
        "svg.fonttype": "path",
        "svg.hashsalt": "partygraph",
        "savefig.dpi": 200,
    }
