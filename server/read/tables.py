"""The tables the read path queries with Core (no ORM objects on the read path)."""

from __future__ import annotations

from .. import models

ARTICLES = models.Article.__table__
LINKS = models.ReportLink.__table__
STORIES = models.Story.__table__
OUTLETS = models.Outlet.__table__
RULES = models.DomainRule.__table__
LABELS = models.Label.__table__
RELATIONS = models.Relation.__table__
ENTITIES = models.Entity.__table__
CITATIONS = models.Citation.__table__
