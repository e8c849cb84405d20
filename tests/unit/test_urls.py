"""server.urls: the shared vectors, the contract, and properties over generated input."""

from __future__ import annotations

import itertools
import json
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from server import urls
from server.urls import (
    MAX_URL_LENGTH,
    TRACKING_PARAMS,
    TRACKING_PREFIXES,
    InvalidURL,
    canonicalize,
    fold_variants,
    host_chain,
    is_public_suffix,
    normalize_host,
    registrable_domain,
    split,
    url_sha256,
)

VECTORS_PATH = Path(__file__).resolve().parents[1] / "vectors" / "canonical_urls.json"
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
ERROR_CODES = {
    "empty",
    "too_long",
    "unsupported_scheme",
    "no_host",
    "bad_host",
    "bad_port",
    "malformed",
}
PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _vector_id(case: dict) -> str:
    text = case["input"]
    return repr(text if len(text) <= 60 else text[:57] + "...")


# --------------------------------------------------------------------------- shared vectors


def test_vector_file_shape():
    assert 50 <= len(VECTORS) <= 150
    inputs = [case["input"] for case in VECTORS]
    assert len(inputs) == len(set(inputs)), "duplicate inputs in the vector file"
    for case in VECTORS:
        assert set(case) in ({"input", "canonical", "folded"}, {"input", "error"}), case
        assert isinstance(case["input"], str)
    codes = {case["error"] for case in VECTORS if "error" in case}
    assert codes == ERROR_CODES, "every error code should have a vector"
    assert sum("canonical" in case for case in VECTORS) >= 40


@pytest.mark.parametrize("case", VECTORS, ids=_vector_id)
def test_vector(case):
    if "error" in case:
        with pytest.raises(InvalidURL) as info:
            canonicalize(case["input"])
        assert info.value.code == case["error"]
    else:
        assert canonicalize(case["input"]) == case["canonical"]
        assert canonicalize(case["canonical"]) == case["canonical"]
        assert fold_variants(case["canonical"]) == case["folded"]
        assert fold_variants(case["folded"]) == case["folded"]


# --------------------------------------------------------------------------- contract


def test_constants():
    assert MAX_URL_LENGTH == 2048
    assert TRACKING_PREFIXES == ("utm_",)
    assert isinstance(TRACKING_PARAMS, frozenset)
    expected = {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid",
        "mc_eid", "igshid", "_ga", "_gl", "ocid", "cmpid", "smid", "ref_src",
        "__twitter_impression", "at_medium", "at_campaign", "wt_mc",
    }  # fmt: skip
    assert expected == TRACKING_PARAMS
    for name in expected:
        assert name in (urls.__doc__ or ""), f"{name} is not documented in the module docstring"


def test_invalid_url_is_a_value_error_with_code_and_message():
    with pytest.raises(ValueError) as info:
        canonicalize("ftp://example.com/")
    err = info.value
    assert isinstance(err, InvalidURL)
    assert err.code == "unsupported_scheme"
    assert err.message == str(err)
    assert err.message.endswith(".")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.code, copy.message) == (err.code, err.message)


@pytest.mark.parametrize("raw", ["rt.com/x", "www.rt.com", "rt.com:8080/x", "localhost:5000"])
def test_scheme_less_input_says_to_include_the_scheme(raw):
    with pytest.raises(InvalidURL) as info:
        canonicalize(raw)
    assert info.value.code in ("unsupported_scheme", "malformed")
    assert "http://" in info.value.message and "https://" in info.value.message


@pytest.mark.parametrize("value", [None, 42, b"https://rt.com/"])
def test_non_strings_raise_invalid_url(value):
    with pytest.raises(InvalidURL):
        canonicalize(value)


def test_too_long_counts_the_stripped_input():
    url = "https://example.com/" + "a" * (MAX_URL_LENGTH - len("https://example.com/"))
    assert canonicalize("   " + url + "\n") == url
    with pytest.raises(InvalidURL) as info:
        canonicalize(url + "a")
    assert info.value.code == "too_long"


def test_http_and_https_are_the_same_article():
    assert canonicalize("http://rt.com/a") == canonicalize("https://rt.com/a")


def test_idn_hosts_use_non_transitional_processing():
    assert canonicalize("https://faß.de/") != canonicalize("https://fass.de/")
    assert canonicalize("https://xn--fa-hia.de/") == canonicalize("https://FAß.de/")


def test_split_and_sha():
    assert split("https://rt.com/a/b?c=1") == ("rt.com", "/a/b")
    assert split("https://rt.com:8443/") == ("rt.com", "/")
    assert split("https://[2001:db8::1]:8080/x") == ("[2001:db8::1]", "/x")
    digest = url_sha256("https://rt.com/")
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == url_sha256("https://rt.com/")
    assert digest != url_sha256("https://rt.com/a")


def test_registrable_domain_and_public_suffixes():
    assert registrable_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("BBC.CO.UK.") == "bbc.co.uk"
    assert registrable_domain("co.uk") is None
    assert registrable_domain("someone.github.io") == "someone.github.io"
    assert registrable_domain("github.io") is None
    assert registrable_domain("192.0.2.1") is None
    assert registrable_domain("[::1]") is None
    assert registrable_domain("") is None
    assert registrable_domain("xn--e1afmkfd.xn--p1ai") == "xn--e1afmkfd.xn--p1ai"
    assert is_public_suffix("com") and is_public_suffix("co.uk") and is_public_suffix("github.io")
    assert not is_public_suffix("rt.com")
    assert not is_public_suffix("192.0.2.1")


def test_host_chain_examples():
    assert host_chain("a.b.rt.com") == ["a.b.rt.com", "b.rt.com", "rt.com"]
    assert host_chain("rt.com") == ["rt.com"]
    assert host_chain("news.bbc.co.uk") == ["news.bbc.co.uk", "bbc.co.uk"]
    assert host_chain("x.someone.github.io") == ["x.someone.github.io", "someone.github.io"]
    assert host_chain("co.uk") == ["co.uk"]
    assert host_chain("192.0.2.1") == ["192.0.2.1"]
    assert host_chain("[::1]") == ["[::1]"]
    chain = host_chain("a.rt.com")
    chain.append("mutated")
    assert host_chain("a.rt.com") == ["a.rt.com", "rt.com"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RT.com", "rt.com"),
        ("rt.com.", "rt.com"),
        ("  www.rt.com ", "rt.com"),
        ("www.co.uk", "www.co.uk"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("192.0.2.1", "192.0.2.1"),
        ("[2001:DB8::1]", "[2001:db8::1]"),
        ("2001:db8::1", "[2001:db8::1]"),
    ],
)
def test_normalize_host(text, expected):
    assert normalize_host(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("  ", "empty"),
        (".", "empty"),
        ("https://rt.com", "bad_host"),
        ("rt.com/news", "bad_host"),
        ("rt.com:443", "bad_host"),
        ("rt..com", "bad_host"),
        ("exa mple.com", "bad_host"),
        ("999.1.1.1", "bad_host"),
        ("a" * 64 + ".com", "bad_host"),
        ("[1.2.3.4]", "bad_host"),
    ],
)
def test_normalize_host_rejects(text, code):
    with pytest.raises(InvalidURL) as info:
        normalize_host(text)
    assert info.value.code == code


# --------------------------------------------------------------------------- strategies

# Printable junk: control characters are covered by plain st.text() in any_input.
junk = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=4)
label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
unicode_label = st.text(
    alphabet=st.characters(min_codepoint=0xA1, max_codepoint=0x52F), min_size=1, max_size=6
)
suffix = st.sampled_from(
    ["com", "org", "de", "co.uk", "com.br", "github.io", "xn--p1ai", "рф", "local", "123"]
)
variant_label = st.sampled_from(["www", "WWW", "m", "amp", "mobile"])


@st.composite
def domains(draw, allow_unicode=True):
    labels = draw(
        st.lists(label | unicode_label if allow_unicode else label, min_size=1, max_size=3)
    )
    prefix = draw(st.lists(variant_label, max_size=2))
    name = ".".join([*prefix, *labels, draw(suffix)])
    if draw(st.booleans()):
        name = name.upper()
    if draw(st.integers(0, 9)) == 0:
        name += "."
    return name


hosts = st.one_of(
    domains(),
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda ip: f"[{ip}]"),
    st.sampled_from(["", "[::1", "[fe80::1%25eth0]", "999.1.1.1", "a..b", "-x-.com", "%zz.com"]),
    junk,
)
path_segments = st.one_of(
    st.from_regex(r"[A-Za-z0-9_~-]{1,8}", fullmatch=True),
    st.sampled_from(
        [".", "..", "%2e", "%2E%2e", "index.html", "index.php", "amp", "story.amp", "x.amp.html",
         "%7e", "%41", "%7C", "%zz", "%", "é", "a b", "@rt", "", "'", ";p=1", "%F0%9F%93%B0"]
    ),
    junk,
)  # fmt: skip
query_keys = st.one_of(
    st.sampled_from(
        ["utm_source", "UTM_Medium", "utm_", "fbclid", "GCLID", "_ga", "ref_src", "a", "b", "B",
         "q", "amp", "_amp", "outputType", "id", "", "utm", "x%5Fy", "utm%5Fsource"]
    ),
    junk,
)  # fmt: skip
query_values = st.one_of(
    st.sampled_from(["", "1", "amp", "AMP", "a+b", "%2B", "x y", "é", "'", "?", "=", "%zz"]),
    junk,
)


@st.composite
def url_like(draw):
    scheme = draw(
        st.sampled_from(["https"] * 5 + ["http"] * 3 + ["HTTP", "HtTpS", "ftp", "", "h", "*"])
    )
    if scheme == "*":
        scheme = draw(junk)
    sep = draw(st.sampled_from(["://"] * 8 + [":/", ":", ":///", ""]))
    userinfo = draw(st.sampled_from(["", "", "user@", "user:pw@", "@", "a@b@"]))
    host = draw(hosts)
    port = draw(
        st.sampled_from(["", "", ":", ":80", ":443", ":0443", ":8080", ":65536", ":x1"])
        | st.integers(0, 70000).map(lambda n: f":{n}")
    )
    path = "".join("/" + s for s in draw(st.lists(path_segments, max_size=5)))
    if draw(st.booleans()):
        path += "/"
    pairs = draw(st.lists(st.tuples(query_keys, st.sampled_from(["=", "", "=="]), query_values)))
    query = ""
    if pairs or draw(st.booleans()):
        query = "?" + "&".join(k + eq + v for k, eq, v in pairs)
    fragment = draw(st.sampled_from(["", "#", "#frag", "#!/x?y=1"]))
    pad = draw(st.sampled_from(["", " ", "\n\t"]))
    return pad + scheme + sep + userinfo + host + port + path + query + fragment + pad


any_input = st.one_of(st.text(), url_like())


def _check_canonical(url: str) -> None:
    assert url.startswith("https://")
    assert len(url) <= MAX_URL_LENGTH
    assert "#" not in url
    assert url.isascii() and " " not in url
    assert canonicalize(url) == url, "canonicalize is not idempotent"
    host, path = split(url)
    assert host and path.startswith("/")
    assert path == "/" or not path.endswith("/")
    assert not re.search(r"/index\.(html?|php)$", path)
    assert re.fullmatch(r"(?:[^%]|%[0-9A-F]{2})*", url), "escapes must be upper-case hex"
    assert not re.search(r"%(?:[46][1-9A-F]|[57][0-9A]|3[0-9]|2D|2E|5F|7E)", url), (
        "unreserved characters must not be escaped"
    )
    _, _, query = url.partition("?")
    if "?" in url:
        assert query
        keys = [piece.partition("=")[0] for piece in query.split("&")]
        assert all(piece for piece in query.split("&"))
        assert keys == sorted(keys)
        for key in keys:
            lowered = key.lower()
            assert lowered not in TRACKING_PARAMS and not lowered.startswith(TRACKING_PREFIXES)


# --------------------------------------------------------------------------- properties


@PROPERTY_SETTINGS
@given(any_input)
def test_canonicalize_only_raises_invalid_url_and_is_idempotent(raw):
    try:
        url = canonicalize(raw)
    except InvalidURL as exc:
        assert exc.code in ERROR_CODES
        assert isinstance(exc.message, str) and exc.message
        return
    _check_canonical(url)


@PROPERTY_SETTINGS
@given(any_input)
def test_fold_variants_is_idempotent_and_canonical(raw):
    try:
        url = canonicalize(raw)
    except InvalidURL:
        return
    folded = fold_variants(url)
    _check_canonical(folded)
    assert fold_variants(folded) == folded
    assert canonicalize(folded) == folded
    assert len(folded) <= len(url)
    host, path = split(folded)
    first = host.partition(".")[0]
    assert first not in ("m", "amp", "mobile") or registrable_domain(host.partition(".")[2]) is None
    assert not path.startswith("/amp/") and not path.endswith("/amp") and path != "/amp"
    assert not re.fullmatch(r"(.+)\.amp(\.[A-Za-z0-9]+)?", path.rpartition("/")[2])


@PROPERTY_SETTINGS
@given(st.text(max_size=40))
def test_normalize_host_only_raises_invalid_url(text):
    try:
        host = normalize_host(text)
    except InvalidURL as exc:
        assert exc.code in ERROR_CODES
        return
    assert normalize_host(host) == host
    assert canonicalize(f"https://{host}/") == f"https://{host}/"


# Valid articles, to check that equivalent spellings agree.
@st.composite
def articles(draw):
    host = ".".join(
        [*draw(st.lists(label, min_size=1, max_size=2)), draw(suffix.filter(str.isalpha))]
    )
    segments = draw(st.lists(st.from_regex(r"[A-Za-z0-9_~-]{1,8}", fullmatch=True), max_size=4))
    keys = draw(st.lists(st.from_regex(r"[a-z]{1,4}", fullmatch=True), max_size=4, unique=True))
    keys = [k for k in keys if k not in ("amp", "ocid", "smid") and not k.startswith("utm")]
    pairs = [(k, draw(st.from_regex(r"[A-Za-z0-9]{0,4}", fullmatch=True))) for k in keys]
    return host, "/" + "/".join(segments), pairs


def _build(scheme, host, path, pairs, fragment=""):
    query = "&".join(f"{k}={v}" for k, v in pairs)
    return f"{scheme}://{host}{path}" + (f"?{query}" if query else "") + fragment


@PROPERTY_SETTINGS
@given(articles(), st.data())
def test_equivalent_spellings_canonicalize_alike(article, data):
    host, path, pairs = article
    assume(not host.startswith("www."))
    base = canonicalize(_build("https", host, path, pairs))
    trackers = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from([*sorted(TRACKING_PARAMS), "utm_source", "UTM_Campaign", "utm_x"]),
                st.from_regex(r"[A-Za-z0-9]{0,6}", fullmatch=True),
            ),
            max_size=4,
        )
    )
    noisy = list(pairs)
    for tracker in trackers:
        noisy.insert(data.draw(st.integers(0, len(noisy))), tracker)
    shuffled = data.draw(st.permutations(noisy))
    variant_host = data.draw(st.sampled_from([host, host.upper(), "www." + host, f"{host}."]))
    variant_host = (
        data.draw(st.sampled_from(["", "user:pw@"]))
        + variant_host
        + data.draw(st.sampled_from(["", ":80", ":443"]))
    )
    variant_path = path + data.draw(st.sampled_from(["", "/", "/index.html", "/./", "/x/.."]))
    scheme = data.draw(st.sampled_from(["http", "https", "HTTPS"]))
    fragment = data.draw(st.sampled_from(["", "#top", "#"]))
    assert canonicalize(_build(scheme, variant_host, variant_path, shuffled, fragment)) == base


@PROPERTY_SETTINGS
@given(articles(), st.sampled_from(["m.", "amp.", "mobile.", "m.amp."]), st.booleans())
def test_fold_variants_undoes_amp_and_mobile_forms(article, host_prefix, amp_path):
    host, path, pairs = article
    # On a public suffix such as x0.com, m.x0.com is a site of its own: nothing to fold.
    assume(not urls.is_public_suffix(host))
    main = fold_variants(canonicalize(_build("https", host, path, pairs)))
    amp_url = _build("https", host_prefix + host, ("/amp" + path) if amp_path else path, pairs)
    assert fold_variants(canonicalize(amp_url)) == main
    with_param = _build("https", host, path, [*pairs, ("outputType", "amp"), ("amp", "1")])
    assert fold_variants(canonicalize(with_param)) == main


@PROPERTY_SETTINGS
@given(domains(allow_unicode=False))
def test_host_chain_walks_up_to_the_registrable_domain(name):
    try:
        url = canonicalize(f"https://{name}/")
    except InvalidURL:
        return
    host, _ = split(url)
    chain = host_chain(host)
    assert chain[0] == host
    reg = registrable_domain(host)
    if reg is None:
        assert chain == [host]
        return
    assert chain[-1] == reg
    for child, parent in itertools.pairwise(chain):
        assert child.endswith("." + parent)
        assert child.count(".") == parent.count(".") + 1


def test_mobile_label_on_a_public_suffix_is_not_folded():
    # x0.com is in the Public Suffix List's private section: m.x0.com is its own site.
    assert fold_variants("https://m.x0.com/") == "https://m.x0.com/"
