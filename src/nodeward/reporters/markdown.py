"""Markdown summary for pull-request comments and the GitHub Actions step summary, capped in length."""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import quote

from nodeward.findings import Finding, Severity
from nodeward.report import Report
from nodeward.reporters.html import STATUS_ICON, STATUS_LABEL

# GitHub limits a step summary to 1 MiB and a comment to 65,536 characters; stay well below the smaller.
MAX_CHARS = 60_000
MAX_FINDINGS = 200


def md_text(value: object) -> str:
    """Neutralise Markdown and HTML in text that comes from the scanned project (paths, messages, snippets)."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)


def md_code_text(value: object) -> str:
    """Like md_text, but `code spans` stay code: fix advice is written with them (`app.use(helmet())`), and an
    escaped backtick shows as a stray character. Inside a span Markdown and HTML are literal already; an unpaired
    backtick is escaped like any other."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: the last one opens nothing
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    out = []
    for i, part in enumerate(parts):
        out.append(md_text(part) if i % 2 == 0 else f"`{part}`" if part.strip() else md_text(f"`{part}`"))
    return "".join(out)


def _link(f: Finding, base_url: str | None) -> str:
    loc = f.location
    if loc.url and not loc.path:
        return md_text(loc.url)
    label = md_text(f"{loc.path}:{loc.line}")
    # The link target is a URL: percent-encoding keeps control characters, spaces and parentheses from file names
    # out of the Markdown (and out of a terminal that shows it).
    target = quote(loc.path, safe="/")
    if base_url:
        return f"[{label}]({base_url.rstrip('/')}/{target}#L{loc.line})"
    return f"[{label}]({target}#L{loc.line})"


def render(report: Report, *, base_url: str | None = None, max_chars: int = MAX_CHARS) -> str:
    base_url = base_url or _github_blob_url()
    lines = [f"## nodeward {report.command}: {md_text(report.target)}", ""]
    counts = report.severity_counts()
    sc = report.scorecard_counts()
    summary = ", ".join(f"{n} {sev}" for sev, n in counts.items() if n) or "no findings"
    lines.append(
        f"**{summary}** · practices: {sc['holds']} hold, {sc['fails']} fail, {sc['unknown']} unknown, "
        f"{sc['not-applicable']} n/a"
    )
    for name in ("probe", "deps", "baseline"):
        section = report.sections.get(name)
        if isinstance(section, dict) and section.get("headline"):
            lines.append(f"> {md_text(section['headline'])}")
    tree = report.sections.get("repository_config")
    if isinstance(tree, dict) and tree.get("lines"):
        lines += ["", f"**The scanned repository's {md_text(tree['path'])} changes what is checked:**"]
        lines += [f"- {md_text(line)}" for line in tree["lines"]]
    lines += ["", "| # | Practice | Verdict | Findings |", "|---:|---|---|---:|"]
    for p in report.practices_in_scope:
        verdict = f"{STATUS_ICON[p.status]} {STATUS_LABEL[p.status]}" + (f" ({p.known_text})" if p.known else "")
        lines.append(f"| {p.number:02d} | {md_text(p.title)} | {verdict} | {len(p.findings)} |")
    threshold = report.fail_on
    # Vulnerable dependencies are listed once, in the table by top-level dependency below.
    groups, grouped = report.dependency_groups()
    if threshold == "never":
        shown = sorted(report.active, key=lambda f: -f.severity)
        heading = "Findings"
    else:
        level = Severity.parse(threshold)
        shown = sorted(report.failing(level), key=lambda f: -f.severity)
        heading = f"Findings at or above {threshold}"
    lines += ["", f"### {heading} ({len(shown)})", ""]
    in_table = sum(f.fingerprint in grouped for f in shown)
    shown = [f for f in shown if f.fingerprint not in grouped]
    if in_table:
        lines += [f"_{in_table} of them: vulnerable dependencies, listed by top-level dependency below._", ""]
    body: list[str] = []
    used = sum(len(x) + 1 for x in lines)
    left_out = 0
    for i, f in enumerate(shown):
        entry = (
            f"- **{f.severity.label.upper()}** `{f.code}` {md_text(f.name)} — {_link(f, base_url)}  \n"
            f"  {md_code_text(f.message)}"
            + "".join(
                f"  \n  Seen live ({c.code}): {md_code_text(c.message)} — {md_text(c.location)}" for c in f.confirmed_by
            )
            + (f"  \n  Fix: {md_code_text(f.fix)}" if f.fix else "")
        )
        if i >= MAX_FINDINGS or used + len(entry) + 200 > max_chars:
            left_out = len(shown) - i
            break
        body.append(entry)
        used += len(entry) + 1
    lines += body
    if not shown and not in_table:
        lines.append("None.")
    if left_out:
        lines += ["", f"_…and {left_out} more finding(s) left out to keep this summary short; see the full report._"]
    lines += _deps_groups(groups)
    if report.incomplete:
        lines += ["", "**Could not check:** " + "; ".join(md_text(i) for i in report.incomplete)]
    return "\n".join(lines) + "\n"


def _deps_groups(groups: list[dict[str, Any]]) -> list[str]:
    """Active vulnerable packages grouped by the top-level dependency that brings them in (Report.dependency_groups)."""
    if not groups:
        return []
    out = ["", "### Vulnerable dependencies by top-level dependency"]
    for group in groups:
        ws = f" (workspace {md_text(group['workspace'])})" if group.get("workspace") else ""
        out += ["", f"**{md_text(group['top_level'])}**{ws} — {md_text(group['lockfile'])}", ""]
        out += ["| package | kind | advisory | severity | path | fix |", "|---|---|---|---|---|---|"]
        for v in group["vulnerabilities"]:
            ids = ", ".join([v["id"], *[a for a in v["aliases"] if a != v["id"]]])
            out.append(
                f"| {md_text(v['package'] + '@' + v['version'])} | {v['kind']} | {md_text(ids)} | {v['severity']} | "
                f"{md_text(' > '.join(v['path']))} | {md_text(v['fix']['text'])} |"
            )
    return out


def _github_blob_url() -> str | None:
    """Inside GitHub Actions, link findings to the exact commit's files."""
    server, repo, sha = (os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if server and repo and sha:
        return f"{server}/{repo}/blob/{sha}"
    return None
