"""`nodeward init`: the files that make a project pass practices 14 and 15 and configure nodeward, never overwriting."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

NODEWARD_TOML = """\
# nodeward configuration: https://github.com/nodeward/nodeward#configuration
# Unknown keys are an error. Command-line flags override these values.

# profile = "audit"          # adds noisier heuristics (object injection, timing comparisons, ...)
fail-on = "medium"           # critical | high | medium | low | info | never
# exclude = ["scripts/**"]   # on top of node_modules, dist, build, coverage, vendor, tests, fixtures, examples

[rules]
# rate-limiting = "proxy"    # uncomment when a gateway in front of the app does the rate limiting
body-limit-max = "1mb"       # request bodies above this are reported (practice 13)

# Suppress a finding with a reason (required) and, ideally, an expiry date:
# [[suppress]]
# rule = "NW0301"
# path = "src/legacy/**"
# reason = "cookie renamed by the reverse proxy"
# expires = 2027-03-31
"""

WORKFLOW = """\
# nodeward: security audit of this Node.js app against 15 practices, on every push and pull request.
name: nodeward
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  nodeward:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write  # upload SARIF to code scanning
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install nodeward
        run: pip install "nodeward==0.1.0"  # pin the version you reviewed
      - name: Scan (SARIF for code scanning)
        run: nodeward scan . --format sarif --output nodeward.sarif --exit-zero
      - name: Upload SARIF
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: nodeward.sarif
          category: nodeward
      - name: Summary and gate
        run: |
          status=0
          nodeward scan . --format markdown --output nodeward.md --fail-on high || status=$?
          cat nodeward.md >> "$GITHUB_STEP_SUMMARY"
          exit "$status"
"""


DEPENDABOT = """\
# Dependabot proposes npm updates every week (practices 2 and 14); security updates come as soon as they exist.
version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule:
      interval: weekly
    open-pull-requests-limit: 10
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
"""


def security_txt(today: dt.date, contact: str) -> str:
    expires = dt.datetime.combine(today + dt.timedelta(days=365), dt.time(0, 0), tzinfo=dt.timezone.utc)
    return (
        "# Security contact for this service (RFC 9116). Replace the placeholders, then keep Expires current.\n"
        f"Contact: {contact}\n"
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
        "Preferred-Languages: en\n"
    )


ESLINT_FLAT = """\
// eslint.config.js — enable eslint-plugin-security (npm install --save-dev eslint-plugin-security)
const pluginSecurity = require('eslint-plugin-security');

module.exports = [
  // ...your existing config objects
  pluginSecurity.configs.recommended,
];
"""

ESLINT_LEGACY = """\
// .eslintrc.json — enable eslint-plugin-security (npm install --save-dev eslint-plugin-security)
{
  "plugins": ["security"],
  "extends": ["plugin:security/recommended-legacy"]
}
"""

ESLINT_NONE = (
    """\
# No ESLint configuration found. Start one with eslint-plugin-security enabled:
#   npm install --save-dev eslint eslint-plugin-security
# then create eslint.config.js:
"""
    + ESLINT_FLAT
)


@dataclass(frozen=True)
class PlannedFile:
    path: str  # relative to the project root
    content: str


def planned_files(today: dt.date, contact: str = "mailto:security@example.com") -> list[PlannedFile]:
    return [
        PlannedFile("nodeward.toml", NODEWARD_TOML),
        PlannedFile(".github/workflows/nodeward.yml", WORKFLOW),
        PlannedFile(".github/dependabot.yml", DEPENDABOT),
        PlannedFile("public/.well-known/security.txt", security_txt(today, contact)),
    ]


def eslint_snippet(root: Path) -> str:
    """The snippet matching the project's ESLint config style (flat, legacy, or none yet)."""
    if any((root / f"eslint.config.{ext}").is_file() for ext in ("js", "mjs", "cjs", "ts", "mts", "cts")):
        return ESLINT_FLAT
    legacy = [".eslintrc", ".eslintrc.json", ".eslintrc.js", ".eslintrc.cjs", ".eslintrc.yml", ".eslintrc.yaml"]
    if any((root / name).is_file() for name in legacy):
        return ESLINT_LEGACY
    return ESLINT_NONE


def diff(path: str, old: str, new: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"))
