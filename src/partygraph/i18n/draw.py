"""Messages of the diagrams' own options: resolution and SVG text."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "draw.cli_dpi": (
        "PNG 的分辨率（每英寸点数），写入文件，默认 {default}；"
        "打印用 200–300，屏幕或网页用 100 即可",
        "PNG resolution in dots per inch, stored in the file (default {default}); "
        "200-300 for print, 100 for a screen or a web page",
    ),
    "draw.cli_svg_text": (
        "SVG 中文字的写法：默认 --svg-text text 写成可搜索、可复制的文字"
        "（由查看者的中文字体显示）；"
        "--svg-text outline 写成字形轮廓（在没有中文字体的电脑上也一样，但不能搜索）",
        "how SVG writes text: text as searchable, selectable text (default; the viewer's "
        "Chinese font draws it), outline as glyph outlines (the same everywhere, not "
        "searchable)",
    ),
    "draw.bad_dpi": (
        "--dpi 的值“{value}”不对：请写 {low} 到 {high} 之间的数，例如 --dpi 300",
        "--dpi {value!r} is not a resolution: give a number from {low} to {high}, e.g. --dpi 300",
    ),
}
