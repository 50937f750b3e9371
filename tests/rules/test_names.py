from __future__ import annotations

import pytest

from nodeward.knowledge.names import is_password_name, is_secret_name, is_session_cookie_name, words


def test_words_split_camel_snake_and_kebab() -> None:
    assert words("userPasswordHash") == ["user", "password", "hash"]
    assert words("plain_pwd") == ["plain", "pwd"]
    assert words("XSRF-TOKEN") == ["xsrf", "token"]
    assert words("req.body.password") == ["req", "body", "password"]


@pytest.mark.parametrize("name", ["password", "userPassword", "plain_pwd", "newpassword", "req.body.password", "pass"])
def test_password_names(name: str) -> None:
    assert is_password_name(name)


@pytest.mark.parametrize(
    "name", ["passport", "bypass", "email", "token", "body", "compass", "passwordResetToken", "user.passwordHash"]
)
def test_not_password_names(name: str) -> None:
    assert not is_password_name(name)


@pytest.mark.parametrize(
    "name", ["resetToken", "otp", "sessionId", "apiKey", "generateResetToken", "createOtp", "csrfSecret", "nonce"]
)
def test_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["index", "jitter", "delay", "color", "sessionCount", "keyboard", "pick"])
def test_not_secret_names(name: str) -> None:
    assert not is_secret_name(name)


@pytest.mark.parametrize("name", ["connect.sid", "auth_token", "sessionId", "jwt", "app.sid", "refresh_token", "sid"])
def test_session_cookie_names(name: str) -> None:
    assert is_session_cookie_name(name)


@pytest.mark.parametrize("name", ["theme", "XSRF-TOKEN", "csrf_token", "lang", "consent"])
def test_not_session_cookie_names(name: str) -> None:
    assert not is_session_cookie_name(name)
