"""Dask distributed, imported only here and only when asked for.

:func:`dask_mapper` yields a function that runs a task per job on a cluster
and gathers the results in the jobs' order: on a ``LocalCluster`` of
``workers`` processes started for the check (one thread each: a check holds
the interpreter's lock most of the time, so threads would not run provinces
side by side) and closed after it, or on the cluster whose scheduler is at
``scheduler``.  Without the ``dask`` extra the message says what to install.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from partygraph.errors import PartygraphError
from partygraph.i18n import tr

__all__ = ["INSTALL", "dask_mapper", "scheduler_address"]

#: What installs the ``dask`` extra.
INSTALL = 'pip install "partygraph[dask]"'
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
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers or 1,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            silence_logs=logging.ERROR,
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
