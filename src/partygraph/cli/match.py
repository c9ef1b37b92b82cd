"""``partygraph match``: which needs of the paired communities their units meet,
which another paired unit offers, which none — and a better pairing.

Examples
--------
>>> from partygraph.cli import main
>>> main(["match", "tests/fixtures/match/model.yaml"])  # doctest: +ELLIPSIS
示例市（需求对接测试） — 需求与资源对接（数据日期 2024-06-30）
挂点社区 3 个，列出需求 6 项：...
0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_OK, STDOUT, cache_option, division_id, not_read, whole_number
from partygraph.i18n import tr

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "match", help=tr("analysis.cli_help"), description=tr("analysis.cli_description")
    )
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument("--scope", metavar="PLACE", help=tr("analysis.cli_scope"))
    p.add_argument(
        "--recommend",
        nargs="?",
        const=3,
        default=0,
        type=whole_number(1),
        metavar="N",
        help=tr("analysis.cli_recommend"),
    )
    p.add_argument("--assign", action="store_true", help=tr("analysis.cli_assign"))
    p.add_argument(
        "--capacity", type=whole_number(1), default=3, metavar="N", help=tr("analysis.cli_capacity")
    )
    p.add_argument("--synonyms", metavar="FILE", help=tr("analysis.cli_synonyms"))
    p.add_argument(
        "--format", choices=("text", "json", "csv"), default=None, help=tr("analysis.cli_format")
    )
    p.add_argument("-o", "--output", metavar="OUT", help=tr("analysis.cli_output"))
    cache_option(p)


def _synonyms(path: str | None) -> list[list[str]] | None:
    """Groups from a YAML file: a list of lists of names."""
    if path is None:
        return None
    from partygraph.errors import PartygraphError
    from partygraph.io.yamlsrc import load_file

    data, problems = load_file(Path(path))
    if problems:
        from partygraph.errors import ConfigError

        raise ConfigError(problems)
    ok = isinstance(data, list) and all(
        isinstance(g, list) and all(isinstance(x, str | int) for x in g) for g in data
    )
    if not ok:
        raise PartygraphError(tr("analysis.bad_synonyms", path=path))
    return [[str(x) for x in g] for g in data]


def run(args: argparse.Namespace) -> int:
    from partygraph.analysis.assign import assign
    from partygraph.analysis.match import match
    from partygraph.analysis.render import render_match
    from partygraph.io.atomic import write_atomic
    from partygraph.io.load import load

    targets = [Path(args.output)] if args.output not in (None, STDOUT) else []
    extra = [Path(args.synonyms)] if args.synonyms else []
    not_read(args, targets, extra)
    files: list[Path] = []
    model = load(args.file, files=files, cache=args.cache)
    not_read(args, targets, [*files, *extra])
    synonyms = _synonyms(args.synonyms)
    scope = division_id(model, args.scope, "--scope")
    report = match(model, scope=scope, synonyms=synonyms, recommend_top=args.recommend)
    assignment = (
        assign(model, capacity=args.capacity, scope=scope, synonyms=synonyms)
        if args.assign
        else None
    )
    fmt = args.format or suffix_format(args.output)
    text = render_match(report, assignment, fmt)
    if targets:
        with write_atomic(targets[0]) as f:
            f.write(("\ufeff" if fmt == "csv" else "") + text)
        print(tr("cli.wrote", path=targets[0]))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def suffix_format(output: str | None) -> str:
    if output in (None, STDOUT):
        return "text"
    suffix = Path(output).suffix.lower()
    return {".json": "json", ".csv": "csv"}.get(suffix, "text")
