"""Issue verdicts (reviewers dismiss, confirm, re-grade and add issues; an append-only log) and review time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "issue_verdicts",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("pair_id", sa.String(length=128), nullable=False),
        sa.Column("issue_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reviewer", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("severity", sa.Integer(), nullable=True),
        sa.Column("issue", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id", "pair_id"], ["links.run_id", "links.pair_id"], name="fk_issue_verdicts_pair", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_issue_verdicts")),
    )
    op.create_index("ix_issue_verdicts_run_pair", "issue_verdicts", ["run_id", "pair_id"])
    with op.batch_alter_table("review_events") as batch:
        batch.add_column(sa.Column("seconds", sa.Float(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("review_events") as batch:
        batch.drop_column("seconds")
    op.drop_index("ix_issue_verdicts_run_pair", table_name="issue_verdicts")
    op.drop_table("issue_verdicts")
