"""``python -m partygraph.cli``: the command line."""

from partygraph.cli import entry

raise SystemExit(entry())
