"""A target that hands a rule the whole parsed JS/TS project once; the small readers over it live in
js/readers.py and are re-exported here for the rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
from nodeward.rules.targets import Target

if TYPE_CHECKING:
    from nodeward.facts import Facts
    from nodeward.js.extract import JsProject


@dataclass(frozen=True)
class JsProjectTarget(Target):
    """The run's Facts, once, when the project has JS/TS files: rules read `js_of(facts)` (the parsed JsProject)
    and `facts.settings` (thresholds such as `body_limit_max`)."""

    def subjects(self, facts: Facts) -> Iterable[Any]:
        if len(facts.js):
            yield facts

    def describe(self) -> str:
        return "JsProjectTarget"


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
