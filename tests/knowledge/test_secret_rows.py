"""Every row of knowledge/secrets.py and knowledge/crypto.py is fired by a rule fixture (a row nothing exercises
is a claim nobody checked)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from nodeward.knowledge import crypto, secrets

from conftest import FIXTURES, scan

RULES = FIXTURES / "rules"


def _fired(tmp_path: Path, fixture: str, code: str) -> set[str]:
    root = tmp_path / fixture
    root.mkdir()
    shutil.copy(RULES / fixture, root / fixture)
    report = scan(root, select=(code,))
    assert not report.rule_errors, report.rule_errors
    return {f.data["row"] for f in report.findings if f.code == code and "row" in (f.data or {})}


def test_every_credential_row_fires(tmp_path: Path) -> None:
    fired = _fired(tmp_path, "NW0612.js", "NW0612") | _fired(tmp_path, "NW0605-jwt-libraries.mjs", "NW0605")
    missing = sorted(row.id for row in secrets.CREDENTIALS if row.id not in fired)
    assert missing == []


def test_every_cipher_row_fires(tmp_path: Path) -> None:
    fired = _fired(tmp_path, "NW0614.js", "NW0614")
    assert sorted(row.id for row in crypto.CIPHERS if row.id not in fired) == []


def test_every_token_format_has_a_reported_fixture_line() -> None:
    lines = (RULES / "NW0613.js").read_text("utf-8").splitlines()
    expected = [line for line in lines if re.search(r"expect: NW0613", line)]
    for fmt in secrets.TOKEN_FORMATS:
        assert any(fmt.regex.search(line) for line in expected), f"no fixture line fires {fmt.id}"


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("changeme", True),
        ("your-client-secret", True),
        ("xxxxxxxx", True),
        ("<secret>", True),
        ("${DB_PASS}", True),
        ("AKIAIOSFODNN7EXAMPLE", True),
        ("abc", True),
        ("Pr0d-db-pass!", False),
        ("dev-secret-2024", False),
    ],
)
def test_placeholders(value: str, placeholder: bool) -> None:
    assert secrets.is_placeholder(value) is placeholder


@pytest.mark.parametrize(
    ("path", "skipped"),
    [
        ("src/app.test.js", True),
        ("examples/server.js", True),
        ("docs/setup.js", True),
        ("config/default.example.js", True),
        ("src/config.js", False),
        ("src/latest/app.js", False),
    ],
)
def test_test_and_example_files(path: str, skipped: bool) -> None:
    assert bool(secrets.TEST_OR_EXAMPLE_FILE.search(path)) is skipped
