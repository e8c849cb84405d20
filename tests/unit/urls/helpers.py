"""Shared data for the server.urls tests: the vector files and wrapping by template."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

VECTORS = Path(__file__).resolve().parents[2] / "vectors"
RESOLVE_VECTORS = json.loads((VECTORS / "resolve_urls.json").read_text(encoding="utf-8"))
TEMPLATES = {
    rule: forms
    for rule, forms in json.loads((VECTORS / "wrap_templates.json").read_text("utf-8")).items()
    if not rule.startswith("$")
}
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def wrap(template: str, url: str) -> str:
    """``url`` (``https://host/path?query``) written into one of the wrap templates."""
    bare = url.partition("://")[2]
    host, slash, rest = bare.partition("/")
    path = slash + rest
    values = {
        "url": url,
        "bare": bare,
        "enc": quote(url, safe=""),
        "encbare": quote(bare, safe=""),
        "b64": base64.urlsafe_b64encode(url.encode()).decode().rstrip("="),
        "host": host,
        "hostenc": host.replace("-", "--").replace(".", "-"),
        "path": path,
        "pathq": rest,
    }
    return template.format(**values)


_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?", fullmatch=True)
_suffix = st.sampled_from(["com", "org", "de", "co.uk", "ru", "news"])
# Keys no tracking rule and no unwrap rule's drop list names, so they survive every wrapper.
_key = st.from_regex(r"[a-z]{1,4}", fullmatch=True).filter(
    lambda k: (
        k not in {"amp", "ocid", "smid", "aoh", "usqp", "cid", "iid", "hpt", "sr", "ref"}
        and not k.startswith(("utm", "wt", "at"))
    )
)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """An absolute https URL of a plausible article (no '+', no tracking parameters)."""
    host = ".".join([*draw(st.lists(_label, min_size=1, max_size=2)), draw(_suffix)])
    if draw(st.booleans()):
        host = "www." + host
    segments = draw(st.lists(st.from_regex(r"[A-Za-z0-9_~-]{1,10}", fullmatch=True), max_size=4))
    keys = draw(st.lists(_key, max_size=3, unique=True))
    values = st.from_regex(r"[A-Za-z0-9]{0,5}", fullmatch=True)
    query = "&".join(f"{k}={draw(values)}" for k in keys)
    return f"https://{host}/" + "/".join(segments) + (f"?{query}" if query else "")
