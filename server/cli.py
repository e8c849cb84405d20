"""`flask --app server ...` commands: schema, seed, users and tokens, export and import."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from . import migrate
from .errors import MastheadError


def _url() -> str:
    return str(current_app.config["DATABASE_URL"])


def _migrations() -> str:
    return str(current_app.config["MIGRATIONS_DIR"])


def _session():  # type: ignore[no-untyped-def]
    from .db import session

    return session()


def _curator(actor: str):  # type: ignore[no-untyped-def]
    """A unit of work attributed to a command: committed when the block succeeds."""
    from .curation import Actor, Curator

    return Curator(_session(), Actor(None, actor))


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@contextmanager
def _transaction() -> Iterator[Any]:
    """The command's session, committed when the block succeeds; an error is reported."""
    session = _session()
    try:
        yield session
        session.commit()
    except MastheadError as exc:
        session.rollback()
        _fail(exc.message)


def _schema_command(
    name: str, move: Callable[[str, str, str], None], default: str, doc: str
) -> click.Command:
    @click.command(name, help=doc)
    @with_appcontext
    @click.argument("revision", default=default)
    def command(revision: str) -> None:
        move(_url(), _migrations(), revision)
        click.echo(f"database at revision {revision}")

    return command


db_upgrade = _schema_command(
    "db-upgrade", migrate.upgrade, "head", "Create or upgrade the database schema (Alembic)."
)
db_downgrade = _schema_command(
    "db-downgrade", migrate.downgrade, "base", "Downgrade the database schema (Alembic)."
)


@click.command("db-check")
@with_appcontext
def db_check() -> None:
    """Exit non-zero if the models and the migrated schema differ."""
    diffs = migrate.schema_differences(_url())
    if diffs:
        for d in diffs:
            click.echo(repr(d), err=True)
        _fail("models and migrations differ")
    click.echo("models and migrations agree")


@click.command("seed")
@with_appcontext
@click.option(
    "--if-empty",
    is_flag=True,
    help="Only load the seed into a database that has no outlet yet (what the run script and "
    "the container do at every start, so maintainers' edits are never undone).",
)
def seed(if_empty: bool) -> None:
    """Make the seeded records match Masthead's curated starter data (idempotent).

    Without --if-empty this is a sync: a seeded record a maintainer changed is put back as the
    seed has it (with a revision by "seed"), and a child the seed does not list is removed.
    """
    from .dataset import import_dataset, read_seed_dir
    from .models import Outlet

    if if_empty and _session().scalar(select(Outlet.id).limit(1)) is not None:
        click.echo(json.dumps({"skipped": "the database already holds outlets"}))
        return
    try:
        data, source = read_seed_dir(Path(current_app.config["SEED_DIR"]))
        with _curator("seed") as cur:
            report = import_dataset(cur, data, source)
    except MastheadError as exc:
        _fail(exc.message)
    click.echo(json.dumps(report.to_dict()))


@click.command("export")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True), default="-")
@click.option(
    "--release",
    "release_dir",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[DIR]",
    help="Write a dated, versioned release (dataset JSON, outlets and domain-rule CSV, "
    "manifest, changelog since the previous release) under DIR, or under MASTHEAD_RELEASE_DIR "
    "when DIR is left out.",
)
def export(path: str, release_dir: str | None) -> None:
    """Write the whole curated dataset as JSON (to PATH, or standard output), or a release."""
    from .dataset import export_dataset

    if release_dir is not None:
        _release(release_dir or str(current_app.config["RELEASE_DIR"]))
        return
    text = json.dumps(export_dataset(_session()), ensure_ascii=False, indent=1) + "\n"
    if path == "-":
        sys.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")


def _release(root: str) -> None:
    from .dataset.release import write_release

    try:
        manifest = write_release(_session(), Path(root))
    except MastheadError as exc:
        _fail(exc.message)
    finally:
        _session().rollback()
    summary = {k: manifest[k] for k in ("version", "sequence", "data_version", "changes")}
    click.echo(json.dumps({**summary, "path": str(Path(root) / manifest["version"])}))


@click.command("import")
@with_appcontext
@click.argument("sources", nargs=-1)
@click.option(
    "--format",
    "fmt",
    default="json",
    show_default=True,
    help="json (a Masthead export), csv (outlets and domains), opensources, claimreview, "
    "state-media (the State Media Matrix), local-news (the Local News Dataset), v2fly (a domain "
    "list and its includes), perennial (Wikipedia's perennial sources: raters' labels on known "
    "outlets), wikidata (entity JSON or SPARQL results); formats are described in "
    "docs/maintainer-guide.md.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print what would be created, changed or deleted (one line each) and write nothing.",
)
@click.option(
    "--live",
    is_flag=True,
    help="wikidata only: fetch the items named (Q166032 Q9531) or run the SPARQL query in "
    "the file given, instead of reading a file of results.",
)
def import_(sources: tuple[str, ...], fmt: str, dry_run: bool, live: bool) -> None:
    """Import SOURCES (one file, or - for standard input; with --live, Wikidata item ids or a
    SPARQL query file) transactionally: a bad record is reported and nothing is written."""
    from .importers import dry_run_with

    try:
        name, run = _import_job(sources, fmt, live)
    except MastheadError as exc:
        _fail(exc.message)
    if dry_run:
        try:
            report, lines = dry_run_with(_session(), name, run)
        except MastheadError as exc:
            _fail(exc.message)
        for line in [*lines, *(f"= left out: {reason}" for reason in report.skipped)]:
            click.echo(line)
        click.echo(json.dumps({"dry_run": True, **report.to_dict()}))
        return
    try:
        with _curator(f"import:{name}") as cur:
            report = run(cur)
    except MastheadError as exc:
        _fail(exc.message)
    click.echo(json.dumps(report.to_dict()))


def _import_job(sources: tuple[str, ...], fmt: str, live: bool) -> tuple[str, Any]:
    """(name, run): what `flask import` was asked to do, as a function of the unit of work.
    A live Wikidata import fetches here, before any transaction is opened."""
    from .errors import BadRequest
    from .importers import check_format, import_file

    if live:
        from .importers.wikidata import import_bundle
        from .importers.wikidata_live import LiveSettings, fetch_bundle

        if fmt != "wikidata":
            raise BadRequest("--live is for --format wikidata only")
        bundle, name = fetch_bundle(sources, LiveSettings.of(current_app.config))
        return name, lambda cur: import_bundle(cur, bundle)
    if len(sources) != 1:
        raise BadRequest("give one file to import (or - for standard input)")
    kind = click.Path(exists=True, dir_okay=False, allow_dash=True)
    try:
        path = kind.convert(sources[0], None, None)
    except click.BadParameter as exc:
        raise BadRequest(exc.message) from None
    source = Path(str(path)) if path != "-" else None
    check_format(fmt, source)
    return (source.name if source else "stdin"), lambda cur: import_file(cur, source, fmt)


@click.command("review-due")
@with_appcontext
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most N.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def review_due(limit: int | None, fmt: str) -> None:
    """List the relations and labels due for review today, never-checked first, then the most
    overdue (a fact is due 90 days after its source was checked, or on the date set)."""
    import datetime as dt

    from .curation.review import due_for_review

    today = dt.date.today()
    total, rows = due_for_review(_session(), today, limit=limit)
    if fmt == "json":
        doc = {"today": today.isoformat(), "total": total, "items": [r.to_dict() for r in rows]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
        return
    for r in rows:
        overdue = "never checked" if r.days_overdue is None else f"{r.days_overdue} days over"
        checked = r.last_checked.isoformat() if r.last_checked else "never"
        click.echo(
            f"{overdue:>15}  {r.record_type} {r.id}  {r.subject_slug}: {r.summary}"
            f"  (last checked {checked}; {r.source_url})"
        )
    click.echo(f"{total} due for review on {today.isoformat()}, {len(rows)} shown")


def _for_a_user(command: Callable[..., None]) -> Callable[..., None]:
    """NAME and --role: the user a command creates or acts for. Without --role a new user is
    an editor and an existing one keeps its role."""
    role = click.option("--role", type=click.Choice(["editor", "admin"]), default=None)
    return click.argument("name")(role(command))


@click.command("create-user")
@with_appcontext
@_for_a_user
def create_user(name: str, role: str | None) -> None:
    """Create a user (or change its role). A password piped on standard input is set too."""
    from .accounts import get_or_create_user, set_password

    with _transaction() as session:
        user = get_or_create_user(session, name, role)
        password = "" if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
        if password:
            set_password(user, password)
        now = user.role
    click.echo(f"user {name} ({now})", err=True)


@click.command("create-token")
@with_appcontext
@_for_a_user
def create_token(name: str, role: str | None) -> None:
    """Issue an API token for NAME (created if needed). Prints only the token, once."""
    from .accounts import get_or_create_user, issue_token

    with _transaction() as session:
        token, _row = issue_token(session, get_or_create_user(session, name, role), name="cli")
    click.echo(token)


@click.command("fetch")
@click.argument("url")
@with_appcontext
def fetch(url: str) -> None:
    """Fetch URL's metadata (SSRF-safe, MASTHEAD_FETCH_ALLOW) and print what it would fill."""
    from .curation.schemas import FetchRequest, parse

    cur = _curator("cli")
    try:
        parse(FetchRequest, {"url": url})
        fill = cur.fetch(url)
    except MastheadError as exc:
        _fail(exc.message)
    finally:
        cur.session.rollback()
    click.echo(json.dumps(fill.to_dict(), ensure_ascii=False, indent=1))


@click.group("read-store")
def read_store() -> None:
    """The read store: each data version's read model written once, shared by the workers."""


@read_store.command("build")
@click.option(
    "--dir",
    "where",
    type=click.Path(file_okay=False),
    default=None,
    help="Directory of the store files (default: MASTHEAD_READ_STORE_DIR).",
)
@click.option(
    "--nice",
    type=click.IntRange(0, 19),
    default=0,
    help="Lower this process's CPU priority by N first (a server writing its next file "
    "in the background uses 10, so readers keep the CPUs).",
)
@click.option("--parent-holds-lock", is_flag=True, hidden=True)
@with_appcontext
def read_store_build(where: str | None, nice: int, parent_holds_lock: bool) -> None:
    """Write the store file of the database's current data version, then remove all but the
    newest two. Prints its path."""
    import os

    from . import db
    from .read.store_service import write_current, write_locked

    if nice:
        os.nice(nice)

    target = where or current_app.config["READ_STORE_DIR"]
    if not target:
        _fail("no directory: give --dir or set MASTHEAD_READ_STORE_DIR")
    write = write_current if parent_holds_lock else write_locked
    with db.connect() as conn:
        path = write(conn, Path(target))
    click.echo(str(path))


COMMANDS = [
    db_upgrade,
    db_downgrade,
    db_check,
    seed,
    export,
    import_,
    review_due,
    create_user,
    create_token,
    fetch,
    read_store,
]


def register(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
