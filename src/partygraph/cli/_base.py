"""What every command shares: exit codes, the argument parser class and argument types."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "Parser",
    "fraction",
    "whole_number",
]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors on exit code 2 and in our error format."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"partygraph: error: {message}", file=sys.stderr)
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
    argparse.ArgumentTypeError: 0 is out of range: give a whole number from 1 to 20,000
    """
    allowed = f"from {low:,} to {high:,}" if high is not None else f"of {low:,} or more"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number: give one {allowed}"
            ) from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(
                f"{value:,} is out of range: give a whole number {allowed}"
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
    argparse.ArgumentTypeError: 'nan' is not a share: give a number from 0 to 1, e.g. 0.05
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:  # false for NaN too
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a share: give a number from 0 to 1, e.g. 0.05"
        )
    return value
