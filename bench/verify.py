"""Check that the fast read path answers exactly what the straightforward SQL path answers.

    python bench/verify.py [small|large] [--sample N]

On a generated dataset (bench/gen.py), compares for a sample of outlets and URLs:
* each outlet record of the in-memory read model, serialized, with `records.outlet_record`
  (the per-outlet SQL queries the outlets API uses), byte for byte;
* each badge (labels, ultimate owner) with a direct walk over the current relations;
* each single lookup answered by the app (bytes) with the document built here from the SQL
  record and the two-statement article/links query, serialized;
* each batch result with one computed URL by URL with `urls.fold_variants` always applied.
bench/run.py runs it on a small sample before measuring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
from sqlalchemy import select  # noqa: E402

from server import create_app, db, urls  # noqa: E402
from server.presenters.article import article as article_json  # noqa: E402
from server.presenters.domain_rule import matched_rule  # noqa: E402
from server.presenters.values import iso  # noqa: E402
from server.read import records, service  # noqa: E402
from server.read.articles import grouped_links, links_statement  # noqa: E402
from server.read.ownership import walk_ownership  # noqa: E402
from server.read.tables import ARTICLES, STORIES  # noqa: E402
from server.web.jsonbytes import dumps  # noqa: E402


def reference_identify(snap, raw: str):  # type: ignore[no-untyped-def]
    """Canonical URL, rule and how the URL was reached, the plain way (no `_may_fold`
    shortcut): what identify must give."""
    canonical, via = urls.resolve(raw)
    rule = snap.index.match_url(canonical)
    if rule is not None and rule.fold_variants:
        folded = urls.fold_variants(canonical)
        if folded != canonical:
            canonical, rule = folded, snap.index.match_url(folded) or rule
    return canonical, rule, via


def reference_article(conn, canonical: str):  # type: ignore[no-untyped-def]
    """The article and its links the plain way: two statements."""
    a, s = ARTICLES, STORIES
    art = conn.execute(
        select(
            a.c.id,
            a.c.canonical_url,
            a.c.title,
            a.c.published,
            a.c.story_id,
            s.c.slug.label("story_slug"),
            s.c.title.label("story_title"),
        )
        .select_from(a.outerjoin(s, a.c.story_id == s.c.id))
        .where(a.c.canonical_url == canonical)
    ).first()
    if art is None:
        return None, {}
    stories = [art.story_id] if art.story_id is not None else []
    rows = conn.execute(links_statement([art.id], stories)).all()
    article = article_json(
        art.canonical_url, art.title, art.published, art.story_slug, art.story_title
    )
    return article, grouped_links(rows, art.id, art.story_id)


def reference_lookup(conn, snap, raw: str, base: str) -> bytes:  # type: ignore[no-untyped-def]
    """The single-lookup document, from the SQL path's record and `reference_article`."""
    canonical, rule, via = reference_identify(snap, raw)
    outlet = None
    if rule is not None:
        row = records.fetch_outlet_row(conn, outlet_id=rule.outlet_id)
        outlet = records.outlet_record(conn, row, base) if row is not None else None
    article, links = reference_article(conn, canonical)
    doc = {
        "url": raw,
        "canonical_url": canonical,
        "url_sha256": urls.url_sha256(canonical),
        "via": via.as_dict() if via else None,
        "data_version": snap.version,
        "domain_rule": matched_rule(rule.host, rule.path_prefix, rule.role) if rule else None,
        "outlet": outlet,
        "article": article,
        "report_links": links,
    }
    return dumps(doc)


def reference_owner(snap, outlet_id: int) -> str | None:  # type: ignore[no-untyped-def]
    def edges_of(node):  # type: ignore[no-untyped-def]
        kind, ident = node
        rels = snap.relations_of_outlet if kind == "outlet" else snap.relations_of_entity
        return [{"object_key": ("entity", r[3])} for r in rels.get(ident, ()) if r[7] is None]

    walk = walk_ownership(("outlet", outlet_id), edges_of, max_paths=5)
    names = [snap.entities[k[1]][1] for k in walk.ultimate_owners if k[0] == "entity"]
    return "; ".join(dict.fromkeys(names)) or None


def verify(size: str, sample: int, seed: int = 7) -> int:
    path, plan = gen.ensure(size)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "PUBLIC_URL": ""})
    client = app.test_client()
    rng = random.Random(seed)
    problems = 0
    base = "http://localhost"
    with app.app_context():
        snap = service.read_model()
        ids = rng.sample(sorted(snap.outlets), min(sample, len(snap.outlets)))
        today = dt.date.today().isoformat()
        with db.connect() as conn:
            for oid in ids:
                row = records.fetch_outlet_row(conn, outlet_id=oid)
                want = dumps(records.outlet_record(conn, row, base))
                if dumps(snap.record(oid, base)) != want:
                    problems += 1
                    print(f"  record of outlet {oid} differs")
                badge = snap.badges[oid]
                kinds = list(
                    dict.fromkeys(
                        lab[0]
                        for lab in snap.labels.get(oid, ())
                        if lab[4] is None or (iso(lab[4]) or "") >= today
                    )
                )
                if badge.owner != reference_owner(snap, oid) or list(badge.labels) != kinds:
                    problems += 1
                    print(f"  badge of outlet {oid} differs")
            arts = [
                r[0]
                for r in conn.execute(
                    select(ARTICLES.c.canonical_url).order_by(ARTICLES.c.id).limit(sample * 20)
                )
            ]
            raws = rng.sample(arts, min(sample, len(arts)))
            hosts = [h for h in plan.hosts[:sample]]
            raws += [f"https://m.{h}/amp/x/y.amp?outputType=amp&utm_source=a" for h in hosts[:20]]
            raws += [f"https://www.{h}/section/page" for h in hosts[20:40]]
            raws += [
                "https://youtube.com/@"
                + gen.second_rule(i, plan.hosts[i])["path_prefix"][2:]
                + "/videos"
                for i in range(8, min(len(plan.hosts), 400), 10)
            ]
            raws += ["https://unknown.example.org/x"]
            for raw in raws:
                resp = client.get("/api/v1/lookup?url=" + quote(raw, safe=""), base_url=base)
                want = reference_lookup(conn, snap, raw, base)
                again = client.get("/api/v1/lookup?url=" + quote(raw, safe=""), base_url=base)
                if again.data != resp.data or again.headers != resp.headers:
                    problems += 1
                    print(f"  replayed lookup of {raw} differs from the first answer")
                if resp.data != want:
                    problems += 1
                    print(
                        f"  lookup of {raw} differs:\n    got  {resp.data[:300]!r}\n"
                        f"    want {want[:300]!r}"
                    )
        for i in range(0, len(raws), 98):
            chunk = [*raws[i : i + 98], 17, "not a url"]
            first = client.post("/api/v1/lookup", json={"urls": chunk})
            again = client.post("/api/v1/lookup", json={"urls": chunk})  # replayed
            if again.data != first.data or again.headers != first.headers:
                problems += 1
                print("  replayed batch differs from the first answer")
            got = first.get_json()["results"]
            for raw, result in zip(chunk, got, strict=True):
                if not isinstance(raw, str):
                    ok = result == {
                        "url": raw,
                        "error": {"code": "not_a_string", "message": "each URL must be a string"},
                    }
                elif raw == "not a url":
                    ok = "error" in result
                else:
                    canonical, rule, via = reference_identify(snap, raw)
                    b = snap.badges.get(rule.outlet_id) if rule else None
                    ok = result == {
                        "url": raw,
                        "canonical_url": canonical,
                        "via": via.as_dict() if via else None,
                        "outlet": None
                        if b is None
                        else {
                            "slug": b.slug,
                            "name": b.name,
                            "kind": b.kind,
                            "country": b.country,
                            "label_kinds": list(b.labels),
                        },
                    }
                if not ok:
                    problems += 1
                    print(f"  batch result for {raw!r} differs: {result}")
    with app.app_context():
        db.engine().dispose()
    print(
        f"  verify[{size}]: {len(ids)} outlet records and badges, {len(raws)} lookups and "
        f"batch results compared: {'OK' if not problems else f'{problems} DIFFERENCES'}"
    )
    return problems


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("size", nargs="?", default="small")
    ap.add_argument("--sample", type=int, default=200)
    args = ap.parse_args()
    sys.exit(1 if verify(args.size, args.sample) else 0)
