"""The one exception every URL function raises, and its stable codes."""

from __future__ import annotations

__all__ = ["ERROR_CODES", "MAX_URL_LENGTH", "InvalidURL"]

MAX_URL_LENGTH = 2048

ERROR_CODES = (
    "empty",
    "too_long",
    "unsupported_scheme",
    "no_host",
    "bad_host",
    "bad_port",
    "malformed",
)


class InvalidURL(ValueError):
    """The input cannot be turned into a canonical URL.

    ``code`` is a stable machine-readable reason (one of ``ERROR_CODES``); ``message``
    is a sentence for a human that names the problem.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self):  # type: ignore[no-untyped-def]  # keep pickling working
        return (type(self), (self.code, self.message))


def shorten(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters with "..." when longer (for messages)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
