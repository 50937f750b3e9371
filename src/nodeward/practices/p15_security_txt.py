"""Practice 15: security.txt — published where the app serves it, and valid per RFC 9116 (NW15nn)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from nodeward.collect.manifests import SecurityTxtFile, is_web_app, nearest_package_json, root_package
from nodeward.collect.security_txt import MAX_BYTES, SecurityTxtProblem, parse_security_txt
from nodeward.facts import Facts
from nodeward.findings import Confidence, Finding, Location, Severity
from nodeward.fix import Edit, Patch, fix
from nodeward.fix.context import FixContext
from nodeward.js.values import Obj
from nodeward.practices._evidence import capped, fails_at
from nodeward.probe.record import ProbeRecord
from nodeward.rules import Hit, fails, holds, not_applicable, rule
from nodeward.rules.targets import ProbeTarget, ProjectTarget

# Folders that frameworks serve as-is at the site root (Next.js, Nuxt 3, Vite, Express generator: public/;
# SvelteKit, Gatsby, Nuxt 2: static/).
CONVENTIONAL_STATIC_DIRS = ("public", "static")
_STATIC_MIDDLEWARE = (("express", "static"), ("serve-static", None), ("koa-static", None), ("koa-static-server", None))
_FASTIFY_STATIC = ("@fastify/static", "fastify-static")
_ROUTE_METHODS = ("get", "all", "use", "route", "head")


@dataclass(frozen=True)
class StaticFolder:
    folder: str  # project-relative folder ("" = root)
    mount: str  # URL prefix it is served under ("/" by default)
    location: Location  # the call that serves it, or the folder for conventional ones
    how: str


def _dirname(path: str) -> str:
    d = posixpath.dirname(path)
    return "" if d == "." else d


def _norm(path: str) -> str | None:
    p = posixpath.normpath(path)
    if p.startswith("..") or p.startswith("/"):
        return None
    return "" if p == "." else p


def _folder_candidates(facts: Facts, js_path: str, value: object) -> list[str]:
    """Project folders a static-middleware argument may name: a literal, or path.join/resolve(__dirname, ...)."""
    js = facts.js
    parts: list[str] = []
    base_is_file_dir = False
    if isinstance(value, str):
        parts = [value]
    else:
        origin = getattr(value, "origin", None)
        call = (
            js.call_at(origin)
            if getattr(value, "kind", "") == "module" and getattr(value, "name", "") == "path"
            else None
        )
        if call is None:
            return []
        for arg in call.args:
            if isinstance(arg, str):
                parts.append(arg)
            elif getattr(arg, "name", "") in ("__dirname",) or "dirname" in getattr(arg, "path", ()):
                base_is_file_dir = True
            else:
                parts.append("")  # process.cwd() and the like: relative to where the app starts
        parts = [p for p in parts if p]
        if not parts:
            return []
    rel = posixpath.join(*parts).lstrip("/") if parts else ""
    bases = [_dirname(js_path)] if base_is_file_dir else []
    bases += [p.directory for p in nearest_package_json(facts, js_path)] + [_dirname(js_path), ""]
    out: list[str] = []
    for base in bases:
        folder = _norm(posixpath.join(base, rel) if base else rel)
        if folder is not None and folder not in out:
            out.append(folder)
    return out


def _mounts(facts: Facts) -> dict[tuple[str, int], str]:
    """Static-middleware call origin → the path it is mounted under (`app.use('/assets', express.static(...))`)."""
    out: dict[tuple[str, int], str] = {}
    for call in facts.js.method_calls("use"):
        if len(call.args) >= 2 and isinstance(call.args[0], str):
            for arg in call.args[1:]:
                origin = getattr(arg, "origin", None)
                if origin is not None:
                    out[origin] = call.args[0]
    return out


def static_folders(facts: Facts) -> list[StaticFolder]:
    js = facts.js
    mounts = _mounts(facts)
    out: list[StaticFolder] = []
    for module, member in _STATIC_MIDDLEWARE:
        for call in js.calls_to(module, member):
            mount = mounts.get(call.origin, "/")
            for folder in _folder_candidates(facts, call.file, call.arg(0)):
                out.append(StaticFolder(folder, mount, call.location, call.callee_text))
    for call in js.method_calls("register"):
        plugin = call.arg(0)
        options = call.arg(1)
        if getattr(plugin, "kind", "") == "module" and getattr(plugin, "name", "") in _FASTIFY_STATIC:
            roots = options.get("root") if isinstance(options, Obj) else None
            prefix = options.get("prefix") if isinstance(options, Obj) else None
            items = getattr(roots, "items", None) or [roots]
            for root in items:
                for folder in _folder_candidates(facts, call.file, root):
                    mount = prefix if isinstance(prefix, str) else "/"
                    out.append(StaticFolder(folder, mount, call.location, "fastify.register(@fastify/static)"))
    return out


@dataclass(frozen=True)
class Published:
    location: Location
    message: str


def _served_file(sec: SecurityTxtFile, folders: list[StaticFolder]) -> Published | None:
    path = sec.path
    for f in folders:
        prefix = f"{f.folder}/" if f.folder else ""
        if not path.startswith(prefix):
            continue
        url = posixpath.join(f.mount, path[len(prefix) :])
        if url in ("/.well-known/security.txt", "/security.txt"):
            return Published(sec.location, f"{url} served from {path} by {f.how} ({f.location})")
    parts = path.split("/")
    if len(parts) >= 3 and parts[-2] == ".well-known" and parts[-3] in CONVENTIONAL_STATIC_DIRS:
        return Published(sec.location, f"/.well-known/security.txt published from the static folder {path}")
    return None


def security_txt_routes(facts: Facts) -> list[Published]:
    out: list[Published] = []
    # Routes of the application model, with their full paths through routers and mounts.
    model = facts.app_model
    known: set[tuple[str, int]] = set()
    for app, route in model.all_routes():
        known.add((route.location.path, route.location.line))
        if route.method.lower() not in ("get", "all", "head", "*"):
            continue
        for full, _middleware in model.reach(app, route):
            if full and full.rstrip("/") in ("/.well-known/security.txt", "/security.txt"):
                out.append(Published(route.location, f"route {route.method} {full} ({app.framework})"))
    js = facts.js
    # Route registrations the model did not place (unknown receivers) are read from the call alone.
    for method in _ROUTE_METHODS:
        for call in js.method_calls(method):
            first = call.arg(0)
            url = first if isinstance(first, str) else None
            if url is None and isinstance(first, Obj):  # hapi/fastify route objects: { path | url: '...' }
                candidate = first.get("path") or first.get("url")
                url = candidate if isinstance(candidate, str) else None
            where = (call.location.path, call.location.line)
            if url and url.rstrip("/").endswith("security.txt") and where not in known:
                out.append(Published(call.location, f"route {url} ({call.callee_text})"))
    if facts.project is not None:
        for source in facts.project.of_kind("js"):
            parts = source.path.split("/")
            # Next.js route handlers: app/.well-known/security.txt/route.ts, pages/.well-known/security.txt.js
            named = "security.txt" in parts[-2:-1] or parts[-1].startswith("security.txt.")
            if named and ".well-known" in parts:
                out.append(Published(Location(source.path, 1), f"route handler {source.path}"))
    return out


@rule("NW1501", "no-security-txt", on=ProjectTarget(), severity=Severity.LOW, confidence=Confidence.MEDIUM, cwe=1059)
def no_security_txt(facts: Facts) -> Iterator[Hit]:
    """The web app publishes no /.well-known/security.txt.

    ## What it checks
    For a web application (Express, Fastify, Koa, hapi, NestJS, Next.js... in its dependencies), whether a
    `security.txt` is served: a file in a folder the app serves statically (a folder passed to `express.static`,
    `serve-static`, `koa-static` or `@fastify/static`, recognised through the JS engine, with its mount path; or a
    framework's conventional `public/` or `static/` folder) at `.well-known/security.txt`, or a route serving
    `/.well-known/security.txt` (full path through routers and mounts, from the application model), or the
    handler `express-security.txt` builds. What such code serves (the library's fields, a handler's string) is
    judged like a file by NW1502-NW1504, at the line that serves it. A SECURITY.md
    is mentioned as related evidence but does not count: researchers and tools look for the RFC 9116 file at its
    well-known URL.

    ## Why it matters
    Someone who finds a vulnerability needs to know whom to tell. Without a contact they may give up, post it
    publicly, or sell it.

    ## How to fix
    Add `public/.well-known/security.txt` (served by your static middleware) with at least `Contact:` and
    `Expires:` fields; https://securitytxt.org generates one.

    ## Example
    ```js
    const express = require('express');
    const app = express();
    app.use(express.static('public'));
    app.listen(3000);
    ```
    ```json
    {"name": "shop", "dependencies": {"express": "^4.21.0"}}
    ```

    ## Use instead
    ```js
    const express = require('express');
    const app = express();
    app.use(express.static('public'));
    app.listen(3000);
    ```
    ```json
    {"name": "shop", "dependencies": {"express": "^4.21.0"}}
    ```
    ```text file=public/.well-known/security.txt
    Contact: mailto:security@example.com
    Expires: 2099-12-31T23:59:59Z
    ```

    ## References
    - RFC 9116: https://www.rfc-editor.org/rfc/rfc9116
    - https://securitytxt.org/
    """
    root = root_package(facts)
    if root is None or not is_web_app(facts):
        yield not_applicable("not a web application")
        return
    folders = static_folders(facts)
    collected = facts.security_txt_files
    files = [f for f in collected if f.served_by is None]
    published = [p for p in (_served_file(s, folders) for s in files) if p is not None]
    published += [Published(f.location, f"security.txt served by {f.served_by}") for f in collected if f.served_by]
    published += security_txt_routes(facts)
    yield from capped(holds(p.location, p.message) for p in published)
    if published:
        return
    security_md = next(
        (f.path for f in (facts.project.files if facts.project else ()) if f.path.lower().endswith("security.md")),
        None,
    )
    related = f"; {security_md} exists but is not a substitute" if security_md else ""
    data = {"security_md": security_md} if security_md else None
    if files:
        yield fails(files[0], f"{files[0].path} is not in a folder the app serves{related}", data=data)
    elif folders:
        f = next((x for x in folders if x.mount == "/"), folders[0])  # the folder served at the site's root
        where = f.folder or "the project root"
        yield fails(
            f.location,
            f"static folder {where} has no .well-known/security.txt{related}",
            data={**(data or {}), "folder": f.folder, "mount": f.mount},
        )
    else:
        yield fails(root.location, f"no security.txt is published at /.well-known/security.txt{related}", data=data)


@fix("NW1501", safe=True)
def fix_no_security_txt(finding: Finding, ctx: FixContext) -> Patch | str | None:
    """`.well-known/security.txt` in the static folder the app serves, with the `--contact` the user gave and
    Expires one year out (RFC 9116). Without --contact there is no one to name, so no file."""
    from nodeward.init import security_txt

    folder = finding.data.get("folder")
    if not isinstance(folder, str):
        return "the app serves no static folder to put it in: serve `/.well-known/security.txt` with a route"
    if finding.data.get("mount", "/") != "/":
        return "the app's static folders are served under a path, not at the site's root: serve the file with a route"
    if ctx.contact is None:
        return "give `--contact mailto:...` (or https:) and the fix writes a security.txt naming it"
    path = posixpath.join(folder, ".well-known", "security.txt") if folder else ".well-known/security.txt"
    if ctx.exists(path):
        return None
    # The contact is the user's own, not a placeholder: the template's first line says only what to keep doing.
    body = security_txt(ctx.today, ctx.contact).split("\n", 1)[1]
    text = "# Security contact for this service (RFC 9116). Keep Expires current.\n" + body
    return Patch(f"publish {path} (Contact {ctx.contact})", (Edit(path, 0, 0, text, create=True),))


def _problems(facts: Facts, level: str, codes: tuple[str, ...] | None, exclude: tuple[str, ...] = ()) -> Iterator[Hit]:
    for sec in facts.security_txt_files:
        for problem in sec.parsed.problems:
            if problem.level != level or problem.code in exclude or (codes is not None and problem.code not in codes):
                continue
            yield fails(
                sec.problem_location(problem.line),
                _message(problem),
                data={"problem": problem.code, "rfc9116_section": problem.section},
            )


def _message(problem: SecurityTxtProblem) -> str:
    section = f" (RFC 9116 §{problem.section})" if problem.section else ""
    return f"{problem.message}{section}"


@rule(
    "NW1502",
    "invalid-security-txt",
    on=ProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=1059,
)
def invalid_security_txt(facts: Facts) -> Iterator[Hit]:
    """security.txt breaks a MUST of RFC 9116 (expired, no Contact, bad Expires, http URI...).

    ## What it checks
    Every `security.txt` of the project, parsed and validated against RFC 9116: `Contact` present and a URI
    (`mailto:`, `tel:`, `https://`), `Expires` present exactly once in RFC 3339 format (`2027-01-31T23:59:59Z`) and in
    the future, web URIs in https, `Preferred-Languages` at most once and comma-separated language tags, field
    syntax (`Name: value`, a space after the colon), UTF-8 without BOM, every line ending with a line break, and
    the framing of an OpenPGP cleartext signature (nothing after the signature, dash-escaping). Each problem is a
    finding at its line.

    ## Why it matters
    Readers must treat an expired file as stale and ignore fields that do not parse, so an invalid file is as good
    as none: the report goes nowhere, or to an old address.

    ## How to fix
    Fix the field named in the finding; keep `Expires` less than a year ahead and renew the file before it passes.

    ## Example
    ```text
    Contact: http://example.com/security
    Expires: 2020-01-01T00:00:00Z
    ```

    ## Use instead
    ```text
    Contact: https://example.com/security
    Contact: mailto:security@example.com
    Expires: 2099-12-31T23:59:59Z
    ```

    ## References
    - RFC 9116 §2.5: https://www.rfc-editor.org/rfc/rfc9116#section-2.5
    - https://github.com/DigitalTrustCenter/sectxt
    """
    yield from _problems(facts, "error", None)


@rule(
    "NW1503",
    "security-txt-recommendation",
    on=ProjectTarget(),
    severity=Severity.INFO,
    confidence=Confidence.HIGH,
    cwe=1059,
)
def security_txt_recommendation(facts: Facts) -> Iterator[Hit]:
    """security.txt misses a SHOULD of RFC 9116 (signed without Canonical, misspelt field, too large...).

    ## What it checks
    The recommendations of RFC 9116 other than the expiry horizon (NW1504): a signed file should name its
    `Canonical` location, `Expires` should use `T` between date and time, field names should be spelled as
    registered (`Acknowledgments`, not `Acknowledgements`), the file should stay under 32 KiB / 1000 lines and each
    field under 2048 characters, and a signed message should carry a `Hash:` header.

    ## Why it matters
    Readers may skip fields they do not recognise and refuse over-long files; a signature without `Canonical` does
    not tell readers which URL the signed content belongs to.

    ## How to fix
    Apply the recommendation named in the finding.

    ## Example
    ```text
    Contact: mailto:security@example.com
    Expires: 2099-12-31T23:59:59Z
    Acknowledgements: https://example.com/hall-of-fame
    ```

    ## Use instead
    ```text
    Contact: mailto:security@example.com
    Expires: 2099-12-31T23:59:59Z
    Acknowledgments: https://example.com/hall-of-fame
    ```

    ## References
    - RFC 9116 §2.3, §2.5.2, §5.4: https://www.rfc-editor.org/rfc/rfc9116
    """
    yield from _problems(facts, "warning", None, exclude=("long_expiry",))


@rule(
    "NW1504",
    "security-txt-expires-too-far",
    on=ProjectTarget(),
    severity=Severity.INFO,
    confidence=Confidence.HIGH,
    cwe=1059,
)
def security_txt_expires_too_far(facts: Facts) -> Iterator[Hit]:
    """security.txt `Expires` is more than a year ahead.

    ## What it checks
    The `Expires` field of each security.txt against the time of the scan: RFC 9116 recommends less than one year.

    ## Why it matters
    A far expiry date is how stale contacts survive: the team that wrote the file leaves, the mailbox dies, and the
    file still claims to be current.

    ## How to fix
    Set `Expires` to less than a year ahead and renew it on a schedule (a CI job can fail when it gets close).

    ## Example
    ```txt
    Contact: mailto:security@example.com
    Expires: 2099-12-31T23:59:59Z
    ```

    ## Use instead
    ```txt
    Contact: mailto:security@example.com
    Expires: <a date less than 365 days from now, e.g. six months ahead>
    ```

    ## References
    - RFC 9116 §2.5.5: https://www.rfc-editor.org/rfc/rfc9116#section-2.5.5
    """
    yield from _problems(facts, "warning", ("long_expiry",))


# Host names reserved for documentation and testing (RFC 2606, RFC 6761): a contact there reaches nobody. They are
# what templates (nodeward init's included) put in until someone fills in the real address.
PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")
PLACEHOLDER_TLDS = ("example", "invalid", "test", "localhost")


def placeholder_host(contact: str) -> str | None:
    """The reserved host a Contact URI points at (`mailto:x@example.com`, `https://example.org/...`), else None."""
    from urllib.parse import urlsplit

    value = contact.strip()
    if value.lower().startswith("mailto:"):
        host = value[len("mailto:") :].split("?", 1)[0].rpartition("@")[2]
    else:
        try:
            host = urlsplit(value).hostname or ""
        except ValueError:
            return None
    host = host.lower().rstrip(".")
    if not host:
        return None
    reserved = any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)
    return host if reserved or host.rpartition(".")[2] in PLACEHOLDER_TLDS else None


@rule(
    "NW1505",
    "security-txt-placeholder-contact",
    on=ProjectTarget(),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=1059,
)
def security_txt_placeholder_contact(facts: Facts) -> Iterator[Hit]:
    """security.txt `Contact` is a placeholder (example.com and other reserved names reach nobody).

    ## What it checks
    Each `Contact` field of each security.txt: a `mailto:` address or web URI whose host is a name reserved for
    documentation and tests (`example.com`, `example.net`, `example.org` and their subdomains, or a `.example`,
    `.invalid`, `.test`, `.localhost` name, RFC 2606 and RFC 6761) is a placeholder left from a template, such as the
    one `nodeward init` writes.

    ## Why it matters
    A researcher who follows the file writes to an address that cannot exist: the report is lost while the file
    makes the project look covered.

    ## How to fix
    Replace the placeholder with the address or page your security team reads, e.g.
    `Contact: mailto:security@yourcompany.com` or `Contact: https://yourcompany.com/security`.

    ## Example
    ```txt
    Contact: mailto:security@example.com
    Expires: 2099-12-31T23:59:59Z
    ```

    ## Use instead
    ```txt
    Contact: mailto:security@acme-shop.io
    Expires: 2099-12-31T23:59:59Z
    ```

    ## References
    - RFC 9116 §2.5.3: https://www.rfc-editor.org/rfc/rfc9116#section-2.5.3
    - RFC 2606 (reserved example names): https://www.rfc-editor.org/rfc/rfc2606
    """
    for sec in facts.security_txt_files:
        for field in sec.parsed.fields:
            host = placeholder_host(field.value) if field.key == "contact" else None
            if host is not None:
                yield fails(
                    Location(sec.path, field.line),
                    f"Contact {field.value} is a placeholder ({host} is reserved for examples): replace it with "
                    "your security team's address",
                    data={"contact": field.value},
                )


# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW1550-NW1599): the security.txt the running site actually serves (RFC 9116), validated with
# the shared parser in nodeward.collect.security_txt; transport (HTTPS, Content-Type, size) is judged here.
# ---------------------------------------------------------------------------------------------------------------------


@rule(
    "NW1550",
    "live-security-txt-missing-or-invalid",
    on=ProbeTarget(),
    severity=Severity.INFO,
    confidence=Confidence.HIGH,
)
def live_security_txt_missing_or_invalid(record: ProbeRecord) -> Iterator[Hit]:
    """The site serves no valid security.txt at /.well-known/security.txt (RFC 9116).

    ## What it checks
    `GET /.well-known/security.txt` (then the legacy `/security.txt`), at most 32 KiB read. Missing fails.
    A file found fails when it breaks a MUST of RFC 9116: not over HTTPS, `Content-Type` not `text/plain`, a
    charset other than utf-8, no `Contact`, `Expires` missing, repeated, unparsable or past, non-https web URIs...
    SHOULD-level misses (Expires more than a year ahead, Canonical not listing the fetched URL, only at the legacy
    path) are reported separately. All as info: this is hygiene, not an exposure.

    ## Why it matters
    Researchers who find a vulnerability need to know whom to tell; without a current contact they may give up
    or publish.

    ## How to fix
    Serve `/.well-known/security.txt` over HTTPS as `text/plain; charset=utf-8` with at least `Contact:` and an
    `Expires:` less than a year ahead.

    ## Example
    ```http
    GET /.well-known/security.txt HTTP/1.1

    HTTP/1.1 404 Not Found
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/plain; charset=utf-8

    Contact: mailto:security@example.com
    Expires: 2027-05-25T00:00:00Z
    ```

    ## References
    - https://www.rfc-editor.org/rfc/rfc9116
    - https://securitytxt.org/
    """
    # the last exchange of each chain: the file may sit behind same-host redirects (RFC 9116 §5.2)
    well_known = next(iter(record.chain("security-txt")[::-1]), None)
    legacy = next(iter(record.chain("security-txt-legacy")[::-1]), None)
    fetched = next((e for e in (well_known, legacy) if e is not None and e.ok and e.status == 200), None)
    if fetched is None:
        asked = next((e for e in (well_known, legacy) if e is not None), None)
        if asked is not None and asked.step.startswith("security-txt") and record.unchecked.get(15):
            return  # rate limited (429), failing (5xx) or no answer: could not check, never "missing"
        if asked is not None:
            yield fails_at(asked, "no security.txt at /.well-known/security.txt (nor at /security.txt)")
        return
    must: list[str] = []
    should: list[str] = []
    if fetched is legacy:
        should.append("served only at the legacy /security.txt, not at /.well-known/security.txt (§3)")
    if fetched.scheme != "https":
        must.append("not served over HTTPS (§3)")
    media = fetched.media_type
    if media != "text/plain":
        must.append(f"Content-Type is {fetched.content_type or 'missing'}, not text/plain (§3)")
    charset = next(
        (p.partition("=")[2].strip().strip('"').lower() for p in fetched.content_type.split(";")[1:]
         if p.strip().lower().startswith("charset=")),
        None,
    )  # fmt: skip
    if charset is not None and charset != "utf-8":
        must.append(f"charset is {charset}, not utf-8 (§3)")
    if fetched.body_truncated or len(fetched.body) > MAX_BYTES:
        must.append(f"larger than {MAX_BYTES // 1024} KiB (§5.4)")
    else:
        parsed = parse_security_txt(fetched.body, url=fetched.url)
        for problem in parsed.problems:
            where = f"line {problem.line}: " if problem.line else ""
            text = f"{where}{problem.message} [{problem.code}]"
            if problem.level == "error":
                must.append(text)
            elif problem.level == "warning":
                should.append(text)
    if must:
        yield fails_at(fetched, f"security.txt breaks RFC 9116: {'; '.join(must[:5])}", snippet=fetched.url)
    if should:
        yield fails_at(
            fetched, f"security.txt misses RFC 9116 recommendations: {'; '.join(should[:5])}", snippet=fetched.url
        )
    if not must and not should:
        yield holds(fetched, f"valid security.txt at {fetched.path}")
