"""CI configurations read into jobs and the commands/actions each runs, with lines: GitHub Actions, GitLab CI,
CircleCI, Azure Pipelines, Bitbucket Pipelines, Travis CI (YAML) and Jenkinsfiles (text, line by line)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from nodeward.collect.yaml_lines import YList, YMap, load_yaml
from nodeward.findings import AtFileLine, Location

CI_SYSTEMS = {
    "github": "GitHub Actions",
    "gitlab": "GitLab CI",
    "circleci": "CircleCI",
    "azure": "Azure Pipelines",
    "bitbucket": "Bitbucket Pipelines",
    "travis": "Travis CI",
    "jenkins": "Jenkins",
}
MAX_COMMANDS = 20_000


@dataclass(frozen=True)
class CiCommand(AtFileLine):
    """One thing a job runs. kind: "run" (one shell line), "uses" (GitHub action or reusable workflow), "orb"
    (CircleCI orb job/command), "task" (Azure task), "pipe" (Bitbucket pipe), "include" (GitLab/Azure template),
    "image" (the container image a job runs in)."""

    kind: str
    text: str
    line: int
    job: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    # The CI system is told to carry on when this fails: GitHub `continue-on-error: true`, GitLab
    # `allow_failure`, Azure `continueOnError: true` (shell-level `|| true` is left to the reader of `text`).
    allowed_to_fail: bool = False

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.params if k == name), None)


@dataclass(frozen=True)
class CiJob:
    name: str
    line: int
    commands: tuple[CiCommand, ...]


@dataclass(frozen=True)
class CiWorkflow:
    path: str
    system: str  # key of CI_SYSTEMS
    jobs: tuple[CiJob, ...]

    @property
    def location(self) -> Location:
        return Location(self.path, 1)

    @property
    def system_name(self) -> str:
        return CI_SYSTEMS.get(self.system, self.system)

    def commands(self) -> Iterator[CiCommand]:
        for job in self.jobs:
            yield from job.commands


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.jobs: list[CiJob] = []
        self.count = 0
        self.allowed_to_fail = False  # set by the system parsers around a job or step

    def job(self, name: str, line: int, commands: list[CiCommand]) -> None:
        self.jobs.append(CiJob(name, line, tuple(commands)))

    def cmd(self, out: list[CiCommand], kind: str, text: Any, line: int, job: str, params: Any = None) -> None:
        self.count += 1
        if self.count > MAX_COMMANDS:
            return
        pairs: tuple[tuple[str, str], ...] = ()
        if isinstance(params, YMap):
            pairs = tuple((str(k), str(v)) for k, v in params.items() if not isinstance(v, (YMap, YList)))
        out.append(CiCommand(kind, str(text).strip(), line, job, self.path, pairs, self.allowed_to_fail))

    def shell(self, out: list[CiCommand], script: Any, job: str, fallback_line: int) -> None:
        """A shell script (string, or list of strings, possibly nested): one command per non-blank line."""
        if isinstance(script, list):
            for item in script:
                self.shell(out, item, job, line_of(script, fallback_line))
            return
        if isinstance(script, YMap):  # Bitbucket `- pipe: ...` inside a script list
            if "pipe" in script:
                self.cmd(out, "pipe", script["pipe"], script.line_of("pipe"), job, script.get("variables"))
            return
        if not isinstance(script, str):
            return
        first = line_of(script, fallback_line)
        for i, raw in enumerate(script.split("\n")):
            text = raw.strip()
            if text and not text.startswith("#"):
                self.cmd(out, "run", text, first + i, job)


def line_of(value: Any, default: int = 1) -> int:
    return getattr(value, "line", 0) or default


def parse_ci_file(path: str, system: str, text: str) -> CiWorkflow:
    if system == "jenkins":
        return _jenkins(path, text)
    documents = load_yaml(text)
    builder = _Builder(path)
    parse = {
        "github": _github,
        "gitlab": _gitlab,
        "circleci": _circleci,
        "azure": _azure,
        "bitbucket": _bitbucket,
        "travis": _travis,
    }[system]
    for doc in documents:
        if isinstance(doc, YMap):
            parse(doc, builder)
    return CiWorkflow(path, system, tuple(builder.jobs))


def _github(doc: YMap, b: _Builder) -> None:
    runs = doc.get("runs")
    if isinstance(runs, YMap) and isinstance(runs.get("steps"), list):  # a composite action (action.yml)
        action: list[CiCommand] = []
        name = str(doc.get("name") or "composite action")
        for step in runs["steps"]:
            if isinstance(step, YMap):
                if isinstance(step.get("uses"), str):
                    b.cmd(action, "uses", step["uses"], step.line_of("uses"), name, step.get("with"))
                if "run" in step:
                    b.shell(action, step["run"], name, step.line_of("run"))
        b.job(name, doc.line_of("runs"), action)
        return
    jobs = doc.get("jobs")
    if not isinstance(jobs, YMap):
        return
    for job_id, job in jobs.items():
        if not isinstance(job, YMap):
            continue
        out: list[CiCommand] = []
        job_may_fail = job.get("continue-on-error") is True
        b.allowed_to_fail = job_may_fail
        if isinstance(job.get("uses"), str):  # a reusable workflow
            b.cmd(out, "uses", job["uses"], job.line_of("uses"), job_id, job.get("with"))
        container = job.get("container")
        image = container.get("image") if isinstance(container, YMap) else container
        if isinstance(image, str):
            b.cmd(out, "image", image, line_of(image, job.line_of("container")), job_id)
        steps = job.get("steps")
        for step in steps if isinstance(steps, list) else []:
            if not isinstance(step, YMap):
                continue
            b.allowed_to_fail = job_may_fail or step.get("continue-on-error") is True
            if isinstance(step.get("uses"), str):
                b.cmd(out, "uses", step["uses"], step.line_of("uses"), job_id, step.get("with"))
            if "run" in step:
                b.shell(out, step["run"], job_id, step.line_of("run"))
        b.job(str(job_id), jobs.line_of(job_id), out)
    b.allowed_to_fail = False


_GITLAB_RESERVED = frozenset(
    {"stages", "variables", "include", "workflow", "image", "services", "cache", "before_script", "after_script"}
)


def _gitlab(doc: YMap, b: _Builder) -> None:
    include = doc.get("include")
    if include is not None:
        out: list[CiCommand] = []
        items = include if isinstance(include, list) else [include]
        for item in items:
            if isinstance(item, str):
                b.cmd(out, "include", item, line_of(item, doc.line_of("include")), "include")
            elif isinstance(item, YMap):
                for key in ("template", "component", "local", "project", "remote"):
                    if isinstance(item.get(key), str):
                        b.cmd(out, "include", f"{key}: {item[key]}", item.line_of(key), "include", item.get("inputs"))
        b.job("include", doc.line_of("include"), out)
    for name, job in doc.items():
        if name in _GITLAB_RESERVED or not isinstance(job, YMap):
            continue
        allow = job.get("allow_failure")
        b.allowed_to_fail = allow is True or isinstance(allow, YMap)  # `exit_codes: [...]` lets audits fail too
        out = []
        image = job.get("image")
        if isinstance(image, YMap):
            image = image.get("name")
        if isinstance(image, str):
            b.cmd(out, "image", image, line_of(image, job.line_of("image")), name)
        for key in ("before_script", "script", "after_script"):
            if key in job:
                b.shell(out, job[key], name, job.line_of(key))
        b.job(str(name), doc.line_of(name), out)
    b.allowed_to_fail = False
    for key in ("before_script", "after_script"):
        if key in doc:
            out = []
            b.shell(out, doc[key], key, doc.line_of(key))
            b.job(key, doc.line_of(key), out)


def _circleci(doc: YMap, b: _Builder) -> None:
    orbs = doc.get("orbs")
    if isinstance(orbs, YMap):
        out: list[CiCommand] = []
        for alias, ref in orbs.items():
            if isinstance(ref, str):
                b.cmd(out, "orb", f"{alias}: {ref}", orbs.line_of(alias), "orbs")
        b.job("orbs", doc.line_of("orbs"), out)
    jobs = doc.get("jobs")
    for name, job in jobs.items() if isinstance(jobs, YMap) else []:
        assert isinstance(jobs, YMap)
        if not isinstance(job, YMap):
            continue
        out = []
        docker = job.get("docker")
        for entry in docker if isinstance(docker, list) else []:
            if isinstance(entry, YMap) and isinstance(entry.get("image"), str):
                b.cmd(out, "image", entry["image"], entry.line_of("image"), name)
        steps = job.get("steps")
        for step in steps if isinstance(steps, list) else []:
            if isinstance(step, str):
                if "/" in step:
                    b.cmd(out, "orb", step, line_of(step), name)
                continue
            if not isinstance(step, YMap):
                continue
            for key, value in step.items():
                if key == "run":
                    command = value.get("command") if isinstance(value, YMap) else value
                    line = value.line_of("command") if isinstance(value, YMap) else step.line_of("run")
                    b.shell(out, command, name, line)
                elif "/" in key:
                    b.cmd(out, "orb", key, step.line_of(key), name, value if isinstance(value, YMap) else None)
        b.job(str(name), jobs.line_of(name), out)
    workflows = doc.get("workflows")
    for wf_name, wf in workflows.items() if isinstance(workflows, YMap) else []:
        assert isinstance(workflows, YMap)
        wf_jobs = wf.get("jobs") if isinstance(wf, YMap) else None
        out = []
        for entry in wf_jobs if isinstance(wf_jobs, list) else []:
            if isinstance(entry, str) and "/" in entry:
                b.cmd(out, "orb", entry, line_of(entry), str(wf_name))
            elif isinstance(entry, YMap):
                for key, params in entry.items():
                    if "/" in key:
                        b.cmd(
                            out,
                            "orb",
                            key,
                            entry.line_of(key),
                            str(wf_name),
                            params if isinstance(params, YMap) else None,
                        )
        if out:
            b.job(f"workflow {wf_name}", workflows.line_of(wf_name), out)


_AZURE_SHELL_KEYS = ("script", "bash", "powershell", "pwsh")


def _maps(value: Any, limit: int = 50_000) -> Iterator[YMap]:
    stack = [value]
    seen = 0
    while stack and seen < limit:
        v = stack.pop()
        seen += 1
        if isinstance(v, YMap):
            yield v
            stack.extend(reversed(list(v.values())))
        elif isinstance(v, list):
            stack.extend(reversed(v))


def _azure(doc: YMap, b: _Builder) -> None:
    for holder in _maps(doc):
        steps = holder.get("steps")
        if not isinstance(steps, list):
            continue
        name = holder.get("job") or holder.get("deployment") or ("pipeline" if holder is doc else "steps")
        out: list[CiCommand] = []
        for step in steps:
            if not isinstance(step, YMap):
                continue
            b.allowed_to_fail = holder.get("continueOnError") is True or step.get("continueOnError") is True
            for key in _AZURE_SHELL_KEYS:
                if key in step:
                    b.shell(out, step[key], str(name), step.line_of(key))
            if isinstance(step.get("task"), str):
                inputs = step.get("inputs")
                b.cmd(out, "task", step["task"], step.line_of("task"), str(name), inputs)
                # The Npm task runs `npm <customCommand>`: make it visible as the shell command it is.
                if isinstance(inputs, YMap) and str(step["task"]).lower().startswith("npm@"):
                    custom = inputs.get("customCommand")
                    if isinstance(custom, str):
                        b.cmd(out, "run", f"npm {custom}", inputs.line_of("customCommand"), str(name))
            if isinstance(step.get("template"), str):
                b.cmd(out, "include", step["template"], step.line_of("template"), str(name))
        b.job(str(name), holder.line, out)
    b.allowed_to_fail = False


def _bitbucket(doc: YMap, b: _Builder) -> None:
    for holder in _maps(doc):
        step = holder.get("step")
        if not isinstance(step, YMap):
            continue
        name = str(step.get("name") or "step")
        out: list[CiCommand] = []
        image = step.get("image")
        if isinstance(image, YMap):
            image = image.get("name")
        if isinstance(image, str):
            b.cmd(out, "image", image, line_of(image, step.line_of("image")), name)
        for key in ("script", "after-script"):
            if key in step:
                b.shell(out, step[key], name, step.line_of(key))
        b.job(name, holder.line_of("step"), out)


_JENKINS_STAGE = re.compile(r"""\bstage\s*\(\s*(?:name\s*:\s*)?['"]([^'"]+)['"]""")


# The phases of a Travis CI job that run shell commands, in the order Travis runs them (deploy is not a shell phase).
_TRAVIS_PHASES = (
    "before_install",
    "install",
    "before_script",
    "script",
    "after_success",
    "after_failure",
    "before_deploy",
    "after_deploy",
    "after_script",
)


def _travis(doc: YMap, b: _Builder) -> None:
    """`.travis.yml`: the top-level phases make the default job; `jobs.include` / `matrix.include` entries add
    jobs (each inherits the top-level phases it does not set); `jobs.allow_failures` is not matched per job."""

    def phases(where: YMap, inherited: YMap | None, name: str, line: int) -> None:
        out: list[CiCommand] = []
        for key in _TRAVIS_PHASES:
            source = where if key in where else inherited
            if source is not None and key in source:
                b.shell(out, source[key], name, source.line_of(key))
        b.job(name, line, out)

    included = []
    for key in ("jobs", "matrix"):
        section = doc.get(key)
        if isinstance(section, YMap) and isinstance(section.get("include"), list):
            included += [j for j in section["include"] if isinstance(j, YMap)]
    if any(k in doc for k in _TRAVIS_PHASES) or not included:
        phases(doc, None, "default", 1)
    for i, job in enumerate(included):
        phases(job, doc, str(job.get("name") or job.get("stage") or f"include {i + 1}"), line_of(job, 1))


def _jenkins(path: str, text: str) -> CiWorkflow:
    b = _Builder(path)
    jobs: list[tuple[str, int, list[CiCommand]]] = [("pipeline", 1, [])]
    in_block_comment = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if in_block_comment:
            if "*/" in line:
                in_block_comment = False
            continue
        if line.startswith("/*"):
            in_block_comment = "*/" not in line
            continue
        if not line or line.startswith("//"):
            continue
        stage = _JENKINS_STAGE.search(line)
        if stage:
            jobs.append((stage.group(1), number, []))
        b.cmd(jobs[-1][2], "run", line, number, jobs[-1][0])
    for stage_name, stage_line, commands in jobs:
        if commands:
            b.job(stage_name, stage_line, commands)
    return CiWorkflow(path, "jenkins", tuple(b.jobs))
