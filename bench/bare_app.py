"""The ceiling for the lookup benchmark: a bare Flask app, same gunicorn configuration.

One endpoint (at the lookup path, so the same wrk scripts drive it) returning a fixed JSON
body of about BARE_BODY_BYTES bytes (the runner sets it to the size of a real lookup
response). `gunicorn -c bench/gunicorn_bench.py bench.bare_app:app`
"""

from __future__ import annotations

import json
import os

from flask import Flask, Response

_size = int(os.environ.get("BARE_BODY_BYTES", "3000"))
_doc = {
    "url": "https://example.com/2017/08/some-article",
    "canonical_url": "https://example.com/2017/08/some-article",
    "data_version": 1,
    "outlet": {"slug": "example", "name": "Example News"},
    "pad": "",
}
_doc["pad"] = "x" * max(0, _size - len(json.dumps(_doc, separators=(",", ":"))))
BODY = json.dumps(_doc, separators=(",", ":")).encode()

app = Flask(__name__)


@app.get("/api/v1/lookup")
def lookup() -> Response:
    return Response(BODY, mimetype="application/json")
