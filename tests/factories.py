"""factory_boy factories for records the tests need in a given state."""

from __future__ import annotations

import hashlib

import factory
from factory.alchemy import SQLAlchemyModelFactory

from factcheck.models import Article, Claim, ClaimStatus

BODY = "The river rose 3 metres overnight, the agency said. Nobody was hurt."


class ArticleFactory(SQLAlchemyModelFactory):
    class Meta:
        model = Article
        sqlalchemy_session_persistence = "flush"

    title = factory.Sequence(lambda n: f"Article {n}")
    body = BODY
    body_sha256 = factory.LazyAttribute(lambda a: hashlib.sha256(a.body.encode()).hexdigest())


class ClaimFactory(SQLAlchemyModelFactory):
    class Meta:
        model = Claim
        sqlalchemy_session_persistence = "flush"

    article = factory.SubFactory(ArticleFactory)
    text = "The river rose 3 metres overnight, the agency said."
    source_sentence = factory.SelfAttribute("text")
    span_start = 0
    span_end = factory.LazyAttribute(lambda c: len(c.text))
    position = 0
    score = 0.8
    reasons: list[object] = []
    status = ClaimStatus.CANDIDATE


def bind(session: object) -> None:
    """Point every factory at the test's session."""
    for factory_class in (ArticleFactory, ClaimFactory):
        factory_class._meta.sqlalchemy_session = session  # type: ignore[attr-defined]
