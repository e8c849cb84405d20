"""labels: the "rater_assessment" kind

Revision ID: 0005_rater_assessment
Revises: 0004
Create Date: 2026-11-30 05:10:00.000000

A rater's published assessment of an outlet (Wikipedia editors' status of a source in
"Wikipedia:Reliable sources/Perennial sources") is a label of kind ``rater_assessment``,
issued by the rater; the label-kind vocabulary's CHECK constraint gains it. Downgrading
deletes those labels (no older kind says the same thing).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_rater_assessment"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = (
    "'state_affiliated', 'state_funded', 'state_controlled', 'sanctioned', "
    "'foreign_agent_registration', 'platform_label', 'broadcast_ban', 'fact_check_signatory', "
    "'regulatory_finding'"
)
OLD = f"kind IN ({_KINDS})"
NEW = f"kind IN ({_KINDS}, 'rater_assessment')"


def upgrade() -> None:
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_labels_kind_vocab"), type_="check")
        batch_op.create_check_constraint(op.f("ck_labels_kind_vocab"), NEW)


def downgrade() -> None:
    op.execute("DELETE FROM labels WHERE kind = 'rater_assessment'")
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_labels_kind_vocab"), type_="check")
        batch_op.create_check_constraint(op.f("ck_labels_kind_vocab"), OLD)
