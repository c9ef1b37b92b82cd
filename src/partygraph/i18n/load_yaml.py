"""Messages of reading YAML: syntax, full-width punctuation, scalars, dates, empty files."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {}
