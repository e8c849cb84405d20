"""The importers on real third-party data, read in place from the shared datasets folder
(never copied into the repository; see each SOURCE.md). Skipped when the folder is absent,
failing when CI is set.

- state-media-profiles (ASD, MIT): rows converted to Masthead's documented CSV, imported,
  then every imported domain is found by a lookup;
- coaid-factcheck-links (CoAID): fact-check / debunked-item pairs converted to ClaimReview
  JSON-LD, imported as fact_check report links, found by a lookup of the debunked URL;
- medias-francais-ownership (Le Monde diplomatique / Acrimed, ODC-By): the ownership TSVs
  as a Masthead dataset, imported, and multi-hop chains read back through the API, e.g.
  Radio France International -> France Médias Monde -> République française; one chain is
  also built through the curation API.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server import db
from server.curation.identity import normalize_rule_host
from server.errors import ValidationFailed
from server.importers import run_import
from server.importers.csv_outlets import split_domain
from server.models import Article, DomainRule, Outlet, ReportLink
from server.urls import InvalidURL, canonicalize
from server.urls.platforms import on_platform

pytestmark = pytest.mark.datasets


@pytest.fixture
def backend() -> str:
    """These load whole datasets (seconds each) on SQLite only: they test the importers and
    what the readers see, while the unit of work they write through is tested on both."""
    return "sqlite"


def slugify(text: str, limit: int = 90) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].strip("-") or "x"


def unique(slug: str, taken: set[str]) -> str:
    out, n = slug, 2
    while out in taken:
        out, n = f"{slug}-{n}", n + 1
    taken.add(out)
    return out


@pytest.fixture
def session(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        yield db.session()


# -- state media profiles -> documented CSV ----------------------------------------------------


def state_media_csv(path: Path) -> tuple[str, dict[str, str]]:
    """The documented CSV for the matrix, and {host+prefix: expected outlet slug}."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    slugs: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    owner_of: dict[str, str] = {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["slug", "name", "kind", "description", "domain", "role"])
    for row in rows:
        raw = row["URL"].strip()
        if not raw:
            continue
        key = (row["Media company"].strip(), row["Main assets"].strip())
        try:
            host, prefix = split_domain(raw if "://" in raw else "https://" + raw)
            host = normalize_rule_host(host)
        except ValidationFailed:
            continue
        rule = host + prefix.lower()
        first = key not in slugs
        if first:
            slugs[key] = unique(slugify(key[1] or key[0]), taken)
        slug = slugs[key]
        if rule in owner_of:
            continue  # listed again (or by another company): the first listing keeps it
        owner_of[rule] = slug
        kind = "state_controlled" if row["Typology"].strip() == "SC" else "unknown"
        writer.writerow(
            [
                slug,
                key[1] or key[0],
                kind if first else "",
                f"Asset of {key[0]} ({row['Country'].strip()})" if first else "",
                raw,
                "primary" if first else "mirror",
            ]
        )
    return out.getvalue(), owner_of


def test_state_media_matrix_imports_through_the_documented_csv(
    app, client, session, dataset_file, tmp_path
):  # type: ignore[no-untyped-def]
    text, expected = state_media_csv(dataset_file("state-media-profiles/State_Media_Matrix.csv"))
    path = tmp_path / "state-media.csv"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    report = run_import(session, path, "csv")
    session.commit()
    elapsed = time.perf_counter() - started
    # A platform's own site listed as an outlet's (Rutube's rutube.ru) is no domain rule:
    # left out and reported, never a failed import.
    platform = {rule: slug for rule, slug in expected.items() if on_platform(rule.split("/")[0])}
    assert "rutube.ru" in platform
    assert len(report.platform_hosts) == len(platform)
    assert all(any(r in line for line in report.platform_hosts) for r in platform)
    for rule in platform:
        del expected[rule]
    assert report.created > len(expected) > 900
    assert session.scalar(select(func.count()).select_from(DomainRule)) == len(expected)
    rt_de = session.scalar(select(DomainRule).where(DomainRule.host == "de.rt.com"))
    assert rt_de is not None
    # Every imported rule is what a lookup of a deep page under it finds.
    misses = []
    for rule, slug in expected.items():
        url = f"https://{rule}/2024/05/17/some-article"
        found = client.get("/api/v1/lookup", query_string={"url": url}).get_json()["outlet"]
        if found is None or found["slug"] != slug:
            misses.append((rule, slug, found and found["slug"]))
    assert not misses, misses[:10]
    # Re-importing the same file changes nothing.
    again = run_import(session, path, "csv")
    assert again.created == 0 and again.updated == 0
    session.rollback()
    print(f"state media: {len(expected)} domain rules imported in {elapsed:.2f}s")


def test_state_media_bad_row_names_its_line_and_writes_nothing(session, dataset_file, tmp_path):
    text, _expected = state_media_csv(dataset_file("state-media-profiles/State_Media_Matrix.csv"))
    lines = text.splitlines()
    broken = lines[500].split(",")
    broken[2] = "tabloid"  # not an outlet kind
    lines[500] = ",".join(broken)
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        run_import(session, path, "csv")
    session.rollback()
    assert info.value.message.startswith("broken.csv: line 501:"), info.value.message
    assert session.scalar(select(func.count()).select_from(Outlet)) == 0


# -- CoAID -> ClaimReview JSON-LD --------------------------------------------------------------


def coaid_claimreviews(folder: Path) -> tuple[list[dict], int, set[tuple[str, str]]]:
    """ClaimReview objects for every NewsFake row; the rows without a debunked URL; and the
    distinct (canonical item URL, review URL) pairs that should become report links."""
    reviews, without_item, pairs = [], 0, set()
    for path in sorted(folder.glob("*_NewsFakeCOVID-19.csv")):
        with path.open(encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            review_url = row["fact_check_url"].strip()
            try:
                canonicalize(review_url)
            except InvalidURL:
                continue
            appearances = []
            for key in ("news_url", "news_url2", "news_url3", "news_url4", "news_url5"):
                candidate = (row.get(key) or "").strip()
                if not candidate or candidate == review_url:
                    continue
                try:
                    canonicalize(candidate)
                except InvalidURL:
                    continue
                if candidate.lower().startswith(("http://", "https://")):
                    appearances.append({"@type": "CreativeWork", "url": candidate})
            item: dict = {"@type": "Claim"}
            if appearances:
                item["appearance"] = appearances
                pairs.add((canonicalize(appearances[0]["url"]), review_url))
            else:
                without_item += 1
            reviews.append(
                {
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "url": review_url,
                    "claimReviewed": row["title"].strip() or None,
                    "itemReviewed": item,
                    "reviewRating": {"@type": "Rating", "alternateName": "False"},
                }
            )
    return reviews, without_item, pairs


def test_coaid_fact_checks_import_as_report_links(app, client, session, datasets_dir, tmp_path):  # type: ignore[no-untyped-def]
    folder = datasets_dir / "coaid-factcheck-links"
    if not folder.is_dir():
        pytest.skip("coaid-factcheck-links not present")
    reviews, without_item, pairs = coaid_claimreviews(folder)
    assert len(reviews) > 800
    path = tmp_path / "coaid.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org", "@graph": reviews}))
    report = run_import(session, path, "claimreview").to_dict()
    session.commit()
    assert report["skipped"] == without_item
    links = session.scalar(select(func.count()).select_from(ReportLink))
    # Rows repeating the same pair update the same link instead of adding one.
    assert links == len({(item, review) for item, review in pairs})
    assert session.scalar(select(func.count()).select_from(Article)) <= links
    # A debunked Facebook post, looked up with its tracking query string, finds its fact-check.
    item, review = sorted(pairs)[0]
    found = client.get("/api/v1/lookup", query_string={"url": item + "#comments"}).get_json()
    urls = [x["url"] for group in found["report_links"].values() for x in group]
    assert review in urls


# -- French ownership TSVs -> dataset JSON -----------------------------------------------------

CITATION = {
    "url": "https://github.com/mdiplo/Medias_francais",
    "title": "Médias français : qui possède quoi ?",
    "publisher": "Le Monde diplomatique / Acrimed",
    "accessed": "2024-12-17",
}


def _tsv(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as f:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(f, delimiter="\t")
        ]


def _edge(row: dict[str, str], obj: str) -> dict:
    share = row["valeur"].rstrip("%").strip()
    rel: dict = {
        "kind": "controlled_by" if row["qualificatif"] == "contrôle" else "owned_by",
        "object": obj,
        "as_of": "2024-12-17",
        "citation": CITATION,
    }
    if share and rel["kind"] == "owned_by":
        rel["share"] = float(share)
    if row["qualificatif"] in ("inférieur à", "supérieur à"):
        rel["note"] = f"{row['qualificatif']} {row['valeur']}"
    return rel


def french_dataset(folder: Path) -> dict:
    taken_entities: set[str] = set()
    taken_outlets: set[str] = set()
    entity_slug: dict[str, str] = {}
    entities: dict[str, dict] = {}
    outlets: dict[str, dict] = {}

    def entity(name: str, kind: str) -> str:
        if name not in entity_slug:
            entity_slug[name] = unique(slugify(name), taken_entities)
            if name.startswith(("République", "Province", "Royaume")):
                kind = "government"
            entities[name] = {
                "slug": entity_slug[name],
                "name": name,
                "kind": kind,
                "relations": [],
            }
        return entity_slug[name]

    def outlet(name: str) -> dict:
        if name not in outlets:
            outlets[name] = {
                "slug": unique(slugify(name), taken_outlets),
                "name": name,
                "country": "FR",
                "relations": [],
            }
        return outlets[name]

    for row in _tsv(folder, "organisations.tsv"):
        entity(row["nom"], "company")
    for row in _tsv(folder, "personnes.tsv"):
        entity(row["Nom"], "person")
    for row in _tsv(folder, "medias.tsv"):
        outlet(row["Nom"])
    for row in _tsv(folder, "organisation-media.tsv"):
        owner = entity(row["origine"], "company")
        outlet(row["cible"])["relations"].append(_edge(row, owner))
    for row in _tsv(folder, "personne-media.tsv"):
        owner = entity(row["origine"], "person")
        outlet(row["cible"])["relations"].append(_edge(row, owner))
    for file, kind in (
        ("organisation-organisation.tsv", "company"),
        ("personne-organisation.tsv", "person"),
    ):
        for row in _tsv(folder, file):
            owner = entity(row["origine"], kind)
            target = entity(row["cible"], "company")
            if owner != target:
                entities[row["cible"]]["relations"].append(_edge(row, owner))
    return {
        "format": "masthead-dataset/1",
        "entities": list(entities.values()),
        "outlets": list(outlets.values()),
    }


@pytest.fixture
def french(datasets_dir: Path) -> dict:
    folder = datasets_dir / "medias-francais-ownership"
    if not folder.is_dir():
        pytest.skip("medias-francais-ownership not present")
    return french_dataset(folder)


def test_french_ownership_chains_reach_the_state_and_people(app, client, session, french, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "medias.json"
    path.write_text(json.dumps(french, ensure_ascii=False), encoding="utf-8")
    report = run_import(session, path, "json").to_dict()
    session.commit()
    assert report["records"]["Outlet"] >= 200 and report["records"]["Relation"] >= 250
    slug = next(o["slug"] for o in french["outlets"] if o["name"] == "Radio France International")
    rfi = client.get(f"/api/v1/outlets/{slug}").get_json()
    chain = [[edge["object"]["name"] for edge in path] for path in rfi["ownership"]["paths"]]
    assert ["France Médias Monde", "République française"] in chain
    assert rfi["ownership"]["ultimate_owners"][0]["kind"] == "government"
    reaching: dict[str, int] = defaultdict(int)
    for o in french["outlets"]:
        record = client.get(f"/api/v1/outlets/{o['slug']}").get_json()
        for owner in record["ownership"]["ultimate_owners"]:
            reaching[owner["kind"]] += 1
        for p in record["ownership"]["paths"]:
            for edge in p:
                assert edge["citation"]["publisher"] == CITATION["publisher"]
    assert reaching["government"] >= 5 and reaching["person"] >= 50


def test_a_french_chain_built_through_the_curation_api(client, editor, french):
    """The Radio France International chain, entity by entity and then the outlet, posted
    through the API as a maintainer would, then read back as a lookup-ready record."""
    by_name = {e["name"]: e for e in french["entities"]}
    rfi = next(o for o in french["outlets"] if o["name"] == "Radio France International")
    order, todo = [], [rel["object"] for rel in rfi["relations"]]
    by_slug = {e["slug"]: e for e in by_name.values()}
    while todo:
        slug = todo.pop()
        if slug in order:
            continue
        order.append(slug)
        todo.extend(rel["object"] for rel in by_slug[slug]["relations"])
    for slug in reversed(order):  # owners first: relations name entities that exist
        resp = editor.post("/entities", by_slug[slug])
        assert resp.status_code == 201, resp.get_json()
    body = {**rfi, "domains": [{"host": "rfi.fr"}]}
    resp = editor.post("/outlets", body)
    assert resp.status_code == 201, resp.get_json()
    found = client.get("/api/v1/lookup", query_string={"url": "https://www.rfi.fr/fr/monde/"})
    owners = found.get_json()["outlet"]["ownership"]["ultimate_owners"]
    assert [o["name"] for o in owners] == ["République française"]


# -- Wikipedia perennial sources -> OpenSources-style list -----------------------------------


def perennial_as_opensources(path: Path) -> tuple[dict[str, dict], int]:
    """{domain: {"type", "2nd type", "Source Notes"}} from the Kudusch RSP extract, and how
    many distinct (host, path) rules it names."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out: dict[str, dict] = {}
    rules: set[str] = set()
    for row in rows:
        statuses = [s for s in json.loads(row["status"]) if len(s) <= 40]
        for raw in json.loads(row["urls"]):
            host, prefix = split_domain(raw)
            try:
                rule = normalize_rule_host(host) + prefix.lower()
            except ValidationFailed:
                continue
            if rule in rules:
                continue  # listed under two names: the first keeps it
            rules.add(rule)
            out[raw] = {
                "type": statuses[0] if statuses else "",
                "2nd type": statuses[1] if len(statuses) > 1 else "",
                "3rd type": "",
                "Source Notes": f"Wikipedia perennial sources: {row['name']}"[:2000],
            }
    return out, len(rules)


def test_perennial_sources_load_through_the_opensources_importer(
    client, session, dataset_file, tmp_path
):  # type: ignore[no-untyped-def]
    data, rules = perennial_as_opensources(
        dataset_file("wikipedia-perennial-sources/kudusch-perennial-sources-2021-03-17.csv")
    )
    path = tmp_path / "perennial.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = run_import(session, path, "opensources").to_dict()
    session.commit()
    assert report["records"]["DomainRule"] + report["skipped"] == rules > 300
    assert (
        session.scalar(select(func.count()).select_from(DomainRule))
        == report["records"]["DomainRule"]
    )
    # Path-scoped entries (www.rt.com/on-air) become path rules, matched by a lookup.
    on_air = session.scalar(
        select(DomainRule).where(DomainRule.host == "rt.com", DomainRule.path_prefix == "/on-air")
    )
    assert on_air is not None
    found = client.get(
        "/api/v1/lookup", query_string={"url": "https://www.rt.com/on-air/some-show"}
    ).get_json()["outlet"]
    assert found["kind"] == "unknown"
    assert found["description"].startswith("Listed by OpenSources as: deprecated")
    again = run_import(session, path, "opensources").to_dict()
    assert again["created"] == 0 and again["skipped"] == rules
