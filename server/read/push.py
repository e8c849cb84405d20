"""Data-version changes pushed through Redis (when `REDIS_URL` is set), so every worker on
every host learns of a write within a second without polling the database for it.

The worker that wrote publishes the new version on `DATA_VERSION_CHANNEL` (after the
commit: `events.data_changed`); every worker's `Subscriber` thread listens and has its read
cache check the version at once (server/read/cache.py), which asks the builder for the next
read model. While a worker is subscribed its database check runs only every
`PUSHED_CHECK_INTERVAL` seconds (a safety net for a lost message); while Redis is away, at
the usual interval again. Without Redis nothing here runs: workers poll as before.
"""

from __future__ import annotations

import logging
import threading
import weakref
from typing import TYPE_CHECKING, Any

import redis

if TYPE_CHECKING:
    from .cache import ReadCache

log = logging.getLogger(__name__)

PUSHED_CHECK_INTERVAL = 30.0
RECONNECT_AFTER = 1.0  # seconds between attempts while Redis is away
SOCKET_TIMEOUT = 0.5  # a publish never holds a request longer


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT
    )


def publish(conn: redis.Redis, channel: str, version: int | None) -> None:
    """Announce a new data version (failures are logged: the write is committed already, and
    the other workers' checks will find it)."""
    try:
        conn.publish(channel, "" if version is None else str(version))
    except redis.RedisError as exc:
        log.warning("publishing data version %s on Redis failed: %s", version, exc)


class Subscriber:
    """A daemon thread listening on `channel` for one read cache (held weakly: a dropped app
    takes its thread with it)."""

    def __init__(self, cache: ReadCache, url: str, channel: str) -> None:
        self._cache = weakref.ref(cache)
        self._url = url
        self._channel = channel
        self._stopped = threading.Event()
        self.connected = threading.Event()  # subscribed now
        self._thread = threading.Thread(target=self._run, name="masthead-redis", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                self._listen()
            except redis.RedisError as exc:
                if self.connected.is_set():
                    log.warning("data-version channel lost, polling meanwhile: %s", exc)
            except Exception:  # never let the thread die
                log.exception("data-version channel")
            self.connected.clear()
            self._stopped.wait(RECONNECT_AFTER)

    def _listen(self) -> None:
        pubsub = client(self._url).pubsub(ignore_subscribe_messages=True)
        try:
            pubsub.subscribe(self._channel)
            while not self._stopped.is_set():
                message = pubsub.get_message(timeout=1.0)
                if not self.connected.is_set() and pubsub.subscribed:
                    self.connected.set()
                    self._check(None)  # what was published while away
                if message is not None:
                    self._check(message.get("data"))
        finally:
            pubsub.close()

    def _check(self, data: Any) -> None:
        cache = self._cache()
        if cache is None:
            self._stopped.set()
            return
        try:
            version = int(data)
        except (TypeError, ValueError):
            version = None
        if version is None or version > cache.known_version:
            cache.poll()
