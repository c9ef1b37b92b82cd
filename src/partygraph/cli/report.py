"""``partygraph report``: check a model and write the analysis report.

    partygraph report FILE [-o 分析报告.docx|.html|.md] [--format docx|html|markdown]
                      [--scope ID|名称] [--pack NAME] [--rules FILE] [--no-figures]
                      [--with matching,metrics]

The format comes from the suffix of ``-o`` unless ``--format`` names it;
without ``-o`` (or with ``-o -``) the report goes to standard output as
Markdown (or HTML), without diagrams.  A Markdown file's diagrams are written
as PNGs in ``<name>_files/`` beside it.  Exit codes: 0 written (whatever the
check found: ``check`` is the gate), 2 bad input or an output that cannot be
written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_OK, STDOUT, cache_option, division_id, not_read
from partygraph.cli.check import add_with
from partygraph.errors import PartygraphError
from partygraph.i18n import tr

__all__ = ["FORMATS", "add_parser", "report_format", "run"]

#: The analysis report's formats, and the suffixes that select them.
FORMATS: dict[str, tuple[str, ...]] = {
    "docx": (".docx",),
    "html": (".html", ".htm"),
    "markdown": (".md", ".markdown"),
}
#: Rows of the long tables by default.
LIMIT = 20


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "report", help=tr("document.cli.help"), description=tr("document.cli.description")
    )
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument("-o", "--output", metavar="OUT", help=tr("document.cli.output"))
    p.add_argument("--format", choices=tuple(FORMATS), help=tr("document.cli.format"))
    p.add_argument("--scope", metavar="PLACE", help=tr("cli.check.scope"))
    p.add_argument(
        "--pack", action="append", dest="packs", metavar="NAME", help=tr("cli.check.pack")
    )
    p.add_argument(
        "--rules", action="append", default=[], metavar="FILE", help=tr("cli.check.rules")
    )
    p.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help=tr("cli.check.param")
    )
    p.add_argument("--no-figures", action="store_true", help=tr("document.cli.no_figures"))
    p.add_argument(
        "--limit",
        type=int,
        default=LIMIT,
        metavar="N",
        help=tr("document.cli.limit", default=LIMIT),
    )
    add_with(p)
    cache_option(p)


def report_format(path: str | None, fmt: str | None) -> str:
    """The format of the report written to ``path`` (``None`` or ``-``: standard output).

    >>> report_format("分析报告.DOCX", None), report_format(None, None), report_format("a", "html")
    ('docx', 'markdown', 'html')
    >>> report_format("分析报告.pdf", None)
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: 分析报告不能写成 .pdf 文件：请用 .docx、.html、...
    """
    if fmt is not None:
        return fmt
    if path in (None, STDOUT):
        return "markdown"
    suffix = Path(path).suffix.lower()
    found = next((f for f, sfx in FORMATS.items() if suffix in sfx), None)
    if found is None:
        known = tr("cli.name_list_separator").join(s for sfx in FORMATS.values() for s in sfx)
        raise PartygraphError(tr("document.unknown_suffix", suffix=suffix or "—", suffixes=known))
    return found


def run(args: argparse.Namespace) -> int:
    from partygraph.cli.check import _params, with_sections
    from partygraph.io.load import load
    from partygraph.report._common import summary_line
    from partygraph.report.document import build_document
    from partygraph.rules.check import check

    to_stdout = args.output in (None, STDOUT)
    fmt = report_format(args.output, args.format)  # a usage error before the work
    if to_stdout and fmt == "docx" and sys.stdout.isatty():
        raise PartygraphError(tr("document.stdout_binary"))
    targets = [] if to_stdout else [Path(args.output)]
    not_read(args, targets)
    files: list[Path] = []
    model = load(args.file, files=files, cache=args.cache)
    not_read(args, targets, files)
    scope = division_id(model, args.scope, "--scope")
    report = check(
        model, packs=args.packs, rules=args.rules, params=_params(args.param), scope=scope
    )
    report = with_sections(report, model, args, scope)
    figures = not args.no_figures and not (to_stdout and fmt == "markdown")
    document = build_document(model, report, figures=figures, limit=args.limit)
    if to_stdout:
        _to_stdout(document, fmt)
        return EXIT_OK
    _write(document, Path(args.output), fmt)
    print(tr("document.wrote", path=args.output, format=fmt, summary=summary_line(report)))
    return EXIT_OK


def _write(document: Any, path: Path, fmt: str) -> None:
    if fmt == "docx":
        from partygraph.report.docx import write_docx

        write_docx(document, path)
    elif fmt == "html":
        from partygraph.report.html import write_html

        write_html(document, path)
    else:
        from partygraph.report.mdreport import write_markdown

        write_markdown(document, path)


def _to_stdout(document: Any, fmt: str) -> None:
    if fmt == "docx":
        from partygraph.report.docx import docx_bytes

        sys.stdout.buffer.write(docx_bytes(document))
    elif fmt == "html":
        from partygraph.report.html import html_text

        sys.stdout.write(html_text(document))
    else:
        from partygraph.report.mdreport import markdown_text

        sys.stdout.write(markdown_text(document, "")[0])
