"""`nodeward probe URL`: run the plan, judge the record with the live rules, and fold it into a report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nodeward.probe.plan import execute_plan
from nodeward.probe.record import ProbeOptions, ProbeRecord
from nodeward.rules import Hit, all_rules
from nodeward.rules.registry import Rule


@dataclass(frozen=True)
class LiveHit:
    rule: Rule
    hit: Hit


def probe_rules() -> list[Rule]:
    return [r for r in all_rules() if r.target.requires == "probe"]


def judge(record: ProbeRecord) -> Iterator[LiveHit]:
    """Run every live rule on a record (without the engine: used by tests and until the engine runs probe facts)."""
    for rule_ in probe_rules():
        for hit in rule_.run(record):
            yield LiveHit(rule_, hit)


def run_probe(options: ProbeOptions) -> ProbeRecord:
    return execute_plan(options)
