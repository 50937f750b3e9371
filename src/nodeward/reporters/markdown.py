"""Markdown report: for pull-request comments and CI summaries (scorecard, findings, dependency groups)."""

from __future__ import annotations

from nodeward.report import Report


def _cell(text: object) -> str:
    # Keep table cells on one line and neutral: pipes and backticks would break the table or inject markup.
    value = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return value.replace("|", "\\|").replace("`", "'").replace("<", "&lt;").replace(">", "&gt;")


def render(report: Report) -> str:
    out = [f"# nodeward {report.command} report: {_cell(report.target)}", ""]
    deps = report.sections.get("deps") if isinstance(report.sections, dict) else None
    if isinstance(deps, dict) and deps.get("headline"):
        out += [f"_{_cell(deps['headline'])}_", ""]
    out += ["## Scorecard", "", "| practice | status |", "| --- | --- |"]
    for p in report.scorecard.practices:
        out.append(f"| {p.number:02d} {_cell(p.title)} | {p.status} |")
    out += ["", f"## Findings ({len(report.active)})", ""]
    if report.active:
        out += ["| severity | rule | location | message | fix |", "| --- | --- | --- | --- | --- |"]
        for f in sorted(report.active, key=lambda f: (-f.severity, f.location.path, f.location.line, f.code)):
            where, message, fix = _cell(f.location), _cell(f.message), _cell(f.fix)
            out.append(f"| {f.severity.label} | {f.code} {f.name} | {where} | {message} | {fix} |")
    else:
        out.append("none")
    if isinstance(deps, dict) and deps.get("groups"):
        out += ["", "## Vulnerable dependencies by top-level dependency", ""]
        for group in deps["groups"]:
            ws = f" (workspace {_cell(group['workspace'])})" if group.get("workspace") else ""
            out += [f"### {_cell(group['top_level'])}{ws} — {_cell(group['lockfile'])}", ""]
            out += ["| package | kind | advisory | severity | path | fix |", "| --- | --- | --- | --- | --- | --- |"]
            for v in group["vulnerabilities"]:
                ids = ", ".join([v["id"], *[a for a in v["aliases"] if a != v["id"]]])
                out.append(
                    f"| {_cell(v['package'])}@{_cell(v['version'])} | {v['kind']} | {_cell(ids)} | {v['severity']} | "
                    f"{_cell(' > '.join(v['path']))} | {_cell(v['fix']['text'])} |"
                )
            out.append("")
    if report.suppressed:
        out += ["", f"{len(report.suppressed)} suppressed finding(s)."]
    if report.notices:
        out += ["", "## Notices", ""] + [f"- {_cell(n)}" for n in report.notices]
    if report.incomplete:
        out += ["", "## Could not check", ""] + [f"- {_cell(i)}" for i in report.incomplete]
    return "\n".join(out).rstrip() + "\n"
