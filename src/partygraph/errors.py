"""One exception hierarchy for partygraph.

Every user-facing error says *what* is wrong, *where* (file, line, column, field
path) and, where we can tell, *how to fix it*.  A :class:`ConfigError` carries all
the problems found in one load, so a user fixes them in one pass.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from partygraph.i18n import tr
from partygraph.safe_text import printable

__all__ = [
    "MAX_REPORTED",
    "ConfigError",
    "ErrorItem",
    "OutputError",
    "PartygraphError",
    "RulesError",
    "UnknownIdError",
    "UnknownNameError",
    "more_line",
    "where",
]


@dataclass(frozen=True, order=True)
class ErrorItem:
    """One problem in an input file.

    Examples
    --------
    >>> str(ErrorItem("city.yaml", 12, 5, "divisions[3].parent", "unknown id 'x'"))
    "city.yaml:12:5: divisions[3].parent: unknown id 'x'"
    """

    file: str | None
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        # One problem, one line: a name quoted in the message cannot break it or
        # send escape sequences to the terminal.
        return printable(f"{where(self.file, self.line, self.column, self.field)} {self.message}")


def where(file: str | None, line: int | None, column: int | None, field: str = "") -> str:
    """``file:line:col: field:``, the place an editor or a terminal can jump to.

    Examples
    --------
    >>> where("m.yaml", 3, 12, "divisions[0].level"), where(None, None, None)
    ('m.yaml:3:12: divisions[0].level:', '<input>:')
    """
    text = file or "<input>"
    if line is not None:
        text += f":{line}"
        if column is not None:
            text += f":{column}"
    return f"{text}: {field}:" if field else f"{text}:"


class PartygraphError(Exception):
    """Base class of every error partygraph raises on purpose.

    Its text shows control characters and bidi controls from names quoted in
    the message as visible escapes (:func:`partygraph.safe_text.printable`);
    line breaks are kept.
    """

    def __str__(self) -> str:
        return printable(super().__str__(), keep="\n")


#: Most problems one :class:`ConfigError` lists; the rest are counted.
MAX_REPORTED = 200


class ConfigError(PartygraphError):
    """The input (a model configuration or one of its tables) is wrong.

    ``errors`` lists every problem found, each an :class:`ErrorItem`.

    Examples
    --------
    >>> err = ConfigError([ErrorItem("a.yaml", 3, 1, "name", "field required")])
    >>> err.errors[0].line
    3
    >>> print(err)
    a.yaml:3:1: name: field required

    At most :data:`MAX_REPORTED` problems are kept, in the order given; ``more``
    counts the others (200,000 misspelt keys once printed 85 MB of errors):

    >>> many = ConfigError([ErrorItem("a.yaml", n, 1, "k", "unknown") for n in range(1, 251)])
    >>> len(many.errors), many.more, many.total
    (200, 50, 250)
    >>> str(many).splitlines()[-1]
    '……另有 50 个问题未列出'
    """

    def __init__(self, errors: Iterable[ErrorItem], *, more: int = 0) -> None:
        items = list(errors)
        #: Problems found but not kept (beyond :data:`MAX_REPORTED`).
        self.more: int = more + max(len(items) - MAX_REPORTED, 0)
        self.errors: list[ErrorItem] = items[:MAX_REPORTED]
        lines = [str(e) for e in self.errors]
        if self.more:
            lines.append(more_line(self.more))
        super().__init__("\n".join(lines) or "invalid configuration")

    @property
    def total(self) -> int:
        """How many problems were found, kept or not."""
        return len(self.errors) + self.more


def more_line(n: int) -> str:
    """The line that stands for ``n`` problems not listed."""
    return tr("common.and_more", count=f"{n:,}")


class RulesError(ConfigError):
    """A rules file (built-in pack or user-written) is wrong."""


class UnknownNameError(PartygraphError, KeyError):
    """A name asked of the model API is not there: a section, a bulk table or
    a column.  The message names the valid ones.

    It is a :class:`KeyError` too, so ``except KeyError`` keeps working; unlike
    a bare ``KeyError`` it prints its message as written, not quoted.  ``key``
    is what was asked for, ``choices`` what would have been found (empty when
    there are too many to list).

    Examples
    --------
    >>> err = UnknownNameError("no table 'flats'; tables are households, persons",
    ...     key="flats", choices=("households", "persons"))
    >>> print(err)
    no table 'flats'; tables are households, persons
    >>> isinstance(err, KeyError), err.key
    (True, 'flats')
    """

    def __init__(self, message: str, *, key: object = None, choices: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.key = key
        self.choices: tuple[str, ...] = tuple(choices)

    def __str__(self) -> str:
        return printable(str(self.args[0]), keep="\n") if self.args else ""


class UnknownIdError(UnknownNameError):
    """No structure entity of the model has this id (see :meth:`partygraph.Model.get`)."""


class OutputError(PartygraphError, OSError):
    """An output could not be written: which path, the system's reason and what to do.

    It is also an :class:`OSError` (with ``errno`` and ``filename``), so code
    that caught the operating system's error still catches it.

    Examples
    --------
    >>> import errno
    >>> err = OutputError("out/a.svg", errno.ENOSPC, "磁盘空间已满", "请腾出空间")
    >>> print(err)
    无法写入 out/a.svg：磁盘空间已满；请腾出空间
    >>> isinstance(err, OSError), err.errno == errno.ENOSPC
    (True, True)
    """

    def __init__(
        self, path: str | os.PathLike[str], errno: int | None, reason: str, hint: str
    ) -> None:
        super().__init__(errno, reason, os.fspath(path))
        self.reason, self.hint = reason, hint

    def __str__(self) -> str:
        return printable(
            tr("output.cannot_write", path=self.filename, reason=self.reason, hint=self.hint)
        )
