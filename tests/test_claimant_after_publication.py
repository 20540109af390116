"""A claimant's name corrected after a fact-check naming them is published: readers see the
new name with a dated entry in the corrections log, as for the article's details, never
a silent change of who the fact-check says made the claim."""

from __future__ import annotations

import feedparser
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.domain import audit, claimants
from factcheck.models import Claimant, Correction, User
from tests.conftest import login
from tests.publishing_helpers import approve_one, publish_one


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


def _record(session: Session, name: str) -> Claimant:
    found = claimants.find(session, name)
    assert found is not None, name
    return found


def test_renaming_a_published_claimant_is_a_dated_correction_readers_see(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _, claim = publish_one(db_session, editor, editor2, checker, claimant="Riverton City Council")
    record = _record(db_session, "Riverton City Council")
    desk = app.test_client()
    login(desk, editor)

    saved = _edit(desk, record, name="Riverton Metropolitan Council")
    assert saved.status_code == 302

    reader = app.test_client()
    page = reader.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Riverton Metropolitan Council" in page
    assert "Corrected" in page and "the rating “Mostly true” is unchanged" in page
    assert (
        "The claimant&#39;s name was corrected after publication: “Riverton Metropolitan "
        "Council” (was “Riverton City Council”)."
    ) in page
    listing = reader.get("/corrections").get_data(as_text=True)
    assert "“Riverton Metropolitan Council” (was “Riverton City Council”)" in listing
    feed = feedparser.parse(reader.get("/feeds/corrections.atom").get_data())
    assert "(was “Riverton City Council”)" in feed.entries[0].summary
    published = reader.get(f"/api/v1/published/{claim.article_id}").get_json()
    assert "(was “Riverton City Council”)" in published["claims"][0]["corrections"][0]["reason"]
    # The desk's history of the record says from what to what.
    notes = [e.note for e in audit.history(db_session, "claimant", record.id)]
    assert notes == ["“Riverton Metropolitan Council” (was “Riverton City Council”)"]


def test_merging_a_published_claimant_into_another_is_a_dated_correction(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _, claim = publish_one(db_session, editor, editor2, checker, claimant="A. Silva")
    loser = _record(db_session, "A. Silva")
    survivor = claimants.resolve(db_session, "Ana Silva")
    assert survivor is not None
    db_session.commit()
    desk = app.test_client()
    login(desk, editor)

    merged = desk.post(f"/desk/claimants/{survivor.id}/merge", data={"other": loser.id})
    assert merged.status_code == 302

    page = app.test_client().get(f"/claims/{claim.id}").get_data(as_text=True)
    assert (
        "The claimant&#39;s name was corrected after publication: “Ana Silva” (was “A. Silva”)."
    ) in page


def test_no_correction_when_the_name_stays_or_nothing_is_published(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    publish_one(db_session, editor, editor2, checker, claimant="Riverton City Council")
    approve_one(
        db_session,
        editor,
        editor2,
        checker,
        claimant="Tom Breck",
        title="Tunnel 2",
        source_url="https://example.org/news/tunnel-2",
        body="The harbour tunnel carried 52,000 vehicles a day in 2025, Tom Breck said on Monday.",
    )
    db_session.commit()
    desk = app.test_client()
    login(desk, editor)

    published = _record(db_session, "Riverton City Council")
    assert _edit(desk, published, role="the city's governing body").status_code == 302
    unpublished = _record(db_session, "Tom Breck")
    assert _edit(desk, unpublished, name="Thomas Breck").status_code == 302

    assert db_session.scalar(select(func.count()).select_from(Correction)) == 0


def test_the_claimant_page_says_how_many_fact_checks_a_rename_or_merge_corrects(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    publish_one(db_session, editor, editor2, checker, claimant="Riverton City Council")
    publish_one(
        db_session, editor, editor2, checker, claimant="Riverton City Council",
        title="Tunnel 2", source_url="https://example.org/news/tunnel-2",
        body="The harbour tunnel carried 61,000 vehicles a day in 2025, the council said.",
    )  # fmt: skip
    publish_one(
        db_session, editor, editor2, checker, claimant="A. Silva", title="Tunnel 3",
        source_url="https://example.org/news/tunnel-3",
        body="The harbour tunnel carried 62,000 vehicles a day in 2025, A. Silva said.",
    )  # fmt: skip
    unpublished = claimants.resolve(db_session, "Tom Breck")
    assert unpublished is not None
    db_session.commit()
    council, silva = _record(db_session, "Riverton City Council"), _record(db_session, "A. Silva")
    desk = app.test_client()
    login(desk, editor)

    page = " ".join(desk.get(f"/desk/claimants/{council.id}").get_data(as_text=True).split())
    assert "Renaming adds a dated correction to 2 published fact-checks" in page
    # Merging another record in corrects that record's published fact-checks: each choice
    # says how many.
    assert f"A. Silva (#{silva.id}, 1 published fact-check)" in page
    assert f"Tom Breck (#{unpublished.id})<" in page
    assert "Merging adds a dated correction to each published fact-check" in page
    single = " ".join(desk.get(f"/desk/claimants/{silva.id}").get_data(as_text=True).split())
    assert "Renaming adds a dated correction to 1 published fact-check," in single
    none = desk.get(f"/desk/claimants/{unpublished.id}").get_data(as_text=True)
    assert "Renaming adds a dated correction" not in none
