"""Every setting, read from environment variables in one place (documented in docs/operations.md).

`create_app(config)` takes a mapping that overrides these, which is how tests configure the app.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "masthead.sqlite3")


def _instance_secret_key(instance_path: str) -> str:
    """A random key stored under instance/, created atomically by whichever process is first."""
    path = Path(instance_path) / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write a private temporary file, then link it into place: readers never see a partial key.
    tmp = path.with_name(f".secret_key.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()


def default_ratelimit_uri(instance_path: str) -> str:
    from .web.ratelimit_sqlite import default_uri

    return default_uri(instance_path)


def _deadlines(env: Any) -> dict[str, float]:
    """The database deadlines, in seconds (0 turns one off), so no request waits on the
    database without limit (docs/operations.md, "When things go wrong")."""
    return {
        # PostgreSQL: establishing a connection (psycopg counts whole seconds, at least 2)
        # and one statement (the server cancels it; the client gives the connection up
        # DB_STATEMENT_TIMEOUT + 1 s later, for when no answer can come back at all).
        "DB_CONNECT_TIMEOUT": float(env("MASTHEAD_DB_CONNECT_TIMEOUT", "3")),
        "DB_STATEMENT_TIMEOUT": float(env("MASTHEAD_DB_STATEMENT_TIMEOUT", "5")),
        # Waiting for a pooled connection when every one is in use.
        "DB_POOL_TIMEOUT": float(env("MASTHEAD_DB_POOL_TIMEOUT", "2")),
        # SQLite: waiting for another connection's write lock.
        "SQLITE_BUSY_TIMEOUT": float(env("MASTHEAD_SQLITE_BUSY_TIMEOUT", "5")),
        # The most one request may spend waiting on the database, all calls together; keep it
        # well under gunicorn's MASTHEAD_TIMEOUT (gunicorn.conf.py refuses otherwise).
        "REQUEST_DEADLINE": float(env("MASTHEAD_REQUEST_DEADLINE", "10")),
        # The background data-version check's own bound: past it the database counts as
        # unavailable (reads are then served stale, the rest answered 503 at once).
        "DB_CHECK_TIMEOUT": float(env("MASTHEAD_DB_CHECK_TIMEOUT", "1")),
    }


def from_environment(environ: Mapping[str, str], instance_path: str) -> dict[str, Any]:
    """Settings as Flask config keys. Unset variables get working defaults for a laptop."""
    env = environ.get
    return {
        # Database: a SQLite file under instance/ by default; PostgreSQL in production
        # (postgresql+psycopg://user@host/db).
        "DATABASE_URL": env("MASTHEAD_DATABASE_URL") or _default_database_url(instance_path),
        # A read replica (or, on SQLite, a copy of the file) for lookups and the read model's
        # builds: everything that goes through db.connect()/db.raw_connection(). Every write,
        # the curation API, sign-in and the admin use DATABASE_URL. Empty: DATABASE_URL for all.
        "READ_DATABASE_URL": env("MASTHEAD_READ_DATABASE_URL", ""),
        **_deadlines(env),
        # Sessions and CSRF. Without MASTHEAD_SECRET_KEY a random key is made once and kept in
        # instance/secret_key (mode 0600), so every gunicorn worker and restart shares it.
        "SECRET_KEY": env("MASTHEAD_SECRET_KEY") or _instance_secret_key(instance_path),
        # Secure cookies need HTTPS; off by default so the local run command works.
        "SESSION_COOKIE_SECURE": env("MASTHEAD_SECURE_COOKIES", "0") == "1",
        # Public base URL used in links to records (e.g. https://masthead.example).
        "PUBLIC_URL": env("MASTHEAD_PUBLIC_URL", ""),
        # Read-path caches: how long a cached lookup may live, how many entries, and how often
        # a worker re-reads the data version (edits become visible within this + a request).
        "LOOKUP_CACHE_TTL": float(env("MASTHEAD_LOOKUP_CACHE_TTL", "300")),
        "LOOKUP_CACHE_SIZE": _int_or_none(env("MASTHEAD_LOOKUP_CACHE_SIZE")),  # CACHE_DEFAULTS
        "DATA_VERSION_CHECK_INTERVAL": float(env("MASTHEAD_DATA_VERSION_CHECK_INTERVAL", "1.0")),
        # Redis that announces new data versions to every worker on every host at once
        # (server/read/push.py; "redis://host:6379/0"); empty: workers poll the version.
        "REDIS_URL": env("MASTHEAD_REDIS_URL", ""),
        "DATA_VERSION_CHANNEL": env("MASTHEAD_DATA_VERSION_CHANNEL", "masthead:data-version"),
        # Whole lookup responses the replay layer in front of Flask keeps per worker, in
        # bytes (server/read/response_cache.py; at most LOOKUP_CACHE_SIZE of them too).
        "RESPONSE_CACHE_BYTES": _int_or_none(env("MASTHEAD_RESPONSE_CACHE_BYTES")),
        # After a read model is built, collect garbage once and freeze what is alive, so later
        # collections never rescan it (see server/read/gc.py). Costs one full collection per
        # data version (~0.2 s in a large process); 0 turns it off (the tests do: they build a
        # read model per test).
        "READ_MODEL_FREEZE": env("MASTHEAD_READ_MODEL_FREEZE", "1") == "1",
        # Outlet records (~2 KB each) a worker keeps, least recently used dropped first;
        # they are made on first use (server/read/record_cache.py).
        "READ_RECORD_CACHE_SIZE": _int_or_none(env("MASTHEAD_READ_RECORD_CACHE_SIZE")),
        # The read store (server/read/store.py): a directory where each data version's read
        # model is written once, pre-rendered, and shared by every worker of the host through
        # the page cache; empty: each worker holds the whole read model in its own memory.
        "READ_STORE_DIR": env("MASTHEAD_READ_STORE_DIR", ""),
        # Write the next store file once the outlets changed since the current one pass this
        # many, or once changes are this many seconds old (server/read/store_service.py).
        "READ_STORE_REBUILD_OUTLETS": int(env("MASTHEAD_READ_STORE_REBUILD_OUTLETS", "5000")),
        "READ_STORE_REBUILD_SECONDS": float(env("MASTHEAD_READ_STORE_REBUILD_SECONDS", "300")),
        # "process": store files are written by `flask read-store build` in a child process;
        # "inline": in the worker that needs one.
        "READ_STORE_BUILD": env("MASTHEAD_READ_STORE_BUILD", "process"),
        # Cache-Control max-age for public read responses, and how long past it a cache (a
        # CDN) may keep serving the answer while it revalidates with If-None-Match.
        "HTTP_MAX_AGE": int(env("MASTHEAD_HTTP_MAX_AGE", "60")),
        "HTTP_STALE_WHILE_REVALIDATE": int(env("MASTHEAD_HTTP_STALE_WHILE_REVALIDATE", "300")),
        # Rate limits: where the counters live, shared by every worker of the host by default
        # (a SQLite file under instance/, server/web/ratelimit_sqlite.py); "redis://host:6379"
        # when several hosts serve; "memory://" counts per process.
        "RATELIMIT_STORAGE_URI": env("MASTHEAD_RATELIMIT_STORAGE_URI")
        or default_ratelimit_uri(instance_path),
        "SUGGESTION_RATE_LIMIT": env("MASTHEAD_SUGGESTION_RATE_LIMIT", "10 per hour"),
        # Failed maintainer sign-ins allowed per client address and per user name.
        "ADMIN_SIGNIN_LIMIT": env("MASTHEAD_SIGNIN_RATE_LIMIT", "10 per 15 minutes"),
        # Reverse proxies in front that set X-Forwarded-For/-Proto/-Host/-Prefix (0: none;
        # the headers are then ignored, as a client could forge them). See server/web/proxies.py.
        "PROXY_HOPS": int(env("MASTHEAD_PROXY_HOPS", "0")),
        # Outbound fetcher: comma-separated hosts/addresses/CIDRs exempt from SSRF rules.
        "FETCH_ALLOW": env("MASTHEAD_FETCH_ALLOW", ""),
        # The Wikidata importer's live mode (`flask import --format wikidata --live`): where
        # entity JSON ({qid} is replaced) and SPARQL results are fetched from.
        "WIKIDATA_ENTITY_URL": env(
            "MASTHEAD_WIKIDATA_ENTITY_URL",
            "https://www.wikidata.org/wiki/Special:EntityData/{qid}.json",
        ),
        "WIKIDATA_SPARQL_URL": env(
            "MASTHEAD_WIKIDATA_SPARQL_URL", "https://query.wikidata.org/sparql"
        ),
        # Where the Alembic scripts live (the repo's migrations/ unless installed elsewhere).
        "MIGRATIONS_DIR": env("MASTHEAD_MIGRATIONS_DIR") or str(REPO_DIR / "migrations"),
        "SEED_DIR": env("MASTHEAD_SEED_DIR") or str(PACKAGE_DIR / "seed"),
        # Open-data releases: where `flask export --release` writes them and the releases
        # API serves them from (GET /api/v1/releases/latest).
        "RELEASE_DIR": env("MASTHEAD_RELEASE_DIR") or str(Path(instance_path) / "releases"),
        # Largest request body accepted (bytes).
        "MAX_CONTENT_LENGTH": int(env("MASTHEAD_MAX_CONTENT_LENGTH", str(2 * 1024 * 1024))),
        # A developer's machine: allows debug mode (FLASK_DEBUG=1) and a short secret key,
        # which the app otherwise refuses to start with (server/__init__.py).
        "DEVELOPMENT": env("MASTHEAD_DEVELOPMENT", "0") == "1",
        # The app's own log level (error answers are logged at info with their request id,
        # 500s at error with their traceback); gunicorn reads the same variable.
        "LOG_LEVEL": env("MASTHEAD_LOG_LEVEL", "info"),
    }


# A worker's read cache sizes when not set: (without the read store, with it). With the
# store the shared file holds every record, so a worker keeps only hot answers and its
# memory stays near what it started with (docs/performance.md, "Scale").
CACHE_DEFAULTS = {
    "LOOKUP_CACHE_SIZE": (50_000, 2_000),
    "RESPONSE_CACHE_BYTES": (64 * 1024 * 1024, 4 * 1024 * 1024),
    "READ_RECORD_CACHE_SIZE": (20_000, 1_000),
}


def _int_or_none(value: str | None) -> int | None:
    return None if value is None or value == "" else int(value)


def load(config: Mapping[str, Any] | None, instance_path: str) -> dict[str, Any]:
    settings = from_environment(os.environ, instance_path)
    if config:
        settings.update(config)
    store = bool(settings.get("READ_STORE_DIR"))
    for key, (alone, with_store) in CACHE_DEFAULTS.items():
        if settings.get(key) is None:
            settings[key] = with_store if store else alone
    return settings
