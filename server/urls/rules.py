"""The rule data in ``rules.json``, loaded and checked once at import.

One table of providers, as ClearURLs keeps it: tracking rules (which query parameters never
identify content, on every host or on some) and unwrap rules (which addresses wrap another
one, and where in them the other one is). The extension reads the same file through a
generated module (extension/background/matching/rules-data.js), so both sides apply the
same data; tests keep the two identical.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "INVISIBLE",
    "KINDS",
    "PLATFORMS",
    "RULES_PATH",
    "TRACKING_RULES",
    "UNWRAP_RULES",
    "Platform",
    "TrackingRule",
    "UnwrapRule",
    "load_platforms",
    "load_rules",
]

RULES_PATH = Path(__file__).with_name("rules.json")
KINDS = ("archive", "amp", "translation", "proxy", "redirect")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_HOST = re.compile(r"(?:\*\.)?[a-z0-9_-]+(?:\.[a-z0-9_-]+)+|@[a-z0-9-]+")
_SEGMENT = re.compile(r"\*|@\*|[a-z0-9_.-]+")
_TEMPLATE = re.compile(r"(?:[^{}]|\{[0-9]\})*")


@dataclass(frozen=True, slots=True)
class TrackingRule:
    id: str
    hosts: tuple[str, ...]  # empty: every host
    params: frozenset[str]  # lower case
    prefixes: tuple[str, ...]  # lower case


@dataclass(frozen=True, slots=True)
class UnwrapRule:
    id: str
    kind: str
    hosts: tuple[str, ...]  # expanded: no @sets left
    path: re.Pattern[str] | None  # DOTALL, as the extension's /s: "." is any character
    param: tuple[str, ...]  # query parameters that may hold the target, first present wins
    value: re.Pattern[str] | None  # must match the whole parameter value
    target: str  # "{n}" template over the path or value groups; "{0}" is the whole value
    captured: int | None  # path group with the capture time
    decode: str | None  # "base64"
    schemeless: bool  # the target may lack its scheme (https:// is assumed)
    host_encoded: bool  # the target's host is encoded in the first host label
    pass_query: bool  # the wrapper's query belongs to the target
    drop: tuple[str, ...]  # parameters removed from the target ("x_*": a prefix)


def _fail(where: str, why: str) -> ValueError:
    return ValueError(f"{RULES_PATH.name}: {where}: {why}")


def _tracking(raw: dict[str, Any]) -> TrackingRule:
    rid = raw["id"]
    if not _ID.fullmatch(rid) or not raw.get("why"):
        raise _fail(rid, "a tracking rule needs an id and a reason (why)")
    params = frozenset(p.lower() for p in raw.get("params", ()))
    prefixes = tuple(p.lower() for p in raw.get("prefixes", ()))
    if not params and not prefixes:
        raise _fail(rid, "a tracking rule needs params or prefixes")
    hosts = tuple(raw.get("hosts", ()))
    if any(not _HOST.fullmatch(h) or h[0] in "*@" for h in hosts):
        raise _fail(rid, "tracking hosts are plain canonical hosts")
    return TrackingRule(rid, hosts, params, prefixes)


def _expand(hosts: list[str], sets: dict[str, list[str]], rid: str) -> tuple[str, ...]:
    out: list[str] = []
    for host in hosts:
        if not _HOST.fullmatch(host):
            raise _fail(rid, f"bad host pattern {host!r}")
        if host.startswith("@"):
            if host[1:] not in sets:
                raise _fail(rid, f"no host set {host!r}")
            out.extend(sets[host[1:]])
        else:
            out.append(host)
    return tuple(out)


def _unwrap(raw: dict[str, Any], sets: dict[str, list[str]]) -> UnwrapRule:
    rid = raw["id"]
    kind = raw["kind"]
    if not _ID.fullmatch(rid) or kind not in KINDS or not raw.get("name"):
        raise _fail(rid, f"an unwrap rule needs an id, a name and a kind in {KINDS}")
    param = tuple(raw.get("param", ()))
    host_encoded = bool(raw.get("host_encoded", False))
    target = raw.get("target", "{0}" if param else "")
    if bool(param) + host_encoded + ("target" in raw and not param) != 1:
        raise _fail(rid, "give exactly one of param, host_encoded, or a target over the path")
    if not _TEMPLATE.fullmatch(target):
        raise _fail(rid, f"bad target template {target!r}")
    path = raw.get("path")
    value = raw.get("value")
    groups = re.compile((value if param else path) or "").groups
    used = [int(n) for n in re.findall(r"\{([0-9])\}", target)]
    if raw.get("captured"):
        used.append(raw["captured"])
    if any(n > groups for n in used) or (param and value is None and used != [0]):
        raise _fail(rid, "the target and captured groups must exist in the pattern")
    return UnwrapRule(
        id=rid,
        kind=kind,
        hosts=_expand(raw["hosts"], sets, rid),
        path=re.compile(path, re.DOTALL) if path is not None else None,
        param=param,
        value=re.compile(value, re.DOTALL) if value is not None else None,
        target=target,
        captured=raw.get("captured"),
        decode=raw.get("decode"),
        schemeless=bool(raw.get("schemeless", False)),
        host_encoded=host_encoded,
        pass_query=raw.get("query") == "target",
        drop=tuple(d.lower() for d in raw.get("drop", ())),
    )


@dataclass(frozen=True, slots=True)
class Platform:
    """A platform accounts live on: its canonical host, the other hosts that are the same
    platform, and leading path segments that wrap an account's path (``t.me/s/<name>``)."""

    id: str
    name: str
    host: str
    aliases: tuple[str, ...]
    drop: tuple[str, ...]  # "/segment", lower case
    # account path shapes, each a tuple of leading segments: "*" a name, "@*" an @name,
    # anything else that very segment (lower case)
    accounts: tuple[tuple[str, ...], ...] = ()
    reserved: frozenset[str] = frozenset()  # names that are pages of the platform, not accounts
    # account shapes (some of `accounts`) whose "*" segments keep their case: YouTube's
    # channel ids are case-sensitive, its @handles are not
    cased: tuple[tuple[str, ...], ...] = ()
    # only the host itself and its www. and m. forms (and the aliases) are the platform, not
    # the hosts below it: someone.substack.com is a writer's site, not Substack's
    exact: bool = False


def _platform(raw: dict[str, Any]) -> Platform:
    pid = raw["id"]
    hosts = [raw["host"], *raw.get("aliases", ())]
    if not _ID.fullmatch(pid) or not raw.get("name"):
        raise _fail(pid, "a platform needs an id and a name")
    if any(not _HOST.fullmatch(h) or h[0] in "*@" or h.startswith("www.") for h in hosts):
        raise _fail(pid, "platform hosts are plain canonical hosts")
    drop = tuple(d.lower() for d in raw.get("drop", ()))
    if any(not re.fullmatch(r"/[a-z0-9_-]+", d) for d in drop):
        raise _fail(pid, "a dropped prefix is one path segment, '/name'")
    accounts = tuple(tuple(a.lower().split("/")) for a in raw.get("accounts", ()))
    # no shapes: the platform has no accounts a rule may name, so it takes no rule at all
    if any(not a or not all(_SEGMENT.fullmatch(s) for s in a) for a in accounts):
        raise _fail(pid, "account shapes are like '*', '@*', 'channel/*'")
    literal = {s for a in accounts for s in a if s not in ("*", "@*")}
    literal |= {d[1:] for d in drop}  # t.me/s is the preview, never a channel called "s"
    reserved = frozenset(r.lower() for r in raw.get("reserved", ())) | literal
    cased = tuple(tuple(a.lower().split("/")) for a in raw.get("cased", ()))
    if any(shape not in accounts or "*" not in shape for shape in cased):
        raise _fail(pid, "a cased shape is one of the platform's accounts with a '*' name")
    aliases = tuple(raw.get("aliases", ()))
    exact = raw.get("exact", False)
    if not isinstance(exact, bool):
        raise _fail(pid, "'exact' is true or false")
    return Platform(pid, raw["name"], raw["host"], aliases, drop, accounts, reserved, cased, exact)


def load_platforms(path: Path = RULES_PATH) -> tuple[Platform, ...]:
    """The platforms of the rule file; a host belongs to at most one platform."""
    data = json.loads(path.read_text(encoding="utf-8"))
    platforms = tuple(_platform(r) for r in data.get("platforms", ()))
    hosts = [h for p in platforms for h in (p.host, *p.aliases)]
    if len(set(hosts)) != len(hosts) or len({p.id for p in platforms}) != len(platforms):
        raise _fail("platforms", "platform ids and hosts must be unique")
    return platforms


def load_rules(
    path: Path = RULES_PATH,
) -> tuple[dict[str, str], tuple[TrackingRule, ...], tuple[UnwrapRule, ...]]:
    """(invisible characters -> names, tracking rules, unwrap rules) from the rule file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    invisible = {chr(int(cp, 16)): name for cp, name in data["invisible"].items()}
    tracking = tuple(_tracking(r) for r in data["tracking"])
    unwrap = tuple(_unwrap(r, data["host_sets"]) for r in data["unwrap"])
    for table in (tracking, unwrap):
        if len({r.id for r in table}) != len(table):
            raise _fail("ids", "rule ids must be unique within a table")
    if not tracking or tracking[0].id != "common" or tracking[0].hosts:
        raise _fail("tracking", "the first tracking rule is 'common', for every host")
    return invisible, tracking, unwrap


INVISIBLE, TRACKING_RULES, UNWRAP_RULES = load_rules()
PLATFORMS = load_platforms()
