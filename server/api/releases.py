"""Open-data releases, read-only and public: the list, the latest release's manifest with links
to its files, and the files themselves (immutable: ETag is their SHA-256)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, send_file

from ..dataset import release_store as store
from ..errors import NotFound
from ..web.hosts import base_url
from ..web.jsonbytes import dumps
from ..web.responses import content_etag, json_response

bp = Blueprint("releases", __name__, url_prefix="/api/v1/releases")

NONE_YET = "no release has been published yet (a maintainer runs `flask export --release`)"
# A release never changes once written: caches may keep its files for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


def _root() -> Path:
    return Path(current_app.config["RELEASE_DIR"])


def _with_links(manifest: dict[str, Any]) -> dict[str, Any]:
    here = f"{base_url()}/api/v1/releases/{manifest['version']}"
    files = [{**f, "url": f"{here}/{f['name']}"} for f in manifest.get("files", [])]
    return {**manifest, "url": here, "files": files}


def _manifest_response(manifest: dict[str, Any]) -> Response:
    body = dumps(_with_links(manifest))
    max_age = int(current_app.config["HTTP_MAX_AGE"])
    return json_response(body, etag=content_etag(body), max_age=max_age)


@bp.get("")
def list_releases() -> Response:
    items = [
        {k: m.get(k) for k in ("version", "sequence", "created_at", "data_version", "changes")}
        | {"url": f"{base_url()}/api/v1/releases/{m['version']}"}
        for m in reversed(store.manifests(_root()))
    ]
    body = dumps({"releases": items})
    return json_response(
        body, etag=content_etag(body), max_age=int(current_app.config["HTTP_MAX_AGE"])
    )


@bp.get("/latest")
def latest() -> Response:
    manifest = store.latest_manifest(_root())
    if manifest is None:
        raise NotFound(NONE_YET)
    return _manifest_response(manifest)


@bp.get("/<version>")
def one(version: str) -> Response:
    manifest = store.manifest_of(_root(), version)
    if manifest is None:
        raise NotFound(f"no release {version}", field="version")
    return _manifest_response(manifest)


@bp.get("/<version>/<name>")
def release_file(version: str, name: str) -> Response:
    found = store.release_file(_root(), version, name)
    if found is None:
        raise NotFound(f"release {version} has no file {name}", field="name")
    path, entry = found
    resp = send_file(
        path,
        mimetype=entry["media_type"],
        etag=entry["sha256"],
        conditional=True,
        max_age=None,
        download_name=name,
    )
    resp.headers["Cache-Control"] = IMMUTABLE
    return resp
