"""The domain index: every domain rule with its outlet's badge, what the extension keeps
locally; serialized, gzipped and given its headers once per data version."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

from ..matching import Rule
from ..presenters.outlet import index_badge
from ..web.jsonbytes import dumps
from ..web.responses import JSON, content_etag
from .gc import gc_paused
from .model import ReadModel


def _index_rule(rule: Rule, position: int) -> list[Any]:
    """[host, prefix, outlet position], then 0 when the rule does not fold AMP/mobile
    variants; a rule with path folds has both the fold flag (1 or 0) and its folds,
    [[prefix, replacement], ...]. Extra members are ignored by older extensions."""
    head: list[Any] = [rule.host, rule.path_prefix, position]
    if rule.path_folds:
        folds = [[f.prefix, f.replacement] for f in rule.path_folds]
        return [*head, 1 if rule.fold_variants else 0, folds]
    return head if rule.fold_variants else [*head, 0]


def domain_index_document(model: ReadModel) -> dict[str, Any]:
    """Rules sorted by host and prefix (`_index_rule`), the outlets they point to, and the
    article-key set (read/key_set.py)."""
    position: dict[int, int] = {}
    outlets: list[dict[str, Any]] = []
    rules: list[list[Any]] = []
    badges = model.badges
    for rule in sorted(model.rules, key=lambda r: (r.host, r.path_prefix)):
        b = badges.get(rule.outlet_id)
        if b is None:
            continue
        pos = position.get(rule.outlet_id)
        if pos is None:
            pos = position[rule.outlet_id] = len(outlets)
            outlets.append(index_badge(b))
        rules.append(_index_rule(rule, pos))
    return {
        "data_version": model.version,
        "outlets": outlets,
        "rules": rules,
        "article_keys": model.key_set,
    }


class DomainIndex:
    """The domain index of one data version as HTTP answers it: body, gzipped body, ETag
    and the headers of a 200 and a 304, all made once."""

    __slots__ = (
        "body",
        "etag",
        "gzip_headers",
        "gzipped",
        "not_modified_headers",
        "plain_headers",
        "quoted",
        "version",
    )

    _HEADERS = ("etag", "gzip_headers", "not_modified_headers", "plain_headers", "quoted")
    _copied: tuple[str, ...] = ("body", "gzipped", *_HEADERS)  # by `served_for`

    def __init__(self, model: ReadModel, cache_control: str) -> None:
        with gc_paused():
            body = dumps(domain_index_document(model))
        # Level 6: within 1% of level 9's size, three times faster (0.5 s for 200k rules).
        self._set(model.version, body, gzip.compress(body, 6, mtime=0), cache_control)

    def _set(self, version: int, body: bytes, gzipped: bytes, cache_control: str) -> None:
        self.body = body
        self.gzipped = gzipped
        self._headers(version, content_etag(body), cache_control)

    def _headers(self, version: int, digest: str, cache_control: str) -> None:
        self.version = version
        self.etag = f"v{version}-{digest}"
        self.quoted = f'"{self.etag}"'
        common = [
            ("ETag", self.quoted),
            ("Cache-Control", cache_control),
            ("Vary", "Accept-Encoding"),
        ]
        self.not_modified_headers = common
        self.plain_headers = [("Content-Type", JSON), *common]
        self.gzip_headers = [("Content-Type", JSON), ("Content-Encoding", "gzip"), *common]

    def served_for(self, version: int) -> DomainIndex:
        """This index, standing for the read model of `version` (a store model's index is
        its file's until the next file: same body, same ETag)."""
        other = object.__new__(type(self))
        for name in self._copied:
            setattr(other, name, getattr(self, name))
        other.version = version
        return other


class FileDomainIndex(DomainIndex):
    """The domain index a read-store file holds (server/read/store.py): headers made once,
    the bodies read from the file for each 200 (at a million outlets they are ~150 MB plain
    and ~50 MB gzipped, which no worker keeps; 304s, most index requests, need neither)."""

    __slots__ = ("_read",)
    _copied = ("_read", *DomainIndex._HEADERS)

    def __init__(
        self, version: int, digest: str, read: Callable[[str], bytes], cache_control: str
    ) -> None:
        """`read("index_body")` / `read("index_gzip")`: the plain and gzipped document of
        data version `version`, whose `content_etag` is `digest`."""
        self._read = read
        self._headers(version, digest, cache_control)

    @property
    def body(self) -> bytes:  # type: ignore[override]
        return self._read("index_body")

    @property
    def gzipped(self) -> bytes:  # type: ignore[override]
        return self._read("index_gzip")
