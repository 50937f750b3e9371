"""Content signatures the probe recognises: stack traces, framework error pages, exposed endpoints (spec §3.3, §3.6)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from nodeward.probe.exchange import Exchange

# `[ \t]*`, not `\s*`: under MULTILINE `\s*` spans newlines, and a 500 page of newlines took 15 minutes.
# A V8 stack frame, e.g. "    at parse (/app/node_modules/body-parser/lib/types/json.js:93:21)" (spec §3.3).
V8_FRAME = re.compile(
    r"^[ \t]*at (?:[^\s()]+(?: \[as [^\]]+\])? )?\(?(?:/|[A-Za-z]:\\|file://|node:)[^()\s]+:\d+:\d+\)?$", re.MULTILINE
)
STACK_MARKERS = ("at JSON.parse (<anonymous>)", "node:internal/", "/node_modules/")
ERROR_HEADLINE = re.compile(r"\b([A-Z][A-Za-z]*Error): ([^\n<]{1,200})")


def finalhandler_pre(text: str) -> str | None:
    """The <pre> of finalhandler's template (`<title>Error</title>...<pre>X</pre>`), by string search: the lazy
    DOTALL pattern rescanned the body from every `<title>Error</title>` of a hostile page."""
    title = text.find("<title>Error</title>")
    start = text.find("<pre>", title) if title >= 0 else -1
    end = text.find("</pre>", start) if start >= 0 else -1
    return text[start + 5 : end] if end >= 0 else None


EXPRESS_404 = re.compile(r"Cannot (?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) /")


def unescape_error_body(text: str) -> str:
    """Undo finalhandler's escaping: `<br>` back to newlines, `&nbsp;`/`&lt;`... to characters (spec §3.3)."""
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    return html.unescape(text).replace("\xa0", " ")


@dataclass(frozen=True)
class StackTrace:
    headline: str  # e.g. "SyntaxError: Unexpected end of JSON input"
    frame: str  # the first frame, e.g. "at JSON.parse (<anonymous>)"
    frames: int


def find_stack_trace(exchange: Exchange) -> StackTrace | None:
    """A server-side stack trace in a response body (HTML, text or a JSON "stack" property)."""
    text = unescape_error_body(exchange.text)
    candidates = [text]
    if exchange.media_type.endswith("json"):
        try:
            data = json.loads(exchange.text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            error = data.get("error")
            nested = error if isinstance(error, dict) else {}
            for source in (data, nested):
                for key in ("stack", "trace", "stacktrace"):
                    value = source.get(key)
                    if isinstance(value, str):
                        candidates.append(value)
    for candidate in candidates:
        frames = V8_FRAME.findall(candidate)
        markers = [m for m in STACK_MARKERS if m in candidate]
        if frames or STACK_MARKERS[0] in candidate:
            headline = ERROR_HEADLINE.search(candidate)
            first = frames[0].strip() if frames else markers[0]
            return StackTrace(headline.group(0).strip() if headline else "", first, len(frames))
    return None


def framework_error_page(exchange: Exchange) -> str | None:
    """What gives the framework away in a default error page: finalhandler's template or `Cannot GET /x`."""
    text = exchange.text
    pre = finalhandler_pre(text)
    if pre is not None and exchange.media_type == "text/html":
        shown = unescape_error_body(pre).strip().splitlines()[0][:120] if pre.strip() else ""
        return f"Express/finalhandler default error page (<pre>{shown}</pre>)"
    if EXPRESS_404.search(text) and len(text) < 2048:
        return "Express default 404 text (`Cannot GET /…`)"
    return None


# Exposed endpoints: path → (what, severity label, signature test). FAIL needs the signature, never status 200 alone.
def _prometheus(ex: Exchange) -> bool:
    return re.search(r"^# (?:HELP|TYPE) \S+", ex.text, re.MULTILINE) is not None


def _status_monitor(ex: Exchange) -> bool:
    return "<title>Express Status</title>" in ex.text or ("socket.io" in ex.text and "status" in ex.text.lower())


def _dotenv(ex: Exchange) -> bool:
    if ex.media_type == "text/html":
        return False
    return len(re.findall(r"^[A-Z_][A-Z0-9_]*=", ex.text, re.MULTILINE)) >= 2


def _git_config(ex: Exchange) -> bool:
    return "[core]" in ex.text


def _json_object(ex: Exchange) -> dict | None:
    try:
        data = json.loads(ex.text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _package_json(ex: Exchange) -> bool:
    data = _json_object(ex)
    return data is not None and ("dependencies" in data or "scripts" in data)


def _api_docs(ex: Exchange) -> bool:
    data = _json_object(ex)
    if data is not None:
        return "openapi" in data or "swagger" in data
    return "swagger-ui" in ex.text


def _graphql(ex: Exchange) -> bool:
    data = _json_object(ex)
    return bool(data and isinstance(data.get("data"), dict) and "__schema" in data["data"])


def _coverage(ex: Exchange) -> bool:
    return '"statementMap"' in ex.text


def _debug(ex: Exchange) -> bool:
    return _prometheus(ex) or _dotenv(ex) or "process.env" in ex.text or '"memoryUsage"' in ex.text


@dataclass(frozen=True)
class EndpointSignature:
    path: str
    what: str
    severity: str  # "high" | "medium" | "low"
    matches: object  # Callable[[Exchange], bool]
    method: str = "GET"


EXPOSED_ENDPOINTS: tuple[EndpointSignature, ...] = (
    EndpointSignature("/metrics", "Prometheus metrics", "medium", _prometheus),
    EndpointSignature("/status", "express-status-monitor dashboard", "medium", _status_monitor),
    EndpointSignature("/api-docs", "API documentation (Swagger UI / OpenAPI)", "low", _api_docs),
    EndpointSignature("/swagger.json", "OpenAPI document", "low", _api_docs),
    EndpointSignature("/documentation/json", "OpenAPI document (@fastify/swagger)", "low", _api_docs),
    EndpointSignature("/.env", "environment file with secrets", "high", _dotenv),
    EndpointSignature("/.git/config", "git repository metadata", "high", _git_config),
    EndpointSignature("/package.json", "package.json (dependency versions, scripts)", "medium", _package_json),
    EndpointSignature("/graphql", "GraphQL introspection", "medium", _graphql, method="POST"),
    EndpointSignature("/debug", "debug endpoint", "medium", _debug),
    EndpointSignature("/__coverage__", "coverage data (istanbul)", "low", _coverage),
)
GRAPHQL_INTROSPECTION = b'{"query":"{__schema{queryType{name}}}"}'
