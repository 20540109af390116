from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base, enum_values


class Role(enum.StrEnum):
    CHECKER = "checker"
    EDITOR = "editor"
    ADMIN = "admin"


# The role sets, in one place: the workflow's table, the desk's and the API's checks read
# them. Admins can do everything editors can.
STAFF = frozenset(Role)
EDITORS = frozenset({Role.EDITOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            values_callable=enum_values,
            native_enum=False,
            length=16,
            create_constraint=True,
            name="role",
        )
    )
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout and password change: cookies signed for an older value stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    password_changed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    # Flask-Login protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_editor(self) -> bool:
        return self.role in EDITORS

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
