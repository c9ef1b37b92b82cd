"""``partygraph whatif``: what the check would say if persons or units were removed
or entities moved.

``--remove`` takes an id or a name (a person's, a unit's, any entity's) when
only one has it; ``--move ID=PARENT`` places an entity or a household under
a new parent.  The model's files are not changed: the check runs on a copy.

Exit codes: 0 when the change opens no error-severity finding, 1 when it
does, 2 for bad input.

Examples
--------
>>> from partygraph.cli import main
>>> main(["whatif", "tests/fixtures/rules/model.yaml", "--remove", "no-such-id"])
2
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_FINDINGS, EXIT_OK, STDOUT, cache_option, division_id, not_read
from partygraph.i18n import tr

__all__ = ["add_parser", "resolve", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "whatif",
        help=tr("change.cli.whatif.help"),
        description=tr("change.cli.whatif.description"),
    )
    p.add_argument("file", help=tr("cli.file_help"))
    p.add_argument(
        "--remove", action="append", default=[], metavar="ID", help=tr("change.cli.whatif.remove")
    )
    p.add_argument(
        "--move",
        action="append",
        default=[],
        metavar="ID=PARENT",
        help=tr("change.cli.whatif.move"),
    )
    p.add_argument("--scope", metavar="PLACE", help=tr("change.cli.scope"))
    p.add_argument(
        "--format", choices=("text", "markdown", "json", "csv"), help=tr("change.cli.format")
    )
    p.add_argument("-o", "--output", metavar="OUT", help=tr("change.cli.output"))
    p.add_argument("--limit", type=int, default=20, metavar="N", help=tr("change.cli.limit"))
    cache_option(p)


def resolve(model: Any, text: str) -> tuple[str, str]:
    """(id, name) of what ``text`` names: an entity's or person's id, else a unique name.

    Raises
    ------
    partygraph.errors.PartygraphError
        When nothing has that id or name, or several have the name.
    """
    import numpy as np

    from partygraph.errors import PartygraphError

    persons = model.population["persons"]
    ids, names = np.asarray(persons["id"]), np.asarray(persons["name"])
    try:
        return text, model.get(text).name
    except KeyError:
        pass
    hit = np.flatnonzero(ids == text)
    if hit.shape[0]:
        return text, str(names[hit[0]]) or text
    found = [(e.id, e.name) for e in model.entities() if e.name == text]
    found += [(str(ids[i]), text) for i in np.flatnonzero(names == text).tolist()]
    if len(found) == 1:
        return found[0]
    if found:
        shown = tr("report.list_separator").join(i for i, _ in found[:10])
        raise PartygraphError(tr("change.whatif.ambiguous", text=text, count=len(found), ids=shown))
    raise PartygraphError(tr("change.whatif.unknown", text=text))


def _moves(model: Any, items: list[str]) -> dict[str, str]:
    from partygraph.errors import PartygraphError

    out = {}
    for item in items:
        key, sep, target = item.partition("=")
        if not sep or not key or not target:
            raise PartygraphError(tr("change.whatif.bad_move", text=item))
        out[_id_or_household(model, key)] = division_id(model, target, "--move") or target
    return out


def _id_or_household(model: Any, text: str) -> str:
    import numpy as np

    if (np.asarray(model.population["households"]["id"]) == text).any():
        return text
    return resolve(model, text)[0]


def run(args: argparse.Namespace) -> int:
    from partygraph.change.render_whatif import render_whatif
    from partygraph.change.whatif import what_if
    from partygraph.io.atomic import write_atomic
    from partygraph.io.load import load

    targets = [Path(args.output)] if args.output not in (None, STDOUT) else []
    not_read(args, targets)
    files: list[Path] = []
    model = load(args.file, files=files, cache=args.cache)
    not_read(args, targets, files)
    removed = [resolve(model, text) for text in args.remove]
    moves = _moves(model, args.move)
    delta = what_if(
        model,
        remove=[i for i, _ in removed],
        move=moves,
        scope=division_id(model, args.scope, "--scope"),
    )
    parts = []
    if removed:
        names = tr("report.list_separator").join(
            tr("report.node", name=n, id=i) for i, n in removed
        )
        parts.append(tr("change.whatif.remove", names=names))
    for key, target in moves.items():
        parts.append(tr("change.whatif.move", name=key, target=target))
    fmt = args.format or _suffix_format(args.output)
    text = render_whatif(delta, tr("change.whatif.and").join(parts), fmt, limit=args.limit)
    if targets:
        with write_atomic(targets[0]) as f:
            f.write(("\ufeff" if fmt == "csv" else "") + text)
        print(tr("change.wrote", path=args.output, format=fmt))
    else:
        sys.stdout.write(text)
    return EXIT_FINDINGS if delta.opened_count("error") else EXIT_OK


def _suffix_format(path: str | None) -> str:
    from partygraph.cli.diff import output_format

    fmt = output_format(path, None)
    return "text" if fmt == "xlsx" else fmt
