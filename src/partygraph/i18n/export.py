"""Messages of the export formats: size limits and what to do about them."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "export.mermaid_nodes": (
        "图里有 {count} 个节点，超过 Mermaid 图可读的上限 {limit} 个（max_nodes）；"
        "请只导出一层（--layer linkage）或一个街道、社区（--scope 南恩街道），不带住户人口导出，"
        "或取消上限（max_nodes=None；命令行 --max-nodes 0）",
        "the graph has {count} nodes, more than max_nodes={limit} for a readable Mermaid "
        "diagram; export one layer (--layer linkage) or one subdistrict or community (--scope "
        "ID), the structure without the population, or lift the limit (max_nodes=None; "
        "--max-nodes 0)",
    ),
    "export.mermaid_edges": (
        "图里有 {count} 条连线，超过上限 {limit} 条（max_edges；Mermaid 默认最多画 500 条）；"
        "请只导出一层（--layer linkage）或一个街道、社区（--scope 南恩街道），不带住户人口导出，"
        "或取消上限（max_edges=None；命令行 --max-nodes 0）",
        "the graph has {count} edges, more than max_edges={limit} (Mermaid draws at most 500 "
        "by default); export one layer (--layer linkage) or one subdistrict or community "
        "(--scope ID), the structure without the population, or lift the limit "
        "(max_edges=None; --max-nodes 0)",
    ),
    "export.mermaid_text": (
        "Mermaid 图的文字有 {count} 个字符，超过 Mermaid 默认能渲染的 {limit} 个"
        "（maxTextSize）；请只导出一层或更小的范围，"
        "或取消上限（max_text=None；命令行 --max-nodes 0，"
        "这时要在 Mermaid 的设置里调大 maxTextSize）",
        "the Mermaid text is {count} characters, more than the {limit} Mermaid renders by "
        "default (maxTextSize); export one layer or a smaller part, or lift the limit "
        "(max_text=None; --max-nodes 0, and raise maxTextSize in Mermaid's settings)",
    ),
    "export.geojson_wgs84": (
        "坐标为 WGS-84 经纬度（[经度, 纬度]，即 EPSG:4326），符合 RFC 7946，QGIS 直接打开即可",
        "coordinates are WGS-84 longitude and latitude ([lon, lat], EPSG:4326), as RFC 7946 "
        "asks; QGIS opens the file as it is",
    ),
    "export.geojson_gcj02": (
        "坐标为 GCJ-02 经纬度（国测局坐标，[经度, 纬度]），没有换算成 WGS-84，"
        "与 WGS-84 相差至多几百米；QGIS 会按 WGS-84 读，叠加卫星图或 OpenStreetMap 时会偏移，"
        "请先用 GCJ-02 转换插件处理",
        "coordinates are GCJ-02 longitude and latitude ([lon, lat]), not converted to "
        "WGS-84 (they differ by up to a few hundred metres); QGIS reads them as WGS-84, so "
        "they sit off satellite or OpenStreetMap layers until converted",
    ),
    "export.geojson_local": (
        "坐标为模型的平面坐标（单位 {unit}），原样写出，不是经纬度；"
        "在 QGIS 中请把图层的坐标参照系设为相应的平面坐标系",
        "coordinates are the model's local plane coordinates (unit {unit}), written as they "
        "are, not longitude and latitude; in QGIS set the layer's CRS to that plane",
    ),
    "export.geojson_needs_model": (
        "GeoJSON 要从模型导出（要用到坐标说明和住户），不能从图导出："
        "请传入 partygraph.load(...) 读出的模型",
        "GeoJSON is written from a model (it needs the coordinate frame and the households), "
        "not from a graph: pass the model partygraph.load(...) returns",
    ),
    "export.geojson_option": (
        "{flag} 不能与 --format geojson 一起用：GeoJSON 总是写出全部小区和服务站点；"
        "要缩小范围请用 --scope，例如 --scope 南恩街道",
        "{flag} does not go with --format geojson, which always writes every compound and "
        "service centre; narrow it with --scope",
    ),
}
