"""Files written whole or not at all: every writer of partygraph goes through here.

Writers (the dump, the report, diagrams, exports) import only this module of
:mod:`partygraph.io`, never the loader.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["write_atomic"]


@contextmanager
def write_atomic(path: Path, *, binary: bool = False) -> Iterator[Any]:
    """Write ``path`` via a temporary file beside it: all or nothing.

    The temporary file is created with the usual mode (``0o666`` less the umask)
    and renamed over ``path`` only when the block ends without an error.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "out.txt"
    ...     with write_atomic(p) as f:
    ...         _ = f.write("完整")
    ...     p.read_text(encoding="utf-8")
    '完整'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        f: Any = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with f:
            yield f
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
