"""Host names and numeric IPv4 spellings, read the way the system resolver reads them."""

from __future__ import annotations

import ipaddress
import re

from .errors import FetchError

# What inet_aton accepts: 1-4 parts, each decimal, octal (leading 0) or hex (0x).
_NUMERIC_V4 = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?$")
_HOST_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$")
# The last part fills all the remaining bytes (inet_aton semantics).
_PART_LIMITS = {1: [2**32], 2: [2**8, 2**24], 3: [2**8, 2**8, 2**16], 4: [2**8] * 4}


def is_host_name(host: str) -> bool:
    """Whether `host` (IDNA-encoded, lower case) is a syntactically valid DNS name."""
    return bool(_HOST_NAME.match(host)) and len(host) <= 253


def _part_value(part: str, host: str) -> int:
    if part.startswith("0x"):
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        if not all(c in "01234567" for c in part):
            raise FetchError("refused_address", f"refused: {host} is not a valid IP address")
        return int(part, 8)
    return int(part)


def parse_numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a numeric IPv4 spelling means, the way inet_aton (and so getaddrinfo)
    reads it: `2130706433`, `0177.0.0.1`, `0x7f.1` and `127.1` all mean 127.0.0.1."""
    host = host.lower()
    if not _NUMERIC_V4.match(host):
        return None
    values = [_part_value(part, host) for part in host.rstrip(".").split(".")]
    limits = _PART_LIMITS[len(values)]
    if any(v >= lim for v, lim in zip(values, limits, strict=True)):
        raise FetchError("refused_address", f"refused: {host} is not a valid IP address")
    number = 0
    for v, lim in zip(values, limits, strict=True):
        number = number * lim + v
    return ipaddress.IPv4Address(number)
