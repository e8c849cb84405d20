"""domain rules: the "account" role

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-30 03:00:00.000000

An outlet's account on a platform (X, YouTube, Telegram, ...) is a domain rule with a path
prefix on the platform's host and the role ``account``; the role vocabulary's CHECK
constraint gains it. Downgrading turns existing account rules into ``channel`` rules.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "role IN ('primary', 'language_edition', 'mirror', 'former', 'channel')"
NEW = "role IN ('primary', 'language_edition', 'mirror', 'former', 'channel', 'account')"


def upgrade() -> None:
    with op.batch_alter_table("domain_rules", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_domain_rules_role_vocab"), type_="check")
        batch_op.create_check_constraint(op.f("ck_domain_rules_role_vocab"), NEW)


def downgrade() -> None:
    op.execute("UPDATE domain_rules SET role = 'channel' WHERE role = 'account'")
    with op.batch_alter_table("domain_rules", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_domain_rules_role_vocab"), type_="check")
        batch_op.create_check_constraint(op.f("ck_domain_rules_role_vocab"), OLD)
