"""Synthetic Masthead datasets for the benchmark, in SQLite files made by the real migrations.

Three sizes:
  small: 1,000 outlets, 10,000 report links
  large: 100,000 outlets, 1,000,000 report links
  huge: 1,000,000 outlets, 10,000,000 report links (issue #18's 1M runs)

Per outlet: two domain rules (a whole-host primary rule plus a language edition, a mirror
domain, or a path-prefix channel rule on a shared platform host such as youtube.com/@x),
an ownership chain of depth 2-3 through shared holding entities (some with a funder),
labels on about a third of them, articles on its hosts (some grouped into stories), and
report links from articles and stories to reports published by other outlets.

Rows go in with Core `insert()` executemany in chunks, inside one transaction with the
journal off, so the large size takes a couple of minutes at most. The file is cached under
bench/out/ keyed by the size, GENERATOR_VERSION and the Alembic head, so a second run
reuses it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from server import migrate  # noqa: E402
from server.models import (  # noqa: E402
    Article,
    Citation,
    DomainRule,
    Entity,
    Label,
    Outlet,
    Relation,
    ReportLink,
    Story,
)

GENERATOR_VERSION = "3"
OUT = Path(__file__).resolve().parent / "out"
MIGRATIONS = str(REPO / "migrations")
CHUNK = 20_000


@dataclass(frozen=True)
class Size:
    name: str
    outlets: int
    links: int
    citations: int

    @property
    def articles(self) -> int:  # two links per article on average (plus story links)
        return self.links * 9 // 20

    @property
    def stories(self) -> int:
        return max(10, self.links // 50)


SIZES = {
    "small": Size("small", 1_000, 10_000, 200),
    "large": Size("large", 100_000, 1_000_000, 5_000),
    "huge": Size("huge", 1_000_000, 10_000_000, 50_000),
}

# Words for names that compress about as badly as real ones (no "Outlet 12345" runs).
SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "tel",
    "ven",
    "sar",
    "lo",
    "bri",
    "qua",
    "dun",
    "fel",
    "har",
    "ost",
    "pem",
    "zin",
    "ul",
    "gra",
    "dor",
    "nix",
    "sta",
    "vel",
    "mar",
    "kor",
    "ten",
    "bal",
    "lin",
    "cas",
    "tor",
    "ny",
    "ria",
    "vol",
    "sen",
    "gar",
    "pol",
    "fin",
    "dal",
    "ker",
    "mon",
    "ast",
    "rik",
]
NOUNS = [
    "Times",
    "Herald",
    "Post",
    "Journal",
    "Courier",
    "Gazette",
    "Tribune",
    "Observer",
    "Express",
    "Daily",
    "Chronicle",
    "Monitor",
    "News",
    "Radio",
    "TV",
    "Review",
    "Star",
    "Standard",
    "Voice",
    "Mirror",
    "Sentinel",
    "Dispatch",
    "Ledger",
    "Echo",
]
ENTITY_SUFFIXES = [
    "Holding",
    "Group",
    "Media",
    "Capital",
    "Trust",
    "Foundation",
    "Partners",
    "Ventures",
    "Corp",
]
TLDS = ["com", "net", "org", "de", "fr", "co.uk", "ru", "es", "it", "info", "news", "tv"]
COUNTRIES = [
    "US",
    "GB",
    "DE",
    "FR",
    "RU",
    "CN",
    "ES",
    "IT",
    "NL",
    "PL",
    "TR",
    "IR",
    "QA",
    "IN",
    "BR",
    "MX",
    "JP",
    "KR",
    "UA",
    "SE",
]
LANGS = ["en", "de", "fr", "ru", "es", "it", "pl", "tr", "ar", "zh"]
OUTLET_KINDS = ["private"] * 6 + ["state_controlled", "public_service", "nonprofit", "unknown"]
ENTITY_KINDS = ["company", "company", "company", "fund", "trust", "person", "nonprofit"]
LABEL_KINDS = [
    "state_affiliated",
    "state_funded",
    "sanctioned",
    "foreign_agent_registration",
    "platform_label",
    "broadcast_ban",
    "fact_check_signatory",
]
ISSUERS = ["YouTube", "X", "Meta", "EU Council", "US DOJ", "Ofcom", "IFCN", "Arcom"]
RELATIONS = ["disputes", "disputed_by", "fact_check", "original_report", "context", "correction"]
CITATION_SITES = ["en.wikipedia.org/wiki", "register.example.org/doc", "www.justice.gov/nsd-fara"]
PLATFORMS = ["youtube.com", "x.com", "t.me", "facebook.com"]
SUBDOMAINS = ["de", "fr", "es", "ar", "ru", "en", "edition", "world"]


def word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def db_path(size: Size) -> Path:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(
        migrate.alembic_config("sqlite://", MIGRATIONS)
    ).get_current_head()
    return OUT / f"masthead-{size.name}-g{GENERATOR_VERSION}-{head}.sqlite3"


def second_rule(i: int, host: str) -> dict[str, str]:
    """Outlet i's second domain rule: language edition, mirror domain or platform channel."""
    kind = i % 10
    if kind <= 5:
        return {
            "host": f"{SUBDOMAINS[i % len(SUBDOMAINS)]}.{host}",
            "path_prefix": "",
            "role": "language_edition",
        }
    if kind <= 7:
        return {"host": host.replace(".", "-") + "-mirror.net", "path_prefix": "", "role": "mirror"}
    return {
        "host": PLATFORMS[i % len(PLATFORMS)],
        "path_prefix": f"/@{host.split('.')[0]}{i + 1}",
        "role": "channel",
    }


class Plan:
    """Everything the generator decided about outlets, kept so URL lists can be derived."""

    def __init__(self, size: Size, seed: int = 20171802) -> None:
        rng = random.Random(seed)
        self.size = size
        self.hosts: list[str] = []  # outlet index -> primary host
        self.article_hosts: list[list[str]] = []  # hosts an outlet's articles live on
        self.names: list[str] = []
        used: set[str] = set()
        for i in range(size.outlets):
            while True:
                base = word(rng, rng.randint(2, 3))
                host = f"{base}{rng.choice(['', 'news', 'post', 'tv', 'daily'])}.{rng.choice(TLDS)}"
                if host not in used:
                    used.add(host)
                    break
            self.hosts.append(host)
            self.names.append(f"{base.capitalize()} {rng.choice(NOUNS)}")
            second = second_rule(i, host)
            self.article_hosts.append([host] if second["path_prefix"] else [host, second["host"]])
        self.rng = rng


def _chunks(rows: list[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def generate(size: Size, path: Path) -> None:
    t0 = time.monotonic()
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    url = f"sqlite:///{tmp}"
    migrate.upgrade(url, MIGRATIONS)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _fast(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=OFF")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-200000")
        cur.close()

    plan = Plan(size)
    rng = plan.rng
    now = dt.datetime(2026, 11, 1, 12, 0, 0)
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    n_out = size.outlets
    counts: dict[str, int] = {}

    def put(conn, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
        for chunk in _chunks(rows):
            conn.execute(table.insert(), chunk)
        counts[table.name] = counts.get(table.name, 0) + len(rows)

    with engine.begin() as conn:
        # Citations
        put(
            conn,
            Citation.__table__,
            [
                {
                    "id": i + 1,
                    "url": f"https://{rng.choice(CITATION_SITES)}/{word(rng, 3)}-{i}",
                    "title": f"{word(rng, 2).capitalize()} {word(rng, 3)} record",
                    "publisher": rng.choice(
                        ["Wikipedia", "US DOJ", "EU Official Journal", "Ofcom"]
                    ),
                    "accessed": dt.date(2025, 1, 1) + dt.timedelta(days=i % 600),
                    "quote": None,
                    **stamp,
                }
                for i in range(size.citations)
            ],
        )

        def cite() -> int:
            return rng.randint(1, size.citations)

        # Entities: tier1 holdings (~4 outlets each), tier2 parents, tier3 ultimate owners.
        t1, t2, t3 = max(1, n_out // 4), max(1, n_out // 20), max(1, n_out // 100)
        entities = []
        for i in range(t1 + t2 + t3):
            first, second = word(rng, 2).capitalize(), word(rng, 2).capitalize()
            name = f"{first} {second} {rng.choice(ENTITY_SUFFIXES)}"
            entities.append(
                {
                    "id": i + 1,
                    "slug": f"e-{i + 1}-{word(rng, 1)}",
                    "name": name,
                    "kind": "government"
                    if i >= t1 + t2 and i % 7 == 0
                    else rng.choice(ENTITY_KINDS),
                    "country": rng.choice(COUNTRIES),
                    "wikidata_qid": f"Q{rng.randint(1000, 99999999)}" if i % 3 == 0 else None,
                    "description": None,
                    **stamp,
                }
            )
        put(conn, Entity.__table__, entities)

        def tier1(i: int) -> int:
            return 1 + i % t1

        def tier2(i: int) -> int:
            return 1 + t1 + i % t2

        def tier3(i: int) -> int:
            return 1 + t1 + t2 + i % t3

        # Outlets and their domain rules.
        outlets, rules = [], []
        rule_id = 0
        for i in range(n_out):
            oid = i + 1
            host = plan.hosts[i]
            outlets.append(
                {
                    "id": oid,
                    "slug": f"{host.replace('.', '-')}",
                    "name": plan.names[i],
                    "other_names": [f"{plan.names[i]} Online"] if i % 4 == 0 else [],
                    "description": " ".join(
                        (
                            rng.choice(["Regional", "National", "International"]),
                            rng.choice(["daily", "broadcaster", "news site", "weekly"]),
                            f"founded by {word(rng, 2).capitalize()}.",
                        )
                    ),
                    "country": rng.choice(COUNTRIES),
                    "languages": rng.sample(LANGS, rng.randint(1, 3)),
                    "kind": rng.choice(OUTLET_KINDS),
                    "founded": dt.date(1950 + i % 70, 1 + i % 12, 1 + i % 28),
                    "website": f"https://www.{host}/",
                    "wikidata_qid": f"Q{rng.randint(1000, 99999999)}" if i % 2 == 0 else None,
                    "status": "active" if i % 50 else "defunct",
                    "citation_id": cite(),
                    **stamp,
                }
            )
            rule_id += 1
            rules.append(
                {
                    "id": rule_id,
                    "outlet_id": oid,
                    "host": host,
                    "path_prefix": "",
                    "role": "primary",
                    "fold_variants": i % 40 != 0,
                    **stamp,
                }
            )
            rule_id += 1
            second = second_rule(i, host)
            rules.append(
                {"id": rule_id, "outlet_id": oid, "fold_variants": True, **second, **stamp}
            )
        put(conn, Outlet.__table__, outlets)
        put(conn, DomainRule.__table__, rules)

        # Ownership: outlet -> tier1 (owned_by), tier1 -> tier2, a third of tier2 -> tier3;
        # a fifth of outlets also funded_by a tier3 body.
        relations = []

        def rel(subject_outlet, subject_entity, obj, kind):  # type: ignore[no-untyped-def]
            relations.append(
                {
                    "id": len(relations) + 1,
                    "subject_outlet_id": subject_outlet,
                    "subject_entity_id": subject_entity,
                    "object_entity_id": obj,
                    "kind": kind,
                    "share": rng.choice([None, 100, 51, 75.5]),
                    "since": dt.date(1990 + len(relations) % 30, 1, 1),
                    "until": None,
                    "as_of": dt.date(2025, 6, 1),
                    "note": None,
                    "citation_id": cite(),
                    **stamp,
                }
            )

        for i in range(n_out):
            rel(i + 1, None, tier1(i * 7919), "owned_by")
            if i % 5 == 0:
                rel(i + 1, None, tier3(i), "funded_by")
        for j in range(t1):
            rel(None, 1 + j, tier2(j), rng.choice(["owned_by", "controlled_by"]))
        for k in range(t2):
            if k % 3 == 0:
                rel(None, 1 + t1 + k, tier3(k), "owned_by")
        put(conn, Relation.__table__, relations)

        # Labels on about a third of the outlets, a few expired.
        labels = []
        for i in range(n_out):
            if i % 3:
                continue
            for k in range(1 + i % 2):
                since = dt.date(2015 + (i + k) % 10, 1 + k, 1)
                labels.append(
                    {
                        "id": len(labels) + 1,
                        "outlet_id": i + 1,
                        "kind": LABEL_KINDS[(i // 3 + k) % len(LABEL_KINDS)],
                        "issuer": ISSUERS[(i + k) % len(ISSUERS)],
                        "text": f"{word(rng, 2).capitalize()} {word(rng, 3)} media",
                        "since": since,
                        "until": since + dt.timedelta(days=900) if i % 21 == 0 else None,
                        "as_of": dt.date(2025, 6, 1),
                        "citation_id": cite(),
                        **stamp,
                    }
                )
        put(conn, Label.__table__, labels)

        # Stories, articles (a fifth grouped into stories), report links.
        n_art, n_story = size.articles, size.stories
        put(
            conn,
            Story.__table__,
            [
                {
                    "id": s + 1,
                    "slug": f"story-{s + 1}-{word(rng, 2)}",
                    "title": f"The {word(rng, 3)} affair, part {s % 9 + 1}",
                    "summary": None,
                    **stamp,
                }
                for s in range(n_story)
            ],
        )
        articles = []
        art_outlet = []
        for a in range(n_art):
            o = rng.randrange(n_out)
            hosts = plan.article_hosts[o]
            host = hosts[a % len(hosts)]
            day = dt.date(2016, 1, 1) + dt.timedelta(days=a % 3500)
            url = f"https://{host}/{day.year}/{day.month:02d}/{word(rng, 3)}-{a + 1}"
            articles.append(
                {
                    "id": a + 1,
                    "canonical_url": url,
                    "url_sha256": hashlib.sha256(url.encode()).hexdigest(),
                    "outlet_id": o + 1,
                    "story_id": (a % n_story) + 1 if a % 5 == 0 else None,
                    "title": f"{word(rng, 2).capitalize()} {word(rng, 3)} {word(rng, 2)}",
                    "published": day,
                    "language": "en",
                    "author": None,
                    **stamp,
                }
            )
            art_outlet.append(o)
        put(conn, Article.__table__, articles)
        del articles

        n_story_links = size.links // 10
        n_article_links = size.links - n_story_links
        links = []

        def link(article_id, story_id, i):  # type: ignore[no-untyped-def]
            ro = rng.randrange(n_out)
            links.append(
                {
                    "id": i + 1,
                    "article_id": article_id,
                    "story_id": story_id,
                    "relation": RELATIONS[i % len(RELATIONS)],
                    "report_url": f"https://{plan.hosts[ro]}/reports/{word(rng, 3)}-{i}",
                    "report_title": f"{word(rng, 2).capitalize()} {word(rng, 3)} report",
                    "report_outlet_id": ro + 1 if i % 4 else None,
                    "report_published": dt.date(2016, 1, 1) + dt.timedelta(days=i % 3500),
                    "report_author": None,
                    "rating": "False" if i % 9 == 0 else None,
                    "summary": f"{word(rng, 2).capitalize()} says {word(rng, 3)}."
                    if i % 2
                    else None,
                    "status": "published" if i % 25 else "pending",
                    "added_by_id": None,
                    "citation_id": None,
                    **stamp,
                }
            )
            if len(links) >= CHUNK:
                put(conn, ReportLink.__table__, links)
                links.clear()

        for i in range(n_article_links):
            link((i % n_art) + 1, None, i)
        for i in range(n_story_links):
            link(None, (i % n_story) + 1, n_article_links + i)
        put(conn, ReportLink.__table__, links)
        conn.execute(text("UPDATE data_version SET version = 1 WHERE id = 1"))
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()
    tmp.replace(path)
    print(
        f"  generated {size.name} in {time.monotonic() - t0:.1f}s: "
        + ", ".join(f"{k}={v}" for k, v in counts.items()),
        flush=True,
    )


def ensure(size_name: str) -> tuple[Path, Plan]:
    """The cached database file for a size (generated if missing) and its plan."""
    size = SIZES[size_name]
    OUT.mkdir(parents=True, exist_ok=True)
    path = db_path(size)
    if not path.exists():
        print(f"  generating {size.name} dataset into {path.name} ...", flush=True)
        generate(size, path)
    return path, Plan(size)


if __name__ == "__main__":
    for name in sys.argv[1:] or ["small"]:
        print(ensure(name)[0])
