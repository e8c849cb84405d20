"""The public base URL records link to, and what it depends on in a request."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

MAX_HOSTS = 1000  # hosts are few; never let odd Host headers pile up


def base_url() -> str:
    """PUBLIC_URL, or the request's own scheme and host."""
    return str(current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/"))


def host_key(environ: dict[str, Any]) -> tuple[Any, ...]:
    """Everything `base_url()` may depend on (record URLs embed it), with or without a
    proxy-header middleware in front."""
    get = environ.get
    return (
        get("wsgi.url_scheme"),
        get("HTTP_HOST"),
        get("SERVER_NAME"),
        get("SERVER_PORT"),
        get("SCRIPT_NAME"),
        get("HTTP_X_FORWARDED_HOST"),
        get("HTTP_X_FORWARDED_PROTO"),
        get("HTTP_X_FORWARDED_PORT"),
        get("HTTP_X_FORWARDED_PREFIX"),
        get("HTTP_FORWARDED"),
    )


_base_urls: dict[tuple[Any, ...], str] = {}


def cached_base_url() -> str:
    """`base_url()`, worked out once per distinct request host."""
    key = host_key(request.environ)
    base = _base_urls.get(key)
    if base is None:
        base = base_url()
        if len(_base_urls) < MAX_HOSTS:
            _base_urls[key] = base
    return base
