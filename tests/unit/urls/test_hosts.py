"""The one host grammar: fixed decisions, and the server and the extension against the WHATWG
URL parser (Node's ``new URL()``), property-tested.

The property test draws hosts from characters whose UTS #46 status has been stable across the
Unicode versions in play (the server's idna tables, Node's and browsers' own), and random
``xn--`` labels only when they are not Punycode or decode to such characters: a code point
assigned in Unicode 16 is valid for the server and unknown to Node 20. It leaves out
right-to-left scripts: Node 20's URL parser does not apply UTS #46's Bidi rule, which browsers
and the server do, so there the two sides cannot agree under Node; ``test_bidi_rule`` pins the
server's answers instead. For the same reason it never puts two joiners in a row: after a virama
Node 20 lets the second through, which RFC 5892's CONTEXTJ rule (browsers, the server) does not.
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.urls import InvalidURL, canonicalize
from server.urls.hosts import canonical_host
from server.urls.idna_host import punycode_decode

ORACLE = Path(__file__).with_name("host_oracle.mjs")


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("☃.rt.com", "xn--n3h.rt.com"),  # IDNA 2008 would refuse it; browsers open it
        ("XN--N3H.rt.com", "xn--n3h.rt.com"),
        ("faß.de", "xn--fa-hia.de"),  # non-transitional
        (
            "\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25\uff0ecom",
            "example.com",
        ),  # mapped, full-width dot too
        ("a\u00adb.com", "ab.com"),  # soft hyphen is ignored
        ("ab--cd.rt.com", "ab--cd.rt.com"),  # no CheckHyphens
        ("-a.rt.com", "-a.rt.com"),
        ("my_blog.rt.com", "my_blog.rt.com"),
        ("क्\u200c.com", "xn--11b6iv14e.com"),  # ZWNJ after a virama is allowed
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("ب.com", "xn--ngb.com"),
        # UTS #46 maps capital sharp s to ß since Unicode 15.1 (older parsers, Node 20: "ss")
        ("ẞ.com", "xn--zca.com"),
    ],
)
def test_accepted_hosts(host, expected):
    assert canonical_host(host) == expected


@pytest.mark.parametrize(
    "host",
    [
        "xn--rt-.rt.com",  # Punycode of plain "rt": a fake A-label (UTS #46 rev. 33)
        "xn--a.rt.com",  # decodes to U+0080, a control character
        "xn--.rt.com",
        "xn--9ca-.rt.com",  # "9ca" again, ASCII
        "xn---w7aaerl.com",  # not the standard encoding of what it decodes to
        "xn--ZCA-.com",
        "a\u200cb.com",  # ZWNJ without a context that allows it
        "क्\u200c\u200c.com",  # the second ZWNJ follows a ZWNJ, not a virama
        "\u0301a.com",  # starts with a combining mark
        "a*b.com",  # browsers allow '*', the grammar does not
        "\uff11\uff12\uff17.1",  # maps to 127.1, which is not a dotted quad
        "a" * 64 + ".com",
        "a." * 127 + "com",
        "\u00ad" * 1100 + "a.com",  # more than idna's 1024 characters of input
    ],
)
def test_refused_hosts(host):
    with pytest.raises(InvalidURL) as info:
        canonical_host(host)
    assert info.value.code == "bad_host"


@pytest.mark.parametrize(
    ("host", "ok"),
    [("ب.com", True), ("بب1.com", True), ("1ب.com", False), ("1a.ب.com", False),
     ("a-.ب.com", False), ("aب.com", False), ("a.com", True)],
)  # fmt: skip
def test_bidi_rule(host, ok):
    # UTS #46 CheckBidi, as the WHATWG URL Standard sets it: in a domain with a right-to-left
    # label every label must satisfy RFC 5893's Bidi rule. (Node 20 skips this check.)
    try:
        canonical_host(host)
    except InvalidURL:
        assert not ok
    else:
        assert ok


def test_the_issue_hosts_agree_with_the_vectors():
    assert canonicalize("https://☃.rt.com/") == "https://xn--n3h.rt.com/"
    with pytest.raises(InvalidURL):
        canonicalize("https://xn--rt-.rt.com/news/1")


# --------------------------------------------------------------------------- against Node


class Oracle:
    """One Node process answering host questions line by line."""

    def __init__(self, node: str) -> None:
        self.proc = subprocess.Popen(
            [node, str(ORACLE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def ask(self, host: str) -> dict[str, str | None]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(host) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the Node oracle stopped"
        return json.loads(line)

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def oracle() -> Iterator[Oracle]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    o = Oracle(node)
    yield o
    o.close()


# Characters whose UTS #46 status is the same in every table in play (not so U+1E9E, the
# Georgian capitals U+10A0-10C5 or U+2061-2064, changed in Unicode 15.1/16), from every class that
# matters: letters of several scripts (some upper case, so mapped), deviations (ß, ς), symbols
# and emoji (valid for browsers, not for IDNA 2008), full-width and compatibility forms
# (mapped), ignored characters, joiners, combining marks, and dots that map to '.'.
_UNICODE = (
    "éüøłçñÅſΣσςΩДдЁ中文日한국कि्ก\u0e31☃♥★💩😀\uff21\uff42\uff38\uff4e\uff11\uff0e。\uff61ﬁⒶ\u210c\u0131İ²ß"
    "\u00ad\u200b\u200c\u200d\u0301\u0300"
)
_ASCII = "abcxnz0129-_.*"
_char = st.sampled_from(_ASCII + _UNICODE)


def _encode(text: str) -> str:
    try:
        return "xn--" + codecs.encode(text, "punycode").decode("ascii")
    except UnicodeError:
        return "xn--"


def _stable(label: str) -> bool:
    """An xn-- label that is not Punycode, or whose text stays within the characters above."""
    decoded = punycode_decode(label[4:].lower())
    if decoded is None:
        return True
    return all(c.isascii() or c in _UNICODE for c in decoded) and _no_joiner_pairs(decoded)


def _no_joiner_pairs(text: str) -> bool:
    """No joiner right after another once ignored characters are gone (see the module doc)."""
    return re.search("[\u200c\u200d]{2}", re.sub("[\u00ad\u200b]", "", text)) is None


_label = st.one_of(
    st.text(_char, min_size=1, max_size=8).filter(_no_joiner_pairs),
    st.text(st.sampled_from(_UNICODE), min_size=1, max_size=5)
    .filter(_no_joiner_pairs)
    .map(_encode),
    st.from_regex(r"[xX][nN]--[a-z0-9-]{0,8}", fullmatch=True).filter(_stable),
    st.from_regex(r"[a-z0-9]{1,5}", fullmatch=True).map(lambda s: f"xn--{s}-"),
    st.sampled_from(["", "-a", "a-", "ab--cd", "a" * 63, "a" * 64, "0x7f", "08", "255", "1"]),
)
_hosts = st.builds(
    lambda labels, tld, dot: ".".join([*labels, tld]) + dot,
    st.lists(_label, min_size=1, max_size=3),
    st.sampled_from(["com", "de", "рф", "xn--p1ai", "co.uk", "1", "\uff23\uff2f\uff2d"]),
    st.sampled_from(["", "", "", "."]),
)


def _server(host: str) -> str:
    try:
        return canonical_host(host)
    except InvalidURL as exc:
        return "!" + exc.code


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_hosts)
def test_server_and_extension_agree_and_stay_within_the_url_standard(oracle, host):
    answer = oracle.ask(host)
    server = _server(host)
    assert server == answer["extension"], f"server {server!r} vs extension {answer['extension']!r}"
    if not server.startswith("!"):
        assert answer["whatwg"] is not None, "accepted a host the URL Standard refuses"
