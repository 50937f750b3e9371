"""`nodeward probe URL` and `scan --url`: run the plan, judge the record with the live rules, build the report."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from nodeward.probe.client import ProbeError
from nodeward.probe.plan import MAX_BURST, ProbeUnreachable, execute_plan
from nodeward.probe.record import ProbeOptions, ProbeRecord
from nodeward.rules import Hit, all_rules
from nodeward.rules.registry import Rule

# The practices a live app can show (spec probe.md §2); when the probe cannot run they are "could not check".
LIVE_PRACTICES = (3, 4, 5, 7, 9, 13, 15)

__all__ = [
    "LIVE_PRACTICES",
    "MAX_BURST",
    "LiveHit",
    "ProbeError",
    "ProbeUnreachable",
    "judge",
    "parse_header",
    "probe_section",
    "run_probe",
]


@dataclass(frozen=True)
class LiveHit:
    rule: Rule
    hit: Hit


def probe_rules() -> list[Rule]:
    return [r for r in all_rules() if r.target.requires == "probe"]


def judge(record: ProbeRecord) -> Iterator[LiveHit]:
    """Run every live rule on a record directly (tests; the engine does the same through ProbeTarget)."""
    for rule_ in probe_rules():
        for hit in rule_.run(record):
            yield LiveHit(rule_, hit)


def parse_header(text: str) -> tuple[str, str]:
    """`Name: value` from --header; ValueError with a one-line reason otherwise."""
    name, sep, value = text.partition(":")
    name = name.strip()
    if not sep or not name or any(c in name for c in " \t\r\n") or any(c in value for c in "\r\n"):
        raise ValueError(f"--header {text!r} is not 'Name: value'")
    return name, value.strip()


def run_probe(options: ProbeOptions) -> ProbeRecord:
    return execute_plan(options)


def probe_section(record: ProbeRecord) -> dict[str, Any]:
    """The report's "probe" section: grade, request list and notes (rendered by the reporters)."""
    grade = record.grade
    grade_text = (
        f"header grade {grade.grade} ({grade.score}, MDN HTTP Observatory scoring v{grade.algorithm})"
        if grade is not None
        else "no header grade (the base page did not answer 2xx/3xx/401/403)"
    )
    headline = (
        f"probe {record.target}: {grade_text} · {record.requests_sent} requests sent (budget {record.budget})"
        f" · {record.elapsed_ms / 1000:.1f} s"
    )
    section = record.as_dict()
    # The shared section contract (reporters/html, markdown, terminal): grade letter, score, headline, requests.
    section["observatory"] = section.pop("grade")
    section["grade"] = grade.grade if grade is not None else None
    section["score"] = grade.score if grade is not None else None
    section["headline"] = headline
    section["requests"] = [
        {
            "step": e.step,
            "method": e.method,
            "url": e.url,
            "status": e.status,
            "elapsed_ms": round(e.elapsed_ms, 1),
            "error": e.error,
            "deadline_hit": e.deadline_hit,
        }
        for e in record.exchanges
    ]
    return section


def timed_probe(options: ProbeOptions) -> tuple[ProbeRecord | None, str | None, float]:
    """Run the probe; (record, None) or (None, one-line reason) when the target cannot be probed."""
    started = time.perf_counter()
    try:
        return execute_plan(options), None, time.perf_counter() - started
    except ProbeUnreachable as exc:
        return None, str(exc).splitlines()[0], time.perf_counter() - started
    except ProbeError as exc:
        return None, str(exc).splitlines()[0], time.perf_counter() - started
