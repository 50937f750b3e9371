"""RFC 9116 parser and validator: each MUST and SHOULD, with exact codes, levels and lines."""

from __future__ import annotations

from datetime import datetime, timezone

from nodeward.collect.security_txt import parse_security_txt

NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=timezone.utc)

GOOD = (
    "# Our security policy\n"
    "Contact: mailto:security@example.com\n"
    "Contact: https://example.com/security\n"
    "Expires: 2027-03-31T23:59:59Z\n"
    "Encryption: https://example.com/pgp-key.txt\n"
    "Preferred-Languages: en, fr\n"
    "Canonical: https://example.com/.well-known/security.txt\n"
    "Policy: https://example.com/security-policy\n"
)


def codes(result, level=None):
    found = [(p.code, p.line) for p in result.problems if level is None or p.level == level]
    return sorted(found, key=lambda cl: (cl[1] or 0, cl[0]))


def test_good_file_has_no_errors_or_warnings():
    result = parse_security_txt(GOOD, url="https://example.com/.well-known/security.txt", now=NOW)
    assert result.valid
    assert codes(result, "error") == []
    assert codes(result, "warning") == []
    assert codes(result, "info") == [("not_signed", None)]
    assert result.values("contact") == ["mailto:security@example.com", "https://example.com/security"]
    assert result.expires == datetime(2027, 3, 31, 23, 59, 59, tzinfo=timezone.utc)
    assert result.first("Canonical").line == 7


def test_crlf_line_endings_parse_the_same():
    result = parse_security_txt(GOOD.replace("\n", "\r\n"), now=NOW)
    assert codes(result, "error") == []
    assert result.values("expires") == ["2027-03-31T23:59:59Z"]


def test_expired_file_is_an_error_at_the_expires_line():
    text = GOOD.replace("2027-03-31T23:59:59Z", "2025-01-01T00:00:00Z")
    result = parse_security_txt(text, now=NOW)
    assert codes(result, "error") == [("expired", 4)]
    assert not result.valid


def test_expiry_beyond_a_year_is_a_warning():
    text = GOOD.replace("2027-03-31T23:59:59Z", "2028-01-01T00:00:00+02:00")
    result = parse_security_txt(text, now=NOW)
    assert codes(result, "warning") == [("long_expiry", 4)]
    assert result.valid


def test_duplicate_expires_is_an_error_at_the_second_one():
    text = GOOD + "Expires: 2027-02-01T00:00:00Z\n"
    result = parse_security_txt(text, now=NOW)
    assert codes(result, "error") == [("multi_expire", 9)]


def test_missing_expires_and_contact_are_file_level_errors():
    result = parse_security_txt("Policy: https://example.com/p\n", now=NOW)
    assert codes(result, "error") == [("no_contact", None), ("no_expire", None)]


def test_expires_in_old_rfc5322_format_is_rejected_with_a_hint():
    text = GOOD.replace("2027-03-31T23:59:59Z", "Thu, 31 Dec 2026 18:37:07 -0800")
    result = parse_security_txt(text, now=NOW)
    assert codes(result, "error") == [("invalid_expiry", 4)]
    assert "RFC 5322" in result.errors[0].message


def test_expires_impossible_date_is_rejected():
    text = GOOD.replace("2027-03-31T23:59:59Z", "2027-02-30T10:00:00Z")
    assert codes(parse_security_txt(text, now=NOW), "error") == [("invalid_expiry", 4)]


def test_expires_with_space_separator_is_a_warning():
    text = GOOD.replace("2027-03-31T23:59:59Z", "2027-03-31 23:59:59Z")
    assert codes(parse_security_txt(text, now=NOW), "warning") == [("expiry_space_separator", 4)]


def test_http_contact_is_an_error_and_bare_email_is_not_a_uri():
    text = "Contact: http://example.com/security\nContact: security@example.com\nExpires: 2027-03-31T23:59:59Z\n"
    result = parse_security_txt(text, now=NOW)
    assert codes(result, "error") == [("no_https", 1), ("no_uri", 2)]
    assert "mailto:security@example.com" in result.errors[1].message


def test_signed_file_without_canonical_warns_and_body_lines_keep_file_line_numbers():
    text = (
        "-----BEGIN PGP SIGNED MESSAGE-----\n"
        "Hash: SHA512\n"
        "\n"
        "Contact: mailto:security@example.com\n"
        "Encryption: https://example.com/key.txt\n"
        "Expires: 2027-03-31T23:59:59Z\n"
        "-----BEGIN PGP SIGNATURE-----\n"
        "\n"
        "iHUEARYKAB0WIQ==\n"
        "-----END PGP SIGNATURE-----\n"
    )
    result = parse_security_txt(text, now=NOW)
    assert result.signed
    assert codes(result) == [("no_canonical", None)]
    assert result.first("expires").line == 6


def test_signed_file_with_data_after_signature_and_unescaped_dash():
    text = (
        "-----BEGIN PGP SIGNED MESSAGE-----\n"
        "Hash: SHA256\n"
        "\n"
        "Contact: mailto:security@example.com\n"
        "-- not escaped\n"
        "Expires: 2027-03-31T23:59:59Z\n"
        "Canonical: https://example.com/.well-known/security.txt\n"
        "-----BEGIN PGP SIGNATURE-----\n"
        "abc\n"
        "-----END PGP SIGNATURE-----\n"
        "Contact: mailto:evil@example.org\n"
    )
    result = parse_security_txt(text, now=NOW)
    assert ("data_after_sig", 11) in codes(result, "error")
    assert ("signed_format_issue", 5) in codes(result, "error")
    # The field after the signature is not part of the signed content.
    assert result.values("contact") == ["mailto:security@example.com"]


def test_signed_file_without_signature_block():
    text = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@example.com\n"
    result = parse_security_txt(text, now=NOW)
    assert ("signed_format_issue", 4) in codes(result, "error")


def test_preferred_languages_at_most_once_and_comma_separated():
    text = (
        "Contact: https://example.com/c\n"
        "Expires: 2027-03-31T23:59:59Z\n"
        "Preferred-Languages: en es\n"
        "Preferred-Languages: fr\n"
    )
    assert codes(parse_security_txt(text, now=NOW), "error") == [("invalid_lang", 3), ("multi_lang", 4)]


def test_canonical_must_list_the_fetched_url():
    result = parse_security_txt(GOOD, url="https://other.example/.well-known/security.txt", now=NOW)
    assert codes(result, "warning") == [("no_canonical_match", 7)]
    # Host case does not matter.
    assert parse_security_txt(GOOD, url="https://EXAMPLE.com/.well-known/security.txt", now=NOW).warnings == []


def test_unknown_fields_are_allowed_and_common_misspellings_warned():
    text = GOOD + "X-Custom: hello\nAcknowledgements: https://example.com/thanks\n"
    result = parse_security_txt(text, now=NOW)
    assert result.valid
    assert ("unknown_field", 9) in codes(result, "info")
    assert codes(result, "warning") == [("unknown_field", 10)]


def test_syntax_problems_missing_space_whitespace_before_colon_no_colon_and_last_line_without_newline():
    text = "Contact:mailto:a@example.com\nExpires : 2027-03-31T23:59:59Z\njust some words\nPolicy: https://x.example/p"
    result = parse_security_txt(text, now=NOW)
    assert codes(result, "error") == [
        ("no_space", 1),
        ("prec_ws", 2),
        ("invalid_line", 3),
        ("no_line_separators", 4),
    ]


def test_bytes_with_bom_and_invalid_utf8():
    assert ("bom_in_file", 1) in codes(parse_security_txt(b"\xef\xbb\xbf" + GOOD.encode(), now=NOW))
    data = GOOD.encode().replace(b"Contact: https", b"Contact: \xff https")
    assert ("utf8", 3) in codes(parse_security_txt(data, now=NOW))


def test_inline_key_in_encryption_is_rejected():
    text = GOOD.replace("https://example.com/pgp-key.txt", "-----BEGIN PGP PUBLIC KEY BLOCK-----")
    assert codes(parse_security_txt(text, now=NOW), "error") == [("no_uri", 5)]


def test_naive_now_is_taken_as_utc():
    text = GOOD.replace("2027-03-31T23:59:59Z", "2026-11-26T12:30:00Z")
    assert parse_security_txt(text, now=datetime(2026, 11, 26, 12, 0, 0)).valid
    assert not parse_security_txt(text, now=datetime(2026, 11, 26, 13, 0, 0)).valid


def test_control_and_bidi_override_characters_make_the_line_invalid():
    text = "Contact: mailto:a@example.com\u202e\nContact: mailto:\x1b[31mb@example.com\nExpires: 2027-03-31T23:59:59Z\n"
    result = parse_security_txt(text, now=NOW)
    assert sorted((p.code, p.line) for p in result.errors if p.line) == [("invalid_line", 1), ("invalid_line", 2)]
    assert [p.code for p in result.errors if p.line is None] == ["no_contact"]
