"""All message catalogues, merged: ``key -> (中文, English)``.

One module per concern holds its messages; a key begins with its module's name
(``load_yaml.``, ``cli.`` ...), so two catalogues cannot define the same key.
"""

from __future__ import annotations

from partygraph.i18n import (
    analysis,
    cache,
    change,
    cli,
    common,
    document,
    draw,
    explore,
    export,
    load_model,
    load_tables,
    load_yaml,
    model,
    nation,
    network,
    notebook,
    output,
    report,
    rules,
    schema,
    synth,
    workbook,
)

__all__ = ["MESSAGES"]

#: Every message of every catalogue.
MESSAGES: dict[str, tuple[str, str]] = {}
for _module in (
    common,
    load_yaml,
    load_tables,
    load_model,
    cli,
    report,
    rules,
    export,
    output,
    model,
    draw,
    workbook,
    document,
    notebook,
    schema,
    analysis,
    change,
    nation,
    network,
    explore,
    cache,
    synth,
):
    for _key, _texts in _module.MESSAGES.items():
        if not _key.startswith(_module.__name__.rpartition(".")[2] + "."):
            raise ValueError(f"message {_key!r} is not named after its catalogue")
        MESSAGES[_key] = _texts
