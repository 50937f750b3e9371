"""Terminal report: the 15-practice scorecard at a glance, then the findings with location, snippet and fix."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from nodeward.findings import Finding, Severity
from nodeward.fix.available import AvailableFix, available_fixes
from nodeward.report import Report
from nodeward.scorecard import FAILS, HOLDS, NOT_APPLICABLE, UNKNOWN

STATUS_STYLE = {
    HOLDS: ("✔ holds", "green"),
    FAILS: ("✘ fails", "bold red"),
    UNKNOWN: ("? unknown", "yellow"),
    NOT_APPLICABLE: ("– n/a", "dim"),
}
SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
MAX_LISTED_SKIPS = 10
MAX_LISTED_FINDINGS = 500


def safe(text: object) -> str:
    """Neutralise control characters (terminal escape sequences) that scanned files may carry in names or code."""
    s = str(text)
    return "".join(ch if ch.isprintable() or ch in "\t" else "\ufffd" for ch in s)


# Below this width the practice titles wrap between words, so the "Why" column keeps room for its evidence.
WIDE_SCORECARD = 120


def _scorecard_table(report: Report, width: int) -> Table:
    # `deps` and `probe` check only some practices: list those, not 15 rows of "no check ran in this mode".
    shown = report.practices_in_scope
    if len(shown) == 15:
        title = "Scorecard: 15 practices"
    else:
        title = f"Scorecard: the {len(shown)} practice{'s' if len(shown) != 1 else ''} checked by `{report.command}`"
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    wide = width >= WIDE_SCORECARD
    table.add_column("Practice", no_wrap=wide, max_width=None if wide else 24)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Why")
    # Which evidence decided a verdict matters when kinds mix (static, deps, live); one kind everywhere is noise.
    mixed = len({origin for p in shown for origin in p.decided_by}) > 1
    for p in shown:
        label, style = STATUS_STYLE[p.status]
        if p.status == FAILS:
            counts: dict[str, int] = {}
            for f in p.findings:
                counts[f.severity.label] = counts.get(f.severity.label, 0) + 1
            worst = sorted(counts.items(), key=lambda kv: -Severity.parse(kv[0]))
            why = " + ".join(x for x in (", ".join(f"{n} {sev}" for sev, n in worst), p.known_text) if x)
            first = p.worst
            assert first is not None  # a failing practice has a finding, active or known
            why += f" — {first.code} {first.location}"
        elif p.status == HOLDS:
            e = p.evidence[0]
            where = f" ({e.location})" if e.location.path or e.location.url else ""
            why = f"{e.message}{where}" + (f" (+{len(p.evidence) - 1} more)" if len(p.evidence) > 1 else "")
        else:
            # The reason a check could not run is said once, below the findings, with what to do about it.
            why = "; ".join(
                "could not check (why: below)" if n.startswith("could not check:") else n for n in p.notes[:2]
            )
        if p.decided_by and mixed:
            why += f"  [{', '.join(p.decided_by)}]"
        table.add_row(f"{p.number:02d}", p.title, Text(label, style=style), Text(safe(why)))
    return table


def _indented(text: str, style: str = "", prefix: str = "") -> RenderableType:
    """Wrapped lines stay under the finding they belong to."""
    return Padding(Text(prefix + text, style=style), (0, 0, 0, 3))


def _finding_block(f: Finding, autofix: AvailableFix | None = None) -> Iterable[RenderableType]:
    head = Text()
    head.append(f" {f.severity.label.upper():<8}", style=SEVERITY_STYLE[f.severity])
    head.append(f" {f.code} ", style="bold")
    head.append(f.name, style="dim")
    head.append("  ")
    head.append(safe(f.location), style="underline")
    yield head
    yield _indented(safe(f.message))
    if f.snippet:
        yield _indented(safe(f.snippet), "dim", "│ ")
    for i, step in enumerate(f.trace):
        arrow = "└" if i == len(f.trace) - 1 else "├"
        yield _indented(f"{safe(step.location)}  {safe(step.note)}", "magenta", f"{arrow} ")
    for c in f.confirmed_by:
        yield _indented(f"{safe(c.message)} ({c.code}, {safe(c.location)})", "magenta", "seen live: ")
        if c.snippet:
            yield _indented(safe(c.snippet), "dim", "  │ ")
    if f.fix:
        yield _indented(safe(f.fix), "green", "fix: ")
    if autofix is not None:
        flag = "" if autofix.safe else " --unsafe"
        yield _indented(f"{safe(autofix.title)} (nodeward fix{flag})", "cyan", "autofix: ")
    if f.suppression is not None:
        exp = f" until {f.suppression.expires}" if f.suppression.expires else ""
        yield _indented(safe(f.suppression.reason), "dim", f"suppressed ({f.suppression.kind}{exp}): ")


def _dependency_groups(groups: list[dict[str, Any]], count: int) -> Iterable[Text]:
    """NW0201 findings by the top-level dependency that brings them in, with the one version that clears them all."""
    yield Text(f"Vulnerable dependencies by top-level dependency ({count})", style="bold")
    for group in groups:
        ws = f" (workspace {group['workspace']})" if group.get("workspace") else ""
        yield Text(f"  {safe(group['top_level'])}{ws} — {safe(group['lockfile'])}", style="bold")
        for v in group["vulnerabilities"]:
            name = f"{v['package']}@{v['version']}"
            if v.get("alias"):
                name = f"{v['alias']} (npm:{name})"
            ids = ", ".join([v["id"], *[a for a in v["aliases"] if a != v["id"]]])
            approx = " approximate" if v.get("approximate") else ""
            head = Text("    ")
            head.append(f"{v['severity'].upper():<8}", style=SEVERITY_STYLE[Severity.parse(v["severity"])])
            head.append(f" {safe(name)} [{v['kind']}{approx}] {safe(ids)}")
            yield head
            if v.get("summary"):
                yield Text(f"             {safe(v['summary'])}")
            yield Text(f"             path: {safe(' > '.join(v['path']))}  at {safe(v['location'])}", style="dim")
            yield Text(f"             vulnerable {safe(v['vulnerable'])}; fix: {safe(v['fix']['text'])}", style="green")
        for p in group.get("packages", []):
            if p["advisories"] > 1:
                clears = f"{p['clears_all']} clears all of them" if p["clears_all"] else "no version known to clear all"
                yield Text(f"    => {safe(p['package'])}@{safe(p['version'])}: {p['advisories']} advisories; {clears}")


def render_to(report: Report, console: Console, *, show_suppressed: bool = False, verbose: bool = False) -> None:
    header = Text()
    header.append(f"nodeward {report.version}", style="bold")
    header.append(f" · {report.command} {safe(report.target)}")
    deps = report.sections.get("deps")
    if report.command == "scan":
        header.append(f" · {report.files_scanned} files · {report.rules_run} of {report.rules_total} rules ran")
    elif report.command == "deps" and isinstance(deps, dict):
        lockfiles = len(deps.get("lockfiles") or ())
        header.append(
            f" · {deps.get('packages_checked', 0)} packages in {lockfiles} lockfile{'s' if lockfiles != 1 else ''}"
        )
        header.append(f" · {report.rules_run} rules")
    else:
        header.append(f" · {report.rules_run} rules")
    header.append(f" · {report.duration_s:.2f} s · profile {report.profile}")
    console.print(header)
    if report.command == "scan" and report.rules_not_run:
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(report.rules_not_run.items(), key=lambda kv: -kv[1]))
        console.print(Text(f"rules not run: {why}", style="dim"))
    if report.config:
        console.print(Text(safe(report.config), style="dim"))
    tree = report.sections.get("repository_config")
    if isinstance(tree, dict) and tree.get("lines"):  # never dim: a stranger's PR may have silenced the checks
        head = f"The scanned repository's {safe(tree['path'])} changes what is checked:"
        console.print(Text(head, style="bold yellow"))
        for line in tree["lines"]:
            console.print(Text(f"  - {safe(line)}", style="yellow"))
    inline = sum(1 for f in report.suppressed if f.suppression is not None and f.suppression.kind == "inline")
    if inline:  # comments in the scanned code silence findings too: said up here, not only in the notices
        console.print(Text(f"{inline} finding(s) suppressed by nodeward-ignore comments in the scanned code "
                           "(--show-suppressed lists them with their reasons)", style="yellow"))  # fmt: skip
    for name in ("deps", "probe", "baseline"):
        section = report.sections.get(name)
        if isinstance(section, dict) and section.get("headline"):
            console.print(Text(safe(section["headline"]), style="dim"))
    console.print()
    console.print(_scorecard_table(report, console.width))
    console.print()

    active = sorted(report.active, key=lambda f: (-f.severity, f.practice, f.location.path, f.location.line))
    console.print(Text(f"Findings ({len(active)})", style="bold"))
    if not active:
        console.print(Text("  none", style="green"))
    # Vulnerable dependencies are listed once, grouped by the dependency that brings them in (with the fix plan).
    groups, grouped = report.dependency_groups()
    others = [f for f in active if f.fingerprint not in grouped]
    # Past a few hundred, a terminal listing is unreadable and slow to render: the rest is in json/sarif/html.
    listed = others if verbose else others[:MAX_LISTED_FINDINGS]
    fixes = available_fixes(report)
    for f in listed:
        for line in _finding_block(f, fixes.get(f.fingerprint)):
            console.print(line)
    if len(listed) < len(others):
        console.print(
            Text(
                f"  … and {len(others) - len(listed)} more finding(s) not listed, the least severe "
                "(--verbose lists all; --format html/json/sarif carry every one)",
                style="bold",
            )
        )
    if groups:
        if listed:
            console.print()
        for line in _dependency_groups(groups, len(grouped)):
            console.print(line)
    if report.suppressed:
        console.print()
        if show_suppressed:
            console.print(Text(f"Suppressed findings ({len(report.suppressed)})", style="bold"))
            for f in report.suppressed:
                for line in _finding_block(f):
                    console.print(line)
        else:
            console.print(Text(f"{len(report.suppressed)} suppressed finding(s) not shown (--show-suppressed)"))

    if report.skipped:
        console.print()
        console.print(Text(f"Skipped files ({len(report.skipped)})", style="bold"))
        skips = report.skipped if verbose else report.skipped[:MAX_LISTED_SKIPS]
        for s in skips:
            console.print(Text(f"  {safe(s.path)}: {safe(s.reason)}", style="dim"))
        if len(skips) < len(report.skipped):
            console.print(Text(f"  … and {len(report.skipped) - len(skips)} more (--verbose lists all)", style="dim"))
    if report.problems:
        console.print()
        console.print(Text(f"Files that could not be fully parsed ({len(report.problems)})", style="bold"))
        for p in report.problems[: None if verbose else MAX_LISTED_SKIPS]:
            console.print(Text(f"  {safe(p.path)}: {safe(p.message)}", style="yellow"))
    probe = report.sections.get("probe")
    if isinstance(probe, dict) and probe.get("requests"):
        # The probe's contract with the user: every request it sent is accounted for (spec probe.md §1). The burst
        # is one line unless --verbose; JSON and HTML list each of its requests.
        console.print()
        console.print(Text(f"Requests sent by the probe ({len(probe['requests'])})", style="bold"))
        burst = probe.get("burst") if not verbose else None
        for i, r in enumerate(probe["requests"], 1):
            step = str(r.get("step") or "")
            if burst and step.startswith("burst-"):
                if step == "burst-1":
                    last = i + int(burst["requests"]) - 1
                    console.print(Text(f"  {i:>3}-{last}. {safe(burst['text'])} (--verbose lists each)", style="dim"))
                continue
            outcome = r.get("status") if r.get("status") is not None else f"error: {r.get('error')}"
            label = f"[{step}] " if step else ""
            console.print(
                Text(
                    f"  {i:>3}. {safe(label)}{safe(r.get('method'))} {safe(r.get('url'))} → {safe(outcome)}",
                    style="dim",
                )
            )
    if report.rule_errors:
        console.print()
        for e in report.rule_errors:
            console.print(Text(f"rule {e.code} crashed and was skipped: {safe(e.message)}", style="bold red"))
    for notice in report.notices:
        console.print(Text(f"notice: {safe(notice)}", style="yellow"))
    for item in report.incomplete:
        console.print(Text(f"could not check {safe(item)}", style="bold yellow"))

    console.print()
    counts = report.severity_counts()
    summary = Text("Summary: ")
    summary.append(", ".join(f"{n} {sev}" for sev, n in counts.items() if n) or "no findings")
    if report.suppressed:
        summary.append(f" (+{len(report.suppressed)} known: suppressed or baselined, not counted in the exit code)")
    sc = report.scorecard_counts()
    summary.append(f" · practices: {sc['holds']} hold, {sc['fails']} fail, {sc['unknown']} unknown")
    summary.append(f", {sc['not-applicable']} n/a")
    console.print(summary)


def render(report: Report, *, color: bool = False, width: int = 120, **options: bool) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=False)
    render_to(report, console, **options)
    # Padding fills lines to the console width; trailing blanks are noise in files and CI logs.
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
