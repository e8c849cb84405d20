"""The edit forms. They only parse what a browser sends (types, required fields); the rules
of the data (countries, hosts, dates, sources) are the curation service's, and its errors
are put back next to the field they name (`attach_error`).

Each form turns itself into the service's payload (`payload()`) and can be filled from a
stored record (`values_of(obj)`), which is also how a stale-edit conflict shows the newer
values beside the ones the maintainer typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Field,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms before 3.3
    SelectChoice = None  # type: ignore[assignment,misc]

from .. import vocab


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


class RecordForm(FlaskForm):
    """Fields every edit form has: the version it was loaded at and an edit summary."""

    version = HiddenField()
    comment = StringField("Edit summary (optional)", validators=[Optional(), Length(max=2000)])

    # Field names in service errors that are spelled differently in this form.
    ERROR_FIELDS: dict[str, str] = {}
    # Fields compared in a conflict and sent in an update.
    EDITABLE: tuple[str, ...] = ()

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
        """Field label -> the text shown for the value (for conflict tables)."""
        return {name: _shown(self._fields[name].data) for name in self.EDITABLE}


def _strip_path(message: str) -> str:
    # "citation.url: must be an http:// URL" next to the field reads better without the path.
    head, sep, rest = message.partition(": ")
    if sep and re.fullmatch(r"[\w.\[\]]+", head):
        return rest
    return message


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


class SourceFields:
    """The source of a fact: a URL plus title, publisher and the date it was read."""

    source_url = StringField("Source URL", validators=[Optional(), Length(max=2048)])
    source_title = StringField("Source title", validators=[Optional(), Length(max=500)])
    source_publisher = StringField("Source publisher", validators=[Optional(), Length(max=200)])
    source_accessed = DateField("Source accessed on", validators=[Optional()])
    source_quote = TextAreaField("Quote from the source", validators=[Optional(), Length(max=5000)])

    SOURCE_ERRORS = {
        "citation": "source_url",
        "citation.url": "source_url",
        "citation.title": "source_title",
        "citation.publisher": "source_publisher",
        "citation.accessed": "source_accessed",
        "citation.quote": "source_quote",
        "citation_id": "source_url",
    }

    def source(self) -> dict[str, Any] | None:
        url = text(self.source_url.data)  # type: ignore[attr-defined]
        if url is None:
            return None
        return {
            "url": url,
            "title": text(self.source_title.data),  # type: ignore[attr-defined]
            "publisher": text(self.source_publisher.data),  # type: ignore[attr-defined]
            "accessed": iso(self.source_accessed.data),  # type: ignore[attr-defined]
            "quote": text(self.source_quote.data),  # type: ignore[attr-defined]
        }

    @staticmethod
    def source_values(citation: Any) -> dict[str, Any]:
        if citation is None:
            return {}
        return {
            "source_url": citation.url,
            "source_title": citation.title,
            "source_publisher": citation.publisher,
            "source_accessed": citation.accessed,
            "source_quote": citation.quote,
        }

    def source_changed(self, citation: Any) -> bool:
        """Whether the source fields differ from the stored citation (a new one is then made;
        the stored one may be the source of other facts too)."""
        given = self.source()
        if citation is None:
            return given is not None
        if given is None:
            return False
        stored = {
            "url": citation.url,
            "title": citation.title,
            "publisher": citation.publisher,
            "accessed": iso(citation.accessed),
            "quote": citation.quote,
        }
        return given != stored


SOURCE_EDITABLE = ("source_url", "source_title", "source_publisher", "source_accessed")


# -- outlets and entities --------------------------------------------------------------------


class OutletForm(RecordForm, SourceFields):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        "Slug (in addresses; made from the name when empty)",
        validators=[Optional(), Length(max=100)],
    )
    other_names = TextAreaField("Other names (one per line)", validators=[Optional()])
    description = TextAreaField("Short neutral description", validators=[Optional()])
    country = StringField(
        "Country (ISO 3166 code, e.g. RU)", validators=[Optional(), Length(max=8)]
    )
    languages = StringField("Languages (codes, comma-separated)", validators=[Optional()])
    kind = SelectField("Kind", choices=choices(vocab.OUTLET_KINDS), default="unknown")
    founded = DateField("Founded", validators=[Optional()])
    website = StringField("Website", validators=[Optional(), Length(max=2048)])
    wikidata_qid = StringField("Wikidata QID", validators=[Optional(), Length(max=20)])
    status = SelectField("Status", choices=choices(vocab.OUTLET_STATUSES), default="active")
    # Only on the new-outlet form: its first domain rule.
    host = StringField("Primary domain (e.g. example.com)", validators=[Optional()])

    ERROR_FIELDS = {**SourceFields.SOURCE_ERRORS, "domains[0].host": "host"}
    EDITABLE = (
        "name",
        "slug",
        "other_names",
        "description",
        "country",
        "languages",
        "kind",
        "founded",
        "website",
        "wikidata_qid",
        "status",
        *SOURCE_EDITABLE,
    )

    def fields_payload(self) -> dict[str, Any]:
        return {
            "slug": text(self.slug.data) or slugify(self.name.data or ""),
            "name": text(self.name.data),
            "other_names": lines(self.other_names.data),
            "description": text(self.description.data),
            "country": text(self.country.data),
            "languages": comma_list(self.languages.data),
            "kind": self.kind.data,
            "founded": iso(self.founded.data),
            "website": text(self.website.data),
            "wikidata_qid": text(self.wikidata_qid.data),
            "status": self.status.data,
        }

    def create_payload(self) -> dict[str, Any]:
        payload = self.fields_payload()
        if self.source() is not None:
            payload["citation"] = self.source()
        host = text(self.host.data)
        if host:
            payload["domains"] = [{"host": host, "role": "primary"}]
        return payload

    def update_payload(self, outlet: Any) -> dict[str, Any]:
        payload = self.fields_payload()
        if self.source_changed(outlet.citation):
            payload["citation"] = self.source()
        return payload

    @classmethod
    def values_of(cls, outlet: Any) -> dict[str, Any]:
        return {
            "name": outlet.name,
            "slug": outlet.slug,
            "other_names": "\n".join(outlet.other_names or []),
            "description": outlet.description,
            "country": outlet.country,
            "languages": ", ".join(outlet.languages or []),
            "kind": outlet.kind,
            "founded": outlet.founded,
            "website": outlet.website,
            "wikidata_qid": outlet.wikidata_qid,
            "status": outlet.status,
            "version": outlet.version,
            **SourceFields.source_values(outlet.citation),
        }


class EntityForm(RecordForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=300)])
    slug = StringField(
        "Slug (made from the name when empty)", validators=[Optional(), Length(max=100)]
    )
    kind = SelectField("Kind", choices=choices(vocab.ENTITY_KINDS), default="company")
    country = StringField("Country (ISO 3166 code)", validators=[Optional(), Length(max=8)])
    wikidata_qid = StringField("Wikidata QID", validators=[Optional(), Length(max=20)])
    description = TextAreaField("Description", validators=[Optional()])

    EDITABLE = ("name", "slug", "kind", "country", "wikidata_qid", "description")

    def payload(self) -> dict[str, Any]:
        return {
            "slug": text(self.slug.data) or slugify(self.name.data or ""),
            "name": text(self.name.data),
            "kind": self.kind.data,
            "country": text(self.country.data),
            "wikidata_qid": text(self.wikidata_qid.data),
            "description": text(self.description.data),
        }

    @classmethod
    def values_of(cls, entity: Any) -> dict[str, Any]:
        return {
            "name": entity.name,
            "slug": entity.slug,
            "kind": entity.kind,
            "country": entity.country,
            "wikidata_qid": entity.wikidata_qid,
            "description": entity.description,
            "version": entity.version,
        }


# -- domain rules, relations, labels, citations ----------------------------------------------


class DomainRuleForm(RecordForm):
    host = StringField("Host (e.g. de.rt.com)", validators=[DataRequired(), Length(max=253)])
    path_prefix = StringField(
        "Path prefix (optional, e.g. /@RT)", validators=[Optional(), Length(max=200)]
    )
    role = SelectField("Role", choices=choices(vocab.DOMAIN_ROLES), default="primary")
    fold_variants = BooleanField("Fold amp./m. hosts and AMP paths to the article", default=True)

    EDITABLE = ("host", "path_prefix", "role", "fold_variants")

    def payload(self) -> dict[str, Any]:
        return {
            "host": text(self.host.data),
            "path_prefix": text(self.path_prefix.data) or "",
            "role": self.role.data,
            "fold_variants": bool(self.fold_variants.data),
        }

    @classmethod
    def values_of(cls, rule: Any) -> dict[str, Any]:
        return {
            "host": rule.host,
            "path_prefix": rule.path_prefix,
            "role": rule.role,
            "fold_variants": rule.fold_variants,
            "version": rule.version,
        }


class RelationForm(RecordForm, SourceFields):
    kind = SelectField("Relation", choices=choices(vocab.RELATION_KINDS), default="owned_by")
    object = SelectField("Owner / operator / funder", choices=[], validate_choice=False)
    new_owner_name = StringField("…or a new one: name", validators=[Optional(), Length(max=300)])
    new_owner_kind = SelectField(
        "New one's kind", choices=choices(vocab.ENTITY_KINDS), default="company"
    )
    new_owner_country = StringField(
        "New one's country (ISO code)", validators=[Optional(), Length(max=8)]
    )
    share = DecimalField(
        "Share (%)", places=2, validators=[Optional(), NumberRange(min=0, max=100)]
    )
    since = DateField("Since", validators=[Optional()])
    until = DateField("Until", validators=[Optional()])
    as_of = DateField("As of (when this was last true)", validators=[DataRequired()])
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])

    ERROR_FIELDS = {**SourceFields.SOURCE_ERRORS, "subject_outlet": "object"}
    EDITABLE = ("kind", "object", "share", "since", "until", "as_of", "note", *SOURCE_EDITABLE)

    def owner_payload(self) -> dict[str, Any] | None:
        """A new entity to create first, when no existing one was chosen."""
        name = text(self.new_owner_name.data)
        if self.object.data or not name:
            return None
        return {
            "name": name,
            "slug": slugify(name),
            "kind": self.new_owner_kind.data,
            "country": text(self.new_owner_country.data),
        }

    def fields_payload(self, object_slug: str | None) -> dict[str, Any]:
        return {
            "kind": self.kind.data,
            "object": object_slug or self.object.data or None,
            "share": float(self.share.data) if self.share.data is not None else None,
            "since": iso(self.since.data),
            "until": iso(self.until.data),
            "as_of": iso(self.as_of.data),
            "note": text(self.note.data),
        }

    def create_payload(self, subject: dict[str, str], object_slug: str | None) -> dict[str, Any]:
        payload = {**subject, **self.fields_payload(object_slug)}
        if self.source() is not None:
            payload["citation"] = self.source()
        return payload

    def update_payload(self, relation: Any) -> dict[str, Any]:
        payload = self.fields_payload(None)
        if self.source_changed(relation.citation):
            payload["citation"] = self.source()
        return payload

    @classmethod
    def values_of(cls, relation: Any) -> dict[str, Any]:
        return {
            "kind": relation.kind,
            "object": relation.object_entity.slug,
            "share": relation.share,
            "since": relation.since,
            "until": relation.until,
            "as_of": relation.as_of,
            "note": relation.note,
            "version": relation.version,
            **SourceFields.source_values(relation.citation),
        }


class LabelForm(RecordForm, SourceFields):
    kind = SelectField("Kind", choices=choices(vocab.LABEL_KINDS), default="state_affiliated")
    issuer = StringField(
        "Issuer (who applied it, e.g. Council of the EU)",
        validators=[DataRequired(), Length(max=200)],
    )
    text = TextAreaField("Text (the label's own words)", validators=[Optional()])
    since = DateField("Since", validators=[Optional()])
    until = DateField("Until", validators=[Optional()])
    as_of = DateField("As of", validators=[DataRequired()])

    ERROR_FIELDS = SourceFields.SOURCE_ERRORS
    EDITABLE = ("kind", "issuer", "text", "since", "until", "as_of", *SOURCE_EDITABLE)

    def fields_payload(self) -> dict[str, Any]:
        return {
            "kind": self.kind.data,
            "issuer": text(self.issuer.data),
            "text": text(self.text.data),
            "since": iso(self.since.data),
            "until": iso(self.until.data),
            "as_of": iso(self.as_of.data),
        }

    def create_payload(self, outlet_slug: str) -> dict[str, Any]:
        payload = {"outlet": outlet_slug, **self.fields_payload()}
        if self.source() is not None:
            payload["citation"] = self.source()
        return payload

    def update_payload(self, label: Any) -> dict[str, Any]:
        payload = self.fields_payload()
        if self.source_changed(label.citation):
            payload["citation"] = self.source()
        return payload

    @classmethod
    def values_of(cls, label: Any) -> dict[str, Any]:
        return {
            "kind": label.kind,
            "issuer": label.issuer,
            "text": label.text,
            "since": label.since,
            "until": label.until,
            "as_of": label.as_of,
            "version": label.version,
            **SourceFields.source_values(label.citation),
        }


class CitationForm(RecordForm):
    url = StringField("URL", validators=[DataRequired(), Length(max=2048)])
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    accessed = DateField("Accessed on", validators=[Optional()])
    quote = TextAreaField("Quote", validators=[Optional(), Length(max=5000)])

    EDITABLE = ("url", "title", "publisher", "accessed", "quote")

    def payload(self) -> dict[str, Any]:
        return {
            "url": text(self.url.data),
            "title": text(self.title.data),
            "publisher": text(self.publisher.data),
            "accessed": iso(self.accessed.data),
            "quote": text(self.quote.data),
        }

    @classmethod
    def values_of(cls, citation: Any) -> dict[str, Any]:
        return {
            "url": citation.url,
            "title": citation.title,
            "publisher": citation.publisher,
            "accessed": citation.accessed,
            "quote": citation.quote,
            "version": citation.version,
        }


# -- report links ----------------------------------------------------------------------------


class ReportLinkForm(RecordForm):
    article_url = StringField(
        "Article (the page readers see; its URL)", validators=[Optional(), Length(max=2048)]
    )
    story = SelectField("…or a whole story", choices=[], validate_choice=False)
    report_url = StringField(
        "Report URL (the counter-report)", validators=[DataRequired(), Length(max=2048)]
    )
    relation = SelectField(
        "Relation (read from the article's side)", choices=choices(vocab.REPORT_RELATIONS)
    )
    report_title = StringField("Report title", validators=[Optional(), Length(max=500)])
    report_outlet = SelectField("Report's outlet", choices=[], validate_choice=False)
    report_published = DateField("Report published", validators=[Optional()])
    report_author = StringField("Report author", validators=[Optional(), Length(max=300)])
    rating = StringField("ClaimReview rating", validators=[Optional(), Length(max=200)])
    summary = TextAreaField("One-line neutral summary", validators=[Optional(), Length(max=5000)])
    status = SelectField("Status", choices=choices(vocab.REPORT_STATUSES), default="published")

    EDITABLE = (
        "relation",
        "report_url",
        "report_title",
        "report_outlet",
        "report_published",
        "report_author",
        "rating",
        "summary",
        "status",
    )

    def fields_payload(self) -> dict[str, Any]:
        return {
            "relation": self.relation.data,
            "report_url": text(self.report_url.data),
            "report_title": text(self.report_title.data),
            "report_outlet": self.report_outlet.data or None,
            "report_published": iso(self.report_published.data),
            "report_author": text(self.report_author.data),
            "rating": text(self.rating.data),
            "summary": text(self.summary.data),
            "status": self.status.data,
        }

    def create_payload(self) -> dict[str, Any]:
        payload = self.fields_payload()
        if self.story.data:
            payload["story"] = self.story.data
        else:
            payload["article_url"] = text(self.article_url.data)
        # What the maintainer saw in the preview is what is saved: no second fetch.
        payload["fetch"] = False
        return payload

    @classmethod
    def values_of(cls, link: Any) -> dict[str, Any]:
        return {
            "relation": link.relation,
            "report_url": link.report_url,
            "report_title": link.report_title,
            "report_outlet": link.report_outlet.slug if link.report_outlet else "",
            "report_published": link.report_published,
            "report_author": link.report_author,
            "rating": link.rating,
            "summary": link.summary,
            "status": link.status,
            "version": link.version,
        }


# -- history, suggestions, users -------------------------------------------------------------


class RevertForm(FlaskForm):
    version = HiddenField()
    comment = StringField("Why (optional)", validators=[Optional(), Length(max=2000)])


class DeleteForm(FlaskForm):
    version = HiddenField()
    comment = StringField("Why (optional)", validators=[Optional(), Length(max=2000)])


class AcceptForm(FlaskForm):
    relation = SelectField(
        "Relation", choices=choices(vocab.REPORT_RELATIONS, blank="—"), default=""
    )
    report_title = StringField("Report title", validators=[Optional(), Length(max=500)])
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=5000)])
    fetch = BooleanField("Fetch the report page for its title and date")
    resolution = StringField(
        "How it was handled (for a correction)", validators=[Optional(), Length(max=2000)]
    )

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


class PageForm(FlaskForm):
    """Only a CSRF token: for buttons such as sign-out."""
