"""Schema migrations: run the packaged Alembic scripts programmatically (no alembic.ini needed)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from aligner.store.base import StoreError
from aligner.store.engine import make_engine, transaction

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str = "") -> Config:
    """An Alembic Config pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest schema revision shipped with this package."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision shipped with this package."""
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_engine(engine: Engine) -> None:
    """Bring the database to the newest revision in one transaction (a no-op when it is current)."""
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return
    if current is not None and current not in known_revisions():
        raise StoreError(f"database schema is at revision {current}, newer than this aligner knows (head {head})")
    cfg = alembic_config()
    with transaction(engine, write=True) as conn:  # SQLite: BEGIN IMMEDIATE serialises concurrent openers
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("store schema upgraded to %s", head)


def upgrade(url: str) -> None:
    """Create or upgrade the database at ``url`` to the newest schema revision."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()
