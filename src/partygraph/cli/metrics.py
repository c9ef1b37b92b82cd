"""``partygraph metrics``: who holds most posts, who bridges communities, and
which unit is a community's only link to the city (docs/metrics.md).

Examples
--------
>>> from partygraph.cli import main
>>> main(["metrics", "tests/fixtures/rules/model.yaml", "--top", "1"])  # doctest: +ELLIPSIS
示例市（规则测试） — 关键人员与单位（人员网络：...）
任职人员 12 人，岗位 28 个；人均 2.3 个，最多 9 个
...
0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_OK, STDOUT, cache_option, not_read, whole_number
from partygraph.i18n import tr

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    help = tr("analysis.metrics_cli_help")
    p = sub.add_parser("metrics", help=help, description=help)
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument(
        "--network",
        choices=("persons", "units", "orgs"),
        default="persons",
        help=tr("analysis.metrics_cli_network"),
    )
    p.add_argument(
        "--top", type=whole_number(1), default=10, metavar="N", help=tr("analysis.metrics_cli_top")
    )
    p.add_argument(
        "--format", choices=("text", "json", "csv"), help=tr("analysis.metrics_cli_format")
    )
    p.add_argument("-o", "--output", metavar="OUT", help=tr("analysis.cli_output"))
    cache_option(p)


def run(args: argparse.Namespace) -> int:
    from partygraph.analysis.metrics import metrics
    from partygraph.analysis.render import render_metrics
    from partygraph.cli.match import suffix_format
    from partygraph.io.atomic import write_atomic
    from partygraph.io.load import load

    targets = [Path(args.output)] if args.output not in (None, STDOUT) else []
    not_read(args, targets)
    files: list[Path] = []
    model = load(args.file, files=files, cache=args.cache)
    not_read(args, targets, files)
    report = metrics(model, network=args.network, top=args.top)
    fmt = args.format or suffix_format(args.output)
    text = render_metrics(report, fmt, top=args.top)
    if targets:
        with write_atomic(targets[0]) as f:
            f.write(("\ufeff" if fmt == "csv" else "") + text)
        print(tr("cli.wrote", path=targets[0]))
    else:
        sys.stdout.write(text)
    return EXIT_OK
