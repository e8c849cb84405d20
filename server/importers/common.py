"""What the importers share: errors that say where in the file they are, addresses read
as the lookup reads them, and domain rules on a platform's host left out and reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .. import urls
from ..errors import MastheadError, ValidationFailed
from ..fields import platform_rule_problem
from ..urls.platforms import account_prefix, on_platform


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


def platform_left_out(host: str, prefix: str) -> str | None:
    """Why a domain rule a file lists (a rule host and path prefix) is not made, or None.

    A platform's host (youtube.com, x.com, facebook.com, t.me, rutube.ru..., their aliases,
    the hosts below them and the link hosts youtu.be, t.co, fb.me: rules.json ``platforms``)
    takes only rules that are exactly one account there (``fields.platform_rule_problem``):
    a bare ``youtube.com`` would claim every channel. ``("youtube.com", "")`` -> "youtube.com:
    a platform's host (youtube.com) takes only accounts, not an outlet's domain: left out";
    ``("youtube.com", "/@RT")`` and ``("rt.com", "")`` -> None (the first becomes an account
    rule: role ``account``). A post's or video's path names the account it would be."""
    platform = on_platform(host)
    problem = platform_rule_problem(host, prefix, "account") if platform is not None else None
    if problem is None:
        return None
    found = account_prefix(host, prefix) if prefix else None
    if found is not None and found[1].lower() == prefix.lower():  # an account, but not valid
        return f"{host}{prefix}: {problem[1]}: left out"
    hint = f" (the account would be {found[0]}{found[1]})" if found is not None else ""
    return (
        f"{host}{prefix}: a platform's host ({platform}) takes only accounts, not an"
        f" outlet's domain{hint}: left out"
    )


class PlatformHosts:
    """The domain rules one import left out for being on a platform's host, one line each
    ("line 6: youtube.com: a platform's host ..."), for the report's ``platform_hosts``
    (count and examples) and its ``skipped`` lines: never an error that stops the import."""

    def __init__(self) -> None:
        self.left_out: list[str] = []

    def refused(self, where: str, host: str, prefix: str) -> bool:
        """Whether the rule is left out (then reported, after `where`: "line 6")."""
        why = platform_left_out(host, prefix)
        if why is None:
            return False
        self.left_out.append(f"{where}: {why}" if where else why)
        return True
