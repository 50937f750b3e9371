"""Targets: what a rule asks to be run on. Each target picks its subjects out of the collected facts.

A target names the facts it needs (`requires`); when those facts were not collected in this run (no probe, deps
skipped), the engine does not run the rule and the scorecard does not count it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nodeward.facts import Facts


class Target:
    """Base class. `requires` is the name of a Facts collector; `origin` tags the findings it yields."""

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


@dataclass(frozen=True)
class FilesTarget(Target):
    """Every collected file fact of one kind, e.g. kind="dockerfile" yields each parsed Dockerfile."""

    kind: str

    def subjects(self, facts: Facts) -> Iterable[Any]:
        return facts.collected(self.kind)

    def describe(self) -> str:
        return f"FilesTarget({self.kind})"
