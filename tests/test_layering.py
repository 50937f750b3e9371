"""The layers import downwards only: collectors (collect/, js/, deps/, probe/), analyses (analysis/) and the
knowledge tables produce facts and import no rule, practice, engine or reporter; the rule framework (rules/) knows
no particular practice; reporters render and import no practice. Every import is counted, also inside functions
and under TYPE_CHECKING."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "nodeward"
FORBIDDEN = {
    "collect": ("rules", "practices", "engine", "reporters", "scan", "cli"),
    "js": ("rules", "practices", "engine", "reporters", "scan", "cli"),
    "analysis": ("rules", "practices", "engine", "reporters", "scan", "cli"),
    "knowledge": ("rules", "practices", "engine", "reporters", "scan", "cli", "analysis", "collect", "js"),
    "deps": ("rules", "practices", "engine", "reporters", "cli"),
    "probe": ("rules", "practices", "engine", "reporters", "cli"),
    "rules": ("practices", "reporters", "cli"),
    "reporters": ("practices",),
}


def imported(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m == "nodeward" or m.startswith("nodeward.")}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_no_layer_above_it(layer: str) -> None:
    files = sorted((SRC / layer).rglob("*.py"))
    assert files
    bad = [
        f"{path.relative_to(SRC)} imports {module}"
        for path in files
        for module in sorted(imported(path))
        if any(module == f"nodeward.{up}" or module.startswith(f"nodeward.{up}.") for up in FORBIDDEN[layer])
    ]
    assert bad == []


def test_facts_import_no_rule_or_practice() -> None:
    assert not {m for m in imported(SRC / "facts.py") if m.startswith(("nodeward.rules", "nodeward.practices"))}
