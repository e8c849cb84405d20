"""CLI: seed idempotence, export/import round trip, clear errors that change nothing, tokens."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import func, select

from server.models import ApiToken, DataVersion, Outlet, User


def _export(runner, path):
    result = runner.invoke(args=["export", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_text()


def _scalar(conn, stmt):
    """What the database holds, read on the test's connection (where the commands wrote)."""
    return conn.execute(stmt).scalar()


def test_seed_twice_changes_nothing(seeded, runner, tmp_path, db_connection):
    first = _export(runner, tmp_path / "a.json")
    version = _scalar(db_connection, select(DataVersion.version))
    again = runner.invoke(args=["seed"])
    assert again.exit_code == 0
    report = json.loads(again.output)
    assert (report["created"], report["updated"], report["deleted"]) == (0, 0, 0)
    assert _export(runner, tmp_path / "b.json") == first
    assert _scalar(db_connection, select(DataVersion.version)) == version


def test_export_import_round_trip_is_exact(seeded, runner, tmp_path, db_connection):
    from tests.databases import clear_tables

    exported = _export(runner, tmp_path / "export.json")
    clear_tables(db_connection)
    assert _scalar(db_connection, select(func.count()).select_from(Outlet)) == 0
    result = runner.invoke(args=["import", str(tmp_path / "export.json")])
    assert result.exit_code == 0, result.output
    assert _export(runner, tmp_path / "again.json") == exported


def test_malformed_import_says_where_and_changes_nothing(seeded, runner, tmp_path):
    before = _export(runner, tmp_path / "before.json")
    data = json.loads(before)
    data["outlets"][3]["name"] = "Changed name that must not land"
    data["outlets"][5]["labels"].append(
        {"kind": "sanctioned", "issuer": "X", "as_of": "2024-01-01"}
    )
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = runner.invoke(args=["import", str(bad)])
    assert result.exit_code == 1
    assert "outlets[5].labels" in result.output and "citation" in result.output
    assert _export(runner, tmp_path / "after.json") == before

    broken = tmp_path / "broken.json"
    broken.write_text('{"outlets": [\n  {"slug": "x",\n')
    result = runner.invoke(args=["import", str(broken)])
    assert result.exit_code == 1 and "line" in result.output
    assert _export(runner, tmp_path / "after2.json") == before


def test_import_refuses_unknown_references_and_domain_collisions(seeded, runner, tmp_path):
    ref = tmp_path / "ref.json"
    ref.write_text(
        json.dumps(
            {
                "outlets": [
                    {
                        "slug": "newco",
                        "name": "New",
                        "relations": [
                            {
                                "kind": "owned_by",
                                "object": "no-such-entity",
                                "as_of": "2024-01-01",
                                "citation": {"url": "https://example.org/"},
                            }
                        ],
                    }
                ]
            }
        )
    )
    result = runner.invoke(args=["import", str(ref)])
    assert result.exit_code == 1 and "no-such-entity" in result.output
    clash = tmp_path / "clash.json"
    clash.write_text(
        json.dumps(
            {"outlets": [{"slug": "newco", "name": "New", "domains": [{"host": "www.rt.com"}]}]}
        )
    )
    result = runner.invoke(args=["import", str(clash)])
    assert result.exit_code == 1 and "'rt'" in result.output


def test_unknown_import_format_is_refused(runner, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}")
    result = runner.invoke(args=["import", str(path), "--format", "xml"])
    assert result.exit_code == 1 and "unknown import format" in result.output


def test_create_token_prints_it_once_and_stores_only_a_hash(runner, db_connection):
    result = runner.invoke(args=["create-token", "alice", "--role", "editor"])
    assert result.exit_code == 0
    token = result.stdout.strip()
    assert token.startswith("mh_") and len(token) > 30
    stored = _scalar(db_connection, select(ApiToken.token_hash))
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored
    assert _scalar(db_connection, select(User.role).where(User.name == "alice")) == "editor"


def test_create_user_reads_a_piped_password_and_hashes_it(runner, db_connection):
    result = runner.invoke(
        args=["create-user", "bob", "--role", "admin"], input="a long enough password\n"
    )
    assert result.exit_code == 0, result.output
    stored = _scalar(db_connection, select(User.password_hash).where(User.name == "bob"))
    assert stored and "a long enough password" not in stored
    short = runner.invoke(args=["create-user", "carol"], input="short\n")
    assert short.exit_code == 1 and "at least 10" in short.output
    assert (
        _scalar(db_connection, select(func.count()).select_from(User).where(User.name == "carol"))
        == 0
    )
