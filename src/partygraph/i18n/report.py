"""Messages of reports and summaries: headings, findings as sentences, labels."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {}
