"""If-Match on the API's writes (RFC 9110, 13.1.1), and the version a write was based on.

A record's entity tag is its version, quoted: `"7"` (a bare `7` is read the same way).
If-Match compares strongly: a weak tag (`W/"7"`) never matches, and a list matches when
any tag in it does. When it does not, nothing is done and the answer is 412
`precondition_failed`; `*` matches any record that exists. A malformed header is a 422 on
`If-Match`, like any input of the wrong shape.

The `version` field of a body is no HTTP precondition but part of what was sent: a stale
one is the domain's own 409 `stale` (domain.workflow.check_version), as for the desk's
forms. No write requires either (there is no 428 Precondition Required): a write sent
without one is applied to the record as it is.
"""

from __future__ import annotations

import re
from typing import cast

from flask import request
from pydantic import BaseModel

from factcheck.api.errors import InvalidShape
from factcheck.domain.errors import DomainError
from factcheck.models import Article, Claim, Evidence

# opaque-tag = DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E (obs-text left out: no
# version holds it); or a bare version, as this API has always taken.
_TAG = r'(?:W/)?"[\x21\x23-\x7e]*"|[0-9]{1,9}'
# "*", or a list of tags; an empty header counts as none.
IF_MATCH = rf"^\s*(?:\*|(?:{_TAG})(?:\s*,\s*(?:{_TAG}))*)?\s*$"
_IF_MATCH = re.compile(IF_MATCH)


class PreconditionFailed(DomainError):
    """If-Match named no current version of the record: it changed since it was read."""

    code = "precondition_failed"
    status = 412


def _changed(record: Article | Claim | Evidence) -> PreconditionFailed:
    if isinstance(record, Article):
        name, article_id = f"Article #{record.id}", record.id
    elif isinstance(record, Evidence):
        name, article_id = f"Evidence #{record.id}", record.claim.article_id
    else:
        name, article_id = f"Claim #{record.id}", record.article_id
    return PreconditionFailed(
        f"{name} changed since you read it, so nothing was done: fetch it again"
        f" (GET /api/v1/articles/{article_id} shows its current version), check"
        " that your change still makes sense, and send If-Match with that version.",
        field="If-Match",
    )


def expected_version(body: BaseModel | None, record: Article | Claim | Evidence) -> int | None:
    """The version a write to `record` was based on, for the domain's stale check: the
    body's `version` when it sent one, else the version If-Match matched. Raise
    PreconditionFailed when If-Match matches no current version of `record` (checked even
    when the body sends a version: preconditions come first)."""
    header = request.headers.get("If-Match", "")
    if _IF_MATCH.fullmatch(header) is None:
        raise InvalidShape(
            'If-Match must be the record\'s version as an entity tag ("7"), a list of them, or *.',
            field="If-Match",
        )
    matched: int | None = None
    if header.strip() and header.strip() != "*":
        # Werkzeug's parse of the list; `contains` compares strongly (a weak tag never
        # matches), and a bare version counts as a strong tag.
        if not request.if_match.contains(str(record.version)):
            raise _changed(record)
        matched = record.version
    if body is not None and "version" in body.model_fields_set:
        return cast(int | None, getattr(body, "version", None))
    return matched
