"""Forms that act on a record rather than edit it: delete or revert (at a version), accept or
reject a reader's suggestion, and the user forms."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from .. import vocab
from .forms import choices, optional, text


class ActionForm(FlaskForm):
    """Delete or revert: the version the page showed, and why."""

    version = HiddenField()
    comment = StringField("Why (optional)", validators=optional(max=2000))

    def loaded_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None


class AcceptForm(FlaskForm):
    relation = SelectField(
        "Relation", choices=choices(vocab.REPORT_RELATIONS, blank="—"), default=""
    )
    report_title = StringField("Report title", validators=optional(max=500))
    summary = TextAreaField("Summary", validators=optional(max=5000))
    fetch = BooleanField("Fetch the report page for its title and date")
    resolution = StringField("How it was handled (for a correction)", validators=optional(max=2000))

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"fetch": bool(self.fetch.data)}
        for key in ("relation", "report_title", "summary", "resolution"):
            value = text(getattr(self, key).data)
            if value is not None:
                payload[key] = value
        return payload


class RejectForm(FlaskForm):
    reason = StringField("Reason", validators=[DataRequired(), Length(max=2000)])


class UserForm(FlaskForm):
    name = StringField("User name", validators=[DataRequired(), Length(max=80)])
    role = SelectField("Role", choices=choices(vocab.ROLES), default="editor")
    password = PasswordField(
        "Password (at least 10 characters)", validators=[DataRequired(), Length(min=10, max=500)]
    )


class UserUpdateForm(FlaskForm):
    role = SelectField("Role", choices=choices(vocab.ROLES))
    active = BooleanField("Active")
    password = PasswordField(
        "New password (leave empty to keep)", validators=[Optional(), Length(min=10, max=500)]
    )
