"""SARIF 2.1.0 for code scanning: one run, rule help from docstrings, security-severity, fingerprints, codeFlows."""

from __future__ import annotations

import json
from typing import Any

from nodeward.findings import SECURITY_SEVERITY, Finding, Location, Severity
from nodeward.fix.available import AvailableFix, available_fixes, sarif_fix
from nodeward.knowledge.guide import PRACTICES
from nodeward.report import Report
from nodeward.rules.registry import Rule, all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# Code scanning rejects a whole file when a result lacks a physical location; this is the last-resort anchor.
FALLBACK_ARTIFACT = "package.json"


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    tags = ["security", f"practice-{rule.practice:02d}"]
    if rule.cwe:
        tags.append(f"external/cwe/cwe-{rule.cwe}")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.section("What it checks") or rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": tags,
            "precision": {0: "low", 1: "medium", 2: "high"}[int(rule.confidence)],
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "practice": f"{rule.practice:02d} {PRACTICES[rule.practice]}",
        },
    }


def _physical(loc: Location) -> dict[str, Any]:
    uri = loc.path or loc.url or FALLBACK_ARTIFACT
    region: dict[str, Any] = {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)}
    if loc.end_line:
        region["endLine"] = max(loc.end_line, region["startLine"])
    if loc.end_column and (loc.end_line or loc.line) == loc.line and loc.end_column > region["startColumn"]:
        region["endColumn"] = loc.end_column
    artifact: dict[str, Any] = {"uri": uri}
    if loc.path:
        artifact["uriBaseId"] = "%SRCROOT%"
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _result(f: Finding, rule_index: dict[str, int], fix: AvailableFix | None = None) -> dict[str, Any]:
    loc = _physical(f.location)
    if f.snippet:
        loc["physicalLocation"]["region"]["snippet"] = {"text": f.snippet}
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": LEVELS[f.severity],
        "message": {"text": f.message + (f"\nFix: {f.fix}" if f.fix else "")},
        "locations": [loc],
        "partialFingerprints": {"nodeward/v1": f.fingerprint},
        "properties": {
            "severity": f.severity.label,
            "confidence": f.confidence.label,
            "practice": f.practice,
            "origin": f.origin,
            "security-severity": SECURITY_SEVERITY[f.severity],
        },
    }
    if f.location.url:
        result["properties"]["url"] = f.location.url
    if f.confirmed_by:
        # The live evidence of the same mistake: the probed URL and what it answered.
        result["relatedLocations"] = [
            {"id": i, **_physical(c.location), "message": {"text": f"seen live ({c.code}): {c.message}"}}
            for i, c in enumerate(f.confirmed_by)
        ]
        result["properties"]["confirmed_by"] = [c.code for c in f.confirmed_by]
    if f.trace:
        result["codeFlows"] = [
            {
                "threadFlows": [
                    {
                        "locations": [
                            {"location": {**_physical(step.location), "message": {"text": step.note}}}
                            for step in f.trace
                        ]
                    }
                ]
            }
        ]
    if fix is not None:
        result["fixes"] = [sarif_fix(fix)]
    if f.suppression is not None:
        result["suppressions"] = [
            {
                "kind": "inSource" if f.suppression.kind == "inline" else "external",
                "justification": f.suppression.reason,
                "status": "accepted",
            }
        ]
    return result


def sarif_dict(report: Report) -> dict[str, Any]:
    # Only the rules this report references: keeps uploads small and the output stable as rules are added.
    used = {f.code for f in report.findings}
    rules = [r for r in all_rules() if r.code in used]
    rule_index = {r.code: i for i, r in enumerate(rules)}
    fixes = available_fixes(report)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nodeward",
                        "version": report.version,
                        "semanticVersion": report.version,
                        "rules": [_rule_descriptor(r) for r in rules],
                    }
                },
                "results": [_result(f, rule_index, fixes.get(f.fingerprint)) for f in report.findings],
                "invocations": [
                    {
                        "executionSuccessful": not report.incomplete and not report.rule_errors,
                        "toolExecutionNotifications": [
                            {"level": "warning", "message": {"text": text}}
                            for text in (*report.notices, *report.incomplete)
                        ]
                        + [
                            {"level": "error", "message": {"text": f"{e.code}: {e.message}"}}
                            for e in report.rule_errors
                        ],
                    }
                ],
                "properties": {
                    "command": report.command,
                    "target": report.target,
                    # The verdicts behind the results: a practice with only suppressed or baselined results still
                    # fails ("known"), which code scanning cannot tell from the results alone.
                    "scorecard": [
                        {
                            "practice": p.number,
                            "status": p.status,
                            "findings": len(p.findings),
                            "known": len(p.known),
                        }
                        for p in report.scorecard.practices
                    ],
                },
            }
        ],
    }


def render(report: Report) -> str:
    return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"
