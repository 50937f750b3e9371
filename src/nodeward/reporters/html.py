"""HTML report: one self-contained page (inline CSS and JS, no fetches), rendered by jinja2 with autoescaping on."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from nodeward.findings import Finding, Severity
from nodeward.report import Report
from nodeward.rules.docs import FENCE
from nodeward.rules.registry import get_rule
from nodeward.scorecard import FAILS, HOLDS, NOT_APPLICABLE, UNKNOWN

STATUS_LABEL = {HOLDS: "holds", FAILS: "fails", UNKNOWN: "unknown", NOT_APPLICABLE: "not applicable"}
STATUS_ICON = {HOLDS: "✔", FAILS: "✘", UNKNOWN: "?", NOT_APPLICABLE: "–"}

# A deliberately small JS/TS tokenizer for snippet highlighting: every token is escaped before it is wrapped.
_TOKEN = re.compile(
    r"(?P<comment>//.*$|/\*.*?(?:\*/|$)|#.*$)"
    r"|(?P<string>'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?|`(?:\\.|[^`\\])*`?)"
    r"|(?P<number>\b\d[\d_.]*\b)"
    r"|(?P<keyword>\b(?:const|let|var|function|return|if|else|new|await|async|require|import|from|export|"
    r"true|false|null|undefined|FROM|RUN|USER|CMD|ENV|COPY|ENTRYPOINT)\b)"
)


def highlight(snippet: str) -> Markup:
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(snippet):
        out.append(str(escape(snippet[pos : m.start()])))
        out.append(f'<span class="tok-{m.lastgroup}">{escape(m.group(0))}</span>')
        pos = m.end()
    out.append(str(escape(snippet[pos:])))
    return Markup("".join(out))


def doc_html(text: str) -> Markup:
    """Render a docstring section: paragraphs, `code`, and fenced blocks; everything escaped first."""
    parts: list[str] = []
    pos = 0
    for m in FENCE.finditer(text):
        parts.extend(_paragraphs(text[pos : m.start()]))
        parts.append(f"<pre class='doc-code'><code>{escape(m.group(3).rstrip())}</code></pre>")
        pos = m.end()
    parts.extend(_paragraphs(text[pos:]))
    return Markup("".join(parts))


def inline_code(text: str) -> Markup:
    """Escape, then show `backticked` spans as code (fix advice is written that way)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _paragraphs(text: str) -> Iterable[str]:
    for para in re.split(r"\n\s*\n", text.strip()):
        if not para.strip():
            continue
        html = str(escape(para.strip()))
        html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
        if all(line.lstrip().startswith(("- ", "* ")) for line in para.strip().splitlines()):
            items = "".join(f"<li>{re.sub(r'^[-*] ', '', line.strip())}</li>" for line in html.splitlines())
            yield f"<ul>{items}</ul>"
        else:
            yield f"<p>{html}</p>"


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    why: Markup
    how: Markup
    anchor: str


def _view(f: Finding, index: int) -> FindingView:
    rule = get_rule(f.code)
    why = doc_html(rule.section("Why it matters")) if rule else Markup("")
    how = doc_html(rule.section("How to fix")) if rule else Markup("")
    return FindingView(f, why, how, f"f{index}")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _drop_control_chars(value: Any) -> Any:
    """Applied to every {{ }} output: escape sequences from scanned files never reach the page."""
    if isinstance(value, Markup):
        return Markup(_CONTROL.sub("\ufffd", str(value)))
    if isinstance(value, str):
        return _CONTROL.sub("\ufffd", value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if hasattr(value, "__html__"):
        return Markup(_CONTROL.sub("\ufffd", value.__html__()))
    # Objects rendered through str() (a Location in `{{ f.location }}`) carry scanned file names too.
    return _CONTROL.sub("\ufffd", str(value))


UNCHECKED = ("could not check:", "partly unchecked:")


def short_note(note: str) -> str:
    """A practice's "could not check: <why>" shortened: the reason is said once, at the end of the report."""
    return note.split(":", 1)[0] if note.startswith(UNCHECKED) else note


def _environment() -> Environment:
    env = Environment(
        finalize=_drop_control_chars,
        loader=PackageLoader("nodeward", "reporters/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight"] = highlight
    env.filters["inline_code"] = inline_code
    env.filters["short_note"] = short_note
    env.tests["unchecked"] = lambda note: str(note).startswith(UNCHECKED)
    return env


def context(report: Report) -> dict[str, Any]:
    ordered = sorted(report.findings, key=lambda f: (f.practice, -f.severity, f.location.path, f.location.line))
    views = [_view(f, i) for i, f in enumerate(ordered)]
    active = [v for v in views if not v.finding.suppressed]
    suppressed = [v for v in views if v.finding.suppressed]
    by_practice = {p.number: [v for v in active if v.finding.practice == p.number] for p in report.scorecard.practices}
    return {
        "report": report,
        "nonce": secrets.token_urlsafe(16),
        "practices": report.practices_in_scope,
        "by_practice": by_practice,
        "suppressed": suppressed,
        "severities": [s.label for s in sorted(Severity, reverse=True)],
        "counts": report.severity_counts(),
        "status_label": STATUS_LABEL,
        "status_icon": STATUS_ICON,
        "probe": report.sections.get("probe") if isinstance(report.sections.get("probe"), dict) else None,
        "deps": report.sections.get("deps") if isinstance(report.sections.get("deps"), dict) else None,
        "baseline": report.sections.get("baseline") if isinstance(report.sections.get("baseline"), dict) else None,
    }


def render(report: Report) -> str:
    return _environment().get_template("report.html.j2").render(**context(report))
