"""Reading a response body under a size cap, decoding gzip/deflate without ever inflating
more than the cap: a gzip bomb is cut off, not unpacked."""

from __future__ import annotations

import contextlib
import time
import zlib
from typing import Any

import httpx

from .errors import FetchError
from .policy import FetchPolicy


class _TooLarge(Exception):
    pass


class CappedDecoder:
    """Content-Encoding decoder that never produces more than `limit` + 1 bytes, however
    small the compressed input: a gzip bomb is cut off without being inflated."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.total = 0
        self.parts: list[bytes] = []
        self._deflate_raw = False
        self._z: Any = self._new()

    def _new(self) -> Any:
        if self.encoding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if self._deflate_raw else zlib.MAX_WBITS)
        return None

    def _emit(self, data: bytes) -> None:
        self.total += len(data)
        if self.total > self.limit:
            raise _TooLarge()
        self.parts.append(data)

    def _inflate(self, data: bytes) -> bytes | None:
        """Inflate what fits under the cap; None when the stream turned out to be raw
        deflate and the decompressor was replaced (feed the same data again)."""
        try:
            return bytes(self._z.decompress(data, self.limit - self.total + 1))
        except zlib.error:
            if self.encoding == "deflate" and not self._deflate_raw and self.total == 0:
                # Some servers send raw deflate without the zlib header.
                self._deflate_raw = True
                self._z = self._new()
                return None
            raise

    def _rest(self) -> bytes:
        """Input still to decompress after one step."""
        if self._z.unconsumed_tail:
            return bytes(self._z.unconsumed_tail)
        if self._z.eof and self._z.unused_data and self.encoding == "gzip":
            rest = bytes(self._z.unused_data)  # another gzip member
            self._z = self._new()
            return rest
        return b""

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._emit(chunk)
            return
        data = chunk
        while data:
            out = self._inflate(data)
            if out is None:
                continue
            self._emit(out)
            data = self._rest()

    def finish(self) -> bytes:
        if self._z is not None:
            # A truncated stream still gives us the part we have.
            with contextlib.suppress(zlib.error):
                self._emit(self._z.flush())
        return b"".join(self.parts)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def timeout_error(policy: FetchPolicy) -> FetchError:
    return FetchError(
        "timeout", f"the page did not arrive within the {policy.total_timeout:g} s time limit"
    )


def _content_encoding(response: httpx.Response) -> str:
    """ "gzip", "deflate" or "identity"; FetchError for anything else or a stack of them."""
    encodings = [
        e.strip().lower()
        for e in response.headers.get("content-encoding", "").split(",")
        if e.strip() and e.strip().lower() != "identity"
    ]
    encodings = ["gzip" if e == "x-gzip" else e for e in encodings]
    if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "deflate")):
        raise FetchError(
            "http_error",
            f"the server sent an unsupported Content-Encoding: "
            f"{response.headers.get('content-encoding')}",
        )
    return encodings[0] if encodings else "identity"


def read_body(response: httpx.Response, policy: FetchPolicy, deadline: float) -> bytes:
    """The decoded body, at most policy.max_bytes on the wire and decoded, before `deadline`."""
    encoding = _content_encoding(response)
    too_large = FetchError(
        "too_large", f"the page is larger than the {_mb(policy.max_bytes)} limit"
    )
    length = response.headers.get("content-length")
    if length and length.strip().isdigit() and int(length) > policy.max_bytes:
        raise too_large
    decoder = CappedDecoder(encoding, policy.max_bytes)
    received = 0
    try:
        for chunk in response.iter_raw():
            received += len(chunk)
            if received > policy.max_bytes:
                raise too_large
            decoder.feed(chunk)
            if time.monotonic() > deadline:
                raise timeout_error(policy)
        return decoder.finish()
    except _TooLarge:
        raise too_large from None
    except zlib.error as exc:
        raise FetchError("http_error", f"the page could not be decompressed ({exc})") from None
