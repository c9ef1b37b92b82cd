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
    "draw.circle_title": (
        "{name} · 10分钟便民服务圈",
        "{name} · the 10-minute service circle",
    ),
    "draw.circle_caption": (
        "方法：{method}（圆的半径 = 分钟 × 步速 ÷ 绕行系数 = {radius} 米直线距离）。"
        "坐标：{frame}。图中 {total} 个小区有 {outside} 个不在服务圈内。",
        "Method: {method} (circle radius = minutes × speed ÷ detour factor = {radius} m in a "
        "straight line). Coordinates: {frame}. {outside} of the {total} compounds in view are "
        "outside the circle.",
    ),
    "draw.circle_scope": (
        "--scope 的“{scope}”不是模型里的行政区划："
        "请写街道或社区的 id 或名称，例如 --scope 南恩街道",
        "--scope {scope!r} is no division of the model: give a subdistrict's or community's "
        "id or name",
    ),
    "draw.circle_nothing": (
        "没有带坐标（x、y）的小区或服务站点可画：请在小区和党群服务中心上写 x、y，或换一个 --scope",
        "no compound or service site with coordinates (x, y) to draw: give compounds and "
        "service centres x and y, or another --scope",
    ),
    "draw.circle_axis": ("{axis}（米）", "{axis} (metres)"),
    "draw.circle_compound": ("{name} {minutes} 分钟", "{name} {minutes} min"),
    "draw.circle_site_community": ("社区党群服务中心（{count}）", "community centres ({count})"),
    "draw.circle_site_area": ("区域党群服务中心（{count}）", "area centres ({count})"),
    "draw.circle_site_compound": ("小区党群服务站（{count}）", "compound stations ({count})"),
    "draw.circle_reach": (
        "服务圈：站点周围 {radius} 米（直线）",
        "service circle: {radius} m around a site (straight line)",
    ),
    "draw.circle_inside": ("服务圈内的小区（{count}）", "compounds inside ({count})"),
    "draw.circle_outside": (
        "服务圈外的小区（{count}，{severity}）",
        "compounds outside ({count}, {severity})",
    ),
    "draw.cli_circle": (
        "与 --layer service 一起用：在坐标上画“10分钟便民服务圈”（站点、服务圈、圈外小区）",
        "with --layer service: draw the 10-minute service circle on the coordinates (sites, "
        "circles, compounds outside)",
    ),
    "draw.cli_network": (
        "与 --circle 一起用：按路网（osmnx 用 ox.save_graphml 保存的步行路网）计算步行分钟数",
        "with --circle: walking minutes on a road network (a walking graph saved by osmnx's "
        "ox.save_graphml)",
    ),
    "draw.circle_needs_service": (
        "--circle 只能与 --layer service 一起用，例如 "
        "partygraph draw 模型.yaml --layer service --circle -o 服务圈.png",
        "--circle goes with --layer service only, e.g. partygraph draw FILE --layer service "
        "--circle -o circle.png",
    ),
}
