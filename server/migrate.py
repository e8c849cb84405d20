"""Schema management through Alembic only: upgrade, downgrade, and the models/migrations check."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from .db import make_engine
from .models import Base


def alembic_config(database_url: str, migrations_dir: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", migrations_dir)
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, migrations_dir: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url, migrations_dir), revision)


def downgrade(database_url: str, migrations_dir: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url, migrations_dir), revision)


def schema_differences(database_url: str) -> list[object]:
    """What autogenerate would change: empty when the models and the migrations agree."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(ctx, Base.metadata))
    finally:
        engine.dispose()
