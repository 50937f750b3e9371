"""Rule documentation: the generated docs/rules.md, and the runnable code blocks of Example / Use instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nodeward.knowledge.guide import PRACTICES
from nodeward.rules.registry import Rule, all_rules

FENCE = re.compile(r"^```([\w-]*)([^\n]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
# Where a fenced block of a language is written when it names no file (`file=...` in the info string wins).
DEFAULT_FILES = {
    "js": "app.js",
    "javascript": "app.js",
    "ts": "app.ts",
    "typescript": "app.ts",
    "dockerfile": "Dockerfile",
    "json": "package.json",
    "yaml": "example.yaml",
    "yml": "example.yaml",
    "toml": "nodeward.toml",
    "ini": "app.service",
    "text": "security.txt",
}


@dataclass(frozen=True)
class CodeBlock:
    lang: str
    filename: str | None
    code: str


def code_blocks(section_text: str) -> list[CodeBlock]:
    blocks = []
    for lang, info, code in FENCE.findall(section_text):
        m = re.search(r"file=(\S+)", info)
        filename = m.group(1) if m else DEFAULT_FILES.get(lang.lower())
        blocks.append(CodeBlock(lang.lower(), filename, code))
    return blocks


def render_rules_markdown(rules: list[Rule] | None = None) -> str:
    rules = all_rules() if rules is None else rules
    out = [
        "# nodeward rules",
        "",
        "Generated from the rules' docstrings by `python -m nodeward.rules.docs > docs/rules.md`; a test fails when",
        "this file is stale. `nodeward explain CODE` prints the same text.",
        "",
    ]
    for number, title in PRACTICES.items():
        of_practice = [r for r in rules if r.practice == number]
        out.append(f"## Practice {number:02d}: {title}")
        out.append("")
        if not of_practice:
            out.append("_No rule yet._")
            out.append("")
            continue
        out.append("| code | name | severity | source | profile |")
        out.append("|---|---|---|---|---|")
        for r in of_practice:
            out.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.label} | {r.origin} | {r.profile} |")
        out.append("")
        for r in of_practice:
            out.append(f"### {r.code}")
            out.append("")
            out.append(
                f"**{r.name}** · severity {r.severity.label} · confidence {r.confidence.label}"
                + (f" · CWE-{r.cwe}" if r.cwe else "")
                + f" · profile {r.profile}"
            )
            out.append("")
            out.append(re.sub(r"^## ", "#### ", r.doc, flags=re.MULTILINE))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(render_rules_markdown())
