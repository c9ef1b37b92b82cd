"""Check the Yangjiang example and write the report as an Excel workbook.

    python examples/check_to_excel.py [OUTPUT_DIR]

OUTPUT_DIR_ARG: the folder to write ``阳江检查报告.xlsx`` into (default: a new
temporary folder).  The same as ``partygraph check configs/yangjiang.yaml -o
阳江检查报告.xlsx``; here in Python, then read back (with python-calamine, the
reader partygraph loads workbooks with) to print what its 概览 sheet says.
See docs/report.md, “Excel 工作簿”.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from python_calamine import CalamineWorkbook

import partygraph
from partygraph.report.xlsx import write_workbook

CONFIG = Path("configs/yangjiang.yaml")


def main() -> None:
    if CONFIG.exists():
        model = partygraph.load(CONFIG)
    else:  # a checkout without the shipped data: build the same model
        from partygraph.synthetic import synth

        model = synth(preset="yangjiang")
    report = partygraph.check(model)
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    path = folder / "阳江检查报告.xlsx"
    write_workbook(report, path)
    print(f"已写出 {path}（{path.stat().st_size:,} 字节）")

    book = CalamineWorkbook.from_path(str(path))
    print("工作表：" + "、".join(book.sheet_names))
    overview = book.get_sheet_by_name("概览").to_python()
    headline = "单位党的组织覆盖（本单位党组织或联合党支部）"
    row = next(r for r in overview if r[0] == headline)
    ratio, covered, total = row[1], int(row[2]), int(row[3])
    print(f"{headline}：{covered:,}/{total:,}（{ratio:.1%}）")
    findings = book.get_sheet_by_name("问题清单").to_python()
    print(f"问题清单：{len(findings) - 1:,} 行，第一行：{'，'.join(map(str, findings[1][:6]))}")


if __name__ == "__main__":
    main()
