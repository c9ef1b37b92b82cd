"""Diagrams of nothing: an empty diagram with a note, or an error saying what is missing.

``draw --layer grid --focus`` a community with nothing in it and ``--layer
cobuilding --focus`` a community whose 大党委 has no part-time member used to
end in an IndexError (a strip with no cells at all).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import partygraph
from hostile._support import RULES_MODEL, run, tree
from partygraph.draw import DRAWERS, draw
from partygraph.errors import PartygraphError

from conftest import write_model

#: One city and one community, with the subdistrict and county a community needs.
TINY = """\
partygraph: 1
name: 小城
divisions:
  - {id: city, name: 小城市, level: city}
  - {id: k, name: 城区, level: county, parent: city}
  - {id: s, name: 东街道, level: subdistrict, parent: k}
  - {id: c1, name: 一社区, level: community, parent: s}
"""


@pytest.fixture
def with_empty_community(tmp_path: Path) -> Path:
    """The rules fixture plus 空社区 c9: no group, grid, household or body."""
    folder = RULES_MODEL.parent
    text = RULES_MODEL.read_text(encoding="utf-8").replace(
        "  - {id: c1-g1,",
        "  - {id: c9, name: 空社区, level: community, parent: s2}\n  - {id: c1-g1,",
        1,
    )
    tables = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.csv")}
    return write_model(tmp_path, {"model.yaml": text, **tables})


def _texts(ax: object) -> list[str]:
    return [t.get_text() for t in ax.texts]  # type: ignore[attr-defined]


def test_grid_of_an_empty_community_says_so(with_empty_community: Path) -> None:
    fig, ax = draw(partygraph.load(with_empty_community), "grid", focus="c9")
    assert "空社区：无居民小组、无网格、无住户" in _texts(ax)
    plt.close(fig)


def test_cobuilding_of_a_body_without_part_time_members() -> None:
    """红旗社区大党委 e-c2 has meetings but no member of either kind."""
    fig, ax = draw(partygraph.load(RULES_MODEL), "cobuilding", focus="c2")
    texts = _texts(ax)
    assert "兼职委员 0 人" in texts and "专职委员 0 人" in texts
    plt.close(fig)


@pytest.mark.parametrize(
    ("layer", "focus"), [("grid", "c9"), ("cobuilding", "c9"), ("cobuilding", "c2")]
)
def test_the_command_writes_the_empty_diagram(
    layer: str,
    focus: str,
    with_empty_community: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out" / f"{layer}.svg"
    code, stdout, err = run(
        capsys,
        "draw",
        str(with_empty_community),
        "--layer",
        layer,
        "--focus",
        focus,
        "-o",
        str(out),
    )
    assert (code, err) == (0, "")
    assert stdout.startswith(f"已写出 {out}（{layer}，SVG") and out.stat().st_size > 0


def test_grid_of_the_tiny_model_needs_no_focus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = write_model(tmp_path, {"model.yaml": TINY})
    code, _, err = run(capsys, "draw", str(model), "--layer", "grid", "-o", str(tmp_path / "g.png"))
    assert (code, err) == (0, "")
    assert tree(tmp_path) == {"model.yaml", "g.png"}


@pytest.mark.slow
@pytest.mark.parametrize("which", ["tiny", "rules fixture"])
def test_every_layer_and_focus_draws_or_says_what_is_missing(which: str, tmp_path: Path) -> None:
    path = write_model(tmp_path, {"model.yaml": TINY}) if which == "tiny" else RULES_MODEL
    model = partygraph.load(path)
    foci = [None, "nowhere", *(d.id for d in model.divisions)]
    refusals = 0
    for layer in DRAWERS:
        for focus in foci:
            try:
                fig, _ = draw(model, layer, focus=focus)
            except PartygraphError as exc:  # says what is missing, in one sentence
                assert "\n" not in str(exc) and str(exc)
                refusals += 1
            else:
                plt.close(fig)
    assert refusals < len(DRAWERS) * len(foci)  # something was drawn
