"""Headings in an explanation fit the page's outline: a "## Background" in a verdict is a
heading under the section that shows it, not a new top-level section of the desk page."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import research
from factcheck.markdown import render
from factcheck.models import User
from tests.conftest import held_claim, login
from tests.publishing_helpers import approve_one, publish_one

EXPLANATION = (
    "## The figures\n\nTraffic counts show **51,400**.\n\n### Method\n\nAutomatic counters."
)


def _headings(page: str, after: str) -> list[str]:
    """The heading tags and texts after the first occurrence of `after`."""
    rest = page[page.index(after) :]
    return [f"{tag}:{text}" for tag, text in re.findall(r"<(h[1-6])[^>]*>([^<]*)</h[1-6]>", rest)]


def test_explanation_headings_go_below_the_section_that_shows_them(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _article, claim = approve_one(db_session, editor, editor2, checker, explanation=EXPLANATION)
    desk = app.test_client()
    login(desk, editor)
    page = desk.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert _headings(page, '<h2 id="verdicts-h"')[:3] == [
        "h2:Verdicts",
        "h3:The figures",
        "h4:Method",
    ]


def test_in_the_review_inbox_they_go_below_the_verdicts_own_heading(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Inbox", source=True)
    research.submit_verdict(
        db_session, claim, checker, rating_slug="mostly-true", explanation=EXPLANATION
    )
    db_session.commit()
    desk = app.test_client()
    login(desk, editor2)
    page = desk.get("/desk/review").get_data(as_text=True)
    found = _headings(page, "<h3>Verdict by")
    assert found[:3] == ["h3:Verdict by " + checker.display_name, "h4:The figures", "h5:Method"]


def test_on_the_readers_page_they_stay_under_the_claim(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _article, claim = publish_one(db_session, editor, editor2, checker, explanation=EXPLANATION)
    page = app.test_client().get(f"/claims/{claim.id}").get_data(as_text=True)
    found = _headings(page, "Our verdict</h2>")
    assert found[:3] == ["h2:The figures", "h3:Method", "h2:Sources"], found
    assert page.count("<h1") == 1


def test_a_level_one_heading_is_kept_as_a_heading_at_the_top_level_given() -> None:
    assert str(render("# Background")) == "<h2>Background</h2>\n"
    assert (
        str(render("# Background\n\n###### Deep", top=4)) == "<h4>Background</h4>\n<h6>Deep</h6>\n"
    )
