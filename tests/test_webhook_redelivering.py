"""Redelivering: a delivery whose endpoint was paused before its first try says it was not
sent and can be redelivered once the endpoint is resumed (it was left "pending" for ever,
and Redeliver refused it as "not tried yet"), and a delivery already queued for redelivery
is not queued again (two tabs, or a double click, sent it twice)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask
from huey.api import Task
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import webhooks
from factcheck.domain.errors import Conflict
from factcheck.jobs.queue import huey
from factcheck.models import DeliveryStatus, User, WebhookDelivery
from tests.test_webhooks import (
    Receiver,
    _accept_a_claim,
    _add_endpoint,
    _drain,
    hook_app,
    receiver,
)

__all__ = ["hook_app", "receiver"]  # the receiver on loopback, and an app allowed to send to it


def _up_to_the_first_try(app: Flask) -> Task:
    """Run the queued jobs that make the delivery; return its first try, not run yet."""
    with app.app_context():
        while (task := huey.dequeue()) is not None:
            if task.name == "deliver_webhook":
                return task
            huey.execute(task)
    raise AssertionError("no delivery was queued")


def test_a_delivery_paused_before_its_first_try_can_be_redelivered_after_resuming(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    _accept_a_claim(hook_app, db_session, editor)
    first_try = _up_to_the_first_try(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    page_url = f"/desk/admin/webhooks/{delivery.endpoint_id}"
    client.post(f"{page_url}/active")  # paused before the worker sends it
    with hook_app.app_context():
        huey.execute(first_try)
    _drain(hook_app)

    page = client.get(page_url).get_data(as_text=True)
    assert receiver.received == []
    assert "<td>failed</td>" in page
    assert "Not sent: the endpoint was paused" in page
    assert "Resume the endpoint to redeliver." in page

    client.post(f"{page_url}/active")  # resumed
    assert "Redeliver</button>" in client.get(page_url).get_data(as_text=True)
    answer = client.post(
        f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver", follow_redirects=True
    )
    assert f"Delivery #{delivery.id} is queued to be sent again." in answer.get_data(as_text=True)
    _drain(hook_app)
    assert len(receiver.received) == 1
    page = client.get(page_url).get_data(as_text=True)
    assert "<td>delivered</td>" in page


def test_redeliver_pressed_twice_sends_once(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    redeliver = f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver"

    client.post(redeliver)
    second = client.post(redeliver, follow_redirects=True).get_data(as_text=True)
    assert f"Delivery #{delivery.id} is already queued to be sent again" in second
    assert "Redeliver</button>" not in second  # the page says it is queued instead
    assert "Queued to be sent again: waiting for the worker." in second
    _drain(hook_app)

    assert len(receiver.received) == 2, "the first send and one redelivery"
    page = client.get(f"/desk/admin/webhooks/{delivery.endpoint_id}").get_data(as_text=True)
    assert "Redeliver</button>" in page  # sent: it may be redelivered again


def test_two_redeliveries_at_once_queue_one(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    """The second of two requests that both read the delivery as sent is refused."""
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    assert delivery.status is DeliveryStatus.DELIVERED
    # The other request queued it after this one read it.
    db_session.execute(
        update(WebhookDelivery)
        .values(status=DeliveryStatus.PENDING)
        .execution_options(synchronize_session=False)
    )

    with pytest.raises(Conflict, match="already queued to be sent again"):
        webhooks.redeliver(db_session, delivery.id, admin)


def test_a_redelivery_whose_job_was_lost_can_be_asked_for_again(
    hook_app: Flask,
    db_session: Session,
    admin: User,
    editor: User,
    receiver: Receiver,
) -> None:
    # Refusing a second Redeliver while one is queued must not lock a delivery out for ever
    # when the queued job never runs (the worker was killed, the queue was down).
    moment = [clock.now()]
    clock.set_source(lambda: moment[0])
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    redeliver = f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver"
    client.post(redeliver)
    with hook_app.app_context():
        while huey.dequeue() is not None:  # the job is lost
            pass
    refused = client.post(redeliver, follow_redirects=True).get_data(as_text=True)
    assert "already queued to be sent again" in refused  # ten minutes are not over yet
    moment[0] += dt.timedelta(minutes=11)
    page = client.get(f"/desk/admin/webhooks/{delivery.endpoint_id}").get_data(as_text=True)
    assert "the worker may have lost it" in page and "Redeliver</button>" in page
    answer = client.post(redeliver, follow_redirects=True).get_data(as_text=True)
    assert f"Delivery #{delivery.id} is queued to be sent again." in answer
    _drain(hook_app)
    assert len(receiver.received) == 2, "the first send and the redelivery asked again"


def test_a_paused_endpoint_refuses_a_redelivery_until_it_is_resumed(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    # Redeliver on a paused endpoint sent the delivery at once: a paused endpoint gets nothing.
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    page_url = f"/desk/admin/webhooks/{delivery.endpoint_id}"
    redeliver = f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver"
    client.post(f"{page_url}/active")  # paused

    page = client.get(page_url).get_data(as_text=True)
    assert "Redeliver</button>" not in page
    assert "Resume the endpoint to redeliver." in page
    refused = client.post(redeliver, follow_redirects=True).get_data(as_text=True)
    assert f"Webhook endpoint #{delivery.endpoint_id} is paused" in refused
    _drain(hook_app)
    assert len(receiver.received) == 1, "only the first send"

    client.post(f"{page_url}/active")  # resumed
    answer = client.post(redeliver, follow_redirects=True).get_data(as_text=True)
    assert f"Delivery #{delivery.id} is queued to be sent again." in answer
    _drain(hook_app)
    assert len(receiver.received) == 2


def test_a_redelivery_queued_before_a_pause_is_not_sent(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    page_url = f"/desk/admin/webhooks/{delivery.endpoint_id}"
    client.post(f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver")
    client.post(f"{page_url}/active")  # paused before the worker sends it
    _drain(hook_app)

    assert len(receiver.received) == 1, "only the first send"
    page = client.get(page_url).get_data(as_text=True)
    assert "<td>failed</td>" in page
    assert "Not sent again: the endpoint was paused" in page
    client.post(f"{page_url}/active")  # resumed: it may be redelivered
    assert "Redeliver</button>" in client.get(page_url).get_data(as_text=True)


@pytest.fixture(autouse=True)
def _real_clock_after() -> Iterator[None]:
    yield
    clock.set_source(None)
