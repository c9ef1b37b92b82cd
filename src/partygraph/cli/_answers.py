"""What ``partygraph check`` asks the result cache (:mod:`partygraph.io.resultcache`)
and how it answers from it: the question a command line asks, the files it
names, the bytes written, and a stored answer written again, warnings and all.

Kept apart from :mod:`partygraph.cli.check` so that a hit imports no more of
partygraph than this and the cache.

Examples
--------
>>> import argparse
>>> args = argparse.Namespace(rules=["我的规则.yaml"])
>>> rules_files(args)
[PosixPath('我的规则.yaml')]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_FINDINGS, EXIT_OK, STDOUT, not_read
from partygraph.i18n import tr
from partygraph.io import resultcache

__all__ = ["answer_again", "question", "rules_files", "showing", "written"]


def written(path: Path) -> bytes | None:
    """The bytes of the report just written, read back: what a hit writes again."""
    import stat

    try:  # a FIFO would block: only a regular file is read
        return path.read_bytes() if stat.S_ISREG(path.stat().st_mode) else None
    except OSError:
        return None


def question(args: argparse.Namespace) -> dict[str, Any]:
    """Everything of the command line that decides what the check writes (the
    files themselves are the result cache's to digest)."""
    to_file = args.output not in (None, STDOUT)
    return {
        "command": "check",
        "packs": args.packs,
        "rules": list(args.rules),
        "param": list(args.param),
        "scope": args.scope,
        "as_of": None if args.as_of is None else args.as_of.isoformat(),
        "with": list(args.with_),
        "depth": args.depth,
        "format": args.format,
        # The suffix chooses the format of a file; a file gets bytes (CSV a
        # byte-order mark), standard output text.
        "to": Path(args.output).suffix.lower() if to_file else "stdout",
    }


def rules_files(args: argparse.Namespace) -> list[Path]:
    return [Path(r) for r in args.rules]


def answer_again(args: argparse.Namespace, targets: list[Path], answer: resultcache.Answer) -> int:
    """Write again what the check wrote (the same bytes, the same lines)."""
    import warnings

    not_read(args, targets, answer.read)
    for message in answer.warnings:
        warnings.warn(message, UserWarning, stacklevel=1)
    if targets:
        from partygraph.io.atomic import write_atomic

        with write_atomic(targets[0], binary=True) as f:
            f.write(answer.output)
        fmt, summary = answer.said["format"], answer.said["summary"]
        print(tr("cli.check.wrote", path=args.output, format=fmt, summary=summary))
    elif args.format == "xlsx":
        sys.stdout.buffer.write(answer.output)
    else:
        sys.stdout.write(answer.output.decode("utf-8", "surrogatepass"))
    return EXIT_FINDINGS if answer.errors else EXIT_OK


@contextmanager
def showing(shown: list[str]) -> Iterator[None]:
    """Inside the block, the text of each warning shown is kept in ``shown``
    too: a check answered from the result cache shows them again."""
    import warnings

    show = warnings.showwarning

    def keep(message: Any, *rest: Any, **named: Any) -> None:
        shown.append(str(message))
        show(message, *rest, **named)

    warnings.showwarning = keep
    try:
        yield
    finally:
        warnings.showwarning = show
