"""review: votes, comments, right of reply, drafts, scale versions, versions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

A migration must work with the previous release of the code still running,
and must not hold long locks on big tables.
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# The audit trail is append-only: on PostgreSQL the database itself refuses changes.
EVENTS_APPEND_ONLY = """
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on events is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
"""


def upgrade() -> None:

    op.create_table(
        "scale_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_scale_versions_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scale_versions")),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_comments_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_comments_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["comments.id"], name=op.f("fk_comments_parent_id_comments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comments_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "reply_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "email",
                "phone",
                "social media",
                "in person",
                "other",
                name="reply_channel",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_reply_requests_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_reply_requests_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_requests")),
    )
    with op.batch_alter_table("reply_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reply_requests_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "verdict_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("rating_slug", sa.Text(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_verdict_drafts_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_verdict_drafts_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdict_drafts")),
        sa.UniqueConstraint("claim_id", "author_id", name="one_draft_each"),
    )
    with op.batch_alter_table("verdict_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verdict_drafts_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "review_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=False),
        sa.Column(
            "choice",
            sa.Enum(
                "approve",
                "return",
                name="vote_choice",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["editor_id"], ["users.id"], name=op.f("fk_review_votes_editor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["verdict_id"], ["verdicts.id"], name=op.f("fk_review_votes_verdict_id_verdicts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_votes")),
        sa.UniqueConstraint("verdict_id", "editor_id", name="one_vote_each"),
    )
    with op.batch_alter_table("review_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_votes_verdict_id"), ["verdict_id"], unique=False
        )

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archive_url", sa.String(length=2048), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("is_primary", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("position", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )

    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("replaced_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_ratings_replaced_by_id_ratings"), "ratings", ["replaced_by_id"], ["id"]
        )

    with op.batch_alter_table("site_pages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )

    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scale_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_verdicts_scale_version_id_scale_versions"),
            "scale_versions",
            ["scale_version_id"],
            ["id"],
        )

    # Scale version 1 is the scale as it stood before versions existed.
    op.execute(
        "INSERT INTO scale_versions (id, note, created_at) "
        "VALUES (1, 'The scale before versions were kept', CURRENT_TIMESTAMP)"
    )
    op.execute("UPDATE verdicts SET scale_version_id = 1")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(EVENTS_APPEND_ONLY)
        # The explicit id above did not advance the sequence.
        op.execute("SELECT setval('scale_versions_id_seq', 1)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER events_append_only ON events")
        op.execute("DROP FUNCTION events_append_only()")

    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_verdicts_scale_version_id_scale_versions"), type_="foreignkey"
        )
        batch_op.drop_column("scale_version_id")

    with op.batch_alter_table("site_pages", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_ratings_replaced_by_id_ratings"), type_="foreignkey"
        )
        batch_op.drop_column("version")
        batch_op.drop_column("replaced_by_id")
        batch_op.drop_column("retired_at")

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("removed_at")
        batch_op.drop_column("position")
        batch_op.drop_column("is_primary")
        batch_op.drop_column("note")
        batch_op.drop_column("archive_url")

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("review_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_votes_verdict_id"))

    op.drop_table("review_votes")
    with op.batch_alter_table("verdict_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verdict_drafts_claim_id"))

    op.drop_table("verdict_drafts")
    with op.batch_alter_table("reply_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reply_requests_claim_id"))

    op.drop_table("reply_requests")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_claim_id"))

    op.drop_table("comments")
    op.drop_table("scale_versions")
