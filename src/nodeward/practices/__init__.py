"""The 15 practices' checks: module pNN_*.py holds practice NN's rules (the titles are data, in knowledge/guide.py)."""

from __future__ import annotations

import importlib

from nodeward.knowledge.guide import PRACTICES

__all__ = ["MODULES", "PRACTICES", "load_all"]


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
