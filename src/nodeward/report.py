"""The report of one run: what every reporter renders (scorecard, findings, evidence, skips, notices)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nodeward import __version__
from nodeward.collect.discover import SkippedFile
from nodeward.engine import EngineResult, RuleError
from nodeward.facts import ParseProblem
from nodeward.findings import Evidence, Finding, Severity
from nodeward.scorecard import STATUSES, PracticeVerdict, Scorecard


@dataclass(frozen=True)
class Report:
    command: str  # "scan" | "deps" | "probe"
    target: str  # the scanned path (as the user gave it) or the probed URL
    scorecard: Scorecard
    findings: tuple[Finding, ...]
    evidence: tuple[Evidence, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    problems: tuple[ParseProblem, ...] = ()
    rule_errors: tuple[RuleError, ...] = ()
    notices: tuple[str, ...] = ()
    incomplete: tuple[str, ...] = ()
    files_scanned: int = 0
    rules_run: int = 0
    rules_total: int = 0  # every registered rule
    rules_not_run: Mapping[str, int] = field(default_factory=dict)  # why the others did not run: reason -> count
    profile: str = "default"
    fail_on: str = "medium"
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    duration_s: float = 0.0
    config: str | None = None  # "loaded config nodeward.toml (3 suppressions)"
    # Sections other stages add, rendered by reporters that know them: "deps" (source, age, packages),
    # "probe" (grade, score, requests), "baseline" (matched, disappeared).
    sections: Mapping[str, Any] = field(default_factory=dict)
    version: str = __version__

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.suppressed)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppressed)

    @property
    def practices_in_scope(self) -> tuple[PracticeVerdict, ...]:
        """`scan` answers for all 15 practices; `deps` and `probe` only for those their rules check."""
        if self.command == "scan":
            return self.scorecard.practices
        return tuple(p for p in self.scorecard.practices if p.checked)

    def scorecard_counts(self) -> dict[str, int]:
        """Holds/fails/unknown/n/a over the practices in scope (a summary counts what the command checked)."""
        out = dict.fromkeys(STATUSES, 0)
        for p in self.practices_in_scope:
            out[p.status] += 1
        return out

    def severity_counts(self) -> dict[str, int]:
        counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for f in self.active:
            counts[f.severity.label] += 1
        return counts

    def dependency_groups(self) -> tuple[list[dict[str, Any]], frozenset[str]]:
        """The deps section's groups (vulnerable packages by the top-level dependency that brings them in), kept to
        the vulnerabilities whose NW0201 finding is active, and the fingerprints of those findings: a reporter that
        shows the groups lists those findings there, once, not a second time among the others."""
        section = self.sections.get("deps")
        if not isinstance(section, dict) or not section.get("groups"):
            return [], frozenset()
        active = {(str(f.location), f.snippet): f.fingerprint for f in self.active if f.code == "NW0201"}
        groups, grouped = [], set()
        for group in section["groups"]:
            kept = []
            for v in group["vulnerabilities"]:
                fp = active.get((str(v["location"]), f"{v['package']}@{v['version']} {v['id']}"))
                if fp is not None:
                    kept.append(v)
                    grouped.add(fp)
            if kept:
                names = {(v["package"], v["version"]) for v in kept}
                packages = [p for p in group.get("packages", []) if (p["package"], p["version"]) in names]
                groups.append({**group, "vulnerabilities": kept, "packages": packages})
        return groups, frozenset(grouped)

    def failing(self, threshold: Severity | None) -> tuple[Finding, ...]:
        if threshold is None:
            return ()
        return tuple(f for f in self.active if f.severity >= threshold)


def build_report(
    command: str,
    target: str,
    result: EngineResult,
    scorecard: Scorecard,
    **kwargs: Any,
) -> Report:
    return Report(
        command=command,
        target=target,
        scorecard=scorecard,
        findings=tuple(result.findings),
        evidence=tuple(result.evidence),
        rule_errors=tuple(result.errors),
        notices=tuple(result.notices),
        incomplete=tuple(result.incomplete),
        rules_run=len(result.rules_run),
        **kwargs,
    )
