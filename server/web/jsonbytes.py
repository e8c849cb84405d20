"""The API's JSON encoding: compact, UTF-8, non-ASCII text left as is.

orjson does the work (three to ten times faster than the standard library on the read
path's documents); anything it declines (a Decimal, an integer past 64 bits, a non-string
key) goes through the standard library with the same format. Both give the same bytes for
every document the API sends; they write floats outside [1e-4, 1e16) differently
("1e16" against "1e+16"), which parse to the same number (tests/unit/web/test_jsonbytes.py).

The read path embeds parts serialized once as `orjson.Fragment`s; the standard library
cannot write those, so a document holding fragments must hold nothing orjson declines
(its declinable parts are serialized alone first, as fragments of their own).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# check_circular off: the documents are trees built by the caller (same output, faster).
_fallback = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def dumps(payload: Any) -> bytes:
    try:
        body = orjson.dumps(payload)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _fallback.encode(payload).encode()
    # orjson's result keeps the spare room of its output buffer, which it sizes for the worst
    # case (4 KB at the least; ~32 KB for a 3 KB lookup): a copy holds just the document.
    # The read model and the caches keep hundreds of thousands of these.
    return bytes(memoryview(body))
