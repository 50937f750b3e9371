"""Heuristics over identifier and cookie names: what looks like a password, a secret token or a session cookie."""

from __future__ import annotations

import re

from nodeward.knowledge.sessions import default_cookie_owner

# Split camelCase, snake_case, kebab-case and dotted names into lower-case words: "userPasswordHash" -> user,
# password, hash. Rules match words, not substrings, so "passport" and "bypass" are not passwords.
_WORD_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(name)]


_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "pw", "pword", "credential"})
# Compound spellings written as one word.
_PASSWORD_COMPOUNDS = re.compile(r"(?:^|[^a-z])(?:user|new|old|plain|raw|current|confirm)?pass(?:word|wd)", re.I)


# Words that make a "password" name about something else: a reset token, a stored hash, a policy, a timestamp.
_NOT_A_PASSWORD = frozenset(
    {"token", "reset", "hash", "hashed", "salt", "length", "policy", "expires", "expiry", "changed", "at", "regex"}
)


def is_password_name(name: str) -> bool:
    """`password`, `userPassword`, `plain_pwd`, `newpassword`, `req.body.password`... but not `passport`, and not
    `passwordResetToken` or `passwordHash` (hashing those quickly is fine)."""
    parts = words(name)
    if _NOT_A_PASSWORD & set(parts):
        return False
    if any(w in _PASSWORD_WORDS for w in parts):
        return True
    return any(_PASSWORD_COMPOUNDS.search(w) for w in parts)


def is_password_function_name(name: str) -> bool:
    """A function that handles passwords: `hashPassword`, `checkPassword`, `encryptPwd` (not `resetPasswordToken`)."""
    parts = words(name)
    if {"token", "reset"} & set(parts):
        return False
    return any(w in _PASSWORD_WORDS for w in parts) or any(_PASSWORD_COMPOUNDS.search(w) for w in parts)


_PLAIN_PASSWORD_PARAM = frozenset({"plain", "plaintext", "cleartext", "secret"})


def is_password_param(name: str) -> bool:
    """A function parameter that holds a password: the password names, plus `plain`/`plaintext` in a hash helper."""
    return is_password_name(name) or name.lower() in _PLAIN_PASSWORD_PARAM


# What Math.random() must not produce: secrets and identifiers an attacker could guess.
_SECRET_WORDS = frozenset(
    {
        "token",
        "otp",
        "totp",
        "hotp",
        "nonce",
        "secret",
        "password",
        "passwd",
        "salt",
        "sid",
        "apikey",
        "csrf",
        "xsrf",
        "pin",
        "passcode",
        "verification",
        "reset",
        "invite",
        "activation",
        "recovery",
    }
)
# Two-word names: "session id", "api key", "reset code", "auth code".
_SECRET_PAIRS = (
    ("session", "id"),
    ("session", "key"),
    ("api", "key"),
    ("access", "key"),
    ("secret", "key"),
    ("auth", "code"),
    ("reset", "code"),
    ("verify", "code"),
    ("confirm", "code"),
    ("one", "time"),
    ("magic", "link"),
    ("auth", "key"),
)


# A name whose last word is a timing or a quantity is about a secret, not the secret: `tokenRefreshOffset` (a random
# jitter before refreshing a token, in ember-simple-auth as shipped by ghost 5), `sessionRetryDelay`, `tokenLength`.
_QUANTITY_WORDS = frozenset(
    {"offset", "delay", "timeout", "interval", "jitter", "backoff", "wait", "ttl", "retry", "retries", "count"}
    | {"length", "len", "size", "index", "idx", "percent", "ratio", "rate", "sample", "sampling", "weight"}
)


def names_a_quantity(name: str) -> bool:
    """`tokenRefreshOffset`, `sessionRetryDelay`, `otpLength`: the last word measures something."""
    parts = words(name)
    return bool(parts) and parts[-1] in _QUANTITY_WORDS


def is_secret_name(name: str) -> bool:
    """A variable, property or function name that stands for a secret value or a guessable identifier."""
    parts = words(name)
    if any(w in _SECRET_WORDS or w.endswith("token") for w in parts):
        return True
    return any(a in parts and b in parts for a, b in _SECRET_PAIRS)


_SESSION_COOKIE_WORDS = frozenset({"sess", "session", "sid", "login", "auth", "token", "jwt", "remember"})


def is_session_cookie_name(name: str) -> bool:
    """Cookie names that carry a session or credential (broader than the Observatory's `login`/`sess`).

    CSRF cookies (`XSRF-TOKEN`, `csrf_token`) are read by scripts on purpose, so they are not session cookies.
    """
    lower = name.lower()
    if "csrf" in lower or "xsrf" in lower:
        return False
    if default_cookie_owner(name) is not None:
        return True
    parts = words(name)
    return any(w in _SESSION_COOKIE_WORDS or w.startswith("sess") or w.endswith("token") for w in parts) or any(
        a in parts and b in parts for a, b in (("access", "token"), ("refresh", "token"), ("id", "token"))
    )
