"""The knowledge tables: every row is fired by a rule fixture, and the consumers read the same rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nodeward.knowledge.sessions import DEFAULT_SESSION_COOKIES, SESSION_LIBRARIES, default_cookie_owner
from nodeward.probe.cookies import parse_set_cookie
from nodeward.rules.names import is_session_cookie_name

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _fixture_lines_firing(code: str) -> list[tuple[str, str]]:
    """(file text, marked line) for each `expect: CODE` line of the rule's fixtures."""
    out = []
    for file in sorted(FIXTURES.glob(f"{code}*")):
        if file.is_file():
            text = file.read_text("utf-8")
            out += [(text, line) for line in text.splitlines() if f"expect: {code}" in line]
    return out


@pytest.mark.parametrize("lib", SESSION_LIBRARIES, ids=lambda lib: lib.package)
def test_every_session_library_row_has_a_fixture_that_fires_it(lib):
    imported = re.compile(rf"""(?:require\(|from )['"]{re.escape(lib.package)}['"]""")
    firing = [text for text, _ in _fixture_lines_firing("NW0301") if imported.search(text)]
    assert firing, f"no NW0301 fixture imports {lib.package} and expects a finding"


def test_default_names_are_recognised_by_every_consumer():
    for name, owner in DEFAULT_SESSION_COOKIES.items():
        assert default_cookie_owner(name) == owner
        assert is_session_cookie_name(name)
        assert parse_set_cookie(f"{name}=abc; Path=/").default_name_framework == owner


def test_cookie_names_that_merely_resemble_a_default_are_not_defaults():
    assert default_cookie_owner("acme.sid") is None
    assert default_cookie_owner("connect.sid.v2") is None
