"""The desk's kind filter on an article's candidates (issue 15)."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import extraction
from factcheck.domain.candidates import kind_filter, ranked_claims
from factcheck.models import Article, Claim, User
from tests.conftest import login
from tests.fixtures import ARTICLE, FACTUAL


def _claim(position: int, score: float, kind: str | None) -> Claim:
    return Claim(
        text=f"claim {position}", source_sentence=f"claim {position}", span_start=position,
        span_end=position + 1, position=position, score=score, kind=kind,
    )  # fmt: skip


def test_kind_filter_accepts_known_kinds_only() -> None:
    assert kind_filter("quantity") == "quantity"
    assert kind_filter("prediction") == "prediction"
    assert kind_filter(None) is None
    assert kind_filter("") is None
    assert kind_filter("<script>") is None


def test_ranked_claims_filtered_by_kind() -> None:
    article = Article(title="t", body="b")
    article.claims = [_claim(0, 0.5, "event"), _claim(1, 0.9, "quantity"), _claim(2, 0.7, None)]
    assert [c.position for c in ranked_claims(article)] == [1, 2, 0]
    assert [c.position for c in ranked_claims(article, "event")] == [0]
    assert ranked_claims(article, "opinion") == []


def test_triage_shows_each_candidate_kind_and_filters_by_it(
    app: Flask, db_session: Session, editor: User
) -> None:
    desk = app.test_client()
    login(desk, editor)
    response = desk.post(
        "/desk/articles/new",
        data={
            "title": "Kinds on the desk",
            "source_url": "https://example.org/herald/kinds-on-the-desk",
            "text": ARTICLE,
        },
    )
    assert response.status_code == 302
    article = db_session.scalars(select(Article).where(Article.title == "Kinds on the desk")).one()
    factual = next(c for c in article.claims if c.text == FACTUAL)
    assert factual.kind in extraction.FACTUAL_KINDS
    label = extraction.KIND_LABELS[factual.kind]
    url = f"/desk/articles/{article.id}"
    page = desk.get(url).get_data(as_text=True)
    assert f'<span class="kind kind-{factual.kind}" title="kind of claim">{label}</span>' in page
    assert 'name="kind"' in page
    assert FACTUAL in desk.get(f"{url}?kind={factual.kind}").get_data(as_text=True)
    other = "question" if factual.kind != "question" else "event"
    filtered = desk.get(f"{url}?kind={other}").get_data(as_text=True)
    assert f'href="/desk/claims/{factual.id}"' not in filtered
    unknown = desk.get(f"{url}?kind=%3Cscript%3E").get_data(as_text=True)
    assert f'href="/desk/claims/{factual.id}"' in unknown
    # The sentences that are not candidates are listed with their kind.
    assert "Other sentences" in page and 'class="kind kind-opinion"' in page


def test_the_kind_is_listed_among_the_reasons_as_neither_raising_nor_lowering_the_score(
    app: Flask, db_session: Session, editor: User
) -> None:
    # It was shown as "▼ kind: a quantity" in red, as if being a quantity lowered the score.
    desk = app.test_client()
    login(desk, editor)
    desk.post("/desk/articles/new", data={"title": "Kind as a reason", "text": ARTICLE})
    article = db_session.scalars(select(Article).where(Article.title == "Kind as a reason")).one()
    factual = next(c for c in article.claims if c.text == FACTUAL)
    label = f"kind: {extraction.KIND_LABELS[factual.kind]}"
    assert any(r["label"] == label and r["weight"] == 0 for r in factual.reasons)
    for url in (f"/desk/articles/{article.id}", f"/desk/claims/{factual.id}"):
        page = desk.get(url).get_data(as_text=True)
        items = re.findall(r'<li class="(up|down|neutral)">((?:(?!</li>).)*)</li>', page, re.S)
        assert ("neutral", label) in items
        raising = [text for kind, text in items if kind == "up"]
        assert raising and all("raises the score:" in text for text in raising)
