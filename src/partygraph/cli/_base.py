"""What every command shares: exit codes and the argument parser class."""

from __future__ import annotations

import argparse
import sys

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "Parser"]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors on exit code 2 and in our error format."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"partygraph: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)
