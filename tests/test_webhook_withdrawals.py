"""Withdrawals reach webhook endpoints: a partner showing a fact-check hears that it was
taken down, and that it came back (session 22: a withdrawal sent nothing, so a partner fed
by `publication` events kept a withdrawn fact-check on its pages)."""

from __future__ import annotations

import json

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import publishing
from factcheck.models import User
from tests.publishing_helpers import CONTEXT, publish_one
from tests.test_webhooks import Receiver, _add_endpoint, _drain, hook_app, receiver

__all__ = ["hook_app", "receiver"]  # the receiver on loopback, and an app allowed to send to it


def test_a_withdrawal_and_a_republication_are_sent_to_endpoints_that_asked(
    hook_app: Flask,
    db_session: Session,
    admin: User,
    editor: User,
    editor2: User,
    checker: User,
    receiver: Receiver,
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("withdrawal",))
    _add_endpoint(client, admin, receiver.url + "/slack", events=("withdrawal",), style="slack")
    with hook_app.app_context():
        article, claim = publish_one(db_session, editor, editor2, checker)
        _drain(hook_app)
        assert receiver.received == [], "a first publication is not a withdrawal"

        publishing.withdraw_article(db_session, article, editor, reason="The source recanted.")
        db_session.commit()
        _drain(hook_app)

        sent = {got.path: got for got in receiver.received}
        assert sent.keys() == {"/hooks/factcheck", "/hooks/factcheck/slack"}
        payload = json.loads(sent["/hooks/factcheck"].body)
        assert sent["/hooks/factcheck"].headers["Factcheck-Event"] == "withdrawal"
        assert (payload["type"], payload["action"]) == ("withdrawal", "withdraw")
        assert (payload["from_status"], payload["to_status"]) == ("published", "withdrawn")
        assert payload["note"] == "The source recanted."
        assert payload["claim"] is None
        assert payload["article"]["id"] == article.id
        assert payload["article"]["title"] == article.title
        assert payload["article"]["url"].endswith(f"/factchecks/{article.id}")
        assert payload["article"]["claims"] == [{"id": claim.id, "text": claim.text}]
        slack = json.loads(sent["/hooks/factcheck/slack"].body)["text"]
        assert "Withdrawals" in slack and f"Fact-check #{article.id}" in slack

        receiver.received.clear()
        publishing.publish_article(db_session, article, editor, context=CONTEXT, republish=True)
        db_session.commit()
        _drain(hook_app)

    back = json.loads(next(g for g in receiver.received if g.path == "/hooks/factcheck").body)
    assert (back["type"], back["action"]) == ("withdrawal", "publish")
    assert (back["from_status"], back["to_status"]) == ("withdrawn", "published")
    assert back["article"]["claims"] == [{"id": claim.id, "text": claim.text}]


def test_the_endpoint_form_offers_withdrawals(
    hook_app: Flask, db_session: Session, admin: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("publication",))
    page = client.get("/desk/admin/webhooks").get_data(as_text=True)
    assert 'value="withdrawal"' in page and "Withdrawals and republications" in page
