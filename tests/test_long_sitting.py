"""A claim page kept open for more than an hour, as a checker researching on a train does.

Before session 24 each form's CSRF token ran out an hour after the page was drawn, while the
sign-in lasted (FACTCHECK_SESSION_IDLE_MINUTES, 120 by default): the draft stopped saving
itself with "you were signed out" (they were not), and Submit for review answered "The form
expired … Reload the page", which shows the draft as last saved.
"""

from __future__ import annotations

import re
import time

import itsdangerous.timed
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.models import User
from tests.conftest import build_app, csrf_token_of, held_claim, login_with_csrf


class _Later:
    """The clock the CSRF tokens are checked against, `minutes` after now."""

    def __init__(self, minutes: float) -> None:
        self.offset = minutes * 60

    def time(self) -> float:
        return time.time() + self.offset


def test_a_page_open_for_ninety_minutes_still_saves_and_submits(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    checker: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claim = held_claim(db_session, editor, checker, title="Long sitting", source=True)
    client = build_app(engine, session_factory, WTF_CSRF_ENABLED=True).test_client()
    login_with_csrf(client, checker)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    token = csrf_token_of(page)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert version, page

    monkeypatch.setattr(itsdangerous.timed, "time", _Later(61))
    saved = client.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "mostly-true", "explanation": "Table 4 of the report.", "draft_seen": ""},
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)[:400]
    assert saved.json is not None and saved.json["message"].startswith("Draft saved at")

    monkeypatch.setattr(itsdangerous.timed, "time", _Later(90))
    sent = client.post(
        f"/desk/claims/{claim.id}/verdict",
        data={
            "csrf_token": token,
            "version": version.group(1),
            "draft_seen": saved.json["stamp"],
            "rating": "mostly-true",
            "explanation": "Table 4 of the report.",
        },
        follow_redirects=True,
    )
    answer = sent.get_data(as_text=True)
    assert "The form expired" not in answer
    assert "Verdict submitted for review." in answer
