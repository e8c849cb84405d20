"""Which IP addresses are not the public internet, and why (loopback, private, ...)."""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

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
_COMPATIBLE_FORM = "an IPv4-compatible IPv6 form"


def _v4_problem(address: ipaddress.IPv4Address) -> str | None:
    for net, reason in _V4_TABLE:
        if address in net:
            return reason
    return None if address.is_global else "a non-public address"


def _embedded_v4(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 spelling carries (mapped, NAT64, 6to4, compatible), with
    the name of the form."""
    if address.ipv4_mapped is not None:
        return "an IPv4-mapped IPv6 form", address.ipv4_mapped
    if address in _NAT64:
        return "a NAT64 IPv6 form", ipaddress.IPv4Address(address.packed[-4:])
    if address.sixtofour is not None:
        return "a 6to4 IPv6 form", address.sixtofour
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        return _COMPATIBLE_FORM, ipaddress.IPv4Address(address.packed[-4:])
    return None


def _v6_problem(address: ipaddress.IPv6Address) -> str | None:
    address = ipaddress.IPv6Address(address.packed)  # drop any %scope
    embedded = _embedded_v4(address)
    if embedded is not None:
        # IPv6 spellings that carry an IPv4 address: judge the embedded address.
        form, v4 = embedded
        inner = _v4_problem(v4)
        if inner is not None:
            return f"{form} of {v4}, {inner}"
        if form == _COMPATIBLE_FORM:
            return f"{form} of {v4} (deprecated, reserved)"
        return None
    for net6, reason in _V6_TABLE:
        if address in net6:
            return reason
    return None if address.is_global else "a non-public address"


def address_problem(address: IPAddress) -> str | None:
    """Why `address` is not a public internet address (a phrase such as "a loopback address"),
    or None when it is public."""
    if isinstance(address, ipaddress.IPv4Address):
        return _v4_problem(address)
    return _v6_problem(address)
