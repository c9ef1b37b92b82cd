"""Messages of rule packs and rules files."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "rules.no_pack": (
        "没有名为“{name}”的内置规则包{suggest}；内置规则包有：{packs}",
        "no built-in pack {name!r}{suggest}; packs are: {packs}",
    ),
}
