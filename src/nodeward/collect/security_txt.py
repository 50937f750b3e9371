"""RFC 9116 security.txt parser and validator: text in, fields and line-numbered problems out (scan and probe).

Pure: no I/O and no clock unless the caller leaves `now` out. Transport checks (HTTPS, certificate, Content-Type,
redirects) belong to the caller that fetched the file; pass the URL it was fetched from so Canonical can be checked.
Problem codes follow the DigitalTrustCenter/sectxt validator where one exists, so users can line the two up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal

# "error" = a MUST of RFC 9116 is broken; "warning" = a SHOULD / RECOMMENDED is missed; "info" = hygiene notice.
Level = Literal["error", "warning", "info"]

# RFC 9116 §5.4: readers may refuse files over 32 KiB, fields over 2048 characters, or over 1000 lines.
MAX_BYTES = 32 * 1024
MAX_FIELD_LENGTH = 2048
MAX_LINES = 1000
# §2.5.5: "it is RECOMMENDED that the value of this field be less than a year into the future".
LONG_EXPIRY = timedelta(days=365)

URI_FIELDS = frozenset({"contact", "encryption", "acknowledgments", "canonical", "policy", "hiring", "csaf"})
KNOWN_FIELDS = URI_FIELDS | {"expires", "preferred-languages", "bug-bounty"}
# Spellings people use by mistake, with the field they meant.
COMMON_MISTAKES = {
    "acknowledgements": "Acknowledgments",
    "acknowledgement": "Acknowledgments",
    "acknowledgment": "Acknowledgments",
    "contacts": "Contact",
    "expiry": "Expires",
    "expire": "Expires",
    "expiration": "Expires",
    "preferred-language": "Preferred-Languages",
    "signature": "Canonical",
}

SIGNED_HEADER = "-----BEGIN PGP SIGNED MESSAGE-----"
SIGNATURE_BEGIN = "-----BEGIN PGP SIGNATURE-----"
SIGNATURE_END = "-----END PGP SIGNATURE-----"

# RFC 3339 §5.6 date-time. The RFC allows lower-case "t"/"z"; a space instead of "T" is allowed only "by mutual
# agreement" (§5.6 NOTE), so it is reported as a warning, not accepted silently.
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})([Tt ])(\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$",
)
# The format of draft versions of security.txt (RFC 5322 dates), still common: "Thu, 31 Dec 2021 18:37:07 -0800".
_RFC5322_DATE = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s*\S*$")
_FIELD_NAME = re.compile(r"^[!-9;-~]+$")  # RFC 5322 ftext: printable US-ASCII except ":"
_URI = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(\S+)$")
_EMAIL = re.compile(r"^[^@\s:/]+@[^@\s/]+\.[^@\s/]+$")
# RFC 5646 language tag, simplified: primary (2-3 letters, or 4-8 registered), then subtags; plus private use and
# grandfathered "i-" tags.
_LANG_TAG = re.compile(r"^(?:[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*|[xX](?:-[A-Za-z0-9]{1,8})+|[iI]-[A-Za-z]{1,8})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class SecurityTxtProblem:
    """One thing wrong (or worth saying) about the file. `line` is 1-based in the text given; None = the whole file."""

    code: str
    level: Level
    message: str
    line: int | None = None
    field: str | None = None  # the field name as written, when the problem is about one field
    section: str = ""  # RFC 9116 section, e.g. "2.5.5"


@dataclass(frozen=True)
class SecurityTxtField:
    name: str  # as written
    value: str
    line: int

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class SecurityTxt:
    """A parsed security.txt: its fields in order, its problems, and a few derived facts."""

    fields: tuple[SecurityTxtField, ...]
    problems: tuple[SecurityTxtProblem, ...]
    signed: bool = False
    expires: datetime | None = None
    line_count: int = 0

    def values(self, name: str) -> list[str]:
        key = name.lower()
        return [f.value for f in self.fields if f.key == key]

    def first(self, name: str) -> SecurityTxtField | None:
        key = name.lower()
        return next((f for f in self.fields if f.key == key), None)

    @property
    def errors(self) -> list[SecurityTxtProblem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[SecurityTxtProblem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def valid(self) -> bool:
        """No MUST of RFC 9116 is broken (warnings and notices may remain)."""
        return not self.errors


@dataclass
class _Collector:
    problems: list[SecurityTxtProblem] = field(default_factory=list)

    def add(
        self,
        code: str,
        level: Level,
        message: str,
        line: int | None = None,
        field_name: str | None = None,
        section: str = "",
    ) -> None:
        self.problems.append(SecurityTxtProblem(code, level, message, line, field_name, section))


def parse_security_txt(
    content: str | bytes,
    *,
    url: str | None = None,
    now: datetime | None = None,
) -> SecurityTxt:
    """Parse and validate a security.txt.

    `content` may be bytes (then UTF-8 decoding and a BOM are checked) or text. `url` is where the file was fetched
    from, used to check Canonical. `now` is the reference time for Expires (default: the current UTC time); a naive
    datetime is taken as UTC.
    """
    out = _Collector()
    if now is None:
        now = datetime.now(timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)

    if isinstance(content, bytes):
        size = len(content)
        if content.startswith(b"\xef\xbb\xbf"):
            out.add("bom_in_file", "error", "The file must not start with a byte order mark (BOM).", 1, section="4")
            content = content[3:]
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = content[: exc.start].count(b"\n") + 1
            out.add("utf8", "error", "The file must be UTF-8 encoded.", line, section="4")
            text = content.decode("utf-8", errors="replace")
    else:
        text = content
        if text.startswith("\ufeff"):
            out.add("bom_in_file", "error", "The file must not start with a byte order mark (BOM).", 1, section="4")
            text = text[1:]
        size = len(text.encode("utf-8", errors="surrogatepass"))

    if size > MAX_BYTES:
        out.add(
            "file_too_large",
            "warning",
            f"The file is {size} bytes; researchers may refuse files larger than 32 KiB.",
            section="5.4",
        )

    # Split on LF keeping track of each line's ending; a lone CR at the end of a line is part of a CRLF ending.
    raw_lines = text.split("\n")
    ends_with_newline = text.endswith("\n")
    if ends_with_newline:
        raw_lines.pop()
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in raw_lines]
    if len(lines) > MAX_LINES:
        out.add(
            "too_many_lines",
            "warning",
            f"The file has {len(lines)} lines; researchers may refuse files with more than {MAX_LINES}.",
            section="5.4",
        )
    if not text.strip():
        out.add("empty_file", "error", "The file is empty.", section="2.5")
    elif not ends_with_newline:
        out.add(
            "no_line_separators",
            "error",
            "Every line must end with a line break (CRLF or LF), including the last one.",
            len(lines),
            section="4",
        )

    signed, body = _unwrap_signature(lines, out)
    fields = list(_parse_lines(body, out))
    expires = _check_fields(fields, signed, url, now, out)
    return SecurityTxt(
        fields=tuple(fields),
        problems=tuple(sorted(out.problems, key=lambda p: (p.line or 0, p.code))),
        signed=signed,
        expires=expires,
        line_count=len(lines),
    )


def _unwrap_signature(lines: list[str], out: _Collector) -> tuple[bool, list[tuple[int, str]]]:
    """Return (signed, [(line, text)]) of the cleartext; check OpenPGP cleartext-signature framing (RFC 4880 §7)."""
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None or lines[first].strip() != SIGNED_HEADER:
        for i, ln in enumerate(lines):
            if ln.strip() in (SIGNED_HEADER, SIGNATURE_BEGIN):
                out.add(
                    "signed_format_issue",
                    "error",
                    "A PGP armor line appears inside the file; a signed file must start with "
                    f"'{SIGNED_HEADER}' and nothing may precede it.",
                    i + 1,
                    section="2.3",
                )
                break
        return False, [(i + 1, ln) for i, ln in enumerate(lines)]

    if first != 0:
        out.add("signed_format_issue", "error", "Nothing may precede the signed-message header.", 1, section="2.3")
    i = first + 1
    saw_hash = False
    # Armor headers ("Hash: SHA512") up to the first blank line.
    while i < len(lines) and lines[i].strip():
        if lines[i].lower().startswith("hash:"):
            saw_hash = True
        else:
            out.add(
                "signed_format_issue",
                "error",
                f"Unexpected armor header {lines[i][:60]!r} after the signed-message header.",
                i + 1,
                section="2.3",
            )
        i += 1
    if i >= len(lines):
        out.add("signed_format_issue", "error", "The signed message has no blank line and no body.", i, section="2.3")
        return True, []
    if not saw_hash:
        out.add(
            "signed_format_issue",
            "warning",
            "The signed message has no 'Hash:' armor header (MD5 is then assumed by OpenPGP).",
            first + 1,
            section="2.3",
        )
    i += 1  # the blank separator line
    body: list[tuple[int, str]] = []
    sig_start = None
    while i < len(lines):
        ln = lines[i]
        if ln.strip() == SIGNATURE_BEGIN:
            sig_start = i
            break
        if ln.startswith("- "):
            ln = ln[2:]  # dash-escaped cleartext line
        elif ln.startswith("-"):
            out.add(
                "signed_format_issue",
                "error",
                "A cleartext line starting with '-' must be dash-escaped ('- ').",
                i + 1,
                section="2.3",
            )
        body.append((i + 1, ln))
        i += 1
    if sig_start is None:
        out.add(
            "signed_format_issue",
            "error",
            f"The signed message has no '{SIGNATURE_BEGIN}' block.",
            len(lines),
            section="2.3",
        )
        return True, body
    end = next((j for j in range(sig_start + 1, len(lines)) if lines[j].strip() == SIGNATURE_END), None)
    if end is None:
        out.add(
            "signed_format_issue",
            "error",
            f"The signature block is not closed by '{SIGNATURE_END}'.",
            sig_start + 1,
            section="2.3",
        )
        return True, body
    if end == sig_start + 1 or not any(lines[j].strip() for j in range(sig_start + 1, end)):
        out.add("pgp_data_error", "error", "The signature block is empty.", sig_start + 1, section="2.3")
    trailing = next((j for j in range(end + 1, len(lines)) if lines[j].strip()), None)
    if trailing is not None:
        out.add(
            "data_after_sig",
            "error",
            "Nothing may follow the end of the signature.",
            trailing + 1,
            section="2.3",
        )
    return True, body


def _parse_lines(body: Iterable[tuple[int, str]], out: _Collector) -> Iterable[SecurityTxtField]:
    for number, line in body:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _CONTROL.search(line):
            out.add("invalid_line", "error", "The line contains control characters.", number, section="4")
            continue
        if ":" not in line:
            out.add(
                "invalid_line",
                "error",
                "Line must contain a field name and value separated by ': ', or be a comment ('#') or blank.",
                number,
                section="4",
            )
            continue
        raw_name, raw_value = line.split(":", 1)
        name = raw_name.strip()
        if not name:
            out.add("empty_key", "error", "Field name must not be empty.", number, section="4")
            continue
        if raw_name != raw_name.rstrip() or raw_name != raw_name.lstrip():
            out.add(
                "prec_ws",
                "error",
                f"There must be no whitespace around the field name '{name}'.",
                number,
                name,
                section="4",
            )
        if not _FIELD_NAME.match(name):
            out.add("invalid_line", "error", f"'{name[:60]}' is not a valid field name.", number, section="4")
            continue
        if raw_value and not raw_value.startswith(" "):
            out.add(
                "no_space",
                "error",
                f"Field '{name}' must have a space after the colon.",
                number,
                name,
                section="4",
            )
        value = raw_value.strip()
        if not value:
            out.add("empty_value", "error", f"Field '{name}' must have a value.", number, name, section="4")
            continue
        if len(line) > MAX_FIELD_LENGTH:
            out.add(
                "field_too_long",
                "warning",
                f"Field '{name}' is longer than {MAX_FIELD_LENGTH} characters; researchers may ignore it.",
                number,
                name,
                section="5.4",
            )
        yield SecurityTxtField(name, value, number)


def _check_fields(
    fields: list[SecurityTxtField],
    signed: bool,
    url: str | None,
    now: datetime,
    out: _Collector,
) -> datetime | None:
    by_key: dict[str, list[SecurityTxtField]] = {}
    for f in fields:
        by_key.setdefault(f.key, []).append(f)

    for f in fields:
        if f.key in URI_FIELDS:
            _check_uri(f, out)
        elif f.key not in KNOWN_FIELDS:
            meant = COMMON_MISTAKES.get(f.key)
            if meant:
                out.add(
                    "unknown_field",
                    "warning",
                    f"'{f.name}' is not a security.txt field; did you mean '{meant}'?",
                    f.line,
                    f.name,
                    section="2.4",
                )
            else:
                out.add(
                    "unknown_field",
                    "info",
                    f"'{f.name}' is not a field registered by RFC 9116; readers ignore it.",
                    f.line,
                    f.name,
                    section="2.4",
                )

    contacts = by_key.get("contact", [])
    if not contacts:
        out.add("no_contact", "error", "'Contact' field must appear at least once.", section="2.5.3")
    elif any(c.value.lower().startswith("mailto:") for c in contacts) and not by_key.get("encryption"):
        out.add(
            "no_encryption",
            "info",
            "An email Contact is listed without an 'Encryption' key; adding one is recommended.",
            next(c.line for c in contacts if c.value.lower().startswith("mailto:")),
            "Contact",
            section="2.5.4",
        )

    expires = _check_expires(by_key.get("expires", []), now, out)

    langs = by_key.get("preferred-languages", [])
    for extra in langs[1:]:
        out.add(
            "multi_lang",
            "error",
            "'Preferred-Languages' must not appear more than once.",
            extra.line,
            extra.name,
            section="2.5.8",
        )
    if langs:
        _check_languages(langs[0], out)

    canonical = by_key.get("canonical", [])
    if signed and not canonical:
        out.add(
            "no_canonical",
            "warning",
            "A signed file should include a 'Canonical' field naming where it is published.",
            section="2.5.2",
        )
    if not signed:
        out.add(
            "not_signed",
            "info",
            "The file is not digitally signed (an OpenPGP cleartext signature is recommended).",
            section="2.3",
        )
    if url and canonical and not any(_same_url(url, c.value) for c in canonical):
        out.add(
            "no_canonical_match",
            "warning",
            f"The file was fetched from {url}, which no 'Canonical' value lists; readers should not trust it.",
            canonical[0].line,
            canonical[0].name,
            section="2.5.2",
        )

    csaf = by_key.get("csaf", [])
    for f in csaf:
        if _URI.match(f.value) and not f.value.rstrip("/").endswith("provider-metadata.json"):
            out.add(
                "no_csaf_file",
                "error",
                "'CSAF' must point to a provider-metadata.json file.",
                f.line,
                f.name,
            )
    for extra in csaf[1:]:
        out.add("multiple_csaf_fields", "warning", "'CSAF' should appear only once.", extra.line, extra.name)
    bounty = by_key.get("bug-bounty", [])
    for f in bounty:
        if f.value not in ("True", "False"):
            out.add("bug_bounty_value", "error", "'Bug-Bounty' must be 'True' or 'False'.", f.line, f.name)
    for extra in bounty[1:]:
        out.add("multiple_bug_bounty", "error", "'Bug-Bounty' must appear only once.", extra.line, extra.name)
    return expires


def _check_uri(f: SecurityTxtField, out: _Collector) -> None:
    section = {
        "contact": "2.5.3",
        "encryption": "2.5.4",
        "acknowledgments": "2.5.1",
        "canonical": "2.5.2",
        "policy": "2.5.7",
        "hiring": "2.5.6",
    }.get(f.key, "")
    value = f.value
    if "BEGIN PGP" in value.upper():
        out.add(
            "no_uri",
            "error",
            f"Field '{f.name}' must be a URI pointing to the key; keys must not be inline.",
            f.line,
            f.name,
            section,
        )
        return
    match = _URI.match(value)
    if not match:
        hint = ""
        if f.key == "contact" and _EMAIL.match(value):
            hint = f" (write 'mailto:{value}')"
        elif f.key == "contact" and re.fullmatch(r"\+?[\d\s().-]{6,}", value):
            hint = " (write 'tel:' followed by the number)"
        out.add("no_uri", "error", f"Field '{f.name}' value must be a URI{hint}.", f.line, f.name, section)
        return
    scheme = match.group(1).lower()
    if scheme == "http":
        out.add("no_https", "error", "Web URI must begin with 'https://'.", f.line, f.name, section)
    elif scheme == "https" and not match.group(2).startswith("//"):
        out.add("no_uri", "error", f"Field '{f.name}' value is not a valid https URI.", f.line, f.name, section)
    elif scheme == "mailto" and not _EMAIL.match(match.group(2).split("?", 1)[0]):
        out.add("no_uri", "error", f"Field '{f.name}' has an invalid email address.", f.line, f.name, section)


def _check_expires(found: list[SecurityTxtField], now: datetime, out: _Collector) -> datetime | None:
    if not found:
        out.add("no_expire", "error", "'Expires' field must be present.", section="2.5.5")
        return None
    for extra in found[1:]:
        out.add(
            "multi_expire",
            "error",
            "'Expires' field must not appear more than once.",
            extra.line,
            extra.name,
            section="2.5.5",
        )
    f = found[0]
    match = _RFC3339.match(f.value)
    if not match:
        if _RFC5322_DATE.match(f.value):
            message = (
                "Date and time in 'Expires' must be in RFC 3339 format (e.g. 2027-01-31T23:59:59Z); "
                "this is the RFC 5322 format of older drafts."
            )
        else:
            message = "Date and time in 'Expires' must be in RFC 3339 format, e.g. 2027-01-31T23:59:59Z."
        out.add("invalid_expiry", "error", message, f.line, f.name, section="2.5.5")
        return None
    year, month, day, sep, hour, minute, second, _frac, offset = match.groups()
    try:
        tz = timezone.utc
        if offset not in ("Z", "z"):
            sign = 1 if offset[0] == "+" else -1
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            if hours > 23 or minutes > 59:
                raise ValueError("offset out of range")
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        # RFC 3339 allows a leap second (:60); datetime does not, and a second does not change the verdict.
        expires = datetime(
            int(year), int(month), int(day), int(hour), int(minute), min(int(second), 59), tzinfo=tz
        ).astimezone(timezone.utc)
    except ValueError:
        out.add(
            "invalid_expiry",
            "error",
            f"'Expires' is not a real date and time: {f.value[:40]}.",
            f.line,
            f.name,
            section="2.5.5",
        )
        return None
    if sep == " ":
        out.add(
            "expiry_space_separator",
            "warning",
            "'Expires' separates date and time with a space; RFC 3339 requires 'T'.",
            f.line,
            f.name,
            section="2.5.5",
        )
    if expires <= now:
        out.add(
            "expired",
            "error",
            f"The file expired on {expires.isoformat()}; readers must treat it as stale.",
            f.line,
            f.name,
            section="2.5.5",
        )
    elif expires - now > LONG_EXPIRY:
        out.add(
            "long_expiry",
            "warning",
            "'Expires' should be less than a year into the future to avoid staleness.",
            f.line,
            f.name,
            section="2.5.5",
        )
    return expires


def _check_languages(f: SecurityTxtField, out: _Collector) -> None:
    if re.search(r"[;\s]", f.value.replace(", ", ",").strip()) and "," not in f.value:
        out.add(
            "invalid_lang",
            "error",
            "'Preferred-Languages' values must be separated by commas.",
            f.line,
            f.name,
            section="2.5.8",
        )
        return
    tags = [t.strip() for t in f.value.split(",")]
    bad = [t for t in tags if not _LANG_TAG.match(t)]
    if bad:
        out.add(
            "invalid_lang",
            "error",
            f"'Preferred-Languages' has invalid language tag(s): {', '.join(repr(t[:20]) for t in bad[:5])}.",
            f.line,
            f.name,
            section="2.5.8",
        )


def _same_url(fetched: str, canonical: str) -> bool:
    # Scheme and host are case-insensitive (RFC 3986 §6.2.2.1); the path is not.
    def norm(u: str) -> str:
        m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)(.*)$", u.strip())
        if not m:
            return u.strip()
        return m.group(1).lower() + (m.group(2) or "/")

    return norm(fetched) == norm(canonical)
