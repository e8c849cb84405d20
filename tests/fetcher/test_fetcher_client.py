"""End to end against a real HTTP server on 127.0.0.1 (reached through the allow list)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
from dataclasses import replace

import httpx
import pytest

from server.fetcher import FetchError, FetchPolicy, PageMetadata, fetch_metadata, fetch_page
from server.fetcher.metadata import cache_key
from server.fetcher.transport import PinnedBackend, PinnedTransport

REUTERS = "http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A"


def fetch_error(url: str, policy: FetchPolicy) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch_metadata(url, policy)
    return info.value


def test_news_article_with_json_ld(server, local_policy, connections) -> None:
    meta = fetch_metadata(server.url("/article"), local_policy)
    assert isinstance(meta, PageMetadata)
    assert meta.url == meta.final_url == server.url("/article")
    assert meta.title == "Harbour council approves ferry subsidy after late-night vote"
    assert meta.authors == ["Alys Whitcombe", "Tomasz Brodzki"]
    assert meta.publisher == "Coastal Ledger Media Ltd"
    assert meta.published == "2023-05-14T22:41:07+01:00"
    assert meta.canonical_url == server.url("/2023/05/14/harbour-council-ferry-subsidy/")
    data = meta.to_dict()
    # the keys it always had, plus where each date came from
    assert set(data) == {
        "url", "final_url", "canonical_url", "title", "site_name", "publisher", "authors",
        "published", "modified", "language", "description", "claim_review", "fetched_at",
        "published_source", "modified_source",
    }  # fmt: skip
    assert (data["published_source"], data["modified_source"]) == ("json-ld", "json-ld")
    assert data["fetched_at"].endswith("+00:00")
    assert connections.attempts == [("127.0.0.1", server.port)]
    # the request said who we are and what we accept
    assert server.requests == [("/article", f"127.0.0.1:{server.port}")]


def test_reuters_reference_page(server, local_policy) -> None:
    url = server.url("/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A")
    meta = fetch_metadata(url, local_policy)
    assert meta.title == "Russia denies Reuters report on rise in Syria losses"
    assert meta.publisher == "Reuters"
    assert meta.authors == ["Reuters Staff"]
    assert meta.published is not None and meta.published.startswith("2017-08-02")
    assert meta.canonical_url == REUTERS
    assert meta.final_url == url


def test_opengraph_only_page(server, local_policy) -> None:
    meta = fetch_metadata(server.url("/og"), local_policy)
    assert meta.title == "Wind farm plan divides valley"
    assert meta.site_name == "Valley Courier"
    assert meta.authors == ["Dana Okafor"]
    assert meta.published == "2024-02-29T07:15:00-05:00"


def test_russian_page_in_windows_1251_declared_in_header(server, local_policy) -> None:
    meta = fetch_metadata(server.url("/ru"), local_policy)
    assert meta.title == "Минобороны опровергло сообщение о потерях в Сирии"  # noqa: RUF001
    assert meta.site_name == "Вечерний вестник"
    assert meta.authors == ["Ирина Соколова"]
    assert meta.language == "ru"


def test_fact_check_page_with_claim_review(server, local_policy) -> None:
    meta = fetch_metadata(server.url("/factcheck"), local_policy)
    assert meta.claim_review is not None
    assert meta.claim_review["rating"] == "Mostly false"
    assert meta.claim_review["item_reviewed_url"] == (
        "https://broadcaster.example/news/398374-losses-report/"
    )
    assert meta.claim_review["claim_reviewed"].startswith("The defence ministry publishes")


def test_xhtml_gzip_and_raw_deflate_bodies(server, local_policy) -> None:
    for path in ("/xhtml", "/gzip", "/deflate-raw"):
        assert fetch_metadata(server.url(path), local_policy).title == (
            "Wind farm plan divides valley"
        ), path


@pytest.mark.parametrize("hops", [3, 5])
def test_redirect_chain_is_followed(server, local_policy, hops) -> None:
    meta = fetch_metadata(server.url(f"/redirect/{hops}"), local_policy)
    assert meta.url == server.url(f"/redirect/{hops}")
    assert meta.final_url == server.url("/redirect/0")
    assert meta.title == "Harbour council approves ferry subsidy after late-night vote"
    assert len(server.requests) == hops + 1


def test_six_redirects_is_too_many(server, local_policy) -> None:
    err = fetch_error(server.url("/redirect/6"), local_policy)
    assert err.code == "too_many_redirects"
    assert "5 redirects" in err.message
    assert len(server.requests) == 6  # the seventh hop was never requested


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("/to-metadata", "refused_address", ["169.254.169.254", "link-local"]),
        ("/to-private", "refused_address", ["10.0.0.1", "private"]),
        ("/to-decimal-private", "refused_address", ["167772161", "10.0.0.1", "private"]),
        ("/to-ftp", "refused_scheme", ["ftp"]),
        ("/to-file", "refused_scheme", ["file"]),
    ],
)
def test_redirect_to_a_forbidden_place_is_refused_on_that_hop(
    server, local_policy, connections, path, code, words
) -> None:
    err = fetch_error(server.url(path), local_policy)
    assert err.code == code
    for word in words:
        assert word in err.message
    # only the first hop, to the test server, ever connected
    assert connections.attempts == [("127.0.0.1", server.port)]
    assert server.paths() == [path]


def test_allow_list_by_ip_does_not_cover_other_loopback_spellings(server) -> None:
    # 127.0.0.1 is allowed, so the decimal spelling of it is too (same address) ...
    policy = FetchPolicy.from_string("127.0.0.1")
    assert fetch_metadata(f"http://2130706433:{server.port}/og", policy).title
    # ... but ::1 is another address, and stays refused.
    assert fetch_error(f"http://[::1]:{server.port}/og", policy).code == "refused_address"


def test_default_policy_refuses_the_test_server(server, connections, monkeypatch) -> None:
    monkeypatch.delenv("MASTHEAD_FETCH_ALLOW", raising=False)
    err = fetch_error(server.url("/article"), FetchPolicy())
    assert err.code == "refused_address"
    assert err.message == "refused: 127.0.0.1 is a loopback address"
    with pytest.raises(FetchError):
        fetch_metadata(server.url("/article"))  # policy from the environment: empty
    assert connections.attempts == []
    assert server.requests == []


def test_environment_allow_list_is_the_default_policy(server, monkeypatch) -> None:
    monkeypatch.setenv("MASTHEAD_FETCH_ALLOW", "127.0.0.1")
    assert fetch_metadata(server.url("/og")).title == "Wind farm plan divides valley"


def test_connects_to_the_checked_address_not_a_second_lookup(
    server, local_policy, fake_dns, connections
) -> None:
    # A rebinding DNS server: the first answer passes the check, later ones point inside.
    calls = fake_dns({"news.example": [["127.0.0.1"], ["10.0.0.1"]]})
    meta = fetch_metadata(f"http://news.example:{server.port}/echo-host", local_policy)
    assert calls == ["news.example"]  # resolved once, by the check
    assert connections.attempts == [("127.0.0.1", server.port)]
    # Host header (and for https, SNI) still carry the name
    assert meta.title == f"news.example:{server.port}"


def test_redirect_hops_are_each_resolved_and_checked(
    server, local_policy, fake_dns, connections
) -> None:
    # The server redirects to another path on the same name: the second hop is checked
    # again, and this time the name points inside.
    calls = fake_dns({"news.example": [["127.0.0.1"], ["10.0.0.1"]]})
    err = fetch_error(f"http://news.example:{server.port}/to-same-host", local_policy)
    assert err.code == "refused_address"
    assert "news.example resolves to 10.0.0.1, a private address" in err.message
    assert calls == ["news.example", "news.example"]
    assert connections.attempts == [("127.0.0.1", server.port)]
    assert server.paths() == ["/to-same-host"]


def test_huge_body_is_too_large(server, local_policy) -> None:
    for path in ("/huge", "/huge-unannounced"):
        err = fetch_error(server.url(path), local_policy)
        assert err.code == "too_large", path
        assert "2 MB" in err.message


def test_smaller_cap_applies(server) -> None:
    policy = FetchPolicy(allow=("127.0.0.1",), max_bytes=1000)
    err = fetch_error(server.url("/article"), policy)
    assert err.code == "too_large"


def test_gzip_bomb_is_cut_off_with_bounded_memory(server, local_policy, gzip_bomb) -> None:
    assert len(gzip_bomb) < 1_000_000  # small on the wire, 256 MiB inflated
    tracemalloc.start()
    started = time.monotonic()
    try:
        err = fetch_error(server.url("/gzip-bomb"), local_policy)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.code == "too_large"
    assert elapsed < 5
    assert peak < 20_000_000, f"peak traced memory {peak} bytes"


def test_slow_drip_body_stops_at_total_timeout(server) -> None:
    policy = FetchPolicy(allow=("127.0.0.1",), total_timeout=1.0)
    started = time.monotonic()
    err = fetch_error(server.url("/slow"), policy)
    elapsed = time.monotonic() - started
    assert err.code == "timeout"
    assert "1 s" in err.message
    assert 0.9 < elapsed < 2.0


def test_server_that_never_answers_times_out(server) -> None:
    policy = FetchPolicy(allow=("127.0.0.1",), total_timeout=0.5)
    started = time.monotonic()
    assert fetch_error(server.url("/stall"), policy).code == "timeout"
    assert time.monotonic() - started < 1.5


def test_pdf_is_not_html(server, local_policy) -> None:
    err = fetch_error(server.url("/pdf"), local_policy)
    assert err.code == "not_html"
    assert "application/pdf" in err.message


def test_missing_content_type_is_not_html(server, local_policy) -> None:
    assert fetch_error(server.url("/no-type"), local_policy).code == "not_html"


def test_unsupported_content_encoding(server, local_policy) -> None:
    err = fetch_error(server.url("/brotli"), local_policy)
    assert err.code == "http_error"
    assert "br" in err.message


def test_non_2xx_is_http_error(server, local_policy) -> None:
    err = fetch_error(server.url("/missing"), local_policy)
    assert err.code == "http_error"
    assert "404" in err.message


def test_closed_port_is_connect_error(local_policy) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    err = fetch_error(f"http://127.0.0.1:{port}/", local_policy)
    assert err.code == "connect_error"
    assert f"127.0.0.1:{port}" in err.message


def test_results_are_cached_and_errors_are_not(server, local_policy) -> None:
    url = server.url("/flaky")
    assert fetch_error(url, local_policy).code == "http_error"
    first = fetch_metadata(url, local_policy)
    second = fetch_metadata(f"  {url}  ", local_policy)
    assert server.paths() == ["/flaky", "/flaky"]  # the failure, then one success
    assert first.title == second.title == "Wind farm plan divides valley"
    assert second.url == f"  {url}  "
    # the cached copy cannot be changed through a returned object
    first.authors.append("someone")
    assert fetch_metadata(url, local_policy).authors == ["Dana Okafor"]
    # another policy is another cache entry
    fetch_metadata(url, replace(local_policy, user_agent="other"))
    assert server.paths() == ["/flaky", "/flaky", "/flaky"]


def test_cache_key_is_the_canonical_url() -> None:
    try:
        from server.urls import canonicalize
    except ImportError:  # the URL module is optional for the fetcher
        assert cache_key(" http://example.com/a ") == "http://example.com/a"
    else:
        assert cache_key(" http://example.com/a ") == canonicalize("http://example.com/a")
    assert cache_key("not a url") == "not a url"


def test_transport_never_connects_to_an_unchecked_destination(server, connections) -> None:
    backend = PinnedBackend()
    client = httpx.Client(transport=PinnedTransport(backend), trust_env=False)
    with client, pytest.raises(httpx.ConnectError, match="unchecked destination"):
        client.get(server.url("/article"))
    assert connections.attempts == []
    assert server.requests == []


def test_proxy_environment_is_ignored(server, local_policy, monkeypatch, connections) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://10.0.0.1:3128")
    assert fetch_metadata(server.url("/og"), local_policy).title
    assert connections.attempts == [("127.0.0.1", server.port)]


def test_fetch_page_reports_redirects(server, local_policy) -> None:
    page = fetch_page(server.url("/redirect/2"), local_policy)
    assert page.status == 200
    assert page.redirects == [server.url("/redirect/2"), server.url("/redirect/1")]
    assert page.body.startswith(b"<!doctype html>")


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available")
    d = tmp_path_factory.mktemp("tls")
    key, cert = str(d / "key.pem"), str(d / "cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return key, cert


def test_https_sends_the_name_as_sni_to_the_pinned_address_and_verifies_it(
    self_signed, local_policy, fake_dns, connections
) -> None:
    key, cert = self_signed
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    seen: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: seen.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve_one() -> None:
        conn, _ = listener.accept()
        with conn, contextlib.suppress(OSError):
            conn.settimeout(5)
            context.wrap_socket(conn, server_side=True).close()

    thread = threading.Thread(target=serve_one, daemon=True)
    thread.start()
    fake_dns({"news.example": [["127.0.0.1"]]})
    try:
        err = fetch_error(f"https://news.example:{port}/", local_policy)
    finally:
        thread.join(5)
        listener.close()
    assert seen == ["news.example"]  # SNI carried the name, not the address
    assert connections.attempts == [("127.0.0.1", port)]
    # The certificate is checked (ours is self-signed, so it fails): no silent downgrade.
    assert err.code == "connect_error"
    assert "certificate" in err.message.lower()
