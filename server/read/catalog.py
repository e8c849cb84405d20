"""Outlet listings and single records for the public read API (not the URL lookup path)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, or_, select

from ..errors import BadRequest, NotFound
from ..presenters.outlet import outlet_summary
from ..vocab import OUTLET_KINDS
from .records import fetch_outlet_row, outlet_record
from .tables import OUTLETS, RULES

MAX_PAGE = 1000


def _int_arg(args: Any, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise BadRequest(f"{name} must be an integer", field=name) from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}", field=name)
    return value


def list_outlets(conn: Connection, args: Any) -> dict[str, Any]:
    """Page through outlets, filtered by country, kind and a name/domain search `q`."""
    limit = _int_arg(args, "limit", 100, 1, MAX_PAGE)
    offset = _int_arg(args, "offset", 0, 0, 10**9)
    conditions = []
    country = (args.get("country") or "").strip().upper()
    if country:
        if len(country) != 2 or not country.isalpha():
            raise BadRequest("country must be an ISO 3166 alpha-2 code", field="country")
        conditions.append(OUTLETS.c.country == country)
    kind = (args.get("kind") or "").strip()
    if kind:
        if kind not in OUTLET_KINDS:
            raise BadRequest(f"kind must be one of {', '.join(OUTLET_KINDS)}", field="kind")
        conditions.append(OUTLETS.c.kind == kind)
    q = (args.get("q") or "").strip().lower()
    if q:
        if len(q) > 200:
            raise BadRequest("q is limited to 200 characters", field="q")
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        in_domains = select(RULES.c.outlet_id).where(RULES.c.host.like(pattern, escape="\\"))
        conditions.append(
            or_(
                func.lower(OUTLETS.c.name).like(pattern, escape="\\"),
                OUTLETS.c.slug.like(pattern, escape="\\"),
                OUTLETS.c.id.in_(in_domains),
            )
        )
    total = conn.execute(select(func.count()).select_from(OUTLETS).where(*conditions)).scalar_one()
    rows = conn.execute(
        select(OUTLETS)
        .where(*conditions)
        .order_by(OUTLETS.c.name, OUTLETS.c.id)
        .limit(limit)
        .offset(offset)
    )
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "outlets": [outlet_summary(r) for r in rows],
    }


def get_outlet(conn: Connection, slug: str, base_url: str) -> dict[str, Any]:
    row = fetch_outlet_row(conn, slug=slug)
    if row is None:
        raise NotFound(f"no outlet with slug '{slug}'", field="slug")
    return outlet_record(conn, row, base_url)
