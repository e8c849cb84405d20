"""What the importers share: errors that say where in the file they are, and addresses read
as the lookup reads them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .. import urls
from ..errors import MastheadError, ValidationFailed


def address(text: str, field: str) -> str:
    """An address as a file lists it, read as the lookup reads it (`urls.front_door`):
    trimmed, `rt.com/news/1` and `//rt.com/news/1` as `https://`, `http:rt.com` with its two
    slashes; an invisible character inside it is an error that names it."""
    try:
        return urls.front_door(text)
    except urls.InvalidURL as exc:
        raise ValidationFailed(f"{field}: {exc.message}", field=field, code=exc.code) from None


@contextmanager
def at(where: str, line_of: Callable[[], int | None] | None = None) -> Iterator[None]:
    """Re-raise any error of the block as a ValidationFailed that names `where` first
    (e.g. "line 7: country: 'UK' is not an ISO 3166-1 alpha-2 country code"), after its
    line when `line_of` (asked only on error) knows it."""
    try:
        yield
    except MastheadError as exc:
        line = line_of() if line_of is not None else None
        place = where if line is None else f"line {line}: {where}"
        raise ValidationFailed(
            f"{place}: {exc.message}",
            field=exc.field,
            code=exc.code if exc.code != "bad_request" else None,
            extra={**exc.extra, "at": where, **({"line": line} if line else {})},
        ) from None
