"""The issue's "done when": through the API with a token, add an outlet with domains, an
ownership chain with citations and a label; see it in a lookup at once (in this app) and
within 2 s in another app on the same database; edit with If-Match; see history; revert."""

from __future__ import annotations

import time

from server import create_app

from .conftest import entities_payload, outlet_payload

PAGE = "https://www.harbour-ledger.example/2024/03/01/ferry-vote/"


def lookup(client, url: str = PAGE) -> dict:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/lookup", query_string={"url": url})
    assert resp.status_code == 200
    return resp.get_json()


def test_curate_an_outlet_end_to_end(app, client, editor, database_url):
    other = create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "RATELIMIT_STORAGE_URI": "memory://"}
    )
    assert other.config["DATA_VERSION_CHECK_INTERVAL"] == 1.0
    other_client = other.test_client()
    try:
        assert lookup(client)["outlet"] is None
        assert lookup(other_client)["outlet"] is None  # now cached in the other app too

        for ent in entities_payload():
            assert editor.post("/entities", ent).status_code == 201
        created = editor.post("/outlets", outlet_payload())
        assert created.status_code == 201

        # This app sees it at once.
        found = lookup(client)["outlet"]
        assert found["slug"] == "harbour-ledger"
        chain = [edge["object"]["slug"] for edge in found["ownership"]["paths"][0]]
        assert chain == ["coastal-media", "ava-marsh"]
        assert all(edge["citation"]["url"] for edge in found["ownership"]["paths"][0])
        assert found["labels"][0]["issuer"] == "Ofcom"

        # The other app (another worker) within 2 s.
        deadline = time.monotonic() + 2.0
        while lookup(other_client)["outlet"] is None:
            assert time.monotonic() < deadline, "other app did not see the edit within 2 s"
            time.sleep(0.05)

        # Edit with If-Match; the lookup follows at once.
        etag = client.get("/api/v1/outlets/harbour-ledger").headers["ETag"]
        resp = editor.patch(
            "/outlets/harbour-ledger", {"name": "The Harbour Ledger"}, if_match=etag
        )
        assert resp.status_code == 200 and resp.headers["ETag"] == '"2"'
        assert lookup(client)["outlet"]["name"] == "The Harbour Ledger"

        history = editor.get("/outlets/harbour-ledger/history").get_json()["revisions"]
        assert [r["action"] for r in history] == ["update", "create"]
        revert = editor.post(f"/revisions/{history[0]['id']}/revert", if_match='"2"')
        assert revert.status_code == 200
        assert lookup(client)["outlet"]["name"] == "Harbour Ledger"
        history = editor.get("/outlets/harbour-ledger/history").get_json()["revisions"]
        assert [r["action"] for r in history] == ["revert", "update", "create"]
    finally:
        from server.db import engine

        with other.app_context():
            engine().dispose()
