"""reader page: a headline per verdict, and the history of rating definitions

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

- verdicts.headline: the finding in one line, written by the editor; the fact-check page's
  title. Required to publish (the ClaimReview linter); a correction carries its own.
- rating_definitions: a rating's earlier definition, kept when an admin changes it (which
  starts a new scale version), so that the definition a verdict was given under stays known.
- The default scale's definitions, reworded, where no newsroom has changed them yet.
"""

import sqlalchemy as sa
from alembic import op


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# slug: (the definition of 0001, the definition from now on)
DEFINITIONS = {
    "true": (
        "The claim is accurate and nothing significant is missing.",
        "The claim is accurate, and nothing significant is left out: the best available "
        "evidence supports it as stated.",
    ),
    "mostly-true": (
        "The claim is accurate but needs clarification or additional information.",
        "The claim is accurate in substance but needs clarification or added context: a "
        "figure is rounded or a detail is missing, without changing the picture.",
    ),
    "misleading": (
        "The claim contains accurate elements but leaves a false impression.",
        "The claim contains accurate elements but leaves a false impression, through "
        "missing context, a selective comparison or a change of meaning.",
    ),
    "unsupported": (
        "The evidence available does not support the claim, nor refute it.",
        "We found no evidence that proves or disproves the claim, and the claimant offered "
        "none. It may be true, but it is not established.",
    ),
    "mostly-false": (
        "The claim contains an element of truth but ignores facts that would change it.",
        "The claim contains an element of truth but ignores or distorts facts that would "
        "change the impression a reader takes from it.",
    ),
    "false": (
        "The claim is inaccurate.",
        "The claim is inaccurate: the best available evidence contradicts it.",
    ),
}


def _reword(before: int, after: int) -> None:
    ratings = sa.table("ratings", sa.column("slug"), sa.column("description"))
    for slug, texts in DEFINITIONS.items():
        op.execute(
            ratings.update()
            .where(ratings.c.slug == slug, ratings.c.description == texts[before])
            .values(description=texts[after])
        )


def upgrade() -> None:
    with op.batch_alter_table("verdicts") as batch:
        batch.add_column(sa.Column("headline", sa.String(length=200), nullable=True))
    op.create_table(
        "rating_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("replaced_in_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rating_id"], ["ratings.id"], name="fk_rating_definitions_rating_id_ratings"
        ),
        sa.ForeignKeyConstraint(
            ["replaced_in_id"],
            ["scale_versions.id"],
            name="fk_rating_definitions_replaced_in_id_scale_versions",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_rating_definitions"),
    )
    op.create_index("ix_rating_definitions_rating_id", "rating_definitions", ["rating_id"])
    _reword(0, 1)


def downgrade() -> None:
    _reword(1, 0)
    op.drop_index("ix_rating_definitions_rating_id", table_name="rating_definitions")
    op.drop_table("rating_definitions")
    with op.batch_alter_table("verdicts") as batch:
        batch.drop_column("headline")
