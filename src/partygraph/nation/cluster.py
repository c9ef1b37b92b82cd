"""Dask distributed, imported only here and only when asked for.

:func:`dask_mapper` yields a function that runs a task per job on a cluster
and gathers the results in the jobs' order: on a ``LocalCluster`` of
``workers`` processes started for the check (one thread each: a check holds
the interpreter's lock most of the time, so threads would not run provinces
side by side) and closed after it, or on the cluster whose scheduler is at
``scheduler``.  Without the ``dask`` extra the message says what to install.

A local worker is set up to share the machine, not to fight over it
(:func:`worker_settings`): the native thread pools of a worker (Arrow's CSV
reader, BLAS) get the cores divided by the workers, so two workers on two
cores do not run four threads; and the worker's statistical profiler (a
thread that samples every task's stack each 10 ms, for the dashboard we do
not start) is off; a worker imports the loader and the checker when it
starts (:data:`PRELOAD`), so the cluster's start holds that, not the first
province.  Workers of a running scheduler are set up by whoever started
them (docs/nation.md).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from partygraph.errors import PartygraphError
from partygraph.i18n import tr

__all__ = ["INSTALL", "PRELOAD", "dask_mapper", "scheduler_address", "worker_settings"]

#: What installs the ``dask`` extra.
INSTALL = 'pip install "partygraph[dask]"'
#: What a worker process imports when it starts, beside the others' start,
#: rather than in its first province.
PRELOAD = ("partygraph.io.load", "partygraph.rules.check")
#: How a scheduler's address begins (``tcp://10.0.0.5:8786``).
_ADDRESS = re.compile(r"^(tcp|tls|ucx|inproc)://\S+$")


def scheduler_address(text: str) -> str:
    """A scheduler's address as written, or a clear error.

    >>> scheduler_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> scheduler_address("10.0.0.5")
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: --scheduler 应写调度器地址，例如 ...，不是 ‘10.0.0.5’
    """
    if not _ADDRESS.match(text.strip()):
        raise PartygraphError(tr("nation.bad_scheduler", value=text))
    return text.strip()


def worker_settings(
    workers: int, cores: int | None = None
) -> tuple[dict[str, str], dict[str, Any]]:
    """The environment and the Dask settings of ``workers`` local workers on
    ``cores`` cores (this machine's when ``None``).

    The native pools read their size from the environment when they start:
    Arrow's CPU pool from ``OMP_NUM_THREADS``, its IO pool from
    ``ARROW_IO_THREADS``.

    >>> env, config = worker_settings(2, cores=2)
    >>> env["OMP_NUM_THREADS"], env["ARROW_IO_THREADS"]
    ('1', '1')
    >>> worker_settings(1, cores=8)[0]["OMP_NUM_THREADS"]
    '8'
    >>> config
    {'distributed.worker.profile.enabled': False}
    """
    threads = str(max(1, (cores or os.cpu_count() or 1) // max(1, workers)))
    names = (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "ARROW_IO_THREADS",
    )
    env = dict.fromkeys(names, threads)
    return env, {"distributed.worker.profile.enabled": False}


@contextmanager
def dask_mapper(
    workers: int | None, scheduler: str | None, *, processes: bool = True
) -> Iterator[Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]]:
    """A mapper over a Dask cluster (see the module); ``processes=False``
    starts the local workers as threads of this process (quicker to start)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise PartygraphError(tr("nation.no_dask", command=INSTALL)) from None
    cluster = None
    if scheduler is not None:
        address = scheduler_address(scheduler)
        try:
            client = Client(address, timeout="15s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise PartygraphError(tr("nation.no_scheduler", address=address, reason=exc)) from None
    else:
        import dask.config

        env, config = worker_settings(workers or 1)
        # Only a worker process of its own has an environment to set.
        extra: dict[str, Any] = {"env": env, "preload": list(PRELOAD)} if processes else {}
        # A nanny takes Dask's settings with it to its worker when made.
        with dask.config.set(config):
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers or 1,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
                # A worker heartbeating while the cluster closes logs an
                # ERROR traceback that means nothing; a task's error is raised.
                silence_logs=logging.CRITICAL,
                **extra,
            )
        client = Client(cluster)  # type: ignore[no-untyped-call]

    def mapper(fn: Callable[[Any], Any], jobs: Sequence[Any]) -> list[Any]:
        # pure=False: two provinces with equal jobs are still two tasks.
        futures = client.map(fn, list(jobs), pure=False)
        gathered: list[Any] = client.gather(futures)  # type: ignore[no-untyped-call]
        return gathered

    try:
        yield mapper
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
