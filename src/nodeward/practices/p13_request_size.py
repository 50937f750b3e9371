"""Practice 13: limit request size (rules NW1301-NW1349)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.rules import Hit


def body_limit_too_large(subject: object) -> Iterator[Hit]:
    """A request body parser accepts bodies larger than 1 MB, or has a limit it cannot parse.

    ## What it checks
    The `limit` of `express.json/urlencoded/text/raw` and `bodyParser.*` (default 100 kb), Fastify's `bodyLimit`
    (server option, route option, `addContentTypeParser`; default 1 MiB), `koa-bodyparser` and `koa-body`
    (`jsonLimit`, `formLimit`, `textLimit`, `xmlLimit`; defaults 1 MB / 56 kb), NestJS `app.useBodyParser`, and
    Hapi `payload.maxBytes` (default 1 MiB). Sizes are read the way the `bytes` package reads them
    (`'50mb'` is 52,428,800; `'100 megabytes'` is 100 bytes). Flagged above 1 MiB (the `body_limit_max`
    setting), for `Infinity`, and for strings `bytes` cannot parse: body-parser 1.x then runs with no limit.

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
    yield from ()


def multer_without_limits(subject: object) -> Iterator[Hit]:
    """multer accepts uploads without a file size or file count limit.

    ## What it checks
    `multer(...)` (and NestJS `FileInterceptor`/`FilesInterceptor`/`MulterModule.register` options) without
    both `limits.fileSize` and `limits.files`. multer passes its limits to busboy, whose `fileSize` and `files`
    default to Infinity.

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
    yield from ()


def formidable_default_file_size(subject: object) -> Iterator[Hit]:
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
    yield from ()


def busboy_without_limits(subject: object) -> Iterator[Hit]:
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
    yield from ()
