"""Admin page of the desk's people: who has an account, inviting someone, their role, their
email, a new link to set a password, and turning an account off or on."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import forms
from factcheck.desk.actions import FORM_EXPIRED, Routes, field_error, form_action
from factcheck.desk.people_forms import EmailForm, InviteForm, RoleForm
from factcheck.domain import accounts, people
from factcheck.domain.errors import DomainError
from factcheck.domain.password_links import LIFETIME_TEXT, Purpose
from factcheck.models import Role, User
from factcheck.web.settings import link_secret, mail_configured, public_url
from factcheck.wording import counted, plural, with_article

routes = Routes()
admin_required = web.staff_required(Role.ADMIN)
LINK_ENDPOINTS = {Purpose.INVITE: "auth.accept_invitation", Purpose.RESET: "auth.reset_password"}


def _page(
    status: int = 200,
    invite_form: InviteForm | None = None,
    shown: dict[str, str] | None = None,
    email_form: tuple[int, EmailForm] | None = None,
) -> tuple[str, int]:
    """The page; `shown` is a link that was not mailed, shown once to hand on;
    `email_form` a person's id and their email form, sent and refused."""
    everyone = people.people(web.db())
    return render_template(
        "desk/people.html",
        people=everyone,
        form=forms.CsrfOnlyForm(),
        invite_form=invite_form or InviteForm(formdata=None),
        roles=[role.value for role in Role],
        invited={person.id for person in everyone if not accounts.has_password(person)},
        mail_configured=mail_configured(),
        shown=shown,
        email_form=email_form,
    ), status


@routes.route("/admin/people")
@admin_required
def people_page() -> tuple[str, int]:
    return _page()


@routes.route("/admin/people/invite", methods=["POST"])
@admin_required
def invite_person() -> Response | tuple[str, int]:
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(400, invite_form=form)
    mail = mail_configured()
    try:
        invited = people.invite(
            web.db(),
            link_secret(),
            actor=web.user(),
            email=form.email.data or "",
            display_name=form.display_name.data or "",
            role=Role(form.role.data),
            mail=mail,
        )
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        field_error(form, error)
        return _page(400, invite_form=form)
    name = invited.user.display_name
    if invited.token is None:
        flash(f"{name} is invited: a link to choose a password was mailed to them.", "success")
        return redirect(url_for("desk.people_page"))
    return _shown_once(_shown(invited.user, Purpose.INVITE, invited.token))


@routes.route("/admin/people/<int:user_id>/link", methods=["POST"])
@admin_required
def send_password_link(user_id: int) -> Response | tuple[str, int]:
    if not forms.CsrfOnlyForm().validate_on_submit():
        flash(FORM_EXPIRED, "error")
        return redirect(url_for("desk.people_page"))
    person = accounts.get_user(web.db(), user_id)
    try:
        purpose, token = people.send_link(
            web.db(), link_secret(), person, web.user(), mail=mail_configured()
        )
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        flash(error.message, "error")
        return redirect(url_for("desk.people_page"))
    if token is None:
        flash(f"A link to choose a password was mailed to {person.display_name}.", "success")
        return redirect(url_for("desk.people_page"))
    return _shown_once(_shown(person, purpose, token))


def _shown_once(shown: dict[str, str]) -> Response:
    """The page with a link that was not mailed: no cache keeps it, nor the address."""
    body, status = _page(201, shown=shown)
    headers = {"Cache-Control": "no-store"}
    return Response(body, status=status, headers=headers, mimetype="text/html")


def _shown(person: User, purpose: Purpose, token: str) -> dict[str, str]:
    return {
        "name": person.display_name,
        "email": person.email,
        "lifetime": LIFETIME_TEXT[purpose],
        "url": public_url(LINK_ENDPOINTS[purpose], token=token),
    }


@routes.route("/admin/people/<int:user_id>/role", methods=["POST"])
@admin_required
def change_role(user_id: int) -> Response:
    form = RoleForm()
    if not form.validate_on_submit():
        flash(FORM_EXPIRED if "csrf_token" in form.errors else "Choose one of the roles.", "error")
        return redirect(url_for("desk.people_page"))
    person = accounts.get_user(web.db(), user_id)
    try:
        changed = people.change_role(web.db(), person, Role(form.role.data), web.user())
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        flash(error.message, "error")
        return redirect(url_for("desk.people_page"))
    if changed and person.id == web.user().id:
        # The People page is for admins: an admin who gave up the role goes to the desk.
        flash(f"You are now {_a(person.role)}: Admin pages are no longer open to you.", "success")
        return redirect(url_for("desk.home"))
    if changed:
        flash(f"{person.display_name} is now {_a(person.role)}.", "success")
    else:
        who = "You are" if person.id == web.user().id else f"{person.display_name} is"
        flash(f"{who} already {_a(person.role)}; nothing changed.", "info")
    return redirect(url_for("desk.people_page"))


@routes.route("/admin/people/<int:user_id>/email", methods=["POST"])
@admin_required
def change_email(user_id: int) -> Response | tuple[str, int]:
    person = accounts.get_user(web.db(), user_id)
    form = EmailForm()
    done = form_action(
        form, lambda: people.change_email(web.db(), person, form.email.data or "", web.user())
    )
    if done is not True:
        status = done.status if isinstance(done, DomainError) else 400
        return _page(status, email_form=(person.id, form))
    message = f"{person.display_name}'s email is now {person.email}."
    if person.active and not accounts.has_password(person):
        message += (
            " The invitation sent to the old address no longer works: send a new one with"
            " “Send the invitation again” on their row."
        )
    flash(message, "success")
    return redirect(url_for("desk.people_page"))


def _a(role: Role) -> str:
    return with_article(role.value)


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
