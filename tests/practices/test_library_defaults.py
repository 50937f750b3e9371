"""The library behaviour practices 6 and 13 rely on, checked against the real packages (installed from a committed
lockfile with --ignore-scripts): size parsing, formidable's defaults, bcryptjs's default cost, jsonwebtoken and 'none'.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest

from nodeward.rules.byte_sizes import parse_bytes

from conftest import require_tool
from node_tools import npm_ci

REFERENCE = Path(__file__).resolve().parent.parent / "node_reference"
SIZES = [
    "100kb",
    "1mb",
    "1.5MB",
    "1 mb",
    " 2 gb",
    "50mb",
    "100b",
    "100 megabytes",
    "  42",
    "unlimited",
    "",
    "mb",
    1024,
    10.5,
    "Infinity",
    "-1mb",
    "0.5kb",
    "1e3",
    "0x10",
    "1.5.5mb",
    "3 TB",
    "1pb",
]


@pytest.fixture(autouse=True, scope="module")
def _node_and_npm() -> None:
    require_tool("node", why="to read the libraries' defaults")
    require_tool("npm", why="to install the libraries")


@pytest.fixture(scope="module")
def library_facts() -> dict:
    npm_ci(REFERENCE)
    proc = subprocess.run(
        ["node", str(REFERENCE / "defaults.cjs")],
        input=json.dumps({"sizes": SIZES}),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(proc.stdout)


def test_parse_bytes_agrees_with_the_bytes_package(library_facts: dict) -> None:
    ours = []
    for value in SIZES:
        result = parse_bytes(math.inf if value == "Infinity" else value)
        ours.append("Infinity" if result == math.inf else result)
    assert ours == library_facts["parsed"]


def test_formidable_defaults_to_200_mb_files_and_unlimited_count(library_facts: dict) -> None:
    assert library_facts["formidableMaxFileSize"] == 200 * 1024 * 1024
    assert library_facts["formidableMaxFiles"] == "Infinity"


def test_bcryptjs_default_cost_is_10_and_low_costs_are_raised_to_4(library_facts: dict) -> None:
    assert library_facts["bcryptjsDefaultSalt"] == "$2b$10$"
    assert library_facts["bcryptjsLowSalt"] == "$2b$04$"


def test_jsonwebtoken_accepts_unsigned_tokens_only_when_none_is_allowed(library_facts: dict) -> None:
    assert (
        library_facts["unsignedWithoutAlgorithms"] == 'please specify "none" in "algorithms" to verify unsigned tokens'
    )
    assert library_facts["unsignedWithNone"] == "accepted"
