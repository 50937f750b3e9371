"""The values every stage exchanges: severities, locations, findings, positive evidence, and fingerprints."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected one of: {', '.join(s.label for s in cls)})"
            ) from None


class Confidence(IntEnum):
    LOW = 0
    MEDIUM = 1
    HIGH = 2

    @property
    def label(self) -> str:
        return self.name.lower()


# SARIF `security-severity` is a CVSS-like number that code scanning buckets into critical/high/medium/low.
SECURITY_SEVERITY: Mapping[Severity, str] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


@dataclass(frozen=True)
class Location:
    """Where a finding is: a file relative to the scanned root (1-based line/column), or a probed URL."""

    path: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    url: str | None = None

    def __str__(self) -> str:
        if self.url and not self.path:
            return self.url
        return f"{self.path}:{self.line}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column,
            "url": self.url,
        }


class AtFileLine:
    """Mixin for facts that carry `path` and `line` fields: a rule can point at them directly."""

    path: str
    line: int

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)


@dataclass(frozen=True)
class TraceStep:
    """One hop of a taint trace: source, propagation step, or sink."""

    location: Location
    note: str
    snippet: str = ""


@dataclass(frozen=True)
class Suppression:
    """Why a finding does not count: an inline comment, a config entry, or a baseline."""

    kind: str  # "inline" | "config" | "baseline"
    reason: str
    expires: str | None = None
    source: str = ""  # where the suppression was written, e.g. "nodeward.toml:12"


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    practice: int
    severity: Severity
    confidence: Confidence
    message: str
    location: Location
    cwe: int | None = None
    snippet: str = ""
    fix: str = ""
    trace: tuple[TraceStep, ...] = ()
    origin: str = "static"  # "static" | "deps" | "live"
    fingerprint: str = ""
    suppression: Suppression | None = None
    # The same mistake seen by another collector (a live response confirming this line of code): kept whole, one
    # finding for the user (see rules/corroboration.py).
    confirmed_by: tuple[Finding, ...] = ()
    # Free-form, JSON-serialisable details a rule adds (advisory ids, request/response evidence, ...).
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def suppressed(self) -> bool:
        return self.suppression is not None

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.origin, *(c.origin for c in self.confirmed_by))))


@dataclass(frozen=True)
class Evidence:
    """Positive evidence that a practice holds, e.g. "helmet() registered at src/app.js:12"."""

    code: str
    practice: int
    message: str
    location: Location
    origin: str = "static"


_WS = re.compile(r"\s+")


def normalize_snippet(snippet: str) -> str:
    return _WS.sub(" ", snippet).strip()


def fingerprint(code: str, path: str, snippet: str, occurrence: int = 0) -> str:
    """A line-independent identity: rule + path + normalized snippet + occurrence index.

    The line number is left out on purpose so that a baseline survives edits elsewhere in the file.
    """
    key = "\x1f".join((code, path, normalize_snippet(snippet), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]
