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
from typing import Any

from partygraph.errors import ConfigError, ErrorItem
from partygraph.i18n import tr
from partygraph.normalised import note

__all__ = [
    "TEXT_ENCODINGS",
    "decode",
    "first_row",
    "read_bytes",
    "read_text",
    "sniff_delimiter",
    "what_it_is",
]


def _error(message: str, name: str, field: str = "") -> ConfigError:
    return ConfigError([ErrorItem(name, None, None, field, message)])


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
    partygraph.errors.ConfigError: /dev/null: 无法读取文件：这是设备，不是普通文件；...
    """
    name = str(path)
    try:
        _check_regular(path.stat(), name, limit, kind)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            _check_regular(st, name, limit, kind)
            raw = _read_bounded(f, st.st_size, limit)
    except ValueError:  # a NUL in the path
        message = tr("load_tables.read_failed", why=tr("load_tables.read_nul"))
        raise _error(message, name) from None
    except OSError as exc:
        raise _error(tr("load_tables.read_failed", why=_why(exc)), name) from None
    if limit is not None and len(raw) > limit:
        raise _error(_too_large(limit, kind), name)
    return raw


def _read_bounded(f: Any, size: int, limit: int | None) -> bytes:
    """The file's bytes, at most ``limit + 1`` of them.

    ``read(n)`` allocates its ``n``-byte buffer first, so asking for the limit
    (4 GiB) would reserve it for a 1 KB table; the file's size is asked for
    instead, and only a file that grew while it was read is read on, in blocks.
    """
    want = size + 1 if limit is None else min(size, limit) + 1
    parts = [f.read(want)]
    total = len(parts[0])
    while total >= want and (limit is None or total <= limit):
        block = f.read(_BLOCK if limit is None else min(_BLOCK, limit + 1 - total))
        if not block:
            break
        parts.append(block)
        total += len(block)
    return parts[0] if len(parts) == 1 else b"".join(parts)


#: How much more is read at a time of a file that grew while it was read.
_BLOCK = 1 << 20


#: What a path that is not a regular file is, by the type bits of its mode.
_NOT_REGULAR = (
    (stat.S_ISDIR, "load_tables.read_folder"),
    (stat.S_ISFIFO, "load_tables.read_fifo"),
    (stat.S_ISCHR, "load_tables.read_device"),
    (stat.S_ISBLK, "load_tables.read_device"),
    (stat.S_ISSOCK, "load_tables.read_socket"),
)


def _check_regular(st: os.stat_result, name: str, limit: int | None, kind: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        key = next(
            (k for test, k in _NOT_REGULAR if test(st.st_mode)), "load_tables.read_not_regular"
        )
        raise _error(tr("load_tables.read_name_a_file", what=tr(key)), name)
    if limit is not None and st.st_size > limit:
        raise _error(_too_large(limit, kind), name)


def _too_large(limit: int, kind: str) -> str:
    return tr(f"load_tables.too_large_{kind}", limit=f"{limit:,}")


def _why(exc: OSError) -> str:
    """Why a file cannot be read, in words (the system's, for the common cases)."""
    if isinstance(exc, FileNotFoundError):
        return tr("load_tables.read_no_such_file")
    if isinstance(exc, IsADirectoryError):
        return tr("load_tables.read_folder")
    if isinstance(exc, PermissionError):
        return tr("load_tables.read_permission")
    if exc.errno == errno.ELOOP:
        return tr("load_tables.read_loop")
    return tr("load_tables.read_system", why=exc.strerror or str(exc))


#: Character sets a table may be written in: Unicode and the Chinese ones.
#: Python's other codecs (``unicode_escape``, ``rot13``, ``base64`` ...) would
#: change the text rather than read it, so they are refused by name.
TEXT_ENCODINGS = frozenset(
    {"ascii", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
     "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp936", "cp950", "hz"}
)  # fmt: skip


def decode(raw: bytes, name: str, encoding: str | None, *, kind: str = "table") -> str:
    r"""Decode ``raw`` strictly: UTF-8 (with or without BOM) unless told otherwise.

    A workbook (.xlsx, .xls) and a UTF-16 file not named as such are
    recognised by their bytes and told apart from a GBK table, each with its
    own advice (see :func:`what_it_is`).

    >>> decode("户".encode("gb18030"), "t.csv", "gb18030")
    '户'
    >>> decode(b"x", "t.csv", "unicode_escape")
    Traceback (most recent call last):
    ...
    partygraph.errors.ConfigError: t.csv: encoding: “unicode_escape” 不是表格可用的字符编码...
    >>> decode(b"PK\x03\x04...", "t.csv", None)
    Traceback (most recent call last):
    ...
    partygraph.errors.ConfigError: t.csv: 这是 Excel 工作簿，不是 CSV：...
    """
    codec = encoding or "utf-8-sig"
    try:
        if codecs.lookup(codec).name not in TEXT_ENCODINGS:
            message = tr("load_tables.encoding_not_charset", encoding=encoding)
            raise _error(message, name, "encoding")
    except LookupError:
        raise _error(
            tr("load_tables.encoding_unknown", encoding=encoding), name, "encoding"
        ) from None
    found = what_it_is(raw)
    if found is not None and not (found.startswith("utf-16") and _is_utf16(codec)):
        raise _error(_advice(found, kind, encoding), name)
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if encoding is not None:
            hint = tr("load_tables.encoding_not_valid", encoding=encoding)
        else:
            hint = tr(f"load_tables.encoding_not_utf8_{kind}")
        raise ConfigError([ErrorItem(name, line, None, "", hint)]) from None
    return text.removeprefix("\ufeff")


def _is_utf16(codec: str) -> bool:
    try:
        return codecs.lookup(codec).name.startswith("utf-16")
    except LookupError:
        return False


def _advice(found: str, kind: str, encoding: str | None) -> str:
    if found == "workbook":
        example = "households: {table: 户.xlsx, sheet: 户}"
        return tr(f"load_tables.encoding_workbook_{kind}", example=example)
    if kind == "yaml":
        return tr("load_tables.encoding_utf16_yaml")
    return tr("load_tables.encoding_utf16_table", codec=found)


#: The first bytes of an .xlsx (and .ods, .xlsb: a zip) and of an .xls (OLE2).
_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
#: Bytes looked at for the NUL pattern of UTF-16 without a BOM.
_SAMPLE = 4096


def what_it_is(raw: bytes) -> str | None:
    r"""What a file that should be text is by its bytes: ``"workbook"``,
    ``"utf-16"`` (a BOM), ``"utf-16-le"``/``"utf-16-be"`` (no BOM: every
    other byte NUL, as ASCII text in UTF-16 is), or ``None`` (text).

    Examples
    --------
    >>> what_it_is("id,名称".encode("utf-16")), what_it_is("id,name".encode("utf-16-be"))
    ('utf-16', 'utf-16-be')
    >>> what_it_is(b"PK\x03\x04\x14\x00"), what_it_is("id,名称".encode())
    ('workbook', None)
    """
    if raw.startswith(_WORKBOOK_SIGNATURES):
        return "workbook"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not raw.startswith(
        codecs.BOM_UTF32_LE
    ):
        return "utf-16"
    sample = raw[:_SAMPLE]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    # a NUL or two in UTF-8 text (a hostile cell) is not UTF-16: most pairs must have one
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > 0.4 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.4 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


#: Bytes read to find a table's header line.
_HEAD_BYTES = 64 * 1024


def first_row(path: Path, encoding: str | None) -> str | None:
    """The first line of a table, to decide how to read it before reading it
    (``None``: not a regular file, or not readable as text; reading it says why).

    Only a regular file is opened, and only its first 64 KiB are read.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        with path.open("rb") as f:
            head = f.read(_HEAD_BYTES)
    except (OSError, ValueError):
        return None
    try:
        codec = codecs.lookup(encoding or "utf-8-sig")
        found = what_it_is(head)
        if codec.name not in TEXT_ENCODINGS or (
            found is not None and not (found.startswith("utf-16") and _is_utf16(codec.name))
        ):
            return None  # reading the file says what is wrong
        # incremental: the 64 KiB may end inside a character
        text = codec.incrementaldecoder().decode(head)
    except (LookupError, UnicodeDecodeError):
        return None
    return text.split("\n", 1)[0].removeprefix("\ufeff").rstrip("\r")


def sniff_delimiter(header: str | None, file: str, field: str) -> str:
    r"""A tab when the header has tabs and no commas (recorded), else a comma.

    >>> sniff_delimiter("编号\t名称", "t.csv", "units.delimiter") == "\t"
    True
    >>> sniff_delimiter("id,name\tx", "t.csv", "units.delimiter")
    ','
    """
    if header is not None and "\t" in header and "," not in header:
        note(file, 1, None, field, tr("load_tables.encoding_tabs_written"), '"\\t"', TABS)
        return "\t"
    return ","


#: Why a table was read as tab-delimited (the normalisation record's reason).
TABS = "制表符分隔"
