"""``partygraph check NATION.yaml``: a national model checked province by province.

:mod:`partygraph.cli.check` hands a nation entry (or ``--workers`` /
``--scheduler``) here.  The report is the merged one
(:func:`partygraph.nation.check_nation`), every row of it, the nation's and
the provinces' included: text and Markdown start with the findings of each
province (:mod:`partygraph.nation.summary`); their 概览, as the workbook's,
leads with the nation's figures and lists the provinces one level down
(``--depth city`` and below drill into them).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from partygraph.cli._base import EXIT_FINDINGS, EXIT_OK, STDOUT, not_read
from partygraph.errors import PartygraphError
from partygraph.i18n import tr

__all__ = ["run_nation"]


def run_nation(args: argparse.Namespace, params: dict[str, float]) -> int:
    from partygraph.io.atomic import write_atomic
    from partygraph.nation import check_nation, is_nation_entry
    from partygraph.nation.summary import summary_lines
    from partygraph.report._common import summary_line
    from partygraph.report.render import render, report_format, write_report

    if not is_nation_entry(args.file):
        option = "--workers" if args.workers is not None else "--scheduler"
        raise PartygraphError(tr("nation.not_nation_option", option=option))
    if args.scope is not None:
        raise PartygraphError(tr("nation.no_scope"))
    targets = [Path(args.output)] if args.output not in (None, STDOUT) else []
    not_read(args, targets)
    fmt = report_format(targets[0], args.format) if targets else args.format or "text"
    report = check_nation(
        args.file,
        workers=args.workers,
        scheduler=args.scheduler,
        packs=args.packs,
        rules=args.rules,
        params=params,
        as_of=args.as_of,
    )
    head = _head(summary_lines(report, coverage=False), fmt)
    if fmt in ("text", "markdown"):
        body = render(report, fmt, depth=args.depth)
        if fmt == "markdown":  # under the report's title
            title, _, rest = body.partition("\n")
            text = f"{title}\n\n{head}{rest.lstrip()}"
        else:
            text = head + body
        if targets:
            with write_atomic(targets[0]) as f:
                f.write(text)
        else:
            sys.stdout.write(text)
    elif targets:
        write_report(report, targets[0], fmt, depth=args.depth)
    elif fmt == "xlsx":
        from partygraph.report.xlsx import workbook_bytes

        sys.stdout.buffer.write(workbook_bytes(report))
    else:
        sys.stdout.write(render(report, fmt))
    if targets:
        print(tr("cli.check.wrote", path=args.output, format=fmt, summary=summary_line(report)))
    return EXIT_FINDINGS if report.counts()["error"] else EXIT_OK


def _head(lines: list[str], fmt: str) -> str:
    """The national summary above the report: as written for text; for
    Markdown its first line a heading and the indented lines list items."""
    if fmt != "markdown" or not lines:
        return "\n".join(lines) + "\n\n"
    out = [f"## {lines[0]}", ""]
    for line in lines[1:]:
        out += [f"- {line.strip()}"] if line.startswith(" ") else ["", line, ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)) + "\n\n"
