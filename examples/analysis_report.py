"""Write the analysis report of the Yangjiang example as Word, HTML and Markdown.

Usage: python examples/analysis_report.py [OUTPUT_DIR_ARG] [MODEL]

OUTPUT_DIR_ARG: the folder to write into (default: a new temporary folder).
MODEL defaults to ``configs/yangjiang.yaml``, or the small test model where that
file is missing.  The report is built once (``build_document``: chapters, tables,
the layer diagrams with the check overlaid) and laid out three times, so the three
files say the same.  The same as ``partygraph report MODEL -o 分析报告.docx``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import partygraph
from partygraph.report.document import Chapter, Figure, Table, build_document, walk
from partygraph.report.docx import write_docx
from partygraph.report.html import write_html
from partygraph.report.mdreport import write_markdown

MODEL = Path("configs/yangjiang.yaml")
FALLBACK = Path("tests/fixtures/rules/model.yaml")


def main(out: Path, path: Path) -> None:
    model = partygraph.load(path)
    report = partygraph.check(model)
    doc = build_document(model, report)
    blocks = list(walk(doc.chapters))
    print(doc.title, "·", " ".join(doc.subtitle))
    print("  " + " ".join(b.heading for b in blocks if isinstance(b, Chapter) and b.level == 1))
    figures = [b for b in blocks if isinstance(b, Figure)]
    tables = sum(isinstance(b, Table) for b in blocks)
    print(f"  {tables} 张表，{sum(f.png is not None for f in figures)} / {len(figures)} 张图")
    out.mkdir(parents=True, exist_ok=True)
    for name, write in (
        ("分析报告.docx", write_docx),
        ("分析报告.html", write_html),
        ("分析报告.md", write_markdown),
    ):
        write(doc, out / name)
        print(f"  wrote {out / name} ({(out / name).stat().st_size:,} bytes)")


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="pg-report-"))
    model = Path(sys.argv[2]) if len(sys.argv) > 2 else (MODEL if MODEL.exists() else FALLBACK)
    main(folder, model)
