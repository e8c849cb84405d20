"""How an admin page writes: one call into the curation service per form post, with the
service's errors turned into what the form shows (field errors, or a stale-edit conflict
with the newer values side by side).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select

from .. import db
from ..curation import Curator
from ..curation.types import Actor
from ..errors import MastheadError, PreconditionFailed
from ..models import Revision
from .forms import RecordForm
from .security import current_user

T = TypeVar("T")


def actor() -> Actor:
    user = current_user()
    assert user is not None  # every writing view requires a signed-in user
    return Actor(user.id, user.name)


@dataclass
class Outcome:
    """The result of a write: the value returned, or what went wrong."""

    value: Any = None
    error: MastheadError | None = None
    stale: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def write(work: Callable[[Curator], T], *, comment: str | None = None) -> Outcome:
    """Run `work` in one curation unit of work (committed, or rolled back on any error)."""
    try:
        with Curator(db.session(), actor(), comment=comment) as cur:
            value = work(cur)
    except PreconditionFailed as exc:
        return Outcome(error=exc, stale=True)
    except MastheadError as exc:
        return Outcome(error=exc)
    return Outcome(value=value)


@dataclass
class ConflictView:
    """What the page shows after a stale edit: who changed the record, and each field where
    the stored value now differs from what the maintainer submitted."""

    message: str
    loaded_version: int | None
    current_version: int | None
    changed_by: str | None = None
    changed_at: str | None = None
    comment: str | None = None
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # label, yours, theirs
    deleted: bool = False


def conflict_view(
    form: RecordForm,
    current_values: dict[str, Any] | None,
    *,
    record_type: str,
    record_id: int,
    error: MastheadError,
) -> ConflictView:
    """Build the conflict panel and move the form onto the current version: the maintainer's
    values stay in the fields, so saving again is a deliberate choice made after seeing the
    newer values."""
    view = ConflictView(
        message=error.message,
        loaded_version=form.loaded_version(),
        current_version=current_values.get("version") if current_values else None,
        deleted=current_values is None,
    )
    last = db.session().scalar(
        select(Revision)
        .where(Revision.record_type == record_type, Revision.record_id == record_id)
        .order_by(Revision.id.desc())
        .limit(1)
    )
    if last is not None:
        view.changed_by = last.actor
        view.changed_at = last.created_at.strftime("%Y-%m-%d %H:%M UTC")
        view.comment = last.comment
    if current_values is not None:
        theirs_form = type(form)(formdata=None, data=current_values, meta={"csrf": False})
        theirs = theirs_form.display_values()
        yours = form.display_values()
        for name in form.editable:
            if yours.get(name, "") != theirs.get(name, ""):
                label = str(form._fields[name].label.text)
                view.rows.append((label, yours.get(name, ""), theirs.get(name, "")))
        form.version.data = str(current_values["version"])
    return view


def show_error(form: RecordForm, error: MastheadError) -> None:
    form.attach_error(error.field, error.message)


@dataclass
class EditResult:
    """What an edit view renders or where it goes: `redirect_to` after a saved change."""

    saved: Any = None
    conflict: ConflictView | None = None


def submit_update(
    form: RecordForm,
    *,
    record_type: str,
    key: str | int,
    record_id: int,
    payload: Callable[[], dict[str, Any]],
    reload: Callable[[], Any | None],
    extra: Callable[[Curator], None] | None = None,
) -> EditResult:
    """Post an update made on the version the form was loaded at.

    `reload()` fetches the record again (None when deleted) for the conflict panel."""
    version = form.loaded_version()
    if version is None:
        form.form_errors.append("This form does not say which version it edits: reload the page.")
        return EditResult()

    def work(cur: Curator) -> Any:
        if extra is not None:
            extra(cur)
        return cur.update(record_type, key, payload(), if_match=version)

    outcome = write(work, comment=form.comment.data)
    if outcome.ok:
        return EditResult(saved=outcome.value)
    assert outcome.error is not None
    if outcome.stale:
        current = reload()
        values = type(form).form_data(current) if current is not None else None
        return EditResult(
            conflict=conflict_view(
                form, values, record_type=record_type, record_id=record_id, error=outcome.error
            )
        )
    show_error(form, outcome.error)
    return EditResult()
