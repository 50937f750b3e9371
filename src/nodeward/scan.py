"""The pipeline, one owner for every command: discover → collect facts (static, the dependency audit, the live
probe) → run rules → scorecard → Report. `run_scan`, `run_deps` and `run_probe` are what `scan`, `deps` and `probe`
call; the CLI only turns flags into options and renders."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nodeward.baseline import Baseline, apply_baseline
from nodeward.collect.discover import Project, discover_project
from nodeward.engine import EngineResult, corroborate, run_rules, select_rules
from nodeward.facts import Facts
from nodeward.report import Report, build_report
from nodeward.rules.registry import Rule, all_rules, matches_selector
from nodeward.scorecard import build_scorecard
from nodeward.settings import Settings, TreeConfig, tree_controls

if TYPE_CHECKING:
    from nodeward.deps.audit import DepsAudit, DepsOptions
    from nodeward.probe.record import ProbeOptions


@dataclass
class RunInputs:
    """What a command collected before the rules run: eager fact sources and what could not be checked."""

    sources: dict[str, Any] = field(default_factory=dict)  # "deps" -> DepsAudit, "probe" -> ProbeRecord
    incomplete: dict[int, str] = field(default_factory=dict)  # practice -> why it could not be checked
    sections: dict[str, Any] = field(default_factory=dict)  # report sections ("deps", "probe")
    notices: list[str] = field(default_factory=list)
    baseline: Baseline | None = None  # findings in it are reported as suppressed (kind "baseline")


def config_message(settings: Settings) -> str | None:
    user = f"your config {settings.user_config_path}" if settings.user_config_path is not None else ""
    if settings.config_path is None:
        return f"loaded {user}" if user else None
    n = len(settings.suppressions)
    # A PR that adds `ignore = ["NW"]` must be visible in the header, not only in the diff (suppressions are
    # counted below either way; each suppressed finding carries its reason).
    controls = tree_controls(settings, with_suppressions=False)
    turned_off = f" from the scanned repository itself, which turns off: {'; '.join(controls)}" if controls else ""
    also = f" and {user}" if user else ""
    return f"loaded config {settings.config_path}{turned_off}{also} ({n} suppression{'s' if n != 1 else ''})"


def rules_matching(selectors: tuple[str, ...], rules: list[Rule]) -> list[str]:
    return [r.code for r in rules if any(matches_selector(r, s) for s in selectors)]


def repository_config_section(tree: TreeConfig, rules: list[Rule], root: Path) -> dict[str, Any]:
    """The report section of what the scanned repository's own nodeward.toml turned off, rule by rule: a user
    reviewing a stranger's pull request sees which rules it silenced, not only that a config was loaded."""
    ignored = rules_matching(tree.ignore, rules) if tree.ignore else []
    left_out = [c for c in (r.code for r in rules) if c not in set(rules_matching(tree.select, rules))]
    left_out = left_out if tree.select else []
    lines = []
    if ignored:
        everything = " (every rule)" if len(ignored) == len(rules) else ""
        lines.append(f"ignores {len(ignored)} of {len(rules)} rules{everything}: {_codes(ignored)}")
    if left_out:
        lines.append(f"select = {list(tree.select)[:10]} leaves out {len(left_out)} rules: {_codes(left_out)}")
    lines += [line for line in tree.turned_off() if not line.startswith(("ignore =", "select ="))]
    for s in tree.suppressions:
        what = ", ".join(f"{k} {v}" for k, v in (("rule", s.rule), ("path", s.path), ("advisory", s.advisory)) if v)
        until = f" until {s.expires.isoformat()}" if s.expires else ""
        lines.append(f"suppresses {what}{until}: {s.reason}")
    if tree.refused:
        lines.append(f"tried to set {', '.join(tree.refused)}: refused (--trust-config accepts them)")
    if tree.trusted:
        lines.append(f"sets {', '.join(tree.trusted)}: used, as --trust-config asks")
    try:
        shown = tree.path.resolve().relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        shown = tree.path.name
    return {
        "path": shown,
        "ignored_rules": ignored,
        "not_selected_rules": left_out,
        "ignore": list(tree.ignore),
        "select": list(tree.select),
        "exclude": list(tree.exclude),
        "gitignore": not tree.gitignore_off,
        "fail_on": tree.fail_on,
        "suppressions": [
            {
                "rule": s.rule,
                "path": s.path,
                "advisory": s.advisory,
                "reason": s.reason,
                "expires": s.expires.isoformat() if s.expires else None,
                "source": s.source,
            }
            for s in tree.suppressions
        ],
        "refused_trust_settings": list(tree.refused),
        "trusted_settings": list(tree.trusted),
        "lines": lines,
    }


def _codes(codes: list[str], limit: int = 40) -> str:
    return ", ".join(codes[:limit]) + (f" ... (+{len(codes) - limit})" if len(codes) > limit else "")


def discover(settings: Settings, progress: Callable[[int], None] | None = None) -> Project:
    return discover_project(
        settings.root,
        excludes=settings.exclude,
        includes=settings.include,
        max_file_size=settings.max_file_size,
        use_gitignore=settings.use_gitignore,
        progress=progress,
    )


def incomplete_lines(incomplete: Mapping[int, str]) -> list[str]:
    """ "practices 3, 4, 5: why": one line per reason, however many practices it leaves unchecked."""
    by_reason: dict[str, list[int]] = {}
    for practice, why in sorted(incomplete.items()):
        by_reason.setdefault(why, []).append(practice)
    return [
        f"practice{'s' if len(ps) > 1 else ''} {', '.join(str(p) for p in ps)}: {why}" for why, ps in by_reason.items()
    ]


def evaluate(
    command: str,
    target: str,
    settings: Settings,
    project: Project | None,
    inputs: RunInputs,
    *,
    origins: tuple[str, ...] | None = None,
    started: float | None = None,
    on_rule: Callable[[Rule], None] | None = None,
    facts: Facts | None = None,
) -> Report:
    """Run the selected rules over the facts and fold everything into a Report. `facts` are the run's static facts
    when a step before the rules already read them (the probe's body routes)."""
    started = time.perf_counter() if started is None else started
    if facts is None:
        facts = Facts(settings, project, **inputs.sources)
    else:
        facts.add_sources(inputs.sources)
    rules = select_rules(settings, origins)
    result: EngineResult = run_rules(facts, rules, on_rule=on_rule)
    result.findings = corroborate(result.findings)
    inline = sum(1 for f in result.findings if f.suppression is not None and f.suppression.kind == "inline")
    own = [*settings.trust_notes]
    if tree_controls(settings):
        own.append(f"the scanned repository's {settings.config_path.name if settings.config_path else 'config'} "
                   f"turns checks off: {'; '.join(tree_controls(settings))}")  # fmt: skip
    if inline:
        own.append(f"{inline} finding(s) suppressed by nodeward-ignore comments in the scanned code")
    result.notices[:0] = [*own, *inputs.notices, *(project.notices if project else ()), *facts.notices]
    result.incomplete.extend(incomplete_lines(inputs.incomplete))
    if inputs.baseline is not None:
        result.findings, inputs.sections["baseline"] = apply_baseline(result.findings, inputs.baseline)
    scorecard = build_scorecard(result, inputs.incomplete)
    registered = all_rules()
    sections = dict(inputs.sections)
    if settings.tree is not None and (tree_controls(settings) or settings.tree.refused or settings.tree.trusted):
        sections["repository_config"] = repository_config_section(settings.tree, registered, settings.root)
    return build_report(
        command,
        target,
        result,
        scorecard,
        skipped=tuple(project.skipped) if project else (),
        problems=tuple(facts.problems),
        files_scanned=len(project.files) if project else 0,
        profile=settings.profile,
        fail_on=settings.fail_on,
        duration_s=time.perf_counter() - started,
        config=config_message(settings),
        sections=sections,
        rules_total=len(registered),
        rules_not_run=rules_not_run(
            command, settings, registered, rules, set(result.rules_run), origins, inputs.incomplete
        ),
    )


def rules_not_run(
    command: str,
    settings: Settings,
    registered: list[Rule],
    selected: list[Rule],
    ran: set[str],
    origins: tuple[str, ...] | None,
    incomplete: Mapping[int, str],
) -> dict[str, int]:
    """Why each rule that did not run did not: the header's "70 of 109 rules" must not read as 39 silent gaps."""
    chosen = {r.code for r in selected}
    reasons: dict[str, int] = {}
    for r in registered:
        if r.code in ran:
            continue
        if origins is not None and r.origin not in origins:
            why = f"not part of `{command}`"
        elif r.profile == "audit" and settings.profile != "audit":
            why = "only with --profile audit"
        elif r.code not in chosen:
            tree = settings.tree
            by_tree = tree is not None and (
                any(matches_selector(r, s) for s in tree.ignore)
                or (tree.select and not any(matches_selector(r, s) for s in tree.select))
            )
            why = "turned off by the scanned repository's nodeward.toml" if by_tree else "left out by --select/--ignore"
        elif r.target.requires == "probe":
            why = (
                "need the live probe, which could not run"
                if r.practice in incomplete
                else "need --url (a running app to probe)"
            )
        elif r.target.requires == "deps":
            why = (
                "dependency audit could not run"
                if r.practice in incomplete
                else "need the dependency audit (--no-deps)"
            )
        else:
            why = f"need facts not collected here ({r.target.requires})"
        reasons[why] = reasons.get(why, 0) + 1
    return reasons


def scan_project(
    settings: Settings,
    target: str,
    inputs: RunInputs | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    on_rule: Callable[[Rule], None] | None = None,
    extra_sections: Mapping[str, Any] | None = None,
) -> Report:
    started = time.perf_counter()
    inputs = inputs or RunInputs()
    if extra_sections:
        inputs.sections.update(extra_sections)
    project = discover(settings, progress)
    return evaluate("scan", target, settings, project, inputs, started=started, on_rule=on_rule)


# --- what each command collects before the rules run -------------------------------------------------------------


class Hooks(Protocol):
    """Progress callbacks of a run (the CLI's progress line)."""

    def files(self, n: int) -> None: ...

    def rule(self, rule: Rule) -> None: ...


class _NoHooks:
    def files(self, n: int) -> None:
        pass

    def rule(self, rule: Rule) -> None:
        pass


HooksFactory = Callable[[], AbstractContextManager[Hooks]]


def _no_hooks() -> AbstractContextManager[Hooks]:
    return nullcontext(_NoHooks())


@dataclass(frozen=True)
class ScanRequest:
    """What `scan` collects besides the static facts."""

    deps: DepsOptions | None = None  # None: no dependency audit (--no-deps)
    probe: ProbeOptions | None = None  # None: no live probe (no --url)
    baseline: Baseline | None = None


def deps_inputs(
    settings: Settings, options: DepsOptions, inputs: RunInputs | None = None, project: Project | None = None
) -> tuple[RunInputs, DepsAudit]:
    """Run the dependency audit on the discovered project and put it where the engine and the reporters find it."""
    from nodeward.deps.audit import audit_summary, run_deps_audit
    from nodeward.deps.command import advisories_not_checked, source_line

    inputs = inputs or RunInputs()
    audit = run_deps_audit(settings.root, options, project=project)
    inputs.sources["deps"] = audit
    section = audit_summary(audit)
    inputs.sections["deps"] = section
    reasons = []
    if audit.unavailable:
        reasons.append(advisories_not_checked(audit.unavailable))
        section["headline"] = ""  # the reason is said once, with the next step, where "could not check" is listed
    for path, message in audit.problems:
        reasons.append(f"lockfile {path}: {message}")
    if reasons:
        inputs.incomplete[2] = "; ".join(reasons)
    if audit.answer is not None:
        inputs.notices.append(source_line(audit))
        inputs.notices.extend(audit.answer.warnings)
    for line in audit.sent:
        inputs.notices.append(f"sent: {line}")
    if options.offline:
        inputs.notices.append("--offline: no network request was made")
    return inputs, audit


def probe_inputs(options: ProbeOptions, inputs: RunInputs | None = None) -> RunInputs:
    """Probe the target; an unreachable one makes the live practices "could not check" (exit 3), never clean."""
    from nodeward.probe.run import LIVE_PRACTICES, probe_section, timed_probe

    record, problem, _ = timed_probe(options)
    inputs = inputs or RunInputs()
    if record is None:  # said once, as "could not check" (not again as a notice)
        for practice in LIVE_PRACTICES:
            inputs.incomplete[practice] = f"live probe of {options.url} failed: {problem}"
        return inputs
    inputs.sources["probe"] = record
    inputs.sections["probe"] = probe_section(record)
    inputs.incomplete.update(record.unchecked)
    if record.aborted:  # what was seen is judged; what was not is "could not check", never clean
        for practice in LIVE_PRACTICES:
            inputs.incomplete[practice] = f"live probe of {options.url} incomplete: {record.aborted}"
    inputs.notices.extend(f"probe: {note}" for note in record.notes)
    return inputs


def run_scan(settings: Settings, target: str, request: ScanRequest, hooks: HooksFactory = _no_hooks) -> Report:
    """`nodeward scan`: one discovery whose project every step reads (static facts, the probe's body routes, the
    dependency audit's lockfiles and manifests), then the rules."""
    from nodeward.probe.routes import static_body_routes

    started = time.perf_counter()
    with hooks() as h:
        project = discover(settings, h.files)
    facts = Facts(settings, project)
    inputs = RunInputs(baseline=request.baseline)
    if request.probe is not None:
        probe = replace(request.probe, body_paths=static_body_routes(facts), body_limit_max=settings.body_limit_max)
        probe_inputs(probe, inputs)
    if request.deps is not None:
        deps_inputs(settings, request.deps, inputs, project)
    with hooks() as h:
        return evaluate("scan", target, settings, project, inputs, started=started, on_rule=h.rule, facts=facts)


def run_deps(settings: Settings, target: str, options: DepsOptions) -> tuple[Report, DepsAudit]:
    """`nodeward deps`: the audit of the discovered project's lockfiles, judged by the dependency rules only."""
    started = time.perf_counter()  # the audit is the work: time it, not only the rules that judge it
    inputs, audit = deps_inputs(settings, options, project=discover(settings))
    return evaluate("deps", target, settings, None, inputs, origins=("deps",), started=started), audit


def run_probe(settings: Settings, options: ProbeOptions) -> tuple[Report | None, RunInputs]:
    """`nodeward probe`: the live rules on what the probe saw; no report when the target could not be probed."""
    started = time.perf_counter()
    inputs = probe_inputs(options)
    if "probe" not in inputs.sources:
        return None, inputs
    return evaluate("probe", options.url, settings, None, inputs, origins=("live",), started=started), inputs
