"""an article's hash is the hash of its text in normal form

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05

- articles.body_sha256: the SHA-256 of the article's text in normal form (line ends as
  "\\n", no byte-order mark, NFC), blank space at either end aside (see
  factcheck.ingest.text.article_sha256). Articles are stored in that form from now on. An
  article stored before (a pasted one kept the browser's "\\r\\n") keeps its body, which
  its claims' spans index, and gets the hash of its normal form: the same article pasted
  or uploaded again is found as a duplicate. Data only; the schema does not change.
"""

import hashlib
import unicodedata
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op


revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

_BATCH = 200


def _normal_form(text: str) -> str:
    # A copy of what article_sha256 hashes, as this revision defines it: a later change
    # to that function must not change what this migration did.
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    return unicodedata.normalize("NFC", text).strip()


def _rehash(text_of: Callable[[str], str]) -> None:
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.text(
                "SELECT id, body, body_sha256 FROM articles WHERE id > :last ORDER BY id "
                "LIMIT :batch"
            ),
            {"last": last_id, "batch": _BATCH},
        ).all()
        if not rows:
            return
        for article_id, body, old_hash in rows:
            new_hash = hashlib.sha256(text_of(body).encode()).hexdigest()
            if new_hash != old_hash:
                connection.execute(
                    sa.text("UPDATE articles SET body_sha256 = :hash WHERE id = :id"),
                    {"hash": new_hash, "id": article_id},
                )
        last_id = rows[-1][0]


def upgrade() -> None:
    _rehash(_normal_form)


def downgrade() -> None:
    _rehash(lambda body: body)
