"""`scan --url` and `probe` on real running apps, read as the user reads them: one finding per mistake, the burst
summarised, no HTTPS judgement on loopback."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from nodeward.cli import main

APPS = Path(__file__).resolve().parent.parent / "apps"

# express-insecure in development mode, static + live: each mistake once, with what the probe saw inside it.
ONE_PER_MISTAKE = {
    ("NW0301", "app.js"): ["NW0350"],  # connect.sid: session({...}) without name, and the cookie seen live
    ("NW0401", "app.js"): ["NW0450", "NW0451", "NW0452", "NW0456"],  # no helmet: four missing-header findings
    ("NW0403", "app.js"): ["NW0752"],  # X-Powered-By
    ("NW0404", "app.js"): ["NW0457"],  # cors({ origin: true, credentials: true }) and the reflected Origin
    ("NW0501", "app.js"): ["NW0550"],  # no limiter, and 30 requests without a 429
    ("NW0605", "app.js"): [],
    ("NW0901", "app.js"): ["NW0952"],
    ("NW0903", "app.js"): ["NW0954"],
    ("NW0802", "package.json"): [],
    ("NW1101", "package.json"): [],
    ("NW1401", "package.json"): [],
    ("NW1404", "package.json"): [],
    ("NW1501", "package.json"): ["NW1550"],
}
LIVE_ONLY = Counter({"NW0750": 1, "NW0751": 2, "NW0753": 1, "NW0754": 2})  # nothing static says the same


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_scan_with_url_reports_each_mistake_once_with_both_pieces_of_evidence(app_runner, capsys) -> None:
    app = app_runner("express-insecure", "development")
    url = f"http://127.0.0.1:{app.port}/"
    code, out, _ = run(["scan", str(APPS / "express-insecure"), "--url", url, "--no-deps", "--format", "json"], capsys)
    data = json.loads(out)
    jsonschema.validate(data, json.loads((APPS.parent.parent / "src/nodeward/schemas/report-v1.json").read_text()))
    static = {
        (f["code"], f["location"]["path"]): [c["code"] for c in f["confirmed_by"]]
        for f in data["findings"]
        if f["origin"] == "static"
    }
    assert static == ONE_PER_MISTAKE
    assert Counter(f["code"] for f in data["findings"] if f["origin"] == "live") == LIVE_ONLY
    helmet = next(f for f in data["findings"] if f["code"] == "NW0401")
    assert helmet["location"]["line"] == 7  # const app = express();
    assert {c["location"]["url"] for c in helmet["confirmed_by"]} == {url}
    practice4 = next(p for p in data["scorecard"] if p["practice"] == 4)
    assert practice4["decided_by"] == ["live probe", "static scan"]
    assert code == 1

    _, out, _ = run(["scan", str(APPS / "express-insecure"), "--url", url, "--no-deps", "--format", "sarif"], capsys)
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "NW0401")
    assert result["properties"]["confirmed_by"] == ["NW0450", "NW0451", "NW0452", "NW0456"]
    assert {r["physicalLocation"]["artifactLocation"]["uri"] for r in result["relatedLocations"]} == {url}

    _, page, _ = run(["scan", str(APPS / "express-insecure"), "--url", url, "--no-deps", "--format", "html"], capsys)
    assert page.count('<span class="code">NW0450</span>') == 1  # inside NW0401's article, not one of its own
    assert '<b>Seen live</b> <span class="code">NW0450</span> no Content-Security-Policy header' in page
    _, md, _ = run(["scan", str(APPS / "express-insecure"), "--url", url, "--no-deps", "--format", "markdown"], capsys)
    assert "Seen live (NW0450): no Content-Security-Policy header" in md and "`NW0450`" not in md

    _, text, _ = run(["scan", str(APPS / "express-insecure"), "--url", url, "--no-deps"], capsys)
    assert text.count("X-Powered-By: Express advertises") == 1
    assert "NW0752 live-framework-advertised-in-headers" not in text  # no block of its own
    assert "seen live: no Content-Security-Policy header (NW0450" in text


def test_probe_summarises_the_burst_and_does_not_judge_https_on_loopback(app_runner, capsys) -> None:
    app = app_runner("express-insecure", "production")
    url = f"http://127.0.0.1:{app.port}/"
    code, text, err = run(["probe", url], capsys)
    assert code == 1 and err == ""  # piped: no spinner on stderr
    assert "[burst-" not in text
    assert "24-53. rate-limit burst: 30 × GET / in " in text and "→ 30 × 200, no 429 (--verbose lists each)" in text
    assert "HTTPS redirect not judged on loopback" in text
    assert "NW0950" not in text

    _, verbose, _ = run(["probe", url, "--verbose"], capsys)
    assert sum(f"[burst-{n}] GET {url} → 200" in verbose for n in range(1, 31)) == 30

    _, out, _ = run(["probe", url, "--format", "json"], capsys)
    section = json.loads(out)["sections"]["probe"]
    assert [r["step"] for r in section["requests"]][-30:] == [f"burst-{n}" for n in range(1, 31)]
    assert section["burst"]["requests"] == 30 and section["burst"]["statuses"] == {"200": 30}
    assert section["burst"]["limited"] is False


def test_https_to_a_plain_http_port_gets_a_sentence(capsys) -> None:
    from .loopback import loopback_server

    with loopback_server() as server:
        https = server.url.replace("http://", "https://") + "/"
        code, out, err = run(["probe", https], capsys)
    assert code == 3 and out == ""
    assert err == (
        f"nodeward: error: cannot reach {https}: the port answered in plain HTTP, not TLS (an https:// URL to a "
        f"plain-HTTP port?); try {server.url}/\n"
    )


def test_probe_summary_counts_only_the_practices_it_checked(app_runner, capsys) -> None:
    from nodeward.probe.run import LIVE_PRACTICES

    app = app_runner("express-insecure", "production")
    _, text, _ = run(["probe", f"http://127.0.0.1:{app.port}/", "--no-burst"], capsys)
    rows = [line for line in text.splitlines() if line.startswith("│ ") and line[2:4].isdigit()]
    assert sorted(int(r[2:4]) for r in rows) == sorted(LIVE_PRACTICES)
    summary = next(line for line in text.splitlines() if line.startswith("Summary: "))
    counted = [int(n) for n in summary.split("practices: ")[1].replace(",", "").split()[::2]]
    assert sum(counted) == len(LIVE_PRACTICES)


def test_probe_shows_progress_on_a_terminal_only(app_runner, tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    app = app_runner("express-insecure", "production")
    url = f"http://127.0.0.1:{app.port}/"
    command = [sys.executable, "-m", "nodeward", "probe", url, "--format", "json", "-o", str(tmp_path / "r.json")]
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 1
    assert f"probing {url} (at most ".encode() in seen  # the spinner, on the terminal's stderr
    assert json.loads((tmp_path / "r.json").read_text())["sections"]["probe"]["requests_sent"] > 0
    piped = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert "probing" not in piped.stderr  # not when stderr is a pipe or a file
