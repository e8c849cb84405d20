"""How dates and numbers look in every JSON document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def iso(value: dt.date | str | None) -> str | None:
    """ISO date (or date and time); a string is already one (the read model loads SQLite
    dates without parsing them)."""
    if not value:
        return None
    return value if isinstance(value, str) else value.isoformat()


def number(value: Decimal | float | str | None) -> float | None:
    return float(value) if value is not None else None
