"""search: GIN index without a pending list

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26

With fastupdate (PostgreSQL's default), new entries wait in an unsorted pending list until
a vacuum; every search scans that list, so search slowed down as fact-checks were
published between vacuums (a bulk import made it several times slower). Readers search far
more often than editors publish, so entries go straight into the index instead.
SQLite's FTS5 table has no such list: nothing to do there.
"""

from alembic import op


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_search_index_document SET (fastupdate = off)")
    # Merge what already waits in the pending list into the index proper.
    op.execute("SELECT gin_clean_pending_list('ix_search_index_document')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_search_index_document RESET (fastupdate)")
