"""The ``partygraph`` command: its parser and the dispatch to a sub-command.

Each sub-command is one module of this package with ``add_parser(sub)`` and
``run(args) -> int``; :data:`COMMANDS` lists them, and imports one when it is
first asked for (a line that begins with its command imports and builds that
command alone).  Those modules import only ``argparse`` at the top, so
``partygraph --help`` stays fast: the library is imported by ``run``.  The
console entry point is :func:`partygraph.cli.entry` (:func:`partygraph.cli.main`
from Python), which imports this module inside its guard against Ctrl-C and
closed pipes.

The language of everything the command shows is Chinese unless ``--lang en``
(anywhere on the line, before or after the sub-command), ``PARTYGRAPH_LANG``
or ``LANGUAGE`` say English (:mod:`partygraph.i18n`); ``--lang`` is read
before the parser is built, so that ``--help`` is in that language too.

Exit codes: 0 fine, 1 the check found error-severity gaps, 2 bad input or usage
(an output that cannot be written included), 70 an internal error (a bug), 130
interrupted.  No input ever prints a Python traceback; set
``PARTYGRAPH_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TextIO

from partygraph.cli._base import EXIT_BAD_INPUT, EXIT_INTERNAL, Parser, argparse_in_language
from partygraph.errors import ConfigError, PartygraphError, more_line
from partygraph.i18n import LANGUAGES, language, parse_language, tr, use_language
from partygraph.progress import report_stages

__all__ = ["COMMANDS", "build_parser", "main", "split_language"]


class _Commands(Mapping[str, ModuleType]):
    """The sub-commands' modules by name, each imported when first asked for:
    ``partygraph validate …`` imports the one module it runs, not fourteen."""

    def __init__(self, names: Sequence[str]) -> None:
        self._names = tuple(names)

    def __getitem__(self, name: str) -> ModuleType:
        if name not in self._names:
            raise KeyError(name)
        return importlib.import_module(f"partygraph.cli.{name}")

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


#: The sub-commands, in the order ``--help`` lists them.
COMMANDS: Mapping[str, ModuleType] = _Commands(
    (
        "validate",
        "summary",
        "check",
        "report",
        "draw",
        "explore",
        "export",
        "diff",
        "whatif",
        "match",
        "metrics",
        "synth",
        "init",
        "schema",
    )
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of every sub-command (``only``: of that one alone).

    >>> sorted(build_parser("validate")._subparsers._group_actions[0].choices)
    ['validate']
    """
    parser = Parser(prog="partygraph", description=tr("cli.description"))
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help=tr("cli.version_help")
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=tr("cli.lang_help"))
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        parser_class=Parser,
        title=tr("cli.commands"),
        metavar="{" + ",".join(COMMANDS) + "}",  # not "command" in an error sentence
    )
    for name in COMMANDS:
        if only in (None, name):
            COMMANDS[name].add_parser(sub)
    return parser


def split_language(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """``--lang X`` / ``--lang=X`` taken out of ``argv``, wherever it stands
    (not after ``--``): the language written, and the rest of the arguments.

    Examples
    --------
    >>> split_language(["check", "m.yaml", "--lang", "en", "--scope", "江城区"])
    ('en', ['check', 'm.yaml', '--scope', '江城区'])
    >>> split_language(["--lang=zh", "validate", "--", "--lang"])
    ('zh', ['validate', '--', '--lang'])
    """
    rest: list[str] = []
    chosen, i = None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--lang" and i + 1 < len(argv):
            chosen, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
        else:
            rest.append(arg)
        i += 1
    return chosen, rest


def _writes_folder(args: argparse.Namespace) -> bool:
    """Whether ``-o`` may name a folder: ``export -f csv`` writes nodes.csv and edges.csv in
    it (``parquet`` likewise; with no ``--format``, the suffix says: none, a folder)."""
    if args.command != "export" or args.output == "-":
        return False
    export = COMMANDS["export"]
    return export.format_of(args.output, args.format) in export.TWO_TABLES


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
    print(tr("cli.warning", message=message), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["validate", "no/such.yaml"])
    2
    """
    written, rest = split_language(sys.argv[1:] if argv is None else argv)
    lang = parse_language(written)
    # A line that begins with its command parses with that command's parser
    # alone: the thirteen others' options and help texts are not built for it.
    only = rest[0] if rest and rest[0] in COMMANDS else None
    with use_language(lang or language()), argparse_in_language():
        parser = build_parser(only)
        if written is not None and lang is None:
            parser.error(tr("cli.bad_lang", value=written))
        args = parser.parse_args(rest)
        return _run(parser, args)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    output = getattr(args, "output", None)
    if output == "":  # `-o ''`, e.g. an unset shell variable
        parser.error(tr("cli.empty_output"))
    try:
        if output not in (None, "-") and not _writes_folder(args):
            from partygraph.io.atomic import check_output  # here: shutil, for a command that writes

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
        print(tr("cli.error", message=exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line for the user, the trace on request
        if os.environ.get("PARTYGRAPH_DEBUG"):
            raise
        print(tr("cli.internal_error", kind=type(exc).__name__, message=exc), file=sys.stderr)
        return EXIT_INTERNAL
