"""Reporters, golden-tested from one shared sample report; JSON and SARIF also validated against their schemas."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from nodeward.reporters import RENDERERS
from nodeward.reporters import html as html_reporter
from nodeward.reporters import markdown as markdown_reporter

from conftest import REPO, SARIF_SCHEMA
from sample_report import build_sample_report, sample_rules

GOLDEN = REPO / "tests" / "golden"
EXTENSIONS = {"terminal": "txt", "json": "json", "sarif": "sarif", "markdown": "md", "html": "html"}


@pytest.fixture(autouse=True)
def rules() -> Iterator[None]:
    with sample_rules():
        yield


@pytest.fixture
def fixed_nonce(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_reporter.secrets, "token_urlsafe", lambda n: "test-nonce")
    monkeypatch.delenv("GITHUB_SHA", raising=False)


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_golden_output(fmt: str, fixed_nonce: None) -> None:
    text = RENDERERS[fmt](build_sample_report())
    golden = GOLDEN / f"sample.{EXTENSIONS[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text("utf-8"), f"{fmt} output changed; UPDATE_GOLDEN=1 rewrites {golden.name}"


def test_json_sample_is_valid_report_v1() -> None:
    schema = json.loads((REPO / "src/nodeward/schemas/report-v1.json").read_text())
    data = json.loads(RENDERERS["json"](build_sample_report()))
    jsonschema.validate(data, schema)
    assert data["schema"] == "nodeward/report-v1"
    assert [p["status"] for p in data["scorecard"]][:4] == ["holds", "unknown", "not-applicable", "fails"]


def test_sarif_sample_is_valid_with_code_flows_and_suppressions() -> None:
    sarif = json.loads(RENDERERS["sarif"](build_sample_report()))
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    results = sarif["runs"][0]["results"]
    assert len(results) == 6
    flows = [r for r in results if "codeFlows" in r]
    assert len(flows) == 1
    steps = flows[0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps] == [6, 7, 7]
    assert sum(1 for r in results if r.get("suppressions")) == 2
    for r in results:  # code scanning rejects a file whose results lack a physical location
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    live = next(r for r in results if r["properties"]["origin"] == "live")
    assert live["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "http://127.0.0.1:3000/"


def test_terminal_output_has_no_escape_sequences_from_the_project() -> None:
    text = RENDERERS["terminal"](build_sample_report())
    assert "\x1b" not in text
    assert "evil\ufffd[2J.js" in text


def test_html_escapes_everything_from_the_project(fixed_nonce: None) -> None:
    page = RENDERERS["html"](build_sample_report())
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts == ['<script nonce="test-nonce">']
    assert "<img src=x" not in page and "&lt;img src=x onerror" in page
    assert "&lt;script&gt;window.__nodeward_pwned=1&lt;/script&gt;" in page
    assert "\x1b" not in page
    assert "script-src 'nonce-test-nonce'" in page
    assert not re.search(r"https?://(?!127\.0\.0\.1)[^\s\"'<>]+\.(?:css|js)\b", page), "no external assets"


def test_markdown_is_capped_with_a_note_of_what_was_left_out() -> None:
    report = build_sample_report()
    text = markdown_reporter.render(report, max_chars=900)
    assert len(text) < 1400
    assert re.search(r"and \d+ more finding\(s\) left out", text)
    full = markdown_reporter.render(report)
    assert "[src/routes/orders.js:7](src/routes/orders.js#L7)" in full
    assert "&lt;script&gt;" in full and "<script>" not in full
    # Only findings at or above fail-on (medium): the two low ones are not listed.
    assert "**LOW**" not in full


def test_markdown_links_to_the_commit_inside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/orders")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    text = markdown_reporter.render(build_sample_report())
    assert "(https://github.example/acme/orders/blob/abc123/src/routes/orders.js#L7)" in text


def test_html_report_generation_for_many_findings_is_one_file(tmp_path: Path) -> None:
    page = RENDERERS["html"](build_sample_report())
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert 'rel="stylesheet"' not in page and "<link" not in page


def test_terminal_lists_at_most_500_findings_unless_verbose() -> None:
    import dataclasses

    from nodeward.reporters import terminal

    report = build_sample_report()
    many = tuple(
        dataclasses.replace(report.findings[3], message=f"finding {i}", fingerprint=f"{i:032x}") for i in range(520)
    )
    report = dataclasses.replace(report, findings=many)
    text = terminal.render(report)
    assert "finding 499" in text and "finding 500" not in text
    assert "… and 20 more finding(s)" in text
    assert "finding 519" in terminal.render(report, verbose=True)
