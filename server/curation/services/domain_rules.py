"""Domain rules: the hosts (and path prefixes) that say which outlet a page belongs to. One
host and prefix belongs to one outlet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ...errors import Conflict, ValidationFailed
from ...fields import platform_rule_problem
from ...models import DomainRule, Outlet
from ...urls.platforms import is_platform_host, platform_hosts
from ..shapes import DomainFields, columns
from .base import RecordService, at


class DomainRuleService(RecordService):
    kind = "domain_rule"
    fields = columns(DomainFields)
    refs = {"outlet": ("outlet_id", Outlet)}

    def check(self, values: dict[str, Any], where: str, obj: Any) -> None:
        merged = {**_columns_of(obj), **values}
        me = obj.id if obj is not None else None
        problem = platform_rule_problem(merged["host"], merged["path_prefix"], merged["role"])
        if problem is not None:  # a patch may change one of the three
            raise ValidationFailed(problem[1], field=at(where, problem[0]))
        self.free(merged["host"], merged["path_prefix"], merged["outlet_id"], where or "host", me)

    def free(self, host: str, prefix: str, outlet_id: int, where: str, me: int | None) -> None:
        """Refuse a host and prefix that is already a rule (of this outlet or another). On a
        platform's host an account is the same account on any of the platform's hosts and in
        any case (``twitter.com`` + ``/rt_com`` is ``x.com`` + ``/RT_com``), as matching sees it."""
        if prefix and is_platform_host(host):
            same = DomainRule.host.in_(platform_hosts(host)) & (
                func.lower(DomainRule.path_prefix) == prefix.lower()
            )
        else:
            same = (DomainRule.host == host) & (DomainRule.path_prefix == prefix)
        other = self.uow.first(select(DomainRule.id, DomainRule.outlet_id).where(same))
        if other is None or other.id == me:
            return
        owner = self.session.get(Outlet, other.outlet_id)
        slug = owner.slug if owner else str(other.outlet_id)
        if other.outlet_id == outlet_id:
            message = (
                f"domain {host}{prefix} is already a rule of outlet '{slug}' (rule {other.id})"
            )
        else:
            message = f"domain {host}{prefix} already belongs to outlet '{slug}'"
        raise Conflict(message, field=where, extra={"outlet": slug, "domain_id": other.id})

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
