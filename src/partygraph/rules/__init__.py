"""Rules as data: the rule language, rule-file loading, measures and the engine.

Built-in packs (:data:`PACKS`) ship as YAML beside this module
(``partygraph/rules/packs/*.yaml``); a user writes their own rules file in the
same language (``docs/rules.md``) and passes it to
:func:`partygraph.rules.check.check`.

Examples
--------
>>> PACKS
('regulations', 'yangjiang')
>>> len(load_pack("regulations").rules) > 10
True
"""

from partygraph.rules.assemble import assemble
from partygraph.rules.loader import (
    PACKS,
    LoadedRule,
    Rules,
    RuleSet,
    load_pack,
    load_rules,
    loads_rules,
)
from partygraph.rules.measures import MEASURES, Measure
from partygraph.rules.spec import LoadSpec, Requirement, Rule

__all__ = [
    "MEASURES",
    "PACKS",
    "LoadSpec",
    "LoadedRule",
    "Measure",
    "Requirement",
    "Rule",
    "RuleSet",
    "Rules",
    "assemble",
    "load_pack",
    "load_rules",
    "loads_rules",
]
