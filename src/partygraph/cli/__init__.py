"""The ``partygraph`` command line: one module per sub-command (see :mod:`partygraph.cli.main`)."""

from partygraph.cli.main import main

__all__ = ["main"]
