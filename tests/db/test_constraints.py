"""Constraints live in the database, not only in Python: raw inserts that break them fail."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests import factories


@pytest.fixture
def conn(db_connection, db_session):
    """Two outlets (ids 1, 2) and an entity (id 1) in the test's transaction."""
    factories.outlet(db_session, "a", id=1, name="A")
    factories.outlet(db_session, "b", id=2, name="B")
    factories.entity(db_session, "e", id=1, name="E")
    db_session.commit()
    return db_connection


def _fails(conn, sql: str) -> None:
    """The statement breaks a constraint (rolled back to a SAVEPOINT, as the row never was)."""
    with pytest.raises(IntegrityError), conn.begin_nested():
        conn.execute(text(sql))


STAMP = "1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"


def test_domain_rule_is_unique_across_outlets(conn):
    conn.execute(
        text(
            "INSERT INTO domain_rules (outlet_id, host, path_prefix, role,"
            f" fold_variants, version, created_at, updated_at) VALUES (1, 'a.com', '',"
            f" 'primary', true, {STAMP})"
        )
    )
    _fails(
        conn,
        "INSERT INTO domain_rules (outlet_id, host, path_prefix, role, fold_variants,"
        f" version, created_at, updated_at) VALUES (2, 'a.com', '', 'primary', true,"
        f" {STAMP})",
    )


def test_relation_requires_a_citation(conn):
    _fails(
        conn,
        "INSERT INTO relations (subject_outlet_id, object_entity_id, kind, as_of,"
        f" version, created_at, updated_at) VALUES (1, 1, 'owned_by', '2024-01-01',"
        f" {STAMP})",
    )


def test_label_requires_a_citation_and_an_as_of_date(conn):
    _fails(
        conn,
        "INSERT INTO labels (outlet_id, kind, issuer, as_of, version, created_at,"
        f" updated_at) VALUES (1, 'sanctioned', 'X', '2024-01-01', {STAMP})",
    )
    conn.execute(
        text(
            "INSERT INTO citations (id, url, version, created_at, updated_at)"
            f" VALUES (1, 'https://example.org/', {STAMP})"
        )
    )
    _fails(
        conn,
        "INSERT INTO labels (outlet_id, kind, issuer, citation_id, version, created_at,"
        f" updated_at) VALUES (1, 'sanctioned', 'X', 1, {STAMP})",
    )


def test_article_canonical_url_is_unique(conn):
    row = (
        "INSERT INTO articles (canonical_url, url_sha256, version, created_at, updated_at)"
        f" VALUES ('https://a.com/x', '{'0' * 64}', {STAMP})"
    )
    conn.execute(text(row))
    _fails(conn, row)


def test_foreign_keys_and_vocabularies_are_enforced(conn):
    _fails(
        conn,
        "INSERT INTO domain_rules (outlet_id, host, path_prefix, role, fold_variants,"
        f" version, created_at, updated_at) VALUES (99, 'z.com', '', 'primary', true,"
        f" {STAMP})",
    )
    _fails(
        conn,
        "INSERT INTO domain_rules (outlet_id, host, path_prefix, role, fold_variants,"
        f" version, created_at, updated_at) VALUES (1, 'y.com', '', 'bogus', true,"
        f" {STAMP})",
    )


def test_relation_share_is_a_percentage(conn):
    conn.execute(
        text(
            "INSERT INTO citations (id, url, version, created_at, updated_at)"
            f" VALUES (2, 'https://example.org/', {STAMP})"
        )
    )
    _fails(
        conn,
        "INSERT INTO relations (subject_outlet_id, object_entity_id, kind, share, as_of,"
        f" citation_id, version, created_at, updated_at) VALUES (1, 1, 'owned_by', 150,"
        f" '2024-01-01', 2, {STAMP})",
    )
