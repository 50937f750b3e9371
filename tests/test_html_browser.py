"""The HTML report in a real headless Chromium (Debian's package), driven by playwright-core from npm."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nodeward.cli import main
from nodeward.reporters import RENDERERS

from conftest import REPO, require_tool, write_tree
from sample_report import build_sample_report, sample_rules

BROWSER_DIR = REPO / "tests" / "browser"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(autouse=True, scope="module")
def _browser_tools() -> None:
    require_tool("node", why="to drive the browser (playwright-core)")
    require_tool("npm", why="to install playwright-core")
    require_tool("chromium", "chromium-browser", why="for the HTML report test")


@pytest.fixture(scope="module")
def playwright_installed() -> Path:
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=BROWSER_DIR,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return BROWSER_DIR


def view(report_html: Path, name: str) -> dict:
    ARTIFACTS.mkdir(exist_ok=True)
    proc = subprocess.run(
        ["node", str(BROWSER_DIR / "check_report.mjs"), str(report_html), str(ARTIFACTS / f"{name}.png")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "CHROMIUM": require_tool("chromium", "chromium-browser", why="for the HTML report test"),
            "PATH": "/usr/bin:/bin",
        },
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.fixture
def rules() -> Iterator[None]:
    with sample_rules():
        yield


def test_sample_report_loads_filters_and_runs_no_injected_script(playwright_installed, rules, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(RENDERERS["html"](build_sample_report()), encoding="utf-8")
    seen = view(page, "sample-report")
    assert seen["consoleErrors"] == [] and seen["pageErrors"] == [] and seen["dialogs"] == []
    assert seen["pwned"] is False
    assert all(url.startswith("file://") for url in seen["requests"]), seen["requests"]
    assert [t["practice"] for t in seen["tiles"]] == list(range(1, 16))
    statuses = {t["practice"]: t["status"] for t in seen["tiles"]}
    assert (statuses[1], statuses[2], statuses[3], statuses[4]) == ("holds", "unknown", "not-applicable", "fails")
    assert all(t["text"].split()[-1] or True for t in seen["tiles"])
    assert "FAILS" in next(t["text"] for t in seen["tiles"] if t["practice"] == 4).upper()
    before = seen["visibleBefore"]
    assert sorted(f["severity"] for f in before) == ["high", "high", "low", "medium"]
    assert sorted(f["severity"] for f in seen["visibleAfterHighClick"]) == ["low", "medium"]
    assert [f["practice"] for f in seen["visibleAfterPractice12"]] == ["12", "12"]
    assert seen["phoneOverflow"] is False
    printed = seen["print"]
    assert printed["filtersHidden"] is True
    assert printed["findingsShown"] == printed["findingsTotal"] == 6  # 4 active + 2 suppressed, filter ignored
    assert (ARTIFACTS / "sample-report.pdf").stat().st_size > 10_000
    assert (ARTIFACTS / "sample-report.png").stat().st_size > 10_000


def test_scanning_a_project_full_of_html_yields_a_page_that_runs_none_of_it(playwright_installed, tmp_path) -> None:
    root = write_tree(
        tmp_path / "evil",
        {
            "package.json": json.dumps({"name": "<script>window.__nodeward_pwned=1</script>"}),
            "src/<img src=x onerror=window.__nodeward_pwned=1>.js": "// <script>window.__nodeward_pwned=1</script>\n",
            "Dockerfile": "FROM node:20\nRUN echo '<svg onload=window.__nodeward_pwned=1>'\n",
        },
    )
    out = tmp_path / "evil.html"
    with pytest.raises(SystemExit):
        main(["scan", str(root), "--format", "html", "--output", str(out), "--no-gitignore"])
    seen = view(out, "hostile-project-report")
    assert seen["pwned"] is False and seen["dialogs"] == [] and seen["pageErrors"] == []
    assert len(seen["tiles"]) == 15
