"""The small framework every check uses: the @rule decorator, the registry, targets and hits."""

from nodeward.rules.hits import Hit, fails, holds, not_applicable
from nodeward.rules.registry import DOC_SECTIONS, Rule, all_rules, get_rule, load_rules, rule

__all__ = [
    "DOC_SECTIONS",
    "Hit",
    "Rule",
    "all_rules",
    "fails",
    "get_rule",
    "holds",
    "load_rules",
    "not_applicable",
    "rule",
]
