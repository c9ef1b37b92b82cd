"""``partygraph schema``: the JSON Schema of a model file, a rules file or a check report.

    partygraph schema model -o partygraph-model.schema.json
    partygraph schema rules > partygraph-rules.schema.json
    partygraph schema report > partygraph-report.schema.json

See :mod:`partygraph.schema` and ``docs/schema.md`` (the VS Code setting).

Examples
--------
>>> import contextlib, io, json
>>> from partygraph.cli import main
>>> out = io.StringIO()
>>> with contextlib.redirect_stdout(out):
...     code = main(["schema", "rules"])
>>> code, json.loads(out.getvalue())["title"]
(0, 'partygraph 规则文件')
"""

from __future__ import annotations

import argparse
from typing import Any

from partygraph.cli._base import EXIT_OK, STDOUT
from partygraph.i18n import tr

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("schema", help=tr("schema.help"), description=tr("schema.description"))
    p.add_argument("which", choices=("model", "rules", "report"), help=tr("schema.which"))
    p.add_argument("-o", "--output", metavar="OUT", help=tr("schema.output"))


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from partygraph.io.atomic import write_atomic
    from partygraph.schema import model_schema, report_schema, rules_schema

    make = {"model": model_schema, "rules": rules_schema, "report": report_schema}
    schema = make[args.which]()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if args.output in (None, STDOUT):
        sys.stdout.write(text)
        return EXIT_OK
    with write_atomic(Path(args.output)) as f:
        f.write(text)
    print(tr("schema.wrote", path=args.output, which=args.which))
    return EXIT_OK
