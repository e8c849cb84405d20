"""What every edit form shares: the version it was loaded at, the edit summary, the source
fields, and the way a form becomes a curation payload and is filled from a record.

Field values are checked with the same field types as the API and the dataset
(server/fields.py, through `Check`), so a bad country or a future date is marked beside
its field before anything is sent; rules spanning records (a domain of another outlet, a
slug in use) are the curation services', and their errors are put back next to the field
they name (`attach_error`). The record forms are in record_forms.py.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Field,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError

from .. import fields

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms before 3.3
    SelectChoice = None  # type: ignore[assignment,misc]


def options(pairs: Iterable[tuple[str, str]]) -> list[Any]:
    """Select options from (value, label) pairs (WTForms 3.3 wants SelectChoice objects)."""
    if SelectChoice is None:  # pragma: no cover - WTForms before 3.3
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]


def choices(values: Iterable[str], blank: str | None = None) -> list[Any]:
    out = [("", blank)] if blank is not None else []
    return options(out + [(v, v.replace("_", " ")) for v in values])


def text(value: Any) -> str | None:
    """Form text -> payload: trimmed, empty means null."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:100]


def lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def comma_list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


# -- field types and checks ------------------------------------------------------------------


class LinesField(TextAreaField):
    """Several values, one per line (a list in the payload)."""


class CommaListField(StringField):
    """Several values separated by commas (a list in the payload)."""


class PathFoldsField(TextAreaField):
    """A domain rule's path folds, one per line: ``/cnn -> /`` (a leading /cnn is dropped),
    ``/news/amp -> /news`` (it becomes /news)."""


def fold_text(fold: Mapping[str, str]) -> str:
    """How a path fold is written in the form and the history: ``/cnn -> /``."""
    return f"{fold['prefix']} -> {fold['replacement'] or '/'}"


def path_folds(text: str | None) -> list[dict[str, str]]:
    """The folds written one per line (``prefix -> replacement``; ``/`` or nothing after
    the arrow drops the prefix)."""
    out = []
    for n, line in enumerate(lines(text), 1):
        prefix, arrow, replacement = line.partition("->")
        if not arrow:
            raise ValueError(
                f"line {n}: write a fold as '/prefix -> /replacement' or '/prefix -> /'"
            )
        replacement = replacement.strip()
        out.append(
            {"prefix": prefix.strip(), "replacement": "" if replacement == "/" else replacement}
        )
    return out


def check_path_fold_lines(text: str) -> str:
    """The path folds of a form, checked by the field checks the API uses."""
    folds = path_folds(text)
    if len(folds) > fields.MAX_PATH_FOLDS:
        raise ValueError(f"at most {fields.MAX_PATH_FOLDS} path folds")
    for n, fold in enumerate(folds, 1):
        try:
            fold["prefix"] = fields.check_fold_prefix(fold["prefix"])
            fields.check_fold_replacement(fold["replacement"])
        except ValueError as exc:
            raise ValueError(f"line {n}: {exc}") from None
    fields.check_path_folds(folds)  # type: ignore[arg-type]
    return text


class Check:
    """A validator running one of the field checks of server/fields.py on a filled field
    (every item of a list field)."""

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check

    def __call__(self, form: Any, field: Field) -> None:
        value = field.data
        if value is None or value == "":
            return
        items = comma_list(value) if isinstance(field, CommaListField) else [value]
        try:
            for item in items:
                self.check(float(item) if isinstance(field, DecimalField) else item)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


def optional(*checks: Callable[[Any], Any], max: int | None = None) -> list[Any]:
    """Validators of a field that may be left empty."""
    out: list[Any] = [Optional()]
    if max is not None:
        out.append(Length(max=max))
    return out + [Check(check) for check in checks]


def payload_value(field: Field) -> Any:
    """What a filled field sends to the curation service."""
    if isinstance(field, PathFoldsField):
        return path_folds(field.data)
    if isinstance(field, LinesField):
        return lines(field.data)
    if isinstance(field, CommaListField):
        return comma_list(field.data)
    if isinstance(field, BooleanField):
        return bool(field.data)
    if isinstance(field, DateField):
        return iso(field.data)
    if isinstance(field, DecimalField):
        return float(field.data) if field.data is not None else None
    if isinstance(field, SelectField):
        return field.data or None
    return text(field.data)


def form_value(field_class: type, value: Any) -> Any:
    """A stored value as the field of `field_class` shows it."""
    if issubclass(field_class, PathFoldsField):
        return "\n".join(fold_text(fold) for fold in value or [])
    if issubclass(field_class, LinesField):
        return "\n".join(value or [])
    if issubclass(field_class, CommaListField):
        return ", ".join(value or [])
    return value


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# -- the forms' common part -------------------------------------------------------------------


class RecordForm(FlaskForm):
    """Fields every edit form has: the version it was loaded at and an edit summary."""

    version = HiddenField()
    comment = StringField("Edit summary (optional)", validators=optional(max=2000))

    # The page the form is on, and the record's fields it edits (named as in the payload).
    TEMPLATE: str = ""
    FIELDS: tuple[str, ...] = ()
    # Field names in service errors that are spelled differently in this form.
    ERROR_FIELDS: dict[str, str] = {}

    @property
    def editable(self) -> tuple[str, ...]:
        """Fields compared in a conflict."""
        return self.FIELDS

    def payload(self) -> dict[str, Any]:
        return {name: payload_value(self._fields[name]) for name in self.FIELDS}

    def create_payload(self) -> dict[str, Any]:
        return self.payload()

    def update_payload(self, obj: Any) -> dict[str, Any]:
        return self.payload()

    @classmethod
    def form_data(cls, obj: Any) -> dict[str, Any]:
        """The form filled from a stored record."""
        data = {
            name: form_value(getattr(cls, name).field_class, getattr(obj, name))
            for name in cls.FIELDS
        }
        return {**data, "version": obj.version}

    def loaded_version(self) -> int | None:
        try:
            return int(self.version.data) if self.version.data else None
        except (TypeError, ValueError):
            return None

    def attach_error(self, field: str | None, message: str) -> None:
        """Show a service error next to the field it names (else above the form)."""
        target = self._field_for(field)
        if target is not None:
            target.errors = [*list(target.errors or []), _strip_path(message)]
        else:
            self.form_errors.append(message)

    def _field_for(self, path: str | None) -> Field | None:
        if not path:
            return None
        candidates = [self.ERROR_FIELDS.get(path), path.replace(".", "_")]
        last = re.sub(r"\[\d+\]", "", path).split(".")
        candidates += [self.ERROR_FIELDS.get(last[-1]), "_".join(last), last[-1]]
        for name in candidates:
            if name and name in self._fields and name not in ("csrf_token", "version"):
                return self._fields[name]
        return None

    def display_values(self) -> dict[str, str]:
        """Field name -> the text shown for the value (for conflict tables)."""
        return {name: shown(self._fields[name].data) for name in self.editable}


def _strip_path(message: str) -> str:
    # "citation.url: must be an http:// URL" next to the field reads better without the path.
    head, sep, rest = message.partition(": ")
    if sep and re.fullmatch(r"[\w.\[\]]+", head):
        return rest
    return message


SOURCE_FIELDS = {
    "url": "source_url",
    "title": "source_title",
    "publisher": "source_publisher",
    "accessed": "source_accessed",
    "quote": "source_quote",
    "archived_url": "source_archived_url",
}


class SourcedForm(RecordForm):
    """A record that names its source: a URL plus title, publisher and the date it was read.
    The source is sent only when it differs from the stored one, and then as a new citation
    (the stored one may be the source of other facts too)."""

    source_url = StringField("Source URL", validators=optional(fields.check_http_url, max=2048))
    source_title = StringField("Source title", validators=optional(max=500))
    source_publisher = StringField("Source publisher", validators=optional(max=200))
    source_accessed = DateField("Source accessed on", validators=optional(fields.check_past_date))
    source_quote = TextAreaField("Quote from the source", validators=optional(max=5000))
    source_archived_url = StringField(
        "Archived copy of the source (e.g. a web.archive.org address)",
        validators=optional(fields.check_http_url, max=2048),
    )

    ERROR_FIELDS = {
        "citation": "source_url",
        "citation_id": "source_url",
        **{f"citation.{key}": name for key, name in SOURCE_FIELDS.items()},
    }

    @property
    def editable(self) -> tuple[str, ...]:
        sources = ("source_url", "source_title", "source_publisher", "source_accessed")
        return (*self.FIELDS, *sources, "source_archived_url")

    def source(self) -> dict[str, Any] | None:
        given = {key: payload_value(self._fields[name]) for key, name in SOURCE_FIELDS.items()}
        return given if given["url"] is not None else None

    def create_payload(self) -> dict[str, Any]:
        source = self.source()
        return {**self.payload(), **({"citation": source} if source is not None else {})}

    def update_payload(self, obj: Any) -> dict[str, Any]:
        payload = self.payload()
        source = self.source()
        if source is not None and source != _citation_payload(obj.citation):
            payload["citation"] = source
        return payload

    @classmethod
    def form_data(cls, obj: Any) -> dict[str, Any]:
        data = super().form_data(obj)
        if obj.citation is not None:
            data.update({name: getattr(obj.citation, key) for key, name in SOURCE_FIELDS.items()})
        return data


def _citation_payload(citation: Any) -> dict[str, Any] | None:
    if citation is None:
        return None
    values = {key: getattr(citation, key) for key in SOURCE_FIELDS}
    return {**values, "accessed": iso(citation.accessed)}
