"""The installed `nodeward` in a real pseudo-terminal, as a person runs it: what is on the screen and the exit code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .terminal import TerminalRun, run_in_terminal
from conftest import REPO, write_tree

EXAMPLE = REPO / "examples" / "express-app"
SCORECARD_ROW = re.compile(r"^[│|] (\d\d) [│|]")


def assert_reads_well(text: str, columns: int) -> None:
    assert "internal error" not in text
    assert "Traceback" not in text
    assert "\ufffd" not in text
    too_wide = [line for line in text.splitlines() if len(line) > columns]
    assert too_wide == [], f"lines wider than the {columns}-column terminal: {too_wide[:3]}"


def scorecard_rows(text: str) -> list[str]:
    return [m.group(1) for m in map(SCORECARD_ROW.match, text.splitlines()) if m]


@pytest.mark.parametrize(
    ("columns", "no_color"),
    [(100, False), (100, True), (80, False), (132, True)],
    ids=["100-colour", "100-NO_COLOR", "80-colour", "132-NO_COLOR"],
)
def test_scan_in_a_terminal_lays_out_for_its_width(columns: int, no_color: bool) -> None:
    run = run_in_terminal(
        ["scan", str(EXAMPLE), "--no-deps"], columns=columns, env={"NO_COLOR": "1"} if no_color else {}
    )
    assert run.status == 1, run.text  # the example fails several practices on purpose
    assert_reads_well(run.text, columns)
    assert scorecard_rows(run.text) == [f"{n:02d}" for n in range(1, 16)]
    colour = re.search(r"\x1b\[[0-9;]*m", run.screen) is not None  # SGR: colour and bold, not cursor moves
    assert colour is not no_color


@pytest.mark.parametrize("args", [[], ["db"]], ids=["nodeward", "nodeward db"])
def test_bare_command_shows_help(args: list[str]) -> None:
    run = run_in_terminal(args, columns=100)
    assert run.status == 0
    assert_reads_well(run.text, 100)
    lines = run.text.splitlines()
    assert lines[0].startswith("Usage: nodeward") and "Commands:" in lines


def test_probe_in_a_terminal(probe_target: str) -> None:
    for env in ({}, {"NO_COLOR": "1"}):
        run = run_in_terminal(["probe", probe_target, "--burst", "5"], columns=100, env=env)
        assert run.status in (0, 1), run.text
        assert_reads_well(run.text, 100)
        assert "Scorecard" in run.text and scorecard_rows(run.text)


def test_init_asks_before_overwriting_and_shows_a_readable_diff(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "app", {"package.json": "{}"})
    assert run_in_terminal(["init", str(root)]).status == 0
    toml = root / "nodeward.toml"
    toml.write_text('fail-on = "high"\n\x1b[31mred\n')
    edited = toml.read_text()

    refuse = TerminalRun(["init", str(root)], columns=100)
    refuse.read_until(r"overwrite nodeward\.toml\? \[y/N\]")
    refuse.type(b"n\r")
    assert refuse.wait() == 2
    assert toml.read_text() == edited
    assert '\n-fail-on = "high"\n' in refuse.text and "\n+# nodeward configuration" in refuse.text
    assert "kept       nodeward.toml" in refuse.text
    assert "\x1b[31mred" not in refuse.screen  # the file's escape is neutralised, not sent to the terminal

    accept = TerminalRun(["init", str(root)], columns=100)
    accept.read_until(r"overwrite nodeward\.toml\? \[y/N\]")
    accept.type(b"y\r")
    assert accept.wait() == 0, accept.text
    assert "wrote      nodeward.toml" in accept.text
    assert toml.read_text().startswith("# nodeward configuration")


def test_ctrl_c_during_a_scan_exits_130_without_a_traceback(big_project: Path) -> None:
    run = TerminalRun(["scan", str(big_project), "--no-deps", "--no-cache"], columns=100)
    run.read_until(r"discovering files|running NW", timeout=60)
    run.type(b"\x03")
    status = run.wait(timeout=60)
    assert status == 130, run.text[-2000:]
    assert "nodeward: error: interrupted" in run.text
    assert "Traceback" not in run.text and "KeyboardInterrupt" not in run.text
