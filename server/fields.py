"""The field types of curated records, each defined once: the API payloads, the dataset format
and the admin forms all check a slug, a country, a URL, a date, a share or a language here.

Each rule is a plain check (value in, clean value out, ValueError with the message a
maintainer reads) that the WTForms validators call, and an `Annotated` type that pydantic
models use. Patterns stay pydantic constraints so the OpenAPI document shows them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Literal
from urllib.parse import unquote

from pydantic import AfterValidator, ConfigDict, Field
from typing_extensions import TypedDict  # pydantic wants this TypedDict before Python 3.12

from . import urls, vocab
from .countries import ISO_3166_ALPHA2
from .models.base import MAX_ID
from .urls.platforms import account_prefix, on_platform, takes_accounts
from .urls.rules import INVISIBLE

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,99}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
QID_PATTERN = r"^Q[0-9]+$"
SHARE_RANGE = (0, 100)
URL_LENGTH = (8, 2048)
TEXT_MAX = 5000
PATH_LENGTH = 200
MAX_PATH_FOLDS = 20

# -- the checks ------------------------------------------------------------------------------


def _matches(pattern: str, message: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise ValueError(message)
        return value

    return check


check_slug = _matches(SLUG_PATTERN, "use lower-case letters, digits and '-' (at most 100)")
check_language = _matches(LANGUAGE_PATTERN, "not a language tag (e.g. en, de, pt-BR)")
check_qid = _matches(QID_PATTERN, "not a Wikidata id (e.g. Q12345)")


# The characters lookups refuse in a URL (rules.json "invisible": bidi embeddings, overrides
# and isolates U+202A-U+202E and U+2066-U+2069, marks, zero-width spaces, the soft hyphen...)
# but the zero-width joiner and non-joiner, which Persian, Indic scripts and emoji need.
JOINERS = frozenset("\u200c\u200d")
HIDDEN = {char: name for char, name in INVISIBLE.items() if char not in JOINERS}
_HIDDEN = re.compile("[" + "".join(sorted(HIDDEN)) + "]")


def check_visible(value: str) -> str:
    """A name or title (a line a reader sees as is): refused when it holds a bidi control or
    an invisible character, which would make it read other than it is written."""
    bad = _HIDDEN.search(value)
    if bad is not None:
        char = bad.group()
        raise ValueError(
            f"contains an invisible character, U+{ord(char):04X} {HIDDEN[char]}, at"
            f" position {bad.start() + 1}: remove it"
        )
    return value


def strip_invisible(value: str) -> str:
    """Long text (descriptions, notes, quotes), often pasted from a page with soft hyphens
    or zero-width spaces no one sees: the same characters are removed, not refused."""
    return _HIDDEN.sub("", value)


def check_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased: a typo such as UK for GB is refused."""
    value = value.strip().upper()
    if value not in ISO_3166_ALPHA2:
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. GB, RU, US)")
    return value


def check_http_url(value: str) -> str:
    if not value.lower().startswith(("http://", "https://")):
        raise ValueError("must be an http:// or https:// URL")
    try:
        urls.canonicalize(value)
    except urls.InvalidURL as exc:
        raise ValueError(exc.message) from None
    return value


def check_past_date(value: dt.date) -> dt.date:
    # One day of slack: a maintainer east of UTC may already be "tomorrow".
    if value > dt.date.today() + dt.timedelta(days=1):
        raise ValueError("date is in the future")
    return value


def check_share(value: float) -> float:
    low, high = SHARE_RANGE
    if not low <= value <= high:
        raise ValueError(f"a share is a percentage from {low} to {high}")
    return value


def rule_host(value: str) -> str:
    """A domain rule's host: lower-case punycode without `www.`, never a public suffix."""
    try:
        host = urls.normalize_host(value.strip())
    except urls.InvalidURL as exc:
        raise ValueError(exc.message) from None
    if host.startswith("www.") and urls.registrable_domain(host[4:]):
        host = host[4:]
    if urls.is_public_suffix(host):
        raise ValueError(
            f"{host} is a public suffix; a domain rule needs a registrable domain or below"
        )
    return host


def check_path_prefix(value: str) -> str:
    """A domain rule's path prefix, as written: '' or '/segment...' without a trailing '/'.
    Its case is settled with the host (``urls.platforms.path_key``: lower case but a YouTube
    channel id), by the rule's shape and the domain rule service. Refused (ValueError) with a
    bidi control or invisible character (``check_visible``: U+202E, U+200B...) or a space,
    written or %-encoded: a prefix that reads other than it is, or is no path at all."""
    if value and (not value.startswith("/") or value.endswith("/")):
        raise ValueError("path_prefix must start with '/' and not end with '/' (or be empty)")
    for decoded, form in ((False, value), (True, unquote(value))):  # as written, %-decoded
        try:
            check_visible(form)
        except ValueError as exc:
            what = "path_prefix (%-decoded)" if decoded else "path_prefix"
            raise ValueError(f"{what} {exc}") from None
        space = next((i for i, char in enumerate(form) if char.isspace()), None)
        if space is not None:
            raise ValueError(
                f"path_prefix contains a space (U+{ord(form[space]):04X}) at position"
                f" {space + 1}: a rule's path has none"
                if not decoded
                else "path_prefix contains an encoded space (%20...): a rule's path has none"
            )
    return value


# A YouTube channel id: "UC" then 22 letters, digits, "-" or "_", in its own case
# (UCpwvZwUam-URkxB7g4USKpg); the same letters in another case are no channel.
YOUTUBE_CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")


def _channel_id_problem(platform: str, prefix: str) -> str | None:
    segments = prefix.split("/")  # "", "channel", id
    if platform != "youtube.com" or len(segments) != 3 or segments[1].lower() != "channel":
        return None
    if YOUTUBE_CHANNEL_ID.fullmatch(segments[2]):
        return None
    return (
        f"{segments[2]} is not a YouTube channel id: one is 'UC' then 22 letters, digits, '-'"
        " or '_', in its own case (e.g. /channel/UCpwvZwUam-URkxB7g4USKpg)"
    )


def platform_rule_problem(host: str, path_prefix: str, role: str) -> tuple[str, str] | None:
    """(field, message) when a domain rule on a platform's host (x.com, t.me, youtube.com...,
    their aliases and hosts below them; rules.json ``platforms``) is not one account of it,
    else None. A rule there must have role ``account`` and a path prefix that is exactly an
    account by the platform's account grammar (``/rt_com``, ``/@rt``, ``/channel/UC...``):
    a whole-host rule, a page of the platform (``/search``) or a deeper path would claim
    every account, or pages that are not the outlet's."""
    platform = on_platform(host)
    if platform is None:
        return None
    if not takes_accounts(platform):
        return (
            "host",
            f"{host} is a platform's host ({platform}): it is no outlet's domain, and Masthead"
            " knows no account address there, so it takes no domain rule",
        )
    if not path_prefix:
        return (
            "path_prefix",
            f"{host} is a platform's host ({platform}): a rule there is one account, with"
            " role 'account' and the account's path (e.g. /name), never the whole host",
        )
    if role != "account":
        return ("role", f"a rule on {host} (a platform's host) must have role 'account'")
    try:  # a hidden character or a space: no account's name (importers call this alone)
        check_path_prefix(path_prefix)
    except ValueError as exc:
        return ("path_prefix", str(exc))
    found = account_prefix(host, path_prefix)
    if found is None or found[1].lower() != path_prefix.lower():
        hint = f": write {found[1]}" if found is not None else ""
        return (
            "path_prefix",
            f"{path_prefix} is not an account's path on {platform}{hint}",
        )
    channel = _channel_id_problem(found[0], path_prefix)
    if channel is not None:
        return ("path_prefix", channel)
    return None


def _fold_path(value: str, what: str, *, case: bool) -> str:
    """A path fold's prefix or replacement as a canonical URL writes it (see the fold checks)."""
    if not value.startswith("/") or value.endswith("/"):
        raise ValueError(f"{what} must start with '/' and not end with '/'")
    try:
        path = urls.split(urls.canonicalize("https://example.com" + value))[1]
    except urls.InvalidURL as exc:
        raise ValueError(f"{what}: {exc.message}") from None
    if (path if case else path.lower()) != (value if case else value.lower()):
        raise ValueError(f"{what} {value!r} is not a canonical path: write it {path!r}")
    return value if case else value.lower()


def check_fold_prefix(value: str) -> str:
    """A path fold's prefix: ``/segment...``, lower-cased (folds match case-insensitively)."""
    return _fold_path(value, "a path fold's prefix", case=False)


def check_fold_replacement(value: str) -> str:
    """What replaces a path fold's prefix: empty (the prefix is dropped) or ``/segment...``
    exactly as a canonical URL writes it (case kept)."""
    return _fold_path(value, "a path fold's replacement", case=True) if value else ""


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def check_path_folds(folds: list[PathFoldIn]) -> list[PathFoldIn]:
    """One fold per prefix, and no replacement that a fold of the same rule would fold
    again (so folding a path always ends, and a folded path stays folded)."""
    seen: set[str] = set()
    for fold in folds:
        if fold["prefix"] in seen:
            raise ValueError(f"the prefix {fold['prefix']} is folded twice")
        seen.add(fold["prefix"])
    for fold in folds:
        replacement = fold["replacement"].lower()
        folded = urls.split(urls.fold_variants("https://example.com" + fold["replacement"]))[1]
        if fold["replacement"] and folded != fold["replacement"]:
            # e.g. '/amp/news': lookups fold AMP spellings away first, so the replaced path
            # would change again and an article's key would not be its own key.
            raise ValueError(
                f"the replacement {fold['replacement']} is an AMP or mobile spelling that"
                f" lookups fold to {folded}: write that"
            )
        for other in folds:
            if replacement and _under(replacement, other["prefix"]):
                raise ValueError(
                    f"the replacement {fold['replacement']} would be folded again by the"
                    f" prefix {other['prefix']}"
                )
    return folds


# -- the types -------------------------------------------------------------------------------


# Patterns are documented in the schema (json_schema_extra) and checked by the same function
# the admin forms call, so every door says the same thing about a bad value.
Slug = Annotated[
    str,
    Field(max_length=100, json_schema_extra={"pattern": SLUG_PATTERN}),
    AfterValidator(check_slug),
]
Country = Annotated[str, AfterValidator(check_country)]
HttpUrl = Annotated[
    str, Field(min_length=URL_LENGTH[0], max_length=URL_LENGTH[1]), AfterValidator(check_http_url)
]
PastDate = Annotated[dt.date, AfterValidator(check_past_date)]
Share = Annotated[float, Field(ge=SHARE_RANGE[0], le=SHARE_RANGE[1], allow_inf_nan=False)]
Language = Annotated[
    str,
    Field(max_length=12, json_schema_extra={"pattern": LANGUAGE_PATTERN}),
    AfterValidator(check_language),
]
Qid = Annotated[
    str, Field(max_length=20, json_schema_extra={"pattern": QID_PATTERN}), AfterValidator(check_qid)
]
Host = Annotated[str, Field(min_length=1, max_length=253), AfterValidator(rule_host)]
PathPrefix = Annotated[str, Field(max_length=200), AfterValidator(check_path_prefix)]
Text = Annotated[str, Field(max_length=TEXT_MAX), AfterValidator(strip_invisible)]
# A name or title: give the length with `Field(...)` where it is used.
Visible = Annotated[str, AfterValidator(check_visible)]


class PathFoldIn(TypedDict):
    """A domain rule's path fold: a leading path prefix and what replaces it."""

    __pydantic_config__ = ConfigDict(extra="forbid", str_strip_whitespace=True)  # type: ignore[misc]
    prefix: Annotated[str, Field(max_length=PATH_LENGTH), AfterValidator(check_fold_prefix)]
    replacement: Annotated[
        str, Field(max_length=PATH_LENGTH), AfterValidator(check_fold_replacement)
    ]


PathFolds = Annotated[
    list[PathFoldIn], Field(max_length=MAX_PATH_FOLDS), AfterValidator(check_path_folds)
]
# A record's id: the database's integer range, so an id past it is refused before any SQL.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]

OutletKind = Literal[vocab.OUTLET_KINDS]  # type: ignore[valid-type]
OutletStatus = Literal[vocab.OUTLET_STATUSES]  # type: ignore[valid-type]
DomainRole = Literal[vocab.DOMAIN_ROLES]  # type: ignore[valid-type]
EntityKind = Literal[vocab.ENTITY_KINDS]  # type: ignore[valid-type]
RelationKind = Literal[vocab.RELATION_KINDS]  # type: ignore[valid-type]
LabelKind = Literal[vocab.LABEL_KINDS]  # type: ignore[valid-type]
ReportRelation = Literal[vocab.REPORT_RELATIONS]  # type: ignore[valid-type]
ReportStatus = Literal[vocab.REPORT_STATUSES]  # type: ignore[valid-type]
Role = Literal[vocab.ROLES]  # type: ignore[valid-type]
SuggestionKind = Literal[vocab.SUGGESTION_KINDS]  # type: ignore[valid-type]
