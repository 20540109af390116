"""What the desk's areas share: how each declares its routes, and how a view runs an action.

A view parses its form, hands one domain call to `attempt` (buttons: flash and redirect)
or `form_action` (forms shown again when they fail), and these commit once or roll back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, current_app, flash, redirect
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from factcheck import clock, idempotency, web
from factcheck.domain.errors import DomainError, StaleVersion

FORM_EXPIRED = "The form expired; try again."
ALREADY_SENT = "That form was already sent: nothing was added twice."

View = TypeVar("View", bound=Callable[..., Any])


class Routes:
    """The routes of one desk area, added to the desk blueprint by `factcheck.desk`.

    Each area keeps its routes to itself, so no module is imported for its side effects.
    """

    def __init__(self) -> None:
        self._rules: list[tuple[str, Callable[..., Any], dict[str, Any]]] = []

    def route(self, rule: str, **options: Any) -> Callable[[View], View]:
        def decorator(view: View) -> View:
            self._rules.append((rule, view, options))
            return view

        return decorator

    def register(self, blueprint: Blueprint) -> None:
        for rule, view, options in self._rules:
            blueprint.add_url_rule(rule, view_func=view, **options)


def lease() -> dt.timedelta:
    """How long a claim stays with its checker without work (FACTCHECK_LEASE_HOURS)."""
    return dt.timedelta(hours=current_app.config["LEASE_HOURS"])


def at(day: dt.date | None, hour: int) -> dt.datetime | None:
    """A form's date as a moment of that day, `hour` o'clock newsroom time (stored in UTC)."""
    return clock.local_moment(day, hour) if day else None


def attempt(
    action: Callable[[], object],
    success: str | None,
    target: str,
    *,
    form: FlaskForm | None = None,
    invalid: str = FORM_EXPIRED,
    keep_on: type[DomainError] | None = None,
    landing: Callable[[Any], str] | None = None,
) -> Response:
    """Run a domain action for a button: commit and say what happened, or say why not.

    With a `form`, the action runs only when the form (and its CSRF token) is valid, and
    only once for a form that carries a `form_token` (see `commit_once`). A refusal of the
    `keep_on` kind still commits what the action wrote before refusing (text typed into
    the form); any other refusal rolls back. `landing` gives where a success lands from
    what the action returned (a record it made, whose place `target` cannot know yet).
    A `success` of None flashes nothing: the page landed on says it already.
    """
    if form is not None and not form.validate_on_submit():
        flash_at(target, invalid, "error")
        return redirect(target)
    if form is not None and sent_before(form):
        flash_at(target, ALREADY_SENT, "info")
        return redirect(target)
    try:
        done = action()
        if landing is not None:
            target = landing(done)
        if not commit_once(form, target):
            flash_at(target, ALREADY_SENT, "info")
            return redirect(target)
        if success is not None:
            flash_at(target, success, "success")
    except DomainError as error:
        if keep_on is not None and isinstance(error, keep_on):
            web.db().commit()
        else:
            web.db().rollback()
        flash_at(target, error.message, "error")
    return redirect(target)


def flash_at(target: str, message: str, kind: str) -> None:
    """Flash a message filed under the anchor `target` jumps to, so the page can show it
    beside that element (templates call `flashes_at(anchor)`), not off-screen at the top."""
    anchor = target.partition("#")[2]
    flash(message, f"{kind}#{anchor}" if anchor else kind)


def sent_before(form: FlaskForm) -> bool:
    """Whether this filling-in of the form (its `form_token`) was already committed."""
    token = getattr(form, "form_token", None)
    return token is not None and bool(idempotency.form_seen(web.db(), web.user(), token.data))


def commit_once(form: FlaskForm | None, target: str) -> bool:
    """Commit, remembering the form's token; False if the same form won a race meanwhile."""
    token = getattr(form, "form_token", None)
    if token is not None:
        idempotency.remember_form(web.db(), web.user(), token.data, target)
    try:
        web.db().commit()
    except idempotency.IntegrityError:
        web.db().rollback()  # the same form, sent twice at once: the other one won
        return False
    return True


def form_action(form: FlaskForm, action: Callable[[], object]) -> bool | DomainError:
    """For forms that show their page again when they fail.

    True: the form was valid and the action is committed (the caller says so and
    redirects). The DomainError: the action refused, the transaction is rolled back and
    the message sits on the form. False: the form did not validate, nothing was run.
    """
    if not form.validate_on_submit():
        return False
    try:
        action()
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        field_error(form, error)
        return error
    return True


def field_error(form: Any, error: DomainError) -> None:
    """Show a domain refusal on the form field it names, or above the form."""
    message = error.message
    if isinstance(error, StaleVersion) and _typed(form):
        message += " Your text is kept below."  # the form comes back as it was sent
    field = getattr(form, (error.field or "").replace(" ", "_"), None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)


def _typed(form: Any) -> bool:
    """Whether a form holds something its user typed (a text field with a value)."""
    return any(
        field.type in ("StringField", "TextAreaField") and (field.data or "").strip()
        for field in form
    )
