"""Change over time: the diff of two snapshots, two reports compared, what-if.

- :func:`diff` (:mod:`~partygraph.change.diff`): what changed between two
  snapshots of a model, keyed by id (bulk tables with numpy,
  :mod:`~partygraph.change.population`).
- :func:`compare` (:mod:`~partygraph.change.compare`): coverage, findings and
  candidates of two check reports, before → after.
- :func:`what_if` (:mod:`~partygraph.change.whatif`): the report's change if
  persons or units were removed, entities added or moved.
- :mod:`~partygraph.change.render`: the Chinese As-is / To-be / 变化 tables
  (text, Markdown, JSON, CSV; xlsx in :mod:`~partygraph.change.xlsx`).
"""

from __future__ import annotations

from partygraph.change.compare import compare
from partygraph.change.data import ModelDiff, ReportDiff
from partygraph.change.diff import diff
from partygraph.change.whatif import ReportDelta, what_if

__all__ = ["ModelDiff", "ReportDelta", "ReportDiff", "compare", "diff", "what_if"]
