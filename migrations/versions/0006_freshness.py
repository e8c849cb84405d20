"""freshness: archived copies of sources, review-due dates of facts

Revision ID: 0006_freshness
Revises: 0005_rater_assessment
Create Date: 2026-11-30 05:10:00.000000

A citation may name an archived copy of its source (``archived_url``, e.g. a Wayback Machine
address). A relation or a label may carry a review-due date a maintainer set explicitly
(``review_due``); without one it is due 90 days after its citation was accessed (derived, not
stored: see server/curation/review.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_freshness"
down_revision: str | None = "0005_rater_assessment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_url", sa.String(length=2048), nullable=True))
    for table in ("relations", "labels"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("review_due", sa.Date(), nullable=True))


def _drop(table: str, column: str) -> None:
    # SQLite (3.35+) drops a plain column in place. Batch mode would copy the table and drop
    # the old one, which SQLite refuses for `citations` while facts still reference it.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    for table in ("labels", "relations"):
        _drop(table, "review_due")
    _drop("citations", "archived_url")
