"""The signed-in user's own account: password and API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_user
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.account.forms import ButtonForm, PasswordChangeForm, TokenForm
from factcheck.domain import accounts
from factcheck.domain.errors import DomainError, NotFound
from factcheck.models import ApiToken
from factcheck.web.signin import start_session_clock

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(status: int = 200, **forms: object) -> tuple[str, int]:
    user = web.user()
    return render_template(
        "account/account.html",
        password_form=forms.get("password_form") or PasswordChangeForm(formdata=None),
        token_form=forms.get("token_form") or TokenForm(formdata=None),
        tokens=accounts.tokens_of(web.db(), user),
        new_token=forms.get("new_token"),
    ), status


@bp.route("/")
@web.staff_required()
def account() -> tuple[str, int]:
    return _page()


@bp.route("/password", methods=["POST"])
@web.staff_required()
def change_password() -> Response | tuple[str, int]:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = web.user()
        try:
            revoked = accounts.change_password(
                web.db(),
                user,
                current=form.current.data or "",
                new=form.new.data or "",
                confirm=form.confirm.data or "",
            )
            web.db().commit()
        except DomainError as error:
            web.db().rollback()
            getattr(form, error.field or "new").errors.append(error.message)
            return _page(400, password_form=form)
        login_user(user)  # this browser stays signed in; every other session has ended
        start_session_clock()
        tokens = (
            f" and your {revoked} API token{'s' if revoked != 1 else ''} revoked" if revoked else ""
        )
        flash(f"Password changed. Your other sessions have been signed out{tokens}.", "success")
        return redirect(url_for("account.account"))
    return _page(400, password_form=form)


@bp.route("/tokens", methods=["POST"])
@web.staff_required()
def create_token() -> tuple[str, int]:
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(400, token_form=form)
    raw, _token = accounts.create_token(
        web.db(), web.user(), scope=form.scope.data or "read", name=form.name.data
    )
    web.db().commit()
    return _page(201, new_token=raw)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@web.staff_required()
def revoke_token(token_id: int) -> Response:
    form = ButtonForm()
    token = web.db().get(ApiToken, token_id)
    if token is None or token.user_id != web.user().id:
        raise NotFound(f"You have no token #{token_id}.")
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("account.account"))
    accounts.revoke_token(web.db(), token, web.user())
    web.db().commit()
    flash(f"Token {token.prefix}… revoked.", "success")
    return redirect(url_for("account.account"))
