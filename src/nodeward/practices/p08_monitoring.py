"""Practice 8: monitoring (NW08nn).

What the practice asks, as nodeward judges it: the team can see what its app does in production. It holds when an
APM, error-tracking or metrics stack is initialised, or when a logging library writes levelled, timestamped records
a log collector can ship (pino, winston, bunyan, log4js and their HTTP middlewares, Fastify's built-in pino
logger). `console.log` or `debug` output alone fails: nothing records it with a level and a time, nothing ships it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from nodeward.collect.manifests import Dependency, all_dependencies, is_web_app, root_package
from nodeward.facts import Facts
from nodeward.findings import Confidence, Location, Severity
from nodeward.js.values import UNDEFINED, Obj
from nodeward.knowledge.monitoring import LOGGERS, STACKS, Stack
from nodeward.practices._evidence import capped
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.js_project_target import arg
from nodeward.rules.targets import ProjectTarget

# fastify-cli's `fastify start` logs with pino at level `fatal` unless -l/--log-level (or a logging module) says more.
_FASTIFY_START_LOG = re.compile(r"\bfastify\s+start\b.*?(?:(?:-l|--log-level)[\s=]+[\"']?(\w+)|(--logging-module))")
_QUIET_LEVELS = ("fatal", "silent")
# `node -r newrelic`, `--require dd-trace/init`, `--import @sentry/node/preload`, also inside NODE_OPTIONS.
_PRELOAD = re.compile(
    r"""(?:^|[\s"'=])(?:-r|--require|--import|--loader|--experimental-loader)[\s=]+["']?(@?[\w.\-/]+)"""
)


@dataclass(frozen=True)
class Started:
    """Evidence that a stack is initialised."""

    stack: Stack
    location: Location
    how: str


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:28] + "…" + text[-28:]


@lru_cache(maxsize=2)  # NW0801 and NW0802 ask for the same run's facts
def started_stacks(facts: Facts) -> tuple[Started, ...]:
    """Every place a monitoring stack is initialised: JS calls and imports, and preload flags in start commands."""
    out: list[Started] = []
    js = facts.js
    for stack in STACKS:
        for init in stack.inits:
            if init.how == "call":
                for call in js.calls_to(init.module, init.member):
                    out.append(Started(stack, call.location, _short(f"{call.callee_text}(...)")))
            elif init.how == "member":
                for call in js.calls_under(init.module):
                    path = getattr(call.callee, "path", ())
                    if path and path[-1] == init.member:
                        out.append(Started(stack, call.location, _short(f"{call.callee_text}()")))
            elif init.how == "import":
                for module in js.importers_of(init.module):
                    for imp in module.imports:
                        if imp.module == init.module:
                            out.append(Started(stack, imp.location, f"import of {init.module}"))
    for location, preloaded in _preloads(facts):
        for stack in STACKS:
            if any(preloaded == i.module or preloaded.startswith(i.module + "/") for i in stack.inits) or stack.wants(
                preloaded
            ):
                out.append(Started(stack, location, f"preloaded with {preloaded}"))
    out.sort(key=lambda s: (s.location.path, s.location.line))
    return tuple(out)


@lru_cache(maxsize=2)
def started_loggers(facts: Facts) -> tuple[Started, ...]:
    """Where a logging library that writes levelled, timestamped records is set up (see LOGGERS), Fastify apps
    created with a `logger` option, and `fastify start` scripts that log above `fatal`."""
    out: list[Started] = []
    js = facts.collected("js")
    for stack in LOGGERS:
        for init in stack.inits:
            for call in js.calls_to(init.module, init.member):
                out.append(Started(stack, call.location, _short(f"{call.callee_text}(...)")))
    fastify = Stack("Fastify's pino logger", ("fastify",), ())
    for member in ((), ("fastify",), ("default",)):
        for call in js.calls_to("fastify", member):
            options = arg(js, call, 0)
            logger = options.get("logger") if isinstance(options, Obj) else None
            if logger is not None and logger is not False and logger is not UNDEFINED:
                out.append(Started(fastify, call.location, "created with a `logger` option"))
    for pkg in facts.collected("package-json"):
        for script in pkg.scripts:
            m = _FASTIFY_START_LOG.search(script.command)
            if m and (m.group(2) or (m.group(1) or "").lower() not in _QUIET_LEVELS):
                out.append(Started(fastify, script.location, _short(f"script `{script.name}`: {script.command}")))
    out.sort(key=lambda s: (s.location.path, s.location.line))
    return tuple(out)


def _preloads(facts: Facts) -> Iterator[tuple[Location, str]]:
    for pkg in facts.package_jsons:
        for script in pkg.scripts:
            for m in _PRELOAD.finditer(script.command):
                yield script.location, m.group(1)
    project = facts.project
    if project is None:
        return
    # Dockerfile CMD/ENV NODE_OPTIONS, Procfile, compose/Kubernetes YAML, .env files.
    for source in project.of_kind("dockerfile", "procfile", "yaml", "config"):
        for number, line in enumerate(project.lines(source.path), 1):
            if "-r" in line or "--require" in line or "--import" in line or "loader" in line:
                for m in _PRELOAD.finditer(line):
                    yield Location(source.path, number), m.group(1)


def _wanted(facts: Facts) -> list[tuple[Stack, Dependency]]:
    deps = all_dependencies(facts)
    out = []
    for stack in STACKS:
        found = [d for name, d in deps.items() if stack.wants(name)]
        if found:
            out.append((stack, min(found, key=lambda d: (d.path.count("/"), d.path, d.line))))
    return out


@rule(
    "NW0801",
    "monitoring-dependency-not-initialised",
    on=ProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=778,
)
def monitoring_dependency_not_initialised(facts: Facts) -> Iterator[Hit]:
    """A monitoring package is a dependency but nothing initialises it.

    ## What it checks
    For each APM, error-tracking or metrics stack listed in a package.json (Sentry, OpenTelemetry, prom-client,
    express-prom-bundle, New Relic, dd-trace, Elastic APM, Application Insights, Google Cloud trace/profiler/error
    reporting, Bugsnag, Rollbar, Honeybadger, AppSignal), whether any JS/TS file calls its init function
    (`Sentry.init`, `sdk.start()`, `collectDefaultMetrics`, `tracer.init()`, `apm.start()`, `setup().start()`...),
    imports its self-starting entry point (`newrelic`, `dd-trace/init`), or a start command preloads it
    (`node -r newrelic`, `--import @sentry/node/preload`, also in NODE_OPTIONS). The finding points at the
    dependency in package.json.

    ## Why it matters
    A monitoring SDK that is installed but never started records nothing: errors, attacks and outages go unseen
    while the team believes they are watched.

    ## How to fix
    Initialise the SDK as early as possible in the process (first import of the entry point, or a `--require` /
    `--import` preload), or remove the unused dependency.

    ## Example
    ```json
    {"name": "shop", "dependencies": {"express": "^4.21.0", "@sentry/node": "^8.40.0"}}
    ```
    ```js
    const Sentry = require('@sentry/node');
    const express = require('express');
    const app = express();
    app.listen(3000);
    ```

    ## Use instead
    ```json
    {"name": "shop", "dependencies": {"express": "^4.21.0", "@sentry/node": "^8.40.0"}}
    ```
    ```js
    const Sentry = require('@sentry/node');
    Sentry.init({ dsn: process.env.SENTRY_DSN });
    const express = require('express');
    const app = express();
    app.listen(3000);
    ```

    ## References
    - OWASP Top 10 A09:2021 Security Logging and Monitoring Failures
    - https://docs.sentry.io/platforms/javascript/guides/node/
    - https://opentelemetry.io/docs/languages/js/getting-started/nodejs/
    """
    if root_package(facts) is None:
        yield not_applicable("no package.json: not a Node.js project")
        return
    started = {s.stack.label for s in started_stacks(facts)}
    for stack, dep in _wanted(facts):
        if stack.label not in started:
            yield fails(
                dep,
                f"{dep.name} ({stack.label}) is a dependency but nothing initialises it",
                data={"stack": stack.label, "package": dep.name},
            )


@rule("NW0802", "no-monitoring", on=ProjectTarget(), severity=Severity.LOW, confidence=Confidence.MEDIUM, cwe=778)
def no_monitoring(facts: Facts) -> Iterator[Hit]:
    """Nothing records what the app does in production: no APM, error tracker, metrics or logging library.

    ## What it checks
    Practice 8 holds when the team can see production. nodeward counts two kinds of evidence, each reported with
    its file and line:
    - an APM, error-tracking or metrics stack that is initialised (see NW0801 for the list and how
      initialisation is recognised);
    - a logging library that writes levelled, timestamped records a log collector can ship: `pino()`, pino-http,
      winston `createLogger` (or `add`/`configure`), express-winston `logger`/`errorLogger`, bunyan
      `createLogger`, log4js `configure`, @verdaccio/logger `setup`, Fastify created with a `logger` option, or
      a `fastify start` script with `-l`/`--log-level` above `fatal`.

    When there is neither, and no monitoring package is even a dependency, the package.json of a server
    application (a web framework among its dependencies, or `http.createServer`) gets a low-severity finding:
    `console.log` and `debug` output has no level or time a collector can rely on. Libraries and CLIs are not
    applicable.

    ## Why it matters
    Without error tracking, metrics or searchable logs, an attack in progress (credential stuffing, scraping,
    injection attempts producing errors) and the outages it causes are only noticed by users.

    ## How to fix
    Add an error tracker or APM (for example Sentry, OpenTelemetry with an exporter, Datadog, New Relic, Elastic
    APM), Prometheus metrics (prom-client, express-prom-bundle), or at least a logging library writing JSON
    records (pino, winston) for requests and errors, shipped by the platform's log collector.

    ## Example
    ```json
    {"name": "shop", "dependencies": {"express": "^4.21.0"}}
    ```
    ```js
    const express = require('express');
    const app = express();
    app.use((req, res, next) => { console.log(req.method, req.url); next(); });
    app.listen(3000);
    ```

    ## Use instead
    ```json
    {"name": "shop", "dependencies": {"express": "^4.21.0", "pino-http": "^10.3.0"}}
    ```
    ```js
    const pinoHttp = require('pino-http');
    const express = require('express');
    const app = express();
    app.use(pinoHttp());
    app.listen(3000);
    ```

    ## References
    - OWASP Top 10 A09:2021 Security Logging and Monitoring Failures
    - OWASP Logging Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html
    - https://github.com/siimon/prom-client
    - https://getpino.io/
    """
    pkg = root_package(facts)
    if pkg is None:
        yield not_applicable("no package.json: not a Node.js project")
        return
    started = started_stacks(facts)
    logged = started_loggers(facts)
    yield from capped(holds(s.location, f"{s.stack.label} initialised ({s.how})") for s in started)
    yield from capped(holds(s.location, f"levelled, timestamped logs with {s.stack.label} ({s.how})") for s in logged)
    if started or logged:
        return
    if _wanted(facts):
        return  # NW0801 reports the installed-but-idle stack at its dependency line
    if not is_web_app(facts):
        yield not_applicable("no server application (no web framework, no createServer): nothing to monitor")
        return
    yield fails(pkg.location, "no APM, error tracker, metrics or logging library records what the app does")
