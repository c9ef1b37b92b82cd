"""One province's work, done where it runs (a Dask worker or this process).

A task is sent the province's *path*, never its model: the worker loads and
checks the province and sends back its :class:`~partygraph.model.report.Report`
(or the problems that stopped it, with the ids it could not resolve, as the
loader noted them), so no model crosses the network.  What a
task takes and returns is plain data that pickles.

Examples
--------
>>> done = check_province(Job("tests/fixtures/rules/model.yaml", "r", "示例"))
>>> done.report is not None, done.problems
(True, [])
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import Language, tr, use_language
from partygraph.io.unresolved import Unresolved, collecting
from partygraph.model import SECTIONS, Model
from partygraph.model.report import Report

__all__ = ["Done", "Found", "Job", "check_province", "find_ids", "unknown_ids"]


@dataclass(frozen=True)
class Job:
    """What a task is sent: the province's entry file and how to check it."""

    path: str
    id: str
    label: str
    packs: tuple[str, ...] | None = None
    rules: tuple[str, ...] = ()
    params: tuple[tuple[str, float], ...] = ()
    as_of: dt.date | None = None
    language: Language = "zh"
    #: The path as the user wrote it (the entry's folder and the path in it), for messages.
    written: str = ""


@dataclass
class Done:
    """What a task sends back: the report, or the problems that stopped the
    province; the model's name, the seconds it took (wall and CPU: on a busy
    machine only the CPU seconds compare) and its process's peak memory."""

    report: Report | None
    problems: list[ErrorItem] = field(default_factory=list)
    name: str | None = None
    seconds: float = 0.0
    peak_mb: float = 0.0
    cpu_seconds: float = 0.0
    #: The ids the load could not resolve, each with the indexes of its problems.
    unknown: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Found:
    """An id found in a province: which section holds it and what it is called."""

    id: str
    section: str
    name: str


def check_province(job: Job) -> Done:
    """Load and check one province (in the worker): the report, or the
    problems (a load's, or a top division that is not a city)."""
    from partygraph.io.load import load
    from partygraph.rules.check import check

    start, cpu = time.perf_counter(), time.process_time()
    with use_language(job.language):
        try:
            with collecting() as unresolved:
                model = load(job.path)
        except ConfigError as exc:
            problems = list(exc.errors)
            seconds = time.perf_counter() - start
            return Done(None, problems, seconds=seconds, unknown=unknown_ids(problems, unresolved))
        problems = _not_a_province(model, job)
        if problems:
            return Done(None, problems, model.name, time.perf_counter() - start)
        report = check(
            model,
            packs=None if job.packs is None else list(job.packs),
            rules=list(job.rules),
            params=dict(job.params) or None,
            as_of=job.as_of,
        )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Done(report, [], model.name, seconds, _peak_mb(), cpu)


def _not_a_province(model: Model, job: Job) -> list[ErrorItem]:
    """A province has cities; with codes as ids, its cities' codes begin
    with the province's two digits."""
    roots = [d for d in model.divisions if d.parent is None]
    label = job.label if job.label != job.id else model.name
    path = job.written or job.path
    where = ErrorItem(path, None, None, "divisions", "")
    if not roots:
        return [_at(where, tr("nation.no_cities", province=label, path=path))]
    out = []
    code = job.id[:2] if re.fullmatch(r"\d{2}(\d{4})?", job.id) else None
    for d in roots:
        # A top division that is not a city fails the load (its parent is required).
        if code is not None and d.id.isdigit() and not d.id.startswith(code):
            message = tr(
                "nation.city_elsewhere",
                province=label,
                path=path,
                id=d.id,
                name=d.name,
                code=code,
            )
            out.append(_at(where, message))
    return out


def _at(item: ErrorItem, message: str) -> ErrorItem:
    return ErrorItem(item.file, item.line, item.column, item.field, message)


def _peak_mb() -> float:
    """The peak resident memory of this process so far, in MB (0 where unknown):
    ``VmHWM``, which belongs to the process image (``ru_maxrss`` keeps a
    parent's peak across fork and exec)."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def unknown_ids(problems: Sequence[ErrorItem], found: Sequence[Unresolved]) -> dict[str, list[int]]:
    """The ids a load could not resolve (``found``, as the loader noted them:
    :mod:`partygraph.io.unresolved`), each with the indexes of the problems
    it made: the problem says the loader's sentence, or ends with it when the
    loader passed it on under a prefix of its own (the including file's).

    >>> from partygraph.io.unresolved import Unresolved
    >>> said = "找不到编号 ‘43-u01’：units 里没有它"
    >>> unit = ErrorItem("m.yaml", 3, 9, "pairings[0].unit", said)
    >>> other = ErrorItem("m.yaml", 5, 9, "grids[0].name", "缺少 name")
    >>> unknown_ids([other, unit], [Unresolved("43-u01", "units", said)])
    {'43-u01': [1]}
    """
    out: dict[str, list[int]] = {}
    by_message = {u.message: u.id for u in found}
    for i, item in enumerate(problems):
        target = by_message.get(item.message)
        if target is None:
            target = next((u.id for u in found if item.message.endswith(u.message)), None)
        if target is not None:
            out.setdefault(target, []).append(i)
    return out


def find_ids(path: str, ids: Sequence[str]) -> list[Found]:
    """Which of ``ids`` the province at ``path`` holds (in the worker): its
    structure entities and the rows of its bulk tables.  A province that does
    not load is read without checking (:func:`partygraph.io.source.collect`),
    its sections only."""
    from partygraph.io.load import load

    wanted = set(ids)
    try:
        model = load(path)
    except ConfigError:
        return _written_ids(Path(path), wanted)
    found = [
        Found(e.id, section, e.name)
        for section in SECTIONS
        for e in model.section(section)
        if e.id in wanted
    ]
    for name, table in model.population.tables.items():
        if not table.spec.has_ids or not len(table):
            continue
        col = table["id"]
        names = table.columns.get("name")
        for i in _rows_with(col, wanted):
            row_id = str(col[i])
            found.append(Found(row_id, name, str(names[i]) if names is not None else row_id))
    return found


def _rows_with(col: object, wanted: set[str]) -> list[int]:
    import numpy as np

    mask = np.isin(np.asarray(col, dtype=object), list(wanted))
    return [int(i) for i in np.flatnonzero(mask)]


def _written_ids(path: Path, wanted: set[str]) -> list[Found]:
    from partygraph.io.source import Entry, collect

    try:
        coll = collect(path)
    except ConfigError:
        return []
    found = []
    for section in SECTIONS:
        for item in coll.items[section]:
            if isinstance(item, Entry):
                rows = [(item.node.get("id"), item.node.get("name"))]
            else:
                rows = list(
                    zip(item.columns.get("id", []), item.columns.get("name", []), strict=False)
                )
            found += [
                Found(str(i).strip(), section, str(n or i))
                for i, n in rows
                if isinstance(i, str) and i.strip() in wanted
            ]
    return found
