"""the audit trail is append-only on SQLite too

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-05

Since 0005 a trigger on PostgreSQL refuses every UPDATE and DELETE of `events`; SQLite (the
default of `make run`) had no such guard, so anything with a connection could rewrite or
erase the audit trail. Two triggers now refuse both on SQLite, raising ABORT: the statement
fails and what it changed is undone, as PostgreSQL's exception does. Inserting is unchanged.

Nothing in factcheck updates or deletes events (no retention job, no account deletion:
accounts are switched off, never removed), so nothing legitimate is refused. Removing the
whole trail (a test wipe) drops the triggers first, as PostgreSQL's TRUNCATE skips its own.

SQLite drops a table's triggers with the table: a later revision that alters `events` in
batch mode (copy and drop) must create them again (`EVENTS_APPEND_ONLY` below).
tests/test_audit_append_only.py checks that they hold at the head revision.

Downgrading drops the two triggers.
"""

from alembic import op


revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


# The same words as PostgreSQL's trigger (0005), so that a refusal reads alike on both.
EVENTS_APPEND_ONLY = [
    """
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE on events is not allowed');
    END
    """,
    """
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE on events is not allowed');
    END
    """,
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in EVENTS_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS events_append_only_delete")
        op.execute("DROP TRIGGER IF EXISTS events_append_only_update")
