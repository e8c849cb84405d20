"""What the read views call: the current read model and domain index, lookups, outlet
records and hash-prefix buckets, each cached per data version."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Flask, current_app

from .. import db, deadlines
from ..web.jsonbytes import dumps
from ..web.responses import content_etag, public_cache
from . import catalog, lookup
from .articles import article_and_links, reports_by_hash_prefix
from .build import build_read_model, current_version
from .builder import ModelBuilder
from .cache import ReadCache, cache
from .changes import read_changes
from .gc import gc_paused, release_free_memory, settle
from .incremental import apply_changes
from .index import DomainIndex
from .key_set import padded, parse_bucket_prefix
from .model import ReadModel
from .store_model import StoreModel
from .store_service import make_store_model, store_index

T = TypeVar("T")


# The bound on a background build's database waits when requests have no deadline.
DEFAULT_BUILD_DEADLINE = 60.0

Models = ModelBuilder[ReadModel, DomainIndex]
# Read models made in this process: from the whole tables, and from the change log.
BUILDS = {"full": 0, "updates": 0}


def install_builder(app: Flask, read_cache: ReadCache) -> Models:
    """The app's read models: made by `make_model` (in a thread of their own when the data
    version is checked in the background), the domain index derived from each."""

    def make(previous: ReadModel | None, version: int) -> ReadModel:
        seconds = float(app.config["REQUEST_DEADLINE"]) or DEFAULT_BUILD_DEADLINE
        with app.app_context():
            if not read_cache.polling:  # in a request: its own deadline applies
                return make_model(previous, version)
            with deadlines.within(seconds):
                return make_model(previous, version)

    def derive(model: ReadModel) -> DomainIndex:
        with app.app_context():
            if isinstance(model, StoreModel):
                return store_index(model, public_cache(max_age()))
            return DomainIndex(model, public_cache(max_age()))

    builder: Models = ModelBuilder(read_cache, make, derive, after_swap=release_free_memory)
    read_cache.builder = builder
    return builder


def make_model(previous: ReadModel | None, version: int) -> ReadModel:
    """The read model of the database's current version (at least `version`): `previous`
    with the change log applied when the log covers every version since, else made from
    the whole tables (counted in `BUILDS`)."""
    if current_app.config["READ_STORE_DIR"]:
        return _store_model(previous, version)
    with db.connect() as conn:
        version = max(version, current_version(conn))
        if previous is not None:
            changes = read_changes(conn, previous.version, version)
            if changes is not None:
                model = apply_changes(conn, previous, changes, version)
                if model is not None:
                    BUILDS["updates"] += 1
                    return model
        with gc_paused():
            size = int(current_app.config["READ_RECORD_CACHE_SIZE"])
            model = build_read_model(conn, version, record_cache_size=size)
    BUILDS["full"] += 1
    if current_app.config["READ_MODEL_FREEZE"]:
        settle()
    return model


def _store_model(previous: Any, version: int) -> Any:
    """A `StoreModel`, which answers what a `ReadModel` answers (server/read/store_model.py)."""
    model = make_store_model(previous, version)
    same_file = isinstance(previous, StoreModel) and previous.store is model.store
    BUILDS["updates" if same_file else "full"] += 1
    if not same_file and current_app.config["READ_MODEL_FREEZE"]:
        settle()  # the app's own objects, and the file's: full collections never rescan them
    return model


def models() -> Models:
    builder = cache().builder
    assert builder is not None, "server.read.init_app installs it"
    return builder  # type: ignore[no-any-return]


def read_model() -> ReadModel:
    """This worker's newest complete read model (see server/read/builder.py)."""
    return models().current()


def max_age() -> int:
    return int(current_app.config["HTTP_MAX_AGE"])


def domain_index() -> DomainIndex:
    return models().derived()


def warm() -> None:
    """Make this worker's read model and domain index of the current version now."""
    models().build_now()


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """The answer cached under key for this data version, built once on a miss."""
    c = cache()
    found: T | None = c.get(key)
    return found if found is not None else c.get_or_compute(key, build)  # type: ignore[no-any-return]


def _load_article(
    canonical: str,
) -> tuple[dict[str, Any] | None, dict[str, list[Any]], int | None]:
    return article_and_links(db.raw_connection, db.engine().dialect, canonical)


def single_lookup(raw: str | None, base_url: str) -> bytes:
    """The single-lookup document (a bad URL is a 400 before the read model is needed)."""
    resolved = lookup.parse_url(raw)
    return lookup.single_lookup(read_model(), raw or "", resolved, base_url, _load_article)


def batch_lookup(items: Any) -> bytes:
    return lookup.batch_lookup(read_model(), items)


def reports_by_hash(raw_prefix: str) -> tuple[bytes, str]:
    """A hash-prefix bucket's document (padded, read/key_set.py) and ETag; 400 for a
    prefix that does not name a bucket of the current data version."""
    c = cache()
    bits = read_model().prefix_bits
    prefix = parse_bucket_prefix(raw_prefix, bits)

    def build() -> tuple[bytes, str]:
        with db.connect() as conn:
            articles = reports_by_hash_prefix(conn, prefix, bits)
        doc = {"prefix": prefix, "prefix_bits": bits, "data_version": c.version}
        body = padded(dumps({**doc, "articles": articles}))
        return body, content_etag(body)

    return cached(("hash", prefix), build)


def outlet_record(slug: str, base_url: str) -> dict[str, Any]:
    """An outlet's public record, from the SQL path."""
    with db.connect() as conn:
        return catalog.get_outlet(conn, slug, base_url)


def outlet_record_json(slug: str, base_url: str) -> tuple[bytes, int]:
    """An outlet's public record as JSON, and its version."""

    def build() -> tuple[bytes, int]:
        record = outlet_record(slug, base_url)
        return dumps(record), record["version"]

    return cached(("outlet-v", slug, base_url), build)


def list_outlets(args: Any) -> bytes:
    with db.connect() as conn:
        return dumps(catalog.list_outlets(conn, args))
