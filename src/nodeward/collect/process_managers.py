"""Non-container start paths: systemd units, Procfiles, PM2 ecosystem files, and package.json scripts as commands.

Collectors registered here: "systemd", "procfile", "pm2", "script-commands" (the scripts of every package.json, from
the manifests collector). Nothing is executed: an
ecosystem.config.js is parsed with tree-sitter and its exports evaluated statically, never required.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from nodeward.collect import safe_yaml as y
from nodeward.collect.containers import EnvVar, Value
from nodeward.collect.manifests import Script
from nodeward.facts import collector
from nodeward.findings import AtFileLine, Location
from nodeward.js.extract import extract_module
from nodeward.js.values import Arr, Obj

if TYPE_CHECKING:
    from nodeward.facts import Facts

# --- systemd ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemdUnit:
    path: str
    has_service_section: bool
    service_line: int
    user: Value | None  # the last User= of [Service] (an empty User= resets it)
    dynamic_user: Value | None
    environment: tuple[EnvVar, ...]
    environment_files: tuple[str, ...]
    exec_start: Value | None

    @property
    def location(self) -> Location:
        return Location(self.path, self.service_line)

    def env(self, name: str) -> EnvVar | None:
        for var in reversed(self.environment):
            if var.name == name:
                return var
        return None


def _unit_directives(text: str) -> list[tuple[str, str, str, int]]:
    """(section, key, value, line) for each directive; continuation lines joined, comments dropped."""
    out: list[tuple[str, str, str, int]] = []
    section = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        number = i + 1
        line = lines[i].strip()
        i += 1
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        while line.endswith("\\") and i < len(lines):
            nxt = lines[i].strip()
            i += 1
            if nxt and nxt[0] in "#;":
                continue
            line = line[:-1] + " " + nxt
        key, sep, value = line.partition("=")
        if sep:
            out.append((section, key.strip(), value.strip(), number))
    return out


def parse_systemd_unit(path: str, text: str) -> SystemdUnit:
    user = dynamic = exec_start = None
    environment: list[EnvVar] = []
    env_files: list[str] = []
    service_line = 0
    for match in re.finditer(r"^[ \t]*\[Service\][ \t]*$", text, re.MULTILINE):
        service_line = text.count("\n", 0, match.start()) + 1
        break
    for section, key, value, line in _unit_directives(text):
        if section != "Service":
            continue
        if key == "User":
            user = Value(value, path, line) if value else None
        elif key == "DynamicUser":
            dynamic = Value(value.lower() in {"1", "yes", "true", "on"}, path, line)
        elif key == "ExecStart" and value:
            exec_start = Value(value, path, line)
        elif key == "EnvironmentFile" and value:
            env_files.append(value.lstrip("-"))
        elif key == "Environment":
            if not value:
                environment.clear()  # an empty assignment resets the list
                continue
            try:
                words = shlex.split(value)
            except ValueError:
                words = value.split()
            for word in words:
                name, sep, val = word.partition("=")
                if sep:
                    environment.append(EnvVar(name, val, path, line))
    return SystemdUnit(
        path=path,
        has_service_section=service_line > 0,
        service_line=service_line or 1,
        user=user,
        dynamic_user=dynamic,
        environment=tuple(environment),
        environment_files=tuple(env_files),
        exec_start=exec_start,
    )


@collector("systemd")
def collect_systemd(facts: Facts) -> list[SystemdUnit]:
    project = facts.project
    if project is None:
        return []
    return [parse_systemd_unit(f.path, project.read_text(f.path)) for f in project.of_kind("systemd")]


# --- Procfile ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessType(AtFileLine):
    """One `name: command` line of a Procfile (Heroku, Dokku, foreman, honcho)."""

    path: str
    name: str
    command: str
    line: int


_PROCFILE_LINE = re.compile(r"^([A-Za-z0-9_-]+)[ \t]*:(.*)$")


def parse_procfile(path: str, text: str) -> list[ProcessType]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _PROCFILE_LINE.match(line)
        if match and not line.lstrip().startswith("#"):
            out.append(ProcessType(path, match.group(1), match.group(2).strip(), number))
    return out


@collector("procfile")
def collect_procfiles(facts: Facts) -> list[ProcessType]:
    project = facts.project
    if project is None:
        return []
    return [p for f in project.of_kind("procfile") for p in parse_procfile(f.path, project.read_text(f.path))]


# --- PM2 --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pm2App(AtFileLine):
    """One app of a PM2 ecosystem file. `envs` maps each env block (`env`, `env_production`...) to its variables."""

    path: str
    name: str
    line: int
    script: str | None
    envs: Mapping[str, tuple[EnvVar, ...]]
    env_lines: Mapping[str, int]
    # True when the app or one of its env blocks has spreads or computed keys (JS): a key we did not see may exist.
    open: bool = False

    def env(self, block: str, name: str) -> EnvVar | None:
        for var in self.envs.get(block, ()):
            if var.name == name:
                return var
        return None


_PM2_NAME = re.compile(r"^(ecosystem|pm2|process)([.-][^/]*)?\.(json|ya?ml|config\.(js|cjs|mjs))$", re.IGNORECASE)


def is_pm2_name(path: str) -> bool:
    name = PurePosixPath(path).name
    return bool(_PM2_NAME.match(name)) or name.lower() in {"ecosystem.config.js", "ecosystem.config.cjs"}


def parse_pm2_document(path: str, text: str) -> list[Pm2App] | None:
    """A JSON or YAML ecosystem file (JSON read through the YAML composer for its line numbers). Raises
    YamlProblem; returns None when the document is not a PM2 process file."""
    documents = y.compose_documents(text)
    if not documents:
        return None
    root = documents[0]
    apps_node = y.get(root, "apps") if y.is_mapping(root) else root
    if not y.is_sequence(apps_node):
        return None
    apps = []
    for item in y.items(apps_node):
        if not y.is_mapping(item):
            continue
        envs: dict[str, tuple[EnvVar, ...]] = {}
        env_lines: dict[str, int] = {}
        for e in y.entries(item):
            if e.key == "env" or e.key.startswith("env_"):
                if not y.is_mapping(e.value):
                    continue
                env_lines[e.key] = y.line_of(e.key_node)
                envs[e.key] = tuple(
                    EnvVar(v.key, y.text(v.value), path, y.line_of(v.key_node), resolved=y.text(v.value) is not None)
                    for v in y.entries(e.value)
                )
        apps.append(
            Pm2App(
                path=path,
                name=y.text(y.get(item, "name")) or "?",
                line=y.line_of(item),
                script=y.text(y.get(item, "script")),
                envs=envs,
                env_lines=env_lines,
            )
        )
    return apps


def _js_env(value: Any, path: str) -> tuple[tuple[EnvVar, ...], bool]:
    if not isinstance(value, Obj):
        return (), True
    out = []
    for prop in value.props:
        if prop.key is None:
            continue
        line = prop.location.line if prop.location else 1
        if isinstance(prop.value, str):
            out.append(EnvVar(prop.key, prop.value, path, line))
        else:  # process.env.X, a computed value: not knowable statically
            out.append(EnvVar(prop.key, None, path, line, resolved=False))
    return tuple(out), value.open


def pm2_apps_from_js(path: str, exported: Any) -> list[Pm2App] | None:
    """Apps of an ecosystem.config.js from its statically evaluated `module.exports` / `export default`."""
    apps_value = exported.get("apps") if isinstance(exported, Obj) else exported
    if not isinstance(apps_value, Arr):
        return None
    apps = []
    for item in apps_value.items:
        if not isinstance(item, Obj):
            continue
        envs: dict[str, tuple[EnvVar, ...]] = {}
        env_lines: dict[str, int] = {}
        is_open = item.open or apps_value.open
        for prop in item.props:
            if prop.key is not None and (prop.key == "env" or prop.key.startswith("env_")):
                envs[prop.key], block_open = _js_env(prop.value, path)
                env_lines[prop.key] = prop.location.line if prop.location else 1
                is_open = is_open or block_open
        name, script = item.get("name"), item.get("script")
        apps.append(
            Pm2App(
                path=path,
                name=name if isinstance(name, str) else "?",
                line=item.location.line if item.location else 1,
                script=script if isinstance(script, str) else None,
                envs=envs,
                env_lines=env_lines,
                open=is_open,
            )
        )
    return apps


def parse_pm2_js(path: str, abspath: str, data: bytes) -> list[Pm2App] | None:
    """Parse an ecosystem.config.js with tree-sitter and evaluate its exports statically: never `require`d."""
    module = extract_module(path, abspath, data)
    return pm2_apps_from_js(path, module.exports.get("default"))


@collector("pm2")
def collect_pm2(facts: Facts) -> list[Pm2App]:
    project = facts.project
    if project is None:
        return []
    out: list[Pm2App] = []
    for f in project.files:
        if not is_pm2_name(f.path) or f.kind not in {"json", "yaml", "js"}:
            continue
        try:
            if f.kind == "js":
                apps = parse_pm2_js(f.path, str(project.root / f.path), project.read_bytes(f.path))
            else:
                apps = parse_pm2_document(f.path, project.read_text(f.path))
        except y.YamlProblem as exc:
            facts.problem(f.path, str(exc))
            continue
        except (OSError, RecursionError, ValueError) as exc:
            facts.problem(f.path, f"could not read the ecosystem file ({type(exc).__name__})")
            continue
        out.extend(apps or [])
    return out


# --- package.json scripts ---------------------------------------------------------------------------------------


@collector("script-commands")
def collect_script_commands(facts: Facts) -> list[Script]:
    """Every `scripts` entry of every package.json (parsed once, by the manifests collector)."""
    return [script for package in facts.package_jsons for script in package.scripts]
