"""The ``partygraph`` command line: one module per sub-command (see :mod:`partygraph.cli.app`).

:func:`main` runs the command line (:func:`entry`, the console script, is
:func:`main` that ignores signals once its work is done).  It imports the commands, and through
them the library, *inside* its guard, so that from the first import on:

- Ctrl-C (SIGINT) ends the run with one line, ``partygraph: 已中断
  (interrupted)``, and exit code 130, never a traceback;
- SIGTERM (``kill``, a service manager stopping the job) ends it the same way,
  ``partygraph: 已终止 (terminated)`` and exit code 143: the signal is turned
  into an exception, so that every ``finally`` runs and a write under way
  removes its temporary file or folder (see ``docs/security.md``);
- a reader that stops early (``partygraph summary m.yaml --format json | head
  -1``) ends the output, not the run: the rest of the output goes to the null
  device (the recipe of the Python documentation's note on SIGPIPE) and the
  exit code is the one the work earned.

This module imports only what the interpreter has already loaded, so that the
window before the guard is the interpreter's own start.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # C module, loaded at start-up (signal imports enum)
import os
import sys

TYPE_CHECKING = False  # not ``typing``: see the module docstring; mypy reads it as true
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

__all__ = ["entry", "kept", "main"]

#: 128 + SIGINT: what a shell reports for a command ended by Ctrl-C.
EXIT_INTERRUPTED = 130
#: 128 + SIGTERM.
EXIT_TERMINATED = 143
#: A write to a closed pipe that went around the guarded streams (the Python docs' choice).
EXIT_BROKEN_PIPE = 1


def main(argv: Sequence[str] | None = None, *, _last: bool = False) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["validate", "no/such.yaml"])
    2
    """
    _process["console"] = _last
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _guarded(sys.stdout), _guarded(sys.stderr)
    previous = _on_sigterm(_terminate)
    try:
        from partygraph.cli.app import main as run

        code = run(argv)
        _settle(_last)
        return code
    except KeyboardInterrupt:
        _settle(_last)
        _say("partygraph: 已中断 (interrupted)")
        return EXIT_INTERRUPTED
    except _Terminated:
        _settle(_last)
        _say("partygraph: 已终止 (terminated)")
        return EXIT_TERMINATED
    except BrokenPipeError:
        _settle(_last)
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
        if _last:  # the console script keeps the signals ignored to the end
            _ignore_signals()
        else:
            _on_sigterm(previous)


def entry() -> int:
    """The console script: :func:`main`, then Ctrl-C and SIGTERM ignored.

    Once the work is done and its exit code earned, a signal that arrives while
    the interpreter frees a large model on its way out must not turn the run
    into one killed by the signal.  (:func:`main` itself leaves the handlers as
    it found them, for use from Python.)
    """
    return main(_last=True)


#: Whether :func:`main` runs as the console script (the process ends with it).
_process = {"console": False}


def kept() -> _Kept:
    """``with kept(): model = load(...)``: for the console script, what exists
    when it begins (the imports) and what is made inside (the model) lives to
    the end of the process: no collection runs inside, and both are left out
    of the collector's later passes (those passes were 0.1 s of validating
    the example).  From Python (:func:`main`), nothing changes.

    >>> with kept():
    ...     pass
    """
    return _Kept()


class _Kept:
    # A class, not ``contextlib.contextmanager``: this module imports nothing
    # the interpreter has not loaded at start-up (see the module docstring).
    def __enter__(self) -> None:
        if _process["console"]:
            import gc  # here: the console script alone

            gc.freeze()
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if _process["console"]:
            import gc

            gc.freeze()
            gc.enable()


def _settle(last: bool) -> None:
    """The exit code is earned: for the console script (``last``), a second
    Ctrl-C or SIGTERM from here on must not turn it into a killed run, and
    what it made is left out of the collector's last pass on the way out
    (over the model, a tenth of validating the example; the output is
    already written and closed, and the objects are freed all the same)."""
    if last:
        _ignore_signals()
        import gc  # here: the console script alone

        gc.freeze()


def _ignore_signals() -> None:
    for name in ("SIGINT", "SIGTERM"):
        number = getattr(_signal, name, None)
        if number is not None:
            _signal.signal(number, _signal.SIG_IGN)


class _Terminated(BaseException):
    """SIGTERM arrived: a :class:`BaseException`, like :class:`KeyboardInterrupt`,
    so that ``except Exception`` does not swallow it and every ``finally`` runs."""


def _terminate(signum: int, frame: Any) -> None:
    raise _Terminated


def _on_sigterm(handler: Any) -> Any:
    """Install ``handler`` for SIGTERM; the one it replaces (``None`` when a
    handler cannot be set: not the main thread, or no SIGTERM on this system)."""
    if handler is None:
        return None
    try:
        return _signal.signal(_signal.SIGTERM, handler)
    except (ValueError, AttributeError, OSError):
        return None


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
