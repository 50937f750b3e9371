"""Practice 14: automated vulnerability scanning in CI — dependency audit, SAST, and an npm update bot (NW14nn)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from nodeward.collect.ci_workflows import CiCommand, CiWorkflow
from nodeward.collect.manifests import expand_scripts, root_package, script_commands
from nodeward.facts import Facts
from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Patch, fix
from nodeward.fix import lines as line_edit
from nodeward.fix.context import FixContext
from nodeward.knowledge.scanners import AUDIT_COMMANDS, AUDIT_REFS, SAST_COMMANDS, SAST_REFS
from nodeward.practices._evidence import capped
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.targets import ProjectTarget

AUDIT, SAST = "dependency audit", "SAST"

# What counts as a scanner in CI is data (knowledge/scanners.py).
_AUDIT_COMMANDS, _SAST_COMMANDS, _AUDIT_REFS, _SAST_REFS = AUDIT_COMMANDS, SAST_COMMANDS, AUDIT_REFS, SAST_REFS


@dataclass(frozen=True)
class ScanFound:
    category: str  # AUDIT or SAST
    tool: str
    command: CiCommand
    workflow: CiWorkflow
    via: str = ""  # the package.json script the CI line runs, when the tool is in there

    @property
    def location(self) -> Location:
        return self.command.location

    def describe(self) -> str:
        where = f"{self.workflow.system_name} job `{self.command.job}`"
        via = f" (through script `{self.via}`)" if self.via else ""
        return f"{self.category} with {self.tool}{via}: {self.command.text[:80]} in {where}"


@lru_cache(maxsize=2)  # several rules ask for the same scan of the same run's facts
def ci_scans(facts: Facts) -> tuple[ScanFound, ...]:
    scripts = script_commands(sorted(facts.package_jsons, key=lambda p: (p.path.count("/"), p.path)))
    out: list[ScanFound] = []
    for workflow in facts.ci_workflows:
        for command in workflow.commands():
            if command.kind == "run":
                for via, text in expand_scripts(command.text, scripts):
                    for category, table in ((AUDIT, _AUDIT_COMMANDS), (SAST, _SAST_COMMANDS)):
                        for tool, pattern in table:
                            if pattern.search(text):
                                out.append(ScanFound(category, tool, command, workflow, via))
            elif command.kind != "image":
                ref = command.text.lower()
                for category, refs in ((AUDIT, _AUDIT_REFS), (SAST, _SAST_REFS)):
                    for tool, needles in refs:
                        if any(n in ref for n in needles):
                            out.append(ScanFound(category, tool, command, workflow))
                            break
    unique: dict[tuple[str, str, int, str], ScanFound] = {}
    for found in out:
        unique.setdefault((found.category, found.command.path, found.command.line, found.tool), found)
    return tuple(unique.values())


def _workflows(facts: Facts) -> list[CiWorkflow]:
    return sorted(facts.ci_workflows, key=lambda w: w.path)


_PSEUDO_JOBS = frozenset({"orbs", "include", "before_script", "after_script"})


def _first_job(workflow: CiWorkflow) -> Location:
    """Where a missing step should go: the first real job (not CircleCI's orbs or GitLab's include list)."""
    jobs = [j for j in workflow.jobs if j.name not in _PSEUDO_JOBS] or list(workflow.jobs)
    return Location(workflow.path, jobs[0].line if jobs else 1)


@rule(
    "NW1401",
    "no-vulnerability-scanning-in-ci",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=1104,
)
def no_vulnerability_scanning_in_ci(facts: Facts) -> Iterator[Hit]:
    """CI runs neither a dependency audit nor a static security analysis.

    ## What it checks
    The CI configurations of the project (GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Bitbucket Pipelines,
    Jenkinsfiles) for a dependency audit (`npm audit`, `yarn audit`, `pnpm audit`, audit-ci, osv-scanner, Snyk,
    Trivy, nodeward...) or a SAST tool (CodeQL, Semgrep, SonarQube/SonarCloud, njsscan, nodeward, GitLab's SAST
    template), including when the CI line runs a package.json script that runs the tool. Each tool found is reported
    as evidence with the file and line where CI runs it. A project without any CI configuration fails at its
    package.json.

    ## Why it matters
    New advisories are published against dependencies that did not change, and new code brings new flaws. Only a
    scan that runs on every change and on a schedule notices either without someone remembering to look.

    ## How to fix
    Add a CI step that runs `npm audit --audit-level=high` (or osv-scanner, Snyk, nodeward) and, ideally, a SAST job
    such as CodeQL or Semgrep.

    ## Example
    ```yaml file=.github/workflows/ci.yml
    on: [push, pull_request]
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: npm ci
          - run: npm test
    ```

    ## Use instead
    ```yaml file=.github/workflows/ci.yml
    on: [push, pull_request]
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: npm ci
          - run: npm audit --audit-level=high
          - run: npm test
    ```

    ## References
    - https://docs.npmjs.com/cli/commands/npm-audit
    - https://google.github.io/osv-scanner/
    - https://codeql.github.com/
    """
    workflows = _workflows(facts)
    root = root_package(facts)
    if not workflows:
        if root is None:
            yield not_applicable("no package.json and no CI configuration")
            return
        yield fails(root.location, "no CI configuration found, so nothing scans for vulnerabilities automatically")
        return
    found = ci_scans(facts)
    yield from capped(holds(scan, scan.describe()) for scan in found)
    if not found:
        wf = workflows[0]
        yield fails(_first_job(wf), f"no CI job runs a dependency audit or a SAST tool ({wf.system_name})")


CI_AUDIT = "npm audit --omit=dev --audit-level=high"


@fix("NW1401", safe=True)
def fix_no_ci_security_scan(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """A `- run: npm audit --omit=dev --audit-level=high` step at the end of the first GitHub Actions job (it fails
    the job on a high or critical advisory in a production dependency). `nodeward init` writes a workflow that also
    runs nodeward itself, with SARIF for code scanning."""
    path, data = finding.location.path, ctx.source(finding.location.path)
    if finding.message.startswith("no CI configuration"):
        return "no CI configuration to add a step to: `nodeward init` writes a GitHub workflow that runs nodeward"
    if data is None or not path.startswith(".github/workflows/"):
        return None
    edit = line_edit.append_ci_steps(path, data, finding.location.line, [CI_AUDIT])
    note = f"{path}: the new audit step fails the job on high advisories; `nodeward init` adds a nodeward workflow"
    return Patch("audit dependencies in CI (npm audit)", (edit,), notes=(note,)) if edit else None


def _one_kind_of_scan_only(facts: Facts, present: str, missing: str, message: str) -> Iterator[Hit]:
    """NW1402/NW1403: CI runs one kind of scan (audit or SAST) but not the other."""
    categories = {f.category for f in ci_scans(facts)}
    if present in categories and missing not in categories:
        yield fails(_first_job(_workflows(facts)[0]), message)


@rule(
    "NW1402",
    "no-dependency-audit-in-ci",
    on=ProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=1104,
    profile="audit",
)
def no_dependency_audit_in_ci(facts: Facts) -> Iterator[Hit]:
    """CI runs a SAST tool but no dependency audit.

    ## What it checks
    When CI runs static analysis (see NW1401) but nothing that checks the installed packages against an advisory
    database: `npm audit`, `yarn audit`, `pnpm audit`, audit-ci, osv-scanner, Snyk, Trivy, nodeward...

    ## Why it matters
    Static analysis looks at your code; most known-exploitable flaws in a Node.js service are in its dependencies.

    ## How to fix
    Add `npm audit --audit-level=high` (or osv-scanner / audit-ci) to the CI job.

    ## Example
    ```yaml file=.github/workflows/ci.yml
    on: [push]
    jobs:
      sast:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - uses: github/codeql-action/init@v3
          - uses: github/codeql-action/analyze@v3
    ```

    ## Use instead
    ```yaml file=.github/workflows/ci.yml
    on: [push]
    jobs:
      sast:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - uses: github/codeql-action/init@v3
          - uses: github/codeql-action/analyze@v3
          - run: npx audit-ci --high
    ```

    ## References
    - https://github.com/IBM/audit-ci
    """
    yield from _one_kind_of_scan_only(facts, SAST, AUDIT, "CI runs static analysis but no dependency audit")


@rule(
    "NW1403",
    "no-sast-in-ci",
    on=ProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=1104,
    profile="audit",
)
def no_sast_in_ci(facts: Facts) -> Iterator[Hit]:
    """CI audits dependencies but runs no static security analysis of the code.

    ## What it checks
    When CI runs a dependency audit (see NW1401) but no SAST tool: CodeQL, Semgrep, SonarQube/SonarCloud, njsscan,
    Snyk Code, nodeward, or GitLab's SAST template.

    ## Why it matters
    A dependency audit cannot see injection, path traversal or unsafe deserialisation in your own code.

    ## How to fix
    Add a CodeQL or Semgrep job (both are free for open-source projects), or run `nodeward scan` in CI.

    ## Example
    ```yaml file=.gitlab-ci.yml
    audit:
      image: node:20
      script:
        - npm ci
        - npm audit --audit-level=high
    ```

    ## Use instead
    ```yaml file=.gitlab-ci.yml
    include:
      - template: Jobs/SAST.gitlab-ci.yml
    audit:
      image: node:20
      script:
        - npm ci
        - npm audit --audit-level=high
    ```

    ## References
    - https://semgrep.dev/docs/
    - https://docs.gitlab.com/ee/user/application_security/sast/
    """
    yield from _one_kind_of_scan_only(facts, AUDIT, SAST, "CI audits dependencies but runs no static security analysis")


@rule(
    "NW1404",
    "no-dependency-update-bot",
    on=ProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=1104,
)
def no_dependency_update_bot(facts: Facts) -> Iterator[Hit]:
    """Neither Dependabot nor Renovate keeps the npm dependencies up to date.

    ## What it checks
    `.github/dependabot.yml` with an `npm` package-ecosystem entry, or a Renovate configuration (`renovate.json`,
    `renovate.json5`, `.renovaterc`, `.renovaterc.json`, in the root, `.github/` or `.gitlab/`, or the `renovate`
    key of package.json) that does not disable the npm manager. Reported only when CI runs no vulnerability scan:
    practice 14 is scanning in CI, and a CI that runs CodeQL, Semgrep or a dependency audit holds it; keeping
    dependencies current without a bot is practice 2's concern (NW0207 reports the bots as its evidence).

    ## Why it matters
    An audit tells you a fix exists; a bot opens the pull request that applies it, so fixes land in days instead of
    whenever someone next looks.

    ## How to fix
    Add `.github/dependabot.yml` with `package-ecosystem: npm` (and a schedule), or enable Renovate.

    ## Example
    ```yaml file=.github/dependabot.yml
    version: 2
    updates:
      - package-ecosystem: github-actions
        directory: /
        schedule:
          interval: weekly
    ```
    ```json
    {"name": "shop"}
    ```

    ## Use instead
    ```yaml file=.github/dependabot.yml
    version: 2
    updates:
      - package-ecosystem: npm
        directory: /
        schedule:
          interval: weekly
    ```
    ```json
    {"name": "shop"}
    ```

    ## References
    - https://docs.github.com/en/code-security/dependabot/dependabot-version-updates
    - https://docs.renovatebot.com/
    """
    root = root_package(facts)
    if root is None:
        yield not_applicable("no package.json: no npm dependencies to update")
        return
    configs = facts.dependency_update_configs
    covering = [c for c in configs if c.npm]
    yield from capped(holds(c, f"{c.tool} keeps npm dependencies updated ({c.path})") for c in covering)
    if covering or ci_scans(facts):
        return
    if configs:
        config = configs[0]
        why = f": {config.detail}" if config.detail else ""
        yield fails(Location(config.path, 1), f"{config.tool} is configured but does not cover npm{why}")
        return
    yield fails(root.location, "neither Dependabot nor Renovate is configured for npm")


# `npm audit || true`, `|| exit 0`, `|| :`, `|| echo ...`: the shell swallows the audit's exit status.
_SWALLOWED = re.compile(r"\|\|\s*(?:true\b|exit\s+0\b|:(?:\s|$)|echo\b)")


def _why_cannot_fail(scan: ScanFound, facts: Facts) -> str | None:
    if scan.command.allowed_to_fail:
        return f"{scan.workflow.system_name} lets this step fail (continue-on-error / allow_failure / continueOnError)"
    texts = [scan.command.text]
    if scan.via:
        scripts = script_commands(facts.package_jsons)
        texts += [text for via, text in expand_scripts(scan.command.text, scripts) if via]
    for text in texts:
        if _SWALLOWED.search(text):
            return "the shell ignores its exit status (`|| true` or similar)"
    if (
        scan.tool == "Snyk"
        and re.search(r"\bsnyk\s+monitor\b", " ".join(texts))
        and not re.search(r"\bsnyk\s+test\b", " ".join(texts))
    ):
        return "`snyk monitor` only uploads a snapshot and never fails the build"
    return None


@rule(
    "NW1405",
    "ci-audit-cannot-fail",
    on=ProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=1104,
    profile="audit",
)
def ci_audit_cannot_fail(facts: Facts) -> Iterator[Hit]:
    """The CI dependency audit runs but can never fail the build.

    ## What it checks
    Each dependency audit found in CI (see NW1401) whose failure is ignored: the step or job is allowed to fail
    (GitHub `continue-on-error: true`, GitLab `allow_failure`, Azure `continueOnError: true`), the shell swallows the
    exit status (`npm audit || true`, `|| exit 0`, `|| echo ...`, also inside the package.json script CI runs), or
    the tool only reports (`snyk monitor` without `snyk test`).

    ## Why it matters
    An audit whose result nobody has to act on is read by nobody: the log says "found 3 high severity
    vulnerabilities" on every green build.

    ## How to fix
    Let the audit fail the build at the severity you act on (`npm audit --audit-level=high`), and record accepted
    advisories explicitly (audit-ci's allowlist, or a nodeward suppression with a reason and an expiry).

    ## Example
    ```yaml file=.github/workflows/ci.yml
    on: [push]
    jobs:
      audit:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: npm audit || true
    ```

    ## Use instead
    ```yaml file=.github/workflows/ci.yml
    on: [push]
    jobs:
      audit:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: npm audit --audit-level=high
    ```

    ## References
    - https://docs.npmjs.com/cli/commands/npm-audit#audit-level
    - https://github.com/IBM/audit-ci
    """
    for scan in ci_scans(facts):
        if scan.category != AUDIT:
            continue
        why = _why_cannot_fail(scan, facts)
        if why:
            yield fails(scan, f"{scan.tool} runs in CI but cannot fail the build: {why}")
