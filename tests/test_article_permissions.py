"""Articles share the claims' permission table: `workflow.ARTICLE_RULES`, read through the
same `workflow.require`, `can` and `allowed_actions`, so that "may this user edit, publish
or withdraw this article?" has one answer in the domain, the desk and the API. The stale
copy of an article is refused by the same `workflow.check_version` as a claim's."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import articles, publishing, workflow
from factcheck.domain.errors import InvalidTransition, PermissionDenied, StaleVersion
from factcheck.domain.workflow import Action
from factcheck.models import ArticleStatus, Role, User
from tests.conftest import login, make_user
from tests.factories import ArticleFactory, bind

ROLES = list(Role)


@pytest.fixture
def users(db_session: Session) -> dict[Role, User]:
    bind(db_session)
    return {role: make_user(db_session, role) for role in ROLES}


@pytest.mark.parametrize(("status", "action"), list(workflow.ARTICLE_RULES))
@pytest.mark.parametrize("role", ROLES)
def test_each_article_rule_allows_exactly_its_roles(
    db_session: Session,
    users: dict[Role, User],
    status: ArticleStatus | None,
    action: Action,
    role: Role,
) -> None:
    roles = workflow.ARTICLE_RULES[(status, action)]
    article = (
        None
        if status is None
        else ArticleFactory(status=status, created_by_id=users[Role.ADMIN].id)
    )
    actor = users[role]
    if role in roles:
        workflow.require(article, action, actor)
        if article is not None:
            assert action in workflow.allowed_actions(article, actor)
    else:
        with pytest.raises(PermissionDenied):
            workflow.require(article, action, actor)
        if article is not None:
            assert action not in workflow.allowed_actions(article, actor)


def test_an_action_outside_the_table_is_an_invalid_transition(
    db_session: Session, users: dict[Role, User]
) -> None:
    article = ArticleFactory(status=ArticleStatus.TRIAGE, created_by_id=users[Role.ADMIN].id)
    assert not workflow.can(article, Action.WITHDRAW, users[Role.ADMIN])
    with pytest.raises(InvalidTransition, match="withdraw article"):
        publishing.withdraw_article(db_session, article, users[Role.EDITOR], reason="Wrong.")


def test_the_domain_refuses_a_checker_through_the_table(
    db_session: Session, users: dict[Role, User]
) -> None:
    article = ArticleFactory(status=ArticleStatus.PUBLISHED, created_by_id=users[Role.ADMIN].id)
    checker = users[Role.CHECKER]
    with pytest.raises(PermissionDenied, match=r"\(checker\) cannot edit articles"):
        articles.edit_article(
            db_session,
            article,
            checker,
            title="New",
            outlet=None,
            source_url=None,
            published_on=None,
        )
    with pytest.raises(PermissionDenied, match=r"\(checker\) cannot withdraw articles"):
        publishing.withdraw_article(db_session, article, checker, reason="Wrong.")


def test_a_stale_article_is_refused_by_the_one_version_check(
    db_session: Session, users: dict[Role, User]
) -> None:
    article = ArticleFactory(status=ArticleStatus.TRIAGE, created_by_id=users[Role.ADMIN].id)
    editor = users[Role.EDITOR]
    with pytest.raises(StaleVersion, match=rf"Article #{article.id} was changed by"):
        workflow.check_version(db_session, article, article.version - 1)
    with pytest.raises(StaleVersion, match=rf"Article #{article.id} was changed by"):
        articles.edit_article(
            db_session,
            article,
            editor,
            title="New",
            outlet=None,
            source_url=None,
            published_on=None,
            expected_version=article.version + 1,
        )


def test_the_article_page_offers_what_the_table_allows(
    client: FlaskClient, db_session: Session, users: dict[Role, User]
) -> None:
    article = ArticleFactory(status=ArticleStatus.TRIAGE, created_by_id=users[Role.ADMIN].id)
    db_session.commit()
    login(client, users[Role.CHECKER])
    page = client.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    assert f"/desk/articles/{article.id}/edit" not in page
    client.post("/logout")
    login(client, users[Role.EDITOR])
    page = client.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    assert f"/desk/articles/{article.id}/edit" in page
    assert f"/desk/articles/{article.id}/withdraw" not in page
