"""The one error the fetcher raises: a refused or failed fetch, with a machine-readable code."""

from __future__ import annotations

ERROR_CODES = frozenset(
    {
        "refused_scheme",
        "refused_port",
        "refused_address",
        "dns_failure",
        "too_many_redirects",
        "timeout",
        "too_large",
        "not_html",
        "http_error",
        "connect_error",
    }
)


class FetchError(Exception):
    """A fetch that was refused or failed; `code` is machine-readable, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown fetch error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"FetchError({self.code!r}, {self.message!r})"

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
