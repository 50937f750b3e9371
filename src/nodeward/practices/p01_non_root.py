"""Practice 1: never run as root — Dockerfiles, compose services, Kubernetes pods, systemd units, npm scripts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from nodeward.collect.containers import (
    ComposeFile,
    ComposeService,
    Container,
    Value,
    Workload,
    deployed_stages,
    image_default_user_is_non_root,
    is_development_path,
    is_official_node_image,
    parse_compose,
    parse_kubernetes,
)
from nodeward.collect.dockerfile import Dockerfile, DockerfileProblem, Setting, Stage, parse_dockerfile
from nodeward.collect.process_managers import Script, SystemdUnit
from nodeward.collect.safe_yaml import YamlProblem
from nodeward.collect.safe_yaml import get as yaml_get
from nodeward.facts import Facts
from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Patch, fix
from nodeward.fix import lines as line_edit
from nodeward.fix import yamledit as yaml_edit
from nodeward.fix.context import FixContext
from nodeward.practices._evidence import deployment_absent, evidence_capped
from nodeward.rules import Hit, fails, holds, rule
from nodeward.rules.targets import ProjectTarget

CWE_UNNECESSARY_PRIVILEGES = 250


def is_root_user(value: str) -> bool:
    """USER/user:/User= values that mean uid 0: `root`, `0`, `root:root`, `0:0`, `root:staff`..."""
    user = value.strip().strip("\"'").split(":", 1)[0].strip()
    return user in {"root", "0"}


# --- Dockerfile -------------------------------------------------------------------------------------------------


def _user_words(setting: Setting, df: Dockerfile, stage_index: int) -> str:
    where = f"{df.path}:{setting.line}"
    if setting.stage != stage_index:
        source = df.stages[setting.stage]
        return f"USER {setting.raw} at {where} (inherited from {source.label})"
    return f"USER {setting.raw} at {where}"


# Tools an entrypoint uses to switch to another user before exec'ing the app: `gosu node node server.js`.
_PRIVILEGE_DROP = re.compile(
    r"\b(gosu|su-exec|s6-setuidgid|chpst\s+-u|runuser\s+-u|setpriv\s+--reuid)(?:=|\s)\s*([\w.:-]+)"
)


def _privilege_drop(stage: Stage) -> tuple[str, str] | None:
    """(tool, user) when the stage's ENTRYPOINT/CMD switches to a non-root user before the app starts."""
    command = " ".join(ins.command for ins in (stage.entrypoint, stage.cmd) if ins is not None)
    match = _PRIVILEGE_DROP.search(command)
    if match and not is_root_user(match.group(2)):
        return match.group(1).split()[0], match.group(2)
    return None


@rule(
    "NW0101",
    "dockerfile-runs-as-root",
    on=ProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
@evidence_capped
def dockerfile_runs_as_root(facts: Facts) -> Iterator[Hit]:
    """The final stage of a Dockerfile runs as root.

    ## What it checks
    The user the container's process gets: the last `USER` of the Dockerfile's final stage, following `FROM <stage>`
    chains of a multi-stage build (a `USER` in a build stage the final stage does not derive from does not count).
    When a production compose service builds the Dockerfile with `target:`, that stage is judged instead; when the
    last stage is a test or development one (`FROM production AS test`), the stage named like production is.
    With no `USER` the image's default applies, which is root for the official `node` image and most others.
    `USER root`, `USER 0`, `USER root:root` and `USER 0:0` are root too. Base images documented to run as non-root
    (distroless `:nonroot`, Chainguard, Red Hat UBI nodejs) pass without a `USER`. Dockerfiles named or filed for
    development (`Dockerfile.dev`, `.devcontainer/Dockerfile`) are not judged: a dev container is a developer's
    workstation, not the deployed image. Images whose ENTRYPOINT/CMD switches user before starting the app
    (`gosu node`, `su-exec node`, `setpriv --reuid`) are reported with low severity.

    ## Why it matters
    A process running as root inside a container turns any code-execution bug (a vulnerable dependency, a
    deserialisation flaw, a prototype-pollution gadget) into root in the container: it can rewrite the app, read
    every mounted secret, and it is one kernel or runtime bug away from root on the host.

    ## How to fix
    Add `USER node` (the official `node` images ship this user, uid 1000) after installing packages and copying files
    with `--chown=node:node`, in the final stage.

    ## Example
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY . .
    RUN npm ci --omit=dev
    CMD ["node", "server.js"]
    ```

    ## Use instead
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY --chown=node:node . .
    RUN npm ci --omit=dev
    USER node
    CMD ["node", "server.js"]
    ```

    ## References
    - https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#non-root-user
    - https://docs.docker.com/build/building/best-practices/#user
    - https://cwe.mitre.org/data/definitions/250.html
    """
    # Dev containers (.devcontainer/Dockerfile, Dockerfile.dev) build a developer's workstation, not the image
    # that is deployed: they are not judged, as practice 7's NODE_ENV rules do not judge them either.
    every = facts.dockerfiles
    dockerfiles = [df for df in every if not is_development_path(df.path)]
    if not dockerfiles:
        reason = "only development Dockerfiles in the project" if every else "no Dockerfile in the project"
        yield from deployment_absent(facts, reason)
        return
    for df in dockerfiles:
        for stage in deployed_stages(facts, df):
            yield from _judge_stage(df, stage)


_COPY = re.compile(r"^\s*(?:COPY|ADD)\s+()", re.IGNORECASE)
_ROOT_USER = re.compile(r"^\s*USER\s+(\S+)", re.IGNORECASE)


@fix("NW0101", safe=True)
def fix_dockerfile_runs_as_root(finding: Finding, ctx: FixContext) -> Patch | None:
    """In a stage built on an official node image: `USER node` before its CMD (or instead of `USER root`), and
    `--chown=node:node` on the stage's COPY/ADD so the app can still read and write its own files."""
    path = finding.location.path
    text, data = ctx.text(path), ctx.source(path)
    if text is None or data is None:
        return None
    try:
        df = parse_dockerfile(path, text)
    except DockerfileProblem:
        return None
    line = finding.location.line
    stage = None
    for candidate in df.stages:
        if candidate.from_instruction.line <= line:
            stage = candidate
    if stage is None or not is_official_node_image(stage.root_image):
        return None
    edits = []
    root_user = line_edit.replace_in_line(path, data, line, _ROOT_USER, "node")
    if root_user is not None and stage.user is not None and stage.user.line == line:
        edits.append(root_user)
    else:
        start = next((i for i in stage.instructions if i.keyword in ("CMD", "ENTRYPOINT")), None)
        edit = (
            line_edit.insert_line_before(path, data, start.line, "USER node")
            if start is not None
            else line_edit.append_line(path, data, "USER node")
        )
        if edit is None:
            return None
        edits.append(edit)
    for instruction in stage.instructions:
        if instruction.keyword in ("COPY", "ADD") and "chown" not in instruction.flags:
            edit = line_edit.replace_in_line(path, data, instruction.line, _COPY, "--chown=node:node ")
            if edit is not None:
                edits.append(edit)
    note = f"{path}: the app now runs as `node`; a folder it writes to at run time must be owned by `node`"
    return Patch("run the final stage as the image's `node` user", tuple(edits), notes=(note,))


def _judge_stage(df: Dockerfile, stage: Stage) -> Iterator[Hit]:
    what = "the final stage" if stage is df.final_stage else f"the deployed {stage.label}"
    severity = None
    dropped = _privilege_drop(stage)
    if dropped is not None:
        # Starts as root but the start command switches user before the app runs: the app is not root.
        severity = Severity.LOW
    note = f" (the start command drops to {dropped[1]!r} with {dropped[0]})" if dropped else ""
    user = stage.user
    if user is not None:
        words = _user_words(user, df, stage.index)
        if user.resolved and is_root_user(user.value):
            yield fails(
                Location(df.path, user.line),
                f"{what} runs as root: {words}{note}",
                severity=severity,
                fix="Switch to an unprivileged user in the final stage, e.g. `USER node` for node images.",
            )
        else:
            caveat = "" if user.resolved else " (its value comes from a build argument)"
            yield holds(Location(df.path, user.line), f"{what} runs as {words}{caveat}")
        return
    if image_default_user_is_non_root(stage.root_image):
        yield holds(stage.location, f"{what}'s base image {stage.root_image} runs as a non-root user")
        return
    earlier = [s for s in df.stages[: stage.index] if s.user is not None and not is_root_user(s.user.value)]
    hint = ""
    last_user = earlier[-1].user if earlier else None
    if last_user is not None:
        hint = f"; the USER {last_user.raw} of {earlier[-1].label} does not carry over to a new FROM"
    if is_official_node_image(stage.root_image):
        message = f"{what} (FROM {stage.base}) sets no USER and runs as root; use its `node` user"
        confidence = None
    elif not stage.base_resolved:
        message = (
            f"{what} (FROM {stage.from_instruction.args}) sets no USER; unless the base image sets one, it runs as root"
        )
        confidence = Confidence.LOW
    else:
        message = f"{what} (FROM {stage.base}) sets no USER and runs as the base image's user, root by default"
        confidence = Confidence.MEDIUM
    yield fails(stage.location, message + hint + note, severity=severity, confidence=confidence)


# --- docker compose ---------------------------------------------------------------------------------------------


def _compose_files(facts: Facts) -> list[ComposeFile]:
    return facts.compose_files


@rule(
    "NW0102",
    "compose-service-runs-as-root",
    on=ProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
@evidence_capped
def compose_service_runs_as_root(facts: Facts) -> Iterator[Hit]:
    """A docker-compose service is set to run as root.

    ## What it checks
    `user:` of each service in docker-compose / compose files: `root`, `0`, `root:root`, `0:0`. A service with a
    non-root `user:` is reported as positive evidence. (A service without `user:` runs as its image's user: for an
    image built from a Dockerfile in the project, NW0101 judges that Dockerfile.) Files named for development or
    overrides (`docker-compose.dev.yml`, `compose.override.yaml`) are reported with low severity.

    ## Why it matters
    `user: root` overrides the `USER` the image was built with, undoing its hardening: any code-execution bug in the
    app then runs as root in the container.

    ## How to fix
    Remove `user: root`, or set an unprivileged user such as `user: node` (or `"1000:1000"`).

    ## Example
    ```yaml file=docker-compose.yml
    services:
      api:
        image: node:20-alpine
        user: root
        command: node server.js
    ```

    ## Use instead
    ```yaml file=docker-compose.yml
    services:
      api:
        image: node:20-alpine
        user: node
        command: node server.js
    ```

    ## References
    - https://docs.docker.com/reference/compose-file/services/#user
    - https://cwe.mitre.org/data/definitions/250.html
    """
    files = _compose_files(facts)
    if not files:
        yield from deployment_absent(facts, "no docker-compose file in the project")
        return
    for cf in files:
        for service in cf.services:
            if service.user is None:
                continue
            value = str(service.user.value)
            if is_root_user(value):
                yield fails(
                    service.user,
                    f"compose service {service.name!r} runs as root (user: {value})",
                    severity=Severity.LOW if cf.development else None,
                )
            else:
                yield holds(service.user, f"compose service {service.name!r} runs as user {value}")


_COMPOSE_USER_UNSAFE = (
    "`user: root` is often there so the service can write a mounted volume or bind a port below 1024: check that "
    "what it writes is writable by `node`"
)


def _compose_image_is_node(ctx: FixContext, service: ComposeService) -> bool:
    """Whether the service runs an official node image (named, or the final stage of the Dockerfile it builds)."""
    if is_official_node_image(service.image):
        return True
    if service.build_context is None:
        return False
    folder = PurePosixPath(service.path).parent / service.build_context / (service.dockerfile or "Dockerfile")
    parts: list[str] = []
    for part in folder.parts:
        if part == "..":
            if not parts:
                return False
            parts.pop()
        elif part != ".":
            parts.append(part)
    text = ctx.text("/".join(parts))
    if text is None:
        return False
    try:
        df = parse_dockerfile("/".join(parts), text)
    except DockerfileProblem:
        return False
    named: list[Stage | None] = [s for s in df.stages if service.build_target and s.name == service.build_target]
    stages = named or [df.final_stage]
    return stages[0] is not None and is_official_node_image(stages[0].root_image)


@fix("NW0102", safe=False, why_unsafe=_COMPOSE_USER_UNSAFE)
def fix_compose_service_runs_as_root(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """`user: node` instead of `user: root`, for a service whose image is an official node image (named, or the
    one its Dockerfile builds on): that image ships the `node` user. Other images' users are not known."""
    path, line = finding.location.path, finding.location.line
    text = ctx.text(path)
    if text is None:
        return None
    try:
        parsed = parse_compose(path, text)
    except YamlProblem:
        return None
    service = next((s for s in parsed.services if s.user is not None and s.user.line == line), None) if parsed else None
    if service is None:
        return None
    if not _compose_image_is_node(ctx, service):
        return "the image's unprivileged user is not known to nodeward: set `user:` to one the image has"
    node = yaml_edit.scalar_at(text, "user", line)
    edit = yaml_edit.replace_scalar(path, text, node, "node") if node is not None else None
    if edit is None:
        return None
    note = f"{path}: service {service.name!r} now runs as `node`; a volume it writes to must be writable by `node`"
    return Patch(f"run compose service {service.name!r} as `node`", (edit,), notes=(note,))


@rule(
    "NW0103",
    "compose-privileged-service",
    on=ProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
def compose_privileged_service(facts: Facts) -> Iterator[Hit]:
    """A docker-compose service runs privileged.

    ## What it checks
    `privileged: true` (or `yes`/`on`) on a service of a docker-compose / compose file.

    ## Why it matters
    A privileged container gets every capability and access to the host's devices: root in it is root on the host.
    A Node.js app never needs it.

    ## How to fix
    Remove `privileged: true`. If one capability is really needed, grant only it with `cap_add:`.

    ## Example
    ```yaml file=docker-compose.yml
    services:
      api:
        build: .
        privileged: true
    ```

    ## Use instead
    ```yaml file=docker-compose.yml
    services:
      api:
        build: .
        privileged: false
    ```

    ## References
    - https://docs.docker.com/reference/compose-file/services/#privileged
    - https://cwe.mitre.org/data/definitions/250.html
    """
    files = _compose_files(facts)
    if not files:
        yield from deployment_absent(facts, "no docker-compose file in the project")
        return
    for cf in files:
        for service in cf.services:
            if service.privileged is not None and service.privileged.value is True:
                yield fails(service.privileged, f"compose service {service.name!r} runs privileged")


# --- Kubernetes -------------------------------------------------------------------------------------------------


def _effective(container: Container, workload: Workload, field_name: str) -> tuple[Value | None, str]:
    """The container's securityContext value, else the pod's: Kubernetes' own precedence."""
    own = getattr(container.security, field_name)
    if own is not None:
        return own, "container"
    return getattr(workload.pod_security, field_name), "pod"


def _workloads(facts: Facts) -> list[Workload]:
    return facts.kubernetes_workloads


@rule(
    "NW0104",
    "kubernetes-run-as-non-root-missing",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
@evidence_capped
def kubernetes_run_as_non_root_missing(facts: Facts) -> Iterator[Hit]:
    """A Kubernetes container is not required to run as non-root.

    ## What it checks
    Every container (init containers included) of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs,
    CronJobs and pod templates in Kubernetes or Helm-rendered manifests: `runAsNonRoot: true` must be set in the
    container's `securityContext` or, when the container says nothing, in the pod's. A container-level
    `runAsNonRoot: false` overrides the pod's `true`. A non-zero `runAsUser` (container or pod) holds on its own: it
    overrides the image's `USER`, so the container runs as that uid whatever the image says (`runAsNonRoot` adds a
    guard only for a manifest that later loses it). `runAsUser: 0` is NW0105.

    ## Why it matters
    Without `runAsNonRoot: true` the kubelet starts whatever user the image names, and images default to root. The
    flag makes the kubelet refuse to start a container that would run as uid 0, so a rebuilt image that lost its
    `USER` line cannot silently run as root.

    ## How to fix
    Set `securityContext: {runAsNonRoot: true}` on the pod (or each container), with a `runAsUser` such as 1000 when
    the image's user is a name rather than a number.

    ## Example
    ```yaml file=deployment.yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          containers:
            - name: api
              image: registry.invalid/acme/api:1.4.0
    ```

    ## Use instead
    ```yaml file=deployment.yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
          containers:
            - name: api
              image: registry.invalid/acme/api:1.4.0
    ```

    ## References
    - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    """
    workloads = _workloads(facts)
    if not workloads:
        yield from deployment_absent(facts, "no Kubernetes manifest in the project")
        return
    for w in workloads:
        for c in w.containers:
            non_root, level = _effective(c, w, "run_as_non_root")
            uid, _ = _effective(c, w, "run_as_user")
            if uid is not None and uid.value == 0:
                continue  # NW0105 reports the explicit root uid
            if non_root is not None and non_root.value is True:
                yield holds(non_root, f"{w.label} container {c.name!r}: runAsNonRoot: true ({level} securityContext)")
                continue
            at = non_root if non_root is not None else c
            what = "runAsNonRoot: false" if non_root is not None else "no runAsNonRoot: true"
            if uid is not None and isinstance(uid.value, int) and uid.value > 0:
                # runAsUser overrides the image's USER: the container runs as that uid whatever the image says
                yield holds(uid, f"{w.label} container {c.name!r} runs as uid {uid.value} (runAsUser; {what})")
            else:
                yield fails(at, f"{w.label} container {c.name!r} has {what}: it runs as the image's user, often root")


NODE_UID = 1000  # the `node` user of the official node images
_NON_ROOT_UNSAFE = (
    "the kubelet refuses to start a container whose image runs as root, or names its user (`USER node`) without a "
    "numeric runAsUser: check the image's USER, and add `runAsUser: <its uid>` when it is a name"
)


def _container_of(workloads: list[Workload], line: int) -> tuple[Workload, Container] | None:
    """The workload and container a NW0104 finding on `line` is about (its runAsNonRoot value, or the container)."""
    for w in workloads:
        for c in w.containers:
            non_root, _level = _effective(c, w, "run_as_non_root")
            if (non_root.line if non_root is not None else c.line) == line:
                return w, c
    return None


@fix("NW0104", safe=True)
def fix_kubernetes_run_as_non_root_missing(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """`runAsNonRoot: true` in the container's securityContext (created when missing), with `runAsUser: 1000` for
    official node images (their `node` user: the kubelet cannot check a user given by name). Safe when the uid is
    known to be non-zero (a runAsUser is set, or the node image's 1000 is added); unsafe for other images, whose
    user nodeward cannot see, and where `runAsNonRoot: false` was written on purpose."""
    path, line = finding.location.path, finding.location.line
    text = ctx.text(path)
    if text is None:
        return None
    try:
        found = _container_of(parse_kubernetes(path, text), line)
    except YamlProblem:
        return None
    if found is None:
        return None
    workload, container = found
    non_root, level = _effective(container, workload, "run_as_non_root")
    uid, _ = _effective(container, workload, "run_as_user")
    title = f"require a non-root user for {workload.label} container {container.name!r}"
    if non_root is not None:
        node = yaml_edit.scalar_at(text, "runAsNonRoot", line)
        edit = yaml_edit.replace_scalar(path, text, node, "true") if node is not None else None
        why = f"runAsNonRoot: false was written in the {level} securityContext on purpose; {_NON_ROOT_UNSAFE}"
        return Patch(title, (edit,), unsafe=why) if edit is not None else None
    keys = ["runAsNonRoot: true"]
    unsafe: str | None = None
    notes: tuple[str, ...] = ()
    if uid is None and is_official_node_image(container.image):
        keys.append(f"runAsUser: {NODE_UID}")
        notes = (
            f"{path}: container {container.name!r} now runs as uid {NODE_UID}, the node image's `node` user; "
            "a folder it writes to must be writable by it",
        )
    elif uid is None:
        unsafe = _NON_ROOT_UNSAFE
    mapping = yaml_edit.mapping_at(text, ("containers", "initContainers"), container.line)
    if mapping is None:
        return None
    security = yaml_get(mapping, "securityContext")
    if security is None:
        step = " " * yaml_edit.indent_step(mapping)
        edit = yaml_edit.add_keys(path, text, mapping, ["securityContext:", *(step + k for k in keys)])
    else:
        edit = yaml_edit.add_first_keys(path, text, security, keys)
    return Patch(title, (edit,), notes=notes, unsafe=unsafe) if edit is not None else None


@rule(
    "NW0105",
    "kubernetes-runs-as-uid-0",
    on=ProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
def kubernetes_runs_as_uid_0(facts: Facts) -> Iterator[Hit]:
    """A Kubernetes pod or container is set to run as uid 0.

    ## What it checks
    `runAsUser: 0` in a pod or container `securityContext`, where it applies to at least one container (a
    container-level non-zero `runAsUser` overrides the pod's 0).

    ## Why it matters
    `runAsUser: 0` forces root whatever the image's `USER` says, undoing the image's hardening.

    ## How to fix
    Remove `runAsUser: 0`; set a non-zero uid (1000 for the official node images' `node` user) and
    `runAsNonRoot: true`.

    ## Example
    ```yaml file=pod.yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      securityContext:
        runAsUser: 0
      containers:
        - name: api
          image: node:20
    ```

    ## Use instead
    ```yaml file=pod.yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      securityContext:
        runAsUser: 1000
        runAsNonRoot: true
      containers:
        - name: api
          image: node:20
    ```

    ## References
    - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    - https://cwe.mitre.org/data/definitions/250.html
    """
    workloads = _workloads(facts)
    if not workloads:
        yield from deployment_absent(facts, "no Kubernetes manifest in the project")
        return
    for w in workloads:
        by_setting: dict[tuple[str, int], list[str]] = {}
        settings: dict[tuple[str, int], Value] = {}
        for c in w.containers:
            uid, _ = _effective(c, w, "run_as_user")
            if uid is not None and uid.value == 0:
                key = (uid.path, uid.line)
                by_setting.setdefault(key, []).append(c.name)
                settings[key] = uid
        for key, names in by_setting.items():
            yield fails(settings[key], f"{w.label}: runAsUser: 0 makes {', '.join(map(repr, names))} run as root")


@rule(
    "NW0106",
    "kubernetes-privileged-container",
    on=ProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
def kubernetes_privileged_container(facts: Facts) -> Iterator[Hit]:
    """A Kubernetes container runs privileged.

    ## What it checks
    `privileged: true` in a container's `securityContext` (init containers included).

    ## Why it matters
    A privileged container has every capability and the host's devices: escaping to the node is trivial. The
    Baseline Pod Security Standard forbids it.

    ## How to fix
    Remove `privileged: true`; add the one capability really needed under `capabilities.add`, if any.

    ## Example
    ```yaml file=pod.yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      containers:
        - name: api
          image: node:20
          securityContext:
            privileged: true
    ```

    ## Use instead
    ```yaml file=pod.yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      containers:
        - name: api
          image: node:20
          securityContext:
            privileged: false
    ```

    ## References
    - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    - https://cwe.mitre.org/data/definitions/250.html
    """
    workloads = _workloads(facts)
    if not workloads:
        yield from deployment_absent(facts, "no Kubernetes manifest in the project")
        return
    for w in workloads:
        for c in w.containers:
            flag = c.security.privileged
            if flag is not None and flag.value is True:
                yield fails(flag, f"{w.label} container {c.name!r} runs privileged")


@rule(
    "NW0107",
    "kubernetes-privilege-escalation-allowed",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
def kubernetes_privilege_escalation_allowed(facts: Facts) -> Iterator[Hit]:
    """A Kubernetes container explicitly allows privilege escalation.

    ## What it checks
    `allowPrivilegeEscalation: true` in a container's `securityContext`. (Leaving it unset is not reported here.)

    ## Why it matters
    It lets a process gain more privileges than its parent (setuid binaries, file capabilities): a non-root process
    can become root again. The Restricted Pod Security Standard requires `false`.

    ## How to fix
    Set `allowPrivilegeEscalation: false`.

    ## Example
    ```yaml file=pod.yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: node:20
          securityContext:
            allowPrivilegeEscalation: true
    ```

    ## Use instead
    ```yaml file=pod.yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: node:20
          securityContext:
            allowPrivilegeEscalation: false
    ```

    ## References
    - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    """
    workloads = _workloads(facts)
    if not workloads:
        yield from deployment_absent(facts, "no Kubernetes manifest in the project")
        return
    for w in workloads:
        for c in w.containers:
            flag = c.security.allow_privilege_escalation
            if flag is not None and flag.value is True:
                yield fails(flag, f"{w.label} container {c.name!r} allows privilege escalation")


# --- npm scripts and systemd ------------------------------------------------------------------------------------

# `sudo` as a command word: at the start, or after a shell separator or `&&`/`||`/`;`/`(`/`$(`.
_SUDO = re.compile(r"(?:^|[;&|(`]|\$\()\s*sudo(?:\s|$)")


@rule(
    "NW0108",
    "sudo-in-package-script",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
def sudo_in_package_script(facts: Facts) -> Iterator[Hit]:
    """A package.json script runs a command with sudo.

    ## What it checks
    Every `scripts` entry of every package.json in the project for `sudo` used as a command (at the start or after
    `&&`, `||`, `;`, `|`, `(`).

    ## Why it matters
    A script that needs root makes every `npm run` a root prompt, trains people to type their password into
    project tooling, and runs the dependencies the script touches as root.

    ## How to fix
    Drop `sudo`: bind to a port above 1024 (or grant `cap_net_bind_service`), fix file ownership once, and install
    global tools into a user-owned prefix.

    ## Example
    ```json
    {"name": "api", "scripts": {"start": "sudo node server.js"}}
    ```

    ## Use instead
    ```json
    {"name": "api", "scripts": {"start": "node server.js"}}
    ```

    ## References
    - https://docs.npmjs.com/cli/v10/using-npm/scripts
    - https://cwe.mitre.org/data/definitions/250.html
    """
    scripts: list[Script] = facts.script_commands
    for script in scripts:
        if _SUDO.search(script.command):
            yield fails(script, f"script {script.name!r} runs sudo: {script.command[:120]}")


@rule(
    "NW0109",
    "systemd-service-runs-as-root",
    on=ProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=CWE_UNNECESSARY_PRIVILEGES,
)
@evidence_capped
def systemd_service_runs_as_root(facts: Facts) -> Iterator[Hit]:
    """A systemd service unit runs its process as root.

    ## What it checks
    `.service` units with a `[Service]` section: `User=root` or `User=0`, or no `User=` at all (system services then
    run as root), unless `DynamicUser=yes` gives the service a transient unprivileged user.

    ## Why it matters
    The service's process, and every dependency it loads, runs with full control of the machine.

    ## How to fix
    Create a dedicated system user and set `User=` (and `Group=`) in `[Service]`, or use `DynamicUser=yes`.

    ## Example
    ```ini file=api.service
    [Unit]
    Description=API

    [Service]
    ExecStart=/usr/bin/node /srv/api/server.js
    Environment=NODE_ENV=production

    [Install]
    WantedBy=multi-user.target
    ```

    ## Use instead
    ```ini file=api.service
    [Unit]
    Description=API

    [Service]
    User=api
    ExecStart=/usr/bin/node /srv/api/server.js
    Environment=NODE_ENV=production

    [Install]
    WantedBy=multi-user.target
    ```

    ## References
    - https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#User=
    - https://cwe.mitre.org/data/definitions/250.html
    """
    units: list[SystemdUnit] = [u for u in facts.systemd_units if u.has_service_section]
    if not units:
        yield from deployment_absent(facts, "no systemd service unit in the project")
        return
    for unit in units:
        if unit.dynamic_user is not None and unit.dynamic_user.value is True:
            yield holds(unit.dynamic_user, f"{unit.path} runs with DynamicUser=yes")
        elif unit.user is None:
            message = f"{unit.path} sets no User= in [Service]: the process runs as root"
            yield fails(unit, message, severity=Severity.MEDIUM)
        elif is_root_user(unit.user.value):
            yield fails(unit.user, f"{unit.path} runs as root (User={unit.user.value})")
        else:
            yield holds(unit.user, f"{unit.path} runs as User={unit.user.value}")
