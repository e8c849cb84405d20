"""What the importers share: errors that say where in the file they are."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..errors import MastheadError, ValidationFailed


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
