"""The first commands a new user types, run in-process: help, usage mistakes, folders that are not projects,
formats, the width of the report, and the `init` diff. (tests/e2e/ runs the same in a real pseudo-terminal.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nodeward.cli import FORMATS, find_package_json, main

from conftest import REPO, write_tree

EXAMPLE = REPO / "examples" / "express-app"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.mark.parametrize("args", [[], ["db"]], ids=["nodeward", "nodeward db"])
def test_bare_command_prints_multi_line_help_and_exits_0(args: list[str], capsys) -> None:
    code, out, err = run_cli(args, capsys)
    assert code == 0 and err == ""
    assert "\ufffd" not in out
    lines = out.splitlines()
    assert lines[0].startswith("Usage: nodeward") and "Commands:" in lines


def test_help_lists_commands_in_the_order_a_user_needs_them_in_whole_sentences(capsys) -> None:
    code, out, _ = run_cli(["--help"], capsys)
    assert code == 0
    commands = out.split("Commands:\n", 1)[1]
    names = [line.split()[0] for line in commands.splitlines() if line.startswith("  ") and line[2] != " "]
    assert names[:3] == ["scan", "deps", "probe"]
    assert set(names) >= {"scan", "deps", "probe", "init", "explain", "rules", "db"}
    # Each description (wrapped lines joined) is whole: it ends where its author ended it, brackets closed.
    descriptions: list[str] = []
    for line in commands.splitlines():
        if line.startswith("  ") and line[2] != " ":
            descriptions.append(line.split(None, 1)[1])
        elif line.strip():
            descriptions[-1] += " " + line.strip()
    for text in descriptions:
        assert text.endswith(".") and not text.endswith("..."), text
        assert text.count("(") == text.count(")"), text


def test_probe_without_url_says_how_to_call_it(capsys) -> None:
    code, _, err = run_cli(["probe"], capsys)
    assert code == 2
    assert err.strip() == (
        "nodeward: error: Missing argument 'URL'. (usage: nodeward probe [OPTIONS] URL; see `nodeward probe --help`)"
    )


@pytest.mark.parametrize("command", ["scan", "deps"])
def test_a_folder_without_package_json_is_not_a_project(command: str, tmp_path: Path, capsys) -> None:
    write_tree(tmp_path / "etc", {"hosts": "127.0.0.1 localhost\n", "app.js": "console.log(1)\n"})
    for folder in (tmp_path / "etc", tmp_path / "empty"):
        folder.mkdir(exist_ok=True)
        code, out, err = run_cli([command, str(folder), "--offline"], capsys)
        assert code == 2 and out == ""
        assert err.startswith(f"nodeward: error: {folder} is not a Node.js project (no package.json found")


def test_monorepo_with_package_json_below_the_root_is_a_project(tmp_path: Path) -> None:
    write_tree(tmp_path, {"apps/web/shop/package.json": "{}", "node_modules/x/package.json": "{}"})
    assert find_package_json(tmp_path) == tmp_path / "apps/web/shop/package.json"
    assert find_package_json(tmp_path / "node_modules") is not None  # asked for directly, it is looked into
    deeper = write_tree(tmp_path / "deep", {"a/b/c/d/package.json": "{}", "node_modules/y/package.json": "{}"})
    assert find_package_json(deeper) is None  # four levels down, and node_modules is not the project


def test_deps_output_to_a_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    root = write_tree(tmp_path / "app", {"package.json": '{"name": "a"}'})
    code, _, err = run_cli(["deps", str(root), "--offline", "-o", str(tmp_path / "missing" / "x")], capsys)
    assert code == 2
    assert err.strip() == f"nodeward: error: cannot write {tmp_path / 'missing' / 'x'}: No such file or directory"


def test_format_names_are_case_insensitive_and_match_the_renderers(capsys) -> None:
    from nodeward.reporters import RENDERERS

    assert set(FORMATS) == set(RENDERERS)
    code, out, _ = run_cli(["scan", str(EXAMPLE), "--no-deps", "--format", "JSON", "--exit-zero"], capsys)
    assert code == 0 and out.startswith("{")


@pytest.mark.parametrize("no_color", [True, False])
def test_piped_report_follows_columns(no_color: bool, monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run_cli(["scan", str(EXAMPLE), "--no-deps"], capsys)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert len([line for line in lines if re.match(r"^│ \d\d │", line)]) == 15  # the scorecard's 15 rows


def test_rules_has_a_header_and_never_cuts_a_practice_title(monkeypatch, capsys) -> None:
    from nodeward.practices import PRACTICES

    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run_cli(["rules"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Code", "Name", "Practice", "Severity", "Origin", "Profile"]
    assert max(len(line) for line in lines) <= 100
    assert "Keep npm dependencies audited and up to date" in out.replace("\n", " ") or all(
        word in out for word in PRACTICES[2].split()
    )
    words = {w for line in lines for w in line.split()}
    for title in PRACTICES.values():
        assert all(word in words for word in title.split()), title  # wrapped between words, never inside one


def test_init_diff_reads_as_a_diff_and_neutralises_escapes(tmp_path: Path, capsys) -> None:
    root = write_tree(tmp_path / "app", {"package.json": "{}"})
    assert run_cli(["init", str(root)], capsys)[0] == 0
    toml = root / "nodeward.toml"
    toml.write_text(toml.read_text() + 'profile = "audit"\nevil = "\x1b]0;pwned\x07\x1b[31m"\n')
    code, out, _ = run_cli(["init", str(root)], capsys)
    assert code == 2
    assert "\n--- a/nodeward.toml\n+++ b/nodeward.toml\n@@ " in out
    assert '\n-profile = "audit"\n' in out
    assert "\x1b" not in out and "\x07" not in out
    assert '-evil = "\ufffd]0;pwned\ufffd\ufffd[31m"\n' in out


def test_init_diff_of_a_file_without_final_newline_keeps_lines_apart(tmp_path: Path, capsys) -> None:
    root = write_tree(tmp_path / "app", {"package.json": "{}", "nodeward.toml": 'fail-on = "high"'})
    code, out, _ = run_cli(["init", str(root)], capsys)
    assert code == 2
    assert '\n-fail-on = "high"\n\\ No newline at end of file\n+# nodeward configuration' in out
    assert "\nkept       nodeward.toml\n" in out
