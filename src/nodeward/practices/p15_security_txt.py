"""Practice 15: checks (rules NW15nn)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.findings import Confidence, Severity
from nodeward.probe.record import ProbeRecord
from nodeward.probe.target import ProbeTarget, fails_at
from nodeward.project.security_txt import MAX_BYTES, parse_security_txt
from nodeward.rules import Hit, holds, rule

# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW1550-NW1599): the security.txt the running site actually serves (RFC 9116), validated with
# the shared parser in nodeward.project.security_txt; transport (HTTPS, Content-Type, size) is judged here.
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
