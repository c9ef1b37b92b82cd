"""The ``partygraph`` command: its parser and the dispatch to a sub-command.

Each sub-command is one module of this package with ``add_parser(sub)`` and
``run(args) -> int``; :data:`COMMANDS` lists them.  Those modules import only
``argparse`` at the top, so ``partygraph --help`` stays fast: the library is
imported by ``run``.  The console entry point is :func:`partygraph.cli.entry`
(:func:`partygraph.cli.main` from Python), which imports this module inside
its guard against Ctrl-C and closed pipes.

Exit codes: 0 fine, 1 the check found error-severity gaps, 2 bad input or usage
(an output that cannot be written included), 70 an internal error (a bug), 130
interrupted.  No input ever prints a Python traceback; set
``PARTYGRAPH_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TextIO

from partygraph.cli import check, draw, export, init, summary, synth, validate
from partygraph.cli._base import EXIT_BAD_INPUT, EXIT_INTERNAL, Parser
from partygraph.errors import ConfigError, PartygraphError, more_line
from partygraph.i18n import tr
from partygraph.io.atomic import check_output
from partygraph.progress import report_stages

__all__ = ["COMMANDS", "build_parser", "main"]

#: The sub-commands, in the order ``--help`` lists them.
COMMANDS: dict[str, ModuleType] = {
    "validate": validate,
    "summary": summary,
    "check": check,
    "draw": draw,
    "export": export,
    "synth": synth,
    "init": init,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = Parser(
        prog="partygraph",
        description="党建引领社区治理网络模型 — model, check and draw "
        "party-building-led community governance.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def _writes_folder(args: argparse.Namespace) -> bool:
    """Whether ``-o`` may name a folder: ``export -f csv`` writes nodes.csv and edges.csv in it."""
    return bool(args.command == "export" and args.format == "csv")


def _version() -> str:
    from partygraph import __version__

    return __version__


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """A warning as one line for the user, not Python's file:line and source."""
    print(f"partygraph: 警告 (warning): {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["validate", "no/such.yaml"])
    2
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    output = getattr(args, "output", None)
    if output == "":  # `-o ''`, e.g. an unset shell variable
        parser.error("-o/--output is empty; name the file to write after -o")
    try:
        if output not in (None, "-") and not _writes_folder(args):
            check_output(Path(output))  # refused before the work, not after minutes of it
        # Stages slower than a second print a timing line on stderr (city scale).
        with report_stages(sys.stderr, threshold=1.0), warnings.catch_warnings():
            warnings.showwarning = _show_warning
            code: int = COMMANDS[args.command].run(args)
            return code
    except ConfigError as exc:
        for item in exc.errors:
            print(item, file=sys.stderr)
        if exc.more:
            print(more_line(exc.more), file=sys.stderr)
        print(f"partygraph: {tr('common.problems_found', count=exc.total)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PartygraphError as exc:
        print(f"partygraph: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line for the user, the trace on request
        if os.environ.get("PARTYGRAPH_DEBUG"):
            raise
        print(
            f"partygraph: internal error ({type(exc).__name__}: {exc}); this is a bug, "
            "please report it with the command you ran (PARTYGRAPH_DEBUG=1 shows the trace)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
