from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base, enum_values

if TYPE_CHECKING:
    from factcheck.models.archive import ArchiveEntry
    from factcheck.models.article import Article
    from factcheck.models.claimant import Claimant
    from factcheck.models.correction import Correction
    from factcheck.models.evidence import Evidence
    from factcheck.models.reply import ReplyRequest
    from factcheck.models.topic import Topic
    from factcheck.models.user import User
    from factcheck.models.verdict import Verdict


class ClaimStatus(enum.StrEnum):
    CANDIDATE = "candidate"
    REJECTED = "rejected"
    # Replaced by the parts an editor split it into (claims with split_from_id = its id).
    SPLIT = "split"
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint("span_start >= 0 AND span_end >= span_start", name="span_order"),
        # The order in which take-next hands out work.
        # It also serves the queue page's "priority" sort.
        Index("ix_claims_queue", "status", text("priority DESC"), text("score DESC"), "id"),
        # Keyset pagination of the queue page, one index per sort order.
        Index("ix_claims_status_score", "status", text("score DESC"), "id"),
        Index("ix_claims_status_due", "status", "due_at", "id"),
        Index("ix_claims_status_id", "status", "id"),
        # Lease expiry looks for held claims whose lease has run out, on every take.
        Index("ix_claims_status_lease", "status", "lease_expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    source_sentence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int]
    span_end: Mapped[int]
    position: Mapped[int]
    score: Mapped[float]
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    # Who made the claim: the record, and its name when last set, kept on the claim so
    # that search, filters and conflicts of interest read the claim alone.
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("claimants.id"), index=True)
    claimant: Mapped[str | None] = mapped_column(String(200))
    # The claimant's role as the article gives it ("finance minister"); cleared when an
    # editor names another claimant.
    claimant_role: Mapped[str | None] = mapped_column(String(200))
    # The extractor's kind of the source sentence (factcheck.extraction.kinds.KINDS); None
    # for claims extracted before kinds existed.
    kind: Mapped[str | None] = mapped_column(String(20))
    # When the claimant made the claim (ClaimReview itemReviewed.datePublished).
    claim_date: Mapped[dt.date | None]
    status: Mapped[ClaimStatus] = mapped_column(
        Enum(
            ClaimStatus,
            values_callable=enum_values,
            native_enum=False,
            length=16,
            create_constraint=True,
            name="claim_status",
        ),
        default=ClaimStatus.CANDIDATE,
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    lease_expires_at: Mapped[dt.datetime | None]
    # When the current holder got the claim (taken or assigned), for the workload view.
    assigned_at: Mapped[dt.datetime | None]
    priority: Mapped[int] = mapped_column(default=0)
    due_at: Mapped[dt.datetime | None]
    # What readers see: set when published, replaced by a correction.
    published_verdict_id: Mapped[int | None] = mapped_column(
        ForeignKey("verdicts.id", use_alter=True), index=True
    )
    published_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    # An earlier fact-check (another outlet's) that an editor linked to this claim.
    linked_entry_id: Mapped[int | None] = mapped_column(ForeignKey("archive_entries.id"))
    # The candidate this one was split from.
    split_from_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    __mapper_args__ = {"version_id_col": version}

    article: Mapped[Article] = relationship(back_populates="claims")
    claimant_record: Mapped[Claimant | None] = relationship()
    split_from: Mapped[Claim | None] = relationship(
        remote_side="Claim.id", back_populates="split_parts"
    )
    split_parts: Mapped[list[Claim]] = relationship(
        back_populates="split_from", order_by="Claim.id"
    )
    linked_entry: Mapped[ArchiveEntry | None] = relationship()
    assignee: Mapped[User | None] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(
        order_by="(Evidence.position, Evidence.id)",
        primaryjoin="and_(Claim.id == Evidence.claim_id, Evidence.removed_at.is_(None))",
        viewonly=True,
    )
    all_evidence: Mapped[list[Evidence]] = relationship(order_by="Evidence.id", viewonly=True)
    verdicts: Mapped[list[Verdict]] = relationship(
        back_populates="claim", order_by="Verdict.id", foreign_keys="Verdict.claim_id"
    )
    replies: Mapped[list[ReplyRequest]] = relationship(
        order_by="(ReplyRequest.contacted_at, ReplyRequest.id)", viewonly=True
    )
    corrections: Mapped[list[Correction]] = relationship(order_by="Correction.id", viewonly=True)
    topics: Mapped[list[Topic]] = relationship(secondary="claim_topics", order_by="Topic.name")
    # post_update: claims and verdicts point at each other; write this link after both rows.
    published_verdict: Mapped[Verdict | None] = relationship(
        foreign_keys=[published_verdict_id], post_update=True
    )

    @property
    def current_verdict(self) -> Verdict | None:
        """The most recent verdict: the one under work or review now."""
        return self.verdicts[-1] if self.verdicts else None

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.status}>"
