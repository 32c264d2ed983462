"""Initial schema: projects, runs, documents, sentences, links, issues, scores, review events.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "projects",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_projects")),
        sa.UniqueConstraint("id", name=op.f("uq_projects_id")),
    )
    op.create_table(
        "runs",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("signature_fields", sa.JSON(), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("layout", sa.String(length=16), nullable=False),
        sa.Column("n_pairs", sa.Integer(), nullable=False),
        sa.Column("doc_score", sa.Float(), nullable=True),
        sa.Column("doc_score_components", sa.JSON(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("state_seq", sa.Integer(), nullable=False),
        sa.Column("checks_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_runs_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_runs")),
        sa.UniqueConstraint("id", name=op.f("uq_runs_id")),
    )
    op.create_index("ix_runs_project_id", "runs", ["project_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("side", sa.String(length=3), nullable=False),
        sa.Column("doc_id", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_documents_run_id_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_documents")),
        sa.UniqueConstraint("run_id", "side", name="uq_documents_run_side"),
    )
    op.create_table(
        "links",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("pair_id", sa.String(length=128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("src", sa.JSON(), nullable=False),
        sa.Column("tgt", sa.JSON(), nullable=False),
        sa.Column("src_text", sa.Text(), nullable=True),
        sa.Column("tgt_text", sa.Text(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("replaced_by", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("edited_text", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(length=128), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state_seq", sa.Integer(), nullable=False),
        sa.Column("checks_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_links_run_id_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_links")),
        sa.UniqueConstraint("run_id", "pair_id", name="uq_links_run_pair"),
    )
    op.create_index("ix_links_run_active_position", "links", ["run_id", "active", "position"], unique=False)
    op.create_index("ix_links_run_state_seq", "links", ["run_id", "state_seq"], unique=False)

    op.create_table(
        "issues",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("pair_id", sa.String(length=128), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("check_name", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=3), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id", "pair_id"], ["links.run_id", "links.pair_id"], name="fk_issues_pair", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_issues")),
    )
    op.create_index("ix_issues_run_pair", "issues", ["run_id", "pair_id"], unique=False)

    op.create_table(
        "review_events",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("pair_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("edited_text", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id", "pair_id"], ["links.run_id", "links.pair_id"], name="fk_review_events_pair", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_review_events")),
        sa.UniqueConstraint("run_id", "pair_id", "version", name="uq_review_events_version"),
    )
    op.create_table(
        "scores",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("pair_id", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id", "pair_id"], ["links.run_id", "links.pair_id"], name="fk_scores_pair", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "pair_id", name=op.f("pk_scores")),
    )
    op.create_table(
        "sentences",
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("idx", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("doc_id", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_pk"], ["documents.pk"], name=op.f("fk_sentences_document_pk_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_pk", "idx", name=op.f("pk_sentences")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("sentences")
    op.drop_table("scores")
    op.drop_table("review_events")
    op.drop_index("ix_issues_run_pair", table_name="issues")

    op.drop_table("issues")
    op.drop_index("ix_links_run_state_seq", table_name="links")
    op.drop_index("ix_links_run_active_position", table_name="links")

    op.drop_table("links")
    op.drop_table("documents")
    op.drop_index("ix_runs_project_id", table_name="runs")

    op.drop_table("runs")
    op.drop_table("projects")
