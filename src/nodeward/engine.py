"""Dispatch rules over their targets, turn hits into findings, apply suppressions, and isolate a crashing rule."""

from __future__ import annotations

import re
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from nodeward.collect.discover import matches_glob
from nodeward.facts import Facts
from nodeward.findings import Evidence, Finding, Location, Suppression, fingerprint
from nodeward.rules.corroboration import CONFIRMS
from nodeward.rules.hits import Hit
from nodeward.rules.registry import Rule, all_rules, matches_selector
from nodeward.settings import Settings, SuppressionRule

# `// nodeward-ignore[NW0301, NW0302]: reason` (also after `#` or inside `/* */`); the reason is mandatory.
# The codes by regex, the reason by string operations: a pattern for the tail (`\s*:\s*(.*?)\s*(?:\*/)?\s*$`)
# backtracks quadratically on a comment of spaces.
INLINE_IGNORE = re.compile(r"nodeward-ignore\[([A-Za-z0-9_,\s-]{1,500})\]")
SNIPPET_MAX = 200


@dataclass(frozen=True)
class RuleError:
    code: str
    message: str


@dataclass
class EngineResult:
    findings: list[Finding] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    not_applicable: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    errors: list[RuleError] = field(default_factory=list)
    practices_checked: set[int] = field(default_factory=set)
    rules_run: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)

    def merge(self, other: EngineResult) -> None:
        self.findings.extend(other.findings)
        self.evidence.extend(other.evidence)
        for practice, reasons in other.not_applicable.items():
            self.not_applicable[practice].extend(reasons)
        self.errors.extend(other.errors)
        self.practices_checked |= other.practices_checked
        self.rules_run.extend(other.rules_run)
        self.notices.extend(other.notices)
        self.incomplete.extend(other.incomplete)


def select_rules(settings: Settings, origins: Iterable[str] | None = None) -> list[Rule]:
    wanted_origins = set(origins) if origins is not None else None
    chosen = []
    for r in all_rules():
        if wanted_origins is not None and r.origin not in wanted_origins:
            continue
        if r.profile == "audit" and settings.profile != "audit":
            continue
        if settings.select and not any(matches_selector(r, s) for s in settings.select):
            continue
        if settings.ignore and any(matches_selector(r, s) for s in settings.ignore):
            continue
        chosen.append(r)
    return chosen


def clean_snippet(text: str) -> str:
    """One line of source, trimmed; control characters (terminal escapes) are replaced so no output can be hijacked."""
    text = text.strip()
    text = "".join(ch if ch.isprintable() or ch == "\t" else "\ufffd" for ch in text)
    return text[:SNIPPET_MAX] + ("…" if len(text) > SNIPPET_MAX else "")


def _inline_suppression(
    facts: Facts, code: str, name: str, location: Location, marked: dict[str, frozenset[int]] | None = None
) -> Suppression | str | None:
    """The inline suppression covering this finding; a str when one exists but has no reason (a notice).
    `marked` caches, per file, the lines that mention nodeward-ignore: a 20 MB one-line lockfile with one finding
    per package made the per-finding line search quadratic (minutes)."""
    if not location.path or facts.project is None:
        return None
    if marked is not None:
        if location.path not in marked:
            marked[location.path] = frozenset(
                i for i, text in enumerate(facts.project.lines(location.path), 1) if "nodeward-ignore" in text
            )
        if location.line not in marked[location.path] and location.line - 1 not in marked[location.path]:
            return None
    for line_no in (location.line, location.line - 1):
        text = facts.source_line(location.path, line_no)
        if "nodeward-ignore" not in text:
            continue
        m = INLINE_IGNORE.search(text)
        if not m:
            continue
        codes = {c.strip() for c in m.group(1).split(",") if c.strip()}
        if not any(c.upper() == code or c.lower() == name or code.startswith(c.upper()) for c in codes):
            continue
        tail = text[m.end() :].strip()
        reason = tail[1:].removesuffix("*/").removesuffix("-->").strip() if tail.startswith(":") else ""
        if not reason:
            return f"{location.path}:{line_no}: nodeward-ignore[{m.group(1)}] has no reason and is ignored"
        return Suppression("inline", reason, source=f"{location.path}:{line_no}")
    return None


def _config_suppression_matches(entry: SuppressionRule, f: Finding) -> bool:
    if entry.rule and not (f.code.startswith(entry.rule.upper()) or f.name == entry.rule.lower()):
        return False
    if entry.path and not matches_glob(f.location.path, [entry.path]):
        return False
    if entry.advisory:
        ids = {str(x).upper() for x in f.data.get("advisory_ids", ())}
        if entry.advisory.upper() not in ids:
            return False
    return True


def apply_config_suppressions(findings: list[Finding], settings: Settings, result: EngineResult) -> list[Finding]:
    """Mark findings suppressed by nodeward.toml; report expired entries (finding re-activated) and unused ones."""
    used: set[int] = set()
    out = []
    for f in findings:
        if f.suppression is None:
            for i, entry in enumerate(settings.suppressions):
                if not _config_suppression_matches(entry, f):
                    continue
                used.add(i)
                if entry.expired(settings.today):
                    result.notices.append(
                        f"suppression expired on {entry.expires} ({entry.source}); "
                        f"{f.code} at {f.location} is active again"
                    )
                    continue
                expires = entry.expires.isoformat() if entry.expires else None
                f = replace(f, suppression=Suppression("config", entry.reason, expires, entry.source))
                break
        out.append(f)
    for i, entry in enumerate(settings.suppressions):
        if i not in used:
            what = entry.rule or entry.advisory or entry.path
            result.notices.append(f"unused suppression ({entry.source}: {what}): it matched no finding")
    return out


def project_frameworks(facts: Facts) -> frozenset[str]:
    """The web frameworks the project's servers are built on (express, fastify, koa, nest, hapi): which lines of a
    rule's fix advice apply. Asked only for rules whose advice has framework lines."""
    if facts.project is None:
        return frozenset()
    return frozenset(app.framework for app in facts.app_model.servers)


def hit_to_finding(
    rule_: Rule, hit: Hit, facts: Facts, frameworks: Callable[[], frozenset[str]] | None = None
) -> Finding:
    location = hit.location or Location("")
    snippet = hit.snippet
    if snippet is None:
        snippet = facts.source_line(location.path, location.line) if location.path else ""
    if not any(ch.isalnum() for ch in snippet):
        # `package.json:1 │ {` tells the reader nothing: a project-wide absence points at the file, no snippet.
        snippet = ""
    return Finding(
        code=rule_.code,
        name=rule_.name,
        practice=rule_.practice,
        severity=hit.severity if hit.severity is not None else rule_.severity,
        confidence=hit.confidence if hit.confidence is not None else rule_.confidence,
        message=hit.message,
        location=location,
        cwe=rule_.cwe,
        snippet=clean_snippet(snippet),
        fix=hit.fix if hit.fix is not None else rule_.fix_for(frameworks() if frameworks else ()),
        trace=hit.trace,
        origin=rule_.origin,
        data=dict(hit.data),
    )


def run_rules(
    facts: Facts,
    rules: Iterable[Rule],
    *,
    on_rule: Callable[[Rule], None] | None = None,
) -> EngineResult:
    """Run each rule whose facts are available. A rule that raises is recorded as an error; the run goes on."""
    result = EngineResult()
    raw: list[Finding] = []
    seen: set[tuple[str, str, int, int, str]] = set()
    known: list[frozenset[str]] = []

    def frameworks() -> frozenset[str]:
        if not known:
            known.append(project_frameworks(facts))
        return known[0]

    for r in rules:
        if on_rule is not None:
            on_rule(r)
        if not facts.available(r.target.requires):
            continue
        result.rules_run.append(r.code)
        result.practices_checked.add(r.practice)
        try:
            for subject in r.target.subjects(facts):
                for hit in r.run(subject):
                    if hit.kind == "hold":
                        result.evidence.append(
                            Evidence(r.code, r.practice, hit.message, hit.location or Location(""), r.origin)
                        )
                    elif hit.kind == "na":
                        result.not_applicable[r.practice].append(hit.message)
                    else:
                        f = hit_to_finding(r, hit, facts, frameworks if r.has_framework_fixes else None)
                        key = (f.code, f.location.path, f.location.line, f.location.column, f.message)
                        if key in seen:
                            continue
                        seen.add(key)
                        raw.append(f)
        except Exception as exc:  # a broken rule must not end the scan
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
            result.errors.append(RuleError(r.code, f"{type(exc).__name__}: {exc} (at {where})"))
    result.findings = finalize_findings(raw, facts, result)
    return result


def corroborate(findings: list[Finding], confirms: Mapping[str, tuple[str, ...]] = CONFIRMS) -> list[Finding]:
    """One finding per mistake: a live finding that confirms a static one in this run becomes part of it.

    `confirms` maps a live rule to the static rules it can confirm, in order of preference: the first of them that
    fired takes the live finding (every finding of that rule, when several apps lack the same thing). The merged
    finding keeps the static fingerprint, location and suppression, and the worse severity of the two; a live
    finding suppressed on its own is left as it is.
    """
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.origin == "static":
            by_code[f.code].append(i)
    absorbed: dict[int, list[Finding]] = defaultdict(list)
    kept: list[tuple[int, Finding]] = []
    for i, f in enumerate(findings):
        targets = next((by_code[c] for c in confirms.get(f.code, ()) if by_code.get(c)), None)
        if f.origin != "live" or f.suppressed or targets is None:  # a suppressed live finding stays on its own
            kept.append((i, f))
            continue
        for t in targets:
            absorbed[t].append(f)
    out = []
    for i, f in kept:
        extra = absorbed.get(i)
        if extra:
            worst = max((f.severity, *(e.severity for e in extra)))
            f = replace(f, severity=worst, confirmed_by=(*f.confirmed_by, *extra))
        out.append(f)
    return out


def finalize_findings(raw: list[Finding], facts: Facts, result: EngineResult) -> list[Finding]:
    """Fingerprints (with occurrence index for identical snippets), inline and config suppressions, stable order."""
    raw.sort(key=lambda f: (f.location.path, f.location.url or "", f.location.line, f.location.column, f.code))
    occurrences: dict[tuple[str, str, str], int] = defaultdict(int)
    marked: dict[str, frozenset[int]] = {}
    out = []
    for f in raw:
        anchor = f.location.path or f.location.url or ""
        ident = f.snippet or f.message
        key = (f.code, anchor, ident)
        fp = fingerprint(f.code, anchor, ident, occurrences[key])
        occurrences[key] += 1
        suppression = _inline_suppression(facts, f.code, f.name, f.location, marked)
        if isinstance(suppression, str):
            result.notices.append(suppression)
            suppression = None
        out.append(replace(f, fingerprint=fp, suppression=suppression))
    return apply_config_suppressions(out, facts.settings, result)
