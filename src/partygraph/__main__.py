"""``python -m partygraph``: the same as the ``partygraph`` command."""

from partygraph.cli import entry

if __name__ == "__main__":
    raise SystemExit(entry())
