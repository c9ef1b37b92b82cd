"""Messages of the export formats: size limits and what to do about them."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "export.mermaid_nodes": (
        "图里有 {count} 个节点，超过 Mermaid 图可读的上限 {limit} 个（max_nodes）；"
        "请只导出一层（--layer linkage）、不带住户人口导出，"
        "或取消上限（max_nodes=None；命令行 --max-nodes 0）",
        "the graph has {count} nodes, more than max_nodes={limit} for a readable Mermaid "
        "diagram; export one layer (--layer linkage) or the structure without the population, "
        "or lift the limit (max_nodes=None; --max-nodes 0)",
    ),
    "export.mermaid_edges": (
        "图里有 {count} 条连线，超过上限 {limit} 条（max_edges；Mermaid 默认最多画 500 条）；"
        "请只导出一层（--layer linkage）、不带住户人口导出，"
        "或取消上限（max_edges=None；命令行 --max-nodes 0）",
        "the graph has {count} edges, more than max_edges={limit} (Mermaid draws at most 500 "
        "by default); export one layer (--layer linkage) or the structure without the "
        "population, or lift the limit (max_edges=None; --max-nodes 0)",
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
}
