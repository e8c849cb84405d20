"""Open-data releases: `flask export --release` writes a dated, versioned folder with a
manifest and a changelog generated from revisions; the releases API serves the latest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from server import db
from server.curation import Actor, Curator
from server.models.base import utcnow
from server.openapi import document
from tests.api.openapi_check import response_schema, validate


@pytest.fixture
def release_dir(app, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    root = tmp_path / "releases"
    monkeypatch.setitem(app.config, "RELEASE_DIR", str(root))
    return root


def _release(runner, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["export", "--release", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_change_between_two_releases_is_exactly_the_second_changelog(
    app, seeded, runner, client, release_dir
) -> None:
    first = _release(runner)
    day = utcnow().strftime("%Y.%m.%d")
    assert (first["version"], first["sequence"], first["changes"]) == (day, 1, 0)
    manifest = json.loads((release_dir / day / "manifest.json").read_text())
    assert manifest["previous"] is None and manifest["counts"]["outlets"] > 100
    with app.app_context(), Curator(db.session(), Actor(None, "tester"), comment="renamed") as cur:
        cur.update("outlet", "rt", {"name": "RT (renamed)"}, if_match=None)
    second = _release(runner, str(release_dir))
    assert (second["version"], second["sequence"], second["changes"]) == (f"{day}.2", 2, 1)
    folder = release_dir / second["version"]
    (change,) = json.loads((folder / "changelog.json").read_text())
    assert change["record_type"] == "outlet" and change["record"].startswith("outlet rt (")
    assert (change["action"], change["fields"], change["comment"]) == (
        "update",
        ["name"],
        "renamed",
    )
    assert "outlet rt" in (folder / "CHANGELOG.md").read_text()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["previous"] == day
    assert manifest["last_revision"] == change["revision"]
    for entry in manifest["files"]:
        body = (folder / entry["name"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert len(body) == entry["bytes"]
    outlets = list(csv.DictReader(io.StringIO((folder / "outlets.csv").read_text())))
    assert len(outlets) == manifest["counts"]["outlets"]
    assert {o["name"] for o in outlets if o["slug"] == "rt"} == {"RT (renamed)"}
    rules = list(csv.DictReader(io.StringIO((folder / "domain-rules.csv").read_text())))
    assert len(rules) == manifest["counts"]["domain_rules"]
    assert {"outlet": "rt", "host": "rt.com"}.items() <= next(
        r for r in rules if r["host"] == "rt.com"
    ).items()
    dataset = json.loads((folder / "masthead.json").read_text())
    assert len(dataset["outlets"]) == len(outlets)
    third = _release(runner)
    assert third["changes"] == 0 and third["version"] == f"{day}.3"


def test_the_latest_release_is_served_with_links_and_etags(seeded, runner, client, release_dir):
    _release(runner)
    second = _release(runner)
    resp = client.get("/api/v1/releases/latest")
    assert resp.status_code == 200, resp.get_json()
    manifest = resp.get_json()
    assert manifest["version"] == second["version"] and manifest["sequence"] == 2
    assert manifest["url"].endswith(f"/api/v1/releases/{second['version']}")
    again = client.get("/api/v1/releases/latest", headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304
    entry = next(f for f in manifest["files"] if f["name"] == "outlets.csv")
    path = entry["url"][entry["url"].index("/api/") :]
    got = client.get(path)
    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert hashlib.sha256(got.data).hexdigest() == entry["sha256"]
    assert got.headers["ETag"] == f'"{entry["sha256"]}"'
    assert "immutable" in got.headers["Cache-Control"]
    got.close()
    cached = client.get(path, headers={"If-None-Match": got.headers["ETag"]})
    assert cached.status_code == 304
    cached.close()
    spec = document()
    validate(spec, response_schema(spec, "/api/v1/releases/latest", "get", 200), manifest)
    listing_doc = client.get("/api/v1/releases").get_json()
    validate(spec, response_schema(spec, "/api/v1/releases", "get", 200), listing_doc)
    listing = listing_doc["releases"]
    assert [r["sequence"] for r in listing] == [2, 1]
    assert client.get(f"/api/v1/releases/{second['version']}").get_json() == manifest


def test_only_files_a_manifest_lists_are_served(seeded, runner, client, release_dir):
    version = _release(runner)["version"]
    (release_dir / version / "secret.txt").write_text("not listed")
    for path in (
        f"/api/v1/releases/{version}/secret.txt",
        f"/api/v1/releases/{version}/..%2Fmanifest.json",
        "/api/v1/releases/2001.01.01/masthead.json",
        "/api/v1/releases/latest/masthead.json",
        "/api/v1/releases/not-a-version",
    ):
        resp = client.get(path)
        assert resp.status_code == 404, path
        assert resp.get_json()["error"]["code"] == "not_found"


def test_without_a_release_the_api_says_so(client, tmp_path, app, monkeypatch):
    monkeypatch.setitem(app.config, "RELEASE_DIR", str(tmp_path / "missing"))
    resp = client.get("/api/v1/releases/latest")
    assert resp.status_code == 404
    assert "no release has been published yet" in resp.get_json()["error"]["message"]
    assert client.get("/api/v1/releases").get_json() == {"releases": []}


def test_a_bad_release_directory_is_a_clear_error(seeded, runner, tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    result = runner.invoke(args=["export", "--release", str(a_file)])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {a_file} is not a directory"
    below_a_file = Path(a_file) / "releases"
    result = runner.invoke(args=["export", "--release", str(below_a_file)])
    assert result.exit_code == 1 and "cannot create the release directory" in result.output
    assert list(tmp_path.iterdir()) == [a_file]
