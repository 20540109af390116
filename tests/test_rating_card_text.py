"""The words drawn on the rating card (/claims/<id>/card.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import ImageDraw
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.models import User
from factcheck.public import cards
from tests.conftest import build_app
from tests.publishing_helpers import publish_one


def test_a_claim_ending_in_a_quotation_mark_gets_no_doubled_closing_mark(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before session 19 the card put its own marks around the claim as it was, so a claim
    # ending in a quotation ended `packages."”` on the card: two closing marks.
    _article, claim = publish_one(db_session, editor, editor2, checker)
    claim.text = 'The minister said the rules "cut red tape for small packages."'
    db_session.commit()
    drawn: list[str] = []
    draw_text = ImageDraw.ImageDraw.text

    def recording(self: ImageDraw.ImageDraw, xy: Any, text: Any, *args: Any, **kw: Any) -> Any:
        drawn.append(str(text))
        return draw_text(self, xy, text, *args, **kw)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", recording)
    client = build_app(engine, session_factory, CARD_FOLDER=str(tmp_path)).test_client()
    assert client.get(f"/claims/{claim.id}/card.png").status_code == 200
    shown = " ".join(drawn)  # the card's lines, top to bottom
    assert f"“The minister said the rules {cards.OPEN_SINGLE}cut red tape" in shown
    assert f"packages.{cards.CLOSE_SINGLE}”" in shown
    assert '"' not in shown and shown.count("”") == 1, drawn
