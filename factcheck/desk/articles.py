"""Desk pages for articles: adding one (pasted, linked or uploaded), the list, the article
with its candidate claims, its details and its history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, NamedTuple

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck import extraction, web
from factcheck.desk import article_forms, forms
from factcheck.desk.actions import Routes, attempt, field_error, form_action
from factcheck.desk.highlight import highlight
from factcheck.domain import (
    article_language,
    articles,
    audit,
    candidates,
    headlines,
    ingesting,
    llm_rewrites,
    loading,
    partial_pages,
    publishing,
    stored_suggestions,
    url_imports,
    workflow,
)
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import optional_id
from factcheck.domain.workflow import Action
from factcheck.extraction import language
from factcheck.models import ImportStatus

routes = Routes()


@routes.route("/articles/new", methods=["GET", "POST"])
@web.editor_required
def new_article() -> Response | tuple[str, int]:
    form = article_forms.ArticleForm()
    if request.method == "GET":  # from a failed import, or for a new version of an article
        typed = _typed_for_import(optional_id(request.args.get("from_import")))
        return _new_article_page(
            **(typed or _new_version_of(optional_id(request.args.get("new_version_of"))))
        )
    if not form.validate_on_submit():
        return _new_article_page(paste=form, status=400 if form.errors else 200)
    return _add_article(
        form,
        "paste",
        lambda: ingesting.prepare_from_text(
            web.user(),
            web.ingest_limits(),
            title=form.title.data,
            body=form.text.data,
            source_url=form.source_url.data,
            outlet=form.outlet.data,
            published_on=form.published_on.data,
            any_language=form.any_language.data,
        ),
    )


@routes.route("/articles/from-url", methods=["POST"])
@web.editor_required
def article_from_url() -> Response | tuple[str, int]:
    """Queue the fetch and answer at once: the import's page waits for the job."""
    form = article_forms.UrlArticleForm(prefix="link")
    if not form.validate_on_submit():
        return _new_article_page(link=form, status=400)
    try:
        record = url_imports.request_import(
            web.db(),
            web.user(),
            form.url.data,
            title=form.title.data,
            force=form.force.data,
            any_language=form.any_language.data,
        )
        web.db().commit()
    except articles.Duplicate as duplicate:
        web.db().rollback()
        flash(duplicate.message, "info")
        return redirect(url_for("desk.article", article_id=duplicate.existing.id))
    except DomainError as error:
        web.db().rollback()
        field_error(form, error)
        return _new_article_page(status=error.status, link=form)
    return redirect(url_for("desk.url_import", import_id=record.id))


@routes.route("/articles/imports/<int:import_id>")
@web.editor_required
def url_import(import_id: int) -> Response | str:
    """The import the editor waits on; once done, its article."""
    record = url_imports.get_import(web.db(), import_id)
    if record.status is ImportStatus.DONE and record.article_id is not None:
        if record.error_code == articles.Duplicate.code and record.error:
            flash(record.error, "info")  # as for an upload of an article already there
        return redirect(url_for("desk.article", article_id=record.article_id))
    return render_template(
        "desk/url_import.html",
        record=record,
        can_retry=url_imports.can_retry(record),
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/articles/imports/<int:import_id>/retry", methods=["POST"])
@web.editor_required
def retry_url_import(import_id: int) -> Response:
    target = url_for("desk.url_import", import_id=import_id)
    return attempt(
        lambda: url_imports.retry(web.db(), import_id, web.user()),
        "Fetching the page again.",
        target,
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/articles/upload", methods=["POST"])
@web.editor_required
def article_from_file() -> Response | tuple[str, int]:
    form = article_forms.FileArticleForm(prefix="upload")
    if not form.validate_on_submit():
        return _new_article_page(upload=form, status=400)
    upload = form.file.data
    return _add_article(
        form,
        "upload",
        lambda: ingesting.prepare_from_file(
            web.user(),
            upload.filename or "",
            upload.read(),
            web.ingest_limits(),
            title=form.title.data,
            any_language=form.any_language.data,
        ),
    )


def _typed_for_import(import_id: int | None) -> dict[str, Any]:
    """The paste and upload forms holding what was typed and ticked for an import."""
    if import_id is None:
        return {}
    record = url_imports.get_import(web.db(), import_id)
    typed = {"title": record.title, "any_language": record.any_language}
    return {
        "paste": article_forms.ArticleForm(formdata=None, source_url=record.url, **typed),
        "upload": article_forms.FileArticleForm(formdata=None, prefix="upload", **typed),
    }


def _new_version_of(article_id: int | None) -> dict[str, Any]:
    """The paste form holding an article's details, to add its text again as a new version
    (the full text of a page that was for subscribers)."""
    if article_id is None:
        return {}
    item = articles.get_article(web.db(), article_id)
    details = {"title": item.title, "source_url": item.source_url, "outlet": item.outlet}
    return {
        "paste": article_forms.ArticleForm(
            formdata=None, **details, published_on=item.published_on, force=True
        )
    }


def _new_article_page(status: int = 200, **submitted: Any) -> tuple[str, int]:
    page_forms = {
        "paste": submitted.get("paste") or article_forms.ArticleForm(formdata=None),
        "link": submitted.get("link") or article_forms.UrlArticleForm(formdata=None, prefix="link"),
        "upload": submitted.get("upload")
        or article_forms.FileArticleForm(formdata=None, prefix="upload"),
    }
    page = render_template(
        "desk/new_article.html", page_address=url_for("desk.new_article"), **page_forms
    )
    return page, status


def _add_article(
    form: Any, name: str, prepare: Callable[[], ingesting.Incoming]
) -> Response | tuple[str, int]:
    """Read and extract the article outside the write lock, then store and commit it; or
    send the editor to the copy already in the desk."""
    try:
        with web.reads_only():
            incoming = prepare()
        article = ingesting.store(
            web.db(), web.user(), incoming, web.ingest_limits(), force=form.force.data
        )
        web.db().commit()
    except articles.Duplicate as duplicate:
        web.db().rollback()
        flash(duplicate.message, "info")
        return redirect(url_for("desk.article", article_id=duplicate.existing.id))
    except DomainError as error:
        web.db().rollback()
        field_error(form, error)
        return _new_article_page(status=error.status, **{name: form})
    count = len(article.claims)
    if count == 0 and not language.is_english(article.language):
        name = language.name_of(article.language)
        flash(f"Article added. No candidates proposed: it looks {name}.", "success")
    else:
        flash(f"Article added with {count} candidate claim{'' if count == 1 else 's'}.", "success")
    for notice in web.extraction_notices():
        flash(notice, "info")  # e.g. the language model failed and local candidates were used
    return redirect(url_for("desk.article", article_id=article.id))


@routes.route("/articles")
@web.staff_required()
def article_list() -> str:
    recent = articles.recent_articles(web.db())
    counts = loading.claim_counts(web.db(), [item.id for item in recent])
    return render_template("desk/articles.html", articles=recent, claim_counts=counts)


@routes.route("/articles/<int:article_id>")
@web.staff_required()
def article(article_id: int) -> tuple[str, int]:
    return render_article(article_id)


class MergeRefused(NamedTuple):
    """A refused "Merge ticked": the wording typed, the claims ticked and why."""

    text: str = ""
    ticked: frozenset[int] = frozenset()
    error: str | None = None


def render_article(
    article_id: int,
    status: int = 200,
    publish_form: forms.PublishForm | None = None,
    typed_headlines: Mapping[int, str] | None = None,
    details_form: forms.ArticleDetailsForm | None = None,
    withdraw_form: forms.WithdrawForm | None = None,
    merge: MergeRefused | None = None,
) -> tuple[str, int]:
    """The article's triage and publishing page; the forms, `typed_headlines` and `merge`
    keep what the editor sent (as typed, with its errors) when publishing, saving the
    details, withdrawing or merging was refused."""
    item = loading.article_in_triage(web.db(), article_id)
    kind = candidates.kind_filter(request.args.get("kind"))
    ranked = candidates.ranked_claims(item, kind)
    actions = {c.id: workflow.allowed_actions(c, web.user()) for c in ranked}
    article_actions = workflow.allowed_actions(item, web.user())
    may_publish = Action.PUBLISH in article_actions
    suggestions = stored_suggestions.for_article(
        web.db(), item.id, item.claims, own_outlet=current_app.config["ORG_NAME"]
    )
    return render_template(
        "desk/article.html",
        page_address=url_for("desk.article", article_id=item.id),
        article=item,
        claims=ranked,
        actions=actions,
        article_actions=article_actions,
        mergeable=[c.id for c in ranked if Action.MERGE in actions[c.id]],
        tickable=[
            c.id
            for c in ranked
            if {Action.ACCEPT, Action.REJECT, Action.MERGE} & set(actions[c.id])
        ],
        split_parts=candidates.split_parts(item.claims),
        kind=kind,
        kinds=sorted({c.kind for c in item.claims if c.kind}),
        kind_labels=extraction.KIND_LABELS,
        pieces=highlight(item.body, item.claims),
        matches=suggestions.by_claim,
        suggestions=suggestions,
        others=candidates.other_sentences(item) if Action.PROMOTE in article_actions else [],
        language_note=article_language.language_note(item),
        partial_note=partial_pages.partial_note(item),
        action_form=forms.ClaimActionForm(),
        publish_form=publish_form or forms.PublishForm(summary=item.summary),
        typed_headlines=typed_headlines or {},
        details_form=details_form or forms.ArticleDetailsForm(obj=item, version=item.version),
        withdraw_form=withdraw_form or forms.WithdrawForm(),
        merge=merge or MergeRefused(),
        problems=publishing.lint_article(web.db(), item, web.publish_context())
        if may_publish
        else [],
        headlines=[
            replace(draft, headline=(typed_headlines or {}).get(draft.claim_id, draft.headline))
            for draft in headlines.headline_drafts(item)
        ]
        if may_publish
        else [],
        missing={c.id: publishing.missing_details(c) for c in item.claims},
    ), status


@routes.route("/articles/<int:article_id>/match-state")
@web.staff_required()
def article_match_state(article_id: int) -> Response:
    """Whether the job looking for earlier fact-checks is done, for the article page's script:
    the status line and each claim's suggestions, put in place without reloading the page."""
    item = loading.article_in_triage(web.db(), article_id)
    suggestions = stored_suggestions.for_article(
        web.db(), item.id, item.claims, own_outlet=current_app.config["ORG_NAME"]
    )
    claims = {
        str(claim.id): render_template(
            "desk/_earlier_checks.html", c=claim, matches=suggestions.by_claim
        )
        for claim in item.claims
    }
    status = "pending" if suggestions.pending else "failed" if suggestions.notice else "done"
    return jsonify(
        status=status,
        text=render_template("desk/_match_state.html", article=item, suggestions=suggestions),
        claims=claims,
    )


@routes.route("/articles/<int:article_id>/search-again", methods=["POST"])
@web.staff_required()
def search_earlier_checks_again(article_id: int) -> Response:
    return attempt(
        lambda: stored_suggestions.search_again(web.db(), article_id),
        "Looking for earlier fact-checks again.",
        url_for("desk.article", article_id=article_id, _anchor="match-state"),
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/articles/<int:article_id>/llm-state")
@web.staff_required()
def llm_state(article_id: int) -> Response:
    """Where the language model's rewrite stands, for the article page's script."""
    item = articles.get_article(web.db(), article_id)
    status = item.llm_rewrite_status.value if item.llm_rewrite_status else None
    may_retry = workflow.can(item, Action.REWRITE_CANDIDATES, web.user())
    text = render_template("desk/_llm_state.html", article=item, polled=True, may_retry=may_retry)
    return jsonify(status=status, text=text)


@routes.route("/articles/<int:article_id>/llm-retry", methods=["POST"])
@web.editor_required
def retry_llm_rewrite(article_id: int) -> Response:
    return attempt(
        lambda: llm_rewrites.retry(web.db(), article_id, web.user()),
        "Asking the language model again: the candidates are replaced when it answers.",
        url_for("desk.article", article_id=article_id, _anchor="llm-state"),
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/articles/<int:article_id>/edit", methods=["POST"])
@web.editor_required
def edit_article(article_id: int) -> Response | tuple[str, int]:
    form = forms.ArticleDetailsForm()
    item = articles.get_article(web.db(), article_id)
    done = form_action(
        form,
        lambda: articles.edit_article(
            web.db(),
            item,
            web.user(),
            title=form.title.data,
            outlet=form.outlet.data,
            source_url=form.source_url.data,
            published_on=form.published_on.data,
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        flash("Article details saved.", "success")
        return redirect(url_for("desk.article", article_id=item.id))
    # Shown again as typed, with an error summary: nothing the editor wrote is lost.
    return render_article(
        article_id, status=done.status if isinstance(done, DomainError) else 400, details_form=form
    )


@routes.route("/articles/<int:article_id>/history")
@web.staff_required()
def article_history(article_id: int) -> str:
    item = articles.get_article(web.db(), article_id)
    return render_template(
        "desk/article_history.html",
        article=item,
        events=audit.article_history(web.db(), item),
    )
