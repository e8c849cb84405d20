"""Loading one data version's tables into a read model: a handful of full scans, no
per-outlet queries.

Rows are read straight off the DBAPI cursor (type processing by hand for the few typed
columns, which is what makes the scans fast). Low-cardinality values (kinds, countries,
dates, ...) are shared rather than held once per row, and JSON columns are kept as text
until a record needs them.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Date, and_, exists, func, or_, select

from ..matching import Rule, path_folds_of
from ..presenters.values import number
from .model import ReadModel
from .record_cache import DEFAULT_SIZE
from .rows import Tables
from .tables import ARTICLES, CITATIONS, ENTITIES, LABELS, LINKS, OUTLETS, RELATIONS, RULES


def _scan(conn: Connection, stmt: Any) -> list[Any]:
    """All rows of a parameterless SELECT as the driver returns them (no type processing)."""
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    result = conn.exec_driver_sql(sql)
    try:
        return result.cursor.fetchall()  # type: ignore[union-attr, return-value]
    finally:
        result.close()


def _where(stmt: Any, where: Any) -> Any:
    """`stmt` limited to the rows `where` selects (all rows when None)."""
    return stmt if where is None else stmt.where(where)


def _share(value: Any) -> float | None:
    """`presenters.values.number` of what Numeric(5, 2) returns: SQLite gives a float (or
    int) that SQLAlchemy rounds to the scale through a Decimal; PostgreSQL gives the Decimal."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(f"{value:.2f}")
    return number(value)


class Loader:
    """Reads the tables of one data version, sharing equal values between rows."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        dialect = conn.dialect
        self._parse_date = Date().dialect_impl(dialect).result_processor(dialect, None)
        self._dates: dict[Any, Any] = {}
        self._words: dict[Any, Any] = {}
        self._ids: dict[int, int] = {}

    def word(self, value: Any) -> Any:
        """One shared object per distinct low-cardinality value (None stays None)."""
        return self._words.setdefault(value, value) if value is not None else None

    def one_id(self, value: int | None) -> int | None:
        return self._ids.setdefault(value, value) if value is not None else None

    def date(self, value: Any) -> Any:
        """A date, or its ISO string (SQLite keeps dates as such; `iso` takes both).

        Shared: one object per distinct date.
        """
        if value is None:
            return None
        out = self._dates.get(value)
        if out is None:
            out = value
            if isinstance(value, str) and len(value) != 10 and self._parse_date is not None:
                out = self._parse_date(value)  # not in SQLAlchemy's storage format
            self._dates[value] = out
        return out

    def rules(self, where: Any = None) -> list[Rule]:
        cols = RULES.c
        stmt = _where(select(
            cols.id, cols.host, cols.path_prefix, cols.outlet_id, cols.role, cols.fold_variants,
            cols.path_folds,
        ), where).order_by(cols.id)  # fmt: skip
        return [
            Rule(
                host,
                prefix if prefix else self.word(prefix),
                outlet_id,
                self.word(role),
                bool(fold),
                rule_id,
                path_folds_of(folds),
            )
            for rule_id, host, prefix, outlet_id, role, fold, folds in _scan(self.conn, stmt)
        ]

    def outlets(self, where: Any = None) -> dict[int, tuple[Any, ...]]:
        c = OUTLETS.c
        stmt = _where(select(
            c.id, c.slug, c.name, c.other_names, c.description, c.country, c.languages, c.kind,
            c.founded, c.website, c.wikidata_qid, c.status, c.version, c.citation_id,
        ), where)  # fmt: skip
        word = self.word
        return {
            oid: (
                slug,
                name,
                other,
                description,
                word(country) if country else country,
                word(languages) if isinstance(languages, str) else languages,
                word(kind),
                self.date(founded),
                website,
                qid,
                word(status),
                version,
                self.one_id(citation_id),
            )
            for (
                oid, slug, name, other, description, country, languages, kind, founded, website,
                qid, status, version, citation_id,
            ) in _scan(self.conn, stmt)
        }  # fmt: skip

    def citations(self, where: Any = None) -> dict[int, tuple[Any, ...]]:
        c = CITATIONS.c
        stmt = _where(select(c.id, c.url, c.title, c.publisher, c.accessed, c.archived_url), where)
        return {
            cid: (url, title, publisher, self.date(accessed), archived)
            for cid, url, title, publisher, accessed, archived in _scan(self.conn, stmt)
        }

    def entities(self, where: Any = None) -> dict[int, tuple[Any, ...]]:
        c = ENTITIES.c
        stmt = _where(select(c.id, c.slug, c.name, c.kind, c.country), where)
        return {
            eid: (slug, name, self.word(kind), self.word(country) if country else country)
            for eid, slug, name, kind, country in _scan(self.conn, stmt)
        }

    def labels(self, where: Any = None) -> dict[int, tuple[tuple[Any, ...], ...]]:
        c = LABELS.c
        # The order of records.labels_json, whatever the database does with NULLs.
        stmt = _where(
            select(c.outlet_id, c.kind, c.issuer, c.text, c.since, c.until, c.as_of, c.citation_id),
            where,
        ).order_by(c.outlet_id, c.since, c.id)
        word, date = self.word, self.date
        labels: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for outlet_id, kind, issuer, text, since, until, as_of, cid in _scan(self.conn, stmt):
            labels[outlet_id].append(
                (
                    word(kind),
                    word(issuer),
                    text,
                    date(since),
                    date(until),
                    date(as_of),
                    self.one_id(cid),
                )
            )
        return {k: tuple(v) for k, v in labels.items()}

    def relations(self, where: Any = None) -> tuple[dict[int, tuple[tuple[Any, ...], ...]], ...]:
        """Relations by subject outlet, then by subject entity."""
        c = RELATIONS.c
        stmt = _where(select(
            c.id, c.subject_outlet_id, c.subject_entity_id, c.object_entity_id, c.kind, c.share,
            c.since, c.until, c.as_of, c.citation_id,
        ), where).order_by(c.id)  # fmt: skip
        date = self.date
        of_outlet: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        of_entity: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for rid, subj_o, subj_e, obj, kind, share, since, until, as_of, cid in _scan(
            self.conn, stmt
        ):
            row = (
                rid, subj_o, subj_e, obj, self.word(kind), _share(share), date(since),
                date(until), date(as_of), self.one_id(cid),
            )  # fmt: skip
            if subj_o is not None:
                of_outlet[subj_o].append(row)
            else:
                of_entity[subj_e].append(row)
        return {k: tuple(v) for k, v in of_outlet.items()}, {
            k: tuple(v) for k, v in of_entity.items()
        }

    def article_keys(self) -> array[int]:
        """The first 64 bits of every article's url_sha256, sorted (see
        `ReadModel.may_have_article`)."""
        stmt = select(func.substr(ARTICLES.c.url_sha256, 1, 16))
        return array("Q", sorted(int(h, 16) for (h,) in _scan(self.conn, stmt) if h))

    def linked_keys(self) -> array[int]:
        """The first 64 bits of the url_sha256 of every article with a published report link,
        its own or its story's, sorted (the index's article-key set, read/key_set.py)."""
        published = LINKS.c.status == "published"
        own = exists().where(and_(LINKS.c.article_id == ARTICLES.c.id, published))
        of_story = exists().where(
            and_(
                ARTICLES.c.story_id.is_not(None),
                LINKS.c.story_id == ARTICLES.c.story_id,
                published,
            )
        )
        stmt = select(func.substr(ARTICLES.c.url_sha256, 1, 16)).where(or_(own, of_story))
        return array("Q", sorted(int(h, 16) for (h,) in _scan(self.conn, stmt) if h))


def load_tables(conn: Connection) -> Tables:
    load = Loader(conn)
    of_outlet, of_entity = load.relations()
    return Tables(
        load.rules(),
        load.outlets(),
        load.labels(),
        of_outlet,
        of_entity,
        load.entities(),
        load.citations(),
        load.article_keys(),
        load.linked_keys(),
    )


def build_read_model(
    conn: Connection, version: int, *, record_cache_size: int = DEFAULT_SIZE
) -> ReadModel:
    """The read model of `version` from the whole tables (see `ReadModel`)."""
    return ReadModel(version, load_tables(conn), record_cache_size=record_cache_size)


def current_version(conn: Connection) -> int:
    """The data version as `conn` sees it now."""
    row = conn.exec_driver_sql("SELECT version FROM data_version WHERE id = 1").first()
    return int(row[0]) if row is not None else 0
