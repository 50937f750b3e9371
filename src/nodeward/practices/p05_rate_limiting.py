"""Practice 5: checks (rules NW05nn)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nodeward.findings import Confidence, Severity
from nodeward.probe.record import ProbeRecord
from nodeward.probe.target import ProbeTarget, fails_at
from nodeward.rules import Hit, holds, rule

# ---------------------------------------------------------------------------------------------------------------------
# Live probe rules (NW0550-NW0599): rate-limit headers in any dialect, then a capped burst that stops at the first 429.
# ---------------------------------------------------------------------------------------------------------------------

AUTH_PATH = re.compile(r"log-?in|sign-?in|auth|token|password|session", re.IGNORECASE)


@rule(
    "NW0550",
    "live-rate-limiting-not-observed",
    on=ProbeTarget(),
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=770,
)
def live_rate_limiting_not_observed(record: ProbeRecord) -> Iterator[Hit]:
    """No rate limit showed: no rate-limit headers, and no 429 within the probe's burst.

    ## What it checks
    First, rate-limit headers on any response the probe received, in any dialect: `X-RateLimit-*`
    (express-rate-limit's default), IETF draft-6 `RateLimit-Limit`, draft-7 `RateLimit: limit=…`, draft-8
    `RateLimit: "…"; r=…; t=…`. If there are none, a burst of sequential GETs (30 by default, at most 100) to the
    base page or the first `--path`, stopping at the first `429`. No 429 and no headers fails: low, medium when
    the burst path looks like a login. A 429 with a fractional `Retry-After` is reported as low (RFC 9110 §10.2.3
    wants whole seconds). With `--no-burst` and no headers nothing is concluded.

    ## Why it matters
    Without a limit, passwords can be guessed and expensive endpoints exhausted at the attacker's pace.

    ## How to fix
    Add express-rate-limit (or a limit at the proxy) with `standardHeaders: 'draft-8'`, and a stricter one on
    login and password-reset routes.

    ## Example
    ```http
    GET /login  (30 times)
    HTTP/1.1 200 OK  (30 times, no RateLimit headers)
    ```

    ## Use instead
    ```http
    HTTP/1.1 200 OK
    RateLimit: "20-in-1min"; r=19; t=60
    RateLimit-Policy: "20-in-1min"; q=20; w=60
    ```

    ## References
    - https://express-rate-limit.mintlify.app/reference/configuration
    - https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/
    """
    limited = next((e for e in record.burst if e.status == 429), None)
    if limited is None:
        limited = next((e for e in record.exchanges if e.status == 429), None)
    if limited is not None:
        retry = limited.header("retry-after")
        if retry is not None and re.fullmatch(r"\s*\d+\.\d+\s*", retry):
            yield fails_at(
                limited,
                f"429 with a non-integer Retry-After ({retry.strip()}): delay-seconds must be whole seconds",
                snippet=f"Retry-After: {retry}",
            )
        burst_n = f" after {len(record.burst)} burst requests" if limited in record.burst else ""
        yield holds(limited, f"rate limiting answered 429{burst_n}" + (f" (Retry-After: {retry})" if retry else ""))
        return
    if record.rate_limit is not None:
        exchange, info = record.rate_limit
        yield holds(exchange, f"rate-limit headers present ({info.describe()})")
        return
    burst = record.burst
    if not burst:
        return  # the burst was turned off: absence is not shown either way
    path = burst[0].path
    severity = Severity.MEDIUM if AUTH_PATH.search(path) else Severity.LOW
    yield fails_at(
        burst[-1],
        f"rate limiting not observed within {len(burst)} requests to {path} (no 429, no rate-limit headers)",
        severity=severity,
        snippet=f"{len(burst)} × GET {path} → " + ", ".join(sorted({str(e.status) for e in burst})),
    )
