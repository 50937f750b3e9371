"""Network failures in plain words: what a user reads instead of `ConnectError: [Errno -2] Name or service not known`.

Each row is (what the low-level text contains, the short cause, the longer sentence). The raw text stays available
(JSON keeps it); the terminal shows the sentence.
"""

from __future__ import annotations

import re

# Checked in order: the TLS mismatch first (its text also says "ConnectError").
_CAUSES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"WRONG_VERSION_NUMBER|wrong version number|record layer failure|HTTP_REQUEST", re.IGNORECASE),
        "TLS mismatch",
        "the port answered in plain HTTP, not TLS (an https:// URL to a plain-HTTP port?)",
    ),
    (
        re.compile(r"CERTIFICATE_VERIFY_FAILED|certificate verify failed", re.IGNORECASE),
        "certificate",
        "its TLS certificate did not verify (give the CA with --cacert)",
    ),
    (
        re.compile(
            r"Name or service not known|nodename nor servname|Temporary failure in name resolution|"
            r"No address associated with hostname|getaddrinfo failed",
            re.IGNORECASE,
        ),
        "DNS",
        "the host name does not resolve (DNS)",
    ),
    (
        re.compile(r"Connection refused|Errno 111|ECONNREFUSED", re.IGNORECASE),
        "connection refused",
        "nothing is listening there (connection refused)",
    ),
    (
        re.compile(r"Network is unreachable|No route to host|Errno 101|Errno 113", re.IGNORECASE),
        "no route",
        "the network has no route to it",
    ),
    (
        # the probe's total deadline (probe/client.py): the server kept sending, too slowly to finish
        re.compile(r"\bdeadline: "),
        "deadline",
        "it did not finish answering within the request's total deadline (--timeout): stalled or trickling",
    ),
    (
        re.compile(r"timed? ?out|TimeoutException|ReadTimeout|ConnectTimeout", re.IGNORECASE),
        "timeout",
        "it did not answer in time",
    ),
)
_HTTP_STATUS = re.compile(r"\bHTTP (\d{3})\b")


def network_cause(text: str) -> tuple[str, str] | None:
    """(short cause, sentence) for a low-level connection error text, or None when it is not one we know."""
    for pattern, short, sentence in _CAUSES:
        if pattern.search(text):
            return short, sentence
    status = _HTTP_STATUS.search(text)
    if status:
        return f"HTTP {status.group(1)}", f"it answered HTTP {status.group(1)}"
    return None


def plain_unreachable(url: str, text: str) -> str:
    """ "cannot reach URL: <sentence>" for the probe, with the next step when there is an obvious one."""
    cause = network_cause(text)
    if cause is None:
        return text if text.startswith("cannot reach") else f"cannot reach {url}: {text}"
    short, sentence = cause
    hint = ""
    if short == "TLS mismatch" and url.startswith("https://"):
        hint = f"; try http://{url.removeprefix('https://')}"
    return f"cannot reach {url}: {sentence}{hint}"
