"""``partygraph synth``: write a synthetic model (YAML plus CSV tables).

Examples
--------
>>> import tempfile, pathlib
>>> from partygraph.cli import main
>>> with tempfile.TemporaryDirectory() as d:
...     main(["synth", "--communities", "3", "--households", "300", "-o", f"{d}/m.yaml"])
...     main(["validate", f"{d}/m.yaml"])
已写出 ...m.yaml：区划 31 个，住户 300 户，人员 740 人（生成 ... 秒，写出 ... 秒）
0
OK ...m.yaml：区划 31 个，党组织 35 个，住户 300 户，人员 740 人
0
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from partygraph.cli._base import EXIT_OK, Parser, fraction, whole_number
from partygraph.errors import PartygraphError
from partygraph.i18n import tr

__all__ = [
    "MAX_COMMUNITIES",
    "MAX_HOUSEHOLDS",
    "MAX_MEMBERS",
    "MAX_PROVINCES",
    "add_parser",
    "run",
]

#: The largest model ``synth`` makes: a province (about 20,000 communities and
#: 30 million households), which takes about 4 GB of memory to generate
#: (docs/performance.md, session 7); beyond it a typo would exhaust the machine.
MAX_COMMUNITIES, MAX_HOUSEHOLDS, MAX_MEMBERS = 20_000, 30_000_000, 30_000_000
#: The most provinces ``synth --provinces`` makes: the country's 31.
MAX_PROVINCES = 31


def add_parser(sub: argparse._SubParsersAction[Parser]) -> None:
    province = tr("cli.synth.province")
    help = tr("cli.synth.help")
    p = sub.add_parser("synth", help=help, description=help)
    p.add_argument("-o", "--output", required=True, metavar="OUT", help=tr("cli.synth.output"))
    p.add_argument("--preset", metavar="NAME", help=tr("cli.synth.preset"))
    p.add_argument(
        "--communities",
        type=whole_number(1, MAX_COMMUNITIES, province),
        default=None,
        metavar="N",
        help=tr("cli.synth.communities", max=f"{MAX_COMMUNITIES:,}"),
    )
    p.add_argument(
        "--subdistricts",
        type=whole_number(1, MAX_COMMUNITIES, province),
        default=None,
        metavar="N",
        help=tr("cli.synth.subdistricts"),
    )
    p.add_argument(
        "--households",
        type=whole_number(0, MAX_HOUSEHOLDS, province),
        default=0,
        metavar="N",
        help=tr("cli.synth.households", max=f"{MAX_HOUSEHOLDS:,}"),
    )
    p.add_argument(
        "--members",
        type=whole_number(0, MAX_MEMBERS, province),
        default=None,
        metavar="N",
        help=tr("cli.synth.members"),
    )
    p.add_argument(
        "--seed", type=whole_number(0), default=0, metavar="N", help=tr("cli.synth.seed")
    )
    p.add_argument("--gaps", type=fraction, default=0.05, metavar="X", help=tr("cli.synth.gaps"))
    p.add_argument(
        "--provinces",
        type=whole_number(1, MAX_PROVINCES),
        default=None,
        metavar="N",
        help=tr("nation.synth_provinces", max=MAX_PROVINCES),
    )


def _check_counts(args: argparse.Namespace) -> None:
    """What argparse cannot tell from one argument alone."""
    from partygraph.synthetic import PRESETS

    if args.preset is not None:
        if args.preset not in PRESETS:
            presets = tr("cli.name_list_separator").join(PRESETS)
            raise PartygraphError(tr("cli.synth.no_preset", preset=args.preset, presets=presets))
        if args.communities is not None or args.subdistricts is not None:
            raise PartygraphError(tr("cli.synth.preset_fixes", preset=args.preset))
    sd, comm = args.subdistricts, args.communities
    if sd is not None and comm is not None and sd > comm:
        raise PartygraphError(tr("cli.synth.too_many_subdistricts", sd=f"{sd:,}", comm=f"{comm:,}"))


def run(args: argparse.Namespace) -> int:
    from partygraph.synthetic import synth

    _check_counts(args)
    if args.provinces is not None:
        return _provinces(args)
    options = {"communities": args.communities} if args.communities is not None else {}
    start = time.perf_counter()
    try:
        model = synth(
            **options,
            subdistricts=args.subdistricts,
            households=args.households,
            members=args.members,
            seed=args.seed,
            gaps=args.gaps,
            preset=args.preset,
        )
    except ValueError as exc:  # synth's word for counts that do not fit together
        raise PartygraphError(tr("cli.synth.cannot", reason=exc)) from None
    built = time.perf_counter()
    model.dump(Path(args.output))
    done = time.perf_counter()
    print(
        tr(
            "cli.synth.wrote",
            path=args.output,
            divisions=f"{len(model.divisions):,}",
            households=f"{len(model.population['households']):,}",
            persons=f"{len(model.population['persons']):,}",
            built=f"{built - start:.1f}",
            written=f"{done - built:.1f}",
        )
    )
    return EXIT_OK


#: The file of the sections every province shares, beside the nation entry.
NATIONAL = "national.yaml"


def _write_national(path: Path, model: Any) -> None:
    """The national sections (the issue categories), written once for every province."""
    import yaml

    from partygraph.io.atomic import write_atomic
    from partygraph.synthetic.provinces import SHARED

    sections = {
        s: [e.model_dump(mode="json", exclude_defaults=True) for e in model.section(s)]
        for s in sorted(SHARED)
    }
    with write_atomic(path) as f:
        f.write("# 全国共用的部分：各省的模型都用 include 引入（docs/nation.md）\n")
        f.write(yaml.safe_dump(sections, allow_unicode=True, sort_keys=False))


def _write_province(path: Path, model: Any) -> None:
    """A province's model, the national sections included rather than written again."""
    from partygraph.synthetic.provinces import SHARED

    model.model_copy(update={s: [] for s in SHARED}).dump(path)
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("partygraph: 1\n")
    path.write_text(f"{head}{sep}include: [../{NATIONAL}]\n{rest}", encoding="utf-8")


def _provinces(args: argparse.Namespace) -> int:
    """``--provinces N``: N province models beside the nation entry ``-o``
    (``11/model.yaml`` ...), each a small synthetic province (docs/nation.md)."""
    from partygraph.nation.entry import entry_text
    from partygraph.synthetic.provinces import synth_provinces

    if args.preset is not None:
        raise PartygraphError(tr("nation.synth_preset"))
    start = time.perf_counter()
    communities = args.communities or 3
    households = args.households or 100 * communities
    try:
        provinces = synth_provinces(
            args.provinces,
            communities=communities,
            households=households,
            seed=args.seed,
            gaps=args.gaps,
        )
    except ValueError as exc:
        raise PartygraphError(tr("cli.synth.cannot", reason=exc)) from None
    entry = Path(args.output)
    _write_national(entry.parent / NATIONAL, provinces[0].model)
    for p in provinces:
        _write_province(entry.parent / p.code / "model.yaml", p.model)
    listed = [(p.id, p.name, f"{p.code}/model.yaml") for p in provinces]
    entry.write_text(entry_text(("000000", "全国"), listed), encoding="utf-8")
    print(
        tr(
            "nation.synth_wrote",
            path=args.output,
            count=len(provinces),
            communities=f"{communities:,}",
            households=f"{households:,}",
            seconds=f"{time.perf_counter() - start:.1f}",
        )
    )
    return EXIT_OK
