"""Admin pages of webhooks: endpoints, their secret, the delivery log, and redelivering."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import forms
from factcheck.desk.actions import Routes, attempt, field_error
from factcheck.domain import webhooks
from factcheck.domain.errors import DomainError
from factcheck.models import Role

routes = Routes()
admin_required = web.staff_required(Role.ADMIN)


@routes.route("/admin/webhooks", methods=["GET", "POST"])
@admin_required
def webhooks_page() -> Response | tuple[str, int]:
    form = forms.WebhookForm()
    if not form.validate_on_submit():
        return _webhooks_page(form, 400 if form.errors else 200)
    try:
        endpoint = webhooks.create_endpoint(
            web.db(),
            web.user(),
            url=form.url.data,
            events=form.events.data or [],
            payload_format=form.payload_format.data or "",
            description=form.description.data,
            allow=_allowed(),
        )
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        field_error(form, error)
        return _webhooks_page(form, error.status)
    return redirect(url_for("desk.webhook_endpoint", endpoint_id=endpoint.id))


def _allowed() -> tuple[str, ...]:
    """The FACTCHECK_FETCH_ALLOW entries, which deliveries honour too."""
    return web.settings.ingest_limits().policy.allow


def _webhooks_page(form: forms.WebhookForm, status: int) -> tuple[str, int]:
    page = render_template("desk/webhooks.html", endpoints=webhooks.endpoints(web.db()), form=form)
    return page, status


@routes.route("/admin/webhooks/<int:endpoint_id>")
@admin_required
def webhook_endpoint(endpoint_id: int) -> str:
    endpoint = webhooks.get_endpoint(web.db(), endpoint_id)
    return render_template(
        "desk/webhook.html",
        endpoint=endpoint,
        deliveries=webhooks.recent_deliveries(web.db(), endpoint.id),
        labels=webhooks.LABELS,
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/admin/webhooks/<int:endpoint_id>/active", methods=["POST"])
@admin_required
def toggle_webhook(endpoint_id: int) -> Response:
    endpoint = webhooks.get_endpoint(web.db(), endpoint_id)
    active = not endpoint.active
    return attempt(
        lambda: webhooks.set_active(web.db(), endpoint_id, web.user(), active, allow=_allowed()),
        "Endpoint resumed." if active else "Endpoint paused: it gets no new deliveries.",
        url_for("desk.webhook_endpoint", endpoint_id=endpoint_id),
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/admin/webhook-deliveries/<int:delivery_id>/redeliver", methods=["POST"])
@admin_required
def redeliver_webhook(delivery_id: int) -> Response:
    delivery = webhooks.get_delivery(web.db(), delivery_id)
    return attempt(
        lambda: webhooks.redeliver(web.db(), delivery_id, web.user()),
        f"Delivery #{delivery_id} is queued to be sent again.",
        url_for("desk.webhook_endpoint", endpoint_id=delivery.endpoint_id),
        form=forms.CsrfOnlyForm(),
    )
