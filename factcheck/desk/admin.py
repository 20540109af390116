"""Admin pages: the rating scale and the site's own pages (the methodology)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from factcheck import web
from factcheck.desk import forms
from factcheck.desk.actions import Routes, attempt, flash_at, form_action
from factcheck.domain import research, scale, site_pages
from factcheck.domain.errors import DomainError, NotFound, StaleVersion
from factcheck.domain.validation import optional_id
from factcheck.models import ADMINS, Rating

routes = Routes()
admin_required = web.staff_required(*ADMINS)


def _rating(rating_id: int) -> Rating:
    rating = web.db().get(Rating, rating_id)
    if rating is None:
        raise NotFound(f"There is no rating #{rating_id}.")
    return rating


@routes.route("/ratings", methods=["GET", "POST"])
@admin_required
def ratings_page() -> Response | tuple[str, int]:
    form = _rating_form(forms.RatingForm())
    replaced_id = optional_id(form.replaces.data)
    replaced = _rating(replaced_id) if replaced_id else None
    done = form_action(
        form,
        lambda: scale.add_rating(
            web.db(),
            web.user(),
            slug=form.slug.data,
            label=form.label.data,
            ordinal=form.ordinal.data,
            description=form.description.data,
            colour=form.colour.data,
            replaces=replaced,
        ),
    )
    if done is True:
        flash(_added(form.label.data or "", replaced), "success")
        return redirect(url_for("desk.ratings_page"))
    status = done.status if isinstance(done, DomainError) else 400 if form.errors else 200
    return _render_ratings(form, status)


def _added(label: str, replaced: Rating | None) -> str:
    """What adding a rating did; in another's place, what retiring that one does (as its
    Retire button's confirmation says)."""
    if replaced is None:
        return "Rating added: a new version of the scale starts now."
    new, old = label.strip(), replaced.label
    return (
        f"“{new}” added in place of “{old}”, which is retired: drafts and returned verdicts"
        f" that chose it open with “{new}”; published fact-checks keep “{old}”. A new version"
        " of the scale starts now."
    )


def _render_ratings(
    form: forms.RatingForm,
    status: int,
    edited: tuple[int, forms.RatingEditForm] | None = None,
) -> tuple[str, int]:
    """The scale; `edited` is a refused edit of one rating (its id and form), as typed."""
    session = web.db()
    active = research.ratings(session)
    edit_forms = {r.id: forms.RatingEditForm(obj=r, prefix=f"r{r.id}") for r in active}
    if edited is not None:
        edit_forms[edited[0]] = edited[1]
    return render_template(
        "desk/ratings.html",
        form=_rating_form(form, active),
        ratings=research.ratings(session, include_retired=True),
        edit_forms=edit_forms,
        retire_form=_retire_form(active),
        earlier=scale.earlier_definitions(session),
        shared_ordinals=scale.shared_ordinals(active),
    ), status


def _rating_form(form: forms.RatingForm, active: list[Rating] | None = None) -> forms.RatingForm:
    """The add form, with the ratings in use as the places a new one may take."""
    in_use = research.ratings(web.db()) if active is None else active
    form.replaces.choices = [SelectChoice("", "None: a new place on the scale")] + [
        SelectChoice(str(r.id), f"{r.label} ({r.ordinal})") for r in in_use
    ]
    return form


def _retire_form(active: list[Rating]) -> forms.RetireForm:
    form = forms.RetireForm()
    form.replacement.choices = [SelectChoice(str(r.id), r.label) for r in active]
    return form


@routes.route("/ratings/<int:rating_id>/edit", methods=["POST"])
@admin_required
def edit_rating(rating_id: int) -> Response | tuple[str, int]:
    rating = _rating(rating_id)
    form = forms.RatingEditForm(prefix=f"r{rating_id}")
    done = form_action(
        form,
        lambda: scale.edit_rating(
            web.db(),
            rating,
            web.user(),
            description=form.description.data,
            colour=form.colour.data,
            expected_version=optional_id(form.version.data),
        ),
    )
    if done is True:
        flash(f"“{rating.label}” updated.", "success")
        return redirect(url_for("desk.ratings_page"))
    # The definition stays as typed, with the error summary above it.
    status = done.status if isinstance(done, DomainError) else 400
    return _render_ratings(forms.RatingForm(formdata=None), status, edited=(rating.id, form))


@routes.route("/ratings/<int:rating_id>/retire", methods=["POST"])
@admin_required
def retire_rating(rating_id: int) -> Response | str:
    """Retire a rating once the admin has chosen its replacement and, having read what uses
    the rating (`confirm_retire.html`), confirmed."""
    rating = _rating(rating_id)
    form = _retire_form(research.ratings(web.db()))
    back = url_for("desk.ratings_page", _anchor=f"retire-{rating.id}")
    replacement_id = optional_id(form.replacement.data) if form.validate_on_submit() else None
    replacement = web.db().get(Rating, replacement_id) if replacement_id else None
    if replacement is None:
        flash_at(back, f"Choose the rating that replaces “{rating.label}”.", "error")
        return redirect(back)
    if not form.confirmed.data:
        return render_template(
            "desk/confirm_retire.html",
            form=form,
            rating=rating,
            replacement=replacement,
            usage=scale.usage(web.db(), rating),
        )
    return attempt(
        lambda: scale.retire_rating(web.db(), rating, web.user(), replacement=replacement),
        f"“{rating.label}” retired; new verdicts use “{replacement.label}”.",
        url_for("desk.ratings_page"),
    )


@routes.route("/pages/<slug>/edit", methods=["GET", "POST"])
@admin_required
def edit_page(slug: str) -> Response | tuple[str, int]:
    page = site_pages.get_page(web.db(), slug)
    form = forms.SitePageForm(obj=page)
    if not form.is_submitted():
        # A page nobody has saved has no version yet (obj's None would win over a keyword
        # and leave the hidden field empty): 0 marks "based on the default text".
        form.version.data = str(page.version or 0)
    done = form_action(
        form,
        lambda: site_pages.save_page(
            web.db(),
            slug,
            web.user(),
            title=form.title.data,
            body=form.body.data,
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        flash("Page saved.", "success")
        return redirect(url_for("public.methodology"))
    stale = isinstance(done, StaleVersion)
    if stale:
        # As on the claim page: the saved text is shown to compare with, and saving again
        # is a choice made on it, not refused again on the version the form was opened at.
        form.version.data = str(page.version)
    status = done.status if isinstance(done, DomainError) else 400 if form.errors else 200
    return render_template("desk/edit_page.html", form=form, page=page, stale=stale), status
