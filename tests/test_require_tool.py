"""The one helper every tool-dependent test goes through: skip on a laptop, fail under CI=true."""

from __future__ import annotations

import pytest

from conftest import require_tool


def test_missing_tool_skips_outside_ci(monkeypatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium or chromium-browser is needed for the HTML report"):
        require_tool("chromium", "chromium-browser", why="for the HTML report")


def test_missing_tool_fails_under_ci(monkeypatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true: node is needed for the probe"):
        require_tool("node", why="for the probe")


def test_present_tool_is_returned(monkeypatch, tmp_path) -> None:
    tool = tmp_path / "node"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    assert require_tool("nodejs", "node", why="x") == str(tool)
