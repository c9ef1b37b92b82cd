"""Messages of the command line: help texts, option errors, summaries of a run."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {}
