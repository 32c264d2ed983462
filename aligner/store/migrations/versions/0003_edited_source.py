"""Source edits: a reviewer may correct the English of a pair (the event log and the pair's current state).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    for table in ("links", "review_events"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("edited_src", sa.Text(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    for table in ("review_events", "links"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("edited_src")
