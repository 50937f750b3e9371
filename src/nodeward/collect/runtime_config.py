"""Deployment facts outside the JS code: environment variables set in config files, and signs of a reverse proxy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nodeward.facts import collector
from nodeward.findings import Location

if TYPE_CHECKING:
    from nodeward.collect.discover import Project, SourceFile
    from nodeward.facts import Facts


@dataclass(frozen=True)
class EnvSetting:
    """`NAME=value` (or `NAME: value`) found in a config file: where a deployment sets an environment variable."""

    name: str
    value: str
    location: Location
    source: str  # "the .env file", "a Dockerfile ENV", ...


# NAME=value, NAME: value, "NAME": "value", - NAME=value, ENV A=1 B=2, export NAME=value.
_ASSIGN_RE = re.compile(
    r"(?<![\w.$-])([A-Z][A-Z0-9_]*)[\"']?\s*(?:=|:(?=\s))\s*(?:\"([^\"]*)\"|'([^']*)'|([^\"'\s,#}\]]*))"
)
_DOCKER_LEGACY_ENV_RE = re.compile(r"^\s*ENV\s+([A-Z][A-Z0-9_]*)\s+([\"']?)(\S*?)\2\s*$", re.IGNORECASE)
_K8S_NAME_RE = re.compile(r"^[ \t]*(?:-[ \t]*)?name:[ \t]*[\"']?([A-Z][A-Z0-9_]*)[\"']?[ \t]*$")
_K8S_VALUE_RE = re.compile(r"^\s*value:\s*([\"']?)([^\"'\s#]*)\1")
_SOURCES = {
    "config": "a dotenv file",
    "dockerfile": "a Dockerfile",
    "yaml": "a YAML manifest",
    "package.json": "package.json scripts",
    "systemd": "a systemd unit",
    "procfile": "a Procfile",
}
MAX_LINES = 20_000  # a config file longer than this is not hand-written configuration
MAX_SETTINGS = 2_000  # per file: a hostile file of "A=1 A=1 ..." must not cost millions of objects
MAX_LINE = 4_000  # nor is a line longer than this (minified JSON, embedded certificates)


def _is_env_file(f: SourceFile) -> bool:
    if f.kind != "config":
        return True
    name = f.path.rsplit("/", 1)[-1].lower()
    return name == ".env" or name.startswith(".env.")


def env_settings_in(path: str, kind: str, lines: list[str]) -> list[EnvSetting]:
    source = _SOURCES.get(kind, kind)
    out: list[EnvSetting] = []
    for number, line in enumerate(lines[:MAX_LINES], 1):
        stripped = line.strip()
        if not stripped or len(stripped) > MAX_LINE or stripped.startswith(("#", "//", ";")):
            continue
        legacy = _DOCKER_LEGACY_ENV_RE.match(line) if kind == "dockerfile" else None
        if legacy and "=" not in line:
            out.append(
                EnvSetting(legacy.group(1), legacy.group(3), Location(path, number, legacy.start(1) + 1), source)
            )
            continue
        k8s = _K8S_NAME_RE.match(line) if kind == "yaml" else None
        if k8s:
            for offset, follow in enumerate(lines[number : number + 2], 1):
                value = _K8S_VALUE_RE.match(follow)
                if value:
                    loc = Location(path, number + offset, 1)
                    out.append(EnvSetting(k8s.group(1), value.group(2), loc, source))
                    break
            continue
        if len(out) >= MAX_SETTINGS:
            break
        for m in _ASSIGN_RE.finditer(line):
            assigned = next((g for g in m.groups()[1:] if g is not None), "")
            out.append(EnvSetting(m.group(1), assigned, Location(path, number, m.start(1) + 1), source))
    return out


@collector("env_settings")
def collect_env_settings(facts: Facts) -> list[EnvSetting]:
    project = facts.project
    if project is None:
        return []
    out: list[EnvSetting] = []
    for f in project.of_kind(*_SOURCES):
        if _is_env_file(f):
            out += env_settings_in(f.path, f.kind, project.lines(f.path))
    return out


_COMPOSE_PROXY_IMAGE = re.compile(
    r"^\s*image:\s*[\"']?(?:[\w.-]+/)*(nginx|traefik|caddy|haproxy|envoy|envoyproxy)[:@\"'\s]", re.MULTILINE
)
_FORWARDED_PROTO = re.compile(rb"x-forwarded-proto", re.IGNORECASE)


def reverse_proxies_in(project: Project) -> list[str]:
    """Short descriptions of the reverse proxies a project shows ("nginx (deploy/nginx.conf)"), in path order."""
    found: list[str] = []
    for f in project.files:
        text = project.read_text(f.path) if f.kind in ("proxy-config", "yaml", "config") else ""
        name = f.path.rsplit("/", 1)[-1].lower()
        if f.kind == "proxy-config" and ("proxy_pass" in text or "reverse_proxy" in text):
            found.append(f"{'Caddy' if 'caddy' in name else 'nginx'} ({f.path})")
        elif f.kind == "config" and name.startswith("haproxy") and "backend" in text:
            found.append(f"HAProxy ({f.path})")
        elif f.kind == "yaml":
            image = _COMPOSE_PROXY_IMAGE.search(text)
            if image:
                found.append(f"{image.group(1)} service ({f.path})")
            elif re.search(r"^kind:\s*Ingress\b", text, re.MULTILINE):
                found.append(f"Kubernetes Ingress ({f.path})")
        elif f.kind == "procfile":
            found.append(f"Heroku router ({f.path})")
        elif f.kind == "js":
            try:
                data = project.read_bytes(f.path)
            except OSError:
                continue
            if _FORWARDED_PROTO.search(data):
                found.append(f"code reading X-Forwarded-Proto ({f.path})")
    return found


@collector("reverse_proxies")
def collect_reverse_proxies(facts: Facts) -> list[str]:
    return reverse_proxies_in(facts.project) if facts.project is not None else []
