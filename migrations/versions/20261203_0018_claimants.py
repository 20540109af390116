"""claimants as records (with aliases); claims split into parts keep a link to them

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

Every distinct free-text claimant (case-folded, spaces collapsed) becomes one claimant
record, named by its most used spelling, with every other spelling as an alias; claims
point at it through claimant_id and keep the name in claims.claimant. A candidate split
into parts gets the status "split" (it was "rejected") and each part split_from_id.
Downgrading drops the records; claims.claimant still holds every name.
"""

import datetime as dt
import re
from collections import Counter, defaultdict

import sqlalchemy as sa
from alembic import op


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

OLD_STATUSES = (
    "candidate",
    "rejected",
    "queued",
    "in_progress",
    "submitted",
    "returned",
    "approved",
    "published",
)
NEW_STATUSES = (*OLD_STATUSES, "split")
CLAIMANTS = sa.table(
    "claimants",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("role", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("version", sa.Integer()),
)
# Frozen here: a migration must not change when the app's guess does.
ORGANISATION_WORDS = re.compile(
    r"\b(council|office|ministry|department|government|party|agency|bank|committee|"
    r"commission|company|corporation|group|institute|association|union|authority|board|"
    r"police|service|trust|university|foundation|inc|ltd|plc)\b",
    re.IGNORECASE,
)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()[:200]


def _status_check(statuses: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _edit_sqlite_claims_table(old: str, new: str) -> None:
    """Change the text of claims' CREATE TABLE in place, SQLite's documented way to drop or
    widen a constraint without copying the table (sqlite.org/lang_altertable.html, "other
    kinds of table schema changes"). Batch mode would copy claims and drop the original,
    which foreign keys forbid once evidence, verdicts or events' claims exist."""
    connection = op.get_bind()
    found = connection.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'claims'")
    ).scalar_one()
    if old not in found:
        raise RuntimeError(f"claims table has no {old!r}: {found}")
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar_one()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    connection.execute(
        sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'claims'"),
        {"sql": found.replace(old, new)},
    )
    connection.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    connection.exec_driver_sql("PRAGMA writable_schema = OFF")


def _set_statuses(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    """Every stored status is one of `new` already (the caller sees to it)."""
    if _sqlite():
        _edit_sqlite_claims_table(_status_check(old), _status_check(new))
        return
    op.drop_constraint(op.f("ck_claims_claim_status"), "claims", type_="check")
    op.create_check_constraint(op.f("ck_claims_claim_status"), "claims", _status_check(new))


def _create_tables() -> None:
    op.create_table(
        "claimants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "person",
                "organisation",
                name="claimant_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["claimants.id"], name=op.f("fk_claimants_merged_into_id_claimants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claimants")),
    )
    op.create_index(op.f("ix_claimants_merged_into_id"), "claimants", ["merged_into_id"])
    op.create_table(
        "claimant_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claimant_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["claimant_id"], ["claimants.id"], name=op.f("fk_claimant_names_claimant_id_claimants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claimant_names")),
        sa.UniqueConstraint("key", name=op.f("uq_claimant_names_key")),
    )
    op.create_index(op.f("ix_claimant_names_claimant_id"), "claimant_names", ["claimant_id"])


# (column, referred table, foreign key name)
LINKS = (
    ("claimant_id", "claimants", "fk_claims_claimant_id_claimants"),
    ("split_from_id", "claims", "fk_claims_split_from_id_claims"),
)


def _sqlite_reference(table: str, name: str) -> str:
    return f" CONSTRAINT {name} REFERENCES {table} (id)"


def _add_claim_columns() -> None:
    for column, table, name in LINKS:
        if _sqlite():
            # ADD COLUMN with its reference: no copy of the table (see above).
            op.execute(f"ALTER TABLE claims ADD COLUMN {column} INTEGER" + _sqlite_reference(table, name))
        else:
            op.add_column("claims", sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(op.f(name), "claims", table, [column], ["id"])
        op.create_index(op.f(f"ix_claims_{column}"), "claims", [column])


def _drop_claim_columns() -> None:
    for column, table, name in LINKS:
        op.drop_index(op.f(f"ix_claims_{column}"), table_name="claims")
        if _sqlite():
            _edit_sqlite_claims_table(_sqlite_reference(table, name), "")
            op.execute(f"ALTER TABLE claims DROP COLUMN {column}")
        else:
            op.drop_constraint(op.f(name), "claims", type_="foreignkey")
            op.drop_column("claims", column)


def _move_claimants(connection: sa.Connection) -> None:
    """One record per distinct normalised name; its spellings become its names."""
    rows = connection.execute(
        sa.text("SELECT claimant, claimant_role FROM claims WHERE claimant IS NOT NULL")
    ).all()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for name, role in rows:
        if name.strip():
            spellings[_key(name)][name.strip()] += 1
            if role:
                roles[_key(name)][role] += 1
    now = dt.datetime.now(dt.UTC)
    for key, counts in spellings.items():
        name = counts.most_common(1)[0][0]
        role = roles[key].most_common(1)[0][0] if roles[key] else None
        kind = "organisation" if ORGANISATION_WORDS.search(name) else "person"
        claimant_id = connection.execute(
            sa.insert(CLAIMANTS)
            .values(name=name[:200], kind=kind, role=role, created_at=now, updated_at=now, version=1)
            .returning(CLAIMANTS.c.id)
        ).scalar_one()
        connection.execute(
            sa.text("INSERT INTO claimant_names (claimant_id, name, key) VALUES (:id, :name, :key)"),
            {"id": claimant_id, "name": name[:200], "key": key},
        )
        for spelling in counts:
            connection.execute(
                sa.text("UPDATE claims SET claimant_id = :id WHERE claimant = :spelling"),
                {"id": claimant_id, "spelling": spelling},
            )
    connection.execute(
        sa.text(
            "UPDATE claims SET claimant_id = (SELECT claimant_names.claimant_id FROM "
            "claimant_names WHERE claimant_names.key = lower(trim(claims.claimant))) "
            "WHERE claimant_id IS NULL AND claimant IS NOT NULL"
        )
    )


def _link_splits(connection: sa.Connection) -> None:
    """Parts name their parent in their split_from event's note ("from claim #12")."""
    events = connection.execute(
        sa.text("SELECT entity_id, note FROM events WHERE entity_type = 'claim' AND action = 'split_from'")
    ).all()
    for part_id, note in events:
        found = re.fullmatch(r"from claim #(\d+)", note or "")
        if found:
            parent_id = int(found.group(1))
            connection.execute(
                sa.text("UPDATE claims SET split_from_id = :parent WHERE id = :part"),
                {"parent": parent_id, "part": part_id},
            )
            connection.execute(
                sa.text("UPDATE claims SET status = 'split' WHERE id = :parent AND status = 'rejected'"),
                {"parent": parent_id},
            )


def upgrade() -> None:
    _create_tables()
    _add_claim_columns()
    _set_statuses(OLD_STATUSES, NEW_STATUSES)
    connection = op.get_bind()
    _move_claimants(connection)
    _link_splits(connection)


def downgrade() -> None:
    op.execute("UPDATE claims SET status = 'rejected' WHERE status = 'split'")
    _set_statuses(NEW_STATUSES, OLD_STATUSES)
    _drop_claim_columns()
    op.drop_index(op.f("ix_claimant_names_claimant_id"), table_name="claimant_names")
    op.drop_table("claimant_names")
    op.drop_index(op.f("ix_claimants_merged_into_id"), table_name="claimants")
    op.drop_table("claimants")
