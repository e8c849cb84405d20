"""Which service writes which kind of record: the one table the unit of work dispatches by."""

from __future__ import annotations

from .services.articles import ArticleService
from .services.base import RecordService
from .services.citations import CitationService
from .services.domain_rules import DomainRuleService
from .services.entities import EntityService
from .services.labels import LabelService
from .services.outlets import OutletService
from .services.relations import RelationService
from .services.report_links import ReportLinkService
from .services.stories import StoryService

SERVICES: dict[str, type[RecordService]] = {
    "outlet": OutletService,
    "domain_rule": DomainRuleService,
    "entity": EntityService,
    "relation": RelationService,
    "label": LabelService,
    "citation": CitationService,
    "article": ArticleService,
    "story": StoryService,
    "report_link": ReportLinkService,
}

__all__ = [
    "SERVICES",
    "ArticleService",
    "CitationService",
    "DomainRuleService",
    "EntityService",
    "LabelService",
    "OutletService",
    "RecordService",
    "RelationService",
    "ReportLinkService",
    "StoryService",
]
