"""The probe client's safety rules, checked against a real loopback server that records what it receives."""

from __future__ import annotations

import time

import pytest

from nodeward import __version__
from nodeward.probe.client import BudgetExhausted, OffTargetRequest, ProbeClient
from nodeward.probe.plan import execute_plan
from nodeward.probe.record import ProbeOptions

from .loopback import default_routes, loopback_server


def test_redirects_are_recorded_not_followed_and_other_hosts_are_refused() -> None:
    with loopback_server() as server, ProbeClient("127.0.0.1") as client:
        exchange = client.send("t", "GET", server.url + "/off-host")
        assert (exchange.status, exchange.header("location")) == (302, "http://elsewhere.invalid/")
        with pytest.raises(OffTargetRequest):
            client.send("t", "GET", "http://elsewhere.invalid/")
        with pytest.raises(OffTargetRequest):
            client.send("t", "GET", "file:///etc/passwd".replace("file", "ftp"))
        assert [path for _, path, _ in server.received] == ["/off-host"]
        assert client.sent == 1


def test_body_reads_stop_at_the_byte_cap() -> None:
    with loopback_server() as server, ProbeClient("127.0.0.1", max_body_bytes=1000) as client:
        exchange = client.send("t", "GET", server.url + "/big")
        assert (len(exchange.body), exchange.body_truncated) == (1000, True)


def test_budget_is_never_exceeded() -> None:
    with loopback_server() as server, ProbeClient("127.0.0.1", max_requests=3) as client:
        for _ in range(3):
            client.send("t", "GET", server.url + "/")
        with pytest.raises(BudgetExhausted):
            client.send("t", "GET", server.url + "/")
        assert len(server.received) == 3


def test_user_agent_is_distinct_and_app_cookies_are_not_replayed() -> None:
    with (
        loopback_server() as server,
        ProbeClient("127.0.0.1", extra_headers=(("Authorization", "Bearer t"),)) as client,
    ):
        first = client.send("t", "GET", server.url + "/")
        client.send("t", "GET", server.url + "/")
        assert first.set_cookies == ["sid=abc; Path=/"]
        agents = {headers["user-agent"] for _, _, headers in server.received}
        assert agents == {f"nodeward-probe/{__version__}"}
        assert all("cookie" not in headers for _, _, headers in server.received)
        assert all(headers["authorization"] == "Bearer t" for _, _, headers in server.received)
        # ... but the recorded exchange (what reports show) never holds the credential
        assert first.request_header("authorization") == "<redacted>"


def test_a_slow_response_times_out_into_a_recorded_error() -> None:
    with loopback_server() as server, ProbeClient("127.0.0.1", timeout=0.3) as client:
        exchange = client.send("t", "GET", server.url + "/slow")
        assert exchange.status is None and exchange.deadline_hit
        assert exchange.error.startswith("deadline: no complete answer within 0.3 s")


def test_plan_records_an_off_host_redirect_without_following_it() -> None:
    def routes(path: str):
        if path == "/":
            return 302, [("Location", "https://elsewhere.invalid/login")], b""
        return default_routes(path)

    with loopback_server(routes) as server:
        record = execute_plan(ProbeOptions(url=server.url + "/", burst=0))
    assert all(e.host == "127.0.0.1" for e in record.exchanges)
    assert len(server.received) == record.requests_sent
    assert any("redirects off the target host to https://elsewhere.invalid/login" in n for n in record.notes)
    assert record.page is None and record.grade is None


def test_plan_uses_only_get_options_and_small_posts() -> None:
    with loopback_server() as server:
        record = execute_plan(ProbeOptions(url=server.url + "/", burst=5))
    methods = {m for m, _, _ in server.received}
    assert methods <= {"GET", "OPTIONS", "POST"}
    posts = [e for e in record.exchanges if e.method == "POST"]
    # malformed JSON (5 B), bad charset (2 B), the GraphQL introspection query (39 B), 150 000 B; this server
    # answers 200 to anything, so stage 1 counts as accepted and the 1 MiB + 1 stage follows, then 32 MiB + 1 (the
    # largest body a configured limit may allow, sent only after 1 MiB + 1 was accepted)
    assert sorted(e.request_body_size for e in posts) == [2, 5, 39, 150_000, 1_048_577, 33_554_433]
    assert len(record.burst) == 5 and record.budget == 41 + 5


def test_an_error_base_page_is_not_judged_and_the_burst_is_capped() -> None:
    def routes(path: str):
        return 500, [("Content-Type", "text/html"), ("Content-Security-Policy", "default-src 'none'")], b"oops"

    with loopback_server(routes) as server:
        record = execute_plan(ProbeOptions(url=server.url + "/", burst=500))
    assert record.page is None and record.grade is None
    assert any("answered 500: its headers are not judged" in n for n in record.notes)
    assert "--burst 500 capped at 100 requests" in record.notes
    assert len(record.burst) == 100 and record.budget == 141


def test_a_target_that_stops_answering_ends_the_plan_early_and_incomplete() -> None:
    def routes(path: str):
        if path == "/":
            return default_routes(path)
        time.sleep(1.0)
        return 200, [], b"late"

    with loopback_server(routes) as server:
        record = execute_plan(ProbeOptions(url=server.url + "/", timeout=0.2))
    # everything on / answers; security.txt (asked right after the base page), its legacy path and robots.txt
    # time out in a row, and the plan stops there
    assert [e.step for e in record.exchanges] == ["base", "security-txt", "security-txt-legacy", "robots"]
    assert [e.error is not None for e in record.exchanges[-3:]] == [True, True, True]
    assert record.aborted is not None and record.aborted.startswith("the target stopped answering (3 requests in a row")
