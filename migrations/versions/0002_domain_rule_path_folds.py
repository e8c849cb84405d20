"""domain rules: path folds

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 09:00:00.000000

A domain rule's path folds rewrite a leading path prefix before an article is matched
(``amp.cnn.com`` drops a leading ``/cnn``). Existing rules get none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("domain_rules", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("path_folds", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("domain_rules", schema=None) as batch_op:
        batch_op.drop_column("path_folds")
