"""The result cache: what a ``partygraph check`` wrote, kept to be written again.

The load cache (:mod:`partygraph.io.cache`) spares a check the reading of its
files; what is left (starting Python's libraries, the rules, the report) is
still a second at a million households.  When nothing that decides the
output has changed, the output is the same: so a check keeps what it wrote
in ``.partygraph-cache/<stem>/results/`` beside the load cache, one file per
question, and the next check that asks the same question of the same files
writes it again, without loading the model, running the rules or rendering
the report, and without importing numpy, pydantic or Arrow.

A question (the *key*) is partygraph's version and code stamp
(:func:`~partygraph.io.cachekey.code_stamp`: every source file and pack of
the package), this format, the entry file as named and where it is, the
language, the options the caller gives (packs, parameters, scope, date,
sections, depth, format, where the output goes) and the files named by them
(``--rules`` files), as named and where they are.  An entry answers it when its
key is the same, every file the model was read from and every file the
options named has the size and SHA-256 digest it had (the digests are taken
in two threads), and what was written has its own size and digest.  Anything
else — no entry, another key, a file changed, an entry truncated or
corrupt — is a miss: the caller does the work and stores its output anew.
Entries are written whole to a temporary file renamed over the entry, so a
reader sees the old one, the new one or none; at most :data:`KEEP` entries
stay per model, the oldest removed.  The cache is on and off with the load
cache (:func:`~partygraph.io.cachekey.disabled`), and writes an entry only
for a model whose files come to :data:`~partygraph.io.cachekey.MIN_BYTES`
(unless ``cache=True``).  See docs/cache.md.

Examples
--------
>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> entry = d / "model.yaml"
>>> _ = entry.write_text("name: 示例市\\n", encoding="utf-8")
>>> ask = {"format": "text"}
>>> lookup(entry, ask, [], cache=True) is None                  # nothing yet
True
>>> store(entry, ask, [], cache=True, read=[entry], output=b"ok\\n", errors=0)
>>> lookup(entry, ask, [], cache=True).output                   # the same question
b'ok\\n'
>>> lookup(entry, {"format": "json"}, [], cache=True) is None  # another one
True
>>> _ = entry.write_text("name: 示例县\\n", encoding="utf-8")
>>> lookup(entry, ask, [], cache=True) is None                  # a file changed
True
>>> import shutil; shutil.rmtree(d)
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partygraph.i18n import language
from partygraph.io.cachekey import MIN_BYTES, Digests, base_key, digest, disabled, folder_for

__all__ = ["FORMAT", "KEEP", "Answer", "Output", "lookup", "store"]

#: What a check wrote: its bytes, or a function reading them back (called only
#: when they are kept; ``None`` from it: nothing to keep).
Output = bytes | Callable[[], bytes | None]

#: The layout of an entry; an entry of another format is not read.
FORMAT = 1
#: Entries kept per model (each question asked of it is one).
KEEP = 16
_FOLDER = "results"


@dataclass(frozen=True)
class Answer:
    """What a check wrote, and what it said: the bytes written (``output``),
    the files the model was read from (``read``, as the load gave them), the
    number of error findings (the exit code), anything else the caller kept
    (``said``: the format's name, the summary line) and the warnings shown."""

    output: bytes
    read: list[Path]
    errors: int
    said: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def lookup(
    entry: Path, options: dict[str, Any], inputs: list[Path], *, cache: bool | None
) -> Answer | None:
    """The answer stored for this question, if every file it depends on is as
    it was; ``None`` otherwise (never an error: a bad entry is a miss)."""
    if disabled(cache) or not (folder_for(entry) / _FOLDER).is_dir():
        return None  # (a small model's check stamps no code)
    key = _key(entry, options, inputs)
    if key is None:
        return None
    try:
        return _read(_path(entry, key), key)
    except Exception:  # a damaged entry, a file gone: the work is done again
        return None


def store(
    entry: Path,
    options: dict[str, Any],
    inputs: list[Path],
    *,
    cache: bool | None,
    read: list[Path],
    output: Output,
    errors: int,
    said: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
) -> None:
    """Keep ``output`` as the answer to this question; a cache that cannot be
    written is no cache (nothing is raised)."""
    if disabled(cache):
        return
    sources = list(dict.fromkeys(p.resolve() for p in [*read, *inputs]))
    try:
        if cache is not True and sum(p.stat().st_size for p in sources) < MIN_BYTES:
            return
        key = _key(entry, options, inputs)
        if key is None:  # before the output is read back (a province's: a gigabyte)
            return
        data = output() if callable(output) else output
        if data is None:  # not a regular file: nothing to write again
            return
        head = {
            "key": key,
            "sources": [[str(p), p.stat().st_size, digest(p)] for p in sources],
            "read": [str(p) for p in read],
            "errors": errors,
            "said": said or {},
            "warnings": warnings or [],
            "size": len(data),
            "digest": hashlib.sha256(data).hexdigest(),
        }
        line = json.dumps(head, ensure_ascii=False).encode()
        _write(_path(entry, key), line + b"\n" + data)
    except Exception:  # a full disk, a file gone: this answer is not kept
        return


def _key(entry: Path, options: dict[str, Any], inputs: list[Path]) -> dict[str, Any] | None:
    try:
        named = [[str(p), str(p.absolute())] for p in inputs]
    except OSError:  # the working folder is gone
        return None
    return {**base_key(FORMAT, entry), "language": language(), "options": options, "inputs": named}


def _path(entry: Path, key: dict[str, Any]) -> Path:
    text = json.dumps(key, ensure_ascii=False, sort_keys=True)
    return folder_for(entry) / _FOLDER / hashlib.sha256(text.encode()).hexdigest()[:32]


def _read(path: Path, key: dict[str, Any]) -> Answer | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    line, _, output = data.partition(b"\n")
    head = json.loads(line)
    if head["key"] != key or len(output) != head["size"]:
        return None
    sources = head["sources"]
    for name, size, _ in sources:
        st = Path(name).stat()
        if st.st_size != size or not stat.S_ISREG(st.st_mode):
            return None
    taken = Digests([Path(name) for name, _, _ in sources], threads=2)
    mine = hashlib.sha256(output).hexdigest()
    if taken.result() != [d for _, _, d in sources] or mine != head["digest"]:
        return None
    return Answer(
        output,
        [Path(p) for p in head["read"]],
        int(head["errors"]),
        dict(head["said"]),
        [str(w) for w in head["warnings"]],
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)  # the commit: the entry is whole, or the old one
    finally:
        tmp.unlink(missing_ok=True)
    _tidy(path.parent)


def _tidy(folder: Path) -> None:
    """Keep the :data:`KEEP` newest entries (temporary files an hour old go too)."""
    entries: list[tuple[float, Path]] = []
    for p in folder.iterdir():
        try:
            entries.append((p.stat().st_mtime, p))
        except OSError:
            continue
    entries.sort(reverse=True)
    old = [p for _, p in entries if not p.name.startswith(".")][KEEP:]
    newest = entries[0][0] if entries else 0.0
    old += [p for t, p in entries if p.name.startswith(".") and newest - t > 3600]
    for p in old:
        with suppress(OSError):  # another process took it first
            p.unlink()
