"""Messages shared by every part: counts of problems, "and N more"."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "common.problems_found": ("发现 {count} 个问题", "{count} problems found"),
    "common.problems_found.one": ("发现 {count} 个问题", "{count} problem found"),
    "common.and_more": ("……另有 {count} 个问题未列出", "… and {count} more"),
}
