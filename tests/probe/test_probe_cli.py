"""`nodeward probe URL` and `nodeward scan PATH --url URL` end to end: exit codes, request list, merged scorecard."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from nodeward.cli import main

from .loopback import loopback_server


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_target_is_one_line_and_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["probe", f"http://127.0.0.1:{closed_port()}/"], capsys)
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("nodeward: error: cannot reach http://127.0.0.1:")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/", "127.0.0.1:3000", "http:///nohost"])
def test_not_an_http_url_is_a_usage_error(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["probe", url], capsys)
    assert code == 2 and "is not an http:// or https:// URL" in err


def test_bad_header_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["probe", "http://127.0.0.1:1/", "--header", "no colon here"], capsys)
    assert code == 2 and "is not 'Name: value'" in err


def test_json_report_lists_every_request_and_the_grade(capsys: pytest.CaptureFixture[str]) -> None:
    with loopback_server() as server:
        code, out, _ = run_cli(["probe", server.url + "/", "--format", "json", "--burst", "3"], capsys)
        received = len(server.received)
    report = json.loads(out)
    section = report["sections"]["probe"]
    assert section["requests_sent"] == len(section["exchanges"]) == len(section["requests"]) == received
    assert (section["grade"], section["observatory"]["grade"]) == ("F", "F")
    codes = {f["code"] for f in report["findings"]}
    assert codes >= {"NW0450", "NW1350"} and "NW0950" not in codes  # plain HTTP on loopback is not judged
    assert all(f["origin"] == "live" for f in report["findings"])
    csp = next(f for f in report["findings"] if f["code"] == "NW0450")
    assert csp["location"]["url"] == server.url + "/"
    assert csp["data"]["request"] == f"GET {server.url}/" and csp["data"]["status"] == 200
    assert code == 1  # medium findings, default --fail-on medium


def test_terminal_report_lists_requests_and_min_grade_gates(capsys: pytest.CaptureFixture[str]) -> None:
    with loopback_server() as server:
        code, out, err = run_cli(["probe", server.url + "/", "--no-burst", "--fail-on", "never"], capsys)
        assert code == 0
        assert "Requests sent by the probe (" in out and "[cors-preflight] OPTIONS" in out
        assert "rate-limit burst turned off" in out
        code, _, err = run_cli(
            ["probe", server.url + "/", "--no-burst", "--fail-on", "never", "--min-grade", "C"], capsys
        )
    assert code == 1 and "header grade F is below --min-grade C" in err


def test_scan_with_url_merges_static_and_live_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "package.json").write_text('{"name": "shop", "dependencies": {"express": "5.3.0"}}\n')
    (tmp_path / "app.js").write_text("const express = require('express');\nconst app = express();\napp.listen(3000);\n")
    with loopback_server() as server:
        _code, out, _ = run_cli(
            ["scan", str(tmp_path), "--url", server.url + "/", "--format", "json", "--no-gitignore"], capsys
        )
    report = json.loads(out)
    origins = {f["origin"] for f in report["findings"]}
    assert "live" in origins
    practice4 = next(p for p in report["scorecard"] if p["practice"] == 4)
    assert "live probe" in practice4["decided_by"]
    assert report["sections"]["probe"]["requests_sent"] > 0


def test_scan_with_unreachable_url_is_incomplete_not_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "package.json").write_text('{"name": "shop"}\n')
    code, out, _ = run_cli(
        [
            "scan",
            str(tmp_path),
            "--url",
            f"http://127.0.0.1:{closed_port()}/",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        capsys,
    )
    report = json.loads(out)
    assert code == 3
    assert any("live probe of" in item for item in report["incomplete"])


def test_a_probe_cut_short_is_incomplete(capsys: pytest.CaptureFixture[str]) -> None:
    import time

    def routes(path: str):
        if path == "/":
            return 200, [("Content-Type", "text/html")], b"<p>hi</p>"
        time.sleep(1.0)
        return 200, [], b"late"

    with loopback_server(routes) as server:
        code, out, _ = run_cli(
            ["probe", server.url + "/", "--timeout", "0.2", "--fail-on", "never", "--format", "json"], capsys
        )
    report = json.loads(out)
    assert code == 3
    assert any("incomplete: the target stopped answering" in item for item in report["incomplete"])
    assert report["findings"]  # what was seen is still reported


def test_scan_with_url_takes_the_probe_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "package.json").write_text('{"name": "shop"}\n')
    with loopback_server() as server:
        _code, out, _ = run_cli(
            ["scan", str(tmp_path), "--url", server.url + "/", "--no-burst", "--no-deps", "--format", "json"], capsys
        )
        received = len(server.received)
    section = json.loads(out)["sections"]["probe"]
    assert section["requests_sent"] == received
    assert not any("burst" in str(r).lower() for r in section["requests"])


def test_probe_options_without_url_are_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "package.json").write_text("{}")
    code, _, err = run_cli(["scan", str(tmp_path), "--insecure"], capsys)
    assert code == 2 and "--insecure is a probe option: it needs --url" in err
