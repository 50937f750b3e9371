"""Class: servers that fight back. Each request has a total deadline (connect + headers + body), the probe a
wall-clock budget (--max-time); the report says which requests hit them.

Before: a server trickling its headers or body one byte at a time kept `nodeward probe` running for the whole
10-minute test (the per-read timeout restarts at every byte); a 500 page of newlines took 15 minutes; 5,000-digit
Retry-After / rate-limit headers and an undecodable IDNA redirect crashed it.
"""

from __future__ import annotations

import json

import pytest

from .harness import one_line_error, run_nodeward
from .servers import huge_numbers, misbehaving, newline_500, slow_answers, trickle_body, trickle_headers

BOUND = 90.0  # seconds: a bound on finishing at all; the runs below take 10-30 s


def _probe(port: int, *extra: str) -> tuple[object, dict]:
    run = run_nodeward(
        "probe", f"http://127.0.0.1:{port}/", "--timeout", "2", "--max-time", "20", "--format", "json", *extra,
        timeout=BOUND,
    )  # fmt: skip
    assert one_line_error(run), run
    return run, json.loads(run.stdout) if run.stdout.strip().startswith("{") else {}


@pytest.mark.parametrize("behaviour", [trickle_headers, trickle_body], ids=["headers", "body"])
def test_a_trickling_server_cannot_extend_a_request(behaviour) -> None:
    with misbehaving(behaviour) as port:
        run, report = _probe(port)
    # Nothing complete came back: the probe could not check (exit 3), and says the deadline is why.
    assert run.rc == 3, run
    assert "deadline" in run.stderr + json.dumps(report), run
    assert run.seconds < 2 * 3 + 15, run  # three requests of at most --timeout each, then it stops (not a speed test)


def test_the_whole_probe_stops_at_max_time_and_says_so() -> None:
    with misbehaving(slow_answers(1.2)) as port:
        run = run_nodeward(
            "probe", f"http://127.0.0.1:{port}/", "--timeout", "3", "--max-time", "6", "--format", "json",
            timeout=BOUND,
        )  # fmt: skip
    assert one_line_error(run), run
    report = json.loads(run.stdout)
    probe = report["sections"]["probe"]
    assert any("wall-clock budget of 6 s spent (--max-time)" in n for n in probe["notes"]), probe["notes"]
    assert 3 <= len(probe["requests"]) <= 7, probe["requests"]  # ~6 s of 1.2 s answers, never the ~60 planned
    # Steps never sent (security.txt, the burst) are "could not check", never clean.
    assert run.rc in (1, 3), run
    assert any("wall-clock budget of 6 s spent" in text for text in report["incomplete"]), report["incomplete"]


def test_a_500_page_of_newlines_is_judged_quickly() -> None:
    with misbehaving(newline_500) as port:
        run, report = _probe(port, "--no-burst")
    assert run.rc in (1, 3), run
    assert report["sections"]["probe"]["requests"][0]["status"] == 500


def test_huge_integers_and_bad_idna_in_responses_do_not_crash() -> None:
    with misbehaving(huge_numbers) as port:
        run, report = _probe(port, "--burst", "3")
    assert run.rc in (0, 1, 3), run
    steps = {r["step"]: r for r in report["sections"]["probe"]["requests"]}
    assert steps["base"]["status"] == 200
    # httpx decodes the Location of a redirect it does not follow: the answer is an error on that one request
    txt = steps["security-txt"]
    assert txt["error"].startswith("the answer redirects to a URL that cannot be decoded"), txt
    assert txt["status"] == 302, txt  # the answer's status is kept in the record, not lost with the redirect
    [exchange] = [e for e in report["sections"]["probe"]["exchanges"] if e["step"] == "security-txt"]
    assert ["Location", "http://xn--ls8h.xn--a-ecp.invalid./x"] in [list(h) for h in exchange["response_headers"]]
    # security.txt could not be checked (never "missing"): the redirect cannot be followed
    assert any("security.txt" in line and "cannot be decoded" in line for line in report["incomplete"]), report


@pytest.mark.parametrize("url", ["http://xn--ls8h.xn--a-ecp.invalid/", "http://xn--a.invalid:8080/x"])
def test_a_target_whose_idna_host_cannot_be_decoded_is_a_one_line_usage_error(url: str) -> None:
    run = run_nodeward("probe", url, "--timeout", "1", "--max-time", "3", timeout=BOUND)
    assert run.rc == 2 and one_line_error(run) and run.stderr.count("\n") == 1, run
    assert "cannot be used: Codepoint" in run.stderr, run
