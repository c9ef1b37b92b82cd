"""A check report as terminal text, JSON, Markdown or CSV.

``render(report, fmt)`` returns the text; ``write_report(report, path)``
writes it atomically, the format taken from the file suffix unless given.
JSON is the whole :class:`~partygraph.model.report.Report` (schema in
``docs/report.md``, with ``schema_version``); CSV is the findings table, one
row per finding, with the chain split into city, county, subdistrict and
community columns.  Text (:mod:`~partygraph.report.text`) and Markdown
(:mod:`~partygraph.report.markdown`) are summaries for people: they lead with
the overview (:mod:`~partygraph.report.overview`: the headline coverage, the
units below the scope down to ``depth``, the places with the most findings),
then list at most ``limit`` findings per rule and say how many more there are.

Names, messages and hints are user data, and each format keeps them text
(``docs/report.md``, "How names are written"): the text report shows control
characters and bidi controls as visible escapes
(:func:`partygraph.safe_text.printable`); Markdown escapes HTML and the
characters that would make links, emphasis, code or table cells; CSV puts a
``'`` before a text cell a spreadsheet would run as a formula
(:func:`partygraph.safe_text.neutralise_formula`); JSON writes NaN as ``null``.

Examples
--------
>>> from partygraph.model.report import Report, Finding, NodeRef
>>> r = Report(model="示例市", findings=[Finding(rule="grid.leader", severity="error",
...     node=NodeRef(id="g1", kind="grid", name="一网格"), value=0, expected="leader ≥ 1",
...     message="网格未配备党员网格长", message_en="grid has no party-member leader",
...     hint="选配网格长")])
>>> render(r, "csv").splitlines()[1].split(",")[:5]
['error', 'grid.leader', 'g1', 'grid', '一网格']
>>> "网格未配备党员网格长" in render(r, "markdown")
True
"""

from __future__ import annotations

import csv
import importlib
import io
import math
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from partygraph.errors import PartygraphError
from partygraph.i18n import tr
from partygraph.io.atomic import write_atomic
from partygraph.model.report import Report
from partygraph.report._common import (
    finding_text,
    num,
)
from partygraph.report.text import render_text
from partygraph.safe_text import neutralise_formula
from partygraph.vocabulary import LEVELS, REPORT_FORMATS

__all__ = [
    "CSV_COLUMNS",
    "FILE_WRITERS",
    "FORMATS",
    "json_chunks",
    "render",
    "report_format",
    "write_report",
]

#: Output formats, and the file suffixes that select them (declared in the vocabulary).
FORMATS: dict[str, tuple[str, ...]] = REPORT_FORMATS
#: Columns of the CSV findings table.
CSV_COLUMNS: tuple[str, ...] = (
    "severity",
    "rule",
    "node_id",
    "node_kind",
    "node_name",
    *LEVELS,
    "value",
    "expected",
    "message",
    "message_en",
    "hint",
    "finding",
)


def render(report: Report, fmt: str = "text", *, limit: int = 20, depth: str | None = None) -> str:
    """The report as ``text``, ``json``, ``markdown`` or ``csv``.

    Parameters
    ----------
    report
        What :func:`partygraph.rules.check.check` returned.
    fmt
        One of :data:`FORMATS`.
    limit
        Findings listed per rule in text and Markdown (JSON and CSV list all).
    depth
        How far down the text and Markdown overview lists coverage:
        ``county``, ``subdistrict`` or ``community``, level by level; ``None``
        the level below the scope (:func:`~partygraph.report.overview.drill`).

    Raises
    ------
    PartygraphError
        For an unknown format.

    Examples
    --------
    >>> from partygraph.model.report import Report
    >>> print(render(Report(model="示例市"), "text"), end="")
    示例市 — 检查报告
    规则包：，共 0 条规则
    <BLANKLINE>
    概览：示例市
      问题：错误 0 · 警告 0 · 提示 0
    >>> from partygraph.i18n import use_language
    >>> with use_language("en"):
    ...     print(render(Report(model="示例市"), "text"), end="")
    示例市 — check report
    packs:  · 0 rules
    <BLANKLINE>
    overview: 示例市
      findings: 0 error · 0 warning · 0 info
    """
    if fmt == "json":
        _warn_non_finite(report)
        return "".join(json_chunks(report))
    if fmt == "csv":
        return _csv(report)
    if fmt == "markdown":
        # Imported here: the Markdown report's modules (the analyses' lines, the
        # drill-down) are no part of a text or JSON report.
        from partygraph.report.markdown import render_markdown

        return render_markdown(report, limit, depth)
    if fmt == "text":
        return render_text(report, limit, depth)
    raise PartygraphError(tr("report.unknown_format", format=fmt, formats=", ".join(FORMATS)))


def report_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format a report written to ``path`` takes: ``fmt`` when given, else
    the one its suffix names (no suffix: text).

    A suffix that names no report format (``报告.pptx``) is refused, not written
    as text under a name that promises a slide deck.

    Examples
    --------
    >>> report_format("out/报告.md"), report_format("out/报告"), report_format("a.xlsx", "csv")
    ('markdown', 'text', 'csv')
    >>> report_format("报告.xlsx")
    'xlsx'
    >>> report_format("报告.pptx")
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: 报告不能写成 .pptx 文件：...
    """
    if fmt is not None:
        return fmt
    suffix = Path(path).suffix.lower()
    if not suffix:
        return "text"
    found = next((f for f, sfx in FORMATS.items() if suffix in sfx), None)
    if found is None:
        known = tr("cli.name_list_separator").join(s for sfx in FORMATS.values() for s in sfx)
        raise PartygraphError(tr("report.unknown_suffix", suffix=suffix, suffixes=known))
    return found


#: Formats written as files, not text: format -> ``module:function`` taking
#: ``(report, path)`` and writing ``path`` atomically.  Imported when used,
#: so that their writers (XlsxWriter, python-docx) load only for them.
FILE_WRITERS: dict[str, str] = {
    "xlsx": "partygraph.report.xlsx:write_workbook",
}


def write_report(
    report: Report,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    limit: int = 20,
    depth: str | None = None,
) -> str:
    """Write the report to ``path`` atomically; returns the format used.

    Without ``fmt`` the suffix decides (:func:`report_format`).  CSV files start
    with a byte-order mark so spreadsheets read the Chinese text as UTF-8.
    A format of :data:`FILE_WRITERS` is written by its own writer.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from partygraph.model.report import Report
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_report(Report(model="示例市"), pathlib.Path(d) / "report.md")
    'markdown'
    """
    path = Path(path)
    fmt = report_format(path, fmt)
    if fmt in FILE_WRITERS:
        module, _, function = FILE_WRITERS[fmt].partition(":")
        getattr(importlib.import_module(module), function)(report, path)
        return fmt
    if fmt == "json":  # in parts: a province's report is a gigabyte of text
        _warn_non_finite(report)
        with write_atomic(path, binary=True) as f:
            for part in _json_parts(report):  # UTF-8 as serialised: never decoded
                f.write(part)
        return fmt
    text = render(report, fmt, limit=limit, depth=depth)
    with write_atomic(path) as f:
        f.write(("\ufeff" if fmt == "csv" else "") + text)
    return fmt


#: The report's long lists, written a batch of items at a time (:func:`json_chunks`),
#: in the report's field order.
_LISTS = ("findings", "coverage", "candidates", "single_points")
#: Items serialised at once: a few megabytes of text.
_BATCH = 2_000


def json_chunks(report: Report) -> Iterator[str]:
    """The report's JSON (``model_dump_json(indent=2)``) in parts, the same text.

    The long lists are written a batch of items at a time, so a province's
    report (half a million findings, about a gigabyte of text) is never one
    string.  The optional sections not computed are left out, not written as
    null; NaN and infinity are written as ``null``.

    Examples
    --------
    >>> from partygraph.model.report import Report
    >>> r = Report(model="示例市")
    >>> whole = r.model_dump_json(indent=2, exclude={"matching", "metrics"})
    >>> "".join(json_chunks(r)) == whole + "\\n"
    True
    """
    for part in _json_parts(report):
        yield part.decode()


def _json_parts(report: Report) -> Iterator[bytes]:
    """:func:`json_chunks` as the UTF-8 bytes pydantic writes (each part whole
    characters: parts end between JSON tokens)."""
    absent = {k for k in ("matching", "metrics") if getattr(report, k) is None}
    long = [name for name in _LISTS if getattr(report, name)]
    text = report.model_copy(update={name: [] for name in long}).model_dump_json(
        indent=2, exclude=absent
    )
    # An empty list is written `"name": []` on its own line at the top level;
    # one inside a value is escaped, its quotes preceded by a backslash.
    pieces = []
    for name in long:
        before, found, text = text.partition(f'\n  "{name}": []')
        if not found:  # pragma: no cover - the layout of model_dump_json changed
            yield (report.model_dump_json(indent=2, exclude=absent) + "\n").encode()
            return
        pieces.append(before)
    for name, before in zip(long, pieces, strict=True):
        yield (before + f'\n  "{name}": [').encode()
        items = getattr(report, name)
        for start in range(0, len(items), _BATCH):
            part = items[start : start + _BATCH]
            yield _items(part) + (b"," if start + _BATCH < len(items) else b"")
        yield b"\n  ]"
    yield (text + "\n").encode()


def _items(items: list[BaseModel]) -> bytes:
    """List items' JSON, each indented as it is inside the report and preceded
    by its line break, separated by commas (raw line breaks occur only between
    JSON tokens: those in strings are escaped).

    Items of one class are written by one call for the whole batch (a list's
    JSON, its brackets cut off, indented one level more): a call per item cost
    a quarter more at five million households (70,000 rows).

    >>> from partygraph.model.report import NodeRef
    >>> a = NodeRef(id="g1", kind="grid", name="一网格")
    >>> b = NodeRef(id="g2", kind="grid", name="二")
    >>> print(_items([a, b]).decode())
    <BLANKLINE>
        {
          "id": "g1",
          "kind": "grid",
          "name": "一网格"
        },
        {
          "id": "g2",
          "kind": "grid",
          "name": "二"
        }
    """
    cls = type(items[0])
    if any(type(item) is not cls for item in items):
        return ",".join("\n    " + _item(item) for item in items).encode()
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(list[cls])  # type: ignore[valid-type]
    text = adapter.dump_json(items, indent=2)
    # "[", then "\n  {...\n  }" per item, then "\n]": the brackets and last break cut off.
    return text[1:-2].replace(b"\n", b"\n  ")


#: A list of each row class, serialised at once (:func:`_items`).
_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def _item(item: BaseModel) -> str:
    """One list item's JSON, indented as it is inside the report."""
    return item.model_dump_json(indent=2).replace("\n", "\n    ")


def _warn_non_finite(report: Report) -> None:
    """Say once that JSON gets ``null`` for the report's NaN and infinite numbers."""
    values: list[object] = [f.value for f in report.findings]
    values += [c.ratio for c in report.coverage]
    for s in report.load:
        values += [s.min, s.median, s.p90, s.max, s.threshold, *(o.value for o in s.outliers)]
    n = sum(1 for v in values if isinstance(v, float) and not math.isfinite(v))
    if n:
        warnings.warn(
            tr("report.non_finite", count=n),
            UserWarning,
            stacklevel=3,
        )


# -- csv ---------------------------------------------------------------------------
def _csv(report: Report) -> str:
    buf = io.StringIO(newline="")
    # CRLF as the writer's terminator makes it quote a cell holding a lone CR too
    # (with LF it does not, and a reader would end the record there); each
    # record's CRLF is then written as LF.
    w = csv.writer(buf, lineterminator="\r\n")
    out: list[str] = []

    def record(cells: list[str]) -> None:
        w.writerow(cells)
        out.append(buf.getvalue()[:-2] + "\n")
        buf.seek(0)
        buf.truncate()

    record(list(CSV_COLUMNS))
    messages = {r.id: r for r in report.rules}
    for f in report.findings:
        levels = {n.kind: n.name for n in [*f.chain, f.node]}
        # Every cell is text from the model or the rules except the value, which is
        # a number unless a rule made it text: only text gets the formula guard.
        value = "" if f.value is None else num(f.value)
        record(
            [
                *map(
                    neutralise_formula,
                    [
                        f.severity,
                        f.rule,
                        f.node.id,
                        f.node.kind,
                        f.node.name,
                        *(levels.get(lvl, "") for lvl in LEVELS),
                    ],
                ),
                neutralise_formula(value) if isinstance(f.value, str) else value,
                *map(
                    neutralise_formula,
                    [
                        f.expected or "",
                        f.message,
                        f.message_en,
                        f.hint,
                        finding_text(f, messages.get(f.rule)),
                    ],
                ),
            ]
        )
    return "".join(out)
