"""A realistic multi-file Express app (setup in src/app/ in TypeScript, routes in src/routes/, options and limiters in
their own modules): practices 3, 4 and 5 are judged with the right files and lines."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, scan

APP = REPO / "tests" / "apps" / "realistic"
MINE = ("NW03", "NW04", "NW05")


def _found(report) -> set[tuple[str, str, int]]:
    return {(f.code, f.location.path, f.location.line) for f in report.findings if f.code.startswith(MINE)}


def test_realistic_app_findings_are_exact() -> None:
    report = scan(APP, select=MINE)
    assert not report.rule_errors and not report.problems
    assert _found(report) == {
        ("NW0301", "src/app/index.ts", 13),  # session options imported from src/config/session.js: no name
        ("NW0401", "src/app/index.ts", 10),  # express() without helmet
        ("NW0403", "src/app/index.ts", 10),
        ("NW0404", "src/app/security.js", 4),  # origin: true + credentials, applied through applySecurity(app)
        ("NW0502", "src/routes/auth.js", 7),  # POST /api/auth/login
        ("NW0502", "src/routes/auth.js", 19),  # POST /api/auth/register
    }
    evidence = {(e.code, e.location.path, e.location.line) for e in report.evidence if e.code.startswith(MINE)}
    assert evidence == {
        ("NW0501", "src/app/index.ts", 15),  # apiLimiter (from src/middleware/limits.js) on /api/orders
        ("NW0502", "src/routes/auth.js", 14),  # /password/reset has authLimiter
    }


def test_fixing_the_app_clears_the_findings(tmp_path: Path) -> None:
    root = tmp_path / "app"
    shutil.copytree(APP, root)
    index = root / "src" / "app" / "index.ts"
    index.write_text(
        index.read_text()
        .replace(
            "import express, { Express } from 'express';",
            "import express, { Express } from 'express';\nimport helmet from 'helmet';",
        )
        .replace("  applySecurity(app);", "  app.use(helmet());\n  applySecurity(app);")
        .replace("app.use('/api/auth', authRoutes);", "app.use('/api/auth', authLimiter, authRoutes);")
        .replace("import { apiLimiter }", "import { apiLimiter, authLimiter }")
    )
    (root / "src" / "config" / "session.js").write_text(
        (root / "src" / "config" / "session.js").read_text().replace("  resave", "  name: 'shop.sid',\n  resave")
    )
    security = root / "src" / "app" / "security.js"
    security.write_text(security.read_text().replace("origin: true", "origin: ['https://shop.example.com']"))
    report = scan(root, select=MINE)
    assert _found(report) == set()


def test_proxy_mode_stands_the_rate_limit_rules_down(tmp_path: Path) -> None:
    report = scan(APP, select=("NW05",), rate_limiting="proxy")
    assert _found(report) == set()
