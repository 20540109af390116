"""When readers last saw a published claim change: its latest correction, whether the rating
changed or stood (a right of reply, the article's details, the claimant's name, a
republication), or else its publication.

One rule for the page's "Updated", ClaimReview's dateModified, the feeds' <updated>, the
sitemap's <lastmod> and the API's date_modified: `last_modified` for a claim loaded with its
corrections (pages, feeds and the API load them with the claims, in one query per list),
`modified_at` for SQL over many claims (the sitemap). Every correction is made after the
claim's first publication, and `published_at` keeps that first one across a withdrawal, so
"the newest correction, else the publication" is the newest of the two.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Subquery, func, select
from sqlalchemy.sql.elements import ColumnElement

from factcheck.models import Claim, Correction


def last_modified(claim: Claim) -> dt.datetime | None:
    """When readers last saw this published claim change; None before publication."""
    verdict = claim.published_verdict
    if verdict is None:
        return None
    newest = max((c.created_at for c in claim.corrections), default=None)
    return newest or claim.published_at or verdict.reviewed_at


def newest_corrections() -> Subquery:
    """Each corrected claim's newest correction (`claim_id`, `at`), to outer-join."""
    return (
        select(Correction.claim_id, func.max(Correction.created_at).label("at"))
        .group_by(Correction.claim_id)
        .subquery("newest_correction")
    )


def modified_at(newest: Subquery) -> ColumnElement[Any]:
    """`last_modified` in SQL, over claims outer-joined to `newest` (newest_corrections)."""
    return func.coalesce(newest.c.at, Claim.published_at)
