"""Earlier fact-checks found for an article's claims by a job, stored for the desk's pages.

The article page reads these rows instead of searching the archive for every claim on every
render (factcheck.domain.stored_suggestions). ArticleMatchState says whether the rows are
current: each change to the article's claims asks for a new search (``requested`` goes up),
and the job that finishes it records the request it answered (``answered``). A job that
failed on every try records the request it gave up on (``given_up``): the page then says
so and offers to search again, instead of "Looking for earlier fact-checks…" for ever.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base


class ArticleMatchState(Base):
    """Where the search for an article's earlier fact-checks stands."""

    __tablename__ = "article_match_states"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    # How many searches were asked for, and which of them the stored rows answer.
    requested: Mapped[int] = mapped_column(default=1)
    answered: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    answered_at: Mapped[dt.datetime | None]
    # The latest request whose job failed on every try, by an error of ours (0: none).
    given_up: Mapped[int] = mapped_column(default=0)

    @property
    def unanswered(self) -> bool:
        """A search was asked for that no stored rows answer (its job may run, or have failed)."""
        return self.answered < self.requested

    @property
    def failed(self) -> bool:
        """The latest search's job gave up: nothing runs until someone asks again."""
        return self.unanswered and self.given_up >= self.requested

    @property
    def pending(self) -> bool:
        """A search is asked for and its job has not ended: the page waits for it."""
        return self.unanswered and not self.failed


class ClaimSuggestion(Base):
    """One earlier fact-check found for a claim, best first (``rank`` 0)."""

    __tablename__ = "claim_suggestions"
    __table_args__ = (UniqueConstraint("claim_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    rank: Mapped[int]
    # "archive:<id>" or "claim:<id>" (factcheck.domain.match_index)
    entry_key: Mapped[str] = mapped_column(String(40))
    score: Mapped[float]
    confidence: Mapped[float]
    # The normalized terms the claim shares with the entry, most informative first.
    shared_terms: Mapped[str] = mapped_column(Text, default="")
