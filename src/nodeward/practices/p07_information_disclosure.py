"""Practice 7: send no unnecessary information: start paths NW0701-0719, code NW0720-0749, live probe NW0750+."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from nodeward.analysis.appmodel import AppModel
from nodeward.analysis.env_guards import ENV_GUARD
from nodeward.analysis.error_handlers import (
    EXPECTED_ERROR_GUARD,
    FUNCTION_BOUNDARY,
    error_aliases,
    error_handlers,
    guarded_by,
    leaked_values,
    node_text,
    response_calls,
)
from nodeward.collect import safe_yaml
from nodeward.collect.containers import (
    ComposeFile,
    EnvVar,
    Workload,
    deployed_stages,
    is_development_path,
    is_node_image,
    is_official_node_image,
)
from nodeward.collect.dockerfile import Dockerfile, DockerfileProblem, Stage, parse_dockerfile
from nodeward.collect.process_managers import Pm2App, ProcessType, Script, SystemdUnit
from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Edit, Patch, fix
from nodeward.fix import lines as line_edit
from nodeward.fix import yamledit as yaml_edit
from nodeward.fix.context import FixContext
from nodeward.js.extract import node_location, tree_of
from nodeward.js.values import CALL, Func, Obj, Ref, Unknown, Value
from nodeward.practices._evidence import deployment_absent, evidence_capped, fails_at
from nodeward.probe.exchange import Exchange
from nodeward.probe.record import ProbeRecord, rate_limited
from nodeward.probe.signatures import EXPOSED_ENDPOINTS, find_stack_trace, framework_error_page
from nodeward.rules import Hit, fails, holds, rule
from nodeward.rules.js_project_target import JsProjectTarget, arg, js_of, where
from nodeward.rules.names import is_password_name, is_secret_name, words
from nodeward.rules.targets import ProbeTarget, ProjectTarget

if TYPE_CHECKING:
    import tree_sitter as ts

    from nodeward.facts import Facts
    from nodeward.js.extract import JsProject

# ---------------------------------------------------------------------------------------------------------------------
# Configuration rules (NW0701-NW0719): production start paths set NODE_ENV=production.
# ---------------------------------------------------------------------------------------------------------------------

CWE_ERROR_MESSAGE_INFO = 209
PRODUCTION = "production"
WHY_NODE_ENV = "without NODE_ENV=production Express renders stack traces in error responses and skips view caching"

# `NODE_ENV=x cmd`, `export NODE_ENV=x`, `cross-env NODE_ENV=x`, `env NODE_ENV=x`, Windows `set NODE_ENV=x&&`.
_INLINE_NODE_ENV = re.compile(r"(?:^|[\s;&|(])(?:export\s+|set\s+)?NODE_ENV=(\"[^\"]*\"|'[^']*'|[^\s;&|)]*)")
_NODE_COMMANDS = frozenset(
    {"node", "nodejs", "npm", "npx", "yarn", "pnpm", "pm2", "pm2-runtime", "ts-node", "tsx", "bun", "next", "nest"}
)
# Start commands that only make sense while developing: such a start path is not a production one.
_DEV_COMMAND = re.compile(
    r"\b(nodemon|ts-node-dev|node-dev|webpack-dev-server|vite(?!\s+(build|preview))|next\s+dev|nuxt\s+dev|"
    r"(npm|yarn|pnpm)\s+(run\s+)?(dev|develop|watch|start:dev|serve:dev))\b|--watch\b|--inspect"
)
_RUN_SCRIPT = re.compile(r"\b(?:npm|yarn|pnpm)\s+(?:run(?:-script)?\s+)?([\w:.-]+)")


def inline_node_env(command: str | None) -> str | None:
    """The NODE_ENV a command line sets for what it runs, if it sets one."""
    if not command:
        return None
    matches = _INLINE_NODE_ENV.findall(command)
    return matches[-1].strip("\"'") if matches else None


def runs_node(command: str | None) -> bool:
    if not command:
        return False
    tokens = re.split(r"[\s;&|()\"'\[\],]+", command)
    return any(PurePosixPath(word).name.lower() in _NODE_COMMANDS for word in tokens)


def is_dev_command(command: str | None) -> bool:
    return bool(command and _DEV_COMMAND.search(command))


# --- Dockerfile -------------------------------------------------------------------------------------------------


def _start_command(stage: Stage) -> tuple[str, Location | None]:
    parts = [ins for ins in (stage.entrypoint, stage.cmd) if ins is not None]
    command = " ".join(ins.command for ins in parts)
    return command, parts[-1].location if parts else None


def _script_sets_production(facts: Facts, near: str, command: str) -> Script | None:
    """The package.json script a start command runs (`npm start`, `yarn run serve`), when it sets production."""
    match = _RUN_SCRIPT.search(command)
    if not match:
        return None
    name = match.group(1)
    folder = str(PurePosixPath(near).parent)
    candidates = [s for s in facts.script_commands if s.name == name and inline_node_env(s.command) == PRODUCTION]
    for script in candidates:
        if str(PurePosixPath(script.path).parent) == folder:
            return script
    return next((s for s in candidates if "/" not in s.path), None)


_PM2_FILE = re.compile(r"(?:^|[\s/\"'])((?:ecosystem|pm2|process)[\w.-]*\.(?:json|ya?ml|c?js|mjs))\b")
_PM2_ENV_FLAG = re.compile(r"--env[\s=]+([\w-]+)")


def _pm2_sets_production(facts: Facts, command: str) -> Pm2App | None:
    """`pm2-runtime ecosystem.config.js --env production` when that app's env block sets NODE_ENV=production."""
    if not re.search(r"\bpm2(-runtime|-docker)?\b", command):
        return None
    match = _PM2_FILE.search(command)
    if not match:
        return None
    flag = _PM2_ENV_FLAG.search(command)
    blocks = [f"env_{flag.group(1)}", "env"] if flag else ["env"]
    apps = [a for a in facts.pm2_apps if PurePosixPath(a.path).name == match.group(1)]
    for app in apps:
        var = next((v for b in blocks if (v := app.env(b, "NODE_ENV")) is not None), None)
        if var is None or var.value != PRODUCTION:
            return None
    return apps[0] if apps else None


def _compose_env_for(facts: Facts, dockerfile: str) -> EnvVar | None:
    """NODE_ENV=production set by a production compose service that builds this Dockerfile."""
    for cf in facts.compose_files:
        if cf.development:
            continue
        for service in cf.services:
            var = service.env("NODE_ENV")
            if service.build_dockerfile_path() == dockerfile and var is not None and var.value == PRODUCTION:
                return var
    return None


@rule(
    "NW0701",
    "dockerfile-node-env-not-production",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=CWE_ERROR_MESSAGE_INFO,
)
@evidence_capped
def dockerfile_node_env_not_production(facts: Facts) -> Iterator[Hit]:
    """A Node.js Dockerfile does not run its app with NODE_ENV=production.

    ## What it checks
    The final stage of each Dockerfile that runs Node.js (a node base image, or a CMD/ENTRYPOINT running node, npm,
    yarn, pnpm, pm2...), or the stage production compose services build with `target:`, or the production-named
    stage when the last one is a test stage: the `ENV NODE_ENV` it ends up with, inherited through `FROM <stage>`
    chains, after ARG/ENV substitution (`${NODE_ENV:-production}` counts as production), or a `NODE_ENV=...` on the
    start command itself. It passes when NODE_ENV is production there, in the `npm start` script the CMD runs, in
    the env block of the PM2 ecosystem file a `pm2-runtime` CMD starts, or in a production compose service that
    builds this Dockerfile. A value that depends on a build argument without default is not judged. Development
    Dockerfiles (`Dockerfile.dev`) and development start commands (nodemon, `npm run dev`) are skipped.

    ## Why it matters
    Express and many other libraries read NODE_ENV: outside production Express's default error handler sends the
    stack trace (file paths, library versions, code) to the client, and view templates are recompiled per request.

    ## How to fix
    Add `ENV NODE_ENV=production` to the final stage (or to the stage it is built `FROM`).

    ## Example
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY . .
    RUN npm ci --omit=dev
    USER node
    CMD ["node", "server.js"]
    ```

    ## Use instead
    ```dockerfile
    FROM node:20-alpine
    ENV NODE_ENV=production
    WORKDIR /app
    COPY . .
    RUN npm ci --omit=dev
    USER node
    CMD ["node", "server.js"]
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
    - https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#environment-variables
    - https://cwe.mitre.org/data/definitions/209.html
    """
    dockerfiles: list[Dockerfile] = facts.dockerfiles
    if not dockerfiles:
        yield from deployment_absent(facts, "no Dockerfile in the project")
        return
    for df in dockerfiles:
        if is_development_path(df.path):
            continue
        for stage in deployed_stages(facts, df):
            yield from _judge_node_env(facts, df, stage)


def _judge_node_env(facts: Facts, df: Dockerfile, stage: Stage) -> Iterator[Hit]:
    what = "the final stage" if stage is df.final_stage else f"the deployed {stage.label}"
    command, command_at = _start_command(stage)
    if not (is_node_image(stage.root_image) or runs_node(command)) or is_dev_command(command):
        return
    inline = inline_node_env(command)
    if inline is not None and command_at is not None:
        if inline == PRODUCTION:
            yield holds(command_at, f"the start command sets NODE_ENV=production at {command_at}")
        else:
            yield fails(command_at, f"the start command sets NODE_ENV={inline}; {WHY_NODE_ENV}")
        return
    setting = stage.env.get("NODE_ENV")
    if setting is not None:
        where = f"{df.path}:{setting.line}"
        if setting.value == PRODUCTION:
            yield holds(setting, f"{what} has NODE_ENV=production (ENV at {where})")
        elif setting.resolved:
            yield fails(setting, f"{what} sets NODE_ENV={setting.value or '(empty)'}; {WHY_NODE_ENV}")
        return
    script = _script_sets_production(facts, df.path, command)
    if script is not None:
        yield holds(script, f"the CMD runs script {script.name!r}, which sets NODE_ENV=production")
        return
    app = _pm2_sets_production(facts, command)
    if app is not None:
        yield holds(app, f"the CMD starts PM2 app {app.name!r}, whose env sets NODE_ENV=production")
        return
    compose_var = _compose_env_for(facts, df.path)
    if compose_var is not None:
        yield holds(compose_var, f"compose sets NODE_ENV=production for the image built from {df.path}")
        return
    yield fails(command_at or stage.location, f"{what} sets no NODE_ENV=production; {WHY_NODE_ENV}")


# `ENV[ \t].*?`, not `ENV\s+.*?`: the two adjacent repetitions split a run of spaces every way (quadratic).
_ENV_NODE_ENV = re.compile(r"^[ \t]*ENV[ \t].*?\bNODE_ENV(?:=|[ \t]+)[\"']?([^\"'\s]*)", re.IGNORECASE)
_START = re.compile(r"^\s*(?:CMD|ENTRYPOINT)\b", re.IGNORECASE)
_FROM = re.compile(r"^\s*FROM\b", re.IGNORECASE)


@fix("NW0701", safe=True)
def fix_dockerfile_node_env_not_production(finding: Finding, ctx: FixContext) -> Patch | None:
    """`ENV NODE_ENV=production` just before the stage's CMD, or the value of its `ENV NODE_ENV=...` set to
    production. A NODE_ENV set inline in the start command is left to the user."""
    path, line = finding.location.path, finding.location.line
    data = ctx.source(path)
    current = line_edit.line_text(data, line) if data is not None else None
    if data is None or current is None:
        return None
    title = "set NODE_ENV=production in the image"
    if _ENV_NODE_ENV.search(current):
        edit = line_edit.replace_in_line(path, data, line, _ENV_NODE_ENV, PRODUCTION)
    elif _START.match(current) and "NODE_ENV" not in current:
        edit = line_edit.insert_line_before(path, data, line, f"ENV NODE_ENV={PRODUCTION}")
    elif _FROM.match(current):
        edit = _env_at_stage_end(path, data, line)
    else:
        return None
    return Patch(title, (edit,)) if edit else None


def _env_at_stage_end(path: str, data: bytes, from_line: int) -> Edit | None:
    """`ENV NODE_ENV=production` as the last line of the stage whose FROM is on `from_line` (a stage that inherits
    its CMD from the base image): before the next FROM, or at the end of the file."""
    try:
        df = parse_dockerfile(path, data.decode("utf-8"))
    except (DockerfileProblem, UnicodeDecodeError):
        return None
    after = [s.from_instruction.line for s in df.stages if s.from_instruction.line > from_line]
    code = f"ENV NODE_ENV={PRODUCTION}"
    if after:
        return line_edit.insert_line_before(path, data, min(after), code)
    return line_edit.append_line(path, data, code)


# --- docker compose ---------------------------------------------------------------------------------------------


def _is_production_compose(path: str) -> bool:
    name = PurePosixPath(path).name.lower()
    return any(part in {"prod", "production", "release"} for part in re.split(r"[._-]+", name))


@rule(
    "NW0702",
    "compose-node-env-not-production",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=CWE_ERROR_MESSAGE_INFO,
)
@evidence_capped
def compose_node_env_not_production(facts: Facts) -> Iterator[Hit]:
    """A production compose service runs Node.js with NODE_ENV other than production.

    ## What it checks
    Services of compose files not named for development (`docker-compose.dev.yml`, `*.override.yml`, `*.local.*`,
    `*.test.*` are skipped) whose `environment:` (list or map form) or readable `env_file:` sets NODE_ENV to anything
    but production; `${NODE_ENV:-production}` counts as production, `${NODE_ENV}` is not judged. A stock `node`
    image service running node with no NODE_ENV at all is reported too; a service that builds a Dockerfile of the
    project is left to NW0701. Services started with development commands (nodemon, `npm run dev`) or only in
    development profiles (`profiles: [dev]`) are skipped, and so is a base file's service that a production file
    beside it (`docker-compose.prod.yml`) sets to production.

    ## Why it matters
    The environment of a compose service overrides the image's `ENV`: `NODE_ENV: development` here makes Express
    send stack traces to clients even when the Dockerfile set production.

    ## How to fix
    Set `NODE_ENV: production` in the service's environment, and keep development settings in
    `docker-compose.override.yml` or `docker-compose.dev.yml`.

    ## Example
    ```yaml file=docker-compose.yml
    services:
      api:
        build: .
        environment:
          NODE_ENV: development
    ```

    ## Use instead
    ```yaml file=docker-compose.yml
    services:
      api:
        build: .
        environment:
          NODE_ENV: production
    ```

    ## References
    - https://docs.docker.com/reference/compose-file/services/#environment
    - https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
    """
    files: list[ComposeFile] = facts.compose_files
    if not files:
        yield from deployment_absent(facts, "no docker-compose file in the project")
        return
    # `docker compose -f docker-compose.yml -f docker-compose.prod.yml`: a production file beside the base one
    # overrides the base's environment for the services it names.
    overrides: dict[tuple[str, str], EnvVar] = {}
    for cf in files:
        if _is_production_compose(cf.path):
            for service in cf.services:
                var = service.env("NODE_ENV")
                if var is not None and var.value == PRODUCTION:
                    overrides[(str(PurePosixPath(cf.path).parent), service.name)] = var
    for cf in files:
        if cf.development or is_development_path(cf.path):
            continue
        folder = str(PurePosixPath(cf.path).parent)
        for service in cf.services:
            command = " ".join(filter(None, (service.entrypoint, service.command)))
            if service.development or is_dev_command(command):
                continue
            var = service.env("NODE_ENV")
            inline = inline_node_env(command)
            if var is None and inline is not None:
                var = EnvVar("NODE_ENV", inline, service.path, service.line)
            override = overrides.get((folder, service.name))
            if override is not None and override.path != cf.path and (var is None or var.value != PRODUCTION):
                continue  # the production file's own service reports the evidence
            if var is not None:
                if var.value == PRODUCTION:
                    yield holds(var, f"compose service {service.name!r} sets NODE_ENV=production")
                elif var.resolved and var.value is not None:
                    yield fails(var, f"compose service {service.name!r} sets NODE_ENV={var.value}; {WHY_NODE_ENV}")
                continue
            stock_node = service.build_context is None and is_official_node_image(service.image)
            if stock_node and not service.env_files_unread and (runs_node(command) or not command):
                yield fails(
                    service,
                    f"compose service {service.name!r} runs {service.image} without NODE_ENV; {WHY_NODE_ENV}",
                )


# --- Kubernetes -------------------------------------------------------------------------------------------------


_COMPOSE_NODE_ENV = re.compile(r"\bNODE_ENV\s*[:=]\s*[\"']?([A-Za-z0-9_.-]+)")


@fix(
    "NW0702",
    safe=False,
    why_unsafe="the compose file may be the local development setup, where development mode is wanted",
)
def fix_compose_node_env_not_production(finding: Finding, ctx: FixContext) -> Patch | None:
    """The service's NODE_ENV value set to production, in place."""
    path, line = finding.location.path, finding.location.line
    data = ctx.source(path)
    edit = line_edit.replace_in_line(path, data, line, _COMPOSE_NODE_ENV, PRODUCTION) if data else None
    return Patch("set NODE_ENV=production for the service", (edit,)) if edit else None


@rule(
    "NW0703",
    "kubernetes-node-env-not-production",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=CWE_ERROR_MESSAGE_INFO,
)
@evidence_capped
def kubernetes_node_env_not_production(facts: Facts) -> Iterator[Hit]:
    """A Kubernetes container runs Node.js with NODE_ENV other than production.

    ## What it checks
    `env:` of the (non-init) containers of workloads in Kubernetes or Helm-rendered manifests: NODE_ENV set to
    anything but production is reported at its line. A container of a stock `node` image with no NODE_ENV and no
    `envFrom` is reported too (a custom image may set it in its Dockerfile: NW0701 checks that). Values from
    `valueFrom` or `$(VAR)` are not judged. Manifests in development folders or files (`overlays/dev/`,
    `deployment.dev.yaml`) and development commands are skipped.

    ## Why it matters
    The pod's environment overrides the image's: `NODE_ENV=development` in a manifest makes Express send stack traces
    to clients in the cluster it is deployed to.

    ## How to fix
    Set `- name: NODE_ENV` / `value: production` in the container's env (or in the ConfigMap it loads).

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
              env:
                - name: NODE_ENV
                  value: development
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
          containers:
            - name: api
              image: registry.invalid/acme/api:1.4.0
              env:
                - name: NODE_ENV
                  value: production
    ```

    ## References
    - https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
    - https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
    """
    workloads: list[Workload] = facts.kubernetes_workloads
    if not workloads:
        yield from deployment_absent(facts, "no Kubernetes manifest in the project")
        return
    for w in workloads:
        if is_development_path(w.path):
            continue
        for c in w.containers:
            if c.init or is_dev_command(c.command):
                continue
            var = next((v for v in reversed(c.env) if v.name == "NODE_ENV"), None)
            if var is not None:
                if var.value == PRODUCTION:
                    yield holds(var, f"{w.label} container {c.name!r} sets NODE_ENV=production")
                elif var.resolved and var.value is not None:
                    yield fails(var, f"{w.label} container {c.name!r} sets NODE_ENV={var.value}; {WHY_NODE_ENV}")
                continue
            if not c.env_from and is_official_node_image(c.image):
                yield fails(c, f"{w.label} container {c.name!r} runs {c.image} without NODE_ENV; {WHY_NODE_ENV}")


@fix("NW0703", safe=True)
def fix_kubernetes_node_env_not_production(finding: Finding, ctx: FixContext) -> Patch | None:
    """`- name: NODE_ENV` / `value: production` first in the env list of a stock node container that has none
    (the list created when missing), in the manifest's indentation; a NODE_ENV set to something else is set to
    production, as an unsafe fix (it was written that way on purpose)."""
    path, line = finding.location.path, finding.location.line
    text = ctx.text(path)
    if text is None:
        return None
    title = "set NODE_ENV=production for the container"
    item = yaml_edit.mapping_at(text, ("env",), line)
    if item is not None and safe_yaml.text(safe_yaml.get(item, "name")) == "NODE_ENV":
        value = safe_yaml.get(item, "value")
        edit = yaml_edit.replace_scalar(path, text, value, PRODUCTION) if value is not None else None
        why = "the manifest sets NODE_ENV to another value on purpose: it may be a development or test deployment"
        return Patch(title, (edit,), unsafe=why) if edit is not None else None
    container = yaml_edit.mapping_at(text, ("containers",), line)
    if container is None:
        return None
    env = safe_yaml.get(container, "env")
    step = " " * yaml_edit.indent_step(container)
    if env is None:
        lines = ["env:", f"{step}- name: NODE_ENV", f"{step}  value: {PRODUCTION}"]
        edit = yaml_edit.add_keys(path, text, container, lines)
    else:
        edit = yaml_edit.add_first_item(path, text, env, ["name: NODE_ENV", f"value: {PRODUCTION}"])
    return Patch(title, (edit,)) if edit is not None else None


# --- Procfile, PM2, npm start, systemd ---------------------------------------------------------------------------


@rule(
    "NW0704",
    "procfile-node-env-not-production",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=CWE_ERROR_MESSAGE_INFO,
)
@evidence_capped
def procfile_node_env_not_production(facts: Facts) -> Iterator[Hit]:
    """A Procfile process sets NODE_ENV to something other than production.

    ## What it checks
    Each `name: command` line of a Procfile (Heroku, Dokku, foreman) that sets `NODE_ENV=...` on its command line to
    anything but production. (Heroku's Node.js buildpack defaults NODE_ENV to production, so a command that does not
    set it is fine.)

    ## Why it matters
    The command line wins over the platform's default: `web: NODE_ENV=development node server.js` ships stack traces
    to every client.

    ## How to fix
    Remove the assignment (the platform sets production) or write `NODE_ENV=production`.

    ## Example
    ```text file=Procfile
    web: NODE_ENV=development node server.js
    ```

    ## Use instead
    ```text file=Procfile
    web: NODE_ENV=production node server.js
    ```

    ## References
    - https://devcenter.heroku.com/articles/nodejs-support#runtime-behavior
    - https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
    """
    processes: list[ProcessType] = facts.procfile_processes
    if not processes:
        yield from deployment_absent(facts, "no Procfile in the project")
        return
    for process in processes:
        value = inline_node_env(process.command)
        if value is None or process.name in {"release", "dev"} or is_dev_command(process.command):
            continue
        if value == PRODUCTION:
            yield holds(process, f"Procfile process {process.name!r} sets NODE_ENV=production")
        else:
            yield fails(process, f"Procfile process {process.name!r} sets NODE_ENV={value}; {WHY_NODE_ENV}")


@rule(
    "NW0705",
    "pm2-node-env-not-production",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=CWE_ERROR_MESSAGE_INFO,
)
@evidence_capped
def pm2_node_env_not_production(facts: Facts) -> Iterator[Hit]:
    """A PM2 ecosystem app does not get NODE_ENV=production.

    ## What it checks
    Each app of a PM2 ecosystem file (`ecosystem.config.js` parsed statically, never run; JSON or YAML):
    `env_production` (what `pm2 start --env production` applies) must set NODE_ENV to production, or leave the `env`
    block's production value in place. Without `env_production` the `env` block must set it. An app that sets
    NODE_ENV nowhere is reported with low severity (it may still be set in the shell that starts PM2), unless a
    spread or computed key may set it. Files named for development are skipped.

    ## Why it matters
    PM2 does not set NODE_ENV itself: an app started from an ecosystem file whose env says `development`, or says
    nothing, runs Express in development mode and sends stack traces to clients.

    ## How to fix
    Add `"env_production": {"NODE_ENV": "production"}` to the app and start it with `pm2 start --env production`, or
    set `"NODE_ENV": "production"` in `env`.

    ## Example
    ```json file=ecosystem.json
    {"apps": [{"name": "api", "script": "server.js", "env": {"NODE_ENV": "development"}}]}
    ```

    ## Use instead
    ```json file=ecosystem.json
    {"apps": [{"name": "api", "script": "server.js",
               "env": {"NODE_ENV": "development"},
               "env_production": {"NODE_ENV": "production"}}]}
    ```

    ## References
    - https://pm2.keymetrics.io/docs/usage/environment/
    - https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
    """
    apps: list[Pm2App] = facts.pm2_apps
    if not apps:
        yield from deployment_absent(facts, "no PM2 ecosystem file in the project")
        return
    for app in apps:
        if is_development_path(app.path):
            continue
        label = f"PM2 app {app.name!r}"
        prod = app.env("env_production", "NODE_ENV")
        base = app.env("env", "NODE_ENV")
        chosen = prod or base
        if chosen is None and app.open:
            continue  # a spread or computed key may set it: not knowable statically
        if chosen is None:
            yield fails(
                app,
                f"{label} sets NODE_ENV in neither env nor env_production; {WHY_NODE_ENV}",
                severity=Severity.LOW,
            )
        elif chosen.value == PRODUCTION:
            yield holds(chosen, f"{label} sets NODE_ENV=production")
        elif chosen.resolved:
            block = "env_production" if prod is not None else "env"
            yield fails(chosen, f"{label} sets NODE_ENV={chosen.value} in {block}; {WHY_NODE_ENV}")


_PRODUCTION_SCRIPTS = frozenset({"start", "start:prod", "start:production", "prod", "production", "serve:prod"})


@rule(
    "NW0706",
    "start-script-node-env-not-production",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=CWE_ERROR_MESSAGE_INFO,
)
@evidence_capped
def start_script_node_env_not_production(facts: Facts) -> Iterator[Hit]:
    """The package.json start script sets NODE_ENV to something other than production.

    ## What it checks
    The `start` script (and `start:prod`, `start:production`, `prod`, `production`, `serve:prod`) of every
    package.json: a `NODE_ENV=...` assignment on it (plain, `cross-env`, `export`, `set`) to anything but production.
    A start script without NODE_ENV is fine: the environment that runs it is expected to set it.

    ## Why it matters
    `npm start` is what platforms (Heroku, App Engine, PM2's `npm start`, most Dockerfiles) run in production: a
    `NODE_ENV=development` there overrides the platform's production setting.

    ## How to fix
    Remove the assignment, or set `NODE_ENV=production`; keep development settings in a `dev` script.

    ## Example
    ```json
    {"name": "api", "scripts": {"start": "NODE_ENV=development node server.js"}}
    ```

    ## Use instead
    ```json
    {"name": "api", "scripts": {"start": "NODE_ENV=production node server.js",
                                "dev": "NODE_ENV=development nodemon server.js"}}
    ```

    ## References
    - https://docs.npmjs.com/cli/v10/commands/npm-start
    - https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
    """
    scripts: list[Script] = facts.script_commands
    for script in scripts:
        if script.name not in _PRODUCTION_SCRIPTS:
            continue
        value = inline_node_env(script.command)
        if value is None:
            continue
        if value == PRODUCTION:
            yield holds(script, f"script {script.name!r} of {script.path} sets NODE_ENV=production")
        elif not value.startswith("$"):
            yield fails(script, f"script {script.name!r} sets NODE_ENV={value}; {WHY_NODE_ENV}")


@rule(
    "NW0707",
    "systemd-node-env-not-production",
    on=ProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=CWE_ERROR_MESSAGE_INFO,
)
@evidence_capped
def systemd_node_env_not_production(facts: Facts) -> Iterator[Hit]:
    """A systemd service running Node.js does not set NODE_ENV=production.

    ## What it checks
    `.service` units whose `ExecStart=` runs node, npm, yarn, pnpm or pm2: `Environment=NODE_ENV=...` (or an
    assignment on the ExecStart command line) must be production. A unit that sets it nowhere and loads no
    `EnvironmentFile=` is reported at its ExecStart line. Units named for development are skipped.

    ## Why it matters
    systemd starts services with an almost empty environment: nothing sets NODE_ENV unless the unit does, so Express
    runs in development mode and sends stack traces to clients.

    ## How to fix
    Add `Environment=NODE_ENV=production` to the `[Service]` section.

    ## Example
    ```ini file=api.service
    [Service]
    User=api
    ExecStart=/usr/bin/node /srv/api/server.js
    ```

    ## Use instead
    ```ini file=api.service
    [Service]
    User=api
    Environment=NODE_ENV=production
    ExecStart=/usr/bin/node /srv/api/server.js
    ```

    ## References
    - https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#Environment=
    - https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
    """
    units: list[SystemdUnit] = [u for u in facts.systemd_units if u.has_service_section]
    if not units:
        yield from deployment_absent(facts, "no systemd service unit in the project")
        return
    for unit in units:
        start = unit.exec_start
        if start is None or not runs_node(start.value) or is_development_path(unit.path):
            continue
        if is_dev_command(start.value):
            continue
        inline = inline_node_env(start.value)
        var = unit.env("NODE_ENV")
        if inline is not None:
            var = EnvVar("NODE_ENV", inline, start.path, start.line)
        if var is None:
            if not unit.environment_files:
                yield fails(start, f"{unit.path} starts node without NODE_ENV=production; {WHY_NODE_ENV}")
        elif var.value == PRODUCTION:
            yield holds(var, f"{unit.path} sets NODE_ENV=production")
        else:
            yield fails(var, f"{unit.path} sets NODE_ENV={var.value}; {WHY_NODE_ENV}")


# ---------------------------------------------------------------------------------------------------------------------
# Code rules (NW0720-NW0749): error handlers and responses that send stack traces or internals.
# ---------------------------------------------------------------------------------------------------------------------


@rule(
    "NW0720",
    "error-handler-leaks-details",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=209,
)
@evidence_capped
def error_handler_leaks_details(facts: Facts) -> Iterator[Hit]:
    """An error handler sends the stack trace, the whole error object or the raw error message to the client.

    ## What it checks
    Express error middleware (four parameters: `err, req, res, next`), Fastify `setErrorHandler`, NestJS
    exception filters (`catch(exception, host)`), Koa middleware that catches `await next()` and Hapi
    `onPreResponse` extensions, when the response (`res.json/send/end`, `reply.send`, `ctx.body =`,
    `h.response()`) contains `err.stack`, the error object itself, or
    `err.message` with no check that the error is an expected one (`err.expose`, `err.status < 500`, an
    `instanceof` test, a status switch). Sending details only when `NODE_ENV` is not `production` stays quiet.

    ## Why it matters
    Stack traces give away file paths, library versions and code structure; the messages of unexpected errors
    carry SQL fragments, host names and internal identifiers (a database driver's error names the table and
    constraint). An error object sent as JSON includes every enumerable property, such as `sql` or `config`.

    ## How to fix
    Log the error server-side with a request id; send a generic message and the id for 5xx errors, and the
    message only for errors you created for the client (`http-errors` sets `expose` for 4xx).

    ## Example
    ```js
    app.use((err, req, res, next) => {
      res.status(500).json({ message: err.message, stack: err.stack });
    });
    ```

    ## Use instead
    ```js
    app.use((err, req, res, next) => {
      req.log.error(err);
      res.status(500).json({ error: 'Internal Server Error' });
    });
    ```

    ## References
    - OWASP Error Handling Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html
    - Express, error handling: https://expressjs.com/en/guide/error-handling.html
    - CWE-209: Generation of Error Message Containing Sensitive Information
    """
    js = js_of(facts)
    rank = {"stack": 0, "object": 1, "message": 2}
    handlers = list(error_handlers(js))
    if not handlers:
        yield from _default_handlers_hold(facts.app_model)
    for handler in handlers:
        aliases = error_aliases(handler)
        leaked = False
        sinks = list(response_calls(handler))
        for sink in sinks:
            if guarded_by(sink, handler.node, handler.data, ENV_GUARD):
                continue
            leaks = []
            for kind, node in leaked_values(sink, handler, aliases):
                if guarded_by(node, handler.node, handler.data, ENV_GUARD):
                    continue
                if kind == "message" and guarded_by(node, handler.node, handler.data, EXPECTED_ERROR_GUARD):
                    continue
                leaks.append((rank[kind], kind, node))
            if not leaks:
                continue
            leaked = True
            _, kind, node = min(leaks, key=lambda x: (x[0], x[2].start_byte))
            at = node_location(handler.module.path, node)
            if kind == "stack":
                yield fails(at, "error handler sends the stack trace to the client", severity=Severity.HIGH)
            elif kind == "object":
                yield fails(at, "error handler sends the whole error object to the client")
            else:
                yield fails(at, "error handler sends the message of unexpected errors to the client")
        if sinks and not leaked:
            yield holds(node_location(handler.module.path, handler.node), "error handler sends no error details")


# Frameworks whose own error handler never puts the stack in the response, whatever NODE_ENV says (Fastify and Koa
# answer the status text or the message, NestJS's BaseExceptionFilter "Internal server error", Hapi a Boom payload).
# Express's finalhandler sends the stack unless the app's env is production.
_STACKLESS_DEFAULTS = {"fastify": "Fastify", "koa": "Koa", "nest": "NestJS", "hapi": "Hapi"}


def _default_handlers_hold(model: AppModel) -> Iterator[Hit]:
    """Evidence for apps without an error handler of their own whose framework default sends no stack trace."""
    for app in model.servers:
        label = _STACKLESS_DEFAULTS.get(app.framework)
        if label is not None:
            yield holds(app.location, f"no error handler of its own: {label}'s default sends no stack trace")
            continue
        if app.framework != "express":
            continue
        for call in app.method_calls("set"):
            value = call.arg(1)
            text = value if isinstance(value, str) else value.text if isinstance(value, Unknown) else ""
            if call.arg(0) == "env" and re.search(r"['\"]?production['\"]?\s*$", text):
                # `app.set('env', process.env.NODE_ENV || 'production')` (verdaccio): production unless told not
                yield holds(call, "the app's env defaults to production: Express's error handler sends no stack trace")


@rule(
    "NW0721",
    "errorhandler-without-production-guard",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=209,
)
def errorhandler_without_production_guard(facts: Facts) -> Iterator[Hit]:
    """The `errorhandler` development middleware is registered without a development-only guard.

    ## What it checks
    `app.use(errorhandler())` that is not inside an `if` on `process.env.NODE_ENV` or `app.get('env')`.

    ## Why it matters
    `errorhandler` exists to show full stack traces and error objects as HTML, JSON or text. Its README says it
    is for development only; it does not look at `NODE_ENV` itself, so registered unconditionally it sends stack
    traces to every visitor in production.

    ## How to fix
    Register it only in development: `if (process.env.NODE_ENV === 'development') app.use(errorhandler())`, and
    keep a generic error handler for production.

    ## Example
    ```js
    const errorhandler = require('errorhandler');
    app.use(errorhandler());
    ```

    ## Use instead
    ```js
    const errorhandler = require('errorhandler');
    if (process.env.NODE_ENV === 'development') {
      app.use(errorhandler());
    }
    ```

    ## References
    - errorhandler README: https://github.com/expressjs/errorhandler
    - CWE-209: Generation of Error Message Containing Sensitive Information
    """
    js = js_of(facts)
    for call in js.calls_to("errorhandler"):
        module = js.by_path.get(call.file)
        parsed = tree_of(module) if module is not None else None
        if parsed is None:
            continue
        tree, data = parsed
        node = tree.root_node.descendant_for_byte_range(call.start_byte, call.end_byte)
        if node is not None and guarded_by(node, tree.root_node, data, ENV_GUARD):
            continue
        if node is not None and _in_env_function(node, data):
            continue
        yield fails(call, "errorhandler() registered without a development-only guard: stack traces in production")


def _in_env_function(node: ts.Node, data: bytes) -> bool:
    """Inside a function that is itself only called in development (`function setupDev(app) {...}`)."""
    cur = node.parent
    while cur is not None:
        if cur.type in FUNCTION_BOUNDARY and cur.type != "program":
            name = cur.child_by_field_name("name")
            return bool(name is not None and re.search(r"dev|development|local", node_text(name, data), re.I))
        cur = cur.parent
    return False


# Task runners and build-tool configs run on developers' machines, never as the server (nodebb's Gruntfile.js forks
# the app with NODE_ENV=development for its watch task).
_DEV_TOOL_FILE = re.compile(
    r"^(?:gruntfile|gulpfile)\.|^(?:webpack|rollup|vite|vitest|karma|jest|babel|nodemon)(?:\.[\w-]+)?\.(?:config|conf)\.",
    re.IGNORECASE,
)


@rule(
    "NW0722",
    "hardcoded-development-env",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=489,
)
def hardcoded_development_env(facts: Facts) -> Iterator[Hit]:
    """The environment is hard-coded to something other than production in the code.

    ## What it checks
    `app.set('env', '<literal>')` and `process.env.NODE_ENV = '<literal>'` with a value other than
    `production`.

    ## Why it matters
    Express hands `env` to finalhandler, which sends the full stack trace of every error whenever env is not
    exactly `production`; many libraries switch on verbose errors and off caches the same way. A hard-coded
    `development` wins over the `NODE_ENV=production` the deployment sets.

    ## How to fix
    Remove the assignment and set `NODE_ENV=production` in the deployment (Dockerfile `ENV`, unit file, platform
    settings).

    ## Example
    ```js
    app.set('env', 'development');
    ```

    ## Use instead
    ```js
    app.set('env', process.env.NODE_ENV);
    ```

    ## References
    - Express `env` setting and finalhandler: https://expressjs.com/en/4x/api.html#app.settings.table
    - CWE-489: Active Debug Code
    """
    js = js_of(facts)
    for call in js.method_calls("set"):
        value = arg(js, call, 1)
        if _DEV_TOOL_FILE.search(posixpath.basename(call.file)):
            continue
        if arg(js, call, 0) == "env" and isinstance(value, str) and value not in ("production", "test"):
            yield fails(call, f"app.set('env', {value!r}): stack traces in every error response")
    for module in js.modules:
        if _DEV_TOOL_FILE.search(posixpath.basename(module.path)):
            continue
        for a in module.assignments:
            target = a.target
            if (
                isinstance(target, Ref)
                and target.kind == "global"
                and target.name == "process"
                and target.path == ("env", "NODE_ENV")
                and isinstance(a.value, str)
                and a.value not in ("production", "test")  # test runners' setup files set "test"
            ):
                yield fails(a.location, f"process.env.NODE_ENV hard-coded to {a.value!r}")


@rule(
    "NW0723",
    "response-includes-password-hash",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    cwe=200,
    profile="audit",
)
def response_includes_password_hash(facts: Facts) -> Iterator[Hit]:
    """A response sends a user record that still contains its password hash.

    ## What it checks
    In route handlers, `res.json/send`, `reply.send` or `ctx.body =` of (a) an object literal with a password
    property (`password`, `passwordHash`, `hashedPassword`, `salt`) whose value is not a literal, or (b) a
    variable loaded from a user-like model (`User.findById`, `db.users.findOne`, `Account.findAll`...) in the
    same handler, with no visible exclusion (`.select('-password')`, `attributes: { exclude }`, destructuring the
    password away, `delete user.password`, `toJSON`/`omit`). Audit profile: a model may hide the field itself.

    ## Why it matters
    Password hashes in API responses end up in browser caches, logs and proxies, and give an attacker material for
    offline cracking.

    ## How to fix
    Select only the fields the client needs, exclude the hash in the model (`select: false`, `toJSON`,
    `defaultScope`), or map the record to a response type.

    ## Example
    ```js
    router.get('/me', async (req, res) => {
      const user = await User.findById(req.user.id);
      res.json(user);
    });
    ```

    ## Use instead
    ```js
    router.get('/me', async (req, res) => {
      const user = await User.findById(req.user.id).select('-password');
      res.json(user);
    });
    ```

    ## References
    - OWASP API Security Top 10, API3:2023 Broken Object Property Level Authorization: https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/
    - CWE-200: Exposure of Sensitive Information to an Unauthorized Actor
    """
    js = js_of(facts)
    for value, at in _response_values(js, resolve=True):
        if isinstance(value, Obj):
            for p in value.props:
                if p.key and _is_password_field(p.key) and not isinstance(p.value, str | int | float | bool):
                    yield fails(where(p, at), f"response includes the user's {p.key}")
        elif isinstance(value, Ref) and _is_unfiltered_user_query(js, value):
            yield fails(at, f"response sends a whole user record ({value.qualname}), password hash included")


def _response_values(js: JsProject, resolve: bool) -> list[tuple[Value, Location]]:
    """What handlers send to the client: `res.json/send/jsonp(x)`, `reply.send(x)`, `Response.json(x)` and
    `NextResponse.json(x)` inside a function, and Koa's `ctx.body = x` (`resolve`: project imports followed)."""
    sinks: list[tuple[Value, Location]] = []
    for member in ("json", "send", "jsonp"):
        for call in js.method_calls(member):
            if call.function is not None and call.args:
                value = arg(js, call, 0) if resolve else call.arg(0)
                sinks.append((value, call.arg_locations[0] if call.arg_locations else call.location))
    for package in ("@sveltejs/kit", "@remix-run/node"):  # `return json(data)` of SvelteKit endpoints, Remix loaders
        for call in js.calls_to(package, "json"):
            if call.args:
                value = arg(js, call, 0) if resolve else call.arg(0)
                sinks.append((value, call.arg_locations[0]))
    for module in js.modules:
        for a in module.assignments:
            if a.function is not None and a.target_text.replace(" ", "").endswith("ctx.body"):
                sinks.append((a.value, a.location))
    return sinks


@rule(
    "NW0724",
    "configuration-sent-to-client",
    on=JsProjectTarget(),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=200,
)
def configuration_sent_to_client(facts: Facts) -> Iterator[Hit]:
    """A response sends the whole environment, the whole configuration, or a secret environment variable.

    ## What it checks
    What handlers send (`res.json/send/jsonp`, `reply.send`, `Response.json`, `NextResponse.json`, SvelteKit and
    Remix `json()`, Koa `ctx.body =`, and the locals of `res.render`): `process.env` itself, `JSON.stringify(
    process.env)`, an object holding `process.env` or spreading it, an object with a secret-named variable
    (`process.env.JWT_SECRET`, `DB_PASSWORD`, `STRIPE_SECRET_KEY`, `DATABASE_URL`), dotenv's `config().parsed`, and
    a configuration module sent whole (the `config` package, or a project file named `config`, `settings`,
    `secrets` or `env`, JS or JSON); also the `body` an AWS Lambda `handler` returns. Picking public fields
    (`{ version: process.env.APP_VERSION }`, `config.publicUrl`) stays quiet.

    ## Why it matters
    The environment and the configuration hold the database URL, API keys and signing secrets: one debug route
    that returns them gives an attacker every credential of the service.

    ## How to fix
    Send an explicit object of the public values the client needs, and remove debug routes that dump settings.

    ## Example
    ```js
    app.get('/debug/env', (req, res) => res.json(process.env));
    ```

    ## Use instead
    ```js
    app.get('/api/settings', (req, res) => res.json({ version: process.env.APP_VERSION }));
    ```

    ## References
    - OWASP Top 10 A05:2021 Security Misconfiguration: https://owasp.org/Top10/A05_2021-Security_Misconfiguration/
    - CWE-200: Exposure of Sensitive Information to an Unauthorized Actor
    """
    js = js_of(facts)
    sinks = _response_values(js, resolve=False)
    for call in js.method_calls("render"):
        if call.function is not None and len(call.args) > 1:
            sinks.append((call.arg(1), call.arg_locations[1]))
    for module in js.modules:  # `exports.handler = async (event) => ({ statusCode: 200, body: ... })` (Lambda)
        handler = module.exports.get("handler")
        returned = module.returns.get(handler.start_byte) if isinstance(handler, Func) else None
        body = returned.prop("body") if isinstance(returned, Obj) and isinstance(handler, Func) else None
        if body is not None and isinstance(handler, Func):
            sinks.append((body.value, where(body, handler.location)))
    seen: set[tuple[str, int]] = set()
    for value, at in sinks:
        what = _exposed(facts, js, value, 0)
        if what and (at.path, at.line) not in seen:
            seen.add((at.path, at.line))
            yield fails(at, f"the response sends {what}")


_CONFIG_FILE = re.compile(
    r"(?:^|/)(?:config|configuration|settings|secrets|env)(?:/(?:index|config|default))?\.(?:[cm]?[jt]s|json)$", re.I
)


def _is_env(value: Value) -> bool:
    return isinstance(value, Ref) and value.kind == "global" and value.name == "process" and value.path == ("env",)


def _exposed(facts: Facts, js: JsProject, value: Value, depth: int) -> str | None:
    """What secret-bearing whole a sent value is (None when it is not one)."""
    if _is_env(value):
        return "the whole process.env"
    if isinstance(value, Ref) and value.kind == "global" and value.name == "JSON" and value.origin is not None:
        made = js.call_at(value.origin)
        if value.path == ("stringify", CALL) and made is not None and made.args and depth < 3:
            return _exposed(facts, js, made.args[0], depth + 1)
    if isinstance(value, Ref) and value.kind == "module" and value.path in ((), ("default",)):
        name = value.name
        if name == "config" or (name.startswith("file:") and _CONFIG_FILE.search(name[5:])):
            return f"the whole configuration ({name.removeprefix('file:')})"
    if isinstance(value, Ref) and value.kind == "module" and value.name == "dotenv" and value.path[-1:] == ("parsed",):
        return "every variable dotenv read from .env (`dotenv.config().parsed`)"
    if isinstance(value, Ref) and value.kind == "global" and value.name == "process" and len(value.path) == 2:
        name = value.path[1]
        if value.path[0] == "env" and _secret_setting(name):
            return f"the secret setting process.env.{name}"
    if isinstance(value, Obj) and depth < 3:
        if value.open and value.location is not None and "...process.env" in _source_of(facts, value).replace(" ", ""):
            return "a copy of process.env"
        for p in value.props:
            found = _exposed(facts, js, p.value, depth + 1)
            if found:
                return found
    return None


def _secret_setting(name: str) -> bool:
    parts = words(name)
    url = "url" in parts or "uri" in parts
    return is_secret_name(name) or is_password_name(name) or (url and bool(_STORE_WORDS & set(parts)))


_STORE_WORDS = frozenset({"database", "db", "mongo", "mongodb", "postgres", "pg", "mysql", "redis", "amqp", "rabbitmq"})


def _source_of(facts: Facts, value: Obj) -> str:
    at = value.location
    if at is None or at.end_line is None or at.end_line - at.line > 30:
        return ""
    if facts.project is None:
        return ""
    try:
        lines = facts.project.lines(at.path)
    except (OSError, ValueError):
        return ""
    return "\n".join(lines[at.line - 1 : at.end_line])


_PASSWORD_FIELDS = frozenset({"password", "passwordhash", "password_hash", "hashedpassword", "hashed_password", "salt"})
_QUERY_METHODS = frozenset(
    {
        "findById",
        "findOne",
        "findAll",
        "find",
        "findByPk",
        "findUnique",
        "findFirst",
        "findMany",
        "findOneBy",
        "findBy",
        "findOneOrFail",
        "findUniqueOrThrow",
        "findFirstOrThrow",
    }
)
_USER_WORDS = frozenset({"user", "users", "account", "accounts", "member", "members", "admin", "admins", "customer"})
_FILTER_OPTIONS = frozenset({"select", "attributes", "projection", "omit", "exclude", "fields"})


def _is_password_field(key: str) -> bool:
    return key.lower() in _PASSWORD_FIELDS


def _is_unfiltered_user_query(js: JsProject, value: Ref) -> bool:
    """`User.findById(id)` (the last call of the chain is the query) on a user-like model, with no field filter."""
    path = value.path
    if len(path) < 2 or path[-1] != CALL or path[-2] not in _QUERY_METHODS:
        return False
    model_parts = [value.name.rsplit("/", 1)[-1], *path[:-2]]
    if not any(w in _USER_WORDS for part in model_parts for w in words(part)):
        return False
    query = js.call_at(value.origin)
    if query is not None:
        for argument in query.args:
            if isinstance(argument, Obj) and (set(argument.keys()) & _FILTER_OPTIONS or argument.open):
                return False
            if isinstance(argument, str) and "password" in argument:  # Mongoose: findById(id, '-password')
                return False
    return True


# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0750-NW0799): stack traces, framework fingerprints and exposed endpoints in live responses.
# ---------------------------------------------------------------------------------------------------------------------

LIVE_SEVERITY_BY_LABEL = {"high": Severity.HIGH, "medium": Severity.MEDIUM, "low": Severity.LOW}
LIVE_SERVER_VERSION = re.compile(r"(?<![\d.])\d+\.\d")


def _live_stack_hit(exchange: Exchange, what: str) -> Hit | None:
    trace = find_stack_trace(exchange)
    if trace is None:
        return None
    return fails_at(
        exchange,
        f"{what} answered {exchange.status} with a stack trace: {trace.headline or trace.frame}",
        snippet=(trace.headline + " " + trace.frame).strip(),
        data={"frames": trace.frames},
    )


@rule("NW0750", "live-stack-trace-on-malformed-json", on=ProbeTarget(), severity=Severity.HIGH, cwe=209)
def live_stack_trace_on_malformed_json(record: ProbeRecord) -> Iterator[Hit]:
    """A malformed JSON body makes the app answer with a stack trace (Express not in production mode).

    ## What it checks
    `POST` of the 5 bytes `{"a":` with `Content-Type: application/json` to the base page (and to the first
    `--path`). A global `express.json()` parses before routing, so no route is needed. A stack-trace signature in
    the answer (V8 frames, `at JSON.parse (<anonymous>)`, `node_modules` paths, after undoing finalhandler's HTML
    escaping) fails. A `400` with a generic message passes; a `404`/`405` proves nothing.

    ## Why it matters
    Express shows `err.stack` whenever `NODE_ENV` is not exactly `production`: file paths, library versions and
    code structure go to anyone who sends a broken body.

    ## How to fix
    Run with `NODE_ENV=production` and add an error handler that answers with a generic message.

    ## Example
    ```http
    HTTP/1.1 400 Bad Request
    Content-Type: text/html; charset=utf-8

    <pre>SyntaxError: Unexpected end of JSON input<br> &nbsp; &nbsp;at JSON.parse (&lt;anonymous&gt;)...
    ```

    ## Use instead
    ```http
    HTTP/1.1 400 Bad Request
    Content-Type: application/json; charset=utf-8

    {"error":"Bad Request"}
    ```

    ## References
    - https://expressjs.com/en/guide/error-handling.html
    - https://cwe.mitre.org/data/definitions/209.html
    """
    for exchange in [record.step("err-json"), *record.steps("err-json:")]:
        if exchange is None or not exchange.ok:
            continue
        hit = _live_stack_hit(exchange, f"malformed JSON to {exchange.path}")
        if hit is not None:
            yield hit
        elif exchange.status == 400:
            yield holds(exchange, f"malformed JSON to {exchange.path} gets a 400 without a stack trace")


@rule("NW0751", "live-stack-trace-in-error-response", on=ProbeTarget(), severity=Severity.HIGH, cwe=209)
def live_stack_trace_in_error_response(record: ProbeRecord) -> Iterator[Hit]:
    """An error response other than the malformed-JSON one carries a stack trace.

    ## What it checks
    Every other error response the probe received: the unsupported-charset trigger (`Content-Type:
    application/json; charset=foo`, body-parser's 415), the oversized body (413), the 404 page and the exposed
    endpoint probes. Each one with a stack-trace signature is a finding.

    ## Why it matters
    As for NW0750: each stack trace discloses paths, versions and code structure, and shows the app runs in
    development mode.

    ## How to fix
    `NODE_ENV=production`, and a final error handler that logs the error and answers with a generic message.

    ## Example
    ```http
    HTTP/1.1 415 Unsupported Media Type

    <pre>UnsupportedMediaTypeError: unsupported charset &quot;FOO&quot;<br> &nbsp; &nbsp;at read (/app/...
    ```

    ## Use instead
    ```http
    HTTP/1.1 415 Unsupported Media Type

    <pre>Unsupported Media Type</pre>
    ```

    ## References
    - https://github.com/pillarjs/finalhandler#env
    """
    for exchange in record.exchanges:
        if exchange.step == "err-json" or exchange.step.startswith("err-json:"):
            continue
        if not exchange.ok or (exchange.status or 0) < 400:
            continue
        hit = _live_stack_hit(exchange, f"{exchange.method} {exchange.path}")
        if hit is not None:
            yield hit


@rule("NW0752", "live-framework-advertised-in-headers", on=ProbeTarget(), severity=Severity.LOW, cwe=200)
def live_framework_advertised_in_headers(record: ProbeRecord) -> Iterator[Hit]:
    """Responses advertise the framework (`X-Powered-By`) or the server's version (`Server`).

    ## What it checks
    `X-Powered-By` on the base page, the 404 and the malformed-JSON answer (Express sends `X-Powered-By:
    Express` unless disabled), and a `Server` header that carries a version number.

    ## Why it matters
    Free reconnaissance: the attacker learns which exploits and default configurations to try.

    ## How to fix
    `app.disable('x-powered-by')` (or `helmet()`), and strip versions from `Server` at the proxy.

    ## Example
    ```http
    HTTP/1.1 200 OK
    X-Powered-By: Express
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    ```

    ## References
    - https://expressjs.com/en/advanced/best-practice-security.html#reduce-fingerprinting
    """
    seen: set[str] = set()
    checked = [e for e in (record.page, record.step("not-found"), record.step("err-json")) if e is not None and e.ok]
    for exchange in checked:
        for name in ("x-powered-by", "server"):
            value = exchange.header(name)
            if value is None or (name == "server" and not LIVE_SERVER_VERSION.search(value)):
                continue
            key = f"{name}: {value}"
            if key in seen:
                continue
            seen.add(key)
            label = "X-Powered-By" if name == "x-powered-by" else "Server"
            yield fails_at(exchange, f"{label}: {value} advertises the software stack", snippet=f"{label}: {value}")
    if checked and not seen:
        yield holds(checked[0], "no X-Powered-By, no versioned Server header")


@rule("NW0753", "live-default-error-page", on=ProbeTarget(), severity=Severity.LOW, cwe=200)
def live_default_error_page(record: ProbeRecord) -> Iterator[Hit]:
    """Errors are answered by the framework's default error page: no custom error handler.

    ## What it checks
    The 404 page and the malformed-JSON answer: Express's finalhandler template (`<title>Error</title>` …
    `<pre>Cannot GET /x</pre>`, or `<pre>Bad Request</pre>` in production) fails as low. It is a framework
    fingerprint even in production, and a sign that errors are not handled by the app. Answers of `429` (the
    app's rate limiter answering first) are left out: they say nothing about the error handler.

    ## Why it matters
    The default page names the framework, and an app without its own error handler usually also leaks stack
    traces the day `NODE_ENV` is wrong.

    ## How to fix
    Add a catch-all 404 handler and a four-argument error handler that answer in the app's own format.

    ## Example
    ```http
    HTTP/1.1 404 Not Found

    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head>
    <body><pre>Cannot GET /nodeward-probe-1a2b</pre></body></html>
    ```

    ## Use instead
    ```http
    HTTP/1.1 404 Not Found
    Content-Type: application/json; charset=utf-8

    {"error":"Not Found"}
    ```

    ## References
    - https://expressjs.com/en/starter/faq.html#how-do-i-handle-404-responses
    """
    # a 429 is the app's rate limiter answering, not its error handler: those answers judge nothing here
    steps = (record.step("not-found"), record.step("err-json"))
    checked = [e for e in steps if e is not None and e.ok and not rate_limited(e)]
    pages = [(e, framework_error_page(e)) for e in checked]
    found = [(e, what) for e, what in pages if what]
    if found:
        exchange, what = found[0]
        also = f" (also on {', '.join(e.method + ' ' + e.path for e, _ in found[1:])})" if len(found) > 1 else ""
        yield fails_at(exchange, f"{exchange.status} answered by the {what}{also}", snippet=what)
    elif checked:
        yield holds(checked[0], "error responses come from the app's own handler")


@rule("NW0754", "live-exposed-endpoint", on=ProbeTarget(), severity=Severity.MEDIUM, cwe=200)
def live_exposed_endpoint(record: ProbeRecord) -> Iterator[Hit]:
    """A debug, metrics or source-file endpoint is publicly reachable.

    ## What it checks
    One request each to `/metrics`, `/status`, `/api-docs`, `/swagger.json`, `/documentation/json`, `/.env`,
    `/.git/config`, `/package.json`, `/graphql` (introspection), `/debug` and `/__coverage__`. A finding needs the
    content signature (Prometheus `# HELP`, `<title>Express Status</title>`, `KEY=value` lines, `[core]`,
    `"dependencies"`, `"openapi"`, `__schema`...), never status 200 alone, and is dropped when the soft-404
    baseline page matches too. High for `.env` and `.git`, medium for metrics, status, package.json and
    introspection, low for API docs.

    ## Why it matters
    These pages hand out secrets, internal topology, dependency versions or the full API schema.

    ## How to fix
    Serve only a dedicated `public/` folder, and put metrics, status and docs behind authentication or on an
    internal port.

    ## Example
    ```http
    GET /metrics HTTP/1.1

    HTTP/1.1 200 OK
    Content-Type: text/plain; version=0.0.4

    # HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.
    ```

    ## Use instead
    ```http
    GET /metrics HTTP/1.1

    HTTP/1.1 404 Not Found
    ```

    ## References
    - https://owasp.org/www-project-top-ten/2017/A6_2017-Security_Misconfiguration
    """
    baseline = record.step("not-found")
    for endpoint in EXPOSED_ENDPOINTS:
        exchange = record.step(f"exposed:{endpoint.path}")
        if exchange is None or not exchange.ok or exchange.status is None or exchange.status >= 400:
            continue
        if not endpoint.matches(exchange):  # type: ignore[operator]
            continue
        if baseline is not None and baseline.ok and baseline.status == 200 and endpoint.matches(baseline):  # type: ignore[operator]
            continue  # a soft-404 page that happens to match everything proves nothing
        yield fails_at(
            exchange,
            f"{endpoint.path} exposes {endpoint.what}",
            severity=LIVE_SEVERITY_BY_LABEL[endpoint.severity],
            snippet=exchange.text.strip().splitlines()[0][:120] if exchange.text.strip() else "",
        )
