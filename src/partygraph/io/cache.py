"""The load cache: a model loaded from its files, kept to be read back next time.

(Just over 400 lines: the key, the manifest and the reading and writing of
one layout, kept together so that they cannot drift apart.)

A city of a million households is 62 MB of CSV; reading and checking it takes
seconds, reading back what it became takes a fraction of one.  So a load keeps
the model it made in ``.partygraph-cache/<stem>/`` beside the entry file (or
under ``$PARTYGRAPH_CACHE_DIR``), and the next load of the same files reads it:

- ``manifest.json``, written last: the key (partygraph's version, this
  format's, a stamp of partygraph's code, the entry file as named and where
  it is, the language of the notes), every file the load read with its size
  and SHA-256 digest, and every file of the cache with its size and digest;
- ``data-<token>/``, the model: the structure as JSON (validated by pydantic
  again when read: no pickle, whose reading runs code), each column of the
  bulk tables as a ``.npy`` file (numbers and dates, memory-mapped, copy on
  write) or a ``.txt`` file (text, UTF-8, cells separated by NUL, which no
  cell may hold), the normalisation record.

The cache is used only when the key matches and every file read and every
cache file has the size and digest the manifest gives (the digests are taken
in a thread while the cache is read); anything else (a file changed, a cache
half-written, truncated or corrupt, another version) means a load from the
files and a new cache.  The cache never stops a load: whatever goes wrong
with it is said under ``--verbose`` (:func:`telling`) and the files are read.
By default (``cache=None``) a cache is read if there is one and written by a
load whose files come to :data:`MIN_BYTES` or more: a small model loads in
well under a second and its folder stays clean; ``PARTYGRAPH_NO_CACHE=1``
turns the default off (the command line's ``--no-cache`` is ``cache=False``).
``cache=True`` caches any model, ``cache=False`` neither reads nor writes a
cache.  See docs/cache.md.

Examples
--------
>>> import shutil, tempfile
>>> from partygraph.io.load import load
>>> d = Path(tempfile.mkdtemp())
>>> _ = shutil.copytree("tests/fixtures/small", d / "m")
>>> first = load(d / "m/model.yaml", cache=True)      # from the files; cache written
>>> said = []
>>> with telling(said.append):
...     again = load(d / "m/model.yaml", cache=True)  # from the cache
>>> again == first, said[0].startswith("已从缓存读取")
(True, True)
>>> shutil.rmtree(d)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partygraph.i18n import language, tr
from partygraph.io.cachekey import (
    DIR_NAME,
    MIN_BYTES,
    Digests,
    base_key,
    digest,
    disabled,
    folder_for,
    tell,
    telling,
)
from partygraph.normalised import KEEP, Normalised, Record

if TYPE_CHECKING:
    from partygraph.model import Model
    from partygraph.model.population import TableData

__all__ = ["DIR_NAME", "FORMAT", "MIN_BYTES", "folder_for", "load_through", "telling"]

#: The layout of the cache; a cache of another format is not read (2: SHA-256
#: digests, the whole package's code stamp).
FORMAT = 2
#: Seconds after which a data folder no manifest names is removed (a writer
#: renames its folder and writes its manifest within one second of each other).
_STALE = 60.0
_MANIFEST = "manifest.json"

Fresh = Callable[[Path, list[Path], "Record | None"], "Model"]


class _MissError(Exception):
    """The cache cannot be used; the message says why (in the current language)."""


def load_through(
    path: Path,
    fresh: Fresh,
    *,
    cache: bool | None,
    files: list[Path] | None,
    normalised: Record | None,
) -> Model:
    """The model at ``path``, from its cache when it is good, else from ``fresh``
    (``fresh(path, files, record)`` loads from the files), caching it."""
    if disabled(cache):
        return fresh(path, [] if files is None else files, normalised)
    folder = folder_for(path)
    try:
        found = _read(folder, path, normalised is not None)
    except _MissError as exc:
        tell("cache.ignored", folder=folder, why=str(exc))
        found = None
    except Exception as exc:  # a cache that cannot be read is no cache at all
        tell("cache.ignored", folder=folder, why=tr("cache.broken", what=_what(exc)))
        found = None
    if found is not None:
        model, read, record = found
        tell("cache.used", folder=folder)
        _hand_over(read, record, files, normalised)
        return model
    read, record = [], Record()
    try:
        model = fresh(path, read, record)
    finally:  # what was read and noted, even by a load that failed, as without a cache
        _hand_over(read, record, files, normalised)
    if cache is True or _size(read) >= MIN_BYTES:
        _write(folder, path, model, read, record)
    return model


def _hand_over(
    read: list[Path], record: Record, files: list[Path] | None, normalised: Record | None
) -> None:
    if files is not None:
        files += read
    if normalised is not None:
        normalised.counts.update(record.counts)
        normalised.notes += record.notes[: max(KEEP - len(normalised.notes), 0)]


def _what(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def _size(read: list[Path]) -> int:
    total = 0
    for p in set(read):
        with suppress(OSError):
            total += p.stat().st_size
    return total


# -- the key ---------------------------------------------------------------------


def _key(path: Path) -> dict[str, Any]:
    return base_key(FORMAT, path)


# -- reading ---------------------------------------------------------------------


def _read(folder: Path, path: Path, notes: bool) -> tuple[Model, list[Path], Record] | None:
    """The cached model, the files it was read from and its notes; ``None``
    when there is no cache, :class:`_MissError` when it cannot be used."""
    manifest = _manifest(folder, path, notes)
    if manifest is None:
        return None
    sources = manifest["sources"]
    data = folder / manifest["data"]
    stored: dict[str, tuple[int, str]] = {n: (s, d) for n, s, d in manifest["files"]}
    for name, (size, _) in stored.items():
        if (data / name).stat().st_size != size:
            raise _MissError(tr("cache.broken", what=f"{name}: size"))
    checked = Digests([Path(n) for n, _, _ in sources] + [data / n for n in stored])
    try:
        model, record = _model(data, manifest)
    except Exception as exc:  # a damaged file is said as such, before what it broke
        failed: Exception | None = exc
    else:
        failed = None
    digests = checked.result()
    for (name, _, want), got in zip(sources, digests, strict=False):
        if got != want:
            raise _MissError(tr("cache.source_changed", file=name))
    for name, got in zip(stored, digests[len(sources) :], strict=True):
        if got != stored[name][1]:
            raise _MissError(tr("cache.broken", what=name))
    if failed is not None:
        raise failed
    return model, [Path(p) for p in manifest["read"]], record


def _manifest(folder: Path, path: Path, notes: bool) -> dict[str, Any] | None:
    """The manifest, if its key is this load's and no file read has another size."""
    try:
        manifest = json.loads((folder / _MANIFEST).read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        return None  # no cache yet: nothing to say
    if not isinstance(manifest, dict) or manifest.get("key") != _key(path):
        raise _MissError(_changed_key(manifest, path))
    if notes and manifest["language"] not in (None, language()):
        raise _MissError(tr("cache.other_language"))  # a note's words are in the language
    for name, size, _ in manifest["sources"]:
        st = Path(name).stat()
        if st.st_size != size or not stat.S_ISREG(st.st_mode):
            raise _MissError(tr("cache.source_changed", file=name))
    return manifest


def _changed_key(manifest: Any, path: Path) -> str:
    key = manifest.get("key") if isinstance(manifest, dict) else None
    if not isinstance(key, dict):
        return tr("cache.broken", what=_MANIFEST)
    if key.get("entry") != str(path) or key.get("where") != str(path.absolute()):
        return tr("cache.other_entry", entry=key.get("entry"))
    return tr("cache.other_code")


def _model(data: Path, manifest: dict[str, Any]) -> tuple[Model, Record]:
    # The model's classes and the cache's codecs only when a cache is there to
    # read (or a model to write): a small model's load never needs them.
    from partygraph.io import cachedata
    from partygraph.model.population import TABLES, Population

    tables = {name: _table(data, name, meta) for name, meta in manifest["tables"].items()}
    if list(tables) != list(TABLES):
        raise _MissError(tr("cache.broken", what="tables"))
    model = cachedata.decode(json.loads((data / "structure.json").read_bytes()), Population(tables))
    notes = json.loads((data / "notes.json").read_bytes())
    record = Record([Normalised(*n) for n in notes["notes"]])
    record.counts.update(notes["counts"])
    return model, record


def _table(data: Path, name: str, meta: dict[str, Any]) -> TableData:
    from partygraph.io import cachedata
    from partygraph.model.population import TABLES, TableData

    spec = TABLES[name]
    n, located = meta["rows"], meta["located"]
    columns = {c.name: cachedata.load_column(data, f"{name}.{c.name}", n) for c in spec.columns}
    source = cachedata.load_column(data, f"{name}.source", located)
    line = cachedata.load_column(data, f"{name}.line", located)
    return TableData(spec, columns, list(meta["files"]), source, line)


# -- writing ---------------------------------------------------------------------


def _write(folder: Path, path: Path, model: Model, read: list[Path], record: Record) -> None:
    """Write the cache of ``model``; a folder that cannot be written means no
    cache (said under ``--verbose``), never an error."""
    work = folder / f".tmp-{os.getpid()}-{secrets.token_hex(6)}"
    try:
        work.mkdir(parents=True)
    except OSError as exc:
        tell("cache.not_written", folder=folder, why=exc.strerror or _what(exc))
        return
    try:
        manifest = _fill(work, path, model, read, record)
        if manifest is None:
            shutil.rmtree(work, ignore_errors=True)
            return
        data = f"data-{secrets.token_hex(8)}"
        work.rename(folder / data)
        manifest["data"] = data
        tmp = folder / f".{_MANIFEST}.{secrets.token_hex(6)}.part"
        tmp.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        tmp.replace(folder / _MANIFEST)  # the commit: the cache is whole, or the old one
    except Exception as exc:
        shutil.rmtree(work, ignore_errors=True)
        tell("cache.not_written", folder=folder, why=_what(exc))
        return
    tell("cache.written", folder=folder)
    _tidy(folder, data)


def _fill(
    work: Path, path: Path, model: Model, read: list[Path], record: Record
) -> dict[str, Any] | None:
    """Write the model into ``work``; its manifest, or ``None`` if it cannot be
    kept (text holding a NUL, which separates cells)."""
    import numpy as np

    from partygraph.io import cachedata

    try:
        structure = cachedata.encode(model)
    except cachedata.Unsupported:
        return None
    tables: dict[str, Any] = {}
    for name, table in model.population.tables.items():
        for col in table.spec.columns:
            if not cachedata.save_column(work, f"{name}.{col.name}", table.columns[col.name]):
                return None
        cachedata.save_column(work, f"{name}.source", np.asarray(table.source))
        cachedata.save_column(work, f"{name}.line", np.asarray(table.line))
        located = int(np.asarray(table.line).shape[0])
        tables[name] = {"rows": len(table), "located": located, "files": list(table.files)}
    _json(work / "structure.json", structure)
    notes = [list(vars(n).values()) for n in record.notes]
    _json(work / "notes.json", {"notes": notes, "counts": dict(record.counts)})
    unique = list(dict.fromkeys(p.resolve() for p in read))
    return {
        "key": _key(path),
        "language": language() if record.total else None,
        "sources": [[str(p), p.stat().st_size, digest(p)] for p in unique],
        "read": [str(p) for p in read],
        "tables": tables,
        "files": [[p.name, p.stat().st_size, digest(p)] for p in sorted(work.iterdir())],
    }


def _json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _tidy(folder: Path, keep: str) -> None:
    """Remove the data folders no manifest names (and temporary ones a killed
    write left), once they are old enough not to be another writer's."""
    now = time.time()
    try:  # another writer's manifest may have replaced ours since
        named = json.loads((folder / _MANIFEST).read_bytes())["data"]
    except (OSError, ValueError, KeyError, TypeError):
        named = keep
    for p in folder.iterdir():
        if p.name in (keep, named) or not p.name.startswith(("data-", ".tmp-", f".{_MANIFEST}")):
            continue
        try:
            if now - p.lstat().st_mtime > _STALE:
                shutil.rmtree(p) if p.is_dir() else p.unlink()
        except OSError:
            pass  # another writer took it first, or a reader holds it (Windows)
