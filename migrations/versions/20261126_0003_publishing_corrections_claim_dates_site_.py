"""publishing: corrections, claim dates, site pages, archive, search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

A migration must work with the previous release of the code still running,
and must not hold long locks on big tables.
"""

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


ARTICLE_STATUSES_BEFORE = ("triage", "published")
ARTICLE_STATUSES_AFTER = ("triage", "published", "withdrawn")


def _article_status_check(statuses: tuple[str, ...]) -> None:
    values = ", ".join(f"'{status}'" for status in statuses)
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_articles_article_status"), type_="check")
        batch_op.create_check_constraint("article_status", f"status IN ({values})")


def _create_search_index() -> None:
    """Full-text search over published claims: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "title, claim, explanation, tokenize = 'porter unicode61')"
        )
        return
    op.execute(
        """
        CREATE TABLE search_index (
            claim_id INTEGER PRIMARY KEY REFERENCES claims (id),
            title TEXT NOT NULL DEFAULT '',
            claim TEXT NOT NULL DEFAULT '',
            explanation TEXT NOT NULL DEFAULT '',
            document tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', title), 'A')
                || setweight(to_tsvector('english', claim), 'A')
                || setweight(to_tsvector('english', explanation), 'B')
            ) STORED
        )
        """
    )
    op.execute("CREATE INDEX ix_search_index_document ON search_index USING GIN (document)")


def upgrade() -> None:

    op.create_table(
        "archive_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("rating", sa.String(length=120), nullable=True),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("claimant", sa.String(length=200), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_entries")),
        sa.UniqueConstraint(
            "outlet", "external_id", name="uq_archive_entries_outlet_external_id"
        ),
    )
    op.create_table(
        "site_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_site_pages_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_pages")),
        sa.UniqueConstraint("slug", name=op.f("uq_site_pages_slug")),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("previous_verdict_id", sa.Integer(), nullable=False),
        sa.Column("new_verdict_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_corrections_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["editor_id"], ["users.id"], name=op.f("fk_corrections_editor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["new_verdict_id"], ["verdicts.id"], name=op.f("fk_corrections_new_verdict_id_verdicts")
        ),
        sa.ForeignKeyConstraint(
            ["previous_verdict_id"],
            ["verdicts.id"],
            name=op.f("fk_corrections_previous_verdict_id_verdicts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
    )
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corrections_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_corrections_created_at"), ["created_at"], unique=False)

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))
    _article_status_check(ARTICLE_STATUSES_AFTER)

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("published_verdict_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_claims_published_at"), ["published_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claims_published_verdict_id"), ["published_verdict_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_claims_published_verdict_id_verdicts"),
            "verdicts",
            ["published_verdict_id"],
            ["id"],
            use_alter=True,
        )
    _create_search_index()


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.execute("UPDATE articles SET status = 'triage' WHERE status = 'withdrawn'")
    _article_status_check(ARTICLE_STATUSES_BEFORE)

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_claims_published_verdict_id_verdicts"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_claims_published_verdict_id"))
        batch_op.drop_index(batch_op.f("ix_claims_published_at"))
        batch_op.drop_column("published_at")
        batch_op.drop_column("published_verdict_id")
        batch_op.drop_column("claim_date")

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_reason")

    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_created_at"))
        batch_op.drop_index(batch_op.f("ix_corrections_claim_id"))

    op.drop_table("corrections")
    op.drop_table("site_pages")
    op.drop_table("archive_entries")
