"""The ``partygraph`` command: a thin shell over the public API.

Exit codes: 0 fine, 1 the check found error-severity gaps, 2 bad input or usage,
70 an internal error (a bug).  No input ever prints a Python traceback; set
``PARTYGRAPH_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

from partygraph.errors import ConfigError, PartygraphError
from partygraph.progress import report_stages

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70

Command = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    """Register a sub-command handler (its parser is built in :func:`build_parser`)."""

    def register(func: Command) -> Command:
        _COMMANDS[name] = func
        return func

    return register


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors on exit code 2 and in our error format."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"partygraph: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="partygraph",
        description="党建引领社区治理网络模型 — model, check and draw "
        "party-building-led community governance.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("validate", help="load a model and report every problem")
    p.add_argument("file", help="the model's YAML entry file")
    p = sub.add_parser("summary", help="counts by kind, by form and level, and the key figures")
    p.add_argument("file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    for extend in _EXTENSIONS:
        extend(sub)
    return parser


#: Functions that add more sub-commands (check, draw, export, synth ...).
_EXTENSIONS: list[Callable[[argparse._SubParsersAction[_Parser]], None]] = []


def _version() -> str:
    from partygraph import __version__

    return __version__


@command("validate")
def _validate(args: argparse.Namespace) -> int:
    from partygraph import load

    model = load(args.file)
    counts = ", ".join(
        f"{n} {name}"
        for name, n in (
            ("divisions", len(model.divisions)),
            ("party organisations", len(model.party_orgs) + len(model.expanded_bodies)),
            ("households", len(model.population["households"])),
            ("persons", len(model.population["persons"])),
        )
    )
    print(f"OK {args.file}: {counts}")
    return EXIT_OK


@command("summary")
def _summary(args: argparse.Namespace) -> int:
    from partygraph import load
    from partygraph.summary import render_summary, summarize

    result = summarize(load(args.file))
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_summary(result))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["validate", "no/such.yaml"])
    2
    """
    _load_extensions()
    args = build_parser().parse_args(argv)
    try:
        # Stages slower than a second print a timing line on stderr (city scale).
        with report_stages(sys.stderr, threshold=1.0):
            return _COMMANDS[args.command](args)
    except ConfigError as exc:
        for item in exc.errors:
            print(item, file=sys.stderr)
        n = len(exc.errors)
        print(f"partygraph: {n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PartygraphError as exc:
        print(f"partygraph: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("partygraph: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the user, the trace on request
        if os.environ.get("PARTYGRAPH_DEBUG"):
            raise
        print(
            f"partygraph: internal error ({type(exc).__name__}: {exc}); this is a bug, "
            "please report it with the command you ran (PARTYGRAPH_DEBUG=1 shows the trace)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _load_extensions() -> None:
    """Import the modules that register further sub-commands, if present."""
    import importlib

    for name in (
        "partygraph.cli_check",
        "partygraph.cli_draw",
        "partygraph.cli_export",
        "partygraph.cli_synth",
    ):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


if __name__ == "__main__":
    # Run through the package's copy of this module: sub-commands register there.
    from partygraph.cli import main as _main

    raise SystemExit(_main())
