"""Domain rules: the hosts (and path prefixes) that say which outlet a page belongs to. One
host and prefix belongs to one outlet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ...errors import Conflict, ValidationFailed
from ...fields import platform_rule_problem
from ...models import DomainRule, Outlet
from ...urls.platforms import account_host, on_platform, path_key
from ..shapes import DomainFields, columns
from .base import RecordService, at


def rule_key(host: str, prefix: str) -> tuple[str, str]:
    """When two rules are the same rule: on a platform's host an account is the same account
    on any of its hosts, its aliases and the hosts below it (``mobile.twitter.com``,
    ``m.youtube.com``) and in any case but a YouTube channel id's (``path_key``); elsewhere
    host and prefix as they are."""
    platform = on_platform(host) if prefix else None
    if platform is not None:
        return platform, path_key(host, prefix)
    return host, prefix


class DomainRuleService(RecordService):
    kind = "domain_rule"
    fields = columns(DomainFields)
    refs = {"outlet": ("outlet_id", Outlet)}

    def __init__(self, uow: Any) -> None:
        super().__init__(uow)
        # In bulk (an import): every rule's key -> (id, outlet id), read once, so checking a
        # new rule is no query (the rules created in bulk are not written yet).
        self._known: dict[tuple[str, str], tuple[int, int]] | None = None

    def add(self, shape: Any, where: str = "", **columns: Any) -> Any:
        rule = super().add(shape, where, **columns)
        if self._known is not None:
            self._known.setdefault(rule_key(rule.host, rule.path_prefix), (rule.id, rule.outlet_id))
        return rule

    def forget(self) -> None:
        """A rule changed or went: the keys are read again when next needed."""
        self._known = None

    def _other(self, host: str, prefix: str) -> tuple[int, int] | None:
        """(id, outlet id) of the rule that is already `host` + `prefix`, if any."""
        if self.uow.bulk_active:
            if self._known is None:
                rows = self.session.execute(
                    select(
                        DomainRule.host, DomainRule.path_prefix, DomainRule.id, DomainRule.outlet_id
                    )
                )
                self._known = {}
                for h, p, ident, outlet in rows:
                    self._known.setdefault(rule_key(h, p), (ident, outlet))
            return self._known.get(rule_key(host, prefix))
        if prefix and on_platform(host) is not None:
            # the same account on another of the platform's hosts (a rule written before
            # hosts were folded on write) or in another case, unless the case is its name's
            stmt = (
                select(DomainRule.host, DomainRule.path_prefix, DomainRule.id, DomainRule.outlet_id)
                .where(func.lower(DomainRule.path_prefix) == prefix.lower())
                .order_by(DomainRule.id)
            )
            with self.session.no_autoflush:
                same_lower = self.session.execute(stmt).all()
            key = rule_key(host, prefix)
            return next(((r[2], r[3]) for r in same_lower if rule_key(r[0], r[1]) == key), None)
        same = (DomainRule.host == host) & (DomainRule.path_prefix == prefix)
        other = self.uow.first(select(DomainRule.id, DomainRule.outlet_id).where(same))
        return None if other is None else (other.id, other.outlet_id)

    def check(self, values: dict[str, Any], where: str, obj: Any) -> None:
        merged = {**_columns_of(obj), **values}
        if "host" in values or "path_prefix" in values:  # a patch may send either alone
            merged["path_prefix"] = path_key(merged["host"], merged["path_prefix"])
            if obj is None or merged["path_prefix"] != obj.path_prefix:
                values["path_prefix"] = merged["path_prefix"]
        me = obj.id if obj is not None else None
        problem = platform_rule_problem(merged["host"], merged["path_prefix"], merged["role"])
        if problem is not None:  # a patch may change one of the three
            raise ValidationFailed(problem[1], field=at(where, problem[0]))
        host = account_host(merged["host"], merged["path_prefix"])  # mobile.twitter.com: x.com
        if host != merged["host"]:
            values["host"] = merged["host"] = host
        self.free(merged["host"], merged["path_prefix"], merged["outlet_id"], where or "host", me)

    def free(self, host: str, prefix: str, outlet_id: int, where: str, me: int | None) -> None:
        """Refuse a host and prefix that is already a rule (of this outlet or another). On a
        platform's host an account is the same account on any of the platform's hosts and in
        any case (``twitter.com`` + ``/rt_com`` is ``x.com`` + ``/RT_com``), as matching sees it."""
        other = self._other(host, prefix)
        if other is None or other[0] == me:
            return
        other_id, other_outlet = other
        owner = self.session.get(Outlet, other_outlet)
        slug = owner.slug if owner else str(other_outlet)
        if other_outlet == outlet_id:
            message = (
                f"domain {host}{prefix} is already a rule of outlet '{slug}' (rule {other_id})"
            )
        else:
            message = f"domain {host}{prefix} already belongs to outlet '{slug}'"
        raise Conflict(message, field=where, extra={"outlet": slug, "domain_id": other_id})

    def check_restorable(self, obj: Any) -> None:
        if self.session.get(Outlet, obj.outlet_id) is None:
            raise Conflict(f"cannot restore domain rule {obj.id}: its outlet is gone")
        self.free(obj.host, obj.path_prefix, obj.outlet_id, "host", None)


def _columns_of(rule: DomainRule | None) -> dict[str, Any]:
    if rule is None:
        return {"path_prefix": "", "role": "primary"}
    return {
        "host": rule.host,
        "path_prefix": rule.path_prefix,
        "role": rule.role,
        "outlet_id": rule.outlet_id,
    }
