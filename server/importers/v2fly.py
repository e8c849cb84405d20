"""Import domain aliases from v2fly/domain-list-community lists
(`flask import data/rt --format v2fly [--dry-run]`; `include:` lists are read from the same
folder).

It only adds domain rules to outlets that exist; it never creates an outlet. A group of
rules (a list, or a section of it under a `## Heading`) belongs to the outlet whose name,
other name or slug is the heading, else the list's name ("Sputnik", "RIA Novosti"), else
whose primary host is the registrable domain the list is named after (`nytimes` ->
nytimes.com) -- and only when one of the group's hosts already resolves to that outlet, so a
name alone never attributes a list. A section with no outlet of its own falls back to its
list's. Category lists (`category-*`) only group other lists: their own hosts are attributed
by heading alone.

Left out, and reported one line each (the dry run prints them): CDN, static, API,
advertising, shop and short-link hosts and public suffixes (`host_kinds`), keyword and
regexp rules, hosts of groups no outlet matched, and hosts that already resolve to another
outlet (curated records win). A host already resolving to the outlet adds nothing; a new
one is a `language_edition` when it shares a registrable domain with the outlet's rules,
else a `mirror` -- if it is named like the outlet (carries a word of its slug, names or
domains: `rtarabic.com` for RT); a host that is not is left out for a maintainer to judge,
since lists of whole organisations hold other brands (`talksport.com` beside The Sun).

Domain rules carry no citation column: each rule's revision names its source (the list file
at the commit below, with the access date) in its comment. Running it again changes nothing;
an error names the list and the line, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from .. import urls
from ..curation import Curator
from ..curation.report import ChangeReport
from ..models import DomainRule, Outlet
from .common import PlatformHosts
from .host_kinds import non_news_reason
from .reconcile import HostMap, name_key
from .v2fly_lists import HOST_TYPES, Entry, Group, read_tree

REPO = "https://github.com/v2fly/domain-list-community"
COMMIT = "c975ccef9c19f005a3bfa7a33255d1b406deea64"


def source_of(list_name: str, accessed: dt.date) -> str:
    """The revision comment that cites a list file."""
    return (
        f"source: v2fly/domain-list-community (MIT) data/{list_name} at {COMMIT[:12]}, "
        f"{REPO}/blob/{COMMIT}/data/{list_name}, accessed {accessed.isoformat()}"
    )


def _squash(text: str) -> str:
    return name_key(text).replace(" ", "")


# Words too common in outlet names to say that a host is named after one.
COMMON_WORDS = frozenset(
    {"the", "news", "radio", "media", "group", "online", "and", "del", "des", "der", "die"}
)


def _stem(host: str) -> str:
    """The part of a host before its public suffix: 'rtde.world' -> 'rtde'."""
    reg = urls.registrable_domain(host) or host
    suffix = reg.partition(".")[2]
    return host.removesuffix("." + suffix) if suffix else host


class Outlets:
    """Outlets by the names a list may call them, the registrable domains they hold and the
    words they are known by."""

    def __init__(self, cur: Curator) -> None:
        self.by_name: dict[str, str] = {}
        self.by_domain: dict[str, str] = {}
        self.domains: dict[str, set[str]] = {}
        self.words: dict[str, set[str]] = {}
        for outlet in cur.session.scalars(select(Outlet).order_by(Outlet.id)):
            words = self.words.setdefault(outlet.slug, {outlet.slug.replace("-", "")})
            for name in (outlet.slug, outlet.name, *outlet.other_names):
                self.by_name.setdefault(_squash(name), outlet.slug)
                words.update(w for w in name_key(name).split() if len(w) > 2)
                words.add(_squash(name))
        rules = cur.session.execute(
            select(DomainRule.host, DomainRule.role, Outlet.slug).join(Outlet)
        )
        for host, role, slug in rules:
            if role == "account":  # an account on x.com says nothing of the outlet's names
                continue
            reg = urls.registrable_domain(host) or host
            self.domains.setdefault(slug, set()).add(reg)
            self.words.setdefault(slug, set()).update(_stem(reg).split("-"))
            if role == "primary" and host == reg:
                self.by_domain.setdefault(reg.partition(".")[0], slug)

    def named_like(self, slug: str, host: str) -> bool:
        """Whether the host carries one of the outlet's words ('rtarabic.com' for RT,
        'ftadviser.com' for the FT), which an organisation-wide list's other brands do not
        ('talksport.com' in The Sun's publisher's list)."""
        stem = _stem(host).replace("-", "")
        words = self.words.get(slug, set()) - COMMON_WORDS
        return any(w and w in stem for w in words)

    def named(self, name: str | None) -> str | None:
        return self.by_name.get(_squash(name)) if name else None

    def of_list(self, name: str) -> str | None:
        return self.named(name) or self.by_domain.get(name)


class DomainListImport:
    def __init__(self, cur: Curator, accessed: dt.date) -> None:
        self.cur = cur
        self.accessed = accessed
        self.hosts = HostMap.stored(cur.session)
        self.outlets = Outlets(cur)
        self.skipped: list[str] = []
        self.platforms = PlatformHosts()

    def run(self, groups: list[Group]) -> None:
        by_list: dict[str, list[Group]] = {}
        for group in groups:
            by_list.setdefault(group.list_name, []).append(group)
        lists = {name: self._list_outlet(name, gs) for name, gs in by_list.items()}
        # A host added as a mirror gives its outlet the words of its name, which may make a
        # host left out earlier in the run named like the outlet: those are tried again
        # until none is added, so a second run finds nothing left to add.
        unnamed: list[tuple[str | None, Entry, str]] = []
        for group in groups:
            slug = self._confirmed(self.outlets.named(group.heading), [group])
            slug = slug or lists[group.list_name]
            for entry in group.entries:
                unnamed.append((slug, entry, group.list_name))
        while True:
            left: list[tuple[str | None, Entry, str]] = []
            reasons: list[str] = []
            for slug, entry, list_name in unnamed:
                self.cur.comment = source_of(list_name, self.accessed)
                reason = self._add(slug, entry)
                if reason:
                    left.append((slug, entry, list_name))
                    reasons.append(f"{entry.list_name}: line {entry.line}: {reason}")
            if len(left) == len(unnamed):
                break
            unnamed = left
        self.skipped.extend(reasons)

    def _list_outlet(self, name: str, groups: list[Group]) -> str | None:
        if name.startswith("category-"):
            return None
        return self._confirmed(self.outlets.of_list(name), groups)

    def _confirmed(self, slug: str | None, groups: list[Group]) -> str | None:
        """`slug` when one of the groups' hosts already resolves to it: a name alone is not
        enough (Beijing's `ynet` list is not Israel's Ynet; `thomsonreuters` not Reuters)."""
        if slug is None:
            return None
        hosts = (e.value for g in groups for e in g.entries if e.type in HOST_TYPES)
        return slug if any(self.hosts.resolve(h) == slug for h in hosts) else None

    def _add(self, slug: str | None, entry: Entry) -> str | None:
        """Add the entry's host to the outlet, or say why not."""
        if entry.type not in HOST_TYPES:
            return f"{entry.type}:{entry.value}: not a host rule"
        host = entry.value.removeprefix("www.")
        # x.com, t.me...: only an outlet's accounts there, added by hand (reported apart)
        if self.platforms.refused(f"{entry.list_name}: line {entry.line}", host, ""):
            return None
        reason = non_news_reason(host, entry.attrs)
        if reason:
            return f"{host}: {reason} host, left out"
        owner = self.hosts.resolve(host)
        if owner is not None and owner == slug:
            return None
        if owner is not None:
            return f"{host}: already resolves to '{owner}'"
        if slug is None:
            return f"{host}: no outlet matches list '{entry.list_name}', left out"
        if not self.outlets.named_like(slug, host):
            return f"{host}: not named like '{slug}', left out (add it by hand if it is)"
        reg = urls.registrable_domain(host) or host
        held = self.outlets.domains.setdefault(slug, set())
        role = "language_edition" if reg in held else "mirror"
        self.cur.domain_rules.create({"outlet": slug, "host": host, "role": role})
        self.hosts.add(host, "", slug)
        held.add(reg)
        self.outlets.words.setdefault(slug, set()).update(_stem(reg).split("-"))
        return None


def reader_for(folder: Path) -> Callable[[str], str | None]:
    """`read(name)`: the text of list `name` in `folder`, None when there is none."""

    def read(name: str) -> str | None:
        path = folder / name
        if "/" in name or not path.is_file():
            return None
        return path.read_text(encoding="utf-8")

    return read


def import_tree(
    cur: Curator, root: str, read: Callable[[str], str | None], accessed: dt.date | None = None
) -> ChangeReport:
    """Import list `root` and everything it includes in `cur`'s unit of work."""
    groups = read_tree(root, read)
    run = DomainListImport(cur, accessed or dt.date.today())
    try:
        run.run(groups)
    finally:
        cur.comment = None
    return cur.report(run.skipped, platform_hosts=run.platforms.left_out)


def import_path(cur: Curator, path: Path, accessed: dt.date | None = None) -> ChangeReport:
    """Import the list file at `path`, its includes read from the same folder."""
    return import_tree(cur, path.name, reader_for(path.parent), accessed)
