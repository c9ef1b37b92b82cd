"""Reading a file's bytes and text, for YAML files and CSV tables alike.

Only a regular file is read, its type and size checked before it is opened,
and never more than its limit plus one byte: a FIFO would block for ever,
``/dev/zero`` never end, and a 5 GiB table must not be buffered to learn that
it is too large.  Text is decoded strictly (UTF-8 unless told otherwise).

Examples
--------
>>> read_text(Path("tests/fixtures/small/model.yaml"), kind="yaml")[:13]
'# A tiny hand'
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from partygraph.errors import ConfigError, ErrorItem

__all__ = ["decode", "read_bytes", "read_text"]


def _error(message: str, name: str, field: str = "") -> ConfigError:
    return ConfigError([ErrorItem(name, None, None, field, message)])


#: What to do about a file too large or not UTF-8, for YAML files and for CSV tables.
_HINTS = {
    "yaml": (
        "split it into several files joined with `include:`, or move long lists to CSV tables",
        "the file is not UTF-8: save it as UTF-8 (YAML files are always read as UTF-8)",
    ),
    "table": (
        "split the rows over several `table:` sources",
        "the file is not UTF-8 (a spreadsheet export in GBK/GB18030?): save it as "
        "'CSV UTF-8', or add `encoding: gb18030` next to `table:` in the configuration",
    ),
}


def read_text(
    path: Path, *, encoding: str | None = None, limit: int | None = None, kind: str = "table"
) -> str:
    """Read a text file, strictly decoded; a wrong encoding is a :class:`ConfigError`.

    Without ``encoding`` the file must be UTF-8 (a BOM is accepted).  A file
    that is not says how to fix it, e.g. by naming ``encoding: gb18030``;
    ``kind`` (``yaml`` or ``table``) chooses the advice.  Only a regular file
    is read (see :func:`read_bytes`).
    """
    return decode(read_bytes(path, limit=limit, kind=kind), str(path), encoding, kind=kind)


def read_bytes(path: Path, *, limit: int | None = None, kind: str = "table") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else a :class:`ConfigError`.

    The type and size are checked before anything is read: a FIFO would block
    for ever, ``/dev/zero`` never ends, and a 5 GiB table must not be buffered
    to learn that it is too large.  The file is opened non-blocking and checked
    again on the open descriptor (it may have been swapped since), and the read
    still stops one byte past the limit (a file may grow while it is read).

    Examples
    --------
    >>> read_bytes(Path("/dev/null"))
    Traceback (most recent call last):
    ...
    partygraph.errors.ConfigError: /dev/null: cannot read the file: it is a device, ...
    """
    name = str(path)
    try:
        _check_regular(path.stat(), name, limit, kind)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as f:
            _check_regular(os.fstat(f.fileno()), name, limit, kind)
            raw = f.read() if limit is None else f.read(limit + 1)
    except ValueError:  # a NUL in the path
        message = "cannot read the file: the name holds a NUL character"
        raise _error(message, name) from None
    except OSError as exc:
        raise _error(f"cannot read the file: {_why(exc)}", name) from None
    if limit is not None and len(raw) > limit:
        raise _error(_too_large(limit, kind), name)
    return raw


#: What a path that is not a regular file is, by the type bits of its mode.
_NOT_REGULAR = (
    (stat.S_ISDIR, "it is a folder"),
    (stat.S_ISFIFO, "it is a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "it is a device, not a regular file"),
    (stat.S_ISBLK, "it is a device, not a regular file"),
    (stat.S_ISSOCK, "it is a socket, not a regular file"),
)


def _check_regular(st: os.stat_result, name: str, limit: int | None, kind: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        what = next((w for test, w in _NOT_REGULAR if test(st.st_mode)), "not a regular file")
        raise _error(f"cannot read the file: {what}; name a regular file", name)
    if limit is not None and st.st_size > limit:
        raise _error(_too_large(limit, kind), name)


def _too_large(limit: int, kind: str) -> str:
    return f"the file is larger than the limit of {limit:,} bytes; {_HINTS[kind][0]}"


def _why(exc: OSError) -> str:
    """Why a file cannot be read, in words (the system's, for the common cases)."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links; point the link at a file"
    return exc.strerror or str(exc)


#: Character sets a table may be written in: Unicode and the Chinese ones.
#: Python's other codecs (``unicode_escape``, ``rot13``, ``base64`` ...) would
#: change the text rather than read it, so they are refused by name.
TEXT_ENCODINGS = frozenset(
    {"ascii", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
     "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp936", "cp950", "hz"}
)  # fmt: skip


def decode(raw: bytes, name: str, encoding: str | None, *, kind: str = "table") -> str:
    """Decode ``raw`` strictly: UTF-8 (with or without BOM) unless told otherwise.

    >>> decode("户".encode("gb18030"), "t.csv", "gb18030")
    '户'
    >>> decode(b"x", "t.csv", "unicode_escape")
    Traceback (most recent call last):
    ...
    partygraph.errors.ConfigError: t.csv: encoding: ...'unicode_escape' is not a character set...
    """
    codec = encoding or "utf-8-sig"
    try:
        if codecs.lookup(codec).name not in TEXT_ENCODINGS:
            raise _error(
                f"{encoding!r} is not a character set a table can be written in; "
                "use utf-8, gb18030 or utf-16",
                name,
                "encoding",
            )
        text = raw.decode(codec)
    except LookupError:
        raise _error(
            f"unknown encoding {encoding!r}; use utf-8 or gb18030", name, "encoding"
        ) from None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = (
            _HINTS[kind][1]
            if encoding is None
            else f"the file is not valid {encoding}; check the `encoding:` given for it"
        )
        raise ConfigError([ErrorItem(name, line, None, "", hint)]) from None
    return text.removeprefix("\ufeff")
