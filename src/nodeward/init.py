"""`nodeward init`: the files that make a project pass practices 14 and 15 and configure nodeward, never overwriting."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

NODEWARD_TOML = """\
# nodeward configuration (every key: the "Configuration" section of nodeward's README).
# Unknown keys are an error. Command-line flags override these values.

# profile = "audit"          # adds noisier heuristics (object injection, timing comparisons, ...)
fail-on = "medium"           # critical | high | medium | low | info | never
# exclude = ["scripts/**"]   # on top of node_modules, dist, build, coverage, vendor, tests, fixtures, examples

[rules]
# rate-limiting = "proxy"    # uncomment when a gateway in front of the app does the rate limiting
body-limit-max = "32mb"      # request body limits above this are reported (practice 13)

# Suppress a finding with a reason (required) and, ideally, an expiry date:
# [[suppress]]
# rule = "NW0301"
# path = "src/legacy/**"
# reason = "cookie renamed by the reverse proxy"
# expires = 2027-03-31
"""

# Where nodeward's GitHub Action (action.yml at the root of nodeward's repository) is, until the user says so: a
# workflow that names no real repository fails at once and visibly, instead of installing something else.
ACTION_PLACEHOLDER = "OWNER/nodeward@REF"
ACTION_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_./-]+)?@[A-Za-z0-9_./-]+$")

WORKFLOW = """\
# nodeward: security audit of this Node.js app against 15 practices, on every push and pull request.
# nodeward's action (action.yml in nodeward's repository) installs nodeward from that repository at the ref below,
# scans, uploads SARIF to code scanning, writes a Markdown step summary and fails the job on high findings.
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
      - name: nodeward scan
        uses: {action}  # {note}
        with:
          path: .
          fail-on: high
"""
PLACEHOLDER_NOTE = "replace with <owner>/<repo>@<commit or tag> of the nodeward repository you reviewed"
PINNED_NOTE = "nodeward's repository at the ref you reviewed"


def workflow(action: str = ACTION_PLACEHOLDER) -> str:
    if action != ACTION_PLACEHOLDER and not ACTION_RE.match(action):
        raise ValueError(f"--action {action!r} is not <owner>/<repo>@<ref> (e.g. acme/nodeward@v0.1.0)")
    note = PLACEHOLDER_NOTE if action == ACTION_PLACEHOLDER else PINNED_NOTE
    return WORKFLOW.format(action=action, note=note)


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
        "# Security contact for this service (RFC 9116). Replace the placeholder Contact, then keep Expires current.\n"
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


PLACEHOLDER_CONTACT = "mailto:security@example.com"  # a finding (NW1505) until replaced


def planned_files(
    today: dt.date, contact: str = PLACEHOLDER_CONTACT, action: str = ACTION_PLACEHOLDER
) -> list[PlannedFile]:
    return [
        PlannedFile("nodeward.toml", NODEWARD_TOML),
        PlannedFile(".github/workflows/nodeward.yml", workflow(action)),
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


def _diff_lines(text: str) -> list[str]:
    # A last line without its newline would run into the next diff line: mark it the way git does.
    lines = text.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def diff(path: str, old: str, new: str) -> str:
    return "".join(difflib.unified_diff(_diff_lines(old), _diff_lines(new), f"a/{path}", f"b/{path}"))
