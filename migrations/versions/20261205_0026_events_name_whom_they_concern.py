"""events name whom a change of holder concerns

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05

- events.assignee_id: whom an assign gave the claim to.
- events.previous_assignee_id: who held the claim until an assign, unassign, release or
  lease expiry took it from them.
  The notification job reads an event after its commit, when the claim may have changed
  hands again: it tells these people, not whoever holds the claim by then. Both are set when
  the event is inserted (events are append-only); older events keep NULL, and their
  notifications fall back to the claim's holder as before.
- No change for the new notification kind "unassigned": notifications.kind and
  notification_preferences.kind are plain VARCHAR(32) columns (a non-native enum without a
  CHECK constraint) on SQLite and PostgreSQL alike.

On PostgreSQL, adding a nullable column rewrites no rows and fires no UPDATE trigger (the
audit trail's append-only trigger is untouched); checking the new foreign keys reads the
table once (every value is NULL). SQLite's batch mode copies the table.
"""

import sqlalchemy as sa
from alembic import op


revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

_COLUMNS = ("assignee_id", "previous_assignee_id")


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        for column in _COLUMNS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_events_{column}_users"), "users", [column], ["id"]
            )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        for column in reversed(_COLUMNS):
            batch_op.drop_constraint(batch_op.f(f"fk_events_{column}_users"), type_="foreignkey")
            batch_op.drop_column(column)
