"""What bulk importers share to fit a list into the records already there: which outlet a
host resolves to (stored rules plus the ones the import plans), entities found by name, and
slugs that never clash."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import urls
from ..models import DomainRule, Entity, Outlet
from ..urls.platforms import path_key, platform_host


def slugify(text: str, limit: int = 90) -> str:
    """'France Télévisions' -> 'france-televisions' ('x' when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].strip("-") or "x"


def name_key(name: str) -> str:
    """How two spellings of one name compare: case, accents and punctuation ignored."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def name_keys(name: str) -> list[str]:
    """The keys a name is known by: itself, and without a trailing '(ACRONYM)'."""
    keys = [name_key(name)]
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    if bare != name and name_key(bare):
        keys.append(name_key(bare))
    return keys


def unique_slug(base: str, taken: set[str], suffix: str | None = None) -> str:
    """`base`, else `base-<suffix>`, else `base-2`, `base-3`...; the result is added to
    `taken`."""
    candidates = [base] + ([f"{base}-{suffix}"] if suffix else [])
    slug = next((c for c in candidates if c not in taken), None)
    n = 2
    while slug is None:
        slug = f"{base}-{n}" if f"{base}-{n}" not in taken else None
        n += 1
    taken.add(slug)
    return slug


class HostMap:
    """(host, path prefix) -> outlet slug for the stored rules and those planned so far;
    `resolve` matches as the lookup does: the most specific host, then the longest prefix."""

    def __init__(self, rules: Iterable[tuple[str, str, str]]) -> None:
        self.rules: dict[tuple[str, str], str] = {}
        for host, prefix, slug in rules:
            self.rules.setdefault(_key(host, prefix), slug)
        self.curated = set(self.rules)  # the rules given at the start, not those planned

    @classmethod
    def stored(cls, session: Session) -> HostMap:
        rows = session.execute(
            select(DomainRule.host, DomainRule.path_prefix, Outlet.slug).join(Outlet)
        )
        return cls((h, p, s) for h, p, s in rows)

    def add(self, host: str, prefix: str, slug: str) -> None:
        self.rules.setdefault(_key(host, prefix), slug)

    def holds(self, host: str, prefix: str) -> bool:
        """Whether `host` + `prefix` is itself a rule (stored or planned), as matching
        compares rules (twitter.com is x.com, case ignored but in a YouTube channel id)."""
        return _key(host, prefix) in self.rules

    def resolve(self, host: str, path: str = "", *, whole: bool = True) -> str | None:
        """The outlet `host` + `path` resolves to. With whole=False a planned rule for a
        whole host does not count (a listed path names a part of a host another asset of the
        list holds); a stored one always does: curated records are never carved up."""
        path = path.rstrip("/")
        for candidate in map(platform_host, urls.host_chain(host)):
            cut = path_key(candidate, path)
            while cut:
                slug = self.rules.get((candidate, cut))
                if slug is not None:
                    return slug
                cut = cut[: cut.rfind("/")]
            key = (candidate, "")
            slug = self.rules.get(key) if whole or key in self.curated else None
            if slug is not None:
                return slug
        return None


def _key(host: str, prefix: str) -> tuple[str, str]:
    """A rule's key as matching sees it: a platform's canonical host (twitter.com is x.com),
    the prefix in lower case (handles are case-insensitive) but a YouTube channel id
    (``path_key``)."""
    return platform_host(host), path_key(host, prefix)


class EntityNames:
    """Stored entities by name key, and the slugs taken."""

    def __init__(self, session: Session) -> None:
        self.by_key: dict[str, str] = {}
        self.slugs: set[str] = set()
        for slug, name in session.execute(select(Entity.slug, Entity.name).order_by(Entity.id)):
            self.slugs.add(slug)
            for key in name_keys(name):
                self.by_key.setdefault(key, slug)

    def find(self, name: str) -> str | None:
        return next((self.by_key[k] for k in name_keys(name) if k in self.by_key), None)

    def remember(self, name: str, slug: str) -> None:
        for key in name_keys(name):
            self.by_key.setdefault(key, slug)
