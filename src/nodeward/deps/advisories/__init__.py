"""Where advisories come from: one small interface over the offline store, the OSV API and npm's bulk endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from nodeward.deps.advisories.model import Advisory

# Past this age the report warns that the offline store should be refreshed (`nodeward db update`).
STALE_AFTER_DAYS = 7.0


@dataclass(frozen=True)
class SourceAnswer:
    """What one source answered, and what it took to answer (shown in every report)."""

    source: str  # "offline-store" | "osv-api" | "npm-bulk"
    location: str  # store path or base URL
    advisories: tuple[Advisory, ...]
    # Exactly what was sent where, one line each ("POST http://127.0.0.1:8080/v1/querybatch: 42 name@version"),
    # empty for the offline store.
    sent: tuple[str, ...] = ()
    built_at: str | None = None  # ISO time the store was built (offline store only)
    age_days: float | None = None
    record_count: int | None = None
    warnings: tuple[str, ...] = ()


class SourceUnavailable(Exception):
    """The source could not answer (no store, network down, bad answer): the audit is incomplete, never clean."""


class AdvisorySource(Protocol):
    """Anything that can tell which advisories concern a set of npm packages."""

    name: str

    def fetch(self, wanted: Mapping[str, frozenset[str]]) -> SourceAnswer:
        """Advisories for the packages `{name: {versions}}`; raises SourceUnavailable when it cannot answer."""
        ...


__all__ = ["STALE_AFTER_DAYS", "AdvisorySource", "SourceAnswer", "SourceUnavailable"]
