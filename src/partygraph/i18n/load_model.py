"""Messages of checking entities and references: fields, codes, ids and names."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {}
