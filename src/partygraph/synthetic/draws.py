"""Random draws and array helpers shared by every stage of the generator.

A whole model comes from one :class:`numpy.random.Generator`.  The same seed
gives the same model only while every draw happens in the same order, so the
stages (see :mod:`partygraph.synthetic.generator`) run one after another and
each draws in the order it is written; reordering two draws changes the model.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> parts = split(rng, 10, 3, minimum=2)
>>> int(parts.sum()), bool((parts >= 2).all())
(10, True)
>>> starts(np.array([2, 0, 3])).tolist()
[0, 2, 2]
>>> ids("h", 3, 6).tolist()
['h000001', 'h000002', 'h000003']
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import numpy.typing as npt

__all__ = [
    "F64",
    "I64",
    "Bools",
    "Dice",
    "Strs",
    "dates",
    "ids",
    "skew",
    "split",
    "starts",
    "width",
]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Strs = npt.NDArray[np.str_]


class Dice:
    """The generator's one random source, with the plan's share of gaps and its snapshot.

    Examples
    --------
    >>> dice = Dice(seed=1, gaps=0.01, snapshot=dt.date(2023, 6, 30))
    >>> dice.ago(30)
    datetime.date(2023, 5, 31)
    >>> int(dice.gap(5).sum())  # forced: even a tiny share leaves one gap
    1
    >>> 3 <= dice.ri(3, 5) <= 5
    True
    """

    def __init__(self, seed: int, gaps: float, snapshot: dt.date) -> None:
        self.rng = np.random.default_rng(seed)
        self.gaps = gaps
        self.snapshot = snapshot

    def ago(self, days: int) -> dt.date:
        """The date ``days`` before the snapshot."""
        return self.snapshot - dt.timedelta(days=int(days))

    def gap(self, n: int, share: float | None = None, *, force: bool = True) -> Bools:
        """A mask of about ``share`` (default: the plan's gaps) of ``n`` things.

        With ``force`` at least one is set (when the share is positive), so that
        even a small model has every kind of gap.
        """
        share = self.gaps if share is None else share
        out = np.zeros(n, dtype=np.bool_)
        if n == 0 or share <= 0:
            return out
        out = self.rng.random(n) < share
        if force and not out.any():
            out[int(self.rng.integers(n))] = True
        return out

    def ri(self, lo: int, hi: int) -> int:
        """A random integer in ``[lo, hi]``."""
        return int(self.rng.integers(lo, hi + 1))


def split(
    rng: np.random.Generator,
    total: int,
    n: int,
    *,
    minimum: int = 0,
    shape: float = 4.0,
    weights: F64 | None = None,
) -> I64:
    """``n`` non-negative integers, each at least ``minimum``, summing to ``total``.

    Shares follow ``weights`` or, without them, a gamma draw of ``shape``
    (smaller: more uneven).  Rounding goes to the largest remainders, so the
    sum is exact.
    """
    if n == 0:
        if total:
            raise ValueError(f"cannot spread {total} over nothing")
        return np.zeros(0, dtype=np.int64)
    rest = total - minimum * n
    if rest < 0:
        raise ValueError(f"cannot spread {total} over {n} with at least {minimum} each")
    w = rng.gamma(shape, size=n) if weights is None else np.asarray(weights, dtype=np.float64)
    if not w.sum() > 0:
        w = np.ones(n)
    exact = rest * w / w.sum()
    out: I64 = np.floor(exact).astype(np.int64)
    left = rest - int(out.sum())
    order = np.argsort(-(exact - out), kind="stable")
    out[order[:left]] += 1
    out += minimum
    return out


def starts(counts: I64) -> I64:
    """Where each run begins when runs of ``counts`` are laid end to end."""
    out = np.zeros(len(counts), dtype=np.int64)
    if len(counts):
        out[1:] = np.cumsum(counts)[:-1]
    return out


def ids(prefix: str, n: int, width: int, *, first: int = 0) -> Strs:
    """``prefix`` + zero-padded ``first + 1`` .. ``first + n``, built without a
    Python loop over rows."""
    w = len(prefix) + width
    codes = np.empty((n, w), dtype=np.uint32)
    for i, ch in enumerate(prefix):
        codes[:, i] = ord(ch)
    num = np.arange(first + 1, first + n + 1, dtype=np.int64)
    for j in range(width):
        codes[:, w - 1 - j] = 48 + (num // 10**j) % 10
    out: Strs = codes.view(f"<U{w}").reshape(n)
    return out


def width(n: int) -> int:
    """Digits of the row ids of a table of ``n`` rows (at least six)."""
    return max(6, len(str(max(n, 1))))


def dates(snapshot: dt.date, days_ago: I64) -> npt.NDArray[np.datetime64]:
    """The dates ``days_ago`` before ``snapshot``, as a column."""
    base = np.datetime64(snapshot, "D")
    out: npt.NDArray[np.datetime64] = base - days_ago.astype("timedelta64[D]")
    return out


def skew(rng: np.random.Generator, lo: int, hi: int) -> int:
    """A random integer in ``[lo, hi]``, small values more likely."""
    return int(lo + math.floor((hi - lo + 1) * float(rng.random()) ** 1.8))
