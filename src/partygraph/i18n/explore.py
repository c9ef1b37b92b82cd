"""Messages of the offline explorer: its command line and the words of its page.

The page's words (``explore.ui.*``) are written into the HTML file in the
current language, so the JavaScript holds no sentence of its own.
"""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "explore.help": (
        "写出一个离线浏览的网页（单个 HTML 文件）：逐级展开区划，查看节点和检查结果",
        "write an offline explorer (one HTML file): expand the divisions level by level, "
        "see each node and its findings",
    ),
    "explore.description": (
        "把模型写成一个自带全部内容的 HTML 文件：不联网也能用浏览器打开。"
        "开始时显示到街道；点击街道展开社区，点击社区展开网格、小区、党组织、队伍和服务阵地。"
        "加 --check 时按检查结果给节点填色，侧栏列出问题和改正提示。",
        "write the model as one self-contained HTML file that opens in a browser with no "
        "network. It opens at the subdistricts; click a subdistrict to expand its "
        "communities and a community to expand its grids, compounds, organisations, teams "
        "and service sites. With --check, nodes are coloured by the check's findings and "
        "the side panel lists them with their hints.",
    ),
    "explore.output": (
        "写出的 HTML 文件，例如 -o 阳江.html",
        "the HTML file to write, e.g. -o yangjiang.html",
    ),
    "explore.check": (
        "同时运行检查，按结果填色并在侧栏列出问题；发现错误时退出码为 1（文件照样写出）",
        "also run the check, colour nodes by it and list the findings in the side panel; "
        "the exit code is then 1 if it found errors (the file is still written)",
    ),
    "explore.not_html": (
        "输出文件“{path}”不是 .html 文件：请写成 .html 结尾，例如 -o 阳江.html",
        "the output {path} is not an .html file: give a name ending in .html, "
        "e.g. -o yangjiang.html",
    ),
    "explore.wrote": (
        "已写出 {path}（{size} 字节）：用浏览器打开即可，不需要联网",
        "wrote {path} ({size} bytes): open it in a browser, no network needed",
    ),
    "explore.ui.title": ("{name} · 离线浏览", "{name} · explorer"),
    "explore.ui.search": ("搜索名称或 id", "search a name or id"),
    "explore.ui.search_none": ("没有找到“{query}”", "nothing found for “{query}”"),
    "explore.ui.layer": ("图层", "layer"),
    "explore.ui.fit": ("全图", "fit"),
    "explore.ui.hint": (
        "点击街道展开社区，点击社区展开网格、小区等；再点一次收起。点击节点在右侧查看详情。",
        "Click a subdistrict to expand its communities, a community to expand its grids, "
        "compounds and more; click again to collapse. Click a node to see it on the right.",
    ),
    "explore.ui.id": ("编号", "id"),
    "explore.ui.kind": ("类型", "kind"),
    "explore.ui.households": ("户数", "households"),
    "explore.ui.attributes": ("属性", "attributes"),
    "explore.ui.chain": ("所属", "chain"),
    "explore.ui.findings": ("检查发现的问题", "findings"),
    "explore.ui.no_findings": ("这个节点没有问题。", "no findings on this node."),
    "explore.ui.not_checked": (
        "未运行检查：用 --check 写出时这里列出问题。",
        "not checked: write the file with --check to list findings here.",
    ),
    "explore.ui.hint_label": ("改正提示：", "how to fix: "),
    "explore.ui.coverage": ("覆盖情况", "coverage"),
    "explore.ui.covered": (
        "{covered} / {total}（{percent}）",
        "{covered} / {total} ({percent})",
    ),
    "explore.ui.children": ("{count} 个下级", "{count} below"),
    "explore.ui.legend_fill": (
        "填色：本图层覆盖规则“{rule}”的错误或警告",
        "fill: an error or warning of this layer's coverage rule “{rule}”",
    ),
    "explore.ui.legend_outline": (
        "外圈：本图层其他规则的错误或警告",
        "outline: an error or warning of this layer's other rules",
    ),
    "explore.ui.legend_collapsed": (
        "收起的区划取它下面最严重的填色",
        "a collapsed division takes the worst fill below it",
    ),
    "explore.ui.counts": (
        "错误 {error} 条，警告 {warning} 条，提示 {info} 条",
        "{error} errors, {warning} warnings, {info} info",
    ),
    "explore.ui.nothing_selected": ("点击一个节点查看详情。", "click a node to see it."),
}
