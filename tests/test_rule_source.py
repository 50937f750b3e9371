"""`explain` reads a rule from its module's source (fast start-up); it must say exactly what the registry says."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nodeward.rule_source import find_rule
from nodeward.rules.registry import all_rules


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_source_and_registry_agree_on_every_rule(rule) -> None:
    for key in (rule.code, rule.name, rule.code.lower()):
        found = find_rule(key)
        assert found is not None, f"{key}: not readable from source"
        got = (found.code, found.name, found.practice, found.severity, found.confidence, found.cwe, found.profile)
        want = (rule.code, rule.name, rule.practice, rule.severity, rule.confidence, rule.cwe, rule.profile)
        assert got == want
        assert found.doc == rule.doc


def test_explain_imports_no_practice_module_and_no_parser() -> None:
    code = (
        "import sys\n"
        "from nodeward.cli import main\n"
        "try:\n    main(['explain', 'NW0301'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(('nodeward.practices.', 'nodeward.collect.', "
        "'nodeward.js.', 'nodeward.analysis.', 'tree_sitter', 'nodeward.probe', 'yaml', 'jinja2', 'rich')))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.startswith("NW0301 default-session-cookie-name  (practice 03: No default session cookie names)")
    assert proc.stderr.strip() == "[]"


def test_version_imports_neither_rules_nor_reporters() -> None:
    code = (
        "import sys\nfrom nodeward.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('nodeward.')), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.strip() == "nodeward, version 0.1.0"
    # knowledge.observatory: the letter grades `--min-grade` offers, a data-only module that imports nothing
    loaded = "['nodeward.cli', 'nodeward.knowledge', 'nodeward.knowledge.observatory', 'nodeward.vocabulary']"
    assert proc.stderr.strip() == loaded
