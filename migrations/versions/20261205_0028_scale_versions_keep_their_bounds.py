"""scale versions keep their lowest and highest ordinal

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05

- scale_versions.worst_ordinal, best_ordinal: the lowest and highest ordinal of the ratings
  in use in that version. A verdict's ClaimReview gives them as worstRating and bestRating,
  so a rating added later no longer changes fact-checks already published.

Existing versions are filled from what the database still tells: a rating counts in a
version unless it was retired by then (retired_at before the version's created_at) or added
after it (a later version's note "added “label”…", as factcheck.domain.scale writes it).
"""

from typing import Any

import sqlalchemy as sa
from alembic import op


revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scale_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("worst_ordinal", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("best_ordinal", sa.Integer(), nullable=True))
    bind = op.get_bind()
    versions = bind.execute(sa.text("SELECT id, note, created_at FROM scale_versions")).all()
    ratings = bind.execute(sa.text("SELECT label, ordinal, retired_at FROM ratings")).all()
    for version in versions:
        ordinals = [r.ordinal for r in ratings if _in_use(r, version, versions)]
        if ordinals:
            bind.execute(
                sa.text(
                    "UPDATE scale_versions SET worst_ordinal = :worst, best_ordinal = :best"
                    " WHERE id = :id"
                ),
                {"worst": min(ordinals), "best": max(ordinals), "id": version.id},
            )


def _in_use(rating: Any, version: Any, versions: list[Any]) -> bool:
    if rating.retired_at is not None and rating.retired_at <= version.created_at:
        return False
    added = f"added “{rating.label}”"
    return not any(v.id > version.id and v.note.startswith(added) for v in versions)


def downgrade() -> None:
    with op.batch_alter_table("scale_versions", schema=None) as batch_op:
        batch_op.drop_column("best_ordinal")
        batch_op.drop_column("worst_ordinal")
