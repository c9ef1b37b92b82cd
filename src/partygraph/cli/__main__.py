"""``python -m partygraph.cli``: the command line."""

from partygraph.cli.main import main

raise SystemExit(main())
