"""Practice 13: limit request size (rules NW13nn): code checks NW1301-NW1349, live probe NW1350+."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Patch, fix
from nodeward.fix import jsedit as js_edit
from nodeward.fix.context import FixContext
from nodeward.js.values import UNDEFINED, Obj, Ref, Value, iter_values
from nodeward.practices._evidence import evidence_capped, fails_at
from nodeward.probe.record import ProbeRecord
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.byte_sizes import format_bytes, parse_bytes
from nodeward.rules.js_project_target import JsProjectTarget, arg, calls_to_any, is_absent, js_of, where
from nodeward.rules.targets import ProbeTarget

if TYPE_CHECKING:
    from nodeward.facts import Facts
    from nodeward.js.extract import Call, JsProject

# Parsers that read `limit` with the `bytes` package: express re-exports body-parser's json/urlencoded/text/raw.
_BODY_PARSER_LIMITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("express", ("json", "urlencoded", "text", "raw")),
    ("body-parser", ("", "json", "urlencoded", "text", "raw")),
)
# koa-bodyparser (and @koa/bodyparser) and koa-body take one limit per body type (co-body reads them with bytes).
_KOA_LIMIT_KEYS = ("jsonLimit", "formLimit", "textLimit", "xmlLimit")
_KOA_PARSERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("koa-bodyparser", ("",)),
    ("@koa/bodyparser", ("", "bodyParser")),
    ("koa-body", ("", "koaBody", "default")),
)


# Fastify, Hapi and koa-bodyparser's JSON parser default to 1 MiB (1 MB); body-parser to 100 kb.
FRAMEWORK_DEFAULT = 1024 * 1024


def _size_of(value: Value) -> float | str | None:
    """A limit as bytes; "unknown" when it is computed at run time; None when `bytes` cannot parse it."""
    if isinstance(value, Ref):
        if value.kind == "global" and value.name == "Infinity" and not value.path:
            return math.inf
        if value.kind == "global" and value.name == "Number" and value.path in (("MAX_SAFE_INTEGER",), ("MAX_VALUE",)):
            return math.inf
        return "unknown"
    if value is UNDEFINED or value is None or value is False:
        return "unknown"  # the default applies (body-parser: `limit == null` -> 100kb; 1.x: `limit || '100kb'`)
    if isinstance(value, bool | str | int | float):
        return parse_bytes(value)
    return "unknown"


def _judge_limit(value: Value, at: Location, what: str, maximum: int) -> Iterator[Hit]:
    size = _size_of(value)
    if size == "unknown":
        return
    if size is None:
        yield fails(
            at,
            f"{what} has a limit the `bytes` parser cannot read ({value!r}): body-parser 1.x then runs with no "
            "limit at all, 2.x refuses to start",
            severity=Severity.MEDIUM,
        )
    elif size == math.inf:
        yield fails(at, f"{what} has no body size limit (Infinity)")
    elif isinstance(size, int | float) and size > maximum:
        yield fails(at, f"{what} accepts bodies up to {format_bytes(size)} (above {format_bytes(maximum)})")
    elif isinstance(size, int | float) and size > FRAMEWORK_DEFAULT:
        yield holds(
            at,
            f"{what} limits bodies to {format_bytes(size)} (an explicit bound above the frameworks' 1 MiB defaults: "
            "keep it on the routes that need it)",
        )
    elif isinstance(size, int | float):
        yield holds(at, f"{what} limits bodies to {format_bytes(size)}")


@rule(
    "NW1301",
    "body-limit-too-large",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=770,
)
@evidence_capped
def body_limit_too_large(facts: Facts) -> Iterator[Hit]:
    """A request body parser's limit is so high one request can stall the server, missing, or unreadable.

    ## What it checks
    The `limit` of `express.json/urlencoded/text/raw` and `bodyParser.*` (default 100 kb), Fastify's `bodyLimit`
    (server option, route option, `addContentTypeParser`; default 1 MiB), `koa-bodyparser` and `koa-body`
    (`jsonLimit`, `formLimit`, `textLimit`, `xmlLimit`; defaults 1 MB / 56 kb), NestJS `app.useBodyParser`, and
    Hapi `payload.maxBytes` (default 1 MiB). Sizes are read the way the `bytes` package reads them
    (`'50mb'` is 52,428,800; `'100 megabytes'` is 100 bytes). Flagged: `Infinity`, strings `bytes` cannot parse
    (body-parser 1.x then runs with no limit), and limits above the `body-limit-max` setting, 32 MiB by default.

    Why 32 MiB: practice 13 asks that bodies be bounded. An explicit limit of a few megabytes (`'10mb'` for an
    API that takes documents or attachments) is a decision the team made, and is reported as evidence with its
    size, noting when it is above the frameworks' 1 MiB defaults. The bound becomes a failure where one request
    at the limit is a denial of service on its own: `JSON.parse` of a 10 MiB body blocks the event loop about
    0.4 s on a 2-core machine, 32 MiB about a second, 50 MiB 1.5 s and 100 MiB over 5 s (measured with node 20),
    and memory grows several times the body size while it is parsed.

    ## Why it matters
    A parser buffers the whole body in memory and parses it on the event loop. With a 50 MB limit a handful of
    concurrent requests exhaust memory or block the server for seconds (denial of service), and JSON parsing
    time grows with the size.

    ## How to fix
    Keep the global limit small (the 100 kb default is right for most JSON APIs) and raise it only on the route
    that needs it, or stream large uploads to storage with a multipart parser that has its own limits.

    ## Example
    ```js
    const express = require('express');
    app.use(express.json({ limit: '50mb' }));
    ```

    ## Use instead
    ```js
    const express = require('express');
    app.use(express.json({ limit: '100kb' }));
    ```

    ## References
    - body-parser `limit` (default '100kb'): https://github.com/expressjs/body-parser#limit
    - Fastify `bodyLimit` (default 1048576): https://fastify.dev/docs/latest/Reference/Server/#bodylimit
    - OWASP Denial of Service Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Denial_of_Service_Cheat_Sheet.html
    - CWE-770: Allocation of Resources Without Limits or Throttling
    """
    js = js_of(facts)
    hits = list(_body_limit_hits(js, facts.settings.body_limit_max))
    hits += [
        holds(app.location, "Fastify (made by fastify-cli from this plugin) keeps its 1 MiB default bodyLimit")
        for app in facts.app_model.apps
        if app.made_by == "fastify-cli"
    ]
    yield from hits
    if not hits:
        yield not_applicable("no request body parser is used")


def _body_limit_hits(js: JsProject, maximum: int) -> Iterator[Hit]:
    for module, members in _BODY_PARSER_LIMITS:
        for call in calls_to_any(js, module, *members):
            name = f"{module}.{call.member}()" if call.member else f"{module}()"
            options = arg(js, call, 0)
            p = options.prop("limit") if isinstance(options, Obj) else None
            if p is not None:
                yield from _judge_limit(p.value, where(p, call.location), name, maximum)
            elif options is None or (isinstance(options, Obj) and not options.open):
                yield holds(call, f"{name} keeps body-parser's 100 kb default limit")
    for module, members in _KOA_PARSERS:
        for call in calls_to_any(js, module, *members):
            options = arg(js, call, 0)
            given = [options.prop(k) for k in _KOA_LIMIT_KEYS] if isinstance(options, Obj) else []
            for key, p in zip(_KOA_LIMIT_KEYS, given, strict=False):
                if p is not None:
                    yield from _judge_limit(p.value, where(p, call.location), f"{module} {key}", maximum)
            if not any(given) and (options is None or (isinstance(options, Obj) and not options.open)):
                yield holds(call, f"{module} keeps its default limits (JSON 1 MB, forms 56 kb)")
    yield from _fastify_body_limits(js, maximum)
    for call in calls_to_any(js, "fastify", "", "fastify", "default"):
        options = arg(js, call, 0)
        if options is None or (isinstance(options, Obj) and not options.has("bodyLimit") and not options.open):
            yield holds(call, "Fastify keeps its 1 MiB default bodyLimit")
    for call in js.method_calls("useBodyParser"):  # NestJS (express or fastify adapter)
        options = arg(js, call, 1)
        p = options.prop("limit") if isinstance(options, Obj) else None
        if p is not None:
            yield from _judge_limit(p.value, where(p, call.location), "NestJS useBodyParser()", maximum)
    for call in js.calls_to("@nestjs/core", "NestFactory.create"):
        options = arg(js, call, 2) if len(call.args) > 2 else arg(js, call, 1)
        if not (isinstance(options, Obj) and options.get("bodyParser") is False):
            yield holds(call, "NestJS parses bodies with the platform's default limit")
    yield from _hapi_max_bytes(js, maximum)


def _fastify_body_limits(js: JsProject, maximum: int) -> Iterator[Hit]:
    """`bodyLimit` in Fastify server options, route options, route shorthand options and content-type parsers
    (also NestJS's FastifyAdapter). The option name is Fastify's own, so any options object carrying it counts."""
    for module in js.modules:
        if not any(i.module in ("fastify", "@nestjs/platform-fastify") for i in module.imports):
            continue
        for call in module.calls:
            for argument in call.args:
                if not isinstance(argument, Obj):
                    continue
                p = argument.prop("bodyLimit")
                if p is None:
                    continue
                size = _size_of(p.value)
                if isinstance(size, int | float) and size > maximum:
                    yield fails(
                        where(p, call.location),
                        f"Fastify bodyLimit raised to {format_bytes(size)} "
                        f"(default 1 MiB, above {format_bytes(maximum)})",
                    )
                elif isinstance(size, int | float):
                    yield holds(where(p, call.location), f"Fastify bodyLimit {format_bytes(size)}")


def _hapi_max_bytes(js: JsProject, maximum: int) -> Iterator[Hit]:
    """Hapi: `payload.maxBytes` in route options (`options`/`config`) or server `routes` defaults."""
    calls: list[Call] = []
    for module in ("@hapi/hapi", "hapi"):
        calls += list(js.calls_under(module))
    for call in calls:
        for argument in call.args:
            for value in iter_values(argument):
                if not isinstance(value, Obj):
                    continue
                payload = value.get("payload")
                if not isinstance(payload, Obj):
                    continue
                p = payload.prop("maxBytes")
                if p is None:
                    continue
                size = _size_of(p.value)
                if isinstance(size, int | float) and size > maximum:
                    yield fails(
                        where(p, call.location),
                        f"Hapi payload.maxBytes raised to {format_bytes(size)} (default 1 MiB)",
                    )


def _bytes_text(size: int) -> str:
    for unit, factor in (("mb", 1024 * 1024), ("kb", 1024)):
        if size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


@fix(
    "NW1301",
    safe=False,
    why_unsafe="lowers a limit the code raised on purpose: bodies above the new limit get 413 where they worked",
)
def fix_body_parser_limit(finding: Finding, ctx: FixContext) -> Patch | None:
    """The limit the finding points at set to the project's maximum (body-limit-max, 1 MiB by default)."""
    node = ctx.node_at(finding.location)
    pair = js_edit.enclosing(node, "pair", stop=("object", *js_edit.STATEMENT_PARENTS))
    data = ctx.source(finding.location.path)
    value = pair.child_by_field_name("value") if pair is not None else None
    if value is None or data is None:
        return None
    maximum = ctx.settings.body_limit_max if ctx.settings is not None else 1024 * 1024
    text = str(maximum) if value.type == "number" else js_edit.string_literal(data, _bytes_text(maximum))
    edit = js_edit.replace_node(finding.location.path, value, text)
    return Patch(f"limit bodies to {format_bytes(maximum)}", (edit,))


@rule(
    "NW1302",
    "multer-without-limits",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=770,
)
@evidence_capped
def multer_without_limits(facts: Facts) -> Iterator[Hit]:
    """multer accepts uploads without a file size or file count limit.

    ## What it checks
    `multer(...)` (and NestJS `FileInterceptor`/`FilesInterceptor`/`FileFieldsInterceptor`/`AnyFilesInterceptor`
    and `MulterModule.register` options) without `limits`, or with `limits` but no `fileSize` (or an infinite
    one). multer passes its limits to busboy, whose `fileSize` and `files` default to Infinity. A missing `files`
    alone is not flagged: `.single()` and `.array(name, max)` already reject extra files.

    ## Why it matters
    One request can upload files of any size and number: memory storage keeps them all in RAM, disk storage
    fills the disk.

    ## How to fix
    Set `limits: { fileSize: <bytes>, files: <count> }` for what the form really needs.

    ## Example
    ```js
    const multer = require('multer');
    const upload = multer({ dest: 'uploads/' });
    ```

    ## Use instead
    ```js
    const multer = require('multer');
    const upload = multer({ dest: 'uploads/', limits: { fileSize: 2 * 1024 * 1024, files: 1 } });
    ```

    ## References
    - multer `limits` (multer 2.x `index.js`: fileSize and files default to Infinity): https://github.com/expressjs/multer#limits
    - CWE-770: Allocation of Resources Without Limits or Throttling
    """
    js = js_of(facts)
    for call in js.calls_to("multer"):
        yield from _judge_multer_options(arg(js, call, 0), call.location, "multer()")
    # NestJS: a MulterModule.register({ limits }) applies to every interceptor without its own options.
    registered = [
        arg(js, c, 0)
        for member in ("register", "registerAsync")
        for c in js.calls_to("@nestjs/platform-express", f"MulterModule.{member}")
    ]
    global_limit = any(
        isinstance(o, Obj) and (not is_absent(o.get("limits"), "fileSize") or o.open or member_is_factory(o))
        for o in registered
    )
    for call in js.calls_to("@nestjs/platform-express", "MulterModule.register"):
        yield from _judge_multer_options(arg(js, call, 0), call.location, "MulterModule.register()")
    if global_limit:
        return
    interceptors = {"FileInterceptor": 1, "FilesInterceptor": 2, "FileFieldsInterceptor": 1, "AnyFilesInterceptor": 0}
    for name, index in interceptors.items():
        for call in js.calls_to("@nestjs/platform-express", name):
            yield from _judge_multer_options(arg(js, call, index), call.location, f"{name}()")


def member_is_factory(options: Obj) -> bool:
    """registerAsync({ useFactory }) computes its options at run time: nothing to judge."""
    return options.has("useFactory") or options.has("useClass") or options.has("useExisting")


def _judge_multer_options(options: Value | None, at: Location, what: str) -> Iterator[Hit]:
    if options is not None and options is not UNDEFINED and not isinstance(options, Obj):
        return  # computed options
    if isinstance(options, Obj) and member_is_factory(options):
        return
    limits = options.get("limits") if isinstance(options, Obj) else None
    if options is None or options is UNDEFINED or (isinstance(options, Obj) and is_absent(options, "limits")):
        yield fails(at, f"{what} without limits: file size and file count are unlimited (busboy defaults)")
        return
    if not isinstance(limits, Obj):
        return
    p = limits.prop("fileSize")
    if p is None:
        if not limits.open:
            yield fails(where(limits, at), f"{what} limits without fileSize: each uploaded file may be of any size")
        return
    if _size_of(p.value) == math.inf:
        yield fails(where(p, at), f"{what} limits.fileSize is unlimited")
    else:
        yield holds(where(p, at), f"{what} limits the size of uploaded files")


UPLOAD_FILE_SIZE = "10 * 1024 * 1024"


@fix("NW1302", safe=True)
def fix_multer_without_limits(finding: Finding, ctx: FixContext) -> Patch | None:
    """`limits: { fileSize: 10 MiB }` on multer (or `fileSize` in its existing `limits`): busboy's default is no
    limit at all. An app that takes larger files raises the number."""
    path, node = finding.location.path, ctx.node_at(finding.location)
    data = ctx.source(path)
    if node is None or data is None:
        return None
    title = "limit uploaded files to 10 MiB"
    note = (f"{path}: uploads above 10 MiB now fail with LIMIT_FILE_SIZE: raise limits.fileSize if the app needs more",)
    if node.type == "object":  # `limits` without fileSize
        edit = js_edit.add_properties(path, data, node, [f"fileSize: {UPLOAD_FILE_SIZE}"])
        return Patch(title, (edit,), notes=note) if edit else None
    call = js_edit.enclosing(node, *js_edit.CALLS)
    args = js_edit.argument_list(call) if call is not None else []
    if call is None or len(args) > 1 or (args and args[0].type != "object"):
        return None
    limits = f"limits: {{ fileSize: {UPLOAD_FILE_SIZE} }}"
    if args:
        edit = js_edit.add_properties(path, data, args[0], [limits])
    else:
        edit = js_edit.add_argument(path, data, call, f"{{ {limits} }}")
    return Patch(title, (edit,), notes=note) if edit else None


@rule(
    "NW1305",
    "fileupload-without-limits",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=770,
)
@evidence_capped
def fileupload_without_limits(facts: Facts) -> Iterator[Hit]:
    """express-fileupload accepts uploads without a file size limit.

    ## What it checks
    `fileUpload(...)` from `express-fileupload` called without options, without `limits`, or with `limits` that
    has no `fileSize` (or an infinite one). Its options are busboy's: `limits.fileSize` and `limits.files` default
    to Infinity, and by default (`useTempFiles: false`) every file is buffered whole in memory.

    ## Why it matters
    One request with a multi-gigabyte file fills the server's memory (or its disk with `useTempFiles`): a denial
    of service that needs no account.

    ## How to fix
    Pass `limits: { fileSize: <bytes>, files: <n> }` and `abortOnLimit: true` so an oversized upload is refused
    with 413 instead of being truncated silently.

    ## Example
    ```js
    const fileUpload = require('express-fileupload');
    app.use(fileUpload());
    ```

    ## Use instead
    ```js
    const fileUpload = require('express-fileupload');
    app.use(fileUpload({ limits: { fileSize: 5 * 1024 * 1024, files: 1 }, abortOnLimit: true }));
    ```

    ## References
    - express-fileupload 1.5 `lib/index.js` DEFAULT_OPTIONS (no limits; busboy's default to Infinity): https://github.com/richardgirges/express-fileupload#available-options
    - CWE-770: Allocation of Resources Without Limits or Throttling
    """
    js = js_of(facts)
    for call in js.calls_to("express-fileupload"):
        yield from _judge_multer_options(arg(js, call, 0), call.location, "fileUpload()")


@rule(
    "NW1303",
    "formidable-default-file-size",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=770,
)
@evidence_capped
def formidable_default_file_size(facts: Facts) -> Iterator[Hit]:
    """formidable runs with its 200 MB default file size limit.

    ## What it checks
    `formidable(...)`, `new IncomingForm(...)`/`new Formidable(...)`, and `koa-body` with `multipart: true`,
    when no `maxFileSize` is set (or it is Infinity). formidable 3.x defaults `maxFileSize` to 200 MB,
    `maxTotalFileSize` to the same, and `maxFiles` to Infinity.

    ## Why it matters
    Each upload may be 200 MB by default, written to the temp directory: a few parallel requests fill the disk or
    keep the server busy.

    ## How to fix
    Set `maxFileSize` (and `maxFiles`, `maxTotalFileSize`) to what the form needs.

    ## Example
    ```js
    const formidable = require('formidable');
    const form = formidable({ multiples: true });
    ```

    ## Use instead
    ```js
    const formidable = require('formidable');
    const form = formidable({ maxFileSize: 5 * 1024 * 1024, maxFiles: 1 });
    ```

    ## References
    - formidable options (3.5.4 `src/Formidable.js`: `maxFileSize: 200 * 1024 * 1024`): https://github.com/node-formidable/formidable#options
    - CWE-770: Allocation of Resources Without Limits or Throttling
    """
    js = js_of(facts)
    calls = calls_to_any(
        js, "formidable", "", "formidable", "IncomingForm", "Formidable", "default", "default.IncomingForm"
    )
    calls += js.calls_to("express-formidable")
    for call in calls:
        if _max_file_size_assigned(js, call):
            continue  # formidable 1.x/2.x style: form.maxFileSize = ...
        options = arg(js, call, 0)
        if options is None or options is UNDEFINED:
            yield fails(call.location, f"{call.callee_text}() keeps formidable's 200 MB maxFileSize default")
        elif isinstance(options, Obj):
            yield from _judge_formidable(options, call.location, call.callee_text)
    for call in calls_to_any(js, "koa-body", "", "koaBody", "default"):
        options = arg(js, call, 0)
        if not isinstance(options, Obj) or options.get("multipart") is not True:
            continue
        inner = options.get("formidable")
        if inner is None and not options.open:
            yield fails(call.location, "koa-body multipart without formidable options: 200 MB maxFileSize default")
        elif isinstance(inner, Obj):
            yield from _judge_formidable(inner, call.location, "koa-body formidable")


def _judge_formidable(options: Obj, at: Location, what: str) -> Iterator[Hit]:
    p = options.prop("maxFileSize")
    if p is None:
        if not options.open:
            yield fails(where(options, at), f"{what}() without maxFileSize: formidable's 200 MB default applies")
    elif _size_of(p.value) == math.inf:
        yield fails(where(p, at), f"{what} maxFileSize is unlimited")
    else:
        yield holds(where(p, at), f"{what} sets maxFileSize")


def _max_file_size_assigned(js: JsProject, call: Call) -> bool:
    module = js.by_path.get(call.file)
    return module is not None and any(
        a.target_text.endswith(".maxFileSize") and a.function == call.function for a in module.assignments
    )


@rule(
    "NW1304",
    "busboy-without-limits",
    on=JsProjectTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=770,
)
@evidence_capped
def busboy_without_limits(facts: Facts) -> Iterator[Hit]:
    """busboy parses multipart bodies without a file size limit.

    ## What it checks
    `busboy({ headers })` and `new Busboy({ headers })` without `limits.fileSize`. busboy's `fileSize`, `files`,
    `fields` and `parts` default to Infinity (only `fieldSize` has a 1 MiB default).

    ## Why it matters
    The app receives file streams of unlimited size; whatever it does with them (buffer, write to disk, forward)
    has no upper bound.

    ## How to fix
    Pass `limits: { fileSize, files, fields, parts }` and handle the `limit` event on file streams.

    ## Example
    ```js
    const busboy = require('busboy');
    const bb = busboy({ headers: req.headers });
    ```

    ## Use instead
    ```js
    const busboy = require('busboy');
    const bb = busboy({ headers: req.headers, limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
    ```

    ## References
    - busboy `limits` (busboy 1.6.0 `lib/types/multipart.js`): https://github.com/mscdex/busboy#exports
    - CWE-770: Allocation of Resources Without Limits or Throttling
    """
    js = js_of(facts)
    for call in calls_to_any(js, "busboy", "", "default") + calls_to_any(js, "@fastify/busboy", "", "default"):
        options = arg(js, call, 0)
        if not isinstance(options, Obj):
            continue
        limits = options.get("limits")
        unbounded = limits is None or (isinstance(limits, Obj) and not limits.has("fileSize"))
        if unbounded and _counted_by_hand(facts, js, call):
            yield holds(call, "busboy file streams are counted against a bound in a 'data' listener (limit by hand)")
            continue
        if limits is None:
            if not options.open:
                yield fails(call.location, "busboy without limits: file size, files and parts are unlimited")
            continue
        if isinstance(limits, Obj) and not limits.has("fileSize") and not limits.open:
            yield fails(where(limits, call.location), "busboy limits without fileSize: each file may be of any size")
        elif isinstance(limits, Obj) and _size_of(limits.get("fileSize")) == math.inf:
            yield fails(where(limits, call.location), "busboy limits.fileSize is unlimited")
        elif isinstance(limits, Obj) and limits.has("fileSize"):
            yield holds(where(limits, call.location), "busboy limits file sizes")


# A 'data' listener that adds chunk lengths to a total and compares it: the handler bounds the upload itself
# (parse-server's multipart middleware counts `totalBytes += chunk.length` and rejects above maxUploadSize).
_ADDS_LENGTHS = re.compile(r"\+=\s*(?:[\w$.]+\.(?:length|byteLength)\b|Buffer\.byteLength\()")
_COMPARES = re.compile(r"[\w$)\]]\s*(?:>=?|<=?)\s*[\w$(]")


def _counted_by_hand(facts: Facts, js: JsProject, call: Call) -> bool:
    """Whether the function that creates the parser also counts what its streams deliver against a bound."""
    module = js.module(call.file)
    if module is None or facts.project is None:
        return False
    func = module.function(call.function) if call.function is not None else None
    start, end = (func.start_byte, func.end_byte) if func is not None and func.end_byte else (0, module.size)
    listeners = [
        c for c in js.method_calls("on") if c.file == call.file and start <= c.start_byte < end and c.arg(0) == "data"
    ]
    if not listeners:
        return False
    try:
        source = facts.project.read_bytes(call.file)
    except (OSError, ValueError):
        return False
    for listener in listeners:
        text = source[listener.start_byte : listener.end_byte].decode("utf-8", "replace")
        if _ADDS_LENGTHS.search(text) and _COMPARES.search(text):
            return True
    return False


# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW1350-NW1399): a two-stage body-size probe (150 000 bytes, then 1 MiB + 1 only if accepted).
# ---------------------------------------------------------------------------------------------------------------------


@rule(
    "NW1350",
    "live-request-body-limit-not-enforced",
    on=ProbeTarget(),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=770,
)
def live_request_body_limit_not_enforced(record: ProbeRecord) -> Iterator[Hit]:
    """The running app accepts a JSON body above body-limit-max (32 MiB by default): no limit, or one that high.

    ## What it checks
    A POST of 150 000 bytes of valid JSON (just over body-parser's 100 kb default); only if that is accepted, a
    POST of 1 MiB + 1; only if that is accepted too, one POST of `body-limit-max` + 1 bytes (32 MiB + 1 by
    default; `scan --url` uses the project's setting). `413` at any stage passes, with the bounds it shows.
    Acceptance at the last stage fails: the same bound the static NW1301 applies to a configured limit. A
    `404`/`405` counts as acceptance only when the malformed-JSON probe proved the JSON parser runs there (it
    answered `400`); otherwise nothing is concluded (the parser may be mounted on routes the probe does not know).
    With `scan --url` the bodies go to a route the static scan knows takes one.

    ## Why it matters
    Every byte of a request body is buffered and parsed before your code sees it: a limit that high (or none)
    lets one client hold the event loop for seconds and a few exhaust memory.

    ## How to fix
    Keep body-parser's default (`express.json()` is 100 kb) or set an explicit bound:
    `express.json({ limit: '1mb' })`, raised only on the routes that need more.

    ## Example
    ```http
    POST /api/items HTTP/1.1
    Content-Type: application/json
    Content-Length: 33554433

    HTTP/1.1 201 Created
    ```

    ## Use instead
    ```http
    POST /api/items HTTP/1.1
    Content-Type: application/json
    Content-Length: 150000

    HTTP/1.1 413 Payload Too Large
    ```

    ## References
    - https://github.com/expressjs/body-parser#limit
    """
    stage1, stage2, stage3 = record.step("body-150k"), record.step("body-1m"), record.step("body-max")
    if stage1 is None or not stage1.ok:
        return
    if stage1.status == 413:
        yield holds(stage1, "a 150 000-byte JSON body is refused with 413 (limit at or under ~100 kb)")
        return
    if stage2 is None or not stage2.ok:
        return  # stage 1 was not shown to be accepted: inconclusive
    if stage2.status == 413:
        yield holds(stage2, "a 1 MiB + 1 JSON body is refused with 413 (limit between 150 kB and 1 MiB)")
        return
    if stage3 is None or not stage3.ok:
        return  # 1 MiB + 1 accepted, the last stage not sent or not answered: the bound is not known
    size = format_bytes(stage3.request_body_size - 1)
    if stage3.status == 413:
        yield holds(stage3, f"a {size} + 1 JSON body is refused with 413 (an explicit limit between 1 MiB and {size})")
    elif stage3.status is not None and (200 <= stage3.status < 300 or stage3.status in (404, 405)):
        sent = f"{stage3.request_body_size:,}".replace(",", " ")
        yield fails_at(
            stage3,
            f"a {sent}-byte JSON body was accepted ({stage3.status}): body limit above {size} or missing",
            snippet=f"POST {stage3.path} Content-Length: {stage3.request_body_size} → {stage3.status}",
        )
