"""Messages of the road network of the service circle (``coordinates`` of a walking graph)."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "network.unreadable": (
        "路网文件“{path}”读不出来（{reason}）：请给出 osmnx 用 ox.save_graphml 保存的"
        " GraphML 文件，例如 roads.graphml",
        "cannot read the road network {path} ({reason}): give a GraphML file saved by "
        "osmnx's ox.save_graphml, e.g. roads.graphml",
    ),
    "network.bad_value": (
        "路网文件“{path}”中的“{item}”：{key} 写的是“{value}”，不是数字"
        "（节点要有 x、y 坐标，路段要有以米计的 length）；请用 ox.save_graphml 重新保存路网",
        "road network {path}, {item}: {key} is {value!r}, not a number (nodes need x and y, "
        "edges a length in metres); save the network again with ox.save_graphml",
    ),
    "network.frame": (
        "路网文件“{path}”的坐标与模型不符：模型的坐标是经纬度，路网节点的 x 在"
        " {low} 到 {high} 之间，不像经度；请用未投影的路网（ox.save_graphml 保存的"
        " ox.graph_from_place 结果，不要 ox.project_graph）",
        "the road network {path} is not in the model's frame: the model is in longitude "
        "and latitude, but the nodes' x runs from {low} to {high}; save the unprojected "
        "graph (do not ox.project_graph it)",
    ),
    "network.empty": (
        "路网文件“{path}”里没有节点：请给出步行路网，例如"
        ' ox.graph_from_place("江城区", network_type="walk")',
        "the road network {path} has no nodes: give a walking network, e.g. "
        'ox.graph_from_place(..., network_type="walk")',
    ),
    "network.method_straight": (
        "直线距离 × {detour}，步行 {speed} km/h，{minutes} 分钟",
        "straight line × {detour}, walking {speed} km/h, {minutes} minutes",
    ),
    "network.method_network": (
        "道路网络，步行 {speed} km/h，{minutes} 分钟",
        "road network, walking {speed} km/h, {minutes} minutes",
    ),
    "network.frame_local": (
        "平面坐标（米）",
        "local plane coordinates (metres)",
    ),
    "network.frame_wgs84": (
        "WGS-84 经纬度，按局部等距圆柱投影换算成米（以各点的平均经纬度为原点）",
        "WGS-84 longitude and latitude, laid on a local equirectangular plane in metres "
        "(around the points' mean)",
    ),
    "network.frame_gcj02": (
        "GCJ-02 经纬度（国测局坐标），按局部等距圆柱投影换算成米（以各点的平均经纬度为原点）",
        "GCJ-02 longitude and latitude, laid on a local equirectangular plane in metres "
        "(around the points' mean)",
    ),
}
