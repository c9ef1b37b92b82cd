"""Load a model twice through the load cache: the second load reads the
validated model from ``.partygraph-cache/`` beside the entry file.

    python examples/load_cache.py

Works on a copy of the Yangjiang example in a temporary folder (a cache is a
folder written beside the model; the shipped data is not touched).  The
example is under the 20 MB from which ``partygraph check`` uses the cache by
itself, so ``cache=True`` asks for it; ``cache=False`` (``--no-cache``) turns
it off.  A changed file (here a county renamed) makes the next
load read the files again.  See docs/cache.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import partygraph

CONFIGS = Path("configs")


def timed(path: Path) -> tuple[partygraph.Model, float]:
    start = time.perf_counter()
    model = partygraph.load(path, cache=True)
    return model, time.perf_counter() - start


def main() -> None:
    if not (CONFIGS / "yangjiang.yaml").exists():
        print("run from the repository root (configs/yangjiang.yaml)", file=sys.stderr)
        raise SystemExit(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "configs"
        shutil.copytree(CONFIGS, folder, ignore=shutil.ignore_patterns(".partygraph-cache"))
        entry = folder / "yangjiang.yaml"
        first, cold = timed(entry)
        second, warm = timed(entry)
        assert second == first, "the cached model is the model read from the files"
        assert (folder / ".partygraph-cache").is_dir()
        print(f"第一次读取 {cold:.2f} 秒（读文件并写出缓存），第二次 {warm:.2f} 秒（读缓存）")

        # Edit a file the model was read from: the cache is not used for it.
        divisions = folder / "yangjiang_tables" / "divisions.csv"
        text = divisions.read_text(encoding="utf-8")
        divisions.write_text(text.replace(",江城区,", ",江城新区,", 1), encoding="utf-8")
        third, again = timed(entry)
        names = {d.id: d.name for d in third.divisions}
        assert names["441702"] == "江城新区", "an edited file is read again"
        print(f"改动一个文件后：{again:.2f} 秒（重新读取文件）")


if __name__ == "__main__":
    main()
