"""What the report says (issue 11, report half): known findings keep practices failing, one finding per mistake,
evidence that points somewhere, fix text for the framework in use, counts in scope. Driven through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodeward.cli import main

from conftest import write_tree

SHOP = {
    "package.json": '{"name":"shop","version":"1.0.0","dependencies":{"express":"^4.19.2","mysql":"^2.18.1"}}\n',
    "app.js": (
        "const express = require('express');\n"
        "const mysql = require('mysql');\n"
        "const db = mysql.createConnection({});\n"
        "const app = express();\n"
        "app.use(express.json({ limit: '50mb' }));\n"
        "app.get('/orders', (req, res) => {\n"
        "  db.query('SELECT * FROM orders WHERE id = ' + req.query.id, (err, rows) => res.json(rows));\n"
        "});\n"
        "app.get('/users', (req, res) => {\n"
        "  db.query(`SELECT * FROM users WHERE name = '${req.query.name}'`, (err, rows) => res.json(rows));\n"
        "});\n"
        "app.listen(3000);\n"
    ),
    "Dockerfile": 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "app.js"]\n',
}


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def _verdicts(data: dict) -> dict[int, dict]:
    return {p["practice"]: p for p in data["scorecard"]}


def test_a_baselined_practice_still_fails_and_the_exit_code_follows_active_findings(tmp_path: Path, capsys) -> None:
    root = write_tree(tmp_path / "shop", SHOP)
    baseline = tmp_path / "baseline.json"
    code, out, _ = run(["scan", str(root), "--no-deps", "--format", "json", "--write-baseline", str(baseline)], capsys)
    before = json.loads(out)
    assert code == 1
    injections = [f["fingerprint"] for f in before["findings"] if f["code"] == "NW1201"]
    assert len(injections) == 2 and _verdicts(before)[12]["status"] == "fails"

    code, out, _ = run(["scan", str(root), "--no-deps", "--format", "json", "--baseline", str(baseline)], capsys)
    data = json.loads(out)
    assert code == 0  # nothing new: the known findings do not fail the run
    verdicts = _verdicts(data)
    assert verdicts[12]["status"] == "fails" and verdicts[12]["findings"] == []
    assert sorted(verdicts[12]["known"]) == sorted(injections)
    assert verdicts[1]["status"] == "fails"  # not "not-applicable" because its only finding is baselined
    assert verdicts[13]["status"] == "fails"  # the 50 MiB limit is known, not fine

    code, text, _ = run(["scan", str(root), "--no-deps", "--baseline", str(baseline)], capsys)
    row12 = next(line for line in text.splitlines() if line.startswith("│ 12 "))
    assert "✘ fails" in row12 and "2 known, baselined" in row12
    assert "✔ holds" not in text

    code, md, _ = run(["scan", str(root), "--no-deps", "--format", "markdown", "--baseline", str(baseline)], capsys)
    assert "| 12 | Prevent SQL and NoSQL injection | ✘ fails (2 known, baselined) | 0 |" in md

    code, out, _ = run(["scan", str(root), "--no-deps", "--format", "sarif", "--baseline", str(baseline)], capsys)
    sarif_card = {p["practice"]: p for p in json.loads(out)["runs"][0]["properties"]["scorecard"]}
    assert sarif_card[12] == {"practice": 12, "status": "fails", "findings": 0, "known": 2}

    # A new injection is active: it fails the run, the old ones stay known.
    app = root / "app.js"
    app.write_text(
        app.read_text().replace(
            "app.listen(3000);",
            "app.get('/x', (req, res) => db.query('DELETE FROM x WHERE id = ' + req.params.id));\napp.listen(3000);",
        )
    )
    code, out, _ = run(["scan", str(root), "--no-deps", "--format", "json", "--baseline", str(baseline)], capsys)
    verdicts = _verdicts(json.loads(out))
    assert code == 1 and len(verdicts[12]["findings"]) == 1 and len(verdicts[12]["known"]) == 2


def test_an_inline_suppression_is_known_not_gone(tmp_path: Path, capsys) -> None:
    files = dict(SHOP)
    files["app.js"] = files["app.js"].replace(
        "const app = express();", "const app = express(); // nodeward-ignore[NW0501]: rate limited at the proxy"
    )
    root = write_tree(tmp_path / "shop", files)
    code, text, _ = run(["scan", str(root), "--no-deps", "--select", "NW05"], capsys)
    assert code == 0
    row5 = next(line for line in text.splitlines() if line.startswith("│ 05 "))
    assert "✘ fails" in row5 and "1 known, suppressed" in row5


def test_the_corroboration_table_pairs_live_rules_with_static_ones() -> None:
    from nodeward.rules.corroboration import CONFIRMS
    from nodeward.rules.registry import get_rule

    for live, statics in CONFIRMS.items():
        rule = get_rule(live)
        assert rule is not None and rule.origin == "live", live
        for code in statics:
            static = get_rule(code)
            assert static is not None and static.origin == "static", (live, code)


def test_corroborate_merges_into_every_static_finding_of_the_first_rule_that_fired() -> None:
    from nodeward.engine import corroborate
    from nodeward.findings import Confidence, Finding, Location, Severity

    def finding(code: str, origin: str, severity: Severity, where: Location) -> Finding:
        return Finding(code, code.lower(), int(code[2:4]), severity, Confidence.HIGH, code, where, origin=origin)

    table = {"NW0999": ("NW0907", "NW0901")}
    a = finding("NW0901", "static", Severity.LOW, Location("a.js", 3))
    b = finding("NW0901", "static", Severity.LOW, Location("b.js", 9))
    live = finding("NW0999", "live", Severity.HIGH, Location("", url="http://x/"))
    other = finding("NW0998", "live", Severity.LOW, Location("", url="http://x/"))
    out = corroborate([a, live, b, other], table)
    assert [(f.code, f.location.path) for f in out] == [("NW0901", "a.js"), ("NW0901", "b.js"), ("NW0998", "")]
    assert all(f.confirmed_by == (live,) and f.severity == Severity.HIGH for f in out[:2])
    assert out[2].confirmed_by == ()
    # no static counterpart in the run: the live finding stays on its own
    assert corroborate([live], table) == [live]
