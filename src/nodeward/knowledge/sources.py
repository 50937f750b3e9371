"""Source rows: where data the outside world chooses enters a Node.js program.

- `REQUEST_PARTS`: properties and methods of a request object (whatever framework handed it) that carry client data;
  `obj` = may be an attacker-shaped object (JSON body, qs-parsed query: operator injection, prototype pollution),
  `whole` = the whole container (mass assignment).
- `SOURCES`: callbacks a library calls with outside data (`ipcMain.handle(ch, (event, arg) => ...)`), and calls that
  return it (`readBody(event)`).
- `ENTRY_POINTS`: functions a platform calls with a request, found by their export name and file (an AWS Lambda
  `handler`, a Next.js `app/**/route.ts` `GET`): their first parameter is the request, whatever its name.
"""

from __future__ import annotations

from nodeward.knowledge.rows import EntryPointRow, RequestPartRow, ResolverMapRow, SourceRow

_EXPRESS = "express@4.22.3"
_FETCH = "undici@7.30.3"  # the WHATWG Request of Node.js, Next.js, Remix, SvelteKit, Astro
_LAMBDA = "@types/aws-lambda@8.10.164"

REQUEST_PARTS: tuple[RequestPartRow, ...] = (
    RequestPartRow("body", "property", "Express/Koa/Fastify/Hapi, AWS Lambda (JSON text)", _EXPRESS, True, True),
    RequestPartRow("query", "property", "Express/Koa/Fastify (qs-parsed)", _EXPRESS, True, True),
    RequestPartRow("payload", "property", "Hapi", "@hapi/hapi@21.4.13", True, True),
    RequestPartRow("params", "property", "Express/Koa/Fastify route parameters", _EXPRESS, False, True),
    RequestPartRow("headers", "property", "all", _EXPRESS, False, True),
    RequestPartRow("cookies", "property", "cookie-parser, Fastify", "cookie-parser@1.4.7", False, True),
    RequestPartRow("signedCookies", "property", "cookie-parser", "cookie-parser@1.4.7", False, True),
    RequestPartRow("files", "property", "multer, express-fileupload", "multer@2.5.0", True, True),
    RequestPartRow("file", "property", "multer", "multer@2.5.0", True, False),
    RequestPartRow("hostname", "property", "Express/Koa", _EXPRESS),
    RequestPartRow("path", "property", "Express/Koa", _EXPRESS),
    RequestPartRow("ip", "property", "Express/Koa", _EXPRESS),
    RequestPartRow("originalUrl", "property", "Express/Koa", _EXPRESS),
    RequestPartRow("url", "property", "Node/Express/Koa, SvelteKit/Astro event.url", _EXPRESS),
    RequestPartRow("href", "property", "Koa", "koa@3.3.0"),
    RequestPartRow("querystring", "property", "Koa", "koa@3.3.0"),
    RequestPartRow("search", "property", "Koa", "koa@3.3.0"),
    RequestPartRow("rawBody", "property", "raw-body middlewares, Fastify", "fastify@5.12.8"),
    RequestPartRow("nextUrl", "property", "Next.js NextRequest (searchParams)", "next@15.5.29", False, True),
    RequestPartRow("queryStringParameters", "property", "AWS Lambda (API Gateway)", _LAMBDA, False, True),
    RequestPartRow("multiValueQueryStringParameters", "property", "AWS Lambda (API Gateway)", _LAMBDA, False, True),
    RequestPartRow("pathParameters", "property", "AWS Lambda (API Gateway)", _LAMBDA, False, True),
    RequestPartRow("rawQueryString", "property", "AWS Lambda (HTTP API v2)", _LAMBDA),
    RequestPartRow("get", "method", "Express req.get(), Koa ctx.get()", _EXPRESS),
    RequestPartRow("header", "method", "Express", _EXPRESS),
    RequestPartRow("param", "method", "Express 4", _EXPRESS),
    RequestPartRow("json", "method", "Fetch Request (Next.js route handlers, Remix, SvelteKit)", _FETCH, True, True),
    RequestPartRow("formData", "method", "Fetch Request", _FETCH, False, True),
    RequestPartRow("text", "method", "Fetch Request", _FETCH),
)

SOURCES: tuple[SourceRow, ...] = (
    SourceRow(
        "electron",
        "Member[ipcMain].Member[handle,handleOnce,on,once].Argument[1].Parameter[1..]",
        "Electron IPC message",
        "electron@41.7.1",
        note="what a renderer sends: web content the renderer loads can send it too",
    ),
    SourceRow(
        "@modelcontextprotocol/sdk/server/mcp.js",
        "Member[McpServer].ReturnValue.Member[tool,registerTool].Argument[-1].Parameter[0]",
        "MCP tool arguments",
        "@modelcontextprotocol/sdk@1.32.2",
        obj=False,
        whole=False,
        clears=frozenset({"validation", "mass"}),
        note="the SDK checks the arguments against the tool's zod schema before the handler runs: typed, but the "
        "strings are what the model (and whoever wrote its input) chose",
    ),
    SourceRow(
        "@modelcontextprotocol/sdk/server/mcp.js",
        "Member[McpServer].ReturnValue.Member[prompt,registerPrompt].Argument[-1].Parameter[0]",
        "MCP prompt arguments",
        "@modelcontextprotocol/sdk@1.32.2",
        obj=False,
        whole=False,
        clears=frozenset({"validation", "mass"}),
    ),
    SourceRow(
        "@modelcontextprotocol/sdk/server/mcp.js",
        "Member[McpServer].ReturnValue.Member[resource,registerResource].Argument[-1].Parameter[0,1]",
        "MCP resource URI",
        "@modelcontextprotocol/sdk@1.32.2",
        obj=False,
        whole=False,
        note="(uri, variables, extra): the template variables come from the URI the client asked for",
    ),
    SourceRow(
        "@modelcontextprotocol/sdk/server/index.js",
        "Member[Server].ReturnValue.Member[setRequestHandler].Argument[1].Parameter[0]",
        "MCP request",
        "@modelcontextprotocol/sdk@1.32.2",
        note="the low-level server: request.params.arguments is not validated",
    ),
    SourceRow(
        "@grpc/grpc-js",
        "Member[Server].ReturnValue.Member[addService].Argument[1].Member[*].Parameter[0]",
        "gRPC call",
        "@grpc/grpc-js@1.14.7",
        note="handlers are (call, callback); call.request is the client's message",
    ),
    SourceRow(
        "jayson",
        "Member[Server,server].Argument[0].Member[*].Parameter[0]",
        "JSON-RPC parameters",
        "jayson@5.0.0",
        note="methods are (args, callback)",
    ),
    SourceRow("h3", "Member[readBody,readFormData,readMultipartFormData].ReturnValue", "h3 request body", "h3@1.15.11"),
    SourceRow("h3", "Member[getQuery].ReturnValue", "h3 query", "h3@1.15.11"),
    SourceRow(
        "h3",
        "Member[readValidatedBody,getValidatedQuery,getValidatedRouterParams].ReturnValue",
        "h3 validated request data",
        "h3@1.15.11",
        obj=False,
        whole=False,
        clears=frozenset({"validation", "mass"}),
        note="the validator's result: checked against a schema, still the client's text",
    ),
    SourceRow(
        "h3",
        "Member[getRouterParam,getRouterParams,getHeader,getHeaders,getRequestHeader,getCookie,parseCookies,"
        "readRawBody,getRequestURL].ReturnValue",
        "h3 request value",
        "h3@1.15.11",
        obj=False,
    ),
    # Nuxt/Nitro server routes call h3's helpers without importing them (auto-imports under server/)
    SourceRow("global", "Member[readBody,getQuery].ReturnValue", "h3 request data (Nuxt auto-import)", "h3@1.15.11"),
    SourceRow(
        "global",
        "Member[readValidatedBody,getValidatedQuery,getValidatedRouterParams].ReturnValue",
        "h3 validated request data (Nuxt auto-import)",
        "h3@1.15.11",
        obj=False,
        whole=False,
        clears=frozenset({"validation", "mass"}),
    ),
    SourceRow(
        "global",
        "Member[getRouterParam,getRouterParams,getHeader,getCookie,getRequestURL].ReturnValue",
        "h3 request value (Nuxt auto-import)",
        "h3@1.15.11",
        obj=False,
    ),
)

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})

ENTRY_POINTS: tuple[EntryPointRow, ...] = (
    EntryPointRow(
        "AWS Lambda",
        frozenset({"handler", "lambdaHandler"}),
        "",
        _LAMBDA,
        note="API Gateway events: body, queryStringParameters, pathParameters, headers",
    ),
    EntryPointRow(
        "Next.js route handler",
        _METHODS,
        r"(^|/)app/(.*/)?route\.[cm]?[jt]sx?$",
        "next@15.5.29",
        note="(request, { params }): the second parameter holds the dynamic route segments",
        requests=(0, 1),
    ),
    EntryPointRow("Next.js API route", frozenset({"default"}), r"(^|/)pages/api/", "next@15.5.29"),
    EntryPointRow("SvelteKit endpoint", _METHODS, r"(^|/)routes/(.*/)?\+server\.[jt]s$", "@sveltejs/kit@2.70.4"),
    EntryPointRow(
        "SvelteKit server load/actions",
        frozenset({"load", "actions"}),
        r"(^|/)routes/(.*/)?\+(page|layout)\.server\.[jt]s$",
        "@sveltejs/kit@2.70.4",
        note="load({ url, params, request, cookies }) and each form action of `actions` get the RequestEvent",
    ),
    EntryPointRow(
        "Next.js server action",
        frozenset({"*"}),
        "",
        "next@15.5.29",
        note="every function a 'use server' file exports is an endpoint the browser calls: its arguments (FormData, "
        "or (prevState, formData) under useActionState) are the client's",
        requests=(0, 1),
        directive="use server",
    ),
    EntryPointRow("Astro endpoint", _METHODS | {"ALL"}, r"(^|/)src/pages/.*\.[jt]s$", "astro@6.0.5"),
    EntryPointRow(
        "Remix loader/action", frozenset({"loader", "action"}), r"(^|/)app/routes/", "@remix-run/node@2.17.5"
    ),
)

RESOLVER_MAPS: tuple[ResolverMapRow, ...] = (
    ResolverMapRow(
        "GraphQL resolver map (Apollo Server, graphql-tools, graphql-yoga, Mercurius)",
        frozenset({"Query", "Mutation", "Subscription"}),
        1,
        "GraphQL resolver arguments",
        "@apollo/server@5.5.1",
        clears=frozenset({"validation", "mass"}),
        note="resolvers are (parent, args, context, info); the schema types the arguments (no operator objects in a "
        "String), but their text is the client's",
    ),
    ResolverMapRow(
        "graphql-js rootValue (graphql(), express-graphql, graphql-http createHandler)",
        frozenset({"rootValue"}),
        0,
        "GraphQL root resolver arguments",
        "graphql@16.15.0",
        clears=frozenset({"validation", "mass"}),
        note="the default field resolver calls rootValue[field](args, context, info): the arguments come first",
    ),
)
