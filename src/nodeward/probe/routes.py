"""Routes the static scan knows take a request body: where `scan --url` sends the probe's body-limit test.

Posting 150 kB to `/` says nothing when `/` has no body parser (404 before any parser ran: "unknown"). The app
model knows the POST/PUT/PATCH routes; the first few with a fixed path (no `:param`, no wildcard) are tried.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nodeward.facts import Facts

BODY_METHODS = ("post", "put", "patch")
MAX_ROUTES = 3


def static_body_routes(facts: Facts) -> tuple[str, ...]:
    """Full paths of routes that take a body, in source order; () when the project has none or cannot be read."""
    try:
        model = facts.app_model
    except (OSError, ValueError, RecursionError):
        return ()
    found: list[str] = []
    for app, route in model.all_routes():
        if route.method.lower() not in BODY_METHODS:
            continue
        for full, _chain in model.reach(app, route):
            if full and full.startswith("/") and ":" not in full and "*" not in full and "(" not in full:
                found.append(full)
    return tuple(dict.fromkeys(found))[:MAX_ROUTES]
