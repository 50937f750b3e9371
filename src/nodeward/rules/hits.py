"""What a rule yields: a failure, positive evidence that the practice holds, or "not applicable here"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from nodeward.findings import Confidence, Location, Severity, TraceStep


@runtime_checkable
class Located(Protocol):
    """Anything a rule can point at: facts carry their own location."""

    @property
    def location(self) -> Location: ...


HitKind = Literal["fail", "hold", "na"]


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    location: Location | None
    message: str
    severity: Severity | None = None  # overrides the rule's default
    confidence: Confidence | None = None
    fix: str | None = None  # overrides the rule's "How to fix" summary
    snippet: str | None = None  # for locations without source text (URLs, lockfile entries)
    trace: tuple[TraceStep, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)


def _where(at: Location | Located | None) -> Location | None:
    if at is None or isinstance(at, Location):
        return at
    return at.location


def fails(
    at: Location | Located,
    message: str,
    *,
    severity: Severity | None = None,
    confidence: Confidence | None = None,
    fix: str | None = None,
    snippet: str | None = None,
    trace: tuple[TraceStep, ...] = (),
    data: Mapping[str, Any] | None = None,
) -> Hit:
    return Hit("fail", _where(at), message, severity, confidence, fix, snippet, trace, data or {})


def holds(at: Location | Located | None, message: str, *, data: Mapping[str, Any] | None = None) -> Hit:
    return Hit("hold", _where(at), message, data=data or {})


def not_applicable(message: str, at: Location | Located | None = None) -> Hit:
    """The practice does not apply to this project (e.g. no container to run as root)."""
    return Hit("na", _where(at), message)
