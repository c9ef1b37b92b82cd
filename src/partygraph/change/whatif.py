from __future__ import annotations
__all__ = ["ReportDelta", "what_if"]
ReportDelta = None
def what_if(): pass
