"""The controlled vocabularies shared by the database, the API, the seed and the extension.

Kept in one place so a new kind is added once and every layer (CHECK constraints,
validation, OpenAPI enums) follows.
"""

from __future__ import annotations

OUTLET_KINDS = (
    "state_controlled",
    "public_service",
    "private",
    "nonprofit",
    "cooperative",
    "party_or_government",
    "unknown",
)

OUTLET_STATUSES = ("active", "defunct")

# "account": a path-prefix rule on a platform host (x.com + /RT_com), an outlet's account
# there (server/urls/platforms.py folds the platform's other hosts).
DOMAIN_ROLES = ("primary", "language_edition", "mirror", "former", "channel", "account")

ENTITY_KINDS = (
    "company",
    "government",
    "public_body",
    "person",
    "trust",
    "fund",
    "nonprofit",
    "other",
)

RELATION_KINDS = ("owned_by", "operated_by", "controlled_by", "funded_by")

LABEL_KINDS = (
    "state_affiliated",
    "state_funded",
    "state_controlled",
    "sanctioned",
    "foreign_agent_registration",
    "platform_label",
    "broadcast_ban",
    "fact_check_signatory",
    "regulatory_finding",
    # A rater's published assessment of an outlet (Wikipedia editors' perennial-sources
    # status): shown beside regulators' and platforms' labels with its issuer, never averaged.
    "rater_assessment",
)

REPORT_RELATIONS = (
    "disputes",
    "disputed_by",
    "fact_check",
    "original_report",
    "context",
    "correction",
)

REPORT_STATUSES = ("published", "pending")

ROLES = ("editor", "admin")

SUGGESTION_KINDS = ("report", "correction")
SUGGESTION_STATUSES = ("pending", "accepted", "rejected")

REVISION_ACTIONS = ("create", "update", "delete", "revert")

# The kinds of curated record a revision can be about (server/curation/types.py maps each to
# its model, API path and payload shapes).
RECORD_TYPE_NAMES = (
    "outlet",
    "domain_rule",
    "entity",
    "relation",
    "label",
    "citation",
    "article",
    "story",
    "report_link",
)
