"""The address/URL policy: what is refused, why, and that nothing refused is ever connected to."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.fetcher import FetchError, FetchPolicy, check_url, fetch_metadata
from server.fetcher.safety import address_problem, parse_numeric_ipv4

DEFAULT = FetchPolicy()


@pytest.fixture(autouse=True)
def _no_allow_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MASTHEAD_FETCH_ALLOW", raising=False)


REFUSALS = [
    ("http://127.0.0.1/", "refused_address", ["127.0.0.1", "loopback"]),
    ("http://localhost/", "refused_address", ["localhost", "127.0.0.1", "loopback"]),
    ("http://10.0.0.1/", "refused_address", ["10.0.0.1", "private"]),
    ("http://172.16.5.4/", "refused_address", ["private"]),
    ("http://192.168.1.1/", "refused_address", ["private"]),
    ("http://169.254.169.254/latest/meta-data", "refused_address", ["link-local"]),
    ("http://100.64.0.1/", "refused_address", ["shared"]),
    ("http://0.0.0.0/", "refused_address", ["unspecified"]),
    ("http://255.255.255.255/", "refused_address", ["broadcast"]),
    ("http://224.0.0.251/", "refused_address", ["multicast"]),
    ("http://240.0.0.1/", "refused_address", ["reserved"]),
    ("http://192.0.2.10/", "refused_address", ["documentation"]),
    ("http://198.51.100.7/", "refused_address", ["documentation"]),
    ("http://[::1]/", "refused_address", ["::1", "loopback"]),
    ("http://[::]/", "refused_address", ["unspecified"]),
    ("http://[fd12:3456::1]/", "refused_address", ["private"]),
    ("http://[fe80::1]/", "refused_address", ["link-local"]),
    ("http://[ff02::1]/", "refused_address", ["multicast"]),
    ("http://[2001:db8::1]/", "refused_address", ["documentation"]),
    ("http://[::ffff:127.0.0.1]/", "refused_address", ["IPv4-mapped", "127.0.0.1", "loopback"]),
    ("http://[::ffff:a9fe:a9fe]/", "refused_address", ["IPv4-mapped", "link-local"]),
    ("http://[::127.0.0.1]/", "refused_address", ["IPv4-compatible", "loopback"]),
    ("http://[2002:7f00:1::]/", "refused_address", ["6to4", "127.0.0.1", "loopback"]),
    ("http://[64:ff9b::10.0.0.1]/", "refused_address", ["NAT64", "10.0.0.1", "private"]),
    ("http://2130706433/", "refused_address", ["2130706433", "127.0.0.1", "loopback"]),
    ("http://0177.0.0.1/", "refused_address", ["0177.0.0.1", "127.0.0.1", "loopback"]),
    ("http://0x7f.1/", "refused_address", ["0x7f.1", "127.0.0.1", "loopback"]),
    ("http://127.1/", "refused_address", ["127.0.0.1", "loopback"]),
    ("http://0xa9fea9fe/latest/meta-data", "refused_address", ["169.254.169.254", "link-local"]),
    ("http://012.0.0.1/", "refused_address", ["10.0.0.1", "private"]),
    ("http://127.0.0.1./", "refused_address", ["loopback"]),
    ("http://93.184.216.34:8080/", "refused_port", ["8080", "not allowed"]),
    ("https://93.184.216.34:22/", "refused_port", ["22", "not allowed"]),
    ("ftp://example.org/file.html", "refused_scheme", ["ftp", "only http and https"]),
    ("file:///etc/passwd", "refused_scheme", ["file", "only http and https"]),
    ("gopher://127.0.0.1:6379/_INFO", "refused_scheme", ["gopher"]),
    ("javascript:alert(1)", "refused_scheme", ["javascript"]),
    ("www.example.org/page", "refused_scheme", ["http"]),
    ("http:///nohost", "refused_address", ["no host"]),
    ("http://08.0.0.1/", "refused_address", ["not a valid IP"]),
]


@pytest.mark.parametrize(("url", "code", "words"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_default_policy_refuses_before_connecting(url, code, words, connections) -> None:
    with pytest.raises(FetchError) as info:
        fetch_metadata(url)  # policy from the (empty) environment
    err = info.value
    assert err.code == code
    assert err.message.startswith("refused")
    for word in words:
        assert word in err.message
    assert connections.attempts == []


def test_default_policy_comes_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASTHEAD_FETCH_ALLOW", " 127.0.0.1, 10.1.0.0/16 ,Intranet.Example ")
    policy = FetchPolicy.from_env()
    assert policy.allow == ("127.0.0.1", "10.1.0.0/16", "Intranet.Example")
    assert FetchPolicy.from_env({}).allow == ()
    assert FetchPolicy.from_string("").allow == ()
    assert FetchPolicy().allowed_ports == (80, 443)
    assert (FetchPolicy().max_redirects, FetchPolicy().max_bytes) == (5, 2_000_000)


def test_allow_list_exempts_ip_and_cidr_from_address_and_port_rules() -> None:
    policy = FetchPolicy.from_string("127.0.0.1,10.1.0.0/16")
    target = check_url("http://127.0.0.1:8080/x?y=1#frag", policy)
    assert target.addresses == ("127.0.0.1",)
    assert (target.host, target.port, str(target.url)) == (
        "127.0.0.1",
        8080,
        "http://127.0.0.1:8080/x?y=1",
    )
    assert check_url("http://10.1.2.3:9000/", policy).addresses == ("10.1.2.3",)
    # Odd spellings of an allowed address are sent as the dotted quad that was checked.
    assert str(check_url("http://0x7f.1:81/", policy).url) == "http://127.0.0.1:81/"
    # The neighbours are still refused.
    for url in ("http://127.0.0.2/", "http://10.2.0.1/", "http://[::1]/"):
        with pytest.raises(FetchError) as info:
            check_url(url, policy)
        assert info.value.code == "refused_address"


def test_allow_list_by_host_name() -> None:
    policy = FetchPolicy.from_string("localhost")
    target = check_url("http://LOCALHOST:5000/", policy)
    assert target.host == "localhost"
    assert "127.0.0.1" in target.addresses


def test_refused_if_any_resolved_address_is_private(fake_dns, connections) -> None:
    fake_dns({"mixed.example": [["93.184.216.34", "10.0.0.7"]]})
    with pytest.raises(FetchError) as info:
        fetch_metadata("http://mixed.example/story", DEFAULT)
    assert info.value.code == "refused_address"
    assert "mixed.example resolves to 10.0.0.7, a private address" in info.value.message
    assert connections.attempts == []


def test_name_resolving_to_mapped_ipv6_loopback_is_refused(fake_dns, connections) -> None:
    fake_dns({"sneaky.example": [["::ffff:7f00:1"]]})
    with pytest.raises(FetchError) as info:
        fetch_metadata("https://sneaky.example/", DEFAULT)
    assert info.value.code == "refused_address"
    assert "loopback" in info.value.message
    assert connections.attempts == []


def test_unresolvable_name_is_dns_failure(monkeypatch, connections) -> None:
    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(FetchError) as info:
        fetch_metadata("https://no-such-host.example/", DEFAULT)
    assert info.value.code == "dns_failure"
    assert "no-such-host.example" in info.value.message
    assert connections.attempts == []


def test_invalid_host_names_are_refused_without_lookup(fake_dns) -> None:
    calls = fake_dns({})
    for url in ("http://127%2e0.0.1/", "http://exa mple.com/", "http://a..b/"):
        with pytest.raises(FetchError) as info:
            check_url(url, DEFAULT)
        assert info.value.code == "refused_address", url
    assert calls == []


def test_fetch_error_shape() -> None:
    err = FetchError("timeout", "the page did not arrive in time")
    assert (err.code, err.message, str(err)) == ("timeout", err.message, err.message)
    assert err.to_dict() == {"code": "timeout", "message": "the page did not arrive in time"}
    with pytest.raises(ValueError):
        FetchError("nope", "x")


# --- properties -------------------------------------------------------------------------------

BLOCKED_V4 = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
]


@st.composite
def blocked_v4(draw: st.DrawFn) -> ipaddress.IPv4Address:
    net = ipaddress.IPv4Network(draw(st.sampled_from(BLOCKED_V4)))
    offset = draw(st.integers(0, net.num_addresses - 1))
    return net[offset]


def spellings(ip: ipaddress.IPv4Address) -> list[str]:
    a, b, c, d = ip.packed
    n = int(ip)
    return [
        str(ip),
        str(n),
        hex(n),
        f"0{a:o}.0{b:o}.0{c:o}.0{d:o}",
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"{a}.{b}.{(c << 8) | d}",
        f"0x{a:x}.0x{b:x}.0x{c:x}.0x{d:x}",
        f"{ip!s}.",
        f"[::ffff:{ip}]",
        f"[::ffff:{a << 8 | b:x}:{c << 8 | d:x}]",
        f"[64:ff9b::{ip}]",
        f"[2002:{a << 8 | b:x}:{c << 8 | d:x}::1]",
    ]


@settings(max_examples=150, deadline=None)
@given(ip=blocked_v4(), data=st.data())
def test_every_spelling_of_a_blocked_ipv4_address_is_refused(ip, data) -> None:
    host = data.draw(st.sampled_from(spellings(ip)))
    port = data.draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    with pytest.raises(FetchError) as info:
        check_url(f"http://{host}{port}/", DEFAULT)
    assert info.value.code == "refused_address"
    assert address_problem(ip) is not None


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 3), st.sampled_from(["dec", "oct", "hex"]))
def test_numeric_parse_agrees_with_inet_aton(number, dots, style) -> None:
    ip = ipaddress.IPv4Address(number)
    packed = ip.packed
    groups = {0: [number], 1: [packed[0], int.from_bytes(packed[1:])]}
    groups[2] = [packed[0], packed[1], int.from_bytes(packed[2:])]
    groups[3] = list(packed)
    fmt = {"dec": str, "oct": lambda v: "0" + format(v, "o"), "hex": hex}[style]
    text = ".".join(fmt(v) for v in groups[dots])
    assert parse_numeric_ipv4(text) == ipaddress.IPv4Address(socket.inet_aton(text))


@settings(max_examples=200, deadline=None)
@given(st.ip_addresses(v=4))
def test_public_ipv4_on_port_80_passes_with_that_exact_address(ip) -> None:
    if not ip.is_global or address_problem(ip) is not None:
        with pytest.raises(FetchError):
            check_url(f"http://{ip}/", DEFAULT)
        return
    target = check_url(f"http://{ip}/", DEFAULT)
    assert target.addresses == (str(ip),)
    assert target.host == str(ip)


@settings(max_examples=200, deadline=None)
@given(st.ip_addresses(v=6))
def test_ipv6_literals_are_refused_unless_global(ip) -> None:
    problem = address_problem(ip)
    if not ip.is_global and ip.ipv4_mapped is None:
        assert problem is not None
    try:
        check_url(f"http://[{ip}]/", DEFAULT)
    except FetchError as err:
        assert err.code == "refused_address"
        assert problem is not None
    else:
        assert problem is None
