"""Admins edit a webhook endpoint (URL, events, description: checked as when it is added),
rotate its signing secret, and delete it (after confirming): deliveries still waiting go to
the new URL and are signed with the new secret; a deleted endpoint's waiting deliveries are
cancelled and the worker never sends to it, not even a delivery already queued. Each change
is in the audit trail and the endpoint's history; deleting keeps its delivery log."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.jobs.queue import huey
from factcheck.models import Event, User, WebhookDelivery, WebhookEndpoint
from tests.conftest import login
from tests.test_webhooks import (
    Receiver,
    _accept_a_claim,
    _add_endpoint,
    _drain,
    _verify,
    hook_app,
    receiver,
)

__all__ = ["hook_app", "receiver"]  # the receiver on loopback, and an app allowed to send to it


def _endpoint_id(session: Session) -> int:
    return session.scalars(select(WebhookEndpoint.id).order_by(WebhookEndpoint.id.desc())).first()


def _make_deliveries(app: Flask) -> None:
    """Run the queued jobs up to the one that makes deliveries: those are queued, unsent."""
    with app.app_context():
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
            if task.name == "webhooks_for_event":
                return
    raise AssertionError("no webhooks_for_event job was queued")


def _edit(client: FlaskClient, endpoint_id: int, **data: object) -> tuple[int, str]:
    form = {"url": "https://hooks.example.org/new", "events": ["claim_state"], **data}
    response = client.post(f"/desk/admin/webhooks/{endpoint_id}/edit", data=form)
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    return response.status_code, response.get_data(as_text=True)


def _actions(session: Session) -> list[str]:
    query = select(Event.action).where(Event.entity_type == "webhook").order_by(Event.id)
    return list(session.scalars(query))


# --- edit ------------------------------------------------------------------------------------


def test_the_edit_page_shows_the_endpoint_as_it_is(
    hook_app: Flask, db_session: Session, admin: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("publication",))
    page = client.get(f"/desk/admin/webhooks/{_endpoint_id(db_session)}/edit")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'value="{receiver.url}"' in text
    assert re.search(r'checked[^>]*value="publication"|value="publication"[^>]*checked', text)
    assert "Deliveries still waiting to be sent" in text and "go to the new URL" in text


def test_a_queued_delivery_goes_to_the_edited_url(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    endpoint = _add_endpoint(client, admin, receiver.url + "/old", events=("claim_state",))
    endpoint_id = _endpoint_id(db_session)
    _accept_a_claim(hook_app, db_session, editor)
    _make_deliveries(hook_app)  # a delivery waits for the worker, made for the old URL

    status, page = _edit(
        client,
        endpoint_id,
        url=receiver.url + "/new",
        events=["claim_state", "publication"],
        description="Newsroom chat",
    )
    assert status == 200
    assert (
        "Endpoint updated: its URL, events and description changed. "
        "Deliveries still waiting go to the new URL." in page
    )
    assert "/new</code>" in page and "Newsroom chat" in page and "Publication" in page
    _drain(hook_app)

    assert [item.path for item in receiver.received] == ["/hooks/factcheck/new"]
    got = receiver.received[0]
    assert _verify()(endpoint.secret, got.headers["Factcheck-Signature"], got.body)
    assert _actions(db_session) == ["webhook_create", "webhook_edit"]
    note = db_session.scalars(select(Event.note).where(Event.action == "webhook_edit")).one()
    assert (
        note is not None and "/old → " in note and "claim_state → claim_state,publication" in note
    )
    page = client.get(f"/desk/admin/webhooks/{endpoint_id}").get_data(as_text=True)
    assert "edited it" in page


def test_an_edit_that_changes_nothing_says_so(
    hook_app: Flask, db_session: Session, admin: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    status, page = _edit(client, _endpoint_id(db_session), url=receiver.url)
    assert status == 200 and "Nothing changed: the endpoint is as it was." in page
    assert _actions(db_session) == ["webhook_create"]


def test_an_edit_is_refused_as_an_addition_would_be(
    hook_app: Flask, db_session: Session, admin: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    endpoint_id = _endpoint_id(db_session)
    refusals = {
        "": "This field is required.",
        "javascript:alert(1)": "must be a full http:// or https:// address",
        "ftp://hooks.example.org/x": "must be a full http:// or https:// address",
        # The app allows 127.0.0.1 (the receiver): other private addresses stay refused.
        "http://192.168.1.5/hook": (
            "URL: factcheck does not send to addresses on private networks (192.168.1.5)."
            " Use a public address for the endpoint"
        ),
        "http://169.254.169.254/latest": "factcheck does not send to",
        "http://[::1]/hook": "factcheck does not send to",
    }
    for url, message in refusals.items():
        status, page = _edit(client, endpoint_id, url=url)
        assert status == 400, url
        assert message in page, (url, page)
        assert "Edit webhook endpoint" in page  # the form again, as typed
    status, page = _edit(client, endpoint_id, url=receiver.url, events=[])
    assert status == 400 and "Choose at least one event to send." in page
    status, page = _edit(client, endpoint_id, url=receiver.url, events=["everything"])
    assert status == 400
    status, page = _edit(client, endpoint_id, url=receiver.url, description="x" * 201)
    assert status == 400 and "200 characters" in page
    db_session.expire_all()
    assert db_session.get(WebhookEndpoint, endpoint_id).url == receiver.url  # type: ignore[union-attr]
    assert _actions(db_session) == ["webhook_create"]


def test_the_edit_form_refuses_a_loopback_address_like_the_add_form(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    # Without FACTCHECK_FETCH_ALLOW: the same words on the URL field as when adding.
    login(client, admin)
    added = client.post(
        "/desk/admin/webhooks",
        data={
            "url": "https://93.184.215.14/hook",
            "events": ["claim_state"],
            "payload_format": "json",
        },
    )
    assert added.status_code == 302
    refused = client.post(
        "/desk/admin/webhooks",
        data={
            "url": "http://127.0.0.1:8080/hook",
            "events": ["claim_state"],
            "payload_format": "json",
        },
    )
    message = re.search(r'field-error" role="alert">([^<]+)<', refused.get_data(as_text=True))
    assert message is not None
    status, page = _edit(client, _endpoint_id(db_session), url="http://127.0.0.1:8080/hook")
    assert status == 400 and message.group(1) in page


# --- rotate ----------------------------------------------------------------------------------


def test_rotating_the_secret_signs_waiting_deliveries_with_the_new_one(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    old = _add_endpoint(client, admin, receiver.url, events=("claim_state",)).secret
    endpoint_id = _endpoint_id(db_session)
    _accept_a_claim(hook_app, db_session, editor)
    _make_deliveries(hook_app)

    response = client.post(f"/desk/admin/webhooks/{endpoint_id}/secret", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "New signing secret made; it is shown below." in page
    assert "the old secret no longer signs deliveries" in page
    new = re.search(r"whsec_[0-9a-f]+", page)
    assert new is not None and new.group() != old
    _drain(hook_app)

    got = receiver.received[0]
    assert _verify()(new.group(), got.headers["Factcheck-Signature"], got.body)
    assert not _verify()(old, got.headers["Factcheck-Signature"], got.body)
    assert _actions(db_session) == ["webhook_create", "webhook_rotate_secret"]
    notes = db_session.scalars(select(Event.note).where(Event.entity_type == "webhook"))
    assert not any(note and "whsec_" in note for note in notes), "the trail never holds a secret"
    assert "made a new signing secret" in page


# --- delete ----------------------------------------------------------------------------------


def test_deleting_asks_first_then_cancels_what_waits_and_sends_nothing(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    endpoint_id = _endpoint_id(db_session)
    _accept_a_claim(hook_app, db_session, editor)
    _make_deliveries(hook_app)  # its deliver_webhook job is already in the queue

    asked = client.post(f"/desk/admin/webhooks/{endpoint_id}/delete")
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Delete the webhook endpoint" in text
    assert "1 delivery is still waiting to be sent: it is cancelled." in text
    assert 'name="confirmed" value="yes"' in text
    db_session.expire_all()
    assert db_session.get(WebhookEndpoint, endpoint_id).deleted_at is None  # type: ignore[union-attr]

    done = client.post(
        f"/desk/admin/webhooks/{endpoint_id}/delete",
        data={"confirmed": "yes"},
        follow_redirects=True,
    )
    page = done.get_data(as_text=True)
    assert "Deleted on" in page and "nothing is sent to it any more" in page
    # One message says it, not a flash and the page's notice both (found in the walk)
    assert page.count("it was still waiting for") == 1
    assert "(deleted)" in page and "cancelled" in page and "whsec_" not in page
    _drain(hook_app)  # the job queued before the delete runs now

    assert receiver.received == []
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    db_session.refresh(delivery)
    assert delivery.status.value == "cancelled" and delivery.attempts == 0
    assert _actions(db_session) == ["webhook_create", "webhook_delete"]
    assert "deleted" in client.get("/desk/admin/webhooks").get_data(as_text=True)


def test_a_deleted_endpoint_gets_no_retry_no_redelivery_and_no_new_event(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    endpoint_id = _endpoint_id(db_session)
    receiver.answers = [500]
    _accept_a_claim(hook_app, db_session, editor)
    with hook_app.app_context():  # up to the first try, which fails: a retry is scheduled
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
    assert len(receiver.received) == 1 and huey.scheduled()

    client.post(f"/desk/admin/webhooks/{endpoint_id}/delete", data={"confirmed": "yes"})
    _drain(hook_app)
    assert len(receiver.received) == 1, "the retry was not sent"

    delivery = db_session.scalars(select(WebhookDelivery)).one()
    page = client.post(
        f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver", follow_redirects=True
    ).get_data(as_text=True)
    assert f"Webhook endpoint #{endpoint_id} was deleted: it can no longer be changed" in page
    _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)
    assert len(receiver.received) == 1
    assert len(db_session.scalars(select(WebhookDelivery)).all()) == 1, "no new delivery"
    db_session.refresh(delivery)
    assert [attempt.status_code for attempt in delivery.tries] == [500], "the log stays"


def test_a_deleted_endpoint_cannot_be_edited_resumed_rotated_or_deleted_again(
    hook_app: Flask, db_session: Session, admin: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    endpoint_id = _endpoint_id(db_session)
    client.post(f"/desk/admin/webhooks/{endpoint_id}/delete", data={"confirmed": "yes"})
    base = f"/desk/admin/webhooks/{endpoint_id}"

    assert client.get(f"{base}/edit").status_code == 409
    assert _edit(client, endpoint_id, url=receiver.url + "/x")[0] == 409
    for action in ("active", "secret", "delete"):
        page = client.post(f"{base}/{action}", follow_redirects=True).get_data(as_text=True)
        assert "was deleted: it can no longer be changed" in page, action
    page = client.get(base).get_data(as_text=True)
    assert "Make a new secret" not in page and "Delete…" not in page and "Edit URL" not in page
    assert _actions(db_session) == ["webhook_create", "webhook_delete"]


def test_an_edit_from_a_page_opened_before_another_edit_is_refused_not_applied(
    hook_app: Flask, db_session: Session, admin: User, receiver: Receiver
) -> None:
    first, second = hook_app.test_client(), hook_app.test_client()
    _add_endpoint(first, admin, receiver.url + "/a", events=("claim_state",))
    login(second, admin)
    endpoint_id = _endpoint_id(db_session)
    opened = first.get(f"/desk/admin/webhooks/{endpoint_id}/edit").text  # an admin's tab
    hidden_input = r'<input[^>]*name="(\w+)"[^>]*type="hidden"[^>]*value="([^"]*)"'
    hidden = dict(re.findall(hidden_input, opened))
    assert _edit(second, endpoint_id, url=receiver.url + "/b")[0] == 200  # another tab saves

    # The first tab adds an event, sending back its form as it was (hidden fields too).
    form = {**hidden, "url": receiver.url + "/a", "events": ["claim_state", "publication"]}
    response = first.post(f"/desk/admin/webhooks/{endpoint_id}/edit", data=form)
    assert response.status_code == 409
    refusal = f"Webhook endpoint #{endpoint_id} was changed since you opened this page"
    assert refusal in response.text
    assert "Your text is kept below." in response.text
    endpoint = db_session.get(WebhookEndpoint, endpoint_id)
    db_session.refresh(endpoint)
    assert endpoint.url == receiver.url + "/b" and endpoint.events == ["claim_state"]
