"""Which plain YAML scalars are numbers and booleans: YAML 1.2 where 1.1 surprises.

PyYAML reads YAML 1.1: ``members_full: 010`` becomes 8 (octal), ``1:30``
becomes 90 (base 60), ``on`` becomes true and ``1_000`` becomes 1000, where a
YAML 1.2 reader (and most people) would read 10, text, text and text.  A model
file should mean one thing whatever reads it, so each form the two versions
read differently is an error that says how to write what was meant; the forms
they agree on (``10``, ``-3``, ``0x1F``, ``2.5``, ``true``, dates) are read as
before.  Integers must fit in 64 bits (GraphML ``long``, Neo4j ``:long``,
numpy ``int64``).  Tags that make something other than
JSON-like data (``!!set``, ``!!omap``, ``!!pairs``, ``!!binary``) are refused.

Examples
--------
>>> ambiguity("010"), ambiguity("1:30"), ambiguity("10"), ambiguity("yes")[:20]
("YAML 1.1 reads '010' as the octal number 8, YAML 1.2 as 10: write 10 or '010'", \
"YAML 1.1 reads '1:30' as 90 (base 60), YAML 1.2 as text: write 90 or '1:30'", None, \
"YAML 1.1 reads 'yes'")
"""

from __future__ import annotations

import re

__all__ = [
    "AMBIGUOUS_TAG",
    "INT64_MAX",
    "INT64_MIN",
    "REFUSED_TAGS",
    "RESOLVERS",
    "ambiguity",
    "number_problem",
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

#: Explicit tags PyYAML's safe loader would honour but JSON-like data has no room for.
REFUSED_TAGS = {
    "tag:yaml.org,2002:set": "a set has no order (each export would differ): write a list",
    "tag:yaml.org,2002:omap": "write a plain mapping",
    "tag:yaml.org,2002:pairs": "write a plain mapping or a list of mappings",
    "tag:yaml.org,2002:binary": "binary data has no place in a model: write text",
}


def ambiguity(text: str) -> str | None:
    """Why the plain scalar ``text`` is refused, with the fix; ``None`` if it is not."""
    if not _AMBIGUOUS.match(text):
        return None
    quoted = f"'{text}'"
    read_as, meant = _readings(text)
    return f"YAML 1.1 reads {quoted} as {read_as}, YAML 1.2 {meant}: write {_fix(text)} or {quoted}"


def _readings(text: str) -> tuple[str, str]:
    """(what YAML 1.1 makes of ``text``, what YAML 1.2 does)."""
    plain = text.replace("_", "")
    if text.lower() in _WORDS:
        return _WORDS[text.lower()], "as text"
    if ":" in plain:
        return f"{_fix(text)} (base 60)", "as text"
    if "_" in text:
        return plain, "as text"
    if re.fullmatch(r"[-+]?0[0-7]+", text):
        sign = "-" if text.startswith("-") else ""
        return f"the octal number {sign}{int(text.lstrip('+-'), 8)}", f"as {int(text)}"
    if re.fullmatch(r"[-+]?0[bo][0-7]+", text):  # 0b101: binary in 1.1; 0o17: octal in 1.2
        binary = f"the binary number {_fix(text)}"
        return (binary, "as text") if "b" in text else ("text", f"as the octal number {_fix(text)}")
    return "text", f"as {_fix(text)}"  # 09: not octal in 1.1, decimal in 1.2


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
    return (
        f"{value} does not fit in 64 bits (largest {INT64_MAX:,}); "
        "exports (GraphML long, Neo4j :long) could not hold it"
    )
