"""Container facts: parsed Dockerfiles, docker-compose services and Kubernetes workloads, with line numbers.

Collectors registered here: "dockerfile", "compose", "kubernetes". YAML goes through safe_yaml (bounded, alias-bomb
safe); every value a check may point at keeps the line it came from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from yaml.nodes import Node

from nodeward.collect import safe_yaml as y
from nodeward.collect.dockerfile import Dockerfile, DockerfileProblem, Stage, parse_dockerfile, substitute
from nodeward.facts import collector
from nodeward.findings import AtFileLine, Location
from nodeward.safe_files import read_text_or_none

if TYPE_CHECKING:
    from nodeward.collect.discover import Project
    from nodeward.facts import Facts

MAX_ENV_FILE_SIZE = 256 * 1024
_COMPOSE_NAME_RE = re.compile(r"^(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$", re.IGNORECASE)
# Name parts that mark a file as meant for development or tests, not for production.
DEV_NAME_PARTS = frozenset(
    {"dev", "develop", "development", "override", "local", "test", "tests", "ci", "debug", "e2e"}
)


def is_development_name(path: str) -> bool:
    """docker-compose.dev.yml, compose.override.yaml, Dockerfile.dev, dev.Dockerfile, Dockerfile-test..."""
    name = PurePosixPath(path).name.lower()
    return any(part in DEV_NAME_PARTS for part in re.split(r"[._-]+", name))


# Folders that hold development-only setups: VS Code dev containers, Kustomize dev overlays...
DEV_FOLDERS = DEV_NAME_PARTS | {".devcontainer", "devcontainer"}


def is_development_path(path: str) -> bool:
    """A file named or filed for development: docker-compose.dev.yml, .devcontainer/Dockerfile, overlays/dev/..."""
    parts = PurePosixPath(path.lower()).parts
    return is_development_name(path) or any(part in DEV_FOLDERS for part in parts[:-1])


@dataclass(frozen=True)
class Value(AtFileLine):
    """A scalar read from a file, with where it was written."""

    value: Any
    path: str
    line: int


@dataclass(frozen=True)
class EnvVar(AtFileLine):
    """One environment variable a start path sets. `value` None means "passed through from the host" (compose
    `- NODE_ENV`) or read from somewhere we cannot see (Kubernetes valueFrom); `resolved` is False then, or when
    the value interpolates a variable without a default."""

    name: str
    value: str | None
    path: str
    line: int
    resolved: bool = True


# --- Dockerfile -------------------------------------------------------------------------------------------------


@collector("dockerfile")
def collect_dockerfiles(facts: Facts) -> list[Dockerfile]:
    project = facts.project
    if project is None:
        return []
    out = []
    for f in project.of_kind("dockerfile"):
        try:
            parsed = parse_dockerfile(f.path, project.read_text(f.path))
        except DockerfileProblem as exc:
            facts.problem(f.path, str(exc))
            continue
        for message in parsed.problems:
            facts.problem(f.path, message)
        out.append(parsed)
    return out


# Stage names that say "this is what ships" when a Dockerfile's last stage is a test or development one.
PRODUCTION_STAGE_NAMES = ("production", "prod", "release", "runtime", "runner", "final")


def deployed_stages(facts: Facts, df: Dockerfile) -> list[Stage]:
    """The stages of a Dockerfile that run in production: the stages production compose services build with
    `target:`, else the final stage; when the final stage is named for tests or development (`FROM prod AS test`),
    the last stage named like production instead."""
    by_name = {s.name: s for s in df.stages if s.name}
    targeted = []
    for cf in facts.compose_files:
        if cf.development:
            continue
        for service in cf.services:
            if service.build_target and service.build_dockerfile_path() == df.path:
                stage = by_name.get(service.build_target)
                if stage is not None and stage not in targeted:
                    targeted.append(stage)
    if targeted:
        return targeted
    final = df.final_stage
    if final is None:
        return []
    if final.name and final.name in DEV_NAME_PARTS:
        named = [s for s in df.stages if s.name in PRODUCTION_STAGE_NAMES]
        if named:
            return [named[-1]]
    return [final]


# --- docker compose ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComposeService(AtFileLine):
    path: str
    name: str
    line: int
    image: str | None
    build_context: str | None  # relative to the compose file's folder, as written
    dockerfile: str | None
    user: Value | None
    privileged: Value | None
    environment: tuple[EnvVar, ...]
    env_files: tuple[str, ...]  # as written
    env_file_vars: tuple[EnvVar, ...]  # variables read from env files found in the project
    env_files_unread: tuple[str, ...]  # env files named but not found or unreadable: their content is unknown
    command: str | None
    entrypoint: str | None
    profiles: tuple[str, ...] = ()
    build_target: str | None = None  # `build: {target: production}`: the stage of a multi-stage build it runs

    @property
    def development(self) -> bool:
        """Only started with a development profile (`profiles: [dev]`)."""
        return bool(self.profiles) and all(p.lower() in DEV_NAME_PARTS for p in self.profiles)

    def env(self, name: str) -> EnvVar | None:
        """The effective value: `environment:` wins over `env_file:` in compose."""
        for var in self.environment:
            if var.name == name:
                return var
        for var in reversed(self.env_file_vars):
            if var.name == name:
                return var
        return None

    def build_dockerfile_path(self) -> str | None:
        """The project-relative path of the Dockerfile this service builds, if it builds one."""
        if self.build_context is None:
            return None
        base = PurePosixPath(self.path).parent / self.build_context / (self.dockerfile or "Dockerfile")
        return _normalize(str(base))


@dataclass(frozen=True)
class ComposeFile:
    path: str
    services: tuple[ComposeService, ...]
    development: bool

    @property
    def location(self) -> Location:
        return Location(self.path, 1)


def _normalize(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def _interpolate(text: str) -> tuple[str, bool]:
    """Compose interpolation without a host environment: `${X:-default}` gives the default, `${X}` is unknown."""
    return substitute(text.replace("$$", "\\$"), {})


def _command_text(node: Node | None) -> str | None:
    if node is None:
        return None
    if y.is_sequence(node):
        return " ".join(t for t in (y.text(i) for i in y.items(node)) if t is not None)
    return y.text(node)


def compose_environment(node: Node | None, path: str) -> list[EnvVar]:
    """`environment:` in list form (`- KEY=value`, `- KEY`) or map form (`KEY: value`, `KEY:` for pass-through)."""
    out: list[EnvVar] = []
    if y.is_mapping(node):
        for e in y.entries(node):
            raw = y.text(e.value)
            if raw is None:
                out.append(EnvVar(e.key, None, path, y.line_of(e.key_node), resolved=False))
            else:
                value, ok = _interpolate(raw)
                out.append(EnvVar(e.key, value, path, y.line_of(e.key_node), resolved=ok))
    else:
        for item in y.items(node):
            raw = y.text(item)
            if raw is None:
                continue
            key, sep, value = raw.partition("=")
            if not sep:
                out.append(EnvVar(key.strip(), None, path, y.line_of(item), resolved=False))
            else:
                expanded, ok = _interpolate(value)
                out.append(EnvVar(key.strip(), expanded, path, y.line_of(item), resolved=ok))
    return out


def parse_env_file(text: str, path: str) -> list[EnvVar]:
    """A dotenv file as compose reads it: KEY=VALUE lines, `export ` tolerated, quotes stripped, # comments."""
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        if not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        out.append(EnvVar(key.strip(), value, path, number))
    return out


def _read_project_file(project: Project, rel: str) -> str | None:
    """Text of a file inside the scanned root (even one discovery did not classify), or None."""
    return read_text_or_none(project.root, rel, cap=MAX_ENV_FILE_SIZE)


def parse_compose(path: str, text: str, project: Project | None = None) -> ComposeFile | None:
    """A compose file's services; None when the YAML is not a compose file. Raises YamlProblem."""
    documents = y.compose_documents(text)
    if not documents or not y.is_mapping(documents[0]):
        return None
    services_node = y.get(documents[0], "services")
    if not y.is_mapping(services_node):
        return None
    folder = PurePosixPath(path).parent
    services = []
    for entry in y.entries(services_node):
        node = entry.value
        if not y.is_mapping(node):
            continue
        build = y.get(node, "build")
        context = dockerfile = target = None
        if y.is_mapping(build):
            context = y.text(y.get(build, "context")) or "."
            dockerfile = y.text(y.get(build, "dockerfile"))
            target = y.text(y.get(build, "target"))
        elif build is not None:
            context = y.text(build)
        user = privileged = None
        user_entry = y.get_entry(node, "user")
        if user_entry is not None and y.text(user_entry.value) is not None:
            user = Value(y.text(user_entry.value), path, y.line_of(user_entry.value))
        priv_entry = y.get_entry(node, "privileged")
        if priv_entry is not None:
            privileged = Value(y.boolean(priv_entry.value), path, y.line_of(priv_entry.value))
        env_file_node = y.get(node, "env_file")
        names: list[str] = []
        for item in y.items(env_file_node) if y.is_sequence(env_file_node) else [env_file_node]:
            name = y.text(y.get(item, "path")) if y.is_mapping(item) else y.text(item)
            if name:
                names.append(name)
        file_vars: list[EnvVar] = []
        unread: list[str] = []
        for name in names:
            rel = _normalize(str(folder / name))
            content = _read_project_file(project, rel) if project is not None else None
            if content is None:
                unread.append(name)
            else:
                file_vars.extend(parse_env_file(content, rel))
        services.append(
            ComposeService(
                path=path,
                name=entry.key,
                line=y.line_of(entry.key_node),
                image=y.text(y.get(node, "image")),
                build_context=context,
                dockerfile=dockerfile,
                user=user,
                privileged=privileged,
                environment=tuple(compose_environment(y.get(node, "environment"), path)),
                env_files=tuple(names),
                env_file_vars=tuple(file_vars),
                env_files_unread=tuple(unread),
                command=_command_text(y.get(node, "command")),
                entrypoint=_command_text(y.get(node, "entrypoint")),
                profiles=tuple(t for t in (y.text(p) for p in y.items(y.get(node, "profiles"))) if t),
                build_target=target.lower() if target else None,
            )
        )
    return ComposeFile(path, tuple(services), is_development_path(path))


def is_compose_name(path: str) -> bool:
    return bool(_COMPOSE_NAME_RE.match(PurePosixPath(path).name))


@collector("compose")
def collect_compose(facts: Facts) -> list[ComposeFile]:
    project = facts.project
    if project is None:
        return []
    out = []
    for f in project.of_kind("yaml"):
        if not is_compose_name(f.path):
            continue
        try:
            parsed = parse_compose(f.path, project.read_text(f.path), project)
        except y.YamlProblem as exc:
            facts.problem(f.path, str(exc))
            continue
        if parsed is not None:
            out.append(parsed)
    return out


# --- Kubernetes -------------------------------------------------------------------------------------------------

# Where each workload kind keeps its pod spec.
_POD_SPEC_PATHS: Mapping[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
_TEMPLATE_PATH = ("spec", "template", "spec")  # Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, Rollout...


@dataclass(frozen=True)
class SecurityContext:
    """The fields of a pod- or container-level securityContext the checks read; None when not written."""

    run_as_non_root: Value | None = None
    run_as_user: Value | None = None
    privileged: Value | None = None
    allow_privilege_escalation: Value | None = None
    line: int | None = None  # where the securityContext mapping is, if present


@dataclass(frozen=True)
class Container(AtFileLine):
    path: str
    name: str
    line: int
    image: str | None
    init: bool
    security: SecurityContext
    env: tuple[EnvVar, ...]
    env_from: bool  # envFrom: configMapRef/secretRef: values we cannot see
    command: str | None


@dataclass(frozen=True)
class Workload(AtFileLine):
    """A Kubernetes object that runs pods (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet...)."""

    path: str
    kind: str
    name: str
    line: int
    pod_security: SecurityContext
    containers: tuple[Container, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"{self.kind}/{self.name}"


def _security_context(node: Node | None, path: str) -> SecurityContext:
    if not y.is_mapping(node):
        return SecurityContext()

    def field_value(key: str, read: Any) -> Value | None:
        value = y.get(node, key)
        if value is None:
            return None
        return Value(read(value), path, y.line_of(value))

    return SecurityContext(
        run_as_non_root=field_value("runAsNonRoot", y.boolean),
        run_as_user=field_value("runAsUser", y.integer),
        privileged=field_value("privileged", y.boolean),
        allow_privilege_escalation=field_value("allowPrivilegeEscalation", y.boolean),
        line=y.line_of(node),
    )


def _k8s_env(node: Node | None, path: str) -> list[EnvVar]:
    out = []
    for item in y.items(node):
        name = y.text(y.get(item, "name"))
        if not name:
            continue
        value_node = y.get(item, "value")
        line = y.line_of(item)
        if value_node is None:
            out.append(EnvVar(name, None, path, line, resolved=False))  # valueFrom: a ConfigMap or Secret
        else:
            value = y.text(value_node) or ""
            # Kubernetes expands $(VAR) from earlier variables; a value using it is not a literal.
            out.append(EnvVar(name, value, path, line, resolved="$(" not in value))
    return out


def _containers(spec: Node, path: str) -> list[Container]:
    out = []
    for key, init in (("initContainers", True), ("containers", False)):
        for item in y.items(y.get(spec, key)):
            if not y.is_mapping(item):
                continue
            out.append(
                Container(
                    path=path,
                    name=y.text(y.get(item, "name")) or "?",
                    line=y.line_of(item),
                    image=y.text(y.get(item, "image")),
                    init=init,
                    security=_security_context(y.get(item, "securityContext"), path),
                    env=tuple(_k8s_env(y.get(item, "env"), path)),
                    env_from=y.get(item, "envFrom") is not None,
                    command=" ".join(
                        filter(None, (_command_text(y.get(item, "command")), _command_text(y.get(item, "args"))))
                    )
                    or None,
                )
            )
    return out


def _walk(node: Node | None, keys: tuple[str, ...]) -> Node | None:
    for key in keys:
        node = y.get(node, key)
        if node is None:
            return None
    return node


def _workloads_in(doc: Node, path: str, depth: int = 0) -> list[Workload]:
    if not y.is_mapping(doc) or depth > 3:
        return []
    kind = y.text(y.get(doc, "kind")) or ""
    if kind.endswith("List"):
        return [w for item in y.items(y.get(doc, "items")) for w in _workloads_in(item, path, depth + 1)]
    if y.get(doc, "apiVersion") is None or not kind:
        return []
    spec = _walk(doc, _POD_SPEC_PATHS.get(kind, _TEMPLATE_PATH))
    if not y.is_mapping(spec) or y.get(spec, "containers") is None:
        return []
    name = y.text(_walk(doc, ("metadata", "name"))) or "?"
    return [
        Workload(
            path=path,
            kind=kind,
            name=name,
            line=y.line_of(doc),
            pod_security=_security_context(y.get(spec, "securityContext"), path),
            containers=tuple(_containers(spec, path)),
        )
    ]


def parse_kubernetes(path: str, text: str) -> list[Workload]:
    """The workloads in a (multi-document) manifest. Raises YamlProblem."""
    return [w for doc in y.compose_documents(text) for w in _workloads_in(doc, path)]


def _is_helm_template(project: Project, rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    for i, part in enumerate(parts[:-1]):
        if part == "templates" and project.find("/".join((*parts[:i], "Chart.yaml"))) is not None:
            return True
    return False


_NOT_MANIFESTS = re.compile(r"(^|/)(pnpm-lock\.ya?ml|\.gitlab-ci\.ya?ml|\.github/.*|Chart\.ya?ml|values[^/]*\.ya?ml)$")


@collector("kubernetes")
def collect_kubernetes(facts: Facts) -> list[Workload]:
    project = facts.project
    if project is None:
        return []
    out = []
    for f in project.of_kind("yaml"):
        if is_compose_name(f.path) or _NOT_MANIFESTS.search(f.path):
            continue
        if _is_helm_template(project, f.path):
            # Go templates are not YAML until rendered; judging them raw would be guessing.
            project.skip(f.path, "Helm chart template: scan the output of `helm template` instead")
            continue
        text = project.read_text(f.path)
        # Cheap filter first: only texts that look like Kubernetes objects are composed.
        if not re.search(r"^[ \t]*kind[ \t]*:", text, re.MULTILINE) or "apiVersion" not in text:
            continue
        try:
            out.extend(parse_kubernetes(f.path, text))
        except y.YamlProblem as exc:
            facts.problem(f.path, str(exc))
    return out


# --- images -----------------------------------------------------------------------------------------------------


def image_repository(image: str) -> str:
    """`docker.io/library/node:20-alpine@sha256:...` → `node`; `cgr.dev/chainguard/node:latest` →
    `cgr.dev/chainguard/node`. Docker Hub's implicit prefixes are dropped so official images read as one word."""
    name = image.strip().split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    name = name.lower()
    for prefix in ("docker.io/library/", "index.docker.io/library/", "docker.io/", "library/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def image_tag(image: str) -> str:
    last = image.strip().split("@", 1)[0].rsplit("/", 1)[-1]
    return last.split(":", 1)[1].lower() if ":" in last else "latest"


def is_official_node_image(image: str | None) -> bool:
    """The Docker Official Image `node` (any tag): it ships a `node` user (uid 1000) but runs as root."""
    return image is not None and image_repository(image) == "node"


def is_node_image(image: str | None) -> bool:
    """Any image whose repository name says Node.js: node, nodejs-20 (UBI), distroless nodejs22, bitnami/node..."""
    if not image:
        return False
    last = image_repository(image).rsplit("/", 1)[-1]
    return bool(re.match(r"^(node|nodejs)(\d+)?([-_.].*)?$", last)) or last.endswith("-node")


def image_default_user_is_non_root(image: str | None) -> bool:
    """Base images documented to run as a non-root user when the Dockerfile sets no USER.

    Distroless `:nonroot` tags (uid 65532), Chainguard images (uid 65532), Red Hat UBI nodejs images (uid 1001).
    Everything else, the official `node` image included, defaults to root.
    """
    if not image:
        return False
    repo, tag = image_repository(image), image_tag(image)
    if repo.startswith("gcr.io/distroless/") and "nonroot" in tag:
        return True
    if repo.startswith("cgr.dev/chainguard/"):
        return True
    return bool(re.match(r"^registry\.(access\.)?redhat\.(com|io)/ubi\d+/nodejs-\d+", repo))
