"""CLI: seed idempotence, export/import round trip, clear errors that change nothing, tokens."""

from __future__ import annotations

import hashlib
import json

import pytest
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


def test_create_token_keeps_an_existing_users_role(runner, db_connection):
    assert runner.invoke(args=["create-token", "ada", "--role", "admin"]).exit_code == 0
    assert runner.invoke(args=["create-token", "ada"]).exit_code == 0
    assert _scalar(db_connection, select(User.role).where(User.name == "ada")) == "admin"


def test_the_last_admin_is_not_demoted_from_the_cli(runner, db_connection):
    assert runner.invoke(args=["create-token", "ada", "--role", "admin"]).exit_code == 0
    result = runner.invoke(args=["create-user", "ada", "--role", "editor"])
    assert result.exit_code == 1 and "last active admin" in result.output
    assert _scalar(db_connection, select(User.role).where(User.name == "ada")) == "admin"
    assert runner.invoke(args=["create-user", "grace", "--role", "admin"]).exit_code == 0
    assert runner.invoke(args=["create-user", "ada", "--role", "editor"]).exit_code == 0
    assert _scalar(db_connection, select(User.role).where(User.name == "ada")) == "editor"


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


def _counts(conn):  # type: ignore[no-untyped-def]
    from server.models import Article, DomainRule, Entity, Label, Relation, ReportLink, Revision

    models = (Outlet, DomainRule, Entity, Relation, Label, Article, ReportLink, Revision)
    counts = tuple(_scalar(conn, select(func.count()).select_from(m)) for m in models)
    return (*counts, _scalar(conn, select(DataVersion.version)))


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("country", "XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
        ("founded", "2999-01-01", "date is in the future"),
    ],
)
def test_import_refuses_what_the_api_refuses_naming_file_line_and_field(
    seeded, runner, tmp_path, db_connection, field, value, reason
):
    """Issue #12: export, set one outlet's country to XX (or founded to 2999-01-01), import:
    refused like the curation API refuses it, and nothing changes."""
    exported = _export(runner, tmp_path / "export.json")
    data = json.loads(exported)
    slug = data["outlets"][3]["slug"]
    data["outlets"][3][field] = value
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data, indent=1))
    before = _counts(db_connection)

    result = runner.invoke(args=["import", str(edited)])

    assert result.exit_code == 1
    lines = edited.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if f'"{field}": "{value}"' in text)
    assert f"edited.json: line {line}: outlets[3].{field}: {reason}" in result.stderr
    assert _counts(db_connection) == before
    assert _export(runner, tmp_path / "after.json") == exported

    from server import db
    from server.curation import Actor, Curator
    from server.errors import ValidationFailed

    with (
        seeded.app_context(),
        pytest.raises(ValidationFailed) as info,
        Curator(db.session(), Actor(None, "api")) as cur,
    ):
        cur.outlets.update(slug, {field: value}, if_match=None)
    assert info.value.field == field and reason in info.value.message


def test_seed_error_names_the_seed_file_and_its_line(app, runner, tmp_path, db_connection):
    import shutil

    from server.config import PACKAGE_DIR

    seed = tmp_path / "seed"  # the entities and one outlet file are enough to fail in
    seed.mkdir()
    for name in ("entities.json", "outlets-state.json"):
        shutil.copy(PACKAGE_DIR / "seed" / name, seed / name)
    path = seed / "outlets-state.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["outlets"][2]["relations"] = [
        {
            "kind": "owned_by",
            "object": "no-such-entity",
            "as_of": "2024-01-01",
            "citation": {"url": "https://example.org/"},
        }
    ]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    app.config["SEED_DIR"] = str(seed)
    before = _counts(db_connection)

    result = runner.invoke(args=["seed"])

    assert result.exit_code == 1
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if "no-such-entity" in text
    )
    expected = f"outlets-state.json: line {line}: outlets[2].relations[0].object: unknown entity"
    assert expected in result.stderr
    assert _counts(db_connection) == before


def test_seed_if_empty_never_undoes_a_maintainers_edit(seeded, runner, db_connection):
    from sqlalchemy import update

    db_connection.execute(update(Outlet).where(Outlet.slug == "rt").values(description="edited"))
    result = runner.invoke(args=["seed", "--if-empty"])
    assert result.exit_code == 0 and "skipped" in result.output
    edited = _scalar(db_connection, select(Outlet.description).where(Outlet.slug == "rt"))
    assert edited == "edited"


def test_seed_if_empty_loads_an_empty_database(runner, db_connection):
    result = runner.invoke(args=["seed", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["created"] > 0
    assert _scalar(db_connection, select(func.count()).select_from(Outlet)) > 0


@pytest.mark.parametrize(
    ("where", "message"),
    [("outlet", "outlet slug 'rt' appears twice"), ("host", "domain rule '{host}' appears twice")],
)
def test_import_refuses_a_record_named_twice(
    seeded, runner, tmp_path, db_connection, where, message
):
    data = json.loads(_export(runner, tmp_path / "before.json"))
    rt = next(o for o in data["outlets"] if o["slug"] == "rt")
    if where == "outlet":
        data["outlets"].append({**rt, "description": "a second rt", "labels": []})
    else:
        rt["domains"].append({**rt["domains"][0], "role": "mirror"})
    bad = tmp_path / "twice.json"
    bad.write_text(json.dumps(data, indent=1))
    before = _counts(db_connection)
    result = runner.invoke(args=["import", str(bad)])
    assert result.exit_code == 1
    message = message.format(host=rt["domains"][0]["host"])
    assert "twice.json: line " in result.output and message in result.output
    assert _counts(db_connection) == before
