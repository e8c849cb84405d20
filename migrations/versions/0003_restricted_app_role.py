"""a restricted application role on PostgreSQL

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 02:00:00.000000

Creates the group role ``masthead_app`` (NOLOGIN) holding what the running app needs and no
more: SELECT, INSERT, UPDATE and DELETE on the tables, but only SELECT and INSERT on
``revisions``, the append-only history; the sequences behind the ids. Tables and sequences
later migrations create (as the same owner) get the same grants. The app connects as a login
role that is a member of it (docs/operations.md, "A restricted role for the app"); migrations
keep running as the owner. Roles belong to the whole server, so the role is created only when
missing and never dropped here. No-op on SQLite.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "masthead_app"
APPEND_ONLY = "revisions"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    # Several databases on one server (or two migrations at once) may race to create it.
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN
                CREATE ROLE {ROLE} NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END
        $$
        """
    )
    op.execute(f"GRANT CONNECT ON DATABASE {_database()} TO {ROLE}")
    op.execute(f"GRANT USAGE ON SCHEMA {_schema()} TO {ROLE}")
    op.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {_schema()} TO {ROLE}"
    )
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {APPEND_ONLY} FROM {ROLE}")
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_schema()} TO {ROLE}")
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_schema()} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_schema()} GRANT USAGE, SELECT ON SEQUENCES TO {ROLE}"
    )


def downgrade() -> None:
    if not _postgres():
        return
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_schema()} REVOKE ALL ON SEQUENCES FROM {ROLE}"
    )
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_schema()} REVOKE ALL ON TABLES FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {_schema()} FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {_schema()} FROM {ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA {_schema()} FROM {ROLE}")
    op.execute(f"REVOKE CONNECT ON DATABASE {_database()} FROM {ROLE}")


def _schema() -> str:
    name = op.get_bind().exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    return str(name)


def _database() -> str:
    name = op.get_bind().exec_driver_sql("SELECT quote_ident(current_database())").scalar()
    return str(name)
