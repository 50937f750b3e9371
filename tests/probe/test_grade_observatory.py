"""The header grade reproduces the MDN HTTP Observatory's results on the lab transcripts (spec probe.md §4, §9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.probe.grade import GradeInput, grade_at_least, grade_for, grade_headers

OBSERVATORY = Path(__file__).parent.parent / "fixtures" / "probe" / "observatory"
EVIL = "https://http-observatory.security.mozilla.org"


def load(prefix: str) -> dict:
    path = next(OBSERVATORY.glob(f"{prefix}-*.json.txt"))
    lines = path.read_text().splitlines()
    start = lines.index("{")
    return json.loads("\n".join(lines[start:]))


def headers_of(report: dict) -> tuple[tuple[str, str], ...]:
    out = []
    for name, value in report["scan"]["responseHeaders"].items():
        for item in value if isinstance(value, list) else [value]:
            out.append((name, item))
    return tuple(out)


# What the Observatory saw besides the page headers: https reachable? certificate trusted? the http route; CORS.
CASES = {
    "08": dict(algorithm=4, https=False, cert_valid=True, route=("http://127.0.0.1:18080/",), cors=EVIL),
    "09": dict(algorithm=4, https=True, cert_valid=True, route=None, cors=None),
    "10": dict(algorithm=4, https=True, cert_valid=False, route=None, cors=None),
    "11": dict(algorithm=6, https=True, cert_valid=True, route=None, cors=None),
    "12": dict(algorithm=6, https=False, cert_valid=True, route=("http://127.0.0.1:18080/",), cors=EVIL),
    # The Observatory pairs the :18082 redirector with https on :443, where nothing listens (spec §3.2).
    "13": dict(
        algorithm=6,
        https=False,
        cert_valid=True,
        route=("http://127.0.0.1:18082/", "https://127.0.0.1:18443/"),
        cors=None,
    ),
}


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_grade_matches_observatory_transcript(prefix: str) -> None:
    report = load(prefix)
    case = CASES[prefix]
    headers = headers_of(report)
    cors = (("Access-Control-Allow-Origin", case["cors"]), ("Access-Control-Allow-Credentials", "true"))
    data = GradeInput(
        headers=headers,
        page_url="https://127.0.0.1/" if case["https"] else "http://127.0.0.1/",
        body="<!DOCTYPE html><html><head><title>lab</title></head><body>hello</body></html>",
        https=case["https"],
        cert_valid=case["cert_valid"],
        http_route=case["route"],
        cors_headers=cors if case["cors"] else None,
        cookies=tuple(v for k, v in headers if k == "set-cookie"),
    )
    grade = grade_headers(data, algorithm=case["algorithm"])
    expected = {name: (t["result"], t["scoreModifier"]) for name, t in report["tests"].items()}
    got = {t.name: (t.result, t.modifier) for t in grade.tests}
    assert got == expected
    assert (grade.score, grade.grade) == (report["scan"]["score"], report["scan"]["grade"])


def test_grade_chart_floors_to_five_and_caps_at_a_plus() -> None:
    assert [grade_for(s) for s in (135, 100, 99, 90, 89, 84, 80, 24, 0)] == [
        "A+",
        "A+",
        "A",
        "A",
        "A-",
        "B+",
        "B+",
        "F",
        "F",
    ]
    assert grade_at_least("A+", "B") and not grade_at_least("C+", "B-")


def test_unsafe_inline_script_without_nonce_scores_minus_twenty() -> None:
    grade = grade_headers(
        GradeInput(headers=(("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'"),),
                   page_url="https://h/", https=True)
    )  # fmt: skip
    assert grade.result("content-security-policy").result == "csp-implemented-with-unsafe-inline"
    with_nonce = grade_headers(
        GradeInput(headers=(("Content-Security-Policy", "default-src 'none'; script-src 'nonce-abc' 'unsafe-inline'"),),
                   page_url="https://h/", https=True)
    )  # fmt: skip
    assert with_nonce.result("content-security-policy").result == "csp-implemented-with-no-unsafe-default-src-none"
