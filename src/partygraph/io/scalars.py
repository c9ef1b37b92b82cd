"""Which plain YAML scalars are numbers and booleans: YAML 1.2 where 1.1 surprises.

PyYAML reads YAML 1.1: ``members_full: 010`` becomes 8 (octal), ``1:30``
becomes 90 (base 60), ``on`` becomes true and ``1_000`` becomes 1000, where a
YAML 1.2 reader (and most people) would read 10, text, text and text.  A model
file should mean one thing whatever reads it, so each form the two versions
read differently is an error that says how to write what was meant; the forms
they agree on (``10``, ``-3``, ``0x1F``, ``2.5``, ``true``, dates) are read as
before.  Integers must fit in 64 bits (GraphML ``long``, Neo4j ``:long``,
numpy ``int64``).  Dates are read as Excel writes them (:func:`read_date`;
:func:`excel_serial_date` for a workbook's serial numbers).  Tags that make something other than
JSON-like data (``!!set``, ``!!omap``, ``!!pairs``, ``!!binary``) are refused.

Examples
--------
>>> ambiguity("010")
"YAML 1.1 把‘010’读作 八进制数 8，YAML 1.2 读作 10：请写成 10 或加引号 '010'"
>>> ambiguity("10") is None, ambiguity("1:30")[:27]
(True, 'YAML 1.1 把‘1:30’读作 90（六十进制）')
>>> from partygraph.i18n import use_language
>>> with use_language("en"):
...     ambiguity("1:30")
"YAML 1.1 reads '1:30' as 90 (base 60), YAML 1.2 as text: write 90 or '1:30'"
"""

from __future__ import annotations

import datetime as dt
import re

from partygraph.i18n import tr
from partygraph.model.base import DATE_WHY, read_date

__all__ = [
    "AMBIGUOUS_TAG",
    "DATE_WHY",
    "INT64_MAX",
    "INT64_MIN",
    "REFUSED_TAGS",
    "RESOLVERS",
    "ambiguity",
    "excel_serial_date",
    "number_problem",
    "read_date",
    "refused_fix",
]

#: The tag given to a plain scalar YAML 1.1 and 1.2 read differently.
AMBIGUOUS_TAG = "tag:partygraph,2024:ambiguous"
INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)

_BOOL_WORDS = "yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
_AMBIGUOUS = re.compile(
    rf"""^(?:{_BOOL_WORDS}
    |[-+]?0[0-9_]+                        # leading zero: octal in 1.1
    |[-+]?0b[0-1_]+|[-+]?0o[0-7_]+        # binary (1.1 only), 0o octal (1.2 only)
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?   # base 60 in 1.1
    |[-+]?[0-9]+_[0-9_]*(?:\.[0-9_]*)?    # digit groups: 1.1 only
    |[-+]?[0-9]+\\.[0-9]*_[0-9_]*
    )$""",
    re.X,
)

#: (tag, pattern, first characters) for every implicit type a plain scalar can
#: have, replacing PyYAML's YAML 1.1 table (null and timestamp are unchanged).
RESOLVERS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        "tTfF",
    ),
    (
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"),
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"""^(?:[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?
            |\.[0-9]+(?:[eE][-+][0-9]+)?
            |[-+]?\.(?:inf|Inf|INF)
            |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        "-+0123456789.",
    ),
    (AMBIGUOUS_TAG, _AMBIGUOUS, "-+0123456789yYnNoO"),
]

#: Explicit tags PyYAML's safe loader would honour but JSON-like data has no room
#: for, with the message key saying what to write instead.
REFUSED_TAGS = {
    "tag:yaml.org,2002:set": "load_yaml.fix_set",
    "tag:yaml.org,2002:omap": "load_yaml.fix_omap",
    "tag:yaml.org,2002:pairs": "load_yaml.fix_pairs",
    "tag:yaml.org,2002:binary": "load_yaml.fix_binary",
}


def refused_fix(tag: str) -> str:
    """What to write instead of a value with the refused ``tag``."""
    return tr(REFUSED_TAGS.get(tag, "load_yaml.fix_plain"))


def ambiguity(text: str) -> str | None:
    """Why the plain scalar ``text`` is refused, with the fix; ``None`` if it is not."""
    if not _AMBIGUOUS.match(text):
        return None
    read_11, read_12 = _readings(text)
    return tr("load_yaml.ambiguous", written=text, read_11=read_11, read_12=read_12, fix=_fix(text))


def _readings(text: str) -> tuple[str, str]:
    """(what YAML 1.1 makes of ``text``, what YAML 1.2 does)."""
    plain = text.replace("_", "")
    as_text = tr("load_yaml.as_text")
    if text.lower() in _WORDS or ":" in plain or "_" in text:
        if text.lower() in _WORDS:
            read = tr("load_yaml.read_value", value=_WORDS[text.lower()])
        elif ":" in plain:
            read = tr("load_yaml.read_base60", number=_fix(text))
        else:
            read = tr("load_yaml.read_value", value=plain)
        return read, as_text
    if re.fullmatch(r"[-+]?0[0-7]+", text):
        sign = "-" if text.startswith("-") else ""
        octal = tr("load_yaml.read_octal", number=f"{sign}{int(text.lstrip('+-'), 8)}")
        return octal, tr("load_yaml.as_value", value=int(text))
    if re.fullmatch(r"[-+]?0b[0-1]+", text):  # binary in 1.1, text in 1.2
        return tr("load_yaml.read_binary", number=_fix(text)), as_text
    if re.fullmatch(r"[-+]?0o[0-7]+", text):  # text in 1.1, octal in 1.2
        return tr("load_yaml.read_text"), tr("load_yaml.as_octal", number=_fix(text))
    # 09: not octal in 1.1, decimal in 1.2
    return tr("load_yaml.read_text"), tr("load_yaml.as_value", value=_fix(text))


_WORDS = {"yes": "true", "on": "true", "no": "false", "off": "false"}


def _fix(text: str) -> str:
    """What to write instead: the number in decimal (YAML 1.2's reading where it has one)."""
    plain = text.replace("_", "")
    if text.lower() in _WORDS:
        return _WORDS[text.lower()]
    if ":" in plain:
        sign = -1 if plain.startswith("-") else 1
        value = 0.0
        for part in plain.lstrip("+-").split(":"):
            value = value * 60 + float(part or 0)
        return f"{sign * value:g}"
    if re.fullmatch(r"[-+]?0[bo][0-7]+", plain):
        return str(int(plain, 0))
    return f"{float(plain):g}" if "." in plain else str(int(plain))


def number_problem(value: int) -> str | None:
    """Why an integer read from YAML is refused: it does not fit in 64 bits.

    (A float that is not finite is refused where it matters, by the model's
    coordinates and by the rules' value checks, which name the field.)
    """
    if INT64_MIN <= value <= INT64_MAX:
        return None
    return tr("load_yaml.too_big_int", value=value, limit=f"{INT64_MAX:,}")


# -- dates ---------------------------------------------------------------------------
#: The day before Excel's serial day 1 (1900-01-01), for serials from 61 on:
#: Excel counts a 1900-02-29 that never was (serial 60), as Lotus 1-2-3 did.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_LAST = (dt.date(9999, 12, 31) - _EXCEL_EPOCH).days


def excel_serial_date(serial: float) -> dt.date:
    """The date an Excel serial number stands for, in the 1900 date system
    (Windows Excel's default; a ``.xlsx`` cell formatted as a date holds one).

    Serial 1 is 1900-01-01.  Excel also counts 1900-02-29, a day that never
    was (serial 60): it is refused, and the serials after it are one day on.
    A fraction is a time of day: refused, like anything not a day from
    1900-01-01 to 9999-12-31 (:class:`ValueError`, the message in Chinese).

    Examples
    --------
    >>> excel_serial_date(45042), excel_serial_date(1), excel_serial_date(61)
    (datetime.date(2023, 4, 26), datetime.date(1900, 1, 1), datetime.date(1900, 3, 1))
    >>> excel_serial_date(60)
    Traceback (most recent call last):
    ...
    ValueError: 日期写成了数字 60，请写成 2023-04-26 或 2023/4/26
    """
    whole = int(serial) if float(serial).is_integer() else None
    if whole is None or not 1 <= whole <= _EXCEL_LAST or whole == 60:
        raise ValueError(tr("load_yaml.date_number_bad", written=f"{serial:g}"))
    if whole < 60:
        return _EXCEL_EPOCH + dt.timedelta(days=whole + 1)
    return _EXCEL_EPOCH + dt.timedelta(days=whole)
