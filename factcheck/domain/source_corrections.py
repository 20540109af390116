"""Correct this source: an editor fixes a published fact-check's source (a wrong quote,
address, title, publisher or date accessed), with a reason. Readers see the source as
corrected and a dated entry in the claim's corrections log saying from what to what; the
rating stands.

What is decided here, and why:

- Editors only (`Action.CORRECT_SOURCE`), as for every other change readers see after
  publication. A checker asks for one in the claim's conversation (comments are open at
  every stage); the editor who makes it answers for it.
- The stance is not corrected here. It is part of what the rating rests on: a source that
  turns out to support what the fact-check says it refutes is a correction of the rating,
  which the review panel decides ("Correct the published verdict"). A stance sent with a
  change is refused with that advice, and nothing is saved.
- A withdrawn fact-check's sources can be corrected too: the fact-check was often withdrawn
  because of one, and this puts it right before it is published again. The entry is on the
  record, like the withdrawal (/corrections lists it as "since withdrawn").
- A new address is archived again: the snapshot and the archived copy kept for the source
  were of the old page, so they are let go (the history keeps their record) and the worker
  fetches the new one, as "Archive now" does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import after_publication, research, workflow
from factcheck.domain.errors import Conflict, InvalidInput
from factcheck.domain.validation import (
    not_in_the_future,
    optional_text,
    required_text,
    web_url,
)
from factcheck.domain.workflow import Action
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import ArchiveStatus, Claim, Evidence, User

MAX_REASON = 5000
# What a correction may change: what readers see of a source, except its stance.
CORRECTABLE = ("excerpt", "url", "title", "publisher", "accessed_on")


def correct_source(
    session: Session,
    evidence: Evidence,
    actor: User,
    *,
    reason: str | None,
    expected_version: int | None,
    url: str | None,
    excerpt: str | None,
    title: str | None,
    publisher: str | None,
    accessed_on: dt.date | None,
    stance: str | None = None,
) -> list[str]:
    """Correct a published source; return what changed, in the words of the log. Raise
    PermissionDenied (not an editor), InvalidTransition (not published), Gone (removed),
    StaleVersion, Conflict (a stance changed) or InvalidInput (nothing changed, no
    reason, a bad value), writing nothing."""
    research.still_on_the_claim(evidence)
    claim = evidence.claim
    workflow.check_move(session, claim, Action.CORRECT_SOURCE, actor)
    research.check_evidence_version(session, evidence, expected_version)
    number = source_number(claim, evidence)
    if stance is not None and research.parse_stance(stance) != evidence.stance:
        raise Conflict(_STANCE_REFUSED.format(number=number, claim=claim.id), field="stance")
    after: after_publication.SourceDetails = {
        "excerpt": optional_text(excerpt, "excerpt", max_length=research.MAX_EXCERPT),
        "url": web_url(url, "url", required=True, label="URL"),
        "title": optional_text(title, "title", max_length=300),
        "publisher": optional_text(publisher, "publisher", max_length=200),
        # A source was always read on some day: left empty, the date stays.
        "accessed_on": not_in_the_future(accessed_on, "accessed_on", "The date accessed")
        or evidence.accessed_on,
    }
    why = required_text(reason, "reason", max_length=MAX_REASON, label="The reason")
    before = {name: getattr(evidence, name) for name in CORRECTABLE}
    changes = after_publication.source_changes(before, after)
    if not changes:
        raise InvalidInput(
            f"Source {number} reads as published: change its quote, address, title, "
            "publisher or date accessed, or leave it as it is."
        )
    for name, value in after.items():
        setattr(evidence, name, value)
    if after["url"] != before["url"]:
        _archive_the_new_address(session, evidence, actor)
    workflow.move(
        session,
        claim,
        Action.CORRECT_SOURCE,
        actor,
        note=f"evidence #{evidence.id} (source {number}): {'; '.join(changes)}. Reason: {why}",
    )
    after_publication.note_source_correction(session, claim, actor, number, changes, why)
    research.flush_evidence(session, evidence)
    return changes


_STANCE_REFUSED = (
    "The stance of source {number} cannot be corrected here: it is part of what the rating "
    "rests on. If the source does not say what the fact-check took it to say, propose a "
    "correction of the rating under “Correct the published verdict” on claim #{claim}, "
    "which the review panel decides, and explain it there. Keep the stance as published to "
    "correct the quote, address, title, publisher or date accessed."
)


def source_number(claim: Claim, evidence: Evidence) -> int:
    """The source's number in the list readers see (1 for the first)."""
    return next(n for n, item in enumerate(claim.evidence, 1) if item.id == evidence.id)


def _archive_the_new_address(session: Session, evidence: Evidence, actor: User) -> None:
    """Let go of the copies of the old page and queue the new one's, as "Archive now" does;
    a job already on its way reads the new address when it runs."""
    evidence.snapshot = None
    evidence.archive_url = None
    evidence.archive_error, evidence.archive_failed_at = None, None
    evidence.archive_status = ArchiveStatus.PENDING
    evidence.archive_requested_at, evidence.archive_requested_by_id = clock.now(), actor.id
    enqueue_after_commit(session, "archive_source", evidence.id, actor.id)
