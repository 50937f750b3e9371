"""What JS rules import: their target (rules/targets.py) and the small readers over the parsed project
(js/readers.py), re-exported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nodeward.js.readers import (
    arg,
    calls_in_function,
    calls_to_any,
    is_absent,
    known_number,
    literal_str,
    lookup,
    module_of_call,
    param_name,
    prop,
    resolved,
    value_names,
    where,
)
from nodeward.rules.targets import JsProjectTarget

if TYPE_CHECKING:
    from nodeward.facts import Facts
    from nodeward.js.extract import JsProject


def js_of(facts: Facts) -> JsProject:
    return facts.js


__all__ = [
    "JsProjectTarget",
    "arg",
    "calls_in_function",
    "calls_to_any",
    "is_absent",
    "js_of",
    "known_number",
    "literal_str",
    "lookup",
    "module_of_call",
    "param_name",
    "prop",
    "resolved",
    "value_names",
    "where",
]
