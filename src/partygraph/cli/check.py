"""``partygraph check``: check a model against rule packs, like a linter.

``--scope`` takes a division's id or its name (``--scope 江城区``) when no
other division has that name (:func:`partygraph.cli._base.division_id`).
``--depth county|subdistrict|community`` (or 县、街道、社区) lists the text and
Markdown reports' coverage level by level down to it, each unit under its
parent (:func:`partygraph.report.overview.drill`); by default one level below
the scope.  A depth at or above the scope's own level is bad input.  ``--with matching,metrics`` (or
需求对接、网络) adds the report's optional sections
(:func:`partygraph.report.analyses.attach`).

Exit codes: 0 when no error-severity finding, 1 when there is one, 2 for bad
input (a bad model, a bad rules file, an unknown pack or scope).

Examples
--------
>>> import tempfile, pathlib
>>> from partygraph.cli import main
>>> with tempfile.TemporaryDirectory() as d:
...     out = pathlib.Path(d) / "gaps.csv"
...     main(["check", "tests/fixtures/rules/model.yaml", "--pack", "regulations", "-o", str(out)])
已写出 .../gaps.csv（csv）：错误 3 · 警告 3 · 提示 11
1
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partygraph.cli._base import (
    EXIT_FINDINGS,
    EXIT_OK,
    STDOUT,
    as_of_date,
    cache_option,
    division_id,
    not_read,
)
from partygraph.errors import ErrorItem, PartygraphError, RulesError
from partygraph.i18n import tr
from partygraph.vocabulary import REPORT_FORMATS

if TYPE_CHECKING:
    from partygraph.io import resultcache

__all__ = ["SECTIONS", "add_parser", "add_with", "run", "sections", "with_sections"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check", help=tr("cli.check.help"), description=tr("cli.check.description"))
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument(
        "--pack",
        action="append",
        dest="packs",
        metavar="NAME",
        help=tr("cli.check.pack"),
    )
    p.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help=tr("cli.check.rules"),
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=tr("cli.check.param"),
    )
    p.add_argument("--scope", metavar="PLACE", help=tr("cli.check.scope"))
    p.add_argument("--depth", type=_depth, metavar="LEVEL", help=tr("report.depth.help"))
    p.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD", help=tr("cli.as_of"))
    p.add_argument("--format", choices=tuple(REPORT_FORMATS), help=tr("cli.check.format"))
    p.add_argument("-o", "--output", metavar="OUT", help=tr("cli.check.output"))
    add_with(p)
    p.add_argument("--workers", type=int, metavar="N", help=tr("nation.workers_help"))
    p.add_argument("--scheduler", metavar="ADDRESS", help=tr("nation.scheduler_help"))
    cache_option(p)


#: What ``--with`` takes: a section's name, or its Chinese name as users say it.
SECTIONS: dict[str, str] = {
    "matching": "matching",
    "match": "matching",
    "需求对接": "matching",
    "对接": "matching",
    "metrics": "metrics",
    "网络": "metrics",
    "关键人物": "metrics",
    "all": "all",
    "全部": "all",
}
_ORDER = ("matching", "metrics")


def sections(text: str) -> tuple[str, ...]:
    """The sections ``--with`` names, comma-separated (``,``, ``，`` or ``、``).

    >>> sections("metrics, matching"), sections("全部")
    (('matching', 'metrics'), ('matching', 'metrics'))
    >>> sections("地图")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 不认识“地图”：请写 --with matching（需求对接）、...
    """
    asked: set[str] = set()
    for word in filter(None, (w.strip() for w in re.split(r"[,，、\s]+", text))):
        found = SECTIONS.get(word.lower())
        if found is None:
            raise argparse.ArgumentTypeError(tr("report.with.bad", value=word))
        asked.update(_ORDER if found == "all" else (found,))
    return tuple(s for s in _ORDER if s in asked)


def add_with(p: argparse.ArgumentParser) -> None:
    """``--with matching,metrics``: the report's optional sections (also ``report``'s)."""
    p.add_argument(
        "--with",
        dest="with_",
        type=sections,
        default=(),
        metavar="LIST",
        help=tr("report.with.help"),
    )


def with_sections(report: Any, model: Any, args: argparse.Namespace, scope: str | None) -> Any:
    """The report with the sections ``--with`` asked for (the report itself when none)."""
    if not args.with_:
        return report
    from partygraph.report.analyses import attach

    asked = set(args.with_)
    return attach(
        report,
        model,
        matching="matching" in asked,
        metrics="metrics" in asked,
        scope=scope,
        capacity=_capacity(getattr(args, "param", None) or []),
    )


#: The load rule's parameter that caps the communities a paired unit takes: the
#: best pairing of ``--with matching`` keeps to it (``--param`` may change it).
CAPACITY_PARAM = "load_communities_per_paired_unit"


def _capacity(items: list[str]) -> int:
    """Communities a unit may take in the best pairing: ``--param``'s, else the pack's."""
    from partygraph.rules.loader import load_pack

    given = _params(items).get(CAPACITY_PARAM)
    found = given if given is not None else load_pack("yangjiang").params[CAPACITY_PARAM]
    return max(1, int(found))


#: What ``--depth`` takes: a level's code, or its Chinese name as users say it.
_DEPTHS: dict[str, str] = {
    "city": "city",  # a national report's cities, below its provinces
    "county": "county",
    "subdistrict": "subdistrict",
    "community": "community",
    "县": "county",
    "区": "county",
    "市": "county",
    "区县": "county",
    "县区": "county",
    "县(市、区)": "county",
    "县（市、区）": "county",
    "街道": "subdistrict",
    "镇街": "subdistrict",
    "社区": "community",
}


def _depth(text: str) -> str:
    """The level ``--depth`` names (``community`` or ``社区``)."""
    found = _DEPTHS.get(text.strip().lower())
    if found is None:
        raise argparse.ArgumentTypeError(tr("report.depth.bad", value=text))
    return found


def _check_depth(model: Any, scope: str | None, depth: str | None) -> None:
    """Refuse a ``--depth`` that is not below the ``--scope`` (bad input, exit 2)."""
    from partygraph.errors import PartygraphError
    from partygraph.report._common import kind_label
    from partygraph.vocabulary import LEVELS

    if depth is None or scope is None:
        return
    division = next(d for d in model.divisions if d.id == scope)
    if division.level in LEVELS and LEVELS.index(depth) <= LEVELS.index(division.level):
        raise PartygraphError(
            tr(
                "report.depth.above_scope",
                depth=depth,
                scope=division.name,
                level=kind_label(division.level),
            )
        )


def _params(items: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    bad = []
    for item in items:
        name, sep, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not sep or not name or not math.isfinite(number):
            message = tr("cli.check.bad_param", item=item)
            bad.append(ErrorItem(None, None, None, "--param", message))
            continue
        out[name] = int(number) if number.is_integer() else number
    if bad:
        raise RulesError(bad)
    return out


def run(args: argparse.Namespace) -> int:
    # Here, not at the top: ``--help`` and every other command import this
    # module, and the result cache's hashing and JSON are this command's alone.
    from partygraph.cli._answers import answer_again, question, rules_files, showing
    from partygraph.io import resultcache

    _workbook_to_terminal(args)  # a usage error, before the work
    if args.workers is not None or args.scheduler:  # docs/nation.md
        return _nation(args)
    targets = [Path(args.output)] if args.output not in (None, STDOUT) else []
    # The result cache first: a nation entry never has an entry (its checks
    # are not cached), and a hit needs no more of partygraph than this module.
    ask, inputs = question(args), rules_files(args)
    answer = resultcache.lookup(Path(args.file), ask, inputs, cache=args.cache)
    if answer is not None:
        return answer_again(args, targets, answer)
    from partygraph.nation.entry import is_nation_entry

    if is_nation_entry(args.file):
        return _nation(args)
    not_read(args, targets)  # before the work: the entry and rules files
    files: list[Path] = []
    shown: list[str] = []
    with showing(shown):
        fmt, output, errors, summary = _check(args, targets, files)
    earned = EXIT_FINDINGS if errors else EXIT_OK
    try:  # the report is whole: a Ctrl-C from here on costs only the cache entry
        if fmt is not None:
            print(tr("cli.check.wrote", path=args.output, format=fmt, summary=summary))
        if output is not None:
            resultcache.store(
                Path(args.file),
                ask,
                inputs,
                cache=args.cache,
                read=files,
                output=output,
                errors=errors,
                said={"format": fmt, "summary": summary},
                warnings=shown,
            )
    except KeyboardInterrupt:  # the entry is written atomically: none is left half-made
        print(tr("cli.check.interrupted_after"), file=sys.stderr)
    return earned


def _nation(args: argparse.Namespace) -> int:
    from partygraph.cli._nation import run_nation

    return run_nation(args, _params(args.param))


def _check(
    args: argparse.Namespace, targets: list[Path], files: list[Path]
) -> tuple[str | None, resultcache.Output | None, int, str | None]:
    """Load, check, write: the format written to a file, the bytes written
    (for a file, a function reading them back: ``None`` for a file that is not
    a regular one, ``/dev/null``), the number of errors and the summary line
    (of a report written to a file)."""
    from partygraph.cli._answers import written
    from partygraph.io.load import load
    from partygraph.report._common import summary_line
    from partygraph.report.render import render, report_format, write_report
    from partygraph.rules.check import check

    model = load(args.file, files=files, cache=args.cache)
    not_read(args, targets, files)
    for target in targets:  # a suffix it cannot write: refused before the check runs
        report_format(target, args.format)
    scope = division_id(model, args.scope, "--scope")
    _check_depth(model, scope, args.depth)
    report = check(
        model,
        packs=args.packs,
        rules=args.rules,
        params=_params(args.param),
        scope=scope,
        as_of=args.as_of,
    )
    report = with_sections(report, model, args, scope)
    del model  # let go before the report is written: at a province, 5 GB
    errors = report.counts()["error"]
    if args.output and args.output != STDOUT:
        summary = summary_line(report)  # before the commit: after it, nothing to work out
        fmt = write_report(report, args.output, args.format, depth=args.depth)
        # Read back only if the result cache keeps it (a province's report is
        # a gigabyte), and once the report is let go.
        return fmt, partial(written, Path(args.output)), errors, summary
    if args.format == "xlsx":  # -o - to a pipe or a file: the workbook's bytes
        from partygraph.report.xlsx import workbook_bytes

        data = workbook_bytes(report)
        sys.stdout.buffer.write(data)
        return None, data, errors, None
    text = render(report, args.format or "text", depth=args.depth)
    sys.stdout.write(text)
    return None, text.encode("utf-8", "surrogatepass"), errors, None


def _workbook_to_terminal(args: argparse.Namespace) -> None:
    """Refuse a workbook with no file named (``--format xlsx`` without ``-o``), or
    ``-o -`` when standard output is a terminal: its bytes would fill the screen."""
    if args.format != "xlsx" or (args.output not in (None, STDOUT)):
        return
    if args.output is None:
        raise PartygraphError(tr("workbook.needs_output"))
    if sys.stdout.isatty():
        raise PartygraphError(tr("workbook.stdout_terminal"))
