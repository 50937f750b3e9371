"""The bundled example app (the README's first command): its scorecard and every finding, pinned.

The dependency audit runs against an offline store built from the 45 real GitHub advisories the tests ship
(tests/fixtures/deps/osv-npm), so the result does not depend on the network or on the day.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.cli import main

from conftest import REPO

EXAMPLE = REPO / "examples" / "express-app"

EXPECTED_STATUS = {n: "fails" for n in range(1, 16)} | {8: "holds"}

EXPECTED_FINDINGS = {
    ("NW0101", "Dockerfile:7"),
    ("NW0204", ".github/workflows/ci.yml:10"),
    ("NW0204", "Dockerfile:1"),
    ("NW0204", "Dockerfile:7"),
    ("NW0201", "package-lock.json:887"),  # body-parser@1.19.0
    ("NW0201", "package-lock.json:1225"),  # cookie@0.4.0 via express
    ("NW0201", "package-lock.json:1403"),  # express@4.17.1 (2 advisories)
    ("NW0201", "package-lock.json:1883"),  # jsonwebtoken@8.5.1 (3 advisories)
    ("NW0201", "package-lock.json:1957"),  # lodash@4.17.15 (3 advisories)
    ("NW0201", "package-lock.json:2380"),  # path-to-regexp@0.1.7 via express
    ("NW0201", "package-lock.json:2518"),  # qs@6.7.0 via body-parser
    ("NW0201", "package-lock.json:2723"),  # send@0.17.1 via express
    ("NW0201", "package-lock.json:2755"),  # serve-static@1.14.1 via express
    ("NW0301", "src/app.js:15"),
    ("NW0401", "src/app.js:9"),
    ("NW0403", "src/app.js:9"),
    ("NW0501", "src/app.js:9"),
    ("NW0502", "src/routes/auth.js:13"),
    ("NW0502", "src/routes/auth.js:28"),
    ("NW0601", "src/routes/auth.js:10"),
    ("NW0605", "src/app.js:16"),
    ("NW0605", "src/routes/auth.js:21"),
    ("NW0606", "src/routes/auth.js:35"),
    ("NW0608", "src/routes/auth.js:29"),
    ("NW0701", "Dockerfile:11"),
    ("NW0702", "docker-compose.yml:8"),
    ("NW0720", "src/app.js:31"),
    ("NW0901", "src/app.js:19"),
    ("NW0901", "src/routes/auth.js:22"),
    ("NW0902", "src/routes/auth.js:22"),
    ("NW0903", "src/app.js:19"),
    ("NW0903", "src/routes/auth.js:22"),
    ("NW1003", "src/routes/uploads.js:13"),
    ("NW1010", "src/routes/auth.js:30"),
    ("NW1101", ".eslintrc.json:1"),
    ("NW1103", "package.json:7"),
    ("NW1104", ".github/workflows/ci.yml:4"),
    ("NW1201", "src/routes/auth.js:16"),
    ("NW1201", "src/routes/orders.js:8"),
    ("NW1301", "src/app.js:11"),
    ("NW1302", "src/routes/uploads.js:6"),
    ("NW1401", ".github/workflows/ci.yml:4"),
    ("NW1404", "package.json:1"),
    ("NW1501", "src/app.js:23"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "advisories.sqlite3"
    with pytest.raises(SystemExit) as exc:
        main(["db", "import", str(REPO / "tests/fixtures/deps/osv-npm"), "--advisory-db", str(db)])
    assert exc.value.code == 0
    return db


def test_example_app_scorecard_and_findings_are_pinned(store: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["scan", str(EXAMPLE), "--advisory-db", str(store), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert exc.value.code == 1
    assert {p["practice"]: p["status"] for p in data["scorecard"]} == EXPECTED_STATUS
    found = {(f["code"], f"{f['location']['path']}:{f['location']['line']}") for f in data["findings"]}
    assert found == EXPECTED_FINDINGS
    assert data["incomplete"] == [] and data["rule_errors"] == [] and data["problems"] == []
    monitoring = data["scorecard"][7]
    assert monitoring["evidence"][0]["location"]["path"] == "src/instrument.js"


def test_example_app_offline_without_a_store_says_what_it_could_not_check(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["scan", str(EXAMPLE), "--offline", "--advisory-db", str(tmp_path / "none.sqlite3"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert exc.value.code == 1  # the static findings already fail the run
    assert data["incomplete"] == [  # once, in plain words, with the next step
        "practice 2: advisories not checked: there is no offline advisory store. Run `nodeward db update` (online) "
        "or `nodeward db import FILE` to check offline."
    ]
    assert not any(f["code"] == "NW0201" for f in data["findings"])
