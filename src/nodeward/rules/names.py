"""Moved to nodeward.knowledge.names (collectors read the word lists too); kept so rules importing it still work."""

from nodeward.knowledge.names import (
    is_password_function_name,
    is_password_name,
    is_password_param,
    is_secret_name,
    is_session_cookie_name,
    names_a_quantity,
    words,
)

__all__ = [
    "is_password_function_name",
    "is_password_name",
    "is_password_param",
    "is_secret_name",
    "is_session_cookie_name",
    "names_a_quantity",
    "words",
]
