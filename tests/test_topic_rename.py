"""A renamed topic keeps its readers: the old address and the old feed send them on (301). A
topic deleted while claims are filed under it is deleted knowingly, and the history keeps
which claims those were."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import topics
from factcheck.models import Event, User
from tests.conftest import held_claim, login


def test_the_old_address_and_feed_of_a_renamed_topic_lead_to_the_new_ones(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    topic = topics.create_topic(db_session, editor, "Ukraine war")
    db_session.commit()
    assert client.get("/topics/ukraine-war").status_code == 200
    topics.rename_topic(db_session, topic, editor, "Ukraine")
    db_session.commit()

    # Before: 404 on both, and every reader's bookmark and feed subscription was lost.
    page = client.get("/topics/ukraine-war")
    assert (page.status_code, page.headers["Location"]) == (301, "/topics/ukraine")
    feed = client.get("/feeds/topics/ukraine-war.atom")
    assert (feed.status_code, feed.headers["Location"]) == (301, "/feeds/topics/ukraine.atom")
    assert "<h1>Ukraine</h1>" in client.get("/topics/ukraine").get_data(as_text=True)

    # Renamed again: the first address leads to the newest one, in one step.
    topics.rename_topic(db_session, topic, editor, "War in Ukraine")
    db_session.commit()
    assert client.get("/topics/ukraine-war").headers["Location"] == "/topics/war-in-ukraine"
    assert client.get("/topics/ukraine").headers["Location"] == "/topics/war-in-ukraine"


def test_a_new_topic_takes_over_an_old_address_and_renaming_back_works(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    economy = topics.create_topic(db_session, editor, "Economy")
    topics.rename_topic(db_session, economy, editor, "Economy and jobs")
    db_session.commit()
    assert client.get("/topics/economy").status_code == 301

    other = topics.create_topic(db_session, editor, "Economy")
    db_session.commit()
    page = client.get("/topics/economy")
    assert page.status_code == 200 and "<h1>Economy</h1>" in page.get_data(as_text=True)

    topics.delete_topic(db_session, other, editor)
    topics.rename_topic(db_session, economy, editor, "Economy")
    db_session.commit()
    assert client.get("/topics/economy").status_code == 200
    assert client.get("/topics/economy-and-jobs").headers["Location"] == "/topics/economy"


def test_a_deleted_topic_leaves_no_redirect(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    topic = topics.create_topic(db_session, editor, "Harbour")
    topics.rename_topic(db_session, topic, editor, "Harbours")
    topics.delete_topic(db_session, topic, editor)
    db_session.commit()
    assert client.get("/topics/harbour").status_code == 404
    assert client.get("/topics/harbours").status_code == 404


def test_deleting_a_topic_in_use_asks_first_and_the_history_keeps_its_claims(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Found walking an admin's months: one click deleted a topic that claims were filed
    # under, with no question asked, and nothing anywhere said which claims had been under
    # it (the claims' own last "tag" event still named it).
    transport = topics.create_topic(db_session, editor, "Transport")
    topics.create_topic(db_session, editor, "Unused")
    claim = held_claim(db_session, editor, checker, title="Bridge")
    topics.set_claim_topics(db_session, claim, editor, [transport.id])
    db_session.commit()
    login(client, editor)
    page = client.get("/desk/topics").text
    assert (
        'data-confirm="Delete the topic “Transport”? 1 claim is filed under it: it stays, '
        "without the topic, and readers lose the topic's page and feed.\""
    ) in page
    assert page.count("data-confirm=") == 1, "an unused topic goes without a question"

    done = client.post(f"/desk/topics/{transport.id}/delete", follow_redirects=True)
    assert f"Topic “Transport” deleted; claim #{claim.id} stays, without it." in done.text
    note = db_session.scalars(
        select(Event.note).where(Event.entity_type == "topic", Event.action == "delete_topic")
    ).one()
    assert note == f"Transport, on claim #{claim.id}"
