"""Monitoring stacks (APM, error tracking, metrics) and logging libraries: the packages that show a stack is wanted
and the calls or imports that start it. Read by practice 8 (NW0801 wanted, NW0802 started or logging).

To add a stack or a package: add it to a `Stack` row with the `Init` that starts it (read from the package's README
or entry point), and a line in a tests/fixtures/rules/NW08* fixture that starts it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Init:
    """How a stack is started. how: "call" (calls_to module.member), "member" (any call on something derived from
    the module whose last member is `member`, e.g. `setup(...).start()`), "import" (importing the module starts it,
    e.g. `require('newrelic')`)."""

    how: str
    module: str
    member: str | None = None


@dataclass(frozen=True)
class Stack:
    label: str
    packages: tuple[str, ...]  # dependency names that show the stack is wanted; "x/*" = any package under scope x
    inits: tuple[Init, ...]

    def wants(self, name: str) -> bool:
        """A dependency name that shows the stack is wanted."""
        return any(name == p or (p.endswith("/*") and name.startswith(p[:-1])) for p in self.packages)


_SENTRY = ("@sentry/node", "@sentry/nestjs", "@sentry/nextjs", "@sentry/remix", "@sentry/aws-serverless")
_SENTRY_MORE = ("@sentry/google-cloud-serverless", "@sentry/bun", "@sentry/serverless")
STACKS: tuple[Stack, ...] = (
    Stack(
        "Sentry",
        (*_SENTRY, *_SENTRY_MORE, "raven"),
        (
            *(Init("call", m, "init") for m in (*_SENTRY, *_SENTRY_MORE)),
            *(Init("import", f"{m}/preload") for m in _SENTRY),
            Init("member", "raven", "install"),
        ),
    ),
    Stack(
        "OpenTelemetry",
        (
            "@opentelemetry/sdk-node",
            "@opentelemetry/sdk-trace-node",
            "@opentelemetry/sdk-trace-base",
            "@opentelemetry/sdk-metrics",
            "@opentelemetry/auto-instrumentations-node",
            "@opentelemetry/instrumentation",
            "@google-cloud/opentelemetry-cloud-trace-exporter",
            "@google-cloud/opentelemetry-cloud-monitoring-exporter",
            "@vercel/otel",
            "@honeycombio/opentelemetry-node",
        ),
        (
            Init("member", "@opentelemetry/sdk-node", "start"),
            Init("member", "@opentelemetry/sdk-trace-node", "register"),
            Init("member", "@opentelemetry/sdk-trace-base", "register"),
            Init("call", "@opentelemetry/sdk-metrics", "MeterProvider"),
            Init("call", "@opentelemetry/instrumentation", "registerInstrumentations"),
            Init("import", "@opentelemetry/auto-instrumentations-node/register"),
            Init("call", "@vercel/otel", "registerOTel"),
            Init("member", "@honeycombio/opentelemetry-node", "start"),
        ),
    ),
    Stack(
        "Prometheus metrics",
        ("prom-client", "express-prom-bundle", "prometheus-api-metrics", "express-prometheus-middleware"),
        (
            Init("call", "prom-client", "collectDefaultMetrics"),
            *(Init("call", "prom-client", k) for k in ("Counter", "Gauge", "Histogram", "Summary", "Registry")),
            Init("member", "prom-client", "metrics"),
            Init("call", "express-prom-bundle"),
            Init("call", "prometheus-api-metrics"),
            Init("call", "express-prometheus-middleware"),
        ),
    ),
    Stack("New Relic", ("newrelic",), (Init("import", "newrelic"),)),
    Stack(
        "Datadog APM",
        ("dd-trace",),
        (Init("call", "dd-trace", "init"), Init("import", "dd-trace/init")),
    ),
    Stack(
        "Elastic APM",
        ("elastic-apm-node",),
        (Init("call", "elastic-apm-node", "start"), Init("import", "elastic-apm-node/start")),
    ),
    Stack(
        "Azure Application Insights",
        ("applicationinsights", "@azure/monitor-opentelemetry"),
        (
            Init("member", "applicationinsights", "start"),
            Init("call", "@azure/monitor-opentelemetry", "useAzureMonitor"),
        ),
    ),
    Stack(
        "Google Cloud operations",
        ("@google-cloud/trace-agent", "@google-cloud/profiler", "@google-cloud/error-reporting"),
        (
            Init("call", "@google-cloud/trace-agent", "start"),
            Init("call", "@google-cloud/profiler", "start"),
            Init("call", "@google-cloud/error-reporting", "ErrorReporting"),
        ),
    ),
    Stack(
        "Bugsnag",
        ("@bugsnag/js", "@bugsnag/node"),
        (Init("member", "@bugsnag/js", "start"), Init("member", "@bugsnag/node", "start")),
    ),
    Stack("Rollbar", ("rollbar",), (Init("call", "rollbar"), Init("call", "rollbar", "init"))),
    Stack("Honeybadger", ("@honeybadger-io/js",), (Init("call", "@honeybadger-io/js", "configure"),)),
    Stack("AppSignal", ("@appsignal/nodejs",), (Init("call", "@appsignal/nodejs", "Appsignal"),)),
)


# Logging libraries that write levelled, timestamped records (checked against the installed packages: pino 9
# `pino()` / `pino.pino()`, pino-http `pinoHttp()`, winston 3 `createLogger` / `add` / `configure` (2.x `new
# winston.Logger`), express-winston `logger` / `errorLogger`, bunyan `createLogger`, log4js `configure`,
# @verdaccio/logger `setup` (pino underneath)).
LOGGERS: tuple[Stack, ...] = (
    Stack("pino", ("pino",), (Init("call", "pino"), Init("call", "pino", "pino"), Init("call", "pino", "default"))),
    Stack(
        "pino-http",
        ("pino-http",),
        (Init("call", "pino-http"), Init("call", "pino-http", "pinoHttp"), Init("call", "pino-http", "default")),
    ),
    Stack(
        "winston",
        ("winston",),
        tuple(Init("call", "winston", m) for m in ("createLogger", "Logger", "add", "configure")),
    ),
    Stack(
        "express-winston",
        ("express-winston",),
        tuple(Init("call", "express-winston", m) for m in ("logger", "errorLogger")),
    ),
    Stack("bunyan", ("bunyan",), (Init("call", "bunyan", "createLogger"),)),
    Stack("log4js", ("log4js",), (Init("call", "log4js", "configure"),)),
    Stack("@verdaccio/logger (pino)", ("@verdaccio/logger",), (Init("call", "@verdaccio/logger", "setup"),)),
)
