"""Apps that check the data version in the background, as gunicorn workers do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask

from server import create_app, db
from server.read.cache import cache


@contextmanager
def background_workers(config: dict[str, Any], count: int = 2) -> Iterator[list[Flask]]:
    """`count` apps made with `config`; their version checks stopped and engines disposed
    afterwards."""
    apps = [create_app(config) for _ in range(count)]
    try:
        yield apps
    finally:
        for worker in apps:
            with worker.app_context():
                cache().stop()
                db.engine().dispose()
