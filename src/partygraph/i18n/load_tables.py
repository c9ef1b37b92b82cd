"""Messages of reading tables: CSV and workbooks, headers, cells, column mappings."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {}
