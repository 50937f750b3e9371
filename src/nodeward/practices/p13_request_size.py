"""Practice 13: checks (rules NW13nn)."""

from __future__ import annotations

from collections.abc import Iterator

from nodeward.findings import Confidence, Severity
from nodeward.probe.record import ProbeRecord
from nodeward.probe.target import ProbeTarget, fails_at
from nodeward.rules import Hit, holds, rule

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
    """The app accepts a JSON body over 1 MiB: its body limit was raised or is missing.

    ## What it checks
    A POST of 150 000 bytes of valid JSON to the base page (just over body-parser's 100 kb default); only if that
    is accepted, a POST of 1 MiB + 1. `413` at either stage passes. Acceptance at 1 MiB + 1 fails. A `404`/`405`
    counts as acceptance only when the malformed-JSON probe proved a global parser runs (it answered `400`);
    otherwise nothing is concluded (the parser may be mounted on routes the probe does not know).

    ## Why it matters
    Every byte of a request body is buffered and parsed before your code sees it: a large limit lets a few
    clients exhaust memory and CPU.

    ## How to fix
    Keep body-parser's default (`express.json()` is 100 kb) or set it explicitly: `express.json({ limit: '10kb' })`.

    ## Example
    ```http
    POST / HTTP/1.1
    Content-Type: application/json
    Content-Length: 1048577

    HTTP/1.1 200 OK
    ```

    ## Use instead
    ```http
    POST / HTTP/1.1
    Content-Type: application/json
    Content-Length: 150000

    HTTP/1.1 413 Payload Too Large
    ```

    ## References
    - https://github.com/expressjs/body-parser#limit
    """
    stage1, stage2 = record.step("body-150k"), record.step("body-1m")
    if stage1 is None or not stage1.ok:
        return
    if stage1.status == 413:
        yield holds(stage1, "a 150 000-byte JSON body is refused with 413 (limit at or under ~100 kb)")
        return
    if stage2 is None or not stage2.ok:
        return  # stage 1 was not shown to be accepted: inconclusive
    if stage2.status == 413:
        yield holds(stage2, "a 1 MiB + 1 JSON body is refused with 413 (limit between 150 kB and 1 MiB)")
    elif stage2.status is not None and (200 <= stage2.status < 300 or stage2.status in (404, 405)):
        yield fails_at(
            stage2,
            f"a 1 048 577-byte JSON body was accepted ({stage2.status}): body limit raised above 1 MiB or missing",
            snippet=f"POST {stage2.path} Content-Length: {stage2.request_body_size} → {stage2.status}",
        )
