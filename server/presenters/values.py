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


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_year(value: dt.date | str | None) -> str:
    """'2018-08-02' -> 'Aug 2018' ('2018' stays '2018'; '' when not a date): how a page says
    when a fact was stated, so an old one is never read as current."""
    text = iso(value) or ""
    year, _, rest = text.partition("-")
    if not (len(year) == 4 and year.isdigit()):
        return ""
    month = rest[:2]
    if month.isdigit() and 1 <= int(month) <= 12:
        return f"{MONTHS[int(month) - 1]} {year}"
    return year
