"""The URL check for outbound fetches: which URLs may be fetched, and where to connect.

Everything here runs before any connection is opened. `check_url` resolves the host once and
returns the checked addresses; the transport connects only to those (see transport.py). The
address rules live in addresses.py, the limits and allow list in policy.py.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpx

from .addresses import IPAddress, address_problem
from .errors import ERROR_CODES, FetchError
from .hosts import is_host_name, parse_numeric_ipv4
from .policy import ALLOW_ENV, DEFAULT_USER_AGENT, FetchPolicy
from .resolve import system_resolve

__all__ = [
    "ALLOW_ENV",
    "DEFAULT_PORTS",
    "DEFAULT_USER_AGENT",
    "ERROR_CODES",
    "FetchError",
    "FetchPolicy",
    "Target",
    "address_problem",
    "check_url",
    "parse_numeric_ipv4",
    "system_resolve",
]

DEFAULT_PORTS = {"http": 80, "https": 443}
Resolve = Callable[[str, int, float | None], list[str]]


@dataclass(frozen=True)
class Target:
    """A URL that passed the policy, with the addresses the connection may go to."""

    url: httpx.URL
    host: str  # as httpcore will see it (IDNA / IP text, no brackets)
    port: int
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class _Parsed:
    """A URL's parts as urllib reads them: scheme, host (lower case, no brackets), port."""

    url: str
    parts: SplitResult
    scheme: str
    raw_host: str
    port: int


def _refuse_scheme(url: str, scheme: str) -> FetchError:
    if not scheme:
        return FetchError(
            "refused_scheme", f"refused: {url!r} is not an absolute http:// or https:// URL"
        )
    return FetchError(
        "refused_scheme", f"refused: only http and https URLs can be fetched, not {scheme}:"
    )


def _parse(url: str) -> _Parsed:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError(
            "refused_address", f"refused: {url!r} is not a valid URL ({exc})"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise _refuse_scheme(url, scheme)
    raw_host = parts.hostname  # lower-cased, brackets removed
    if not raw_host:
        raise FetchError("refused_address", f"refused: {url!r} has no host name")
    try:
        port = parts.port
    except ValueError:
        raise FetchError("refused_port", f"refused: {url!r} has an invalid port") from None
    if port is None:
        port = DEFAULT_PORTS[scheme]
    if not 0 < port < 65536:
        raise FetchError("refused_port", f"refused: port {port} is not a valid port")
    return _Parsed(url, parts, scheme, raw_host, port)


def _literal_address(raw_host: str) -> IPAddress | None:
    """The address an IP-literal host means, or None for a host name."""
    if ":" not in raw_host:
        return parse_numeric_ipv4(raw_host)
    try:
        return ipaddress.IPv6Address(raw_host)
    except ValueError:
        raise FetchError(
            "refused_address", f"refused: {raw_host} is not a valid IPv6 address"
        ) from None


def _request_url(parsed: _Parsed, literal: IPAddress | None) -> httpx.URL:
    """The URL rebuilt so that httpx sees exactly the host that was checked: odd IPv4
    spellings become dotted quads, and the fragment is never sent."""
    parts = parsed.parts
    netloc = parts.netloc
    if isinstance(literal, ipaddress.IPv4Address) and parsed.raw_host != str(literal):
        userinfo, _, _hostport = netloc.rpartition("@")
        new_hostport = str(literal) + (f":{parts.port}" if parts.port is not None else "")
        netloc = f"{userinfo}@{new_hostport}" if userinfo else new_hostport
    try:
        return httpx.URL(urlunsplit((parsed.scheme, netloc, parts.path or "/", parts.query, "")))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(
            "refused_address", f"refused: {parsed.url!r} is not a valid URL ({exc})"
        ) from None


def _same_address(host: str, literal: IPAddress) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]) == ipaddress.ip_address(
            str(literal).split("%", 1)[0]
        )
    except ValueError:
        return False


def _resolved(host: str, port: int, found: list[str]) -> list[IPAddress]:
    addresses: list[IPAddress] = []
    for text in found:
        try:
            addresses.append(ipaddress.ip_address(text.split("%", 1)[0]))
        except ValueError:
            raise FetchError(
                "dns_failure", f"{host} resolved to an unusable address {text!r}"
            ) from None
    if not addresses:
        raise FetchError("dns_failure", f"could not resolve the host name {host}: no addresses")
    return addresses


def _addresses(
    parsed: _Parsed,
    host: str,
    literal: IPAddress | None,
    deadline: float | None,
    resolve: Resolve | None,
) -> list[IPAddress]:
    """The addresses a connection to `host` would go to: the literal, or the host resolved
    once (system_resolve unless `resolve` is given)."""
    if literal is not None:
        if not _same_address(host, literal):  # urllib and httpx read the URL differently
            raise FetchError("refused_address", f"refused: {parsed.url!r} is an ambiguous URL")
        return [literal]
    if not is_host_name(host):
        shown = parsed.raw_host if not parsed.raw_host.startswith("xn--") else host
        raise FetchError("refused_address", f"refused: {shown!r} is not a valid host name")
    remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
    found = (resolve or system_resolve)(host, parsed.port, remaining)
    return _resolved(host, parsed.port, found)


def _why_refused(
    parsed: _Parsed, host: str, literal: IPAddress | None, address: IPAddress, problem: str
) -> str:
    if literal is None:
        shown = parsed.raw_host if not parsed.raw_host.startswith("xn--") else host
        return f"{shown} resolves to {address}, {problem}"
    if isinstance(literal, ipaddress.IPv4Address) and parsed.raw_host != str(address):
        return f"{parsed.raw_host} means {address}, {problem}"
    return f"{address} is {problem}"


def _refuse_unsafe(
    parsed: _Parsed,
    host: str,
    literal: IPAddress | None,
    addresses: list[IPAddress],
    policy: FetchPolicy,
) -> None:
    """Raise unless every address is public and the port allowed, or on the allow list."""
    host_allowed = policy.host_allowed(host) or policy.host_allowed(parsed.raw_host)
    for address in addresses:
        if host_allowed or policy.address_allowed(address):
            continue
        problem = address_problem(address)
        if problem is not None:
            why = _why_refused(parsed, host, literal, address, problem)
            raise FetchError("refused_address", f"refused: {why}")
        if parsed.port not in policy.allowed_ports:
            raise FetchError(
                "refused_port",
                f"refused: port {parsed.port} is not allowed ({policy.ports_text()}, unless "
                f"the destination is on {ALLOW_ENV})",
            )


def check_url(
    url: str,
    policy: FetchPolicy,
    *,
    deadline: float | None = None,
    resolve: Resolve | None = None,
) -> Target:
    """Check `url` against `policy` and resolve its host once. Raises FetchError on refusal.

    Refused: schemes other than http/https; ports outside policy.allowed_ports; a host any of
    whose addresses is not public (loopback, private, link-local, ...), however spelled.
    Destinations on the allow list (by host name, or by address/CIDR) skip the address and
    port rules.
    """
    parsed = _parse((url or "").strip())
    literal = _literal_address(parsed.raw_host)
    request_url = _request_url(parsed, literal)
    host = request_url.raw_host.decode("ascii").lower()
    addresses = _unique(_addresses(parsed, host, literal, deadline, resolve))
    _refuse_unsafe(parsed, host, literal, addresses, policy)
    return Target(
        url=request_url,
        host=host,
        port=parsed.port,
        addresses=tuple(str(a) for a in addresses),
    )


def _unique(addresses: Iterable[IPAddress]) -> list[IPAddress]:
    seen: dict[IPAddress, None] = {}
    for a in addresses:
        seen.setdefault(a, None)
    return list(seen)
