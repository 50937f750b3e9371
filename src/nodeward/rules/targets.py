"""Targets: what a rule asks to be run on. Each target picks its subjects out of the collected facts.

A target names the facts it needs (`requires`); when those facts were not collected in this run (no probe, deps
skipped), the engine does not run the rule and the scorecard does not count it. Every target lives here: the
collectors and analyses produce facts and know nothing of rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nodeward.analysis.appmodel import AppModel
    from nodeward.analysis.taint import TaintEvidence, TaintFlow
    from nodeward.facts import Facts
    from nodeward.js.extract import JsModule, JsProject


class Target:
    """Base class. `requires` is the name of a Facts source; `origin` tags the findings it yields."""

    requires: str = "project"
    origin: str = "static"

    def subjects(self, facts: Facts) -> Iterable[Any]:
        raise NotImplementedError

    def describe(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class ProjectTarget(Target):
    """The whole project model, once. For rules that judge presence or absence across files."""

    def subjects(self, facts: Facts) -> Iterable[Any]:
        yield facts


@dataclass(frozen=True, slots=True)
class JsFile(Target):
    """Each parsed JS/TS module."""

    def subjects(self, facts: Facts) -> Iterable[JsModule]:
        return iter(facts.js)


@dataclass(frozen=True, slots=True)
class JsFiles(Target):
    """The whole JsProject once (for rules that look across files)."""

    def subjects(self, facts: Facts) -> Iterable[JsProject]:
        yield facts.js


@dataclass(frozen=True)
class JsProjectTarget(Target):
    """The run's Facts, once, when the project has JS/TS files: rules read `facts.js` (the parsed JsProject)
    and `facts.settings` (thresholds such as `body_limit_max`)."""

    def subjects(self, facts: Facts) -> Iterable[Any]:
        if len(facts.js):
            yield facts

    def describe(self) -> str:
        return "JsProjectTarget"


@dataclass(frozen=True)
class AppModelTarget(Target):
    """The application model once (rules judging apps, routes and middleware across files)."""

    def subjects(self, facts: Facts) -> Iterable[AppModel]:
        yield facts.app_model


@dataclass(frozen=True)
class TaintFlows(Target):
    """Each taint flow of one sink category. Flows from process.argv/env reach rules only in the audit profile."""

    category: str

    def subjects(self, facts: Facts) -> Iterable[TaintFlow | TaintEvidence]:
        audit = getattr(facts.settings, "profile", "default") == "audit"
        result = facts.taint
        items: list[TaintFlow | TaintEvidence] = [*result.flows, *result.evidence]
        for item in items:
            if item.category == self.category and (audit or not item.audit_only):
                yield item

    def describe(self) -> str:
        return f"TaintFlows({self.category})"


@dataclass(frozen=True)
class ProbeTarget(Target):
    """The ProbeRecord of this run, once. Rules are pure: they judge recorded exchanges and never send anything."""

    requires: str = "probe"
    origin: str = "live"

    def subjects(self, facts: Facts) -> Iterable[Any]:
        record = facts.source("probe")
        if record is not None:
            yield record

    def describe(self) -> str:
        return "ProbeTarget"


@dataclass(frozen=True)
class DepsTarget(Target):
    """The dependency audit of the run, once (only when `nodeward deps` or `scan` without --no-deps collected it)."""

    requires: str = "deps"
    origin: str = "deps"

    def subjects(self, facts: Facts) -> Iterable[Any]:
        audit = facts.source("deps")
        return [audit] if audit is not None else []
