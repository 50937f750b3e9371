"""`nodeward probe URL` and `scan --url`: run the plan, judge the record with the live rules, build the report."""

from __future__ import annotations

import sys
import time
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from nodeward.plain_errors import plain_unreachable
from nodeward.probe.client import ProbeError
from nodeward.probe.plan import MAX_BURST, ProbeUnreachable, budget_for, execute_plan
from nodeward.probe.record import ProbeOptions, ProbeRecord
from nodeward.probe.target import LOOPBACK_NOTE, is_loopback

# The practices a live app can show (spec probe.md §2); when the probe cannot run they are "could not check".
LIVE_PRACTICES = (3, 4, 5, 7, 9, 13, 15)

__all__ = [
    "LIVE_PRACTICES",
    "MAX_BURST",
    "ProbeError",
    "ProbeUnreachable",
    "parse_header",
    "probe_section",
    "run_probe",
]


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
    if is_loopback(record.target):
        headline += f" · {LOOPBACK_NOTE}"
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
    section["burst"] = burst_summary(record)
    return section


def burst_summary(record: ProbeRecord) -> dict[str, Any] | None:
    """The rate-limit burst in one line ("30 × GET / in 0.4 s, no 429"): its requests are half the request list."""
    burst = record.burst
    if not burst:
        return None
    statuses: dict[str, int] = {}
    for e in burst:
        key = str(e.status) if e.status is not None else "error"
        statuses[key] = statuses.get(key, 0) + 1
    seconds = sum(e.elapsed_ms for e in burst) / 1000
    limited = any(e.status == 429 for e in burst)
    outcome = ", ".join(f"{n} × {status}" for status, n in statuses.items())
    paths = sorted({e.path for e in burst})
    text = f"rate-limit burst: {len(burst)} × {burst[0].method} {', '.join(paths)} in {seconds:.1f} s → {outcome}" + (
        "" if limited else ", no 429"
    )
    return {
        "requests": len(burst),
        "seconds": round(seconds, 3),
        "statuses": statuses,
        "limited": limited,
        "text": text,
    }


def _progress(options: ProbeOptions) -> AbstractContextManager[object]:
    """A spinner on stderr while the probe runs (it can take seconds against a slow app), only on a terminal."""
    if not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    budget = f"at most {budget_for(options)} requests"
    return Console(stderr=True).status(f"probing {options.url} ({budget}, {options.timeout:g} s timeout each)")


def timed_probe(options: ProbeOptions) -> tuple[ProbeRecord | None, str | None, float]:
    """Run the probe; (record, None) or (None, one-line reason) when the target cannot be probed."""
    started = time.perf_counter()
    try:
        with _progress(options):
            return execute_plan(options), None, time.perf_counter() - started
    except ProbeUnreachable as exc:
        return None, plain_unreachable(options.url, str(exc).splitlines()[0]), time.perf_counter() - started
    except ProbeError as exc:
        return None, str(exc).splitlines()[0], time.perf_counter() - started
