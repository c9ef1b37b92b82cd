"""``partygraph diff``: what changed between two snapshots of a model.

``--scope`` takes a division's id or its name, looked up in the new snapshot
first and then in the old one (a community split off this year is only in
the new one, a merged one only in the old).

Exit codes: 0 done; 1 with ``--fail-on-new`` when a new finding of that
severity appears; 2 for bad input.

Examples
--------
>>> from partygraph.cli import main
>>> main(["diff", "tests/fixtures/rules/model.yaml", "tests/fixtures/rules/model.yaml"])
示例市（规则测试）（2024-06-30） → 示例市（规则测试）（2024-06-30）：变化
两份数据没有差别。
0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_FINDINGS, EXIT_OK, STDOUT, cache_option, division_id, not_read
from partygraph.i18n import tr

__all__ = ["add_parser", "output_format", "run"]

_FORMATS = ("text", "markdown", "json", "csv", "xlsx")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "diff", help=tr("change.cli.diff.help"), description=tr("change.cli.diff.description")
    )
    p.add_argument("file", metavar="OLD", help=tr("change.cli.old"))
    p.add_argument("new", metavar="NEW", help=tr("change.cli.new"))
    p.add_argument("--check", action="store_true", help=tr("change.cli.check"))
    p.add_argument("--scope", metavar="PLACE", help=tr("change.cli.scope"))
    p.add_argument("--format", choices=_FORMATS, help=tr("change.cli.format"))
    p.add_argument("-o", "--output", metavar="OUT", help=tr("change.cli.output"))
    p.add_argument(
        "--fail-on-new",
        choices=("error", "warning", "info"),
        metavar="SEVERITY",
        help=tr("change.cli.fail_on_new"),
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help=tr("change.cli.limit"))
    cache_option(p)


def output_format(path: str | None, fmt: str | None) -> str:
    """The format to write: ``fmt``, else the suffix of ``path``, else text."""
    from partygraph.change.render import FORMATS
    from partygraph.errors import PartygraphError

    if fmt is not None or path in (None, STDOUT):
        return fmt or "text"
    assert path is not None
    suffix = Path(path).suffix.lower()
    found = {".txt": "text", ".markdown": "markdown"} | {v: k for k, v in FORMATS.items()}
    if suffix not in found:
        suffixes = tr("cli.name_list_separator").join(sorted(found))
        raise PartygraphError(tr("change.cli.bad_suffix", suffix=suffix or "''", suffixes=suffixes))
    return found[suffix]


def write(
    d: Any, r: Any, args: argparse.Namespace, fmt: str, *, summary: str | None = None
) -> None:
    """Print the result, or write it to ``-o`` (atomically) and say so."""
    from partygraph.change.render import render
    from partygraph.change.xlsx import write_xlsx
    from partygraph.io.atomic import write_atomic

    if args.output in (None, STDOUT):
        if fmt == "xlsx":
            fmt = "text"  # a workbook is not for a terminal
        sys.stdout.write(render(d, r, fmt, limit=args.limit))
        return
    if fmt == "xlsx":
        write_xlsx(d, r, args.output)
    else:
        with write_atomic(Path(args.output)) as f:
            f.write(("\ufeff" if fmt == "csv" else "") + render(d, r, fmt, limit=args.limit))
    print(tr("change.wrote", path=args.output, format=fmt))


def run(args: argparse.Namespace) -> int:
    from partygraph.change import compare, diff
    from partygraph.io.load import load

    targets = [Path(args.output)] if args.output not in (None, STDOUT) else []
    not_read(args, targets)
    fmt = output_format(args.output, args.format)
    old_files: list[Path] = []
    new_files: list[Path] = []
    old = load(args.file, files=old_files, cache=args.cache)
    new = load(args.new, files=new_files, cache=args.cache)
    not_read(args, targets, [*old_files, Path(args.new), *new_files])
    scope = _scope(old, new, args.scope)
    report = None
    if args.check or args.fail_on_new:
        report = compare(_check(old, scope), _check(new, scope))
    write(diff(old, new, scope=scope), report, args, fmt)
    if args.fail_on_new and report is not None and report.opened_count(args.fail_on_new):
        return EXIT_FINDINGS
    return EXIT_OK


def _scope(old: Any, new: Any, text: str | None) -> str | None:
    from partygraph.errors import PartygraphError

    if text is None:
        return None
    try:
        return division_id(new, text, "--scope")
    except PartygraphError:
        if not any(text in (d.id, d.name) for d in old.divisions):
            raise
        return division_id(old, text, "--scope")


def _check(model: Any, scope: str | None) -> Any:
    """The check of ``model`` in ``scope``; an empty report when the snapshot lacks
    the scope's division (a community set up since): nothing was there to check."""
    from partygraph.model.report import Report
    from partygraph.rules.check import check

    if scope is not None and all(d.id != scope for d in model.divisions):
        snapshot = None if model.snapshot is None else model.snapshot.isoformat()
        return Report(model=model.name, snapshot=snapshot)
    return check(model, scope=scope, single_points=False)
