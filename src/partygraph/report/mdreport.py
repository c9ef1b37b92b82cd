"""The analysis report as Markdown, its figures as PNG files beside it.

The same chapters as the Word and HTML reports: the title as ``#``, chapters
as ``##``, sections as ``###``; tables with their caption above, number
columns right-aligned.  Figures are written to ``<name>_files/fig<n>.png``
next to the Markdown file and linked from it (or omitted when the report was
built without them).  User text is escaped with
:func:`partygraph.report.markdown.md`, so a name stays text in any renderer.

Examples
--------
>>> from partygraph.report.document import Chapter, Document, Paragraph, Table
>>> doc = Document("示例市", ("数据日期：2024-01-01",), (Chapter("一、基本情况", 1, (
...     Table("表 1　主要数字", ("指标", "数量"), (("社区|居委会", "3"),), (False, True)),)),))
>>> text, files = markdown_text(doc, "分析报告_files")
>>> print(text)
# 示例市
<BLANKLINE>
数据日期：2024-01-01
<BLANKLINE>
## 一、基本情况
<BLANKLINE>
**表 1　主要数字**
<BLANKLINE>
| 指标 | 数量 |
|---|---:|
| 社区\\|居委会 | 3 |
<BLANKLINE>
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from partygraph.io.atomic import write_atomic
from partygraph.report.document import Block, Chapter, Document, Figure, Paragraph, Table
from partygraph.report.markdown import md

__all__ = ["figures_folder", "markdown_text", "write_markdown"]


def figures_folder(path: str | os.PathLike[str]) -> Path:
    """Where the figures of a Markdown report at ``path`` go: ``<stem>_files`` beside it.

    >>> figures_folder("out/分析报告.md").as_posix()
    'out/分析报告_files'
    """
    path = Path(path)
    return path.with_name(path.stem + "_files")


def markdown_text(document: Document, folder: str) -> tuple[str, dict[str, bytes]]:
    """``document`` as Markdown, figures linked as ``<folder>/fig<n>.png``;
    returns the text and the figure files (name in ``folder`` -> PNG bytes)."""
    files: dict[str, bytes] = {}
    lines = [f"# {md(document.title)}", ""]
    for line in document.subtitle:
        lines += [md(line), ""]
    for chapter in document.chapters:
        lines += _block(chapter, folder, files)
    return "\n".join(lines), files


def write_markdown(document: Document, path: str | os.PathLike[str]) -> list[Path]:
    """Write ``document`` to ``path`` and its figures beside it (each file
    atomically); returns the files written, the Markdown last."""
    path = Path(path)
    folder = figures_folder(path)
    body, files = markdown_text(document, folder.name)
    written = []
    for name, data in files.items():
        with write_atomic(folder / name, binary=True) as f:
            f.write(data)
        written.append(folder / name)
    with write_atomic(path) as f:
        f.write(body)
    return [*written, path]


def _block(block: Block, folder: str, files: dict[str, bytes]) -> list[str]:
    if isinstance(block, Chapter):
        out = [f"{'#' * (block.level + 1)} {md(block.heading)}", ""]
        for inner in block.blocks:
            out += _block(inner, folder, files)
        return out
    if isinstance(block, Paragraph):
        lead = f"**{md(block.lead)}**" if block.lead else ""
        return [lead + md(block.text), ""]
    if isinstance(block, Table):
        return _table(block)
    return _figure(block, folder, files)


def _table(block: Table) -> list[str]:
    out = [f"**{md(block.caption)}**", ""]
    out.append("| " + " | ".join(md(h) for h in block.header) + " |")
    out.append("|" + "".join("---:|" if n else "---|" for n in block.numeric))
    out += ["| " + " | ".join(md(c) for c in row) + " |" for row in block.rows]
    return [*out, ""]


def _figure(block: Figure, folder: str, files: dict[str, bytes]) -> list[str]:
    if block.png is None:
        return [f"**{md(block.caption)}** {md(block.error or '')}".rstrip(), ""]
    name = f"fig{len(files) + 1}.png"
    files[name] = block.png
    return [f"![{md(block.caption)}]({quote(folder)}/{name})", "", f"*{md(block.caption)}*", ""]
