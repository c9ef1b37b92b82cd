"""The offline explorer of the shipped example: one HTML file to open in a browser,
with the check's findings (docs/explore.md).

    python examples/explore.py [OUTPUT_DIR]

OUTPUT_DIR_ARG: the folder to write into (default: a new temporary folder).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import partygraph
from partygraph.explore import write_html

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="pg-explore-"))
folder.mkdir(parents=True, exist_ok=True)
model = partygraph.load("configs/yangjiang.yaml")
report = partygraph.check(model)
path = folder / "阳江.html"
size = write_html(model, path, report=report)
n = report.counts()
print(f"已写出 {path}（{size / 1e6:.1f} MB）：错误 {n['error']} 条，警告 {n['warning']} 条")
print("用浏览器打开它（不需要联网）：点击街道展开社区，点击社区展开网格、小区等。")
