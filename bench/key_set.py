"""What the index's article-key set costs and what a bucket request reveals (privacy mode):
index bytes added, the published bucket length, keys per bucket, answer bytes, false-positive
rate. Reproducible: `python bench/key_set.py [small|large|<sqlite path>] ...`; `sim:<n>`
uses n random keys instead of a database (SHA-256 keys are uniform, so the set's numbers are
those of any n-article dataset)."""

from __future__ import annotations

import gzip
import random
import sys
from pathlib import Path
from statistics import median

from sqlalchemy import create_engine

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from server.read.articles import reports_by_hash_prefix  # noqa: E402
from server.read.build import build_read_model  # noqa: E402
from server.read.index import domain_index_document  # noqa: E402
from server.read.key_set import K_ANONYMITY, key_set_document, padded  # noqa: E402
from server.web.jsonbytes import dumps  # noqa: E402


def _set_numbers(keys: list[int]) -> dict[str, object]:
    doc = key_set_document(keys)
    bits = doc["prefix_bits"]
    counts: dict[int, int] = {}
    for key in keys:
        b = key >> (64 - bits) if bits else 0
        counts[b] = counts.get(b, 0) + 1
    member = dumps({"article_keys": doc})
    return {
        "keys": len(keys),
        "prefix_bits": bits,
        "request_hex_digits": doc["prefix_hex_digits"],
        # What goes out: method and path (the settings page shows the same line and count).
        "request_line_bytes": len(f"GET /api/v1/reports/hash/{'0' * doc['prefix_hex_digits']}"),
        "buckets": 1 << bits,
        "keys_per_bucket_min_median_max": (
            min(counts.values(), default=0),
            median(counts.values()) if counts else 0,
            max(counts.values(), default=0),
        ),
        "set_bytes_raw": len(member),
        "set_bytes_gzip": len(gzip.compress(member, 6, mtime=0)),
        "false_positive_rate": len(keys) / 2**32,
    }


def simulate(n: int) -> None:
    rng = random.Random(n)
    keys = sorted(rng.getrandbits(64) for _ in range(n))
    print(f"sim:{n}", _set_numbers(keys))


def measure(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        model = build_read_model(conn, 1)
        keys = list(model.linked_keys)
        numbers = _set_numbers(keys)
        doc = domain_index_document(model)
        with_set = dumps(doc)
        without = dumps({k: v for k, v in doc.items() if k != "article_keys"})
        bits = model.prefix_bits
        digits = max(1, -(-bits // 4))
        sizes = []
        rng = random.Random(7)
        for _ in range(8):
            head = rng.getrandbits(bits) << (4 * digits - bits) if bits else 0
            prefix = f"{head:0{digits}x}"
            arts = reports_by_hash_prefix(conn, prefix, bits)
            body = dumps({"prefix": prefix, "articles": arts})
            sizes.append((len(arts), len(body), len(padded(body))))
    print(path.name, numbers)
    zipped = [len(gzip.compress(body, 6, mtime=0)) for body in (without, with_set)]
    print(f"  index bytes: {len(without)} -> {len(with_set)} raw, {zipped[0]} -> {zipped[1]} gzip")
    print(f"  sampled buckets (articles, answer bytes, padded bytes): {sizes}")
    # What the outlet request adds: the server that links it to the bucket request (same
    # address, same moment) narrows the bucket to that outlet's articles.
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT url_sha256, outlet_id FROM articles").all()
    linked = set(keys)
    per: dict[tuple[int, int], int] = {}
    for digest, outlet in rows:
        key = int(digest[:16], 16)
        if key in linked:
            b = key >> (64 - bits) if bits else 0
            per[(b, outlet)] = per.get((b, outlet), 0) + 1
    alone = sum(1 for n in per.values() if n == 1)
    print(
        f"  with the outlet known: median {median(per.values())} candidates per (bucket, outlet), "
        f"{alone} of {len(linked)} articles are the only one of their outlet in their bucket"
    )


if __name__ == "__main__":
    print(f"k = {K_ANONYMITY}")
    for arg in sys.argv[1:] or ["small"]:
        if arg.startswith("sim:"):
            simulate(int(arg[4:]))
            continue
        if arg in ("small", "large"):
            from bench.gen import ensure

            measure(ensure(arg)[0])
        else:
            measure(Path(arg))
