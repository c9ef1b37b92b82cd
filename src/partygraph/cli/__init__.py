"""The ``partygraph`` command line: one module per sub-command (see :mod:`partygraph.cli.app`).

:func:`main` is the console entry point.  It imports the commands, and through
them the library, *inside* its guard, so that from the first import on:

- Ctrl-C (SIGINT) ends the run with one line, ``partygraph: 已中断
  (interrupted)``, and exit code 130, never a traceback;
- a reader that stops early (``partygraph summary m.yaml --format json | head
  -1``) ends the output, not the run: the rest of the output goes to the null
  device (the recipe of the Python documentation's note on SIGPIPE) and the
  exit code is the one the work earned.

This module imports only what the interpreter has already loaded, so that the
window before the guard is the interpreter's own start.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not ``typing``: see the module docstring; mypy reads it as true
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

__all__ = ["main"]

#: 128 + SIGINT: what a shell reports for a command ended by Ctrl-C.
EXIT_INTERRUPTED = 130
#: A write to a closed pipe that went around the guarded streams (the Python docs' choice).
EXIT_BROKEN_PIPE = 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["validate", "no/such.yaml"])
    2
    """
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _guarded(sys.stdout), _guarded(sys.stderr)
    try:
        from partygraph.cli.app import main as run

        return run(argv)
    except KeyboardInterrupt:
        _say("partygraph: 已中断 (interrupted)")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        for stream in streams:
            _to_devnull(stream)
        return EXIT_BROKEN_PIPE
    finally:
        sys.stdout.flush()  # the last of the output, while a closed pipe is still guarded
        sys.stderr.flush()
        for given, guard in zip(streams, (sys.stdout, sys.stderr), strict=True):
            if given is None:
                guard.close()
        sys.stdout, sys.stderr = streams


def _guarded(stream: Any) -> _Quiet:
    if stream is None:  # its descriptor was closed when Python started (`>&-`)
        stream = os.fdopen(os.open(os.devnull, os.O_WRONLY), "w", encoding="utf-8")
    return _Quiet(stream)


class _Quiet:
    """A stream whose reader may go away: from then on its output is dropped."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._gone = False

    def write(self, data: Any) -> int:
        if not self._gone:
            try:
                return int(self._stream.write(data))
            except BrokenPipeError:
                self._drop()
        return len(data)

    def writelines(self, lines: Iterable[Any]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._drop()
            except (OSError, ValueError):  # closed or detached: nothing left to flush
                pass

    @property
    def buffer(self) -> _Quiet:
        return _Quiet(self._stream.buffer)

    def _drop(self) -> None:
        self._gone = True
        _to_devnull(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _to_devnull(stream: Any) -> None:
    """Point the stream's file descriptor at the null device, so that the
    interpreter's last flush at exit cannot fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no descriptor: nothing will flush to it
        pass


def _say(line: str) -> None:
    import contextlib  # here: it imports collections and functools, too slow for start-up

    with contextlib.suppress(OSError, ValueError):  # stderr itself may be gone
        print(line, file=sys.stderr, flush=True)
