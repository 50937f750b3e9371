"""A rule's docstring is its documentation: fixed sections, runnable examples, and a docs/rules.md kept fresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from nodeward.rules.docs import code_blocks, render_rules_markdown
from nodeward.rules.registry import DOC_SECTIONS, all_rules, doc_sections

from conftest import REPO, scan, write_tree

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_doc_has_the_fixed_sections_in_order(rule) -> None:
    assert rule.summary, f"{rule.code} has no one-line summary"
    assert tuple(doc_sections(rule.doc)) == DOC_SECTIONS
    for title in DOC_SECTIONS:
        assert rule.section(title).strip(), f"{rule.code}: section '{title}' is empty"


def _runnable(rule, section: str):
    return [b for b in code_blocks(rule.section(section)) if b.filename]


STATIC_WITH_EXAMPLES = [
    r for r in RULES if r.origin == "static" and _runnable(r, "Example") and _runnable(r, "Use instead")
]


@pytest.mark.parametrize("rule", STATIC_WITH_EXAMPLES, ids=lambda r: r.code)
def test_rule_fires_on_its_example_and_not_on_its_fix(rule, tmp_path: Path) -> None:
    for section, should_fire in (("Example", True), ("Use instead", False)):
        root = tmp_path / section.replace(" ", "_")
        write_tree(root, {b.filename: b.code for b in _runnable(rule, section)})
        report = scan(root, select=(rule.code,))
        assert not report.rule_errors, report.rule_errors
        fired = [f for f in report.findings if f.code == rule.code]
        assert bool(fired) == should_fire, f"{rule.code} {section}: fired={[str(f.location) for f in fired]}"


def test_every_static_js_rule_has_runnable_examples() -> None:
    js_rules = [r for r in RULES if r.origin == "static" and "```js" in r.section("Example")]
    missing = [r.code for r in js_rules if r not in STATIC_WITH_EXAMPLES]
    assert missing == []


def test_docs_rules_md_is_up_to_date() -> None:
    current = (REPO / "docs" / "rules.md").read_text("utf-8")
    assert current == render_rules_markdown(), (
        "docs/rules.md is stale: run `python -m nodeward.rules.docs > docs/rules.md`"
    )
