"""Every rule against its fixtures: the exact set of (file, line, code) found must equal the markers.

Line-level fixtures: tests/fixtures/rules/NWppnn[-variant].<ext> with trailing `expect: NWppnn` / `ok: NWppnn`
markers (after `//`, `#` or inside a comment). Project-level fixtures: tests/fixtures/rules/NWppnn[-variant]/ with
`vulnerable/` and `safe/` trees and `expect.txt` lines `path:line CODE` (paths relative to vulnerable/).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from nodeward.rules.registry import all_rules

from conftest import FIXTURES, scan

RULES_DIR = FIXTURES / "rules"
MARKER = re.compile(r"\b(expect|ok):\s*(NW\d{4}(?:\s*,\s*NW\d{4})*)")
FIXTURE_NAME = re.compile(r"^(NW\d{4})(?:[-.].*)?$")


def _line_fixtures() -> list[Path]:
    if not RULES_DIR.is_dir():
        return []
    return sorted(p for p in RULES_DIR.iterdir() if p.is_file() and FIXTURE_NAME.match(p.name))


def _folder_fixtures() -> list[Path]:
    if not RULES_DIR.is_dir():
        return []
    return sorted(p for p in RULES_DIR.iterdir() if p.is_dir() and FIXTURE_NAME.match(p.name))


def _markers(path: Path) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    expect, ok = set(), set()
    text = path.read_text("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        for kind, codes in MARKER.findall(line):
            for code in re.split(r"\s*,\s*", codes):
                (expect if kind == "expect" else ok).add((number, code))
    return expect, ok


def _target_name(fixture: Path) -> str:
    """`NW0101.Dockerfile` is scanned as `Dockerfile`, `NW0301-koa.js` as `NW0301-koa.js`."""
    rest = fixture.name[len("NW0000") :]
    if rest.startswith(".") and rest[1:].lower() in {"dockerfile", "procfile", "jenkinsfile"}:
        return rest[1:]
    if rest.startswith(".") and "." in rest[1:] and rest[1:].split(".")[0] and not rest[1:].startswith("."):
        # NW0701.docker-compose.yml -> docker-compose.yml ; NW0101.ecosystem.config.js -> ecosystem.config.js
        return rest[1:]
    return fixture.name


@pytest.mark.parametrize("fixture", _line_fixtures(), ids=lambda p: p.name)
def test_line_fixture(fixture: Path, tmp_path: Path) -> None:
    code = FIXTURE_NAME.match(fixture.name).group(1)
    expect, ok = _markers(fixture)
    assert expect or ok, f"{fixture.name} has no expect:/ok: markers"
    codes = {c for _, c in expect | ok} | {code}
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(fixture, root / _target_name(fixture))
    report = scan(root, select=tuple(sorted(codes)))
    found = {(f.location.line, f.code) for f in report.findings if f.code in codes and not f.suppressed}
    assert not report.rule_errors, report.rule_errors
    assert found == expect, f"missing: {sorted(expect - found)}, unexpected: {sorted(found - expect)}"


@pytest.mark.parametrize("fixture", _folder_fixtures(), ids=lambda p: p.name)
def test_folder_fixture(fixture: Path) -> None:
    code = FIXTURE_NAME.match(fixture.name).group(1)
    expect_file = fixture / "expect.txt"
    assert expect_file.is_file(), f"{fixture.name}/expect.txt is missing"
    expected: set[tuple[str, int, str]] = set()
    for raw in expect_file.read_text("utf-8").splitlines():
        raw = raw.split("#", 1)[0].strip()
        if not raw:
            continue
        where, rule_code = raw.rsplit(None, 1)
        path, line = where.rsplit(":", 1)
        expected.add((path, int(line), rule_code))
    codes = {c for _, _, c in expected} | {code}
    vulnerable, safe = fixture / "vulnerable", fixture / "safe"
    assert vulnerable.is_dir() and safe.is_dir(), f"{fixture.name} needs vulnerable/ and safe/"
    report = scan(vulnerable, select=tuple(sorted(codes)))
    assert not report.rule_errors, report.rule_errors
    found = {
        (f.location.path, f.location.line, f.code) for f in report.findings if f.code in codes and not f.suppressed
    }
    assert found == expected, f"missing: {sorted(expected - found)}, unexpected: {sorted(found - expected)}"
    safe_report = scan(safe, select=tuple(sorted(codes)))
    assert not safe_report.rule_errors, safe_report.rule_errors
    noisy = [(f.location.path, f.location.line, f.code) for f in safe_report.findings if f.code in codes]
    assert noisy == [], f"safe tree raised {noisy}"


def _covered_codes() -> tuple[set[str], set[str]]:
    """Codes with a vulnerable case, and codes with a safe look-alike."""
    vulnerable, safe = set(), set()
    for fixture in _line_fixtures():
        expect, ok = _markers(fixture)
        vulnerable |= {c for _, c in expect}
        safe |= {c for _, c in ok}
    for fixture in _folder_fixtures():
        code = FIXTURE_NAME.match(fixture.name).group(1)
        text = (fixture / "expect.txt").read_text("utf-8") if (fixture / "expect.txt").is_file() else ""
        vulnerable |= set(re.findall(r"NW\d{4}", text))
        if (fixture / "safe").is_dir():
            safe.add(code)
    return vulnerable, safe


# Live probe and dependency rules are tested on recorded exchanges and real lockfiles in their own suites.
@pytest.mark.parametrize("rule", [r for r in all_rules() if r.origin == "static"], ids=lambda r: r.code)
def test_every_static_rule_has_a_vulnerable_and_a_safe_fixture(rule) -> None:
    vulnerable, safe = _covered_codes()
    assert rule.code in vulnerable, f"{rule.code} has no vulnerable fixture case"
    assert rule.code in safe, f"{rule.code} has no safe look-alike fixture case"
