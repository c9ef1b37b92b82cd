"""What every command shares: exit codes, the argument parser class and argument types.

argparse writes its own words ("usage:", "options", "the following arguments
are required ...") through :mod:`gettext`; :func:`argparse_in_language` points
them, while the command line builds and runs its parser, at the catalogue
``partygraph.i18n.cli`` (docs/decisions.md, "The command line in Chinese").
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from partygraph.i18n import tr

__all__ = [
    "ARGPARSE_KEYS",
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "STDOUT",
    "Parser",
    "argparse_in_language",
    "as_of_date",
    "cache_option",
    "division_id",
    "fraction",
    "not_read",
    "whole_number",
    "wrap",
]

#: ``-o -``: the output goes to standard output.
STDOUT = "-"

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70

#: argparse's message ids (Python 3.11 to 3.13) -> the catalogue's key.  A
#: message id not listed here is shown as argparse writes it.
ARGPARSE_KEYS: dict[str, str] = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "the following arguments are required: %s": "cli.argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected %s argument": "cli.argparse.expected_n",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
    "can't open '%(filename)s': %(error)s": "cli.argparse.open_failed",
}

_FIELD = re.compile(r"\{(\w+)(?:!([rs]))?\}")


def _percent(text: str) -> str:
    """A catalogue text in argparse's %-form: ``{name}`` → ``%(name)s``, ``{0!r}`` → ``%r``."""

    def one(m: re.Match[str]) -> str:
        conversion = m[2] or "s"
        return f"%{conversion}" if m[1].isdigit() else f"%({m[1]}){conversion}"

    return _FIELD.sub(one, text.replace("%", "%%"))


def _gettext(message: str) -> str:
    key = ARGPARSE_KEYS.get(message)
    return message if key is None else _percent(tr(key))


def _ngettext(singular: str, plural: str, n: int) -> str:
    key = ARGPARSE_KEYS.get(singular)
    if key is None:
        return singular if n == 1 else plural
    return _percent(tr(key + ".one" if n == 1 else key))


@contextmanager
def argparse_in_language() -> Iterator[None]:
    """Inside the block, argparse's own words are in the current language.

    argparse looks its words up at the moment it uses them, through the
    module's ``_`` and ``ngettext`` (its :mod:`gettext` hook): both are pointed
    at the catalogue for the block, and given back after it.

    Examples
    --------
    >>> from partygraph.i18n import use_language
    >>> with argparse_in_language():
    ...     Parser(prog="x").format_usage()
    '用法：x [-h]\\n'
    >>> with use_language("en"), argparse_in_language():
    ...     Parser(prog="x").format_usage()
    'usage: x [-h]\\n'
    """
    hooks = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = hooks  # type: ignore[attr-defined]


#: A run of Latin text kept whole when wrapping, or one other character.
_TOKEN = re.compile(r"[\x21-\x7e]+|\s+|.")
#: What may not begin a line of Chinese text.
_NO_LINE_START = set("，。；：、）”’》！？")


def _width(text: str) -> int:
    """Terminal columns: a wide or full-width character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal columns: between
    Chinese characters or at spaces, a Latin word kept whole, and no line
    begun with a closing punctuation mark.

    Examples
    --------
    >>> wrap("只检查这个区划及其下级：写 id 或名称", 12)
    ['只检查这个区', '划及其下级：', '写 id 或名称']
    >>> wrap("社区（居委会）；镇", 14)
    ['社区（居委', '会）；镇']
    >>> wrap("供 d3（或 Cytoscape.js）使用", 20)
    ['供 d3（或', 'Cytoscape.js）使用']
    """
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(" ".join(text.split())):
        if line and _width(line + token) > width and not token.isspace():
            carried = token
            while carried[0] in _NO_LINE_START and len(line) > 1:  # "）；" go down together
                last = _TOKEN.findall(line)[-1]  # a character, or a Latin word whole
                line, carried = line[: -len(last)], last + carried
            lines.append(line.rstrip())
            line = carried
        elif line or not token.isspace():
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


class _Formatter(argparse.HelpFormatter):
    """argparse's help, wrapped by terminal columns (a Chinese character takes
    two), with a Chinese heading ended by a full-width colon."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def format_help(self) -> str:
        text = super().format_help()
        return re.sub(r"(?m)^(\S.*[^\x00-\x7f]):$", r"\1：", text)


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors on exit code 2 and in our error format, and
    its headings in the current language (see :func:`argparse_in_language`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(tr("cli.error", message=message), file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def whole_number(low: int, high: int | None = None, why: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (a usage error otherwise);
    ``why`` tells, after a number too large, the reason for ``high``.

    Examples
    --------
    >>> whole_number(1, 20_000)("136")
    136
    >>> whole_number(1, 20_000)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 0 超出范围，请给出 1 到 20,000 之间的整数
    """

    def allowed() -> str:
        if high is None:
            return tr("cli.range_from", low=f"{low:,}")
        return tr("cli.range_between", low=f"{low:,}", high=f"{high:,}")

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                tr("cli.not_whole", text=text, allowed=allowed())
            ) from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(
                tr("cli.out_of_range", value=f"{value:,}", allowed=allowed())
                + (why if value > low else "")
            )
        return value

    parse.__name__ = "whole number"  # argparse names the type in some messages
    return parse


def fraction(text: str) -> float:
    """An argparse type: a share from 0 to 1 (``nan`` and ``inf`` are not shares).

    Examples
    --------
    >>> fraction("0.05")
    0.05
    >>> fraction("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: “nan”不是比例，请给出 0 到 1 之间的数，例如 0.05
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:  # false for NaN too
        raise argparse.ArgumentTypeError(tr("cli.not_share", text=text))
    return value


def as_of_date(text: str) -> dt.date:
    """An argparse type: a date as people and Excel write it (``2023-06-30``,
    ``2023/6/30``, ``2023年6月30日``: :func:`partygraph.model.base.read_date`);
    a form other than ``YYYY-MM-DD`` is said on standard error as it is read.

    Examples
    --------
    >>> as_of_date("2023-06-30")
    datetime.date(2023, 6, 30)
    >>> as_of_date("2023年13月1日")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: “2023年13月1日”不是日期，请写成 YYYY-MM-DD，例如 2023-06-30...
    """
    from partygraph.model.base import read_date

    written = text.strip()
    day = read_date(written)
    if day is None:
        raise argparse.ArgumentTypeError(tr("cli.bad_as_of", text=text))
    if day.isoformat() != written:
        print(tr("cli.as_of_read", written=written, iso=day.isoformat()), file=sys.stderr)
    return day


def cache_option(p: argparse.ArgumentParser) -> None:
    """``--no-cache``, for every command that loads a model: ``args.cache`` is
    ``False`` with it, ``None`` (the cache's own choice, see
    :mod:`partygraph.io.cache`) without it.

    Examples
    --------
    >>> p = Parser(prog="x")
    >>> cache_option(p)
    >>> p.parse_args([]).cache, p.parse_args(["--no-cache"]).cache
    (None, False)
    """
    help = tr("cache.cli_no_cache")
    p.add_argument("--no-cache", dest="cache", action="store_false", default=None, help=help)


def not_read(
    args: argparse.Namespace, targets: Iterable[Path], model_files: Iterable[Path] = ()
) -> None:
    """Refuse an output that is a file the command read: the model's entry file
    (``args.file``), ``model_files`` (what :func:`partygraph.io.load.load` read:
    includes, tables) and the ``--rules`` files.  Called before loading with the
    entry and rules files only (a quick refusal), and again after it with all.

    Raises
    ------
    partygraph.errors.OutputError
        Naming the output and what it is.
    """
    from partygraph.io.atomic import check_not_read

    # English, like the sentence of OutputError they go into (partygraph.errors).
    read = [(Path(args.file), tr("output.entry_file"))]
    read += [(Path(r), tr("output.rules_file")) for r in getattr(args, "rules", ())]
    read += [(p, tr("output.model_file")) for p in model_files]
    check_not_read(targets, read)


#: Namesakes listed for an ambiguous name (a residents' group name repeats in every community).
_CANDIDATES = 10


def division_id(
    model: Any, text: str | None, option: str, levels: Iterable[str] | None = None
) -> str | None:
    """The id of the division ``text`` names (an id, or a name that is unique),
    for ``option`` (``--scope``, ``--focus``); ``None`` stays ``None``.

    Raises
    ------
    partygraph.errors.PartygraphError
        When several divisions share the name (each listed with its id and
        where it is) or none has it (the closest names given).

    Examples
    --------
    >>> from partygraph.model import Model, Division
    >>> m = Model(divisions=[Division(id="c", name="示例市", level="city"),
    ...     Division(id="a", name="东门社区", level="community", parent="c"),
    ...     Division(id="b", name="东门社区", level="community", parent="c")])
    >>> division_id(m, "示例市", "--scope")
    'c'
    >>> division_id(m, "东门社区", "--scope")
    Traceback (most recent call last):
    ...
    partygraph.errors.PartygraphError: --scope “东门社区”对应 2 个地方，请改用其中一个的 id：
      a  示例市 › 东门社区
      b  示例市 › 东门社区
    """
    from partygraph.errors import PartygraphError
    from partygraph.model.lookup import chain, closest_names, find_divisions

    if text is None:
        return None
    kept = None if levels is None else set(levels)
    found = find_divisions(model, text, levels=kept)
    if not found and kept is not None:  # of another level: the command says what it needs
        found = find_divisions(model, text)
    if not found and _is_id(model, text):  # not a division: the command says so
        return text
    if len(found) == 1:
        return found[0].id
    if found:
        lines = [tr("cli.name_ambiguous", option=option, text=text, count=len(found))]
        shown = found[:_CANDIDATES]
        lines += [tr("cli.name_candidate", id=d.id, chain=chain(model, d.id)) for d in shown]
        if len(found) > len(shown):
            lines.append(tr("cli.name_more", count=len(found) - len(shown)))
        raise PartygraphError("\n".join(lines))
    close = closest_names(model, text, levels=kept)
    closest = (
        tr("cli.name_closest", names=tr("cli.name_list_separator").join(close))
        if close
        else tr("cli.name_none_close")
    )
    raise PartygraphError(tr("cli.name_unknown", option=option, text=text, closest=closest))


def _is_id(model: Any, text: str) -> bool:
    try:
        model.get(text)
    except KeyError:
        return False
    return True
