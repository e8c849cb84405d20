"""Managing who may curate: users and their API tokens (admin only). Token secrets are shown
once, when issued, and stored only as hashes (server/accounts.py).

Nobody locks the API out: the last active admin is never demoted or deactivated, and the
last live token of an active admin is never revoked, nor its holder demoted or deactivated
(409). A new token for another admin first, then revoke.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import accounts
from ..errors import Conflict, NotFound
from ..models import ApiToken, User
from . import schemas as s


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def user_json(u: User) -> dict[str, Any]:
    shown = {key: getattr(u, key) for key in ("id", "name", "role", "active")}
    return {**shown, "has_password": bool(u.password_hash), "created_at": _iso(u.created_at)}


def token_json(t: ApiToken) -> dict[str, Any]:
    return {
        "id": t.id,
        "prefix": t.prefix,
        "name": t.name,
        "user": {"id": t.user.id, "name": t.user.name, "role": t.user.role},
        "created_at": _iso(t.created_at),
        "last_used_at": _iso(t.last_used_at),
        "revoked_at": _iso(t.revoked_at),
    }


def create_token(session: Session, data: Any) -> tuple[str, ApiToken]:
    """Issue a token for a user, creating the user when `role` is given and it is new."""
    d: s.TokenCreate = s.parse(s.TokenCreate, data)
    user = session.scalar(select(User).where(User.name == d.user.strip()))
    if user is None:
        if d.role is None:
            raise NotFound(
                f"no user '{d.user}': give a role to create it with the token", field="user"
            )
        user = accounts.get_or_create_user(session, d.user, d.role)
    elif d.role is not None and d.role != user.role:
        raise Conflict(
            f"user '{user.name}' is an {user.role}; "
            f"change roles with PATCH /api/v1/users/{user.id}",
            field="role",
        )
    if not user.active:
        raise Conflict(f"user '{user.name}' is deactivated", field="user")
    return accounts.issue_token(session, user, name=d.name)


def list_tokens(
    session: Session, *, user: str | None = None, include_revoked: bool = False
) -> list[ApiToken]:
    stmt = select(ApiToken).join(User).order_by(ApiToken.id)
    if user:
        stmt = stmt.where(User.name == user)
    if not include_revoked:
        stmt = stmt.where(ApiToken.revoked_at.is_(None))
    return list(session.scalars(stmt))


def _live_admin_tokens(session: Session) -> int:
    """How many unrevoked tokens active admins hold. Their rows stay locked until the
    transaction ends (PostgreSQL), so two requests never each revoke one of the last two."""
    stmt = (
        select(ApiToken.id)
        .join(User)
        .where(ApiToken.revoked_at.is_(None), User.role == "admin", User.active.is_(True))
        .with_for_update(of=ApiToken)
    )
    return len(session.scalars(stmt).all())


def _holds_admin_tokens(session: Session, user: User) -> bool:
    if user.role != "admin" or not user.active:
        return False
    stmt = select(ApiToken.id).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    return session.scalar(stmt.limit(1)) is not None


LAST_TOKEN = (
    "this is the last live token of an admin: issue another admin a token first, "
    "or nobody could manage tokens and users through the API"
)


def revoke_token(session: Session, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no token {token_id}", field="id")
    last = row.revoked_at is None and _holds_admin_tokens(session, row.user)
    if last and _live_admin_tokens(session) <= 1:
        raise Conflict(f"token {token_id} is {LAST_TOKEN}", field="id")
    accounts.revoke_token(session, token_id)
    return row


def create_user(session: Session, data: Any) -> User:
    d: s.UserCreate = s.parse(s.UserCreate, data)
    if session.scalar(select(User.id).where(User.name == d.name.strip())) is not None:
        raise Conflict(f"there is already a user '{d.name}'", field="name")
    user = accounts.get_or_create_user(session, d.name, d.role)
    if d.password:
        accounts.set_password(user, d.password)
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def update_user(session: Session, user_id: int, data: Any) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}", field="id")
    changes = s.parse(s.UserPatch, data).changes()
    held_admin_tokens = _holds_admin_tokens(session, user)
    if "password" in changes:
        accounts.set_password(user, changes.pop("password"))
    for key, value in changes.items():
        setattr(user, key, value)
    session.flush()
    admins = session.scalar(
        select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True))
    )
    if not admins:
        raise Conflict("there must stay at least one active admin", field="role")
    if held_admin_tokens and not _live_admin_tokens(session):
        field = "role" if user.role != "admin" else "active"
        raise Conflict(f"user '{user.name}' holds the {LAST_TOKEN}", field=field)
    return user
