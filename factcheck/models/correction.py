from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base

if TYPE_CHECKING:
    from factcheck.models.claim import Claim
    from factcheck.models.user import User
    from factcheck.models.verdict import Verdict


class Correction(Base):
    """A published verdict replaced by a new one, with the reason readers are shown.

    A change that keeps the verdict (a right of reply added after publication) names the
    same verdict on both sides.
    """

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    previous_verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"))
    new_verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"))
    reason: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)

    previous_verdict: Mapped[Verdict] = relationship(foreign_keys=[previous_verdict_id])
    new_verdict: Mapped[Verdict] = relationship(foreign_keys=[new_verdict_id])
    editor: Mapped[User] = relationship()
    # Read-only: the claim's own `corrections` list is what is written through.
    claim: Mapped[Claim] = relationship(viewonly=True)

    @property
    def rating_changed(self) -> bool:
        return self.previous_verdict.rating_id != self.new_verdict.rating_id

    @property
    def previous_headline(self) -> str | None:
        """What readers saw as the headline before this correction, when it rewrote it (a
        verdict without a headline shows the claim's text); None when it kept it."""
        before = self.previous_verdict.headline or self.claim.text
        after = self.new_verdict.headline or self.claim.text
        return before if before != after else None
