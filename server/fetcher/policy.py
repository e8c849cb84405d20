"""FetchPolicy: the limits of one fetch, and the allow list that exempts destinations from
the address and port rules (MASTHEAD_FETCH_ALLOW)."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .addresses import IPAddress, IPNetwork

ALLOW_ENV = "MASTHEAD_FETCH_ALLOW"
DEFAULT_USER_AGENT = "MastheadFetcher/0.1 (+counter-report metadata; a maintainer pasted this URL)"


def _parse_allow_entry(entry: str) -> IPNetwork | str | None:
    entry = entry.strip().lower()
    if not entry:
        return None
    bare = entry[1:-1] if entry.startswith("[") and entry.endswith("]") else entry
    try:
        return ipaddress.ip_network(bare, strict=False)
    except ValueError:
        return entry.rstrip(".")


def _split_allow(allow: tuple[str, ...]) -> tuple[frozenset[str], tuple[IPNetwork, ...]]:
    """Allow-list entries as host names and networks."""
    hosts: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in allow:
        parsed = _parse_allow_entry(entry)
        if isinstance(parsed, str):
            hosts.add(parsed)
        elif parsed is not None:
            networks.append(parsed)
    return frozenset(hosts), tuple(networks)


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
        hosts, networks = _split_allow(allow)
        object.__setattr__(self, "_hosts", hosts)
        object.__setattr__(self, "_networks", networks)

    @classmethod
    def from_string(cls, allow: str | None, **kwargs: object) -> FetchPolicy:
        entries = tuple(a.strip() for a in (allow or "").split(",") if a.strip())
        return cls(allow=entries, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: object) -> FetchPolicy:
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

    def ports_text(self) -> str:
        """The allowed ports in words: "only ports 80 and 443"."""
        ports = sorted(self.allowed_ports)
        if not ports:
            return "no port"
        if len(ports) == 1:
            return f"only port {ports[0]}"
        return "only ports " + ", ".join(str(p) for p in ports[:-1]) + f" and {ports[-1]}"
