"""What the data versions after a read model's changed, from the change log the curation unit
of work writes with each version (server/models/history.py `ChangeLog`).

`read_changes` answers None when the log cannot say: a version without rows (written by
something other than the unit of work, or pruned), or a version that went back. The read
model is then rebuilt whole.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, select

from ..models import ChangeLog

LOG = ChangeLog.__table__

# Record kinds whose rows the read model holds per outlet (the column naming it is logged).
_OF_OUTLET = frozenset({"outlet", "domain_rule", "label"})
# Record kinds the read model knows only through the article-key sets.
_ARTICLE_KINDS = frozenset({"article", "story", "report_link"})


class Changes(NamedTuple):
    """Which parts of the read model to make again."""

    outlets: frozenset[int]  # outlets whose rows changed (their own, rules, labels, relations)
    entities: frozenset[int]  # entities changed, or the subject of a relation that changed
    citations: frozenset[int]  # citations changed or deleted (the ones cited may have moved)
    new_citations: frozenset[int]  # citations created (nothing cited them before)
    rules: bool  # a domain rule changed: the domain index is made again
    articles: bool  # an article, story or report link changed: the article-key sets too
    rows: int  # change-log rows read


NOTHING = Changes(frozenset(), frozenset(), frozenset(), frozenset(), False, False, 0)


def read_changes(conn: Connection, since: int, until: int) -> Changes | None:
    """The changes of the versions after `since` up to `until`, or None (see module)."""
    if until < since:
        return None
    if until == since:
        return NOTHING
    c = LOG.c
    stmt = select(c.data_version, c.record_type, c.record_id, c.action, c.outlet_id, c.entity_id)
    stmt = stmt.where(c.data_version > since, c.data_version <= until)
    rows = conn.execute(stmt).all()
    if len({row[0] for row in rows}) != until - since:
        return None  # a gap
    outlets: set[int] = set()
    entities: set[int] = set()
    citations: set[int] = set()
    new_citations: set[int] = set()
    rules = articles = False
    for _version, kind, record_id, action, outlet_id, entity_id in rows:
        if kind in _OF_OUTLET or kind == "relation":
            if outlet_id is not None:
                outlets.add(outlet_id)
            if entity_id is not None:
                entities.add(entity_id)
            rules = rules or kind == "domain_rule"
        elif kind == "entity":
            entities.add(record_id)
        elif kind == "citation":
            (new_citations if action == "create" else citations).add(record_id)
        elif kind in _ARTICLE_KINDS:
            articles = True
        else:
            return None  # a kind this reader does not know: rebuild to be safe
    return Changes(
        frozenset(outlets),
        frozenset(entities),
        frozenset(citations - new_citations),
        frozenset(new_citations),
        rules,
        articles,
        len(rows),
    )
