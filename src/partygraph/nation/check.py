"""Check a national model province by province, here or on Dask, and merge.

:func:`check_nation` reads the nation entry (:mod:`~partygraph.nation.entry`),
runs one task per province (:func:`~partygraph.nation.province.check_province`:
the worker loads and checks its province from the path it is sent) and merges
the reports (:mod:`~partygraph.nation.merge`).  With no workers and no
scheduler the provinces are checked one after another in this process and Dask
is not imported; otherwise on Dask distributed: a ``LocalCluster`` of
``workers`` processes on this machine, or the cluster whose scheduler is at
``scheduler`` (docs/nation.md says how to start one).

A province that does not load stops the check: every province's problems are
raised together, each prefixed with its province, and an id one province
cannot find that another province holds is said as a reference across
provinces, naming both ends (:mod:`~partygraph.nation.cross`).

Examples
--------
>>> import tempfile, pathlib
>>> from partygraph.nation.entry import entry_text
>>> with tempfile.TemporaryDirectory() as d:
...     entry = pathlib.Path(d) / "nation.yaml"
...     model = pathlib.Path("tests/fixtures/rules/model.yaml").resolve()
...     _ = entry.write_text(entry_text(("000000", "全国"), [("44", "甲省", str(model))]))
...     report = check_nation(entry)
>>> [(c.level, c.node.name) for c in report.coverage_of("000000", "household.grid")]
[('nation', '全国')]
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from partygraph.errors import ConfigError, ErrorItem, PartygraphError
from partygraph.i18n import language, tr
from partygraph.model.report import NodeRef, Report
from partygraph.nation.cross import across_provinces
from partygraph.nation.entry import NationEntry, ProvinceEntry, read_entry
from partygraph.nation.merge import NATION, PROVINCE, merge
from partygraph.nation.province import Done, Job, check_province

__all__ = ["MAX_WORKERS", "check_nation", "province_jobs", "run_jobs"]

#: The most local workers ``--workers`` starts (a typo must not fork a thousand).
MAX_WORKERS = 256

#: Runs a function over jobs and returns the results in the jobs' order.
Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]


def check_nation(
    entry: str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    packs: Sequence[str] | None = None,
    rules: Sequence[str | os.PathLike[str]] = (),
    params: dict[str, float] | None = None,
    as_of: dt.date | None = None,
    timings: list[Done] | None = None,
    phases: dict[str, float] | None = None,
) -> Report:
    """Check every province of the nation entry at ``entry`` and merge the reports.

    Parameters
    ----------
    entry
        The nation entry file.
    workers
        Local Dask worker processes; ``None`` or 1 without ``scheduler``: the
        provinces one after another in this process, without Dask.
    scheduler
        The address of a running Dask scheduler (``tcp://HOST:8786``); its
        workers must be able to read the province files at the same paths.
    packs, rules, params, as_of
        As for :func:`partygraph.check`, for every province.
    timings
        When given, receives each province's :class:`~partygraph.nation.province.Done`
        (seconds and peak memory), in the entry's order.
    phases
        When given, receives the wall seconds of each phase: ``start`` (the
        cluster's, 0 without Dask), ``tasks`` (the provinces, from the first
        sent to the last back), ``close`` (the cluster's) and ``merge``.

    Returns
    -------
    Report
        Findings of every province, coverage of every province's divisions
        plus one row per rule for each province and the nation (levels
        ``province`` and ``nation``), candidates, load and single points per
        province.

    Raises
    ------
    ConfigError
        A bad entry, or a province that does not load (each problem prefixed
        with its province), a reference across provinces naming both ends.
    PartygraphError
        Dask is needed and not installed, or the scheduler cannot be reached.
    """
    nation = read_entry(entry)
    jobs = province_jobs(nation, packs, rules, params, as_of)
    clock = [time.perf_counter()]
    with _mapper(workers, scheduler) as mapper:
        clock.append(time.perf_counter())
        done: list[Done] = mapper(check_province, jobs)
        clock.append(time.perf_counter())
        if any(d.report is None for d in done):
            raise ConfigError(_problems(nation, done, mapper))
    clock.append(time.perf_counter())
    if timings is not None:
        timings.extend(done)
    top = NodeRef(id=nation.id, kind=NATION, name=nation.name)
    reports = []
    for p, d in zip(nation.provinces, done, strict=True):
        assert d.report is not None
        reports.append((NodeRef(id=p.id, kind=PROVINCE, name=p.label(d.name)), d.report))
    merged = merge(top, reports)
    if phases is not None:
        clock.append(time.perf_counter())
        names = ("start", "tasks", "close", "merge")
        phases.update({n: b - a for n, a, b in zip(names, clock, clock[1:], strict=False)})
    return merged


def province_jobs(
    nation: NationEntry,
    packs: Sequence[str] | None = None,
    rules: Sequence[str | os.PathLike[str]] = (),
    params: dict[str, float] | None = None,
    as_of: dt.date | None = None,
) -> list[Job]:
    """One job per province: paths made absolute, so any worker can open them."""
    return [
        Job(
            os.fspath(Path(p.path).resolve()),
            p.id,
            p.label(),
            None if packs is None else tuple(packs),
            tuple(os.fspath(Path(r).resolve()) for r in rules),
            tuple(sorted((params or {}).items())),
            as_of,
            language(),
            os.fspath(p.path),
        )
        for p in nation.provinces
    ]


def run_jobs(
    fn: Callable[[Any], Any], jobs: Sequence[Any], workers: int | None, scheduler: str | None
) -> list[Any]:
    """``fn`` over ``jobs`` as :func:`check_nation` runs them (for benchmarks)."""
    with _mapper(workers, scheduler) as mapper:
        return mapper(fn, jobs)


@contextmanager
def _mapper(workers: int | None, scheduler: str | None) -> Iterator[Mapper]:
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise PartygraphError(tr("nation.bad_workers", max=MAX_WORKERS, value=workers))
    if scheduler is None and (workers is None or workers == 1):
        yield lambda fn, jobs: [fn(j) for j in jobs]
        return
    from partygraph.nation.cluster import dask_mapper

    with dask_mapper(workers, scheduler) as mapper:
        yield mapper


def _problems(nation: NationEntry, done: list[Done], mapper: Mapper) -> list[ErrorItem]:
    """Every failed province's problems, a reference across provinces said as one."""
    labels = [p.label(d.name) for p, d in zip(nation.provinces, done, strict=True)]
    crossing = across_provinces(nation.provinces, labels, done, mapper)
    out: list[ErrorItem] = []
    for p, label, d in zip(nation.provinces, labels, done, strict=True):
        for item in d.problems:
            message = crossing.get(item) or item.message
            if item not in crossing and d.name is None:  # a load's problem: say whose
                message = _prefixed(p, label, message)
            out.append(ErrorItem(_shown(item.file), item.line, item.column, item.field, message))
    return out


def _shown(file: str | None) -> str | None:
    """A worker's absolute path as the user would write it: relative to here when under it."""
    if file is None or not Path(file).is_absolute():
        return file
    here = os.fspath(Path.cwd())
    return os.path.relpath(file, here) if file.startswith(here + os.sep) else file


def _prefixed(p: ProvinceEntry, label: str, message: str) -> str:
    return tr("nation.province_failed", province=label, path=os.fspath(p.path), problem=message)
