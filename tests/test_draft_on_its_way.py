"""A save sent while the page's save before it is still on its way (a slow connection, the
tab closed at once) carries the draft's stamp from before that save: the page names the
fields of the save on its way, and the server takes a draft holding exactly those for the
page's own, while a draft another tab saved meanwhile is still refused."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import research
from factcheck.models import User
from tests.conftest import login
from tests.test_desk_flow import _held


def test_a_save_after_one_still_on_its_way_is_kept(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    url = f"/desk/claims/{claim.id}/draft"
    first = {"rating": "mostly-true", "explanation": "Saved after the pause."}
    assert client.post(url, data={**first, "draft_seen": ""}).status_code == 200
    # Sent before the first save's answer came back: its stamp is still the one before.
    later = client.post(
        url,
        data={
            "rating": "mostly-true",
            "explanation": "Saved after the pause. Typed as it went.",
            "draft_seen": "",
            "sending_rating": first["rating"],
            "sending_explanation": first["explanation"],
        },
    )
    assert later.status_code == 200, later.json
    draft = research.get_draft(db_session, claim, checker)
    assert draft is not None
    assert draft.explanation == "Saved after the pause. Typed as it went."


def test_another_tabs_save_meanwhile_is_still_not_overwritten(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    url = f"/desk/claims/{claim.id}/draft"
    assert client.post(url, data={"explanation": "Tab A.", "draft_seen": ""}).status_code == 200
    other = client.post(url, data={"explanation": "Tab B.", "draft_seen": ""})
    assert other.status_code == 409
    # Tab B names a save of its own on its way, which is not what the draft holds.
    tab_b = client.post(
        url, data={"explanation": "Tab B, again.", "draft_seen": "", "sending_explanation": "B"}
    )
    assert tab_b.status_code == 409
    assert "saved from another tab or window" in tab_b.json["error"]["message"]
    draft = research.get_draft(db_session, claim, checker)
    assert draft is not None and draft.explanation == "Tab A."
