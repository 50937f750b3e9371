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

    code, page, _ = run(["scan", str(root), "--no-deps", "--format", "html", "--baseline", str(baseline)], capsys)
    tile = page.split('data-practice="12" data-status="', 1)[1].split("</div>", 1)[0]
    assert tile.startswith("fails") and "2 known, baselined" in tile

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


DEPS = Path(__file__).resolve().parent / "fixtures" / "deps"


@pytest.fixture(scope="module")
def vulnerable_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    import shutil

    from nodeward.deps.advisories.store import import_osv

    base = tmp_path_factory.mktemp("deps")
    root = shutil.copytree(DEPS / "vulnerable", base / "project")
    shutil.copy(DEPS / "vulnerable.v3.package-lock.json", root / "package-lock.json")
    store = base / "advisories.sqlite3"
    import_osv(DEPS / "osv-npm", store)
    return root, store


def test_deps_lists_each_vulnerability_once_and_counts_what_it_checked(vulnerable_project, capsys) -> None:
    root, store = vulnerable_project
    code, text, _ = run(["deps", str(root), "--offline", "--advisory-db", str(store)], capsys)
    assert code == 1
    assert text.count("lodash@4.17.4 [prod] GHSA-jf85-cpcp-j695, CVE-2019-10744") == 1
    assert text.count("GHSA-jf85-cpcp-j695") == 1
    assert "NW0201 vulnerable-dependency" not in text  # not a second time as a finding block
    assert "Vulnerable dependencies by top-level dependency (42)" in text
    header = text.splitlines()[0]
    assert "127 packages in 1 lockfile · 7 rules ·" in header and "files" not in header
    assert " 0.00 s " not in header  # the audit is timed
    assert "practices: 0 hold, 1 fail, 0 unknown, 0 n/a" in text  # practice 2 only
    _, md, _ = run(["deps", str(root), "--offline", "--advisory-db", str(store), "--format", "markdown"], capsys)
    assert md.count("GHSA-jf85-cpcp-j695") == 1  # in the table only, not also in the findings list
    assert "_38 of them: vulnerable dependencies, listed by top-level dependency below._" in md


def test_a_suppressed_vulnerability_is_not_listed_among_the_active_ones(vulnerable_project, tmp_path, capsys) -> None:
    root, store = vulnerable_project
    config = tmp_path / "nodeward.toml"
    config.write_text('[[suppress]]\nadvisory = "GHSA-jf85-cpcp-j695"\nreason = "lodash.merge is not used"\n')
    _, text, _ = run(["deps", str(root), "--offline", "--advisory-db", str(store), "--config", str(config)], capsys)
    assert "GHSA-jf85-cpcp-j695" not in text
    assert "Vulnerable dependencies by top-level dependency (41)" in text


def test_could_not_check_is_said_once_in_plain_words(tmp_path: Path, capsys) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    root = write_tree(tmp_path / "shop", SHOP)
    (root / "package-lock.json").write_text(
        '{"name":"shop","lockfileVersion":3,"packages":{"":{"dependencies":{"express":"^4.19.2"}},'
        '"node_modules/express":{"version":"4.19.2"}}}\n'
    )
    args = ["deps", str(root), "--advisory-db", str(tmp_path / "none.sqlite3"), "--fail-on", "never"]
    code, text, _ = run([*args, "--osv-api-url", f"http://127.0.0.1:{closed}"], capsys)
    assert code == 3, text
    flat = " ".join(text.split())
    assert flat.count("advisories not checked") == 1
    assert (
        "could not check practice 2: advisories not checked: there is no offline advisory store and the OSV API is "
        "unreachable (connection refused). Run `nodeward db update` (online) or `nodeward db import FILE` to check "
        "offline." in flat
    )
    assert "Errno" not in text and "ConnectError" not in text
    _, page, _ = run([*args, "--osv-api-url", f"http://127.0.0.1:{closed}", "--format", "html"], capsys)
    assert page.count("advisories not checked") == 1  # the practice section points to it: "could not check (why)"
    assert '<a href="#incomplete">why</a>' in page


def test_scan_header_says_which_rules_ran_and_why_not_the_others(tmp_path: Path, capsys) -> None:
    from nodeward.rules.registry import all_rules

    rules = all_rules()
    root = write_tree(tmp_path / "shop", SHOP)
    _, text, _ = run(["scan", str(root), "--no-deps"], capsys)
    live = sum(r.origin == "live" for r in rules)
    deps = sum(r.origin == "deps" for r in rules)
    audit = sum(r.profile == "audit" and r.origin == "static" for r in rules)
    ran = len(rules) - live - deps - audit
    flat = " ".join(text.split())
    assert f"· {ran} of {len(rules)} rules ran ·" in flat
    assert (
        f"rules not run: {live} need --url (a running app to probe), {audit} only with --profile audit, "
        f"{deps} need the dependency audit (--no-deps)"
    ) in flat


APPS = Path(__file__).resolve().parent / "apps"


@pytest.mark.parametrize(
    ("app", "framework", "others"),
    [
        ("express-insecure", "Express", ("Fastify", "Koa", "Hapi", "NestJS")),
        ("koa-basic", "Koa", ("Express", "Fastify")),
    ],
)
def test_fix_text_is_for_the_framework_in_use(app: str, framework: str, others: tuple[str, ...], capsys) -> None:
    _, out, _ = run(["scan", str(APPS / app), "--no-deps", "--select", "NW04,NW05", "--format", "json"], capsys)
    fixes = {f["code"]: f["fix"] for f in json.loads(out)["findings"]}
    assert set(fixes) >= {"NW0401", "NW0501"}
    for code in ("NW0401", "NW0501"):
        assert f" {framework}: " in fixes[code], fixes[code]
        assert not any(f"{o}:" in fixes[code] for o in others), fixes[code]
        assert "fastify" not in fixes[code].lower() or framework == "Fastify"
    # every framework's line stays in `explain`
    _, text, _ = run(["explain", "NW0401"], capsys)
    assert all(f"- {name}:" in text for name in ("Express", "Fastify", "Koa", "Hapi", "NestJS"))


def test_fix_lines_are_parsed_only_from_a_framework_list() -> None:
    from nodeward.rules.registry import _fix_parts

    doc = "S.\n\n## How to fix\nDo it.\n\n- Express: `a()`\n  and `b()`.\n- Koa: `c()`\n\n## Example\n"
    assert _fix_parts(doc) == ("Do it.", (("Express", "`a()` and `b()`."), ("Koa", "`c()`")))
    plain = "S.\n\n## How to fix\nDo it\nnow.\n\nMore detail for explain.\n\n## Example\n"
    assert _fix_parts(plain) == ("Do it now.", ())


def test_evidence_without_content_shows_no_snippet(capsys) -> None:
    _, out, _ = run(["scan", str(APPS / "express-insecure"), "--no-deps", "--format", "json"], capsys)
    by_code = {f["code"]: f for f in json.loads(out)["findings"]}
    for code in ("NW0802", "NW1101", "NW1401", "NW1501"):  # project-wide absences, anchored on package.json
        assert by_code[code]["location"]["path"] == "package.json"
        assert by_code[code]["snippet"] == "", by_code[code]["snippet"]  # was "{"
    assert by_code["NW0401"]["snippet"] == "const app = express();"  # a real line keeps its snippet
    _, text, _ = run(["scan", str(APPS / "express-insecure"), "--no-deps"], capsys)
    assert "│ {" not in text


def test_positive_evidence_under_a_failing_practice_is_context_not_a_tick(tmp_path: Path, capsys) -> None:
    files = dict(SHOP)
    files["app.js"] += (
        "app.get('/safe', (req, res) => {\n"
        "  db.query('SELECT * FROM orders WHERE id = ?', [req.query.id], (err, rows) => res.json(rows));\n"
        "});\n"
    )
    root = write_tree(tmp_path / "shop", files)
    _, page, _ = run(["scan", str(root), "--no-deps", "--format", "html"], capsys)
    section = page.split('id="practice-12"', 1)[1].split("</section>", 1)[0]
    assert '<div class="evidence context">context: db.query: request data passed as query parameters' in section
    assert "✔ db.query" not in section
    assert section.count('class="finding"') == 2  # the two injections stay the point of the section


def test_markdown_keeps_code_spans_in_fix_text(capsys) -> None:
    from nodeward.reporters.markdown import md_code_text

    _, md, _ = run(
        ["scan", str(APPS / "express-insecure"), "--no-deps", "--format", "markdown", "--fail-on", "low"], capsys
    )
    assert "Fix: Call `app.disable('x-powered-by')` right after creating the app, or register helmet." in md
    assert "\\`" not in md
    # project text stays inert: outside a span it is escaped, inside one Markdown and HTML are literal
    assert md_code_text("set `<img onerror=x>` *now*") == "set `<img onerror=x>` \\*now\\*"
    assert md_code_text("one ` alone") == "one \\` alone"


def test_a_merged_finding_counts_for_the_practice_the_probe_saw_it_under() -> None:
    from dataclasses import replace

    from nodeward.engine import EngineResult, corroborate
    from nodeward.findings import Confidence, Finding, Location, Severity, Suppression
    from nodeward.scorecard import build_scorecard

    static = Finding("NW0403", "x-powered-by-not-disabled", 4, Severity.LOW, Confidence.HIGH, "X-Powered-By is sent",
                     Location("app.js", 2), origin="static")  # fmt: skip
    live = Finding("NW0752", "live-framework-advertised-in-headers", 7, Severity.LOW, Confidence.HIGH,
                   "X-Powered-By: Express", Location("", url="http://127.0.0.1:3000/"), origin="live")  # fmt: skip
    merged = corroborate([static, live])
    assert [f.code for f in merged] == ["NW0403"] and merged[0].confirmed_by == (live,)
    card = build_scorecard(EngineResult(findings=merged, practices_checked={4, 7}))
    assert card.verdict(4).status == card.verdict(7).status == "fails"
    # a live finding the user suppressed on its own is not folded into an active static one
    quiet = replace(live, suppression=Suppression("config", "proxy strips it", source="nodeward.toml:3"))
    assert corroborate([static, quiet]) == [static, quiet]


def test_scorecard_at_100_columns_wraps_titles_between_words_and_names_no_single_evidence_kind(
    monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, text, _ = run(["scan", str(Path(__file__).parent.parent / "examples" / "express-app"), "--no-deps"], capsys)
    assert code == 1
    card = text.split("Findings (")[0]
    assert max(len(line) for line in card.splitlines()) <= 100
    assert "│ Keep npm dependencies    │" in card and "│ audited and up to date   │" in card
    assert "[static scan]" not in card  # only static evidence in this run: saying so on every row is noise
