"""Properties of the state-media import over generated matrices on the seeded database: a
second run changes nothing, every listed host resolves to an outlet, no two assets of the
file share a slug, and a host the seed already resolved still resolves to the same outlet."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.importers import run_import
from server.importers.reconcile import HostMap

COUNTRIES = ["Russia", "Hungary", "Denmark", "France"]
COMPANIES = ["RT", "TV2", "Demo Media (DM)", "demo media"]
ASSETS = ["RT", "TV2", "Demo One", "Demo Two", "RT Deutsch"]
URLS = [
    "",
    "https://www.rt.com/",
    "https://rtde.world/",
    "tv2.example",
    "https://tv2.example/radio",
    "https://demo.example/one/",
    "https://demo.example/two?x=1",
    "https://new.demo.example/",
]
ROWS = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.sampled_from(COMPANIES),
        st.sampled_from(ASSETS),
        st.sampled_from(URLS),
        st.sampled_from(["SC", "CaPr", "ISFM?", ""]),
        st.sampled_from(["", "Currently Not Functional"]),
    ),
    min_size=1,
    max_size=10,
)


def matrix(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Country", "Media company", "Main assets", "URL", "Typology", "Status"])
    writer.writerows(rows)
    return out.getvalue()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=ROWS)
def test_import_is_idempotent_and_every_host_resolves(seeded, session, tmp_path: Path, rows):
    path = tmp_path / "matrix.csv"
    path.write_text(matrix(rows), encoding="utf-8")
    before = HostMap.stored(session)
    try:
        run_import(session, path, "state-media")
        after = HostMap.stored(session)
        again = run_import(session, path, "state-media")
        assert not again.changed, again
        for _c, _co, _a, url, _t, _s in rows:
            if not url:
                continue
            parts = urlsplit(url if "://" in url else "https://" + url)
            host = (parts.hostname or "").removeprefix("www.")
            assert after.resolve(host, parts.path) is not None, url
            if before.resolve(host, parts.path) is not None:
                assert after.resolve(host, parts.path) == before.resolve(host, parts.path), url
    finally:
        session.rollback()
