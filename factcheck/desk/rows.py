"""Triage answers for the page's script as well as for a plain form.

The triage page's script (static/js/desk.js) posts the same forms with
`Accept: application/json` and swaps each changed candidate's row for the HTML the server
renders here, so a 40-candidate article needs no page reload per decision. Without the
script the same views flash and redirect to the candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from factcheck import extraction, web
from factcheck.desk import forms
from factcheck.desk.actions import FORM_EXPIRED, flash_at
from factcheck.domain import articles, stored_suggestions, workflow
from factcheck.domain.bulk_triage import BulkResult
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import optional_id
from factcheck.models import Article, Claim

INCOMPLETE = "The form was incomplete; reload the page and try again."
DONE = {
    "accept": "accepted",
    "reject": "rejected",
    "restore": "restored",
    "unaccept": "taken back to the candidates",
}


def wants_json() -> bool:
    """Whether the page's script sent the form (it asks for JSON)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def done_message(claim_id: int, action: str) -> str:
    return f"Claim #{claim_id} {DONE.get(action, action)}."


def versions() -> dict[int, int]:
    """The version of each candidate the editor saw: the page's `version_<id>` fields."""
    seen: dict[int, int] = {}
    for name, value in request.form.items():
        claim_id = (
            optional_id(name.removeprefix("version_")) if name.startswith("version_") else None
        )
        version = optional_id(value)
        if claim_id is not None and version is not None:
            seen[claim_id] = version
    return seen


def render_rows(claims: Iterable[Claim]) -> dict[str, str]:
    """Each claim's row of the triage page, as the page itself renders it."""
    chosen = list(claims)
    matches = (
        stored_suggestions.for_article(
            web.db(), chosen[0].article_id, chosen, own_outlet=current_app.config["ORG_NAME"]
        ).by_claim
        if chosen
        else {}
    )
    action_form = forms.ClaimActionForm()
    return {
        str(claim.id): render_template(
            "desk/_candidate.html",
            c=claim,
            actions={claim.id: workflow.allowed_actions(claim, web.user())},
            matches=matches,
            kind_labels=extraction.KIND_LABELS,
            action_form=action_form,
        )
        for claim in chosen
    }


def _error(error: DomainError, claims: Iterable[Claim] = ()) -> Response:
    """The refusal, with the claims' current rows so the page drops its stale copies."""
    body: dict[str, Any] = {"error": {"code": error.code, "message": error.message}}
    body["rows"] = render_rows(claims)
    response = jsonify(body)
    response.status_code = error.status
    return response


def triage_answer(claim: Claim, action: str, form: FlaskForm) -> Response:
    """One candidate accepted, rejected or restored, answered in JSON."""
    if not form.validate_on_submit():
        return _error(DomainError(INCOMPLETE), [claim])
    try:
        articles.triage(
            web.db(), claim, action, web.user(), expected_version=form.expected_version()
        )
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        return _error(error, [claim])
    return jsonify({"message": done_message(claim.id, action), "rows": render_rows([claim])})


def bulk_answer(article: Article, form: FlaskForm, action: Callable[[], BulkResult]) -> Response:
    """Run a bulk triage; answer in JSON (rows and refusals) or flash and redirect."""
    target = url_for("desk.article", article_id=article.id, _anchor="candidates")
    if not form.validate_on_submit():
        message = _form_problem(form)
        if wants_json():
            return _error(DomainError(message, field="below"))
        flash_at(target, message, "error")
        return redirect(target)
    try:
        result = action()
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        if wants_json():
            return _error(error)
        flash_at(target, error.message, "error")
        return redirect(target)
    if not wants_json():
        flash_at(target, result.summary(), "error" if result.refused else "success")
        return redirect(target)
    refused_ids = {r.claim_id for r in result.refused}
    touched = [c for c in article.claims if c in result.done or c.id in refused_ids]
    return jsonify(
        {
            "message": result.summary(),
            "rows": render_rows(touched),
            "refused": [{"claim_id": r.claim_id, "message": r.message} for r in result.refused],
        }
    )


def _form_problem(form: FlaskForm) -> str:
    field_errors = [e for name, errs in form.errors.items() if name != "csrf_token" for e in errs]
    return field_errors[0] if field_errors else FORM_EXPIRED
