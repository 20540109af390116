"""webhook deliveries say when they retry

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05

- webhook_deliveries.next_attempt_at: when the queue tries a delivery again after a failed
  try. Such a delivery's status is now "retrying" (webhook_deliveries.status is a plain
  string: the new value needs no change of the column), not "failed": deleting its endpoint
  cancels it, and an admin cannot redeliver it on top of the scheduled retry.

Deliveries marked "failed" before the upgrade stay so (whether a retry was still scheduled
is not recorded). Downgrading drops the column; retrying deliveries become "failed", as the
older code marked them.
"""

import sqlalchemy as sa
from alembic import op


revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    op.execute("UPDATE webhook_deliveries SET status = 'failed' WHERE status = 'retrying'")
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_column("next_attempt_at")
