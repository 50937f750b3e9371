"""Class: inputs that crashed nodeward ("internal error"); each is now a one-line error (exit 2) or a skipped file.

Before: a lockfile version over Python's 4,300-digit int() limit (ValueError), a bad range `[z-a]` in a
nodeward.toml glob (re.error), a deeply nested nodeward.toml (RecursionError).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.deps import semver
from nodeward.probe.numbers import CAP, header_int

from .generate import base_project, huge_int_lockfile, nested_toml, write
from .harness import one_line_error, run_nodeward


def test_versions_over_the_int_digit_limit_are_invalid_not_a_crash(tmp_path: Path, osv_store_path: Path) -> None:
    root = huge_int_lockfile(tmp_path / "p", 5000)
    run = run_nodeward("deps", root, "--offline", "--advisory-db", osv_store_path, "--format", "json")
    assert run.rc in (0, 1, 3) and one_line_error(run), run
    big = "9" * 5000
    assert semver.sort_key(f"{big}.0.0") is None and semver.coerce(big) is None
    assert semver.sort_key("9007199254740992.0.0") is None  # over Number.MAX_SAFE_INTEGER, as node's semver says
    assert semver.sort_key("9007199254740991.0.0") is not None
    assert not semver.valid_range("^1.0.0 || " * 200)


def test_header_integers_are_capped_and_ascii_only() -> None:
    assert header_int("9" * 5000) == CAP and header_int(" 42, 7") == 42 and header_int("²") is None


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('exclude = ["[z-a]"]\n', "bad character range z-a"),
        ('[[suppress]]\nrule = "NW0101"\npath = "src/[z-a]/*.js"\nreason = "r"\n', "bad character range z-a"),
    ],
)
def test_bad_globs_in_nodeward_toml_are_one_line_config_errors(tmp_path: Path, toml: str, message: str) -> None:
    root = base_project(tmp_path / "p")
    write(root, "nodeward.toml", toml)
    run = run_nodeward("scan", root, "--offline", "--no-cache")
    assert run.rc == 2 and one_line_error(run) and message in run.stderr and run.stderr.count("\n") == 1, run


def test_bad_exclude_glob_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    run = run_nodeward("scan", base_project(tmp_path / "p"), "--offline", "--exclude", "[z-a]")
    assert run.rc == 2 and one_line_error(run) and "bad character range" in run.stderr, run


def test_deeply_nested_nodeward_toml_is_a_one_line_error(tmp_path: Path) -> None:
    root = nested_toml(tmp_path / "p", 100_000)
    run = run_nodeward("scan", root, "--offline", "--no-cache")
    assert run.rc == 2 and one_line_error(run) and "nodeward.toml" in run.stderr, run
    assert run.stderr.count("\n") == 1, run


def test_deeply_nested_json_and_yaml_are_skipped_not_fatal(tmp_path: Path) -> None:
    root = base_project(tmp_path / "p")
    write(root, "config/deep.json", "[" * 200_000 + "]" * 200_000)
    write(root, "k8s/deep.yaml", "a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    write(root, "package-lock.json", '{"lockfileVersion": 3, "packages": ' + "[" * 100_000 + "]" * 100_000 + "}")
    out = tmp_path / "r.json"
    run = run_nodeward("scan", root, "--offline", "--no-cache", "--format", "json", "-o", out)
    assert run.rc in (0, 1, 3) and one_line_error(run), run
    assert json.loads(out.read_text())["summary"]["files_scanned"] >= 1


def test_osv_record_with_a_non_list_severity_is_read_not_a_crash() -> None:
    """Found by tests/fuzz (hypothesis, osv-record target): `"severity": 1` raised TypeError."""
    from nodeward.deps.advisories.model import advisory_from_osv

    assert advisory_from_osv({"id": "GHSA-x", "severity": 1}).severity is None


@pytest.mark.parametrize("entry", [{"ranges": True}, {"ranges": [{"type": "SEMVER", "events": 5}]}])
def test_osv_record_with_non_list_ranges_or_events_is_invalid_not_a_crash(entry: dict) -> None:
    """Found by the long fuzz run (tests/fuzz/run_long.py, osv-record target): `"ranges": true` raised TypeError."""
    from nodeward.deps.advisories.model import InvalidRecord, advisory_from_osv

    record = {"id": "GHSA-x", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, **entry}]}
    with pytest.raises(InvalidRecord):
        advisory_from_osv(record)
