"""Topics: editors keep the desk's list (create, rename, delete) and file claims under them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import claim_page, forms
from factcheck.desk.actions import Routes, attempt, form_action
from factcheck.domain import articles, topics, validation
from factcheck.domain.errors import DomainError
from factcheck.wording import plural

routes = Routes()


@routes.route("/topics", methods=["GET", "POST"])
@web.editor_required
def topics_page() -> Response | tuple[str, int]:
    form = forms.TopicForm()
    done = form_action(form, lambda: topics.create_topic(web.db(), web.user(), form.name.data))
    if done is True:
        flash(f"Topic “{form.name.data.strip()}” added.", "success")
        return redirect(url_for("desk.topics_page"))
    status = done.status if isinstance(done, DomainError) else 400 if form.errors else 200
    listed = topics.all_topics(web.db())
    return render_template(
        "desk/topics.html",
        form=form,
        topics=listed,
        rename_forms={t.id: forms.TopicForm(prefix=f"t{t.id}", name=t.name) for t in listed},
        filed=topics.filed_counts(web.db()),
        delete_form=forms.CsrfOnlyForm(),
    ), status


@routes.route("/topics/<int:topic_id>/rename", methods=["POST"])
@web.editor_required
def rename_topic(topic_id: int) -> Response:
    topic = topics.get_topic(web.db(), topic_id)
    form = forms.TopicForm(prefix=f"t{topic_id}")
    return attempt(
        lambda: topics.rename_topic(web.db(), topic, web.user(), form.name.data),
        "Topic renamed.",
        url_for("desk.topics_page"),
        form=form,
        invalid="Give the topic a name of at most 80 characters.",
    )


@routes.route("/topics/<int:topic_id>/delete", methods=["POST"])
@web.editor_required
def delete_topic(topic_id: int) -> Response:
    topic = topics.get_topic(web.db(), topic_id)
    filed = topics.filed_under(web.db(), topic)
    kept = f"; {topics.claim_numbers(filed)} {plural(len(filed), 'stays', 'stay')}, without it"
    return attempt(
        lambda: topics.delete_topic(web.db(), topic, web.user()),
        f"Topic “{topic.name}” deleted{kept if filed else ''}.",
        url_for("desk.topics_page"),
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/claims/<int:claim_id>/topics", methods=["POST"])
@web.editor_required
def claim_topics(claim_id: int) -> Response | tuple[str, int]:
    form = forms.ClaimTopicsForm()
    claim = articles.get_claim(web.db(), claim_id)
    # The field is left without choices (the domain checks each topic exists), so that a
    # topic deleted meanwhile gets the domain's message rather than "not a valid choice".
    # A value that is no id (none of our checkboxes sends one) is a topic that does not
    # exist: 0 matches none, so the domain refuses with its message.
    chosen = [validation.optional_id(v) or 0 for v in request.form.getlist("topics")]
    done = form_action(
        form,
        lambda: topics.set_claim_topics(
            web.db(), claim, web.user(), chosen, expected_version=form.expected_version()
        ),
    )
    if done is True:
        flash("Topics saved.", "success")
        return redirect(url_for("desk.claim", claim_id=claim_id))
    status = done.status if isinstance(done, DomainError) else 400
    return claim_page.render(claim_id, topics_form=form, status=status)
