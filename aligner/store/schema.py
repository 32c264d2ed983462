"""SQLAlchemy Core tables of the SQL store (the Alembic migrations create exactly these; a test checks they agree)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Normalise to UTC; drop the zone where the backend cannot keep it."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


ID = 64  # project / run ids
PAIR = 128  # pair ids
CASCADE = "CASCADE"

projects = Table(
    "projects",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(ID), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("config", JSON, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(ID), nullable=False, unique=True),
    Column("project_id", String(ID), ForeignKey("projects.id", ondelete=CASCADE), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("signature", Text, nullable=False),  # Signature.format()
    Column("signature_fields", JSON, nullable=False),  # Signature.as_dict()
    Column("config", JSON, nullable=False),
    Column("layout", String(16), nullable=False),
    Column("n_pairs", Integer, nullable=False),
    Column("doc_score", Float, nullable=True),
    Column("doc_score_components", JSON, nullable=True),
    # Change counters, so that each process can cache and refresh incrementally (see SqlStore.load_run):
    Column("revision", Integer, nullable=False),  # bumped by every merge / split (the set of pairs changed)
    Column("state_seq", Integer, nullable=False),  # bumped by every review event
    Column("checks_seq", Integer, nullable=False),  # bumped by every replace_pair_checks
)

documents = Table(
    "documents",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), ForeignKey("runs.id", ondelete=CASCADE), nullable=False),
    Column("side", String(3), nullable=False),  # "src" | "tgt"
    Column("doc_id", Text, nullable=False),
    Column("lang", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("units", JSON, nullable=False),  # [[start, end, role, group, origin_start?, origin_end?], ...]
    UniqueConstraint("run_id", "side", name="uq_documents_run_side"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("document_pk", Integer, ForeignKey("documents.pk", ondelete=CASCADE), primary_key=True),
    Column("idx", Integer, primary_key=True, autoincrement=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("unit", Integer, nullable=False),
    Column("text", Text, nullable=True),  # only when it differs from the document slice
    Column("doc_id", Text, nullable=True),  # only when it differs from the document id
)

links = Table(
    "links",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), ForeignKey("runs.id", ondelete=CASCADE), nullable=False),
    Column("pair_id", String(PAIR), nullable=False),
    Column("position", Integer, nullable=False),
    Column("src", JSON, nullable=False),  # source sentence indices
    Column("tgt", JSON, nullable=False),
    Column("src_text", Text, nullable=True),  # only when it differs from the joined sentences
    Column("tgt_text", Text, nullable=True),
    Column("similarity", Float, nullable=True),
    Column("origin", String(16), nullable=False),
    Column("role", String(64), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("replaced_by", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # The pair's current review state: a copy of its latest review event, written in the same transaction, so
    # pair_states() is one index range scan. The event log stays the source of truth.
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("edited_text", Text, nullable=True),
    Column("edited_src", Text, nullable=True),  # the English as edited (migration 0003)
    Column("comment", Text, nullable=True),
    Column("reviewer", String(128), nullable=True),
    Column("updated_at", UTCDateTime, nullable=True),
    Column("state_seq", Integer, nullable=False),  # runs.state_seq when the state last changed
    Column("checks_seq", Integer, nullable=False),  # runs.checks_seq when the issues / score last changed
    UniqueConstraint("run_id", "pair_id", name="uq_links_run_pair"),
    Index("ix_links_run_active_position", "run_id", "active", "position"),
    Index("ix_links_run_state_seq", "run_id", "state_seq"),
)


def _pair_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["run_id", "pair_id"], ["links.run_id", "links.pair_id"], name=f"fk_{table}_pair", ondelete=CASCADE
    )


issues = Table(
    "issues",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), nullable=False),
    Column("pair_id", String(PAIR), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("check_name", String(128), nullable=False),
    Column("category", String(32), nullable=False),
    Column("severity", Integer, nullable=False),
    Column("side", String(3), nullable=True),
    Column("start", Integer, nullable=True),
    Column("end", Integer, nullable=True),
    Column("message", Text, nullable=False),
    Column("evidence", JSON, nullable=False),
    _pair_fk("issues"),
    Index("ix_issues_run_pair", "run_id", "pair_id"),
)

scores = Table(
    "scores",
    metadata,
    Column("run_id", String(ID), primary_key=True),
    Column("pair_id", String(PAIR), primary_key=True),
    Column("value", Float, nullable=False),
    Column("components", JSON, nullable=False),
    _pair_fk("scores"),
)

review_events = Table(
    "review_events",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), nullable=False),
    Column("pair_id", String(PAIR), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("edited_text", Text, nullable=True),
    Column("comment", Text, nullable=True),
    Column("reviewer", String(128), nullable=False),
    Column("action", String(16), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("seconds", Float, nullable=True),  # time spent on the pair before this decision (migration 0002)
    Column("edited_src", Text, nullable=True),  # the English as edited (migration 0003)
    _pair_fk("review_events"),
    # Optimistic locking lives here: two writers cannot both append the same version of a pair.
    UniqueConstraint("run_id", "pair_id", "version", name="uq_review_events_version"),
)


issue_verdicts = Table(
    "issue_verdicts",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), nullable=False),
    Column("pair_id", String(PAIR), nullable=False),
    Column("issue_key", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("reviewer", String(128), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("reason", Text, nullable=True),
    Column("severity", Integer, nullable=True),
    Column("issue", JSON, nullable=True),  # an added issue: check, category, severity, side, start, end, message
    _pair_fk("issue_verdicts"),
    Index("ix_issue_verdicts_run_pair", "run_id", "pair_id"),
)
