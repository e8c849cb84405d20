"""Address and URL policy for outbound fetches: which URLs may be fetched, and where to connect.

Everything here runs before any connection is opened. `check_url` resolves the host once and
returns the checked addresses; the transport connects only to those (see transport.py).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOW_ENV = "MASTHEAD_FETCH_ALLOW"
DEFAULT_USER_AGENT = "MastheadFetcher/0.1 (+counter-report metadata; a maintainer pasted this URL)"
DEFAULT_PORTS = {"http": 80, "https": 443}

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


def _parse_allow_entry(entry: str) -> IPNetwork | str | None:
    entry = entry.strip().lower()
    if not entry:
        return None
    bare = entry[1:-1] if entry.startswith("[") and entry.endswith("]") else entry
    try:
        return ipaddress.ip_network(bare, strict=False)
    except ValueError:
        return entry.rstrip(".")


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one fetch. `allow` lists host names, IP addresses or CIDR ranges that are
    exempt from the address and port rules (for tests and local development only)."""

    allow: tuple[str, ...] = ()
    allowed_ports: tuple[int, ...] = (80, 443)
    max_redirects: int = 5
    max_bytes: int = 2_000_000
    connect_timeout: float = 5.0
    total_timeout: float = 10.0
    user_agent: str = DEFAULT_USER_AGENT
    _hosts: frozenset[str] = field(init=False, repr=False, compare=False)
    _networks: tuple[IPNetwork, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.allow, str):
            object.__setattr__(self, "allow", tuple(self.allow.split(",")))
        allow = tuple(a.strip() for a in self.allow if a and a.strip())
        object.__setattr__(self, "allow", allow)
        object.__setattr__(self, "allowed_ports", tuple(int(p) for p in self.allowed_ports))
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in allow:
            parsed = _parse_allow_entry(entry)
            if isinstance(parsed, str):
                hosts.add(parsed)
            elif parsed is not None:
                networks.append(parsed)
        object.__setattr__(self, "_hosts", frozenset(hosts))
        object.__setattr__(self, "_networks", tuple(networks))

    @classmethod
    def from_string(cls, allow: str | None, **kwargs: object) -> FetchPolicy:
        entries = tuple(a.strip() for a in (allow or "").split(",") if a.strip())
        return cls(allow=entries, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: object) -> FetchPolicy:
        import os

        env = os.environ if environ is None else environ
        return cls.from_string(env.get(ALLOW_ENV), **kwargs)

    def host_allowed(self, host: str) -> bool:
        return host.lower().rstrip(".") in self._hosts

    def address_allowed(self, address: IPAddress) -> bool:
        candidates: list[IPAddress] = [address]
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            candidates.append(address.ipv4_mapped)
        return any(
            a.version == net.version and a in net for a in candidates for net in self._networks
        )


# --- which addresses are not the public internet ---------------------------------------------

_V4_RANGES: list[tuple[str, str]] = [
    ("0.0.0.0/32", "an unspecified address"),
    ("0.0.0.0/8", "a 'this network' (unspecified) address"),
    ("10.0.0.0/8", "a private address"),
    ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address"),
    ("172.16.0.0/12", "a private address"),
    ("192.0.0.0/24", "a reserved (IETF protocol assignment) address"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.31.196.0/24", "a reserved (AS112) address"),
    ("192.52.193.0/24", "a reserved (AMT) address"),
    ("192.88.99.0/24", "a reserved (6to4 relay) address"),
    ("192.168.0.0/16", "a private address"),
    ("192.175.48.0/24", "a reserved (AS112) address"),
    ("198.18.0.0/15", "a reserved (benchmarking) address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("255.255.255.255/32", "a broadcast address"),
    ("240.0.0.0/4", "a reserved address"),
]
_V6_RANGES: list[tuple[str, str]] = [
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("64:ff9b:1::/48", "a private (local-use NAT64) address"),
    ("100::/64", "a reserved (discard-only) address"),
    ("2001::/32", "a Teredo tunnel address"),
    ("2001:db8::/32", "a documentation address"),
    ("2001::/23", "a reserved (IETF protocol assignment) address"),
    ("3fff::/20", "a documentation address"),
    ("5f00::/16", "a reserved (SRv6) address"),
    ("fc00::/7", "a private (unique local) address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a private (site-local) address"),
    ("ff00::/8", "a multicast address"),
    ("::/8", "a reserved address"),
]
_V4_TABLE = [(ipaddress.IPv4Network(n), r) for n, r in _V4_RANGES]
_V6_TABLE = [(ipaddress.IPv6Network(n), r) for n, r in _V6_RANGES]
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def address_problem(address: IPAddress) -> str | None:
    """Why `address` is not a public internet address (a phrase such as "a loopback address"),
    or None when it is public."""
    if isinstance(address, ipaddress.IPv4Address):
        for net, reason in _V4_TABLE:
            if address in net:
                return reason
        if not address.is_global:
            return "a non-public address"
        return None

    address = ipaddress.IPv6Address(address.packed)  # drop any %scope
    # IPv6 spellings that carry an IPv4 address: judge the embedded address.
    embedded: tuple[str, ipaddress.IPv4Address] | None = None
    if address.ipv4_mapped is not None:
        embedded = ("an IPv4-mapped IPv6 form", address.ipv4_mapped)
    elif address in _NAT64:
        embedded = ("a NAT64 IPv6 form", ipaddress.IPv4Address(address.packed[-4:]))
    elif address.sixtofour is not None:
        embedded = ("a 6to4 IPv6 form", address.sixtofour)
    elif address in _IPV4_COMPATIBLE and int(address) > 1:
        embedded = ("an IPv4-compatible IPv6 form", ipaddress.IPv4Address(address.packed[-4:]))
    if embedded is not None:
        form, v4 = embedded
        inner = address_problem(v4)
        if inner is not None:
            return f"{form} of {v4}, {inner}"
        if form == "an IPv4-compatible IPv6 form":
            return f"{form} of {v4} (deprecated, reserved)"
        return None
    for net6, reason in _V6_TABLE:
        if address in net6:
            return reason
    if not address.is_global:
        return "a non-public address"
    return None


# --- parsing the host of a URL -----------------------------------------------------------------

# What inet_aton accepts: 1-4 parts, each decimal, octal (leading 0) or hex (0x).
_NUMERIC_V4 = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?$")
_HOST_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$")


def parse_numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a numeric IPv4 spelling means, the way inet_aton (and so getaddrinfo)
    reads it: `2130706433`, `0177.0.0.1`, `0x7f.1` and `127.1` all mean 127.0.0.1."""
    host = host.lower()
    if not _NUMERIC_V4.match(host):
        return None
    parts = host.rstrip(".").split(".")
    values: list[int] = []
    for part in parts:
        if part.startswith("0x"):
            values.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not all(c in "01234567" for c in part):
                raise FetchError("refused_address", f"refused: {host} is not a valid IP address")
            values.append(int(part, 8))
        else:
            values.append(int(part))
    # The last part fills all the remaining bytes (inet_aton semantics).
    limits = {1: [2**32], 2: [2**8, 2**24], 3: [2**8, 2**8, 2**16], 4: [2**8] * 4}[len(values)]
    if any(v >= lim for v, lim in zip(values, limits, strict=True)):
        raise FetchError("refused_address", f"refused: {host} is not a valid IP address")
    number = 0
    for v, lim in zip(values, limits, strict=True):
        number = number * lim + v
    return ipaddress.IPv4Address(number)


@dataclass(frozen=True)
class Target:
    """A URL that passed the policy, with the addresses the connection may go to."""

    url: httpx.URL
    host: str  # as httpcore will see it (IDNA / IP text, no brackets)
    port: int
    addresses: tuple[str, ...]


def system_resolve(host: str, port: int, timeout: float | None = None) -> list[str]:
    """getaddrinfo with a time limit (getaddrinfo itself has none)."""
    result: list[str] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            infos = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
            for family, _type, _proto, _canon, sockaddr in infos:
                if family in (socket.AF_INET, socket.AF_INET6):
                    result.append(str(sockaddr[0]))
        except BaseException as exc:
            error.append(exc)

    worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise FetchError("timeout", f"timed out resolving the host name {host}")
    if error:
        exc = error[0]
        if isinstance(exc, (socket.gaierror, UnicodeError, OSError)):
            raise FetchError("dns_failure", f"could not resolve the host name {host}: {exc}")
        raise exc
    return result


def _refuse_scheme(url: str, scheme: str) -> FetchError:
    if not scheme:
        return FetchError(
            "refused_scheme", f"refused: {url!r} is not an absolute http:// or https:// URL"
        )
    return FetchError(
        "refused_scheme", f"refused: only http and https URLs can be fetched, not {scheme}:"
    )


def _ports_text(policy: FetchPolicy) -> str:
    ports = sorted(policy.allowed_ports)
    if not ports:
        return "no port"
    if len(ports) == 1:
        return f"only port {ports[0]}"
    return "only ports " + ", ".join(str(p) for p in ports[:-1]) + f" and {ports[-1]}"


def check_url(
    url: str,
    policy: FetchPolicy,
    *,
    deadline: float | None = None,
    resolve: Callable[[str, int, float | None], list[str]] | None = None,
) -> Target:
    """Check `url` against `policy` and resolve its host once. Raises FetchError on refusal.

    Refused: schemes other than http/https; ports outside policy.allowed_ports; a host any of
    whose addresses is not public (loopback, private, link-local, ...), however spelled.
    Destinations on the allow list (by host name, or by address/CIDR) skip the address and
    port rules.
    """
    url = (url or "").strip()
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

    literal: IPAddress | None = None
    if ":" in raw_host:
        try:
            literal = ipaddress.IPv6Address(raw_host)
        except ValueError:
            raise FetchError(
                "refused_address", f"refused: {raw_host} is not a valid IPv6 address"
            ) from None
    else:
        literal = parse_numeric_ipv4(raw_host)

    # Rebuild the URL so that httpx sees exactly the host that was checked: odd IPv4
    # spellings become dotted quads, and the fragment is never sent.
    netloc = parts.netloc
    if isinstance(literal, ipaddress.IPv4Address) and raw_host != str(literal):
        userinfo, _, _hostport = netloc.rpartition("@")
        new_hostport = str(literal) + (f":{parts.port}" if parts.port is not None else "")
        netloc = f"{userinfo}@{new_hostport}" if userinfo else new_hostport
    try:
        request_url = httpx.URL(urlunsplit((scheme, netloc, parts.path or "/", parts.query, "")))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(
            "refused_address", f"refused: {url!r} is not a valid URL ({exc})"
        ) from None
    host = request_url.raw_host.decode("ascii").lower()
    shown = raw_host if not raw_host.startswith("xn--") else host

    host_allowed = policy.host_allowed(host) or policy.host_allowed(raw_host)
    if literal is not None:
        try:
            same = ipaddress.ip_address(host.split("%", 1)[0]) == ipaddress.ip_address(
                str(literal).split("%", 1)[0]
            )
        except ValueError:
            same = False
        if not same:  # urllib and httpx read the URL differently: refuse, don't guess
            raise FetchError("refused_address", f"refused: {url!r} is an ambiguous URL")
        addresses: list[IPAddress] = [literal]
    else:
        if not _HOST_NAME.match(host) or len(host) > 253:
            raise FetchError("refused_address", f"refused: {shown!r} is not a valid host name")
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        found = (resolve or system_resolve)(host, port, remaining)
        addresses = []
        for text in found:
            try:
                addresses.append(ipaddress.ip_address(text.split("%", 1)[0]))
            except ValueError:
                raise FetchError(
                    "dns_failure", f"{host} resolved to an unusable address {text!r}"
                ) from None
        if not addresses:
            raise FetchError("dns_failure", f"could not resolve the host name {host}: no addresses")

    for address in _unique(addresses):
        if host_allowed or policy.address_allowed(address):
            continue
        problem = address_problem(address)
        if problem is not None:
            if literal is None:
                why = f"{shown} resolves to {address}, {problem}"
            elif isinstance(literal, ipaddress.IPv4Address) and raw_host != str(address):
                why = f"{raw_host} means {address}, {problem}"
            else:
                why = f"{address} is {problem}"
            raise FetchError("refused_address", f"refused: {why}")
        if port not in policy.allowed_ports:
            raise FetchError(
                "refused_port",
                f"refused: port {port} is not allowed ({_ports_text(policy)}, unless the "
                f"destination is on {ALLOW_ENV})",
            )
    return Target(
        url=request_url,
        host=host,
        port=port,
        addresses=tuple(str(a) for a in _unique(addresses)),
    )


def _unique(addresses: Iterable[IPAddress]) -> list[IPAddress]:
    seen: dict[IPAddress, None] = {}
    for a in addresses:
        seen.setdefault(a, None)
    return list(seen)
