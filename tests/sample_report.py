"""One shared sample report for the reporters' golden tests and the browser test.

It registers three sample rules (practice 15 codes NW1590-NW1592, never used by real rules) and builds a Report with
every feature a reporter must render: all severities, a taint trace, inline/config/baseline suppressions, evidence,
skipped files, notices, a probe and a deps section, and hostile text (HTML, script tags, escape sequences).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from nodeward.collect.discover import SkippedFile
from nodeward.engine import EngineResult
from nodeward.facts import ParseProblem
from nodeward.findings import Confidence, Evidence, Finding, Location, Severity, Suppression, TraceStep, fingerprint
from nodeward.report import Report, build_report
from nodeward.rules import rule
from nodeward.rules.registry import unregister
from nodeward.rules.targets import ProjectTarget
from nodeward.scorecard import build_scorecard

DOC = """{summary}

## What it checks
{what}

## Why it matters
Attackers use it. See `{name}` for details.

## How to fix
{fix}

## Example
```js
{bad}
```

## Use instead
```js
{good}
```

## References
- https://owasp.org/
"""

SAMPLE_RULES = (
    (
        "NW1590",
        "sample-sql-injection",
        Severity.HIGH,
        "Request data reaches a SQL query.",
        "Use placeholders.",
        "db.query('SELECT ' + req.query.q)",
        "db.query('SELECT ?', [req.query.q])",
    ),
    (
        "NW1591",
        "sample-missing-header",
        Severity.MEDIUM,
        "A security header is missing.",
        "Use helmet().",
        "app.listen(3000)",
        "app.use(helmet())",
    ),
    ("NW1592", "sample-hygiene", Severity.LOW, "A hygiene problem.", "Tidy up.", "x()", "y()"),
)


def _noop(_facts: object) -> Iterator:
    return iter(())


@contextmanager
def sample_rules() -> Iterator[None]:
    for code, name, severity, summary, fix, bad, good in SAMPLE_RULES:
        func = lambda facts: _noop(facts)  # noqa: E731 - each rule needs its own function object for its docstring
        func.__doc__ = DOC.format(summary=summary, what=summary, name=name, fix=fix, bad=bad, good=good)
        func.__qualname__ = f"sample_{code}"
        func.__module__ = "sample_report"
        rule(code, name, on=ProjectTarget(), severity=severity, confidence=Confidence.HIGH, cwe=89)(func)
    try:
        yield
    finally:
        for code, *_ in SAMPLE_RULES:
            unregister(code)


def _finding(
    code: str, name: str, practice: int, severity: Severity, message: str, loc: Location, snippet: str, **kw: object
) -> Finding:
    return Finding(
        code=code,
        name=name,
        practice=practice,
        severity=severity,
        confidence=Confidence.HIGH,
        message=message,
        location=loc,
        cwe=89,
        snippet=snippet,
        fix=kw.pop("fix", "Use placeholders."),
        fingerprint=fingerprint(code, loc.path or loc.url or "", snippet),
        **kw,  # type: ignore[arg-type]
    )


def build_sample_report() -> Report:
    evil_path = "src/<img src=x onerror=window.__nodeward_pwned=1>.js"
    findings = [
        _finding(
            "NW1590",
            "sample-sql-injection",
            12,
            Severity.HIGH,
            "req.query.sort flows into a SQL query",
            Location("src/routes/orders.js", 7, 3),
            "db.query(`SELECT * FROM orders ORDER BY ${sort}`, (err, rows) => {",
            trace=(
                TraceStep(Location("src/routes/orders.js", 6, 16), "source: req.query.sort", "req.query.sort"),
                TraceStep(Location("src/routes/orders.js", 7, 12), "template literal", "`... ${sort}`"),
                TraceStep(Location("src/routes/orders.js", 7, 3), "sink: mysql2 query", "db.query(...)"),
            ),
            data={"category": "sql"},
        ),
        _finding(
            "NW1590",
            "sample-sql-injection",
            12,
            Severity.HIGH,
            "message with <script>window.__nodeward_pwned=1</script> inside",
            Location(evil_path, 3),
            "res.send('<script>window.__nodeward_pwned=1</script>') // \x1b[31m",
        ),
        _finding(
            "NW1591",
            "sample-missing-header",
            4,
            Severity.MEDIUM,
            "No Content-Security-Policy on the base page",
            Location("", 0, 0, url="http://127.0.0.1:3000/"),
            "",
            fix="Use helmet().",
            origin="live",
            data={"status": 200},
        ),
        _finding(
            "NW1592",
            "sample-hygiene",
            15,
            Severity.LOW,
            "security.txt Expires is in the past",
            Location("public/.well-known/security.txt", 2),
            "Expires: 2020-01-01T00:00:00Z",
            fix="Tidy up.",
        ),
        _finding(
            "NW1592",
            "sample-hygiene",
            15,
            Severity.LOW,
            "suppressed inline",
            Location("src/app.js", 12),
            "app.use(x) // nodeward-ignore[NW1592]: reviewed",
            fix="Tidy up.",
            suppression=Suppression("inline", "reviewed by the security team", source="src/app.js:12"),
        ),
        _finding(
            "NW1591",
            "sample-missing-header",
            4,
            Severity.MEDIUM,
            "suppressed by config",
            Location("src/b.js", 4),
            "app.listen(3000)",
            fix="Use helmet().",
            suppression=Suppression("config", "a gateway adds the headers", "2027-03-31", "nodeward.toml: 1"),
        ),
    ]
    result = EngineResult(findings=findings)
    result.evidence = [
        Evidence("NW1591", 1, "final stage runs as USER node", Location("Dockerfile", 14)),
        Evidence("NW1592", 8, "Sentry.init() called", Location("src/instrument.js", 3)),
    ]
    result.not_applicable[3].append("no session middleware in this project")
    result.practices_checked |= {1, 3, 4, 8, 12, 15}
    result.rules_run = ["NW1590", "NW1591", "NW1592"]
    result.notices = ["unused suppression (nodeward.toml: suppress entry 2: NW0301): it matched no finding"]
    result.incomplete = ["practice 2: no advisory source could answer (offline and no local store)"]
    scorecard = build_scorecard(result, {2: "no advisory source could answer (offline and no local store)"})
    return build_report(
        "scan",
        "examples/<b>evil</b>-app",
        result,
        scorecard,
        skipped=(SkippedFile("huge.js", "larger than 2 MiB"), SkippedFile("evil\x1b[2J.js", "binary content")),
        problems=(ParseProblem("broken.js", "syntax error at line 3 (rest of the file still used)"),),
        files_scanned=42,
        profile="default",
        fail_on="medium",
        started_at=dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc),
        duration_s=0.42,
        config="loaded config nodeward.toml (2 suppressions)",
        sections={
            "probe": {
                "grade": "C",
                "score": 55,
                "headline": "header grade C (55/100)",
                "requests": [{"method": "GET", "url": "http://127.0.0.1:3000/", "status": 200}],
            },
            "deps": {
                "source": "offline store",
                "age": "2 days old",
                "headline": "advisories: offline store, 2 days old",
            },
        },
        version="0.0.0-sample",
    )
