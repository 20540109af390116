"""Claimants as records (issue 18, item 8) and splitting a candidate (item 7, B4)."""

from __future__ import annotations

import json
import re

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import articles, audit, claimants
from factcheck.domain.limits import Limits
from factcheck.domain.workflow import TRANSITIONS
from factcheck.models import Article, Claim, Claimant, ClaimantKind, ClaimStatus, User
from tests.conftest import login, token_for
from tests.publishing_helpers import publish_one

BODY = (
    "Mayor Linda Okafor said on Monday that the council spent 48 million pounds on flood "
    "defences last year, and that crime fell by 12 per cent.\n\n"
    "The old flood wall was built in 1953."
)
SECOND = (
    "Linda Okafor said the new bridge cost 30 million pounds in 2025.\n\n"
    "Residents welcomed the bridge."
)
# A claim split into parts is done with: only comments remain.
ALLOWED_ON_SPLIT = {"comment"}
SPENT = "The council spent 48 million pounds on flood defences last year."
FELL = "Crime fell by 12 per cent."


def _article(session: Session, editor: User, body: str = BODY, title: str = "Floods") -> Article:
    return articles.create_article(
        session, creator=editor, title=title, body=body, limits=Limits(max_chars=10_000)
    )


def _claim(article: Article, start: str) -> Claim:
    return next(c for c in article.claims if c.source_sentence.startswith(start))


def _text(html: str) -> str:
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _record(session: Session, name: str) -> Claimant:
    found = claimants.find(session, name)
    assert found is not None, name
    return found


# Split (B4)


def test_a_split_candidate_shows_its_parts_which_have_their_own_reasons_and_its_claimant(
    app: Flask, db_session: Session, editor: User
) -> None:
    article = _article(db_session, editor)
    compound = _claim(article, "Mayor Linda Okafor")
    parent_reasons = {r["text"] for r in compound.reasons}
    assert {"fell", "Mayor Linda Okafor said"} <= parent_reasons
    db_session.commit()
    client = app.test_client()
    login(client, editor)

    client.post(
        f"/desk/claims/{compound.id}/split",
        data={"version": compound.version, "parts": f"{SPENT}\n{FELL}"},
    )

    db_session.expire_all()
    spent, fell = db_session.scalars(
        select(Claim).where(Claim.split_from_id == compound.id).order_by(Claim.id)
    )
    assert (spent.text, fell.text) == (SPENT, FELL)
    html = client.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    assert f'id="span-{spent.id}"' in html  # the article text highlights a part, not it
    assert f'id="span-{compound.id}"' not in html
    page = _text(html)
    assert f"split into #{spent.id}, #{fell.id}" in page
    assert "rejected" not in page
    assert f"part of #{compound.id}" in page
    claim_page = client.get(f"/desk/claims/{compound.id}").get_data(as_text=True)
    assert f'href="/desk/claims/{spent.id}"' in claim_page
    assert f'href="/desk/claims/{fell.id}"' in claim_page
    part_page = client.get(f"/desk/claims/{fell.id}").get_data(as_text=True)
    assert f'part of <a href="/desk/claims/{compound.id}"' in part_page
    # Each part's reasons come from its own words only.
    spent_reasons = " ".join(r["text"] for r in spent.reasons)
    fell_reasons = " ".join(r["text"] for r in fell.reasons)
    assert "fell" not in spent_reasons and "12 per cent" not in spent_reasons
    assert "48 million" not in fell_reasons and "last year" not in fell_reasons
    assert "12 per cent" in fell_reasons
    # ...and the claimant of the claim they were split from.
    okafor = _record(db_session, "Linda Okafor")
    assert [p.claimant_id for p in (spent, fell)] == [okafor.id, okafor.id]
    assert [p.claimant for p in (spent, fell)] == ["Linda Okafor", "Linda Okafor"]


def test_a_split_claim_can_be_split_no_further_and_the_api_shows_it_as_split(
    app: Flask, db_session: Session, editor: User
) -> None:
    article = _article(db_session, editor)
    compound = _claim(article, "Mayor Linda Okafor")
    headers = token_for(db_session, editor)
    client = app.test_client()
    done = client.post(
        f"/api/v1/claims/{compound.id}/split", headers=headers, json={"parts": [SPENT, FELL]}
    )
    assert done.status_code == 201, done.json
    statuses = {c["id"]: c["status"] for c in done.json["claims"]}
    assert statuses[compound.id] == "split"
    again = client.post(
        f"/api/v1/claims/{compound.id}/split", headers=headers, json={"parts": ["a", "b"]}
    )
    assert again.status_code == 409
    assert "it is split" in again.json["error"]["message"]


# Records at ingest


def test_ingest_makes_one_record_per_claimant_and_finds_it_again_by_name(
    db_session: Session, editor: User
) -> None:
    first = _claim(_article(db_session, editor), "Mayor Linda Okafor")
    second = _claim(_article(db_session, editor, SECOND, "Bridge"), "Linda Okafor said")
    assert first.claimant_id is not None
    assert first.claimant_id == second.claimant_id
    record = db_session.get(Claimant, first.claimant_id)
    assert record is not None
    assert (record.name, record.kind) == ("Linda Okafor", ClaimantKind.PERSON)
    assert claimants.find(db_session, "  LINDA   okafor ") is record


def test_an_organisation_is_guessed_from_its_name() -> None:
    assert claimants.guess_kind("Riverton City Council") == ClaimantKind.ORGANISATION
    assert claimants.guess_kind("Linda Okafor") == ClaimantKind.PERSON


BRIDGES = """Westford bridges

A report says 40 percent of the bridges in Westford were unsafe in 2024.

The study found that 3,000 cars crossed the old bridge every day in 2023.

Ana Lind said the council spent 4 million pounds on the bridges in 2025.

The NLDB said lending to the council rose by 5% in 2024.

Ferry traffic fell by 8% in 2024, Harbour Street said.
"""


def test_words_that_name_nobody_make_no_record_and_bodies_are_organisations(
    app: Flask, db_session: Session, editor: User
) -> None:
    # Before session 19 "report" and "study" became claimant records (kind person) listed
    # on the Claimants page and suggested as claimants, and an acronym or a street that
    # speaks for a body ("NLDB", "Harbour Street") was recorded as a person.
    client = app.test_client()
    login(client, editor)
    client.post("/desk/articles/new", data={"title": "Bridges", "text": BRIDGES})
    article = db_session.scalars(select(Article)).one()
    by_text = {claim.text.split()[1]: claim for claim in article.claims}
    # The words stay on the claim as the extractor's hint, linked to no record.
    assert (by_text["report"].claimant, by_text["report"].claimant_id) == ("report", None)
    assert (by_text["study"].claimant, by_text["study"].claimant_id) == ("study", None)
    records = {record.name: record.kind for record in db_session.scalars(select(Claimant))}
    assert records == {
        "Ana Lind": ClaimantKind.PERSON,
        "NLDB": ClaimantKind.ORGANISATION,
        "Harbour Street": ClaimantKind.ORGANISATION,
    }
    page = client.get("/desk/claimants").get_data(as_text=True)
    assert "NLDB" in page and ">report<" not in page and ">study<" not in page
    assert claimants.suggest(db_session, "rep") == []
    assert "report says" in json.dumps(by_text["report"].reasons)


# The desk: autocomplete, edit, merge


def _edit(client, record: Claimant, **changes: str):  # type: ignore[no-untyped-def]
    data = {
        "version": record.version,
        "name": record.name,
        "kind": record.kind.value,
        "role": record.role or "",
        "aliases": "\n".join(record.aliases),
        "description": "",
        "url": "",
        **changes,
    }
    return client.post(f"/desk/claimants/{record.id}", data=data)


def test_autocomplete_finds_a_claimant_by_an_alias(
    app: Flask, db_session: Session, editor: User
) -> None:
    _article(db_session, editor)
    okafor = _record(db_session, "Linda Okafor")
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    saved = _edit(client, okafor, aliases="Mayor Okafor\nL. Okafor", role="mayor")
    assert saved.status_code == 302

    found = client.get("/desk/claimants/suggest?q=mayor ok")
    assert found.status_code == 200
    assert found.json["claimants"] == [
        {
            "id": okafor.id,
            "name": "Linda Okafor",
            "matched": "Mayor Okafor",
            "role": "mayor",
            "kind": "person",
        }
    ]
    assert [c["name"] for c in client.get("/desk/claimants/suggest?q=OKAF").json["claimants"]] == [
        "Linda Okafor"
    ]
    assert client.get("/desk/claimants/suggest?q=%25").json["claimants"] == []
    assert client.get("/desk/claimants/suggest").json["claimants"] == []


def test_setting_a_claimant_by_an_alias_links_the_record(
    app: Flask, db_session: Session, editor: User
) -> None:
    article = _article(db_session, editor)
    okafor = _record(db_session, "Linda Okafor")
    other = _claim(article, "The old flood wall")
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    _edit(client, okafor, aliases="Mayor Okafor")
    page = client.get(f"/desk/claims/{other.id}").get_data(as_text=True)
    assert 'list="claimant-names"' in page
    assert '<option value="Mayor Okafor">' in page  # the <datalist> works without JavaScript

    client.post(
        f"/desk/claims/{other.id}/details",
        data={"version": other.version, "claimant": "mayor okafor", "claim_date": ""},
    )

    db_session.expire_all()
    claim = db_session.get(Claim, other.id)
    assert claim is not None
    assert (claim.claimant_id, claim.claimant) == (okafor.id, "Linda Okafor")


def test_an_alias_belongs_to_one_claimant(app: Flask, db_session: Session, editor: User) -> None:
    _article(db_session, editor)
    okafor = _record(db_session, "Linda Okafor")
    berg = claimants.resolve(db_session, "Ana Berg")
    assert berg is not None
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    refused = _edit(client, berg, aliases="Ana B.\nLINDA OKAFOR")
    assert refused.status_code == 400
    page = _text(refused.get_data(as_text=True))
    assert f"is already a name of claimant #{okafor.id} “Linda Okafor”" in page
    assert "Ana B." in page  # what was typed is kept
    db_session.expire_all()
    assert claimants.find(db_session, "Ana B.") is None


def test_merging_two_records_moves_the_claims_keeps_the_names_and_redirects_the_page(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _, published = publish_one(db_session, editor, editor2, checker, claimant="A. Silva")
    loser = _record(db_session, "A. Silva")
    survivor = claimants.resolve(db_session, "Ana Silva")
    assert survivor is not None
    db_session.commit()
    client = app.test_client()
    old_page = client.get(f"/claimants/{loser.id}-a-silva")
    assert old_page.status_code == 200 and "Claims by A. Silva" in old_page.get_data(as_text=True)
    login(client, editor)

    merged = client.post(f"/desk/claimants/{survivor.id}/merge", data={"other": loser.id})
    assert merged.status_code == 302

    db_session.expire_all()
    claim = db_session.get(Claim, published.id)
    assert claim is not None
    assert (claim.claimant_id, claim.claimant) == (survivor.id, "Ana Silva")
    assert claimants.find(db_session, "a. silva") == survivor
    editing = client.get(f"/desk/claimants/{survivor.id}").get_data(as_text=True)
    assert "A. Silva" in editing  # now an alias
    assert [e.action for e in audit.history(db_session, "claimant", survivor.id)] == ["merge"]
    listing = _text(client.get("/desk/claimants").get_data(as_text=True))
    assert "Ana Silva" in listing and "Claimant A. Silva" not in listing
    # The loser's public page, and its old name's address, lead to the survivor's page.
    client.get("/logout")
    reader = app.test_client()
    moved = reader.get(f"/claimants/{loser.id}-a-silva")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(f"/claimants/{survivor.id}-ana-silva")
    by_name = reader.get("/claimants/A.%20Silva")
    assert by_name.status_code == 301
    assert by_name.headers["Location"].endswith(f"/claimants/{survivor.id}-ana-silva")
    page = reader.get(f"/claimants/{survivor.id}-ana-silva").get_data(as_text=True)
    assert "Claims by Ana Silva" in page and claim.text in page


def test_the_public_page_of_a_claimant_with_nothing_published_does_not_exist(
    app: Flask, db_session: Session, editor: User
) -> None:
    _article(db_session, editor)
    okafor = _record(db_session, "Linda Okafor")
    db_session.commit()
    client = app.test_client()
    assert client.get(f"/claimants/{okafor.id}-linda-okafor").status_code == 404
    assert client.get("/claimants/nobody-at-all").status_code == 404
    # Neither a guessed id nor a guessed name redirects to the address that spells the
    # record's name out: counting through ids would list who the desk is checking.
    for guess in (f"/claimants/{okafor.id}-x", "/claimants/Linda%20Okafor"):
        answer = client.get(guess)
        assert answer.status_code == 404, guess
        assert "okafor" not in answer.headers.get("Location", "").lower(), guess


def test_claimreview_names_an_organisation_as_one(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _, claim = publish_one(db_session, editor, editor2, checker, claimant="Riverton City Council")
    page = app.test_client().get(f"/claims/{claim.id}").get_data(as_text=True)
    document = json.loads(
        page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    )
    assert document["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Riverton City Council",
    }
    assert f'href="/claimants/{claim.claimant_id}-riverton-city-council"' in page


# The API


def test_the_api_shows_the_claimant_as_a_record_and_sets_it_by_name_or_id(
    app: Flask, db_session: Session, editor: User
) -> None:
    article = _article(db_session, editor)
    claim = _claim(article, "Mayor Linda Okafor")
    okafor = _record(db_session, "Linda Okafor")
    berg = claimants.resolve(db_session, "Ana Berg")
    assert berg is not None
    headers = token_for(db_session, editor)
    client = app.test_client()
    url = f"/api/v1/claims/{claim.id}"
    shown = client.get(f"/api/v1/articles/{article.id}", headers=headers).json["claims"]
    assert next(c for c in shown if c["id"] == claim.id)["claimant"] == {
        "id": okafor.id,
        "name": "Linda Okafor",
        "role": None,
        "kind": "person",
    }

    by_id = client.post(f"{url}/details", headers=headers, json={"claimant": {"id": berg.id}})
    assert by_id.status_code == 200, by_id.json
    assert by_id.json["claimant"]["name"] == "Ana Berg"
    kept = client.post(f"{url}/details", headers=headers, json={"claim_date": "2026-03-01"})
    assert kept.json["claimant"]["id"] == berg.id
    by_name = client.post(f"{url}/details", headers=headers, json={"claimant": "LINDA OKAFOR"})
    assert by_name.json["claimant"]["id"] == okafor.id
    cleared = client.post(f"{url}/details", headers=headers, json={"claimant": None})
    assert cleared.json["claimant"] is None
    missing = client.post(f"{url}/details", headers=headers, json={"claimant": {"id": 999_999}})
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"
    wrong = client.post(f"{url}/details", headers=headers, json={"claimant": {"name": 3}})
    assert wrong.status_code == 422


def test_only_splitting_a_candidate_leads_to_the_split_status() -> None:
    into_split = {
        (status.value, action.value)
        for (status, action), rule in TRANSITIONS.items()
        if rule.to == ClaimStatus.SPLIT and status != ClaimStatus.SPLIT
    }
    assert into_split == {("candidate", "split")}
    on_split = {action.value for (status, action) in TRANSITIONS if status == ClaimStatus.SPLIT}
    assert on_split == ALLOWED_ON_SPLIT
