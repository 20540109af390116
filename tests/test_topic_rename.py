"""A renamed topic keeps its readers: the old address and the old feed send them on (301)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import topics
from factcheck.models import User


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
