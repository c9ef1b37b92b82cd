"""``python -m partygraph.cli``: the command line."""

from partygraph.cli import main

raise SystemExit(main())
