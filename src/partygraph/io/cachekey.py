"""What the caches share, and nothing heavy: where a model's caches are, when
they are used, the stamp of the code, the content digest of a file.

:mod:`partygraph.io.cache` (the loaded model) and
:mod:`partygraph.io.resultcache` (a check's output) both build on this module;
it imports only the standard library and :mod:`partygraph.i18n`, so that a
check answered from its result cache starts no numpy, pydantic or Arrow.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     p = Path(d) / "a.csv"
...     _ = p.write_bytes(b"id\\n1\\n")
...     digest(p)[:16], len(digest(p))
('7cde7fb64fd82bd1', 64)
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from partygraph.i18n import tr

__all__ = [
    "DIR_NAME",
    "MIN_BYTES",
    "Digests",
    "base_key",
    "code_stamp",
    "digest",
    "disabled",
    "folder_for",
    "tell",
    "telling",
]

#: The folder beside the entry file that holds the caches of its models.
DIR_NAME = ".partygraph-cache"
#: Bytes of files read from which a load writes a cache unless told.
MIN_BYTES = 20 * 2**20
_CHUNK = 8 << 20

_TELL: ContextVar[Callable[[str], None] | None] = ContextVar("partygraph_cache", default=None)


@contextmanager
def telling(say: Callable[[str], None]) -> Iterator[None]:
    """Inside the block, ``say`` is given a sentence about each use of the cache
    (read, written, ignored and why): what ``--verbose`` prints."""
    token = _TELL.set(say)
    try:
        yield
    finally:
        _TELL.reset(token)


def tell(key: str, **params: Any) -> None:
    """Say ``tr(key, **params)`` to whoever listens (:func:`telling`)."""
    say = _TELL.get()
    if say is not None:
        say(tr(key, **params))


def disabled(cache: bool | None) -> bool:
    """Whether no cache is read or written: ``cache=False`` (``--no-cache``),
    or the default with ``PARTYGRAPH_NO_CACHE`` set (to anything but ``0``)."""
    off = os.environ.get("PARTYGRAPH_NO_CACHE", "") not in ("", "0")
    return cache is False or (cache is None and off)


def folder_for(path: Path) -> Path:
    """The cache folder of the model whose entry file is ``path``.

    >>> folder_for(Path("data/阳江.yaml")).relative_to(Path.cwd()).as_posix()
    'data/.partygraph-cache/阳江'
    """
    root = os.environ.get("PARTYGRAPH_CACHE_DIR")
    where = path.absolute()
    if root:
        named = hashlib.blake2b(os.fsencode(where), digest_size=8).hexdigest()
        return Path(root) / f"{path.stem}-{named}"
    return where.parent / DIR_NAME / path.stem


_stamp: list[str] = []


def code_stamp() -> str:
    """A digest of the names, sizes and times of every file of partygraph's
    source (its modules and its packs): a cache written by other code (an
    edited checkout, another install) is not read.  About 200 ``stat`` calls,
    2 ms."""
    if not _stamp:
        package = Path(__file__).resolve().parents[1]
        h = hashlib.blake2b(digest_size=16)
        for top, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(n for n in names if not n.endswith((".pyc", ".pyo"))):
                p = Path(top, name)
                st = p.stat()
                h.update(f"{p.relative_to(package)}:{st.st_size}:{st.st_mtime_ns};".encode())
        _stamp.append(h.hexdigest())
    return _stamp[0]


def base_key(fmt: int, entry: Path) -> dict[str, Any]:
    """What both caches' keys begin with: the cache's format, partygraph's
    version and code, and the entry file as named and where it is.

    Examples
    --------
    >>> sorted(base_key(1, Path("阳江.yaml")))
    ['code', 'entry', 'format', 'version', 'where']
    """
    from partygraph import __version__

    return {
        "format": fmt,
        "version": __version__,
        "code": code_stamp(),
        "entry": str(entry),
        "where": str(entry.absolute()),
    }


#: Digests taken by this process, by file and the file's state (device, inode,
#: size, modification and change times): the load cache and the result cache
#: of one check digest each file read once.  A file written since has another
#: change time, which no program can set back.
_taken: dict[tuple[str, int, int, int, int, int], str] = {}


def digest(path: Path) -> str:
    """The SHA-256 of a regular file's content (opened without blocking and
    checked: a file swapped for a FIFO since must not hang the load).

    SHA-256, not BLAKE2b: with the SHA instructions of today's processors it
    takes 62 MB in 0.09 s, BLAKE2b in 0.17 s (docs/performance.md)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"{path}: not a regular file")
        state = (os.fspath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        if state in _taken:
            return _taken[state]
        h = hashlib.sha256()
        # Large blocks: between two, the thread waits for the GIL (up to 5 ms
        # while the reader builds the model); 256 KB blocks made it wait 0.4 s.
        block = bytearray(min(_CHUNK, st.st_size + 1))
        view = memoryview(block)
        while n := f.readinto(block):
            h.update(view[:n])
        _taken[state] = h.hexdigest()
        return _taken[state]


class Digests:
    """The digests of files, taken in ``threads`` threads (hashlib lets go of
    the GIL): :meth:`result` waits for them, in the order of ``paths``."""

    def __init__(self, paths: list[Path], threads: int = 1) -> None:
        self.digests: list[str] = [""] * len(paths)
        self.failed: BaseException | None = None
        # The largest files first, dealt round: the threads end near together.
        order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
        self.threads = [
            threading.Thread(target=self._run, args=(paths, order[k::threads]), daemon=True)
            for k in range(max(1, threads))
        ]
        for t in self.threads:
            t.start()

    def _run(self, paths: list[Path], which: list[int]) -> None:
        try:
            for i in which:
                self.digests[i] = digest(paths[i])
        except BaseException as exc:  # given to the reader, which ignores the cache
            self.failed = exc

    def result(self) -> list[str]:
        for t in self.threads:
            t.join()
        if self.failed is not None:
            raise self.failed
        return self.digests


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
