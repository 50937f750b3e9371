"""The probe against real apps started with `node`: exact verdicts per app and mode, grade, and request budget."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from nodeward.probe.plan import ProbeUnreachable, execute_plan
from nodeward.probe.record import ProbeOptions, ProbeRecord
from nodeward.report import Report
from nodeward.scan import RunInputs, evaluate
from nodeward.settings import Settings


def probe(options: ProbeOptions, root: Path) -> tuple[ProbeRecord, Report]:
    record = execute_plan(options)
    report = evaluate("probe", options.url, Settings(root=root), None, RunInputs(sources={"probe": record}),
                      origins=("live",))  # fmt: skip
    assert not report.rule_errors, report.rule_errors
    return record, report


def tls(certs) -> dict[str, str]:
    return {"TLS_KEY": str(certs.key), "TLS_CERT": str(certs.cert)}


def verdicts(report: Report) -> Counter:
    return Counter((f.code, f.severity.label) for f in report.findings)


def assert_within_budget(record: ProbeRecord, received: list[str]) -> None:
    """Every request the app received was one the probe recorded, and their number stays within the budget."""
    answered = [f"{e.method} {e.path}" for e in record.exchanges if e.ok]  # a failed TLS handshake never arrives
    assert received == answered
    assert len(received) <= len(record.exchanges) <= record.budget
    # the budget: 36 fixed requests (with room for redirect hops), 2 per --path, and the burst (30 by default)
    assert record.budget == 41 + 2 * len(record.steps("path:")) + record.burst_size


INSECURE_COMMON = {
    ("NW0350", "low"): 1,  # connect.sid
    ("NW0450", "medium"): 1,  # no CSP
    ("NW0451", "low"): 1,  # no nosniff
    ("NW0452", "medium"): 1,  # no frame protection
    ("NW0456", "info"): 1,  # helmet baseline missing
    ("NW0457", "high"): 1,  # cors({origin: true, credentials: true})
    ("NW0550", "low"): 1,  # 30 requests, no 429
    ("NW0752", "low"): 1,  # X-Powered-By: Express
    ("NW0753", "low"): 1,  # finalhandler's default error page
    ("NW0754", "medium"): 2,  # /metrics and /package.json
    # no NW0950: plain HTTP on 127.0.0.1 is the developer's own machine, not judged
    ("NW0952", "info"): 1,  # no Secure, but the site has no HTTPS at all
    ("NW0954", "low"): 1,  # no SameSite
    ("NW1550", "info"): 1,  # no security.txt
}
INSECURE = {
    "development": {**INSECURE_COMMON, ("NW0750", "high"): 1, ("NW0751", "high"): 2},  # JSON 400; charset 415, 413
    "production": INSECURE_COMMON,
}
KOA = {
    ("NW0350", "low"): 1,  # koa.sess
    ("NW0351", "low"): 1,  # readable session data with a `role`
    ("NW0450", "medium"): 1,
    ("NW0451", "low"): 1,
    ("NW0452", "medium"): 1,
    ("NW0456", "info"): 1,
    ("NW0952", "info"): 2,  # koa.sess and koa.sess.sig over plain HTTP
    ("NW0954", "low"): 1,
    ("NW1550", "info"): 1,
}


@pytest.mark.parametrize("mode", ["development", "production"])
def test_insecure_express_app_gets_every_finding_it_deserves(mode: str, app_runner, tmp_path: Path) -> None:
    app = app_runner("express-insecure", mode)
    record, report = probe(ProbeOptions(url=f"http://127.0.0.1:{app.port}/"), tmp_path)
    assert verdicts(report) == Counter(INSECURE[mode])
    assert (record.grade.grade, record.grade.score) == ("F", 0)
    assert len(record.burst) == 30  # no limiter: the full burst, and not one request more
    assert_within_budget(record, app.requests_received())
    assert {e.code for e in report.evidence} >= {"NW0953", "NW1350"}  # HttpOnly connect.sid; 413 at 150 kB


@pytest.mark.parametrize("mode", ["development", "production"])
def test_hardened_express_app_over_https_gets_a_plus_and_nothing_above_low(
    mode: str, app_runner, test_certs, tmp_path: Path
) -> None:
    app = app_runner("express-hardened", mode, tls(test_certs))
    options = ProbeOptions(url=f"https://127.0.0.1:{app.port}/", http_port=app.http_port, ca_file=str(test_certs.ca))
    record, report = probe(options, tmp_path)
    assert [f for f in report.findings if f.severity.label not in ("low", "info")] == []
    assert verdicts(report) == Counter()
    assert (record.grade.grade, record.grade.score) == ("A+", 135)
    assert record.http_route == (f"http://127.0.0.1:{app.http_port}/", f"https://127.0.0.1:{app.port}/")
    assert record.burst == []  # draft-8 RateLimit headers were seen: no burst needed
    evidence = {e.code for e in report.evidence}
    assert evidence >= {"NW0350", "NW0450", "NW0454", "NW0457", "NW0550", "NW0950", "NW0951", "NW0952", "NW1350"}
    assert_within_budget(record, app.requests_received())


def test_probing_the_http_url_follows_the_same_host_redirect_to_https(app_runner, test_certs, tmp_path: Path) -> None:
    app = app_runner("express-hardened", "production", tls(test_certs))
    record, report = probe(ProbeOptions(url=f"http://127.0.0.1:{app.http_port}/", ca_file=str(test_certs.ca)), tmp_path)
    assert [(e.step, e.status) for e in record.chain("base")] == [("base", 301), ("base+1", 200)]
    assert record.page.url == f"https://127.0.0.1:{app.port}/"
    assert verdicts(report) == Counter()
    assert (record.grade.grade, "NW0950" in {e.code for e in report.evidence}) == ("A+", True)


def test_untrusted_certificate_is_high_and_the_probe_goes_on_unverified(app_runner, test_certs, tmp_path: Path) -> None:
    app = app_runner("express-hardened", "production", tls(test_certs))
    record, report = probe(ProbeOptions(url=f"https://127.0.0.1:{app.port}/"), tmp_path)
    assert verdicts(report) == Counter({("NW0951", "high"): 1})
    # As the Observatory: hsts-invalid-cert (-20) cancels the bonus points (spec §9: B+ 80 without the redirector).
    assert (record.grade.grade, record.grade.score) == ("B+", 80)
    assert record.exchanges[0].error.startswith("TLS certificate verification failed")
    assert all(e.tls_verified is False for e in record.exchanges[1:])
    assert_within_budget(record, app.requests_received())


def test_credentials_are_never_sent_to_an_unverified_server(app_runner, test_certs, tmp_path: Path) -> None:
    app = app_runner("express-hardened", "production", tls(test_certs))
    options = ProbeOptions(url=f"https://127.0.0.1:{app.port}/", headers=(("Authorization", "Bearer secret"),))
    with pytest.raises(ProbeUnreachable, match="not retrying without verification"):
        execute_plan(options)
    assert app.requests_received() == []


def test_insecure_flag_is_reported_as_unverified(app_runner, test_certs, tmp_path: Path) -> None:
    app = app_runner("express-hardened", "production", tls(test_certs))
    record, report = probe(ProbeOptions(url=f"https://127.0.0.1:{app.port}/", insecure=True), tmp_path)
    assert verdicts(report) == Counter({("NW0951", "info"): 1})
    assert "TLS certificate verification was turned off (--insecure)" in record.notes


@pytest.mark.parametrize("mode", ["development", "production"])
def test_koa_app_default_session_and_login_limiter(mode: str, app_runner, tmp_path: Path) -> None:
    app = app_runner("koa-basic", mode)
    record, report = probe(ProbeOptions(url=f"http://127.0.0.1:{app.port}/", paths=("/login",)), tmp_path)
    assert verdicts(report) == Counter(KOA)
    # The hand-made limiter allows 10 requests a minute to /login: GET and POST of the plan, then the burst's 9th
    # request is the 11th and gets 429, which ends the burst.
    assert [e.status for e in record.burst] == [200] * 8 + [429]
    assert "NW0550" in {e.code for e in report.evidence}
    # Koa has no body parser here: malformed JSON and big bodies get 404, which proves nothing either way.
    assert {"NW0750", "NW1350"}.isdisjoint({f.code for f in report.findings} | {e.code for e in report.evidence})
    assert_within_budget(record, app.requests_received())
