"""Sink rows: library calls where request data must not arrive unchecked.

Each row: package, access path to the argument (see `access_path`), sink kind, the npm version whose typings or
source were read to check the shape, then how the argument is judged (`shape`) and a condition (`when`).
"""

from __future__ import annotations

from nodeward.knowledge.rows import SinkRow

_HTTP = "request,get"
_VERBS = "get,post,put,patch,delete,head"
_DYNAMO_EXPRESSIONS = (
    "KeyConditionExpression",
    "FilterExpression",
    "UpdateExpression",
    "ConditionExpression",
    "ProjectionExpression",
)

SINKS: tuple[SinkRow, ...] = (
    # --- command execution
    SinkRow("child_process", "Member[exec,execSync].Argument[0]", "command", "node@20.20"),
    SinkRow("child_process", "Member[spawn,spawnSync,execFile,execFileSync,fork].Argument[0]", "command", "node@20.20"),
    SinkRow(
        "child_process",
        "Member[spawn,spawnSync,execFile,execFileSync,fork].Argument[1..]",
        "command",
        "node@20.20",
        when="shell",
        note="arguments reach a shell only with `shell: true` or when the program is a shell (`sh -c`)",
    ),
    SinkRow("shelljs", "Member[exec].Argument[0]", "command", "shelljs@0.10.0"),
    SinkRow(
        "execa",
        "Member[execaCommand,execaCommandSync,command,commandSync].Argument[0]",
        "command",
        "execa@9.6.1",
        note="one string split into a program and its arguments",
    ),
    SinkRow("execa", "Argument[0]", "command", "execa@9.6.1"),
    SinkRow("execa", "Member[execa,execaSync,sync,node,execaNode].Argument[0]", "command", "execa@9.6.1"),
    SinkRow("execa", "Argument[1..]", "command", "execa@9.6.1", when="option:shell"),
    # --- outgoing requests (SSRF): the URL, or the url/host/baseURL... keys of an options object
    SinkRow("http", f"Member[{_HTTP}].Argument[0]", "ssrf", "node@20.20", shape="url"),
    SinkRow("https", f"Member[{_HTTP}].Argument[0]", "ssrf", "node@20.20", shape="url"),
    SinkRow("http2", "Member[connect].Argument[0]", "ssrf", "node@20.20", shape="url"),
    SinkRow("global", "Member[fetch].Argument[0]", "ssrf", "node@20.20", shape="url"),
    SinkRow("axios", "Argument[0]", "ssrf", "axios@1.21.1", shape="url"),
    SinkRow(
        "axios",
        "Member[get,post,put,patch,delete,head,options,request,getUri,create,postForm,putForm,patchForm].Argument[0]",
        "ssrf",
        "axios@1.21.1",
        shape="url",
    ),
    SinkRow(
        "axios",
        "Member[create].ReturnValue.Argument[0]",
        "ssrf",
        "axios@1.21.1",
        shape="url",
        note="an absolute URL passed to an instance overrides its baseURL (unless allowAbsoluteUrls: false)",
    ),
    SinkRow(
        "axios",
        f"Member[create].ReturnValue.Member[{_VERBS},options,request,postForm,putForm,patchForm].Argument[0]",
        "ssrf",
        "axios@1.21.1",
        shape="url",
    ),
    SinkRow("node-fetch", "Argument[0]", "ssrf", "node-fetch@3.3.2", shape="url"),
    SinkRow("cross-fetch", "Argument[0]", "ssrf", "cross-fetch@4.1.0", shape="url"),
    SinkRow("isomorphic-fetch", "Argument[0]", "ssrf", "isomorphic-fetch@3.0.0", shape="url"),
    SinkRow("undici", "Member[request,fetch,stream].Argument[0]", "ssrf", "undici@7.30.3", shape="url"),
    SinkRow("got", "Argument[0]", "ssrf", "got@14.6.6", shape="url"),
    SinkRow("got", f"Member[{_VERBS},stream,paginate].Argument[0]", "ssrf", "got@14.6.6", shape="url"),
    SinkRow(
        "got",
        f"Member[extend].ReturnValue.Member[{_VERBS},stream].Argument[0]",
        "ssrf",
        "got@14.6.6",
        shape="url",
        note="instances made with got.extend(): an absolute URL ignores prefixUrl only when none is set",
    ),
    SinkRow("request", "Argument[0]", "ssrf", "request@2.88.2", shape="url"),
    SinkRow("request", "Member[get,post,put,patch,del,delete,head].Argument[0]", "ssrf", "request@2.88.2", shape="url"),
    SinkRow("request-promise", "Argument[0]", "ssrf", "request-promise@4.2.6", shape="url"),
    SinkRow(
        "request-promise", "Member[get,post,put,patch,delete].Argument[0]", "ssrf", "request-promise@4.2.6", shape="url"
    ),
    SinkRow(
        "superagent",
        "Argument[0]",
        "ssrf",
        "superagent@10.4.2",
        shape="url",
        note="one argument: the URL of a GET (lib/node/index.js request(method, url))",
    ),
    SinkRow("superagent", "Argument[1]", "ssrf", "superagent@10.4.2", shape="url", note="superagent(method, url)"),
    SinkRow("superagent", f"Member[{_VERBS},del].Argument[0]", "ssrf", "superagent@10.4.2", shape="url"),
    SinkRow("needle", f"Member[{_VERBS}].Argument[0]", "ssrf", "needle@3.5.0", shape="url"),
    SinkRow(
        "needle",
        "Member[request].Argument[1]",
        "ssrf",
        "needle@3.5.0",
        shape="url",
        note="request(method, uri, data, opts, cb): the URL is the second argument (the old table took the method)",
    ),
    SinkRow("needle", "Argument[1]", "ssrf", "needle@3.5.0", shape="url", note="needle(method, url, ...)"),
    SinkRow(
        "needle", "Argument[0]", "ssrf", "needle@3.5.0", shape="url", note="a first argument that looks like a URL"
    ),
    SinkRow("@hapi/wreck", f"Member[{_VERBS}].Argument[0]", "ssrf", "@hapi/wreck@18.1.3", shape="url"),
    SinkRow("@hapi/wreck", "Member[request].Argument[1]", "ssrf", "@hapi/wreck@18.1.3", shape="url"),
    SinkRow("ky", "Argument[0]", "ssrf", "ky@1.14.3", shape="url"),
    SinkRow("ky", f"Member[{_VERBS}].Argument[0]", "ssrf", "ky@1.14.3", shape="url"),
    SinkRow("phin", "Argument[0]", "ssrf", "phin@4.0.0", shape="url"),
    SinkRow("ofetch", "Member[ofetch,$fetch].Argument[0]", "ssrf", "ofetch@1.5.1", shape="url"),
    SinkRow("urllib", "Member[request,curl].Argument[0]", "ssrf", "urllib@4.9.2", shape="url"),
    SinkRow(
        "bent",
        "ReturnValue.Argument[0]",
        "ssrf",
        "bent@7.3.12",
        shape="url",
        note="bent(...options) returns the request function; its first argument is appended to the base URL",
    ),
    # HTML renderers: the HTML (and the URLs it references) is fetched by a browser engine on the server
    SinkRow("html-pdf", "Member[create].Argument[0]", "ssrf", "html-pdf@3.0.1", note="PhantomJS renders the HTML"),
    SinkRow(
        "wkhtmltopdf",
        "Argument[0]",
        "ssrf",
        "wkhtmltopdf@0.4.0",
        note="a URL is fetched, anything else rendered as HTML",
    ),
    SinkRow("html-pdf-node", "Member[generatePdf].Argument[0].Member[url]", "ssrf", "html-pdf-node@1.0.8"),
    SinkRow(
        "html-pdf-node",
        "Member[generatePdf].Argument[0].Member[content]",
        "ssrf",
        "html-pdf-node@1.0.8",
        note="puppeteer setContent underneath: the HTML's references are fetched",
    ),
    SinkRow("wkhtmltoimage", "Member[generate].Argument[0]", "ssrf", "wkhtmltoimage@0.1.5"),
    # headless browsers: the page they are told to open
    SinkRow(
        "puppeteer",
        "Member[launch,connect].ReturnValue.Member[newPage].ReturnValue.Member[goto].Argument[0]",
        "ssrf",
        "puppeteer-core@24.43.1",
        shape="url",
        note="file:// and internal addresses are reachable from the server's browser",
    ),
    SinkRow(
        "puppeteer-core",
        "Member[launch,connect].ReturnValue.Member[newPage].ReturnValue.Member[goto].Argument[0]",
        "ssrf",
        "puppeteer-core@24.43.1",
        shape="url",
    ),
    SinkRow(
        "puppeteer",
        "Member[launch,connect].ReturnValue.Member[newPage].ReturnValue.Member[setContent].Argument[0]",
        "ssrf",
        "puppeteer-core@24.43.1",
        note="attacker HTML makes the browser fetch what it references",
    ),
    SinkRow(
        "playwright",
        "Member[chromium,firefox,webkit].Member[launch].ReturnValue.Member[newPage].ReturnValue.Member[goto].Argument[0]",
        "ssrf",
        "playwright-core@1.65.2",
        shape="url",
    ),
    SinkRow(
        "playwright",
        "Member[chromium,firefox,webkit].Member[launch].ReturnValue.Member[newContext].ReturnValue.Member[newPage]"
        ".ReturnValue.Member[goto].Argument[0]",
        "ssrf",
        "playwright-core@1.65.2",
        shape="url",
    ),
    # --- redirects of the meta-frameworks (the Location header, set from the argument)
    SinkRow("next/navigation", "Member[redirect,permanentRedirect].Argument[0]", "redirect", "next@15.5.29"),
    SinkRow("next/server", "Member[NextResponse].Member[redirect].Argument[0]", "redirect", "next@15.5.29"),
    SinkRow(
        "@sveltejs/kit",
        "Member[redirect].Argument[1]",
        "redirect",
        "@sveltejs/kit@2.70.4",
        note="redirect(status, location)",
    ),
    SinkRow(
        "@remix-run/node", "Member[redirect,redirectDocument,replace].Argument[0]", "redirect", "@remix-run/node@2.17.5"
    ),
    SinkRow(
        "h3", "Member[sendRedirect].Argument[1]", "redirect", "h3@1.15.11", note="sendRedirect(event, location, code)"
    ),
    SinkRow(
        "global",
        "Member[sendRedirect].Argument[1]",
        "redirect",
        "h3@1.15.11",
        note="Nuxt/Nitro server routes auto-import h3's sendRedirect",
    ),
    SinkRow(
        "playwright",
        "Member[chromium,firefox,webkit].Member[launch].ReturnValue.Member[newPage].ReturnValue.Member[setContent]"
        ".Argument[0]",
        "ssrf",
        "playwright-core@1.65.2",
        note="attacker HTML makes the browser fetch what it references",
    ),
    SinkRow(
        "playwright",
        "Member[chromium,firefox,webkit].Member[launch].ReturnValue.Member[newContext].ReturnValue.Member[newPage]"
        ".ReturnValue.Member[setContent].Argument[0]",
        "ssrf",
        "playwright-core@1.65.2",
    ),
    # --- query languages other than the SQL drivers the engine knows by receiver
    SinkRow(
        "cassandra-driver",
        "Member[Client].ReturnValue.Member[execute,eachRow,stream].Argument[0]",
        "sql",
        "cassandra-driver@4.10.0",
        shape="text",
        note="CQL text; values belong in the params array (argument 1)",
    ),
    SinkRow(
        "neo4j-driver",
        "Member[driver].ReturnValue.Member[session].ReturnValue.Member[run].Argument[0]",
        "sql",
        "neo4j-driver@5.28.3",
        shape="text",
        note="Cypher text; values belong in the parameters object",
    ),
    SinkRow(
        "neo4j-driver",
        "Member[driver].ReturnValue.Member[executeQuery].Argument[0]",
        "sql",
        "neo4j-driver@5.28.3",
        shape="text",
    ),
    SinkRow(
        "couchbase",
        "Member[connect].ReturnValue.Member[query].Argument[0]",
        "sql",
        "couchbase@4.7.1",
        shape="text",
        note="N1QL/SQL++ text; values belong in options.parameters",
    ),
    SinkRow(
        "@aws-sdk/client-dynamodb",
        "Member[ExecuteStatementCommand].Argument[0].Member[Statement]",
        "sql",
        "@aws-sdk/client-dynamodb@3.1178.0",
        note="PartiQL text; values belong in Parameters",
    ),
    *(
        SinkRow(
            pkg,
            f"Member[{commands}].Argument[0].Member[{option}]",
            "sql",
            "@aws-sdk/client-dynamodb@3.1178.0"
            if pkg.endswith("client-dynamodb")
            else "@aws-sdk/lib-dynamodb@3.1178.0",
            note="a DynamoDB expression: values belong in ExpressionAttributeValues, names in ExpressionAttributeNames",
        )
        for pkg, commands in (
            ("@aws-sdk/client-dynamodb", "QueryCommand,ScanCommand,UpdateItemCommand,DeleteItemCommand,PutItemCommand"),
            ("@aws-sdk/lib-dynamodb", "QueryCommand,ScanCommand,UpdateCommand,DeleteCommand,PutCommand"),
        )
        for option in _DYNAMO_EXPRESSIONS
    ),
    *(
        SinkRow(
            "aws-sdk",
            f"Member[DynamoDB].Member[DocumentClient].ReturnValue.Member[{methods}].Argument[0].Member[{option}]",
            "sql",
            "aws-sdk@2.1693.0",
            note="v2 DocumentClient: the same expression strings as v3",
        )
        for methods in ("query,scan,update,delete,put",)
        for option in _DYNAMO_EXPRESSIONS
    ),
    SinkRow(
        "@clickhouse/client",
        "Member[createClient].ReturnValue.Member[query,command,exec].Argument[0].Member[query]",
        "sql",
        "@clickhouse/client@1.23.1",
        note="SQL text; values belong in query_params ({name: Type} placeholders)",
    ),
    SinkRow(
        "rethinkdb",
        "Member[js].Argument[0]",
        "code",
        "rethinkdb@2.4.2",
        note="r.js(source) runs JavaScript on the database server",
    ),
    # --- cloud object keys: a key the request chooses reads or overwrites another user's object
    SinkRow(
        "@aws-sdk/client-s3",
        "Member[GetObjectCommand,PutObjectCommand,DeleteObjectCommand,HeadObjectCommand,CopyObjectCommand]"
        ".Argument[0].Member[Key]",
        "path",
        "@aws-sdk/client-s3@3.1178.0",
    ),
    SinkRow(
        "@google-cloud/storage",
        "Member[Storage].ReturnValue.Member[bucket].ReturnValue.Member[file].Argument[0]",
        "path",
        "@google-cloud/storage@7.22.0",
    ),
    # --- XML external entities
    SinkRow(
        "libxmljs",
        "Member[parseXml,parseXmlString,parseXmlAsync].Argument[0]",
        "xxe",
        "libxmljs@1.0.11",
        when="option:noent",
        note="entities are substituted (and external ones loaded) only with noent / replaceEntities; parseXmlString "
        "is the 0.x name (1.0.11 exports parseXml and parseXmlAsync)",
    ),
    SinkRow(
        "libxmljs",
        "Member[parseXml,parseXmlAsync].Argument[0]",
        "xxe",
        "libxmljs@1.0.11",
        when="option:replaceEntities",
        note="the 1.x name of noent (dist/lib/parse.js sets both as libxml2's NOENT flag)",
    ),
    SinkRow("libxmljs2", "Member[parseXml,parseXmlString].Argument[0]", "xxe", "libxmljs2@0.35.0", when="option:noent"),
    SinkRow(
        "libxmljs2",
        "Member[Document].Member[fromXml].Argument[0]",
        "xxe",
        "libxmljs2@0.35.0",
        when="option:noent",
        note="parseXml is Document.fromXml (index.js)",
    ),
    # --- deserialization that runs code
    SinkRow(
        "node-serialize",
        "Member[unserialize].Argument[0]",
        "deserialization",
        "node-serialize@0.0.4",
        note="evaluates `_$$ND_FUNC$$_` function strings: an IIFE runs on unserialize",
    ),
    SinkRow(
        "js-yaml",
        "Member[load,loadAll].Argument[0]",
        "deserialization",
        "js-yaml@3.15.2",
        when="version:<4",
        note="3.x load() defaults to DEFAULT_FULL_SCHEMA (!!js/function builds functions); 4.x (checked: 4.3.2) "
        "defaults to the safe DEFAULT_SCHEMA",
    ),
    SinkRow(
        "serialize-to-js",
        "Member[deserialize].Argument[0]",
        "deserialization",
        "serialize-to-js@1.2.2",
        when="version:<2",
        note="1.x evaluates the text with safer-eval (escapable); deserialize is gone from 2.0",
    ),
    SinkRow(
        "funcster",
        "Member[deepDeserialize].Argument[0]",
        "deserialization",
        "funcster@0.0.5",
        note="rebuilds functions with vm.runInNewContext",
    ),
)
