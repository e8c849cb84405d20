"""Who is calling: bearer-token authentication and roles for the curation API.

`require_role("editor")` lets editors and admins in (admins can do everything editors can);
`require_role("admin")` only admins. It sets `g.user` and `g.actor`, the `Actor` that
services attribute changes to. No or a bad token is 401; a valid token with too small a role
is 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, g, request

from . import accounts, db
from .curation.types import Actor
from .errors import Forbidden, Unauthorized
from .models import User
from .vocab import ROLES

F = TypeVar("F", bound=Callable[..., Any])


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.name)


def has_role(user: User, role: str) -> bool:
    """Roles are ordered (editor < admin): a higher role includes the lower ones."""
    return ROLES.index(user.role) >= ROLES.index(role)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate() -> User:
    token = bearer_token()
    if token is None:
        raise Unauthorized("this needs an API token: send 'Authorization: Bearer <token>'")
    session = db.session()
    user = accounts.authenticate_token(session, token)
    # Record last use now, in its own short transaction, whatever the request does next.
    session.commit()
    return user


def require_role(role: str) -> Callable[[F], F]:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = authenticate()
            if not has_role(user, role):
                raise Forbidden(f"this needs the {role} role; your token is for an {user.role}")
            g.user = user
            g.actor = actor_for(user)
            return view(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def current_actor() -> Actor:
    actor: Actor = g.actor
    return actor


def current_user() -> User:
    """The user whose token `require_role` accepted for this request."""
    user: User = g.user
    return user


def add_www_authenticate(response: Response) -> Response:
    """RFC 6750: a 401 says which scheme to use."""
    if response.status_code == 401 and "WWW-Authenticate" not in response.headers:
        response.headers["WWW-Authenticate"] = 'Bearer realm="masthead"'
    return response
