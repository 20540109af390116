"""A delivery whose try failed and whose retry is scheduled says so ("retrying", with when),
counts as waiting when its endpoint is deleted (and is cancelled), and is not redelivered on
top of its retry (found in the walk of the new features: it was "failed", so deleting said
that nothing was waiting and Redeliver sent it twice)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.jobs.queue import huey
from factcheck.models import User, WebhookDelivery
from tests.test_webhooks import (
    Receiver,
    _accept_a_claim,
    _add_endpoint,
    _drain,
    _failed_at,
    hook_app,
    receiver,
)

__all__ = ["hook_app", "receiver"]  # the receiver on loopback, and an app allowed to send to it


def _first_try(app: Flask) -> None:
    """Run the queued jobs up to the delivery's first try, leaving its retry scheduled."""
    with app.app_context():
        while (task := huey.dequeue()) is not None:
            _failed_at.append(dt.datetime.now(dt.UTC).replace(tzinfo=None))  # for _drain
            huey.execute(task)
            if task.name == "deliver_webhook":
                return
    raise AssertionError("no delivery was queued")


def test_a_delivery_waiting_for_its_retry_is_retrying_and_deleting_cancels_it(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    receiver.answers = [500]
    _accept_a_claim(hook_app, db_session, editor)
    _first_try(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    page_url = f"/desk/admin/webhooks/{delivery.endpoint_id}"

    page = client.get(page_url).get_data(as_text=True)
    assert "retrying: the last try failed, the next is at" in page
    assert "Redeliver</button>" not in page

    answer = client.post(
        f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver", follow_redirects=True
    )
    assert f"Delivery #{delivery.id} is already being retried" in answer.get_data(as_text=True)

    confirm = client.post(f"/desk/admin/webhooks/{delivery.endpoint_id}/delete")
    assert "1 delivery is still waiting to be sent" in confirm.get_data(as_text=True)
    client.post(f"/desk/admin/webhooks/{delivery.endpoint_id}/delete", data={"confirmed": "yes"})
    page = client.get(page_url).get_data(as_text=True)
    assert "waiting deliveries cancelled: 1" in page
    assert "<td>cancelled</td>" in page

    _drain(hook_app)
    assert len(receiver.received) == 1, "the scheduled retry was not sent, nor a redelivery"


def test_a_retry_of_a_paused_endpoint_is_not_left_retrying(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    receiver.answers = [500]
    _accept_a_claim(hook_app, db_session, editor)
    _first_try(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    client.post(f"/desk/admin/webhooks/{delivery.endpoint_id}/active")
    _drain(hook_app)

    page = client.get(f"/desk/admin/webhooks/{delivery.endpoint_id}").get_data(as_text=True)
    assert "<td>failed</td>" in page and "Not tried again: the endpoint was paused" in page
    assert "Resume the endpoint to redeliver." in page
    assert len(receiver.received) == 1
