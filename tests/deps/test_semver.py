"""nodeward's npm version rules agree with node's own `semver` 7.8.6 on every golden case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.deps import semver

GOLDEN = Path(__file__).parent.parent / "fixtures" / "deps" / "semver-golden"
CASES = json.loads((GOLDEN / "cases.json").read_text())
COMPARE = json.loads((GOLDEN / "cmpcases.json").read_text())


def _id(case: dict) -> str:
    return f"{case['range']}|{case['version']}|loose={case['loose']}|incpre={case['includePrerelease']}"


@pytest.mark.parametrize("case", CASES["cases"], ids=_id)
def test_satisfies_agrees_with_node(case: dict) -> None:
    got = semver.satisfies(
        case["version"], case["range"], loose=case["loose"], include_prerelease=case["includePrerelease"]
    )
    assert got is case["node"]


@pytest.mark.parametrize("case", CASES["maxCases"], ids=lambda c: f"{c['range']}|incpre={c['includePrerelease']}")
def test_max_satisfying_agrees_with_node(case: dict) -> None:
    got = semver.max_satisfying(case["versions"], case["range"], include_prerelease=case["includePrerelease"])
    assert got == case["node"]


@pytest.mark.parametrize("case", COMPARE, ids=lambda c: f"{c['a']}<=>{c['b']}")
def test_compare_agrees_with_node(case: dict) -> None:
    assert semver.compare(case["a"], case["b"]) == case["node"]


def test_golden_suite_is_complete() -> None:
    assert (len(CASES["cases"]), len(CASES["maxCases"]), len(COMPARE)) == (316, 32, 164)


def test_invalid_versions_are_not_satisfied_and_do_not_raise() -> None:
    assert semver.satisfies("not a version", "*") is False
    assert semver.satisfies("1.2.3", "this is not a range ~~") is False
    assert semver.sort_key("glorp") is None


def test_partial_versions_are_coerced() -> None:
    assert semver.coerce("1.0") == "1.0.0"
    assert semver.coerce("v2") == "2.0.0"
    assert semver.coerce("1.2.3-beta.1") == "1.2.3-beta.1"
    assert semver.coerce("latest") is None


def test_prerelease_bounds_with_include_prerelease() -> None:
    # The OSV-shaped range the Python port gets wrong (spec §6).
    assert semver.satisfies("5.0.0-beta.2", ">=5.0.0-alpha.1 <5.0.0-beta.3", include_prerelease=True)
    assert not semver.satisfies("5.0.0-beta.3", ">=5.0.0-alpha.1 <5.0.0-beta.3", include_prerelease=True)
