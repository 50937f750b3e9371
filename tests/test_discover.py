"""Discovery: excludes, .gitignore, size caps, binary/minified skips, symlinks, and hostile trees."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from nodeward.cli import main
from nodeward.collect.discover import discover_project

from conftest import write_tree


def paths(project) -> set[str]:
    return {f.path for f in project.files}


def test_default_excludes_and_test_folders_below_the_root(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "src/app.js": "x",
            "node_modules/express/Dockerfile": "FROM node\n",
            "node_modules/x/index.js": "x",
            "dist/bundle.js": "x",
            "test/app.test.js": "x",
            "src/__tests__/a.js": "x",
            "examples/demo/Dockerfile": "FROM node\n",
            "Dockerfile": "FROM node\n",
        },
    )
    assert paths(discover_project(tmp_path)) == {"src/app.js", "Dockerfile"}
    # Re-included on request.
    assert "test/app.test.js" in paths(discover_project(tmp_path, includes=["test"]))


def test_gitignore_and_user_excludes(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".gitignore": "generated/\n*.gen.js\n!keep.gen.js\n/top-only.js\n",
            "generated/a.js": "x",
            "src/b.gen.js": "x",
            "src/keep.gen.js": "x",
            "top-only.js": "x",
            "src/top-only.js": "x",
            "src/legacy/old.js": "x",
            "src/new.js": "x",
        },
    )
    found = paths(discover_project(tmp_path, excludes=["src/legacy"]))
    assert found == {"src/keep.gen.js", "src/top-only.js", "src/new.js"}
    assert "generated/a.js" in paths(discover_project(tmp_path, use_gitignore=False))


def test_symlink_loops_and_escapes_are_skipped(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write_tree(root, {"src/a.js": "x"})
    write_tree(tmp_path, {"outside/secret.js": "x"})
    os.symlink(root, root / "src" / "loop")
    os.symlink(tmp_path / "outside" / "secret.js", root / "src" / "escape.js")
    os.symlink(root / "src" / "a.js", root / "src" / "inside.js")
    os.symlink(root / "nowhere.js", root / "src" / "broken.js")
    project = discover_project(root)
    assert paths(project) == {"src/a.js", "src/inside.js"}
    reasons = {s.path: s.reason for s in project.skipped}
    assert reasons["src/loop"] == "symlinked folder not followed"
    assert reasons["src/escape.js"] == "symlink pointing outside the scanned folder"
    assert reasons["src/broken.js"] == "broken or looping symlink"


def test_binary_oversized_and_minified_files_are_skipped_and_listed(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "bin.js": b"\x7fELF\x00\x00\x01",
            "big.js": "x" * 100 + "\n",
            "vendor.min.js": "x",
            "bundle.js": "var a=1;" * 1000,
            "ok.js": "const a = 1;\n",
        },
    )
    project = discover_project(tmp_path, max_file_size=50)
    assert paths(project) == {"ok.js"}
    reasons = {s.path: s.reason for s in project.skipped}
    assert reasons == {
        "bin.js": "binary content",
        "big.js": "larger than 50 bytes",
        "vendor.min.js": "minified or bundled",
        "bundle.js": "larger than 50 bytes",
    }


def test_hostile_tree_scan_finishes_reports_skips_and_emits_no_raw_escapes(tmp_path: Path, capsys) -> None:
    root = tmp_path / "hostile"
    evil_name = "evil\x1b[31mred\x1b]0;title\x07.js"
    write_tree(
        root,
        {
            "package.json": json.dumps({"name": "hostile", "scripts": {"start": "node \x1b[2Japp.js"}}),
            "huge.js": "",
            "binary.js": b"\x00\x01\x02" * 100,
            "invalid-utf8.js": b"const a = '\xff\xfe\xc3\x28';\n// \x1b[2J clear screen\n",
            evil_name: "console.log('\x1b[31m');\n",
            "deep.json": "[" * 10000 + "]" * 10000,
            "bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                for i in range(9)
            ),
            "Dockerfile": "FROM node:20\nRUN echo '\x1b[31m'\n",
        },
    )
    with (root / "huge.js").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    os.symlink(root, root / "loop")
    try:
        main(["scan", str(root), "--fail-on", "never", "--verbose"])
    except SystemExit as exc:
        assert exc.code == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "\x1b" not in out and "\x07" not in out
    assert "huge.js: larger than 2 MiB" in out
    assert "binary.js: binary content" in out
    assert "loop: symlinked folder not followed" in out
    assert re.search(r"Skipped files \(\d+\)", out)


def test_bundler_output_with_short_lines_is_skipped_as_bundled(tmp_path: Path) -> None:
    # Preludes as real bundlers write them (keystone 4 ships browserify bundles like this one in admin/bundles).
    browserify = (
        '(function(){function r(e,n,t){function o(i,f){if(!n[i]){if(!e[i]){var c="function"==typeof require'
        '&&require;if(!f&&c)return c(i,!0);if(u)return u(i,!0);var a=new Error("Cannot find module \'"+i+"\'");'
        'throw a.code="MODULE_NOT_FOUND",a}}}}})()\n'
    )
    webpack = "/******/ (() => { // webpackBootstrap\n/******/ \tvar __webpack_modules__ = ({});\n"
    write_tree(
        tmp_path,
        {
            "admin/bundles/App.js": browserify + "var x = 1;\n" * 100,
            "public/main.js": webpack + "var y = 2;\n" * 100,
            # Talking about a bundler below the head is not being one.
            "src/build.js": "const a = 1;\n" * 300 + "// see webpackBootstrap in the output\n",
        },
    )
    project = discover_project(tmp_path)
    assert paths(project) == {"src/build.js"}
    assert {s.path: s.reason for s in project.skipped} == {
        "admin/bundles/App.js": "minified or bundled",
        "public/main.js": "minified or bundled",
    }


def test_compiled_output_with_an_inline_source_map_is_scanned(tmp_path: Path) -> None:
    source_map = "//# sourceMappingURL=data:application/json;charset=utf-8;base64," + "eyJ2ZXJzaW9uIjoz" * 200
    write_tree(
        tmp_path,
        {
            # verdaccio 6's build/ files: readable babel output, the map inline on the last line.
            "lib/api.js": '"use strict";\nconst express = require("express");\n' + source_map + "\n",
            "lib/min.js": "var a=1;" * 400 + "\n" + source_map + "\n",
        },
    )
    project = discover_project(tmp_path)
    assert paths(project) == {"lib/api.js"}
    assert {s.path: s.reason for s in project.skipped} == {"lib/min.js": "minified or bundled"}


ESCAPE_NAME = "evil\x1b[31mred\x1b]0;title\x07.js"


def _escape_tree(root: Path) -> Path:
    return write_tree(
        root,
        {
            ESCAPE_NAME: "const express = require('express');\nconst app = express();\n"
            "app.get('/', (req, res) => res.send('\x1b[2J'));\n",
            "sub\x1b[2Jdir/Dockerfile": "FROM node:20\nRUN echo '\x1b[31m'\n",
            "package.json": json.dumps({"name": "\x1b[31mx", "dependencies": {"express": "4"}}),
        },
    )


@pytest.mark.parametrize("fmt", ["terminal", "json", "sarif", "markdown", "html"])
def test_no_report_format_lets_escape_sequences_from_file_names_through(tmp_path: Path, capsys, fmt: str) -> None:
    # Markdown link targets and HTML `{{ f.location }}` used to carry the file name's ESC and BEL bytes verbatim.
    root = _escape_tree(tmp_path / "esc")
    with pytest.raises(SystemExit) as exc:
        main(["scan", str(root), "--format", fmt, "--fail-on", "never", "--offline", "--verbose"])
    assert exc.value.code in (0, 3)
    out, err = capsys.readouterr()
    assert "NW0401" in out  # the finding on the file with the hostile name is in the report
    for text in (out, err):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def test_deeply_nested_and_single_line_javascript_finishes_and_is_reported(tmp_path: Path, capsys) -> None:
    n = 5000
    root = write_tree(
        tmp_path / "deep",
        {
            # One bracket per line, so the minified-line test does not skip them: the parser and the walk must cope.
            "arrays.js": "const a = " + "[\n" * n + "]\n" * n + ";\n",
            "parens.js": "const b = " + "(\n" * n + "1" + ")\n" * n + ";\n",
            "calls.js": "const c = " + "f(\n" * n + "x" + ")\n" * n + ";\n",
            "chain.js": "app" + "\n.use(x)" * 20000 + ";\n",
            "sql.js": "const q = 'SELECT ' " + "+\n req.query.x" * 340 + ";\ndb.query(q);\n",
            # 1 MB on one line, under the 2 MiB size cap.
            "oneline.js": "var x = 1; " * 90_000 + "\n",
            "ok.js": "const express = require('express');\nexpress().listen(3000);\n",
            "package.json": "{}",
        },
    )
    with pytest.raises(SystemExit) as exc:
        main(["scan", str(root), "--format", "json", "--fail-on", "never", "--offline", "--profile", "audit"])
    assert exc.value.code in (0, 3)
    report = json.loads(capsys.readouterr().out)
    assert report["rule_errors"] == []
    assert {s["path"]: s["reason"] for s in report["skipped"]} == {"oneline.js": "minified or bundled"}
    problems = {p["path"]: p["message"] for p in report["problems"]}
    for deep in ("arrays.js", "parens.js", "calls.js", "chain.js"):
        assert problems[deep] == "nesting too deep; deeper parts were not analysed"
    assert "ok.js" not in problems
