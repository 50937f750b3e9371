"""The ESLint configs the NW1101 fix wrote (tests/fixtures/fix/p11-*/after) load in ESLint itself and turn
eslint-plugin-security's rules on: ESLint 9 and the packages they name installed from a committed lockfile
(tests/fix/eslint-run, `npm ci --ignore-scripts`), `eslint --print-config` run on each fixed project with `node`.
Legacy configs are read with ESLINT_USE_FLAT_CONFIG=false, as ESLint 9 does for a project that still has one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .live import installed
from conftest import REPO

RUNNER = REPO / "tests" / "fix" / "eslint-run"
FIXTURES = REPO / "tests" / "fixtures" / "fix"
# Every fixture whose fix edits an ESLint config, and whether ESLint reads it as a legacy config. (p11-legacy-string
# extends airbnb-base, which this runner does not install.)
CASES = {
    "p11-eslintrc-yaml": True,
    "p11-eslintrc-yaml-flow": True,
    "p11-eslintrc-js": True,
    "p11-eslintrc-cjs": True,
    "p11-flat-defineconfig": False,
    "p11-flat-named-export": False,
    "p11-flat-tseslint-ts": False,
    "p11-p14-flat": False,
}


@pytest.fixture(scope="module")
def eslint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return installed(RUNNER, tmp_path_factory.mktemp("eslint-run"))


def test_every_config_fixture_is_checked() -> None:
    edited = {
        case.name
        for case in FIXTURES.iterdir()
        if case.name.startswith("p11-") and any("eslint" in p.name for p in (case / "after").glob("*"))
    }
    assert edited - {"p11-legacy-string"} == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_fixed_config_loads_in_eslint_with_the_security_rules_on(case: str, eslint: Path, tmp_path: Path) -> None:
    work = tmp_path / case
    shutil.copytree(FIXTURES / case / "after", work)
    (work / "node_modules").symlink_to(eslint, target_is_directory=True)
    (work / "probe.js").write_text("module.exports = 1;\n")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    if CASES[case]:
        env["ESLINT_USE_FLAT_CONFIG"] = "false"
    done = subprocess.run(
        ["node", str(eslint / "eslint" / "bin" / "eslint.js"), "--print-config", "probe.js"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-1500:]
    rules = json.loads(done.stdout)["rules"]
    security = {name: setting for name, setting in rules.items() if name.startswith("security/")}
    assert len(security) >= 10, sorted(rules)
    levels = {(s[0] if isinstance(s, list) else s) for s in security.values()}
    assert levels & {"warn", "error", 1, 2}, security
    before = FIXTURES / case / "before"
    assert not any("security" in p.read_text() for p in before.glob("*eslint*") if p.is_file())
