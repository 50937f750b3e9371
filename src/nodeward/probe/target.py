"""ProbeTarget: how live rules ask for the probe's record (requires="probe", findings tagged origin="live")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nodeward.rules.targets import Target

if TYPE_CHECKING:
    from nodeward.facts import Facts


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
