"""Reading the State Media Matrix (ASD/GMF, from State Media Monitor) into assets: pure.

The file is a CSV with one row per URL (an edition or a mirror) of an asset (an outlet) of a
media company: `Country, Media company, Main assets, URL, Typology, Status, ...` plus social
account columns (`SOCIAL_COLUMNS`), read into the asset's `accounts` as the account's
platform host and path prefix (`server/urls/platforms.py`); a link that is no account (a
video, a home page) is kept in `odd_links` for the report, never an error. Rows of one country,
company and asset name are grouped into one `Asset` (Denmark's and Hungary's "TV2" are two);
its `urls` keep the file's order.

Errors are ValidationFailed naming the line (the header is line 1): a missing column, a row
without a company or asset name, an unknown country name, an unknown typology code, an
address that is not a URL.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import urls
from ..curation.identity import normalize_rule_host
from ..errors import ValidationFailed
from ..fields import platform_rule_problem
from ..urls.platforms import account_prefix, path_key
from .common import address
from .country_names import country_code

COLUMNS = ("Country", "Media company", "Main assets", "URL", "Typology", "Status")
# State Media Monitor's typology codes and what they stand for.
TYPOLOGY = {
    "SC": "state-controlled media",
    "CaPu": "captured public media",
    "CaPr": "captured private media",
    "ISFM": "independent state-funded and state-managed media",
    "ISF": "independent state-funded media",
    "ISM": "independent state-managed media",
    "IP": "independent public media",
}
NOT_FUNCTIONAL = "currently not functional"
# The columns with an asset's accounts on platforms, one link each (the file's spelling).
SOCIAL_COLUMNS = (
    "Instagram Link",
    "Twitter Link",
    "Facebook Link",
    "Youtube Link",
    "Telegram Link",
    "VK Link",
    "Linkedin link",
    "Ok.ru link",
    "Tiktok Link",
    "Rutube Link",
)


@dataclass(frozen=True)
class AssetUrl:
    """One listed address: rule host (no `www.`), path prefix ('' = the whole host)."""

    line: int
    host: str
    path: str
    current: bool  # False for a row the list marks "Currently Not Functional"


@dataclass
class Asset:
    line: int  # its first row
    company: str
    name: str
    country: str | None
    typology: str | None  # a TYPOLOGY code, None when blank or uncertain
    uncertain: str | None  # the raw value when it carries a '?' (e.g. "ISFM?")
    urls: list[AssetUrl] = field(default_factory=list)
    accounts: list[AssetUrl] = field(default_factory=list)  # platform host + account prefix
    odd_links: list[str] = field(default_factory=list)  # social links that are no account


def _cell(row: dict[str, str], name: str) -> str:
    return (row.get(name) or "").strip()


def _header(names: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in {n.strip() for n in names}]
    if missing:
        raise ValidationFailed(
            f"line 1: missing column(s) {', '.join(map(repr, missing))}", field="header"
        )


# The matrix prefixes some asset names with the kind of medium ("News agency: Xinhua",
# "Yicai Media Group (Television: Yicai TV"): a label of the row, not part of the name.
_MEDIUM_PREFIX = re.compile(
    r"(^|\()\s*(?:television|tv|radio|print(?: media)?|news ?agency|news portals?|online"
    r"(?: media)?|digital(?: media)?|newspaper|magazine)\s*:\s*",
    re.IGNORECASE,
)


def asset_name(text: str) -> str:
    """The outlet's name from a "Main assets" cell.

    Drops a leading medium label ("Print media: Al-Sabah" -> "Al-Sabah"; also after an
    opening parenthesis) and closes parentheses the cell leaves open ("Dar Al Tahrir
    Publishing House (Al Gomhuria" -> "... (Al Gomhuria)"). Pure; never returns an empty
    string for a non-empty cell (the cell is kept when nothing would be left).
    """
    name = _MEDIUM_PREFIX.sub(lambda m: m.group(1), text).strip()
    if not name or name == "(":
        return text.strip()
    missing = name.count("(") - name.count(")")
    return name + ")" * missing if missing > 0 else name


def _typology(text: str, line: int) -> tuple[str | None, str | None]:
    """(code, uncertain raw value): 'SC' -> ('SC', None); 'ISFM?' -> (None, 'ISFM?')."""
    if not text:
        return None, None
    code = text.rstrip("?").strip()
    if code not in TYPOLOGY:
        raise ValidationFailed(
            f"line {line}: Typology: unknown code {text!r}; known: {', '.join(TYPOLOGY)}",
            field="Typology",
        )
    return (None, text) if "?" in text else (code, None)


def _url(text: str, line: int) -> tuple[str, str]:
    """(rule host, path prefix without query or trailing '/') of a listed address; the
    path keeps its case (a YouTube channel id needs it; rules lower the rest)."""
    try:
        parts = urlsplit(address(text, "URL"))
        host = normalize_rule_host(parts.hostname or "", field="URL")
    except ValidationFailed as exc:
        reason = exc.message.removeprefix("URL: ")
        raise ValidationFailed(f"line {line}: URL: {reason}", field="URL") from None
    path = "/".join(p for p in parts.path.split("/") if p)
    return host, "/" + path if path else ""


def _country(text: str, line: int) -> str | None:
    if not text:
        return None
    try:
        return country_code(text)
    except KeyError:
        raise ValidationFailed(
            f"line {line}: Country: unknown country name {text!r}", field="Country"
        ) from None


def read_assets(text: str) -> list[Asset]:
    """The file's assets in file order; rows with no cell filled are skipped."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None:
        raise ValidationFailed("the file is empty: expected a header row", field="header")
    _header(list(reader.fieldnames))
    assets: dict[tuple[str | None, str, str], Asset] = {}
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        company, name = _cell(row, "Media company"), asset_name(_cell(row, "Main assets"))
        for column, value in (("Media company", company), ("Main assets", name)):
            if not value:
                raise ValidationFailed(f"line {start}: {column}: this cell is empty", field=column)
        country = _country(_cell(row, "Country"), start)
        code, uncertain = _typology(_cell(row, "Typology"), start)
        asset = assets.setdefault(
            (country, company, name), Asset(start, company, name, country, code, uncertain)
        )
        if asset.typology is None and asset.uncertain is None:
            asset.typology, asset.uncertain = code, uncertain
        raw = _cell(row, "URL")
        if raw:
            host, path = _url(raw, start)
            current = _cell(row, "Status").lower() != NOT_FUNCTIONAL
            asset.urls.append(AssetUrl(start, host, path, current))
        _accounts(asset, row, start)
    return _whole_hosts(list(assets.values()))


def account_of(text: str) -> tuple[str, str] | None:
    """(platform host, account prefix) of a social link, or None when it is no account's.
    The prefix is written as a canonical URL writes it (``/%D8%B1...``, not ``/ر...``), so
    the rule matches the addresses the lookup sees."""
    try:
        host, path = urls.split(urls.canonicalize(address(text, "link")))
    except (ValidationFailed, urls.InvalidURL):
        return None
    return account_prefix(host, path)


def _accounts(asset: Asset, row: dict[str, str], line: int) -> None:
    for column in SOCIAL_COLUMNS:
        raw = _cell(row, column)
        if not raw:
            continue
        found = account_of(raw)
        if found is None:
            asset.odd_links.append(f"line {line}: {column}: {raw[:200]!r} is no account's address")
            continue
        host, prefix = found
        problem = platform_rule_problem(host, prefix, "account")
        if problem is not None:  # a space or hidden character in the name, a bad channel id
            asset.odd_links.append(f"line {line}: {column}: {raw[:200]!r}: {problem[1]}")
            continue
        key = path_key(host, prefix)
        if all((a.host, path_key(a.host, a.path)) != (host, key) for a in asset.accounts):
            asset.accounts.append(AssetUrl(line, host, prefix, True))


def _whole_hosts(assets: list[Asset]) -> list[Asset]:
    """A listed path ('/en/', '/radio') narrows a rule only where two assets share the host;
    otherwise the asset's rule covers the whole host (a landing page is not the outlet)."""
    owners: Counter[str] = Counter()
    for asset in assets:
        for host in {u.host for u in asset.urls}:
            owners[host] += 1
    for asset in assets:
        kept: list[AssetUrl] = []
        for url in asset.urls:
            if owners[url.host] == 1:
                url = AssetUrl(url.line, url.host, "", url.current)
            key = path_key(url.host, url.path)
            if all((k.host, path_key(k.host, k.path)) != (url.host, key) for k in kept):
                kept.append(url)
        asset.urls = kept
    return assets
