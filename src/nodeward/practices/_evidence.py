"""Positive evidence kept readable: a practice that holds in 1,200 CI jobs shows a few of them and a count."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nodeward.rules import Hit, holds

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
