"""The 15 practices: titles here, checks in pNN_*.py (module pNN holds practice NN's rules)."""

from __future__ import annotations

import importlib

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

MODULES = (
    "p01_non_root",
    "p02_dependencies",
    "p03_session_cookie_names",
    "p04_security_headers",
    "p05_rate_limiting",
    "p06_authentication",
    "p07_information_disclosure",
    "p08_monitoring",
    "p09_https_cookies",
    "p10_input_validation",
    "p11_security_linters",
    "p12_injection",
    "p13_request_size",
    "p14_ci_scanning",
    "p15_security_txt",
)


def load_all() -> None:
    """Import the fifteen modules; their @rule decorators fill the registry. Not done on import of this package,
    so that reading PRACTICES (explain, reporters) costs nothing."""
    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")
