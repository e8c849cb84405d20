"""The edit forms of the curated records. Each has a field for every field of its record
(`FIELDS`, the record's shape in server/curation/shapes.py); the common part (forms.py)
turns them into the curation payload and fills them from a stored record."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .. import fields, vocab
from ..curation import shapes
from ..curation.shapes import columns
from .forms import (
    Check,
    CommaListField,
    LinesField,
    PathFoldsField,
    RecordForm,
    SourcedForm,
    check_path_fold_lines,
    choices,
    optional,
    slugify,
    text,
)

SLUG_HINT = "Slug (in addresses; made from the name when empty)"

# -- outlets and entities --------------------------------------------------------------------


class OutletForm(SourcedForm):
    TEMPLATE = "admin/outlet_form.html"
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField(SLUG_HINT, validators=optional(fields.check_slug, max=100))
    other_names = LinesField("Other names (one per line)", validators=optional())
    description = TextAreaField("Short neutral description", validators=optional())
    country = StringField(
        "Country (ISO 3166 code, e.g. RU)", validators=optional(fields.check_country, max=8)
    )
    languages = CommaListField(
        "Languages (codes, comma-separated)", validators=optional(fields.check_language)
    )
    kind = SelectField("Kind", choices=choices(vocab.OUTLET_KINDS), default="unknown")
    founded = DateField("Founded", validators=optional(fields.check_past_date))
    website = StringField("Website", validators=optional(fields.check_http_url, max=2048))
    wikidata_qid = StringField("Wikidata QID", validators=optional(fields.check_qid, max=20))
    status = SelectField("Status", choices=choices(vocab.OUTLET_STATUSES), default="active")
    # Only on the new-outlet form: its first domain rule.
    host = StringField("Primary domain (e.g. example.com)", validators=optional(fields.rule_host))

    FIELDS = columns(shapes.OutletFields)
    ERROR_FIELDS = {**SourcedForm.ERROR_FIELDS, "domains[0].host": "host"}

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "slug": text(self.slug.data) or slugify(self.name.data or "")}

    def create_payload(self) -> dict[str, Any]:
        payload = super().create_payload()
        host = text(self.host.data)
        if host:
            payload["domains"] = [{"host": host, "role": "primary"}]
        return payload


class EntityForm(RecordForm):
    TEMPLATE = "admin/entity_form.html"
    name = StringField("Name", validators=[DataRequired(), Length(max=300)])
    slug = StringField(
        "Slug (made from the name when empty)", validators=optional(fields.check_slug, max=100)
    )
    kind = SelectField("Kind", choices=choices(vocab.ENTITY_KINDS), default="company")
    country = StringField(
        "Country (ISO 3166 code)", validators=optional(fields.check_country, max=8)
    )
    wikidata_qid = StringField("Wikidata QID", validators=optional(fields.check_qid, max=20))
    description = TextAreaField("Description", validators=optional())

    FIELDS = columns(shapes.EntityFields)

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "slug": text(self.slug.data) or slugify(self.name.data or "")}


# -- domain rules, relations, labels, citations ----------------------------------------------


class DomainRuleForm(RecordForm):
    TEMPLATE = "admin/domain_form.html"
    host = StringField(
        "Host (e.g. de.rt.com)",
        validators=[DataRequired(), Length(max=253), Check(fields.rule_host)],
    )
    path_prefix = StringField(
        "Path prefix (optional, e.g. /@RT)",
        validators=optional(fields.check_path_prefix, max=200),
    )
    role = SelectField("Role", choices=choices(vocab.DOMAIN_ROLES), default="primary")
    fold_variants = BooleanField("Fold amp./m. hosts and AMP paths to the article", default=True)
    path_folds = PathFoldsField(
        "Path folds (one per line: /cnn -> / drops a leading /cnn)",
        validators=optional(check_path_fold_lines, max=4500),
    )

    FIELDS = columns(shapes.DomainFields)
    ERROR_FIELDS = {"prefix": "path_folds", "replacement": "path_folds"}

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "path_prefix": text(self.path_prefix.data) or ""}


class RelationForm(SourcedForm):
    TEMPLATE = "admin/relation_form.html"
    kind = SelectField("Relation", choices=choices(vocab.RELATION_KINDS), default="owned_by")
    object = SelectField("Owner / operator / funder", choices=[], validate_choice=False)
    new_owner_name = StringField("…or a new one: name", validators=optional(max=300))
    new_owner_kind = SelectField(
        "New one's kind", choices=choices(vocab.ENTITY_KINDS), default="company"
    )
    new_owner_country = StringField(
        "New one's country (ISO code)", validators=optional(fields.check_country, max=8)
    )
    share = DecimalField("Share (%)", places=2, validators=optional(fields.check_share))
    since = DateField("Since", validators=optional())
    until = DateField("Until", validators=optional())
    as_of = DateField(
        "As of (when this was last true)",
        validators=[DataRequired(), Check(fields.check_past_date)],
    )
    note = TextAreaField("Note", validators=optional(max=5000))
    review_due = DateField(
        "Review due (empty: 90 days after the source was accessed)", validators=optional()
    )

    FIELDS = columns(shapes.RelationFields)
    ERROR_FIELDS = {**SourcedForm.ERROR_FIELDS, "subject_outlet": "object"}

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

    def new_payload(self, subject: dict[str, str], object_slug: str | None) -> dict[str, Any]:
        """A new relation of `subject` ({"subject_outlet": slug}); `object_slug` is the
        owner just created, if any."""
        payload = {**subject, **self.create_payload()}
        if object_slug:
            payload["object"] = object_slug
        return payload

    @classmethod
    def form_data(cls, obj: Any) -> dict[str, Any]:
        return {**super().form_data(obj), "object": obj.object_entity.slug}


class LabelForm(SourcedForm):
    TEMPLATE = "admin/label_form.html"
    kind = SelectField("Kind", choices=choices(vocab.LABEL_KINDS), default="state_affiliated")
    issuer = StringField(
        "Issuer (who applied it, e.g. Council of the EU)",
        validators=[DataRequired(), Length(max=200)],
    )
    text = TextAreaField("Text (the label's own words)", validators=optional())
    since = DateField("Since", validators=optional())
    until = DateField("Until", validators=optional())
    as_of = DateField("As of", validators=[DataRequired(), Check(fields.check_past_date)])
    review_due = DateField(
        "Review due (empty: 90 days after the source was accessed)", validators=optional()
    )

    FIELDS = columns(shapes.LabelFields)


class CitationForm(RecordForm):
    TEMPLATE = "admin/citation_form.html"
    url = StringField(
        "URL", validators=[DataRequired(), Length(max=2048), Check(fields.check_http_url)]
    )
    title = StringField("Title", validators=optional(max=500))
    publisher = StringField("Publisher", validators=optional(max=200))
    accessed = DateField("Accessed on", validators=optional(fields.check_past_date))
    quote = TextAreaField("Quote", validators=optional(max=5000))
    archived_url = StringField(
        "Archived copy (e.g. a web.archive.org address)",
        validators=optional(fields.check_http_url, max=2048),
    )

    FIELDS = columns(shapes.CitationFields)


# -- report links ----------------------------------------------------------------------------


class ReportLinkForm(RecordForm):
    TEMPLATE = "admin/report_link_form.html"
    article_url = StringField(
        "Article (the page readers see; its URL)",
        validators=optional(fields.check_http_url, max=2048),
    )
    story = SelectField("…or a whole story", choices=[], validate_choice=False)
    report_url = StringField(
        "Report URL (the counter-report)",
        validators=[DataRequired(), Length(max=2048), Check(fields.check_http_url)],
    )
    relation = SelectField(
        "Relation (read from the article's side)", choices=choices(vocab.REPORT_RELATIONS)
    )
    report_title = StringField("Report title", validators=optional(max=500))
    report_outlet = SelectField("Report's outlet", choices=[], validate_choice=False)
    report_published = DateField("Report published", validators=optional(fields.check_past_date))
    report_author = StringField("Report author", validators=optional(max=300))
    rating = StringField("ClaimReview rating", validators=optional(max=200))
    summary = TextAreaField("One-line neutral summary", validators=optional(max=5000))
    status = SelectField("Status", choices=choices(vocab.REPORT_STATUSES), default="published")

    FIELDS = columns(shapes.ReportLinkFields)

    def create_payload(self) -> dict[str, Any]:
        payload = self.payload()
        if self.story.data:
            payload["story"] = self.story.data
        else:
            payload["article_url"] = text(self.article_url.data)
        # What the maintainer saw in the preview is what is saved: no second fetch.
        payload["fetch"] = False
        return payload

    @classmethod
    def form_data(cls, obj: Any) -> dict[str, Any]:
        outlet = obj.report_outlet.slug if obj.report_outlet else ""
        return {**super().form_data(obj), "report_outlet": outlet}
