"""All database models; import from here."""

from .accounts import ApiToken, User
from .articles import Article, ReportLink, Story
from .base import Base
from .citations import Citation
from .history import ChangeLog, DataVersion, Revision
from .labels import Label
from .outlets import DomainRule, Outlet
from .ownership import Entity, Relation
from .suggestions import Suggestion

__all__ = [
    "ApiToken",
    "Article",
    "Base",
    "ChangeLog",
    "Citation",
    "DataVersion",
    "DomainRule",
    "Entity",
    "Label",
    "Outlet",
    "Relation",
    "ReportLink",
    "Revision",
    "Story",
    "Suggestion",
    "User",
]
