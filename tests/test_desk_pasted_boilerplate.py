"""The desk on an article pasted from a PDF (issue 15, "Candidate text / boilerplate"): the
running header and the page numbers are under "Other sentences" as boilerplate, never
candidates, and the sentence a page broke is one candidate. Made-up text."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from tests.conftest import login

HEADER = "Harbour Annual Review 2025 | Port of Kestrel Bay"
PASTED = f"""Freight through the port rose by 6.4%
{HEADER}
9
in the year to March, its best year since 2017.

{HEADER}
Page 10 of 40

The port employs 1,200 people, up from 1,050 in 2023."""
BROKEN = "Freight through the port rose by 6.4% in the year to March, its best year since 2017."


def test_a_pasted_pdfs_header_is_no_candidate_and_is_listed_as_boilerplate(
    app: Flask, db_session: Session, editor: User
) -> None:
    desk = app.test_client()
    login(desk, editor)
    response = desk.post(
        "/desk/articles/new", data={"title": "Port freight from a PDF", "text": PASTED}
    )
    assert response.status_code == 302
    article = db_session.scalars(
        select(Article).where(Article.title == "Port freight from a PDF")
    ).one()
    texts = {claim.text for claim in article.claims}
    assert BROKEN in texts
    assert not [text for text in texts if HEADER in text or text.startswith(("9 ", "Page"))]
    page = desk.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    others = page[page.index('id="others"') :]
    listed = re.findall(r'<span class="kind kind-(\w+)">[^<]*</span>\s*([^\n<]+)', others)
    assert ("boilerplate", HEADER) in [(kind, text.strip()) for kind, text in listed]
    assert ("boilerplate", "Page 10 of 40") in [(kind, text.strip()) for kind, text in listed]


def test_other_sentences_say_why_each_was_not_proposed(
    app: Flask, db_session: Session, editor: User
) -> None:
    # "Other sentences" showed a kind and a score only: an editor could not tell a page
    # number from an opinion the network marked down, or why a forecast with a number sat
    # there, without opening the API.
    desk = app.test_client()
    login(desk, editor)
    text = (
        f"{PASTED}\n\nThe port's traffic is forecast to grow by 3% next year.\n\n"
        "I think the new quay is a triumph."
    )
    response = desk.post("/desk/articles/new", data={"title": "Port reasons", "text": text})
    assert response.status_code == 302
    page = desk.get(response.headers["Location"]).get_data(as_text=True)
    others = page[page.index('id="others"') :]
    items = {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>\s*(?=<li>|</ul>\s*</details>)", others, re.S)
    }

    def line_of(fragment: str) -> str:
        [line] = [item for item in items if fragment in item]
        return line

    assert "a page number" in line_of("Page 10 of 40")
    assert "lowers the score: a forecast: forecast … next year" in line_of("forecast to grow")
    assert "lowers the score: an opinion: I think" in line_of("new quay")
