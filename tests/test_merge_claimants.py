"""Merging candidates by different claimants keeps one claimant and says which one it
dropped, beside the merged claim (the desk) and in the answer (the API)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import articles, audit
from factcheck.domain.limits import Limits
from factcheck.models import Article, Claim, User
from tests.conftest import login, token_for

BODY = (
    "Imports of steel fell by 8 percent in 2024.\n\n"
    "Senator Dana Whitcombe said exports of fish rose by 14 percent in 2025.\n\n"
    "The harbour handled 2 million tonnes in 2024, said Brisk, a Wall Street analyst.\n\n"
    "Ms Whitcombe said the port handled 3 million containers in 2025."
)


def _claims(session: Session, editor: User) -> tuple[Article, list[Claim]]:
    """The article and its four candidates in the article's order: nobody's, Whitcombe's,
    Brisk's, Whitcombe's again."""
    article = articles.create_article(
        session,
        creator=editor,
        title="Harbour",
        body=BODY,
        limits=Limits(max_chars=10_000, threshold=0.0),
    )
    ordered = sorted(article.claims, key=lambda c: c.span_start)
    session.commit()
    assert [c.claimant for c in ordered] == [None, "Dana Whitcombe", "Brisk", "Dana Whitcombe"]
    return article, ordered


def _merge(
    session: Session, client: FlaskClient, article: Article, ticked: list[Claim]
) -> tuple[Claim, str]:
    """Tick `ticked` on the triage page and press Merge ticked: the merged claim, and what
    the page shows beside it after the redirect."""
    sent = client.post(
        f"/desk/articles/{article.id}/merge", data={"claim_ids": [str(c.id) for c in ticked]}
    )
    assert sent.status_code == 302
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    merged = max(article.claims, key=lambda c: c.id)
    row = page[page.index(f'<li id="claim-{merged.id}"') :]
    status = row[row.index('<p class="row-status"') :]
    status = status[: status.index("</p>")]
    return merged, " ".join(re.sub(r"<[^>]+>", "", status).split())


def test_merging_two_claimants_says_which_one_the_merged_claim_keeps_and_drops(
    app: Flask, db_session: Session, editor: User
) -> None:
    # Before: "Claims merged." at the top of the page, and Brisk gone without a word.
    article, (_, whitcombe, brisk, _) = _claims(db_session, editor)
    client = app.test_client()
    login(client, editor)
    merged, said = _merge(db_session, client, article, [brisk, whitcombe])
    assert (merged.claimant, merged.claimant_id) == ("Dana Whitcombe", whitcombe.claimant_id)
    m, w, b = merged.id, whitcombe.id, brisk.id
    assert said == (
        f"Claims #{w} and #{b} merged into #{m}. Their claimants differ: #{m} keeps Dana "
        f"Whitcombe (the claimant of #{w}) and drops Brisk (#{b}). If that is wrong, set the "
        f"claimant of claim #{m} on its page, under “Who made the claim”."
    )
    (event,) = audit.history(db_session, "claim", m)
    assert event.note == f"from #{w}, #{b}; kept the claimant of #{w}, dropped Brisk (#{b})"


def test_an_empty_claimant_gives_way_to_a_named_one_without_a_warning(
    app: Flask, db_session: Session, editor: User
) -> None:
    # Before: the merged claim took the first sentence's claimant, here nobody.
    article, (nobody, _, brisk, _) = _claims(db_session, editor)
    client = app.test_client()
    login(client, editor)
    merged, said = _merge(db_session, client, article, [brisk, nobody])
    assert (merged.claimant, merged.claimant_id) == ("Brisk", brisk.claimant_id)
    assert said == f"Claims #{nobody.id} and #{brisk.id} merged into #{merged.id}."


def test_one_claimant_twice_merges_without_a_warning(
    app: Flask, db_session: Session, editor: User
) -> None:
    article, (_, first, _, again) = _claims(db_session, editor)
    client = app.test_client()
    login(client, editor)
    merged, said = _merge(db_session, client, article, [first, again])
    assert merged.claimant == "Dana Whitcombe"
    assert said == f"Claims #{first.id} and #{again.id} merged into #{merged.id}."


def test_the_api_answers_which_claimants_a_merge_dropped(
    app: Flask, db_session: Session, editor: User
) -> None:
    article, (nobody, whitcombe, brisk, again) = _claims(db_session, editor)
    client = app.test_client()
    headers = token_for(db_session, editor)
    path = f"/api/v1/articles/{article.id}/merge"
    same = client.post(path, headers=headers, json={"claim_ids": [whitcombe.id, again.id]})
    assert same.status_code == 201, same.json
    assert (same.json["dropped_claimants"], same.json["warning"]) == ([], None)
    merged = client.post(
        path, headers=headers, json={"claim_ids": [nobody.id, brisk.id, same.json["id"]]}
    )
    assert merged.status_code == 201, merged.json
    assert merged.json["claimant"]["name"] == "Dana Whitcombe"
    assert merged.json["dropped_claimants"] == [{"claim_id": brisk.id, "claimant": "Brisk"}]
    m = merged.json["id"]
    assert merged.json["warning"] == (
        f"Claims #{nobody.id}, #{same.json['id']} and #{brisk.id} merged into #{m}. Their "
        f"claimants differ: #{m} keeps Dana Whitcombe (the claimant of #{same.json['id']}) "
        f"and drops Brisk (#{brisk.id}). If that is wrong, set the claimant of claim #{m} "
        "on its page, under “Who made the claim”."
    )


def test_a_refused_merge_keeps_the_wording_typed_and_the_ticks(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """One candidate ticked, a wording typed, Merge ticked: the page came back (after a
    redirect) with the refusal but an empty wording field and nothing ticked."""
    article, claims = _claims(db_session, editor)
    login(client, editor)
    sent = client.post(
        f"/desk/articles/{article.id}/merge",
        data={"claim_ids": [str(claims[1].id)], "text": "Exports of fish rose by 14 percent"},
    )
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert "Choose at least two candidates to merge." in page
    assert 'value="Exports of fish rose by 14 percent"' in page
    assert re.search(rf'value="{claims[1].id}"[^>]*id="tick-{claims[1].id}"[^>]*checked', page)
    assert not re.search(rf'value="{claims[2].id}"[^>]*id="tick-{claims[2].id}"[^>]*checked', page)
