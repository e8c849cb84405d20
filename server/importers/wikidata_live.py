"""Fetching Wikidata live for the importer (`flask import --format wikidata --live Q166032
Q9531`, or `--live query.rq`): entity JSON from Special:EntityData for the items named and,
a bounded number of hops on, for their owners, countries and legal forms; or a SPARQL query
run on the query service. The endpoints are settings (WIKIDATA_ENTITY_URL,
WIKIDATA_SPARQL_URL); every request goes through the SSRF-safe fetcher (server/fetcher)
with its time and size caps, and the whole run has a time budget.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ..curation.fetching import FetchFailed
from ..errors import BadRequest, MastheadError, ValidationFailed
from ..fetcher import FetchError, FetchPolicy, fetch_page
from .wikidata_claims import read_bundle
from .wikidata_values import QID, Bundle

JSON_TYPES = frozenset({"application/json", "application/sparql-results+json"})
USER_AGENT = "MastheadImporter/0.1 (Wikidata import run by a Masthead maintainer)"
ENTITY_URL = "https://www.wikidata.org/wiki/Special:EntityData/{qid}.json"
SPARQL_URL = "https://query.wikidata.org/sparql"


@dataclass(frozen=True)
class LiveSettings:
    entity_url: str = ENTITY_URL
    sparql_url: str = SPARQL_URL
    allow: str = ""  # MASTHEAD_FETCH_ALLOW: hosts exempt from the SSRF rules (tests only)
    max_items: int = 200  # entity documents fetched per run at most
    depth: int = 3  # owners of owners followed this many hops from the items named
    budget: float = 300.0  # seconds for the whole run
    max_bytes: int = 20_000_000  # per response (a country's entity JSON runs to megabytes)
    timeout: float = 30.0  # per response

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> LiveSettings:
        return cls(
            entity_url=str(config.get("WIKIDATA_ENTITY_URL") or ENTITY_URL),
            sparql_url=str(config.get("WIKIDATA_SPARQL_URL") or SPARQL_URL),
            allow=str(config.get("FETCH_ALLOW") or ""),
        )

    def policy(self) -> FetchPolicy:
        return FetchPolicy.from_string(
            self.allow,
            max_bytes=self.max_bytes,
            total_timeout=self.timeout,
            user_agent=USER_AGENT,
        )


def fetch_json(url: str, settings: LiveSettings, accept: str = "application/json") -> str:
    """The text of a JSON answer; a refused or failed fetch is a FetchFailed."""
    try:
        page = fetch_page(url, settings.policy(), media_types=JSON_TYPES, accept=accept)
    except FetchError as exc:
        raise FetchFailed(url, exc) from None
    try:
        return page.body.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed(f"{url}: the answer is not UTF-8 text") from None


def _read(url: str, text: str) -> Bundle:
    try:
        return read_bundle(text)
    except MastheadError as exc:
        raise exc.located(url, file=url) from None


class _Clock:
    def __init__(self, budget: float) -> None:
        self.budget = budget
        self.deadline = time.monotonic() + budget

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ValidationFailed(
                f"the live import ran out of its {self.budget:.0f} s budget: "
                "import fewer items at a time"
            )


def fetch_items(qids: Sequence[str], settings: LiveSettings) -> Bundle:
    """The entity JSON of `qids`, their owners (up to `settings.depth` hops) and the
    countries and legal forms they name, at most `settings.max_items` documents."""
    bundle = Bundle()
    clock = _Clock(settings.budget)
    # (qid, hops from the items named); None: fetched for its label and ISO code only.
    todo: deque[tuple[str, int | None]] = deque((q, 0) for q in qids)
    fetched: set[str] = set()
    while todo:
        qid, hops = todo.popleft()
        if qid in fetched:
            continue
        if len(fetched) >= settings.max_items:
            bundle.ignored[f"items not fetched (limit of {settings.max_items} a run)"] += 1
            continue
        clock.check()
        fetched.add(qid)
        url = settings.entity_url.format(qid=qid)
        part = _read(url, fetch_json(url, settings))
        bundle.merge(part)
        if hops is None:
            continue
        for item in part.items.values():
            fetched.add(item.qid)  # a redirect answers for another id
            todo.extend((q, None) for q in (*item.countries, *item.legal_forms))
            if hops < settings.depth:
                todo.extend((edge.target, hops + 1) for edge in item.edges)
    return bundle


def run_query(query: str, settings: LiveSettings) -> Bundle:
    """Run a SPARQL query (its variables as docs/maintainer-guide.md lists them)."""
    url = settings.sparql_url + "?" + urlencode({"query": query, "format": "json"})
    text = fetch_json(url, settings, accept="application/sparql-results+json")
    return _read(settings.sparql_url, text)


def fetch_bundle(sources: Sequence[str], settings: LiveSettings) -> tuple[Bundle, str]:
    """(bundle, name for the revisions' actor) for `--live` sources: item ids, or one file
    holding a SPARQL query."""
    if not sources:
        raise BadRequest("--live needs item ids (Q166032 Q9531) or a SPARQL query file")
    ids = [s.strip().upper() for s in sources]
    if all(QID.match(q) for q in ids):
        return fetch_items(ids, settings), "wikidata:" + ",".join(ids)[:80]
    if len(sources) == 1 and Path(sources[0]).is_file():
        path = Path(sources[0])
        query = path.read_text(encoding="utf-8-sig")
        return run_query(query, settings), f"wikidata-sparql:{path.name}"
    bad = next((s for s, q in zip(sources, ids, strict=True) if not QID.match(q)), sources[0])
    raise BadRequest(
        f"--live: {bad!r} is neither a Wikidata item id (Q123) nor a SPARQL query file"
    )
