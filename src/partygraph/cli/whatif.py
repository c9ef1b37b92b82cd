"""whatif"""
from __future__ import annotations
from typing import Any
import argparse
__all__=["add_parser","run"]
def add_parser(sub: Any) -> None:
    sub.add_parser("whatif")
def run(args: argparse.Namespace) -> int:
    return 0
