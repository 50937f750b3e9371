"""JSON report: the `nodeward/report-v1` contract (schema in nodeward/schemas/report-v1.json)."""

from __future__ import annotations

import json
from typing import Any

from nodeward.findings import Evidence, Finding, Location
from nodeward.fix.available import AvailableFix, available_fixes
from nodeward.report import Report
from nodeward.rules.registry import get_rule

SCHEMA_ID = "nodeward/report-v1"


def location_dict(loc: Location) -> dict[str, Any]:
    return loc.as_dict()


def finding_dict(f: Finding) -> dict[str, Any]:
    rule = get_rule(f.code)
    return {
        "code": f.code,
        "name": f.name,
        "practice": f.practice,
        "severity": f.severity.label,
        "confidence": f.confidence.label,
        "cwe": f.cwe,
        "message": f.message,
        "location": location_dict(f.location),
        "snippet": f.snippet,
        "fix": f.fix,
        "origin": f.origin,
        "fingerprint": f.fingerprint,
        "help_summary": rule.summary if rule else "",
        "trace": [{"location": location_dict(s.location), "note": s.note, "snippet": s.snippet} for s in f.trace],
        "suppression": None
        if f.suppression is None
        else {
            "kind": f.suppression.kind,
            "reason": f.suppression.reason,
            "expires": f.suppression.expires,
            "source": f.suppression.source,
        },
        "data": dict(f.data),
        # The same mistake seen live (rules/corroboration.py): each a whole finding, with its URL and response.
        "confirmed_by": [finding_dict(c) for c in f.confirmed_by],
    }


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return {
        "code": e.code,
        "practice": e.practice,
        "message": e.message,
        "location": location_dict(e.location),
        "origin": e.origin,
    }


def _with_fix(entry: dict[str, Any], fix: AvailableFix | None) -> dict[str, Any]:
    """Which findings `nodeward fix` can fix, and how (safe, or unsafe with the behaviour to review)."""
    if fix is not None:
        entry["fix_available"] = {"title": fix.title, "safety": fix.safety, "why_unsafe": fix.why_unsafe or None}
    return entry


def report_dict(report: Report) -> dict[str, Any]:
    fixes = available_fixes(report)
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "nodeward", "version": report.version},
        "command": report.command,
        "target": report.target,
        "started_at": report.started_at.isoformat(),
        "duration_s": round(report.duration_s, 3),
        "profile": report.profile,
        "fail_on": report.fail_on,
        "config": report.config,
        "summary": {
            "files_scanned": report.files_scanned,
            "files_skipped": len(report.skipped),
            "rules_run": report.rules_run,
            "rules_total": report.rules_total,
            "rules_not_run": dict(report.rules_not_run),
            "findings": len(report.active),
            "suppressed": len(report.suppressed),
            "by_severity": report.severity_counts(),
            "scorecard": report.scorecard_counts(),
        },
        "scorecard": [
            {
                "practice": p.number,
                "title": p.title,
                "status": p.status,
                "decided_by": list(p.decided_by),
                "findings": [f.fingerprint for f in p.findings],
                "known": [f.fingerprint for f in p.known],
                "evidence": [evidence_dict(e) for e in p.evidence],
                "notes": list(p.notes),
            }
            for p in report.scorecard.practices
        ],
        "findings": [_with_fix(finding_dict(f), fixes.get(f.fingerprint)) for f in report.findings],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "problems": [{"path": p.path, "message": p.message} for p in report.problems],
        "rule_errors": [{"code": e.code, "message": e.message} for e in report.rule_errors],
        "notices": list(report.notices),
        "incomplete": list(report.incomplete),
        "sections": dict(report.sections),
    }


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False, default=str) + "\n"
