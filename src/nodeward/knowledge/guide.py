"""The guide nodeward checks against: its 15 practices by number, with their titles. Read by the scorecard, the
reporters, the rule docs and `explain`; the checks themselves live in practices/pNN_*.py."""

from __future__ import annotations

PRACTICES: dict[int, str] = {
    1: "Never run as root",
    2: "Keep npm dependencies audited and up to date",
    3: "No default session cookie names",
    4: "Security HTTP headers",
    5: "Rate limiting",
    6: "Strong authentication",
    7: "Send no unnecessary information",
    8: "Monitoring",
    9: "HTTPS only, Secure and HttpOnly cookies",
    10: "Validate user input",
    11: "Security linters",
    12: "Prevent SQL and NoSQL injection",
    13: "Limit request size",
    14: "Automated vulnerability scanning in CI",
    15: "security.txt",
}
