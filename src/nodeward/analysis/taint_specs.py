"""Taint analysis as data: request sources, sanitizers and sinks by category (read by analysis/taint.py)."""

from __future__ import annotations

import re

from nodeward.knowledge.headers import HEADER_SETTER_METHODS
from nodeward.knowledge.sources import REQUEST_PARTS

# Sink categories. SQL and NoSQL are practice 12; the rest practice 10.
SQL = "sql"
NOSQL = "nosql"
COMMAND = "command"
CODE = "code"
PATH = "path"
SSRF = "ssrf"
REDIRECT = "redirect"
XSS = "xss"
PROTOTYPE = "prototype"
REDOS = "redos"
MASS = "mass"
VALIDATION = "validation"  # "missing validation": request data reaches a data sink with no validation step
LOG = "log"
HEADER = "header"
XXE = "xxe"
DESERIALIZATION = "deserialization"
CORS = "cors"  # the request's Origin reflected in Access-Control-Allow-Origin with credentials allowed

INJECTION_CATEGORIES = (
    *(SQL, NOSQL, COMMAND, CODE, PATH, SSRF, REDIRECT, XSS, PROTOTYPE, REDOS, MASS, LOG, HEADER),
    *(XXE, DESERIALIZATION, CORS),
)
ALL = frozenset((*INJECTION_CATEGORIES, VALIDATION))

# --- sources --------------------------------------------------------------------------------------------------------

# Parameter names under which frameworks hand a request (Express/Connect req, Fastify/Hapi request, Koa ctx).
REQUEST_PARAMS = frozenset({"req", "request", "ctx", "context"})

# Request properties that carry client data: name -> (may be an attacker-shaped object, is the whole container).
# `may be an object` matters for NoSQL operator injection ({"$ne": null}) and prototype pollution; `whole` for mass
# assignment (the entire body handed to a model).
REQUEST_PROPS: dict[str, tuple[bool, bool]] = {r.name: (r.obj, r.whole) for r in REQUEST_PARTS if r.part == "property"}
# Koa context properties that are the response, and request properties of Node/Express itself: assigning them is
# not a middleware handing data to later handlers.
KOA_CONTEXT_PROPS = frozenset(
    {
        *("body", "type", "status", "message", "length", "lastModified", "etag", "state", "session", "response"),
        *("method", "originalMethod", "httpVersion", "socket", "connection", "app", "res", "next", "route"),
        *("baseUrl", "protocol", "secure", "xhr", "subdomains", "fresh", "stale", "ips", "statusCode", "locals"),
    }
)
# Request properties read from the raw request line or the socket: Node's HTTP parser refuses CR, LF and other control
# characters there and they are not percent-decoded, so they cannot forge a log line (etherpad logs req.ip and
# req.originalUrl). Decoded params, query and body can.
RAW_LINE_PROPS = frozenset({"ip", "originalUrl", "url", "path", "hostname", "href", "search", "querystring"})
# Properties of an uploaded file that the upload middleware sets itself (multer, connect-multiparty, formidable,
# express-fileupload): server paths and generated names. `originalname`/`name`/`mimetype` stay tainted.
SERVER_FILE_PROPS = frozenset({"path", "destination", "filename", "tempFilePath", "filepath", "size", "encoding"})
# Methods of the request that return client data: req.get('x'), req.header('x'), req.param('x'), ctx.get('x').
REQUEST_METHODS: dict[str, tuple[bool, bool]] = {r.name: (r.obj, r.whole) for r in REQUEST_PARTS if r.part == "method"}

# NestJS parameter decorators -> (may be object, whole when called without a key).
NEST_DECORATORS: dict[str, tuple[bool, bool]] = {
    "Body": (True, True),
    "Query": (True, True),
    "Param": (False, True),
    "Headers": (False, True),
    # GraphQL arguments: @nestjs/graphql@14.0.3 `@Args()` / `@Args('id')`, type-graphql@1.1.1 `@Arg('id')` / `@Args()`.
    # The schema types them: an argument declared String cannot be an operator object.
    "Args": (False, True),
    "Arg": (False, False),
}
NEST_REQUEST_DECORATORS = frozenset({"Req", "Request"})
NEST_PIPES_CLEAN = re.compile(r"^Parse(Int|Float|Bool|UUID|Enum|Array)Pipe$")

# --- sanitizers -----------------------------------------------------------------------------------------------------

# Calls whose result is a number/boolean: no injection can survive them.
CASTS = frozenset(
    {
        "parseInt",
        "parseFloat",
        "Number",
        "Boolean",
        "Number.parseInt",
        "Number.parseFloat",
        "Math.floor",
        "Math.ceil",
        "Math.round",
        "Math.abs",
        "Math.min",
        "Math.max",
        "Date.parse",
        "isNaN",
        "Number.isInteger",
        "Number.isFinite",
        "Number.isSafeInteger",
        "Array.isArray",
    }
)

# Globals that encode for URL contexts.
URL_ENCODERS = frozenset({"encodeURIComponent", "escape"})
URL_CLEARS = frozenset({SSRF, REDIRECT, XSS, PATH, COMMAND, SQL, CODE, REDOS, LOG, HEADER})
# Methods on SQL connection objects that escape a value (connection.escape, pool.escape, pgp.as.format...).
SQL_ESCAPE_METHODS = frozenset({"escape", "escapeId", "escapeLiteral", "escapeIdentifier", "literal"})

# Schema validators whose *result* is validated data: zod, joi, yup, ajv, superstruct, class-validator...
VALIDATOR_RESULT_METHODS = frozenset(
    {
        "parse",
        "safeParse",
        "parseAsync",
        "safeParseAsync",
        "validate",
        "validateSync",
        "validateAsync",
        "attempt",
        "cast",
    }
)
# express-validator sanitizers that rewrite the field in place, and the request parts each chain start reads.
EXPRESS_VALIDATOR_SANITIZERS: dict[str, frozenset[str]] = {
    "escape": frozenset({XSS}),
    "toInt": ALL,
    "toFloat": ALL,
    "toBoolean": ALL,
    "toDate": ALL,
}
EXPRESS_VALIDATOR_LOCATIONS: dict[str, tuple[str, ...]] = {
    "body": ("body",),
    "query": ("query",),
    "param": ("params",),
    "cookie": ("cookies",),
    "header": ("headers",),
    "check": ("body", "query", "params", "cookies", "headers"),
}
# express-validator / celebrate and similar middleware, recognised in a route's middleware chain.
VALIDATION_MIDDLEWARE_MODULES = frozenset(
    {
        "express-validator",
        "celebrate",
        "express-joi-validation",
        "express-json-validator-middleware",
        "zod-express-middleware",
    }
)
VALIDATION_NAME = re.compile(r"valid|schema|sanitiz|celebrate|checkBody|check[A-Z]", re.IGNORECASE)

# String methods through which taint flows (the result is a string).
STRING_METHODS = frozenset(
    {
        "trim",
        "trimStart",
        "trimEnd",
        "toLowerCase",
        "toUpperCase",
        "toLocaleLowerCase",
        "toLocaleUpperCase",
        "toString",
        "normalize",
        "slice",
        "substring",
        "substr",
        "padStart",
        "padEnd",
        "repeat",
        "concat",
        "join",
        "split",
        "replace",
        "replaceAll",
        "charAt",
        "at",
        "valueOf",
        "toJSON",
        "format",
    }
)
# Array/iteration methods that keep the elements (and their taint).
ARRAY_KEEP_METHODS = frozenset(
    {"filter", "sort", "reverse", "flat", "slice", "concat", "values", "entries", "keys", "pop", "shift", "find"}
)
CALLBACK_METHODS = frozenset({"map", "flatMap", "forEach", "filter", "some", "every", "find", "reduce"})
BOOLEAN_METHODS = frozenset(
    {
        "includes",
        "startsWith",
        "endsWith",
        "test",
        "has",
        "indexOf",
        "lastIndexOf",
        "match",
        "search",
        "isEmpty",
        "localeCompare",
    }
)
# Globals and module functions that pass taint on (the rest of unknown calls do not: precision first).
PROPAGATORS: frozenset[tuple[str, str]] = frozenset(
    {
        ("path", "join"),
        ("path", "resolve"),
        ("path", "normalize"),
        ("path", "format"),
        ("path", "posix.join"),
        ("path", "win32.join"),
        ("url", "parse"),
        ("url", "resolve"),
        ("url", "format"),
        ("util", "format"),
        ("querystring", "stringify"),
        ("querystring", "parse"),
        ("qs", "stringify"),
        ("qs", "parse"),
        ("global", "Buffer.from"),
        ("global", "Array.from"),
        ("global", "Array.prototype.slice.call"),  # `Array.prototype.slice.call(arguments, 1)`
        ("global", "Array.prototype.concat.call"),
        ("global", "String"),
        ("global", "decodeURIComponent"),
        ("global", "decodeURI"),
        ("global", "encodeURI"),
        ("global", "JSON.parse"),
        ("global", "JSON.stringify"),
        ("global", "Object.entries"),
        ("global", "Object.fromEntries"),
        ("global", "Object.values"),
        ("global", "Object.keys"),
        ("global", "Object.assign"),
        ("global", "Array.from"),
        ("global", "Array.of"),
        ("global", "URL"),
        ("global", "String.raw"),
        ("global", "atob"),
        ("global", "structuredClone"),
        ("global", "Promise.resolve"),
        ("lodash", "clone"),
        ("lodash", "cloneDeep"),
        ("lodash", "get"),
        ("lodash", "trim"),
        ("lodash", "toLower"),
        ("lodash", "template"),
    }
)

# --- sinks ----------------------------------------------------------------------------------------------------------

SQL_MODULES = frozenset(
    {
        "mysql",
        "mysql2",
        "mysql2/promise",
        "pg",
        "pg-pool",
        "pg-promise",
        "postgres",
        "sqlite",
        "sqlite3",
        "better-sqlite3",
        "mssql",
        "tedious",
        "oracledb",
        "sequelize",
        "knex",
        "typeorm",
        "@prisma/client",
        "@mikro-orm/core",
        "@mikro-orm/postgresql",
        "@mikro-orm/mysql",
        "@mikro-orm/sqlite",
        "objection",
        "slonik",
        "kysely",
        "@databases/pg",
        "@databases/mysql",
    }
)
# Drivers whose placeholders turn an object value into SQL: mysql@2.18.1, mysql2@2.3.3 and mysql2@3.14.0 format
# `password = ?` with `{password: 1}` as password = `password` = 1 (sqlstring's objectToValues); mysql2@3.26.1 binds
# '[object Object]', pg binds JSON text, the sqlite drivers refuse objects.
OBJECT_EXPANDING_SQL_DRIVERS = frozenset({"mysql", "mysql2", "mysql2/promise"})
# Methods whose first argument is SQL text. Raw-fragment builders first: any taint there is injection.
SQL_RAW_METHODS = frozenset(
    {
        "raw",
        "whereRaw",
        "orWhereRaw",
        "andWhereRaw",
        "havingRaw",
        "orHavingRaw",
        "joinRaw",
        "orderByRaw",
        "groupByRaw",
        "fromRaw",
        "selectRaw",
        "literal",
        "$queryRawUnsafe",
        "$executeRawUnsafe",
        "unsafe",
    }
)
SQL_QUERY_METHODS = frozenset(
    {
        "query",
        "execute",
        "exec",
        "run",
        "all",
        "get",
        "each",
        "prepare",
        "none",
        "one",
        "many",
        "any",
        "oneOrNone",
        "manyOrNone",
        "result",
        "multi",
        "batch",
        "queryStream",
    }
)
# TypeORM query builder methods that take a SQL condition string.
SQL_BUILDER_METHODS = frozenset(
    {"where", "andWhere", "orWhere", "having", "andHaving", "orHaving", "orderBy", "addOrderBy"}
)
# Receivers that hold a database handle when the import cannot be followed (injected services, `this.db`).
DB_RECEIVER = re.compile(
    r"(^|[._])(db|database|pool|conn|connection|client|sequelize|knex|datasource|manager|entitymanager|queryrunner|"
    r"repository|repo|prisma|sql|trx|tx|pg|mysql|sqlite|orm|em)$",
    re.IGNORECASE,
)
# A Prisma model delegate on a client whose import could not be followed: `prisma.user`, `this.prisma.post`.
PRISMA_DELEGATE = re.compile(r"^(?:this\.)?(?:prisma|prismaService|prismaClient|db)\.[A-Za-z_$][\w$]*$", re.IGNORECASE)

NOSQL_FILTER_METHODS = frozenset(
    {
        "find",
        "findOne",
        "findOneAndUpdate",
        "findOneAndDelete",
        "findOneAndRemove",
        "findOneAndReplace",
        "updateOne",
        "updateMany",
        "deleteOne",
        "deleteMany",
        "replaceOne",
        "countDocuments",
        "count",
        "distinct",
        "exists",
        "remove",
        "where",
    }
)
# Driver methods whose second argument is an update document: a whole request object there is operator injection.
NOSQL_UPDATE_DOC_METHODS = frozenset({"updateOne", "updateMany", "replaceOne", "findOneAndReplace"})
NOSQL_MODULES = frozenset({"mongoose", "mongodb", "monk", "mongojs"})


CODE_GLOBALS = frozenset({"eval", "Function"})
CODE_VM = frozenset(
    {"runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script", "SourceTextModule"}
)
TIMER_GLOBALS = frozenset({"setTimeout", "setInterval", "setImmediate"})
# Template engines whose *template source* is compiled to JavaScript: request text there is server-side template
# injection (code execution). The data passed to a fixed template is not a sink here.
TEMPLATE_COMPILERS = frozenset(
    {
        ("ejs", "render"),
        ("ejs", "compile"),
        ("pug", "render"),
        ("pug", "compile"),
        ("jade", "render"),
        ("jade", "compile"),
        ("handlebars", "compile"),
        ("handlebars", "precompile"),
        ("lodash", "template"),
        ("lodash.template", ""),
        ("underscore", "template"),
        ("nunjucks", "renderString"),
        ("dot", "template"),
        ("dot", "compile"),
        ("doT", "template"),
        ("art-template", "render"),
        ("art-template", "compile"),
    }
)
# Markdown renderers: their output is HTML that keeps raw HTML of the input (no sanitising by default).
MARKDOWN_RENDERERS = frozenset(
    {
        ("marked", ""),
        ("marked", "marked"),
        ("marked", "parse"),
        ("marked", "marked.parse"),
        ("markdown-it", "render"),
        ("markdown-it", "renderInline"),
        ("showdown", "Converter.makeHtml"),
        ("snarkdown", ""),
    }
)

FS_MODULES = frozenset({"fs", "fs/promises", "fs-extra", "graceful-fs", "original-fs"})
FS_TWO_PATHS = frozenset(
    {
        "rename",
        "renameSync",
        "copyFile",
        "copyFileSync",
        "link",
        "linkSync",
        "symlink",
        "symlinkSync",
        "cp",
        "cpSync",
        "copy",
        "copySync",
        "move",
        "moveSync",
    }
)
FS_METHODS = frozenset(
    {
        "readFile",
        "readFileSync",
        "writeFile",
        "writeFileSync",
        "appendFile",
        "appendFileSync",
        "createReadStream",
        "createWriteStream",
        "open",
        "openSync",
        "unlink",
        "unlinkSync",
        "rm",
        "rmSync",
        "rmdir",
        "rmdirSync",
        "mkdir",
        "mkdirSync",
        "readdir",
        "readdirSync",
        "stat",
        "statSync",
        "lstat",
        "lstatSync",
        "access",
        "accessSync",
        "exists",
        "existsSync",
        "chmod",
        "chmodSync",
        "chown",
        "chownSync",
        "truncate",
        "truncateSync",
        "opendir",
        "opendirSync",
        "realpath",
        "realpathSync",
        "readJson",
        "readJsonSync",
        "writeJson",
        "writeJsonSync",
        "outputFile",
        "outputFileSync",
        "remove",
        "removeSync",
        "ensureDir",
        "emptyDir",
        *FS_TWO_PATHS,
    }
)
SEND_FILE_METHODS = frozenset({"sendFile", "download", "sendfile"})

# NestJS services injected by type that wrap a client package.
INJECTED_CLIENTS = {"@nestjs/axios": "axios"}
URL_OPTION_KEYS = frozenset({"url", "uri", "host", "hostname", "baseURL", "baseUrl", "prefixUrl", "origin"})
# A constant prefix that fixes scheme and host: what follows it cannot change where the request goes.
FIXED_ORIGIN = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//[^/?#]+[/?#]", re.IGNORECASE)
# A constant prefix that makes a redirect target a local path ("/x", not "//evil.example").
LOCAL_PATH = re.compile(r"^(?:/[^/\\]|\.{1,2}/)")

REDIRECT_METHODS = frozenset({"redirect", "location"})
HEADER_SETTERS = HEADER_SETTER_METHODS  # knowledge/headers.py

MERGE_FUNCTIONS: dict[str, frozenset[str]] = {
    # module -> functions that copy keys of a source object deep into a target (prototype pollution)
    "lodash": frozenset({"merge", "mergeWith", "defaultsDeep", "set", "setWith", "zipObjectDeep", "update"}),
    "lodash.merge": frozenset({""}),
    "lodash.mergewith": frozenset({""}),
    "lodash.set": frozenset({""}),
    "lodash.defaultsdeep": frozenset({""}),
    "underscore": frozenset({"extend"}),
    "@hapi/hoek": frozenset({"merge", "applyToDefaults"}),
    "hoek": frozenset({"merge", "applyToDefaults"}),
    "deepmerge": frozenset({"", "all"}),
    "merge-deep": frozenset({""}),
    "mixin-deep": frozenset({""}),
    "deep-extend": frozenset({""}),
    "defaults-deep": frozenset({""}),
    "dot-prop": frozenset({"set"}),
    "set-value": frozenset({""}),
    "object-path": frozenset({"set"}),
    "dset": frozenset({"dset"}),
    "jquery": frozenset({"extend"}),
}
MERGE_ALL_ARGS = frozenset({"deepmerge", "merge-deep"})
# Local helpers with these names that assign computed keys are treated as deep merges/setters.
MERGE_LIKE_NAME = re.compile(r"(merge|extend|assign|defaults|set(path|value|in|deep|bypath)?)$", re.IGNORECASE)
PATH_SETTER_NAME = re.compile(r"^set", re.IGNORECASE)

MASS_METHODS = frozenset(
    {
        "create",
        "build",
        "bulkCreate",
        "insert",
        "insertMany",
        "save",
        "update",
        "upsert",
        "createMany",
        "updateMany",
        "findByIdAndUpdate",
        "findOneAndUpdate",
        "merge",
        "set",
    }
)
# Model methods that return a record (whose update/set/save then writes to the database).
MODEL_FINDERS = frozenset(
    {"findByPk", "findOne", "findById", "findOneBy", "findOrCreate", "create", "build", "findFirst", "findUnique"}
)
NOT_MODELS = frozenset(
    {
        "URL",
        "RegExp",
        "Error",
        "TypeError",
        "Map",
        "Set",
        "WeakMap",
        "Date",
        "Promise",
        "Buffer",
        "Function",
        "Array",
        "Object",
        "Proxy",
        "Headers",
        "Request",
        "Response",
        "Blob",
        "URLSearchParams",
        "HttpException",
        "BadRequestException",
        "NotFoundException",
    }
)

# HTML-producing response methods (Express/Node) and content types that stop XSS.
RESPONSE_BODY_METHODS = frozenset({"send", "write", "end"})
NON_HTML_TYPE = re.compile(r"json|text/plain|plain|csv|octet|image/|application/(?!xhtml)|^txt$|^text$", re.IGNORECASE)
HTML_TYPE = re.compile(r"html", re.IGNORECASE)
UNESCAPED_TEMPLATE = (
    re.compile(r"<%-\s*(?!JSON\.)([A-Za-z_$][\w$]*)"),  # EJS
    # EJS in a script block: JSON.stringify does not escape `</script>`
    re.compile(r"<%-\s*JSON\.stringify\(\s*([A-Za-z_$][\w$]*)"),
    re.compile(r"\{\{\{\s*([A-Za-z_$][\w$]*)"),  # Handlebars / Mustache triple-stash
    re.compile(r"\{\{&\s*([A-Za-z_$][\w$]*)"),  # Mustache / Handlebars `{{& name}}`
    re.compile(r"!\{\s*([A-Za-z_$][\w$]*)"),  # Pug unescaped interpolation
    # Pug `p!= text`, `!= text`
    re.compile(r"(?m)^[ \t]*(?:[\w.#:-]*(?:\([^)\n]*\))?)?!=[ \t]*([A-Za-z_$][\w$]*)"),
    re.compile(
        r"\{\{\s*([A-Za-z_$][\w$]*)(?:[ \t]*\|[ \t]*\w{1,40}){0,4}[ \t]*\|[ \t]*safe\b"
    ),  # Nunjucks / Swig `| safe` (after other filters)
)
# Calls that render a template given as text with a locals object: (package, member) -> (template arg, locals arg).
TEMPLATE_TEXT_RENDERERS: dict[tuple[str, str], tuple[int, int]] = {
    ("nunjucks", "renderString"): (0, 1),
    ("ejs", "render"): (0, 1),
    ("mustache", "render"): (0, 1),
    ("pug", "render"): (0, 1),
}
TEMPLATE_SUFFIXES = (".ejs", ".hbs", ".handlebars", ".mustache", ".pug", ".jade", ".njk", ".html")

# Sanitising replace: a negated character class replaced by nothing keeps only allowed characters.
STRIPPING_CLASS = re.compile(r"^/\[\^[^\]]*\][+*]?/[gimsuy]*$")
# Escaping replace (`'\\$&'`): regex metacharacters escaped.
REGEX_ESCAPE_REPLACEMENT = re.compile(r"^['\"`]\\\\\$&['\"`]$")
