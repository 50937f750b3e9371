"""Positive evidence kept readable: a practice that holds in 1,200 CI jobs shows a few of them and a count."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from nodeward.analysis.taint import TaintEvidence, TaintFlow
from nodeward.collect.manifests import is_web_app
from nodeward.findings import Confidence, Location
from nodeward.probe.exchange import Exchange
from nodeward.rules import Hit, fails, holds, not_applicable

if TYPE_CHECKING:
    from nodeward.facts import Facts

MAX_EVIDENCE = 10


def capped(hits: Iterable[Hit], limit: int = MAX_EVIDENCE) -> Iterator[Hit]:
    """The first `limit` evidence hits, then one more saying how many were left out (at the last one's location)."""
    last: Hit | None = None
    extra = 0
    for n, hit in enumerate(hits):
        if n < limit:
            yield hit
        else:
            extra += 1
            last = hit
    if last is not None:
        yield holds(last.location, f"... and {extra} more like the above")


def capped_holds(hits: Iterable[Hit], limit: int = MAX_EVIDENCE) -> Iterator[Hit]:
    """All failures, but only the first `limit` evidence hits (then a count), when a rule yields both kinds."""
    held: list[Hit] = []
    for hit in hits:
        if hit.kind == "hold":
            held.append(hit)
        else:
            yield hit
    yield from capped(held, limit)


def evidence_capped(func: Callable[[Any], Iterable[Hit]]) -> Callable[[Any], Iterator[Hit]]:
    """Decorator (below @rule) for rules whose positive evidence can repeat per call site in large projects."""

    @functools.wraps(func)
    def wrapper(subject: Any) -> Iterator[Hit]:
        yield from capped_holds(func(subject))

    return wrapper


def deployment_absent(facts: Facts, reason: str) -> Iterator[Hit]:
    """A kind of deployment file (Dockerfile, compose, manifest, unit) is missing. For a library or a CLI the
    practice does not apply; a web application is deployed somehow, the files just do not show how: say nothing,
    so that the verdict is decided by other evidence or stays unknown (never "not applicable")."""
    if not is_web_app(facts):
        yield not_applicable(reason)


def fails_at(at: Exchange | Location, message: str, **kwargs: Any) -> Hit:
    """`fails` for live rules: a finding on an exchange carries its request/response evidence in `data`."""
    if isinstance(at, Exchange):
        evidence = {
            "request": f"{at.method} {at.url}",
            "step": at.step,
            "status": at.status,
            "response_headers": [f"{k}: {v}" for k, v in at.response_headers][:40],
        }
        kwargs["data"] = {**evidence, **(kwargs.get("data") or {})}
    return fails(at, message, **kwargs)


def report_flow(flow: TaintFlow | TaintEvidence, what: str) -> Hit:
    """The failure for one flow, "<source> reaches <sink>: <what>", carrying its source → steps → sink trace;
    evidence of a safe use becomes positive evidence."""
    if isinstance(flow, TaintEvidence):
        return holds(flow.location, flow.message)
    if flow.api:  # library mode: which caller passes outside data there is the users' code, not in view
        return fails(
            flow.location,
            f"{flow.source} reaches {flow.sink}: {what} (library mode: reachable from the public API)",
            confidence=Confidence.LOW,
            trace=flow.trace,
            data={"category": flow.category, "source": flow.source, "sink": flow.sink, "mode": "library"},
        )
    return fails(
        flow.location,
        f"{flow.source} reaches {flow.sink}: {what}",
        trace=flow.trace,
        data={"category": flow.category, "source": flow.source, "sink": flow.sink},
    )
