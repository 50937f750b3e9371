"""The knowledge tables: every row is fired by a rule fixture, and the consumers read the same rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nodeward.knowledge.cookies import COOKIE_SETTERS
from nodeward.knowledge.headers import HEADER_MIDDLEWARE, HELMET_DEFAULTS, HELMET_HEADERS, HSTS_OPTIONS
from nodeward.knowledge.names import is_session_cookie_name
from nodeward.knowledge.sessions import DEFAULT_SESSION_COOKIES, SESSION_LIBRARIES, default_cookie_owner
from nodeward.probe.cookies import parse_set_cookie

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _fixture_lines_firing(code: str, marker: str = "expect") -> list[tuple[str, str]]:
    """(file text, marked line) for each `expect: CODE` (or `ok: CODE`) line of the rule's fixtures."""
    out = []
    for file in sorted(FIXTURES.glob(f"{code}*")):
        if file.is_file():
            text = file.read_text("utf-8")
            out += [(text, line) for line in text.splitlines() if f"{marker}: {code}" in line]
    return out


def _imports(package: str) -> re.Pattern[str]:
    return re.compile(rf"""(?:require\(|from )['"]{re.escape(package)}['"]""")


@pytest.mark.parametrize("lib", SESSION_LIBRARIES, ids=lambda lib: lib.package)
def test_every_session_library_row_has_a_fixture_that_fires_it(lib):
    firing = [text for text, _ in _fixture_lines_firing("NW0301") if _imports(lib.package).search(text)]
    assert firing, f"no NW0301 fixture imports {lib.package} and expects a finding"


def test_default_names_are_recognised_by_every_consumer():
    for name, owner in DEFAULT_SESSION_COOKIES.items():
        assert default_cookie_owner(name) == owner
        assert is_session_cookie_name(name)
        assert parse_set_cookie(f"{name}=abc; Path=/").default_name_framework == owner


def test_cookie_names_that_merely_resemble_a_default_are_not_defaults():
    assert default_cookie_owner("acme.sid") is None
    assert default_cookie_owner("connect.sid.v2") is None


@pytest.mark.parametrize("mw", HEADER_MIDDLEWARE, ids=lambda mw: mw.package)
def test_every_header_middleware_row_has_a_fixture_app_it_protects(mw):
    # An app registering the package is `ok: NW0401`; without the row that line would be a finding.
    protected = [text for text, _ in _fixture_lines_firing("NW0401", "ok") if _imports(mw.package).search(text)]
    assert protected, f"no NW0401 fixture registers {mw.package} on an app marked ok"
    if mw.helmet_options:
        disabled = [text for text, _ in _fixture_lines_firing("NW0402") if _imports(mw.package).search(text)]
        assert disabled, f"no NW0402 fixture turns a protection off through {mw.package}"


def test_helmet_option_keys_are_unique_and_hsts_is_read_from_the_table():
    keys = [key for h in HELMET_HEADERS for key in h.options]
    assert len(keys) == len(set(keys))
    assert HSTS_OPTIONS == ("strictTransportSecurity", "hsts")
    assert HELMET_DEFAULTS["x-frame-options"] == "SAMEORIGIN"
    assert "cross-origin-embedder-policy" not in HELMET_DEFAULTS  # off unless configured


@pytest.mark.parametrize("lib", [lib for lib in SESSION_LIBRARIES if lib.cookie], ids=lambda lib: lib.package)
def test_every_session_cookie_flags_row_has_a_fixture_that_fires_it(lib):
    # A cookie-flag rule (Secure, HttpOnly, SameSite) fires on a site that only this row makes a session cookie.
    firing = [
        text
        for code in ("NW0901", "NW0902", "NW0903")
        for text, _ in _fixture_lines_firing(code)
        if _imports(lib.package).search(text)
    ]
    assert firing, f"no NW0901/NW0902/NW0903 fixture imports {lib.package} and expects a finding"


# How each cookie API's call reads in a fixture line.
_SETTER_CALLS = {
    "express": r"\bres\.cookie\(",
    "fastify": r"\breply\.setCookie\(",
    "koa": r"\bctx\.cookies\.set\(",
    "hapi": r"\.state\(",
}


@pytest.mark.parametrize("key", COOKIE_SETTERS)
def test_every_cookie_setter_row_has_a_fixture_line_that_fires_it(key):
    call = re.compile(_SETTER_CALLS[key])
    firing = [
        line for code in ("NW0901", "NW0902", "NW0903") for _, line in _fixture_lines_firing(code) if call.search(line)
    ]
    assert firing, f"no NW0901/NW0902/NW0903 fixture line calls {COOKIE_SETTERS[key].api} and expects a finding"


@pytest.mark.parametrize(
    "lib", [lib for lib in SESSION_LIBRARIES if lib.cookie and lib.cookie.plain_http], ids=lambda lib: lib.package
)
def test_every_library_that_drops_secure_cookies_over_plain_http_is_in_the_nw0904_fixture(lib):
    expected = (FIXTURES / "NW0904" / "expect.txt").read_text("utf-8").split()
    files = [FIXTURES / "NW0904" / "vulnerable" / e.split(":")[0] for e in expected if ":" in e]
    assert any(_imports(lib.package).search(f.read_text("utf-8")) for f in files), lib.package
