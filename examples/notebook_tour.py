"""A tour of partygraph in a notebook: the model and the report at a glance,
a diagram inline, the report as DataFrames (docs/notebook.md).

The ``# %%`` lines mark cells: VS Code and JupyterLab (with jupytext) open this
file as a notebook, where each cell's last line is shown (the model and the
report as small tables, the figure as a picture).  Run as a script from the
repository root it prints the same things as text and writes the report's
notebook view to ``out/notebook_tour.html``::

    .venv/bin/python examples/notebook_tour.py

The DataFrame cells need pandas: ``pip install "partygraph[pandas]"``.
"""

# %% The model: one line of key counts; in a notebook, small tables
from pathlib import Path

import partygraph
from partygraph.draw import draw_linkage

model = partygraph.load("configs/yangjiang.yaml")
print(repr(model))
model  # noqa: B018  (a notebook shows the cell's last value)

# %% The check: counts, coverage with bars, findings per rule (bounded in size)
report = partygraph.check(model)
print(repr(report))
report  # noqa: B018

# %% One finding, one coverage row: one line each
print(repr(report.findings[0]))
print(repr(report.coverage[0]))

# %% A diagram shows itself: no %matplotlib inline needed
fig, ax = draw_linkage(model, report=report)
fig  # noqa: B018

# %% The report as DataFrames
frames = report.to_pandas()
print(frames)
findings = frames.findings
errors = findings[findings.severity == "error"]
print(errors.groupby("community_id").size().sort_values(ascending=False).head(5))

# %% The lowest organisational coverage among communities
coverage = frames.coverage
headline = [r.id for r in report.rules if r.headline]
low = coverage[(coverage.level == "community") & coverage.rule.isin(headline)]
print(low.nsmallest(5, "ratio")[["unit_name", "parent_name", "rule_title", "covered", "total"]])

# %% Chinese headers for a table handed on
from partygraph.report.frames import chinese  # noqa: E402

print(chinese(low.head(3)).columns.tolist())

# %% A bulk table, straight from its columns
households = model.to_pandas("households")
print(households.groupby("community").size().describe())

# %% The report's notebook view as a file, for a look in a browser
out = Path("out")
out.mkdir(exist_ok=True)
page = f'<!doctype html><meta charset="utf-8">{report._repr_html_()}'
(out / "notebook_tour.html").write_text(page, encoding="utf-8")
print(f"wrote {out / 'notebook_tour.html'} ({len(page.encode()):,} bytes)")
