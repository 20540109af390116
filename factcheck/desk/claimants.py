"""Claimants: autocomplete for the claim page, and the records' admin pages (list, edit,
merge two records into one)."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from factcheck import web
from factcheck.desk.actions import Routes, attempt, form_action
from factcheck.desk.claimant_forms import ClaimantForm, ClaimantMergeForm
from factcheck.domain import after_publication, claimants
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import optional_id
from factcheck.models import Claimant
from factcheck.wording import counted

routes = Routes()


@routes.route("/claimants/suggest")
@web.editor_required
def suggest_claimants() -> Response:
    """Claimants whose name or alias matches `q`, as JSON for the claimant field."""
    found = claimants.suggest(web.db(), (request.args.get("q") or "")[:200])
    return jsonify(
        {
            "claimants": [
                {
                    "id": s.id,
                    "name": s.name,
                    "matched": s.matched,
                    "role": s.role,
                    "kind": s.kind,
                }
                for s in found
            ]
        }
    )


@routes.route("/claimants")
@web.editor_required
def claimants_page() -> str:
    return render_template("desk/claimants.html", listed=claimants.listing(web.db()))


def _merge_form(claimant: Claimant) -> ClaimantMergeForm:
    form = ClaimantMergeForm()
    form.other.choices = [
        SelectChoice(str(item.claimant.id), _merge_choice(item))
        for item in claimants.listing(web.db())
        if item.claimant.id != claimant.id
    ]
    return form


def _merge_choice(item: claimants.Listed) -> str:
    """A record to merge in, with how many published fact-checks the merge corrects."""
    published = f", {counted(item.published, 'published fact-check')}" if item.published else ""
    return f"{item.claimant.name} (#{item.claimant.id}{published})"


@routes.route("/claimants/<int:claimant_id>", methods=["GET", "POST"])
@web.editor_required
def claimant(claimant_id: int) -> Response | tuple[str, int]:
    record = claimants.get(web.db(), claimant_id)
    if record.merged_into_id is not None:
        return redirect(url_for("desk.claimant", claimant_id=record.merged_into_id))
    form = ClaimantForm(
        version=record.version,
        name=record.name,
        kind=record.kind.value,
        role=record.role,
        aliases="\n".join(record.aliases),
        description=record.description,
        url=record.url,
    )
    done = form_action(
        form,
        lambda: claimants.edit(
            web.db(),
            record,
            web.user(),
            name=form.name.data,
            kind=form.kind.data,
            role=form.role.data,
            aliases=form.alias_lines(),
            description=form.description.data,
            url=form.url.data,
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        flash(f"Claimant “{record.name}” saved.", "success")
        return redirect(url_for("desk.claimant", claimant_id=record.id))
    status = done.status if isinstance(done, DomainError) else 400 if form.errors else 200
    return render_template(
        "desk/claimant.html",
        claimant=record,
        form=form,
        merge_form=_merge_form(record),
        published=after_publication.published_count(web.db(), record.id),
    ), status


@routes.route("/claimants/<int:claimant_id>/merge", methods=["POST"])
@web.editor_required
def merge_claimants(claimant_id: int) -> Response:
    """Merge the chosen record into this one: this one stays."""
    survivor = claimants.get(web.db(), claimant_id)
    form = _merge_form(survivor)
    other_id = optional_id(form.other.data) if form.other.data else None
    loser = claimants.get(web.db(), other_id) if other_id else survivor
    return attempt(
        lambda: claimants.merge(web.db(), survivor, loser, web.user()),
        f"Merged “{loser.name}” into “{survivor.name}”: its claims and names are this one's now.",
        url_for("desk.claimant", claimant_id=survivor.id),
        form=form,
        invalid="Choose the claimant to merge into this one.",
    )
