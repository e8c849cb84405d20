"""The read model a worker serves, and the thread that makes the next one.

A worker always answers from the newest *complete* read model it has. When the data version
moves past it, `ModelBuilder` makes the next one off the request path (in its own daemon
thread) while the old one keeps serving, then swaps it in: readers never wait on a build
except for the very first one (there is nothing to serve before it). A model finished after
a newer write is still swapped in (it is newer than what is served), and the next one
follows at once, so frequent writes cannot starve readers of every new version.

`make(previous, version)` makes the model of `version`, from the database and, when it can,
from `previous` (server/read/service.py decides how). In an app that checks the data version
inline (tests, `DATA_VERSION_POLL` off) the model is made in the request instead, so a write
is visible to the next request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from .cache import ReadCache

log = logging.getLogger(__name__)

RETRY_AFTER = 1.0  # seconds between attempts after a failed build


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


M = TypeVar("M", bound=Versioned)
X = TypeVar("X", bound=Versioned)


class ModelBuilder(Generic[M, X]):
    """`model` (the served read model) and `extra` (what is derived from it: the domain
    index), each replaced whole, never mutated; `request()` asks for the current version.
    In the thread, `extra` is made for the first model, then again only once asked for
    (`derived`): a write costs no domain index until someone fetches it."""

    def __init__(
        self,
        read_cache: ReadCache,
        make: Callable[[M | None, int], M],
        derive: Callable[[M], X],
        after_swap: Callable[[], object] | None = None,
    ) -> None:
        """`after_swap`: called once a model replaced the one served (and the answers
        cached from that were dropped): the service gives freed memory back there."""
        self._cache = read_cache
        self._after_swap = after_swap
        self._make = make
        self._derive = derive
        self.model: M | None = None
        self.extra: X | None = None
        self._lock = threading.Lock()  # guards _wanted/_running
        self._build_lock = threading.Lock()  # one build at a time, thread or inline
        self._wanted = False
        self._running = False
        self._extra_wanted = False
        self._failed_at = float("-inf")
        self._epoch = 0  # bumped by `forget`: a model begun before it is not swapped in
        self.swaps = 0  # models swapped in (tests and the bench read it)

    @property
    def background(self) -> bool:
        """Whether models are made in the thread: while the cache's check runs in one (not
        once it stopped: its engine is gone)."""
        return self._cache.polling

    # -- what requests call ------------------------------------------------------------
    def current(self) -> M:
        """The newest complete model: in the background mode the one served now (asking for
        a newer one when it is behind), made here only when there is none yet."""
        target = self._cache.version
        model = self.model
        if model is not None and model.version >= target:
            return model
        if model is not None and self.background:
            self.request()
            return model
        with self._build_lock:
            while self.model is None or self.model.version < self._cache.version:
                self._advance()
            return self.model

    def derived(self) -> X:
        """What is derived from the model (the domain index), made here only when there is
        none yet or (inline mode) it is older than the model."""
        model = self.current()
        extra = self.extra
        if extra is not None and extra.version < model.version and self.background:
            self._extra_wanted = True  # made in the thread, only when someone asks for it
            self.request()
        if extra is not None and (self.background or extra.version >= model.version):
            return extra
        with self._build_lock:
            self._derive_extra()
            assert self.extra is not None
            return self.extra

    def behind(self) -> bool:
        """True when the served model is older than the data version last read."""
        return self.model is None or self.model.version < self._cache.known_version

    def request(self) -> None:
        """Have the thread bring the model up to the current version (started if need be)."""
        if not self.background:
            return
        if time.monotonic() - self._failed_at < RETRY_AFTER:
            return
        with self._lock:
            self._wanted = True
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="masthead-read-model", daemon=True).start()

    def build_now(self) -> None:
        """Make the current version's model and its derived value here (warming)."""
        with self._build_lock:
            while self.model is None or self.model.version < self._cache.version:
                self._advance()
            self._derive_extra()

    def forget(self) -> None:
        """Drop the model (the data version went back: the database was replaced)."""
        self._epoch += 1
        self.model = None
        self.extra = None

    # -- the work ----------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._wanted:
                    self._running = False
                    return
                self._wanted = False
            try:
                with self._build_lock:
                    while self.model is None or self.model.version < self._cache.version:
                        self._advance(" in the background")
                    if self.extra is None or self._extra_wanted:
                        self._extra_wanted = False
                        self._derive_extra()
            except Exception as exc:
                self._failed_at = time.monotonic()
                log.warning("making the read model in the background failed: %s", exc)
                with self._lock:
                    self._running = False
                    self._wanted = False
                return

    def _advance(self, where: str = "") -> None:
        """Make the current version's model and swap it in (whatever happened meanwhile:
        it is newer than the one served)."""
        version = self._cache.version
        started = time.monotonic()
        epoch = self._epoch
        model = self._make(self.model, version)
        if epoch != self._epoch:
            return  # made from a database since replaced
        previous = self.model
        if previous is None or model.version > previous.version:
            self.model = model
            self.swaps += 1
            # Answers may have come from the model replaced only while it served behind.
            self._cache.served(model.version, drop=previous is not None and self.background)
            del previous
            if self._after_swap is not None:
                self._after_swap()
        log.info(
            "read model of data version %d built%s in %.0f ms",
            model.version,
            where,
            (time.monotonic() - started) * 1000,
        )

    def _derive_extra(self) -> None:
        model = self.model
        if model is None or (self.extra is not None and self.extra.version >= model.version):
            return
        extra = self._derive(model)
        if model is self.model:
            self.extra = extra
