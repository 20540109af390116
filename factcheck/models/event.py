from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base

if TYPE_CHECKING:
    from factcheck.models.user import User


class Event(Base):
    """One line of the append-only audit trail. Rows are inserted, never updated."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_entity", "entity_type", "entity_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    # Whom a change of holder concerns, as it was when it happened (a job reads the event
    # later, when the claim may have changed hands again). NULL for other actions, and for
    # events recorded before these columns existed.
    # assign: the person the claim was given to.
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # assign, unassign, release, expire: the person who held the claim until then.
    previous_assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

    def __repr__(self) -> str:
        return f"<Event {self.entity_type}:{self.entity_id} {self.action}>"
