"""Positive evidence kept readable: a practice that holds in 1,200 CI jobs shows a few of them and a count."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from nodeward.collect.manifests import is_web_app
from nodeward.rules import Hit, holds, not_applicable

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
