"""Vulnerability scanners that run in CI: shell commands (matched on a CI line and on the package.json scripts it
runs) and actions, orbs, tasks, pipes and templates (matched case-insensitively on the reference). Read by practice
14 (NW1401 dependency audit, NW1402 SAST).

To add a scanner: add a (tool, pattern) row to the commands or a (tool, needles) row to the references, and a line
in a tests/fixtures/rules/NW140* fixture that runs it.
"""

from __future__ import annotations

import re

# Shell commands, matched on the CI line and on the package.json scripts it runs.
AUDIT_COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("npm audit", re.compile(r"\b(?:npm|pnpm|bun)\s+audit\b(?!\s+signatures)")),
    ("yarn audit", re.compile(r"\byarn\s+(?:npm\s+)?audit\b")),
    ("audit-ci", re.compile(r"\baudit-ci\b")),
    ("better-npm-audit", re.compile(r"\bbetter-npm-audit\b")),
    ("improved-yarn-audit", re.compile(r"\bimproved-yarn-audit\b")),
    ("osv-scanner", re.compile(r"\bosv-scanner\b")),
    ("Snyk", re.compile(r"\bsnyk\s+(?:test|monitor)\b")),
    ("nodeward", re.compile(r"\bnodeward\s+(?:scan|deps)\b")),
    ("Trivy", re.compile(r"\btrivy\s+(?:fs|filesystem|repo|repository)\b")),
    ("Grype", re.compile(r"\bgrype\b")),
    ("OWASP Dependency-Check", re.compile(r"\bdependency-check(?:\.sh)?\s")),
    ("retire.js", re.compile(r"\bretire\b")),
)
SAST_COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Semgrep", re.compile(r"\bsemgrep\s+(?:ci|scan|--config)\b|\bsemgrep\s+-")),
    ("CodeQL", re.compile(r"\bcodeql\s+(?:database|github)\b")),
    ("SonarQube/SonarCloud", re.compile(r"\bsonar-scanner\b|\bsonarqube-scanner\b|\bsonar:sonar\b")),
    ("njsscan", re.compile(r"\bnjsscan\b")),
    ("Snyk Code", re.compile(r"\bsnyk\s+code\s+test\b")),
    ("nodeward", re.compile(r"\bnodeward\s+scan\b")),
    ("Bearer", re.compile(r"\bbearer\s+scan\b")),
)
# Actions, orbs, tasks, pipes and templates, matched case-insensitively on the reference.
AUDIT_REFS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Snyk", ("snyk/actions/", "snyk/scan", "snyksecurityscan@", "snyk/snyk-scan")),
    ("osv-scanner", ("google/osv-scanner-action", "osv-scanner")),
    ("dependency review", ("actions/dependency-review-action",)),
    ("Trivy", ("aquasecurity/trivy-action",)),
    ("Grype", ("anchore/scan-action",)),
    ("OWASP Dependency-Check", ("dependency-check/dependency-check_action", "dependency-check-build-task")),
    ("npm audit", ("npm-audit-action", "audit-ci")),
    ("GitLab dependency scanning", ("dependency-scanning",)),
    ("nodeward", ("nodeward",)),
)
SAST_REFS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Only the analysing actions: `codeql-action/upload-sarif` uploads another tool's results and proves nothing.
    ("CodeQL", ("github/codeql-action/init", "github/codeql-action/analyze", "advancedsecurity-codeql-")),
    ("Semgrep", ("semgrep-action", "semgrep/semgrep")),
    (
        "SonarQube/SonarCloud",
        ("sonarcloud-github-action", "sonarqube-scan-action", "sonarcloudanalyze@", "sonarqubeanalyze@", "sonarcloud"),
    ),
    ("njsscan", ("njsscan",)),
    ("GitLab SAST", ("sast.gitlab-ci.yml", "jobs/sast", "/sast@", "components/sast")),
    ("nodeward", ("nodeward",)),
)
