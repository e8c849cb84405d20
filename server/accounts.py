"""Users, passwords and API tokens. Secrets are shown once and stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import BadRequest, Unauthorized
from .models import ApiToken, User
from .models.base import utcnow
from .vocab import ROLES

TOKEN_PREFIX = "mh_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_or_create_user(session: Session, name: str, role: str | None) -> User:
    """The user called `name`, created (as an editor unless `role` says otherwise) if there is
    none. An existing user keeps its role unless `role` names another one; the last active
    admin is never demoted (400, field `role`)."""
    if role is not None and role not in ROLES:
        raise BadRequest(f"role must be one of {', '.join(ROLES)}", field="role")
    name = name.strip()
    if not name or len(name) > 80:
        raise BadRequest("user name must be 1-80 characters", field="name")
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        user = User(name=name, role=role or "editor")
        session.add(user)
    elif role is not None and role != user.role:
        if user.role == "admin" and user.active and _active_admins(session) <= 1:
            raise BadRequest(
                f"{name} is the last active admin: make another admin first", field="role"
            )
        user.role = role
    session.flush()
    return user


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == "admin", User.active.is_(True))
        )
        or 0
    )


def set_password(user: User, password: str) -> None:
    if len(password) < 10:
        raise BadRequest("password must be at least 10 characters", field="password")
    user.password_hash = generate_password_hash(password)


def check_password(session: Session, name: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None or not user.password_hash:
        # Spend the same time as a real check so a missing user is not revealed by timing.
        check_password_hash(generate_password_hash("x"), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def issue_token(session: Session, user: User, name: str | None = None) -> tuple[str, ApiToken]:
    """A new random token; the plain text is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=hash_token(token), prefix=token[:10], name=name)
    session.add(row)
    session.flush()
    return token, row


def authenticate_token(session: Session, token: str) -> User:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        raise Unauthorized("invalid or revoked API token")
    row.last_used_at = utcnow()
    return row.user


def revoke_token(session: Session, token_id: int) -> ApiToken | None:
    row = session.get(ApiToken, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
    return row
