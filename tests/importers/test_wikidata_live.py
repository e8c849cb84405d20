"""`flask import --format wikidata`: from a file (dry run, then for real, then again), and
live, fetched over real HTTP from a server on 127.0.0.1 that answers with the recorded
responses of tests/data/wikidata/ (entity JSON per item, SPARQL results for a query)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from server.errors import ValidationFailed
from server.importers.wikidata_live import LiveSettings, fetch_items
from server.models import Outlet

from .conftest import DATA, snapshot

RECORDED = DATA / "wikidata"
ENTITIES = json.loads((RECORDED / "entities.json").read_text("utf-8"))["entities"]


class Recorded(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _json(self, body: Any, content_type: str, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.seen.append((self.path, self.headers.get("Accept", "")))
        prefix = "/wiki/Special:EntityData/"
        if url.path.startswith(prefix) and url.path.endswith(".json"):
            qid = url.path[len(prefix) : -len(".json")]
            if qid in ENTITIES:
                self._json({"entities": {qid: ENTITIES[qid]}}, "application/json; charset=utf-8")
            else:
                self._json({"error": "no such entity"}, "application/json", 404)
        elif url.path == "/sparql" and parse_qs(url.query).get("format") == ["json"]:
            body = json.loads((RECORDED / "sparql.json").read_text("utf-8"))
            self._json(body, "application/sparql-results+json; charset=utf-8")
        elif url.path == "/html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html></html>")
        else:
            self._json({}, "application/json", 404)


@pytest.fixture
def wikidata(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """A local Wikidata the app's live mode is pointed at; yields the requests it saw."""
    seen: list[tuple[str, str]] = []
    handler = type("Handler", (Recorded,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setitem(app.config, "FETCH_ALLOW", "127.0.0.1")
    monkeypatch.setitem(
        app.config, "WIKIDATA_ENTITY_URL", base + "/wiki/Special:EntityData/{qid}.json"
    )
    monkeypatch.setitem(app.config, "WIKIDATA_SPARQL_URL", base + "/sparql")
    try:
        yield seen
    finally:
        server.shutdown()
        server.server_close()


def outlet(session, slug: str) -> Outlet | None:  # type: ignore[no-untyped-def]
    return session.scalar(select(Outlet).where(Outlet.slug == slug))  # type: ignore[no-any-return]


def test_file_dry_run_then_import_then_again(app, runner, session):
    before = snapshot(session)
    args = ["import", str(RECORDED / "entities.json"), "--format", "wikidata"]
    result = runner.invoke(args=[*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("+ outlet 'the-washington-post'") for line in lines)
    assert any("= left out: ignored 2 x P159: unsupported property" in line for line in lines)
    report = json.loads(lines[-1])
    assert report["dry_run"] is True and report["created"] > 0
    assert snapshot(session) == before
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["created"] == report["created"]
    again = runner.invoke(args=args)
    assert json.loads(again.output.splitlines()[-1])["created"] == 0


def test_a_bad_file_is_an_error_naming_its_line(app, runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"entities": {\n  "Q1": {"id": "Q1", "claims": []}\n}}\n', "utf-8")
    result = runner.invoke(args=["import", str(path), "--format", "wikidata"])
    assert result.exit_code == 1
    assert "bad.json: line 2 (Q1): 'claims' must be an object" in result.output


def test_live_items_are_fetched_with_their_owners_and_countries(app, runner, session, wikidata):
    args = ["import", "--format", "wikidata", "--live", "Q166032", "q9531"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    paths = [p for p, _ in wikidata]
    for qid in ("Q166032", "Q9531", "Q312556", "Q30", "Q145"):
        assert f"/wiki/Special:EntityData/{qid}.json" in paths
    assert all(accept == "application/json" for _, accept in wikidata)
    post = outlet(session, "the-washington-post")
    assert post is not None and post.country == "US"
    assert [r.object_entity.wikidata_qid for r in post.relations] == ["Q312556"]
    bbc = outlet(session, "bbc")
    assert bbc is not None and bbc.country == "GB"
    again = runner.invoke(args=args)
    assert json.loads(again.output.splitlines()[-1])["created"] == 0


def test_live_sparql_query_file(app, runner, session, wikidata):
    query = RECORDED / "outlets.rq"
    args = ["import", "--format", "wikidata", "--live", str(query), "--dry-run"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    ((path, accept),) = wikidata
    assert parse_qs(urlsplit(path).query)["query"] == [query.read_text("utf-8")]
    assert accept == "application/sparql-results+json"
    assert "+ outlet 'der-spiegel'" in result.output
    assert outlet(session, "der-spiegel") is None  # a dry run


def test_live_errors_are_one_line_and_write_nothing(app, runner, session, wikidata):
    before = snapshot(session)
    missing = runner.invoke(args=["import", "--format", "wikidata", "--live", "Q404"])
    assert missing.exit_code == 1
    assert "could not fetch" in missing.output and "HTTP 404" in missing.output
    wrong = runner.invoke(args=["import", "--format", "wikidata", "--live", "rt.com"])
    assert wrong.exit_code == 1 and "neither a Wikidata item id" in wrong.output
    csv = runner.invoke(args=["import", "--format", "csv", "--live", "Q1"])
    assert csv.exit_code == 1 and "--format wikidata only" in csv.output
    assert snapshot(session) == before


def test_live_refuses_a_non_json_answer(app, runner, wikidata, monkeypatch):
    base = app.config["WIKIDATA_SPARQL_URL"].rsplit("/", 1)[0]
    monkeypatch.setitem(app.config, "WIKIDATA_ENTITY_URL", base + "/html?{qid}")
    result = runner.invoke(args=["import", "--format", "wikidata", "--live", "Q1"])
    assert result.exit_code == 1 and "text/html" in result.output


def test_live_is_refused_off_the_allow_list(app, runner, wikidata, monkeypatch):
    monkeypatch.setitem(app.config, "FETCH_ALLOW", "")
    result = runner.invoke(args=["import", "--format", "wikidata", "--live", "Q1"])
    assert result.exit_code == 1 and "could not fetch" in result.output


def test_a_live_run_is_bounded_in_items_and_time(app, wikidata):
    settings = LiveSettings.of(app.config)
    one = fetch_items(["Q166032"], replace(settings, max_items=1))
    assert list(one.items) == ["Q166032"]
    assert one.ignored["items not fetched (limit of 1 a run)"] == 2  # Bezos, the USA
    with pytest.raises(ValidationFailed, match="ran out of its"):
        fetch_items(["Q166032"], replace(settings, budget=-1))
