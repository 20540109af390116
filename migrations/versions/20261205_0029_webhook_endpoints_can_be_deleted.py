"""webhook endpoints can be deleted

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05

- webhook_endpoints.deleted_at: when an admin deleted the endpoint. Deleting keeps the row:
  its deliveries, their tries and the audit events that name it stay readable. A deleted
  endpoint gets no delivery, and the deliveries it was still owed are marked "cancelled"
  (webhook_deliveries.status is a plain string: the new value needs no change of the column).

Downgrading drops the column; cancelled deliveries become "failed" (the older code knows no
"cancelled"), and a deleted endpoint stays paused (deleting paused it).
"""

import sqlalchemy as sa
from alembic import op


revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE webhook_deliveries SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
