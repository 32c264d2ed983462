"""Alembic migrations of the SQL store (loaded by path by aligner.store.migrate, not imported)."""
