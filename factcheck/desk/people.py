"""Admin page of the desk's people: who has an account, and turning one off or on."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import forms
from factcheck.desk.actions import FORM_EXPIRED, Routes
from factcheck.domain import accounts, people
from factcheck.domain.errors import DomainError
from factcheck.models import Role
from factcheck.wording import counted, plural

routes = Routes()
admin_required = web.staff_required(Role.ADMIN)


@routes.route("/admin/people")
@admin_required
def people_page() -> str:
    return render_template(
        "desk/people.html", people=people.people(web.db()), form=forms.CsrfOnlyForm()
    )


@routes.route("/admin/people/<int:user_id>/active", methods=["POST"])
@admin_required
def toggle_person(user_id: int) -> Response:
    form = forms.CsrfOnlyForm()
    if not form.validate_on_submit():
        flash(FORM_EXPIRED, "error")
        return redirect(url_for("desk.people_page"))
    person = accounts.get_user(web.db(), user_id)
    try:
        if person.active:
            done = people.disable(web.db(), person, web.user())
            message = _disabled_message(person.display_name, done)
        else:
            people.enable(web.db(), person, web.user())
            message = f"{person.display_name}'s account is on again: they can sign in."
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        flash(error.message, "error")
        return redirect(url_for("desk.people_page"))
    flash(message, "success")
    return redirect(url_for("desk.people_page"))


def _disabled_message(name: str, done: people.Disabled) -> str:
    parts = [f"{name}'s account is off: they are signed out everywhere"]
    if done.tokens_revoked:
        parts.append(f"{counted(done.tokens_revoked, 'API token')} revoked")
    if done.released:
        claims = ", ".join(f"#{claim.id}" for claim in done.released)
        one = len(done.released) == 1
        parts.append(
            f"{plural(len(done.released), 'claim')} {claims} {'is' if one else 'are'} back in "
            "the queue with any draft they left"
        )
    message = "; ".join(parts) + "."
    if done.returned_left:
        left = done.returned_left
        claims = ", ".join(f"#{claim.id}" for claim in left)
        message += (
            f" Returned {plural(len(left), 'claim')} still theirs: {claims}. Assign "
            f"{plural(len(left), 'it', 'them')} to another checker."
        )
    return message
