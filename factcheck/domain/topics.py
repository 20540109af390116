"""Topics: editors keep the list and file claims under them; readers follow them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from factcheck.domain import audit, workflow
from factcheck.domain.errors import Conflict, InvalidInput, NotFound
from factcheck.domain.validation import required_text
from factcheck.domain.workflow import Action
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Topic,
    TopicOldSlug,
    User,
    claim_topics,
)
from factcheck.wording import plural

MAX_NAME = 80
MAX_TOPICS_PER_CLAIM = 10


def _plain(char: str) -> str:
    """A Latin letter without its accent ("É" -> "E"); any other character as it is ("ї"
    stays "ї": without its mark it would be another letter)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return bare if bare and bare.isascii() else char


def _in_word(char: str) -> bool:
    """Letters, digits and the marks that belong to them (Devanagari's vowel signs), in any
    script: str.isalnum alone would cut "हिन्दी" at its marks."""
    return unicodedata.category(char)[0] in "LNM"


def slugify(name: str) -> str:
    """The topic's address: lower-case words joined by hyphens ("Ukraine war" ->
    "ukraine-war", "Économie" -> "economie"). Words in other scripts keep their letters
    ("Україна" -> "україна", "日本" -> "日本"): links percent-encode them, and browsers show
    them as written. Empty when the name holds no letter or digit."""
    composed = unicodedata.normalize("NFC", name)
    plain = unicodedata.normalize("NFC", "".join(_plain(c) for c in composed)).lower()
    words = "".join(c if _in_word(c) else " " for c in plain).split()
    if not any(_in_word(c) and unicodedata.category(c)[0] != "M" for c in plain):
        return ""
    return "-".join(words)[:MAX_NAME].strip("-")


def _name_and_slug(
    session: Session, name: str | None, topic: Topic | None = None
) -> tuple[str, str]:
    clean = " ".join(required_text(name, "name", max_length=MAX_NAME).split())
    slug = slugify(clean)
    if not slug:
        raise InvalidInput("A topic's name needs at least one letter or digit.", field="name")
    for other in session.scalars(
        select(Topic).where((Topic.slug == slug) | (func.lower(Topic.name) == clean.lower()))
    ):
        if other is not topic:
            raise Conflict(f"There is already a topic “{other.name}”.")
    return clean, slug


class TopicMoved(NotFound):
    """The address was a topic's before it was renamed: `topic` is where it lives now."""

    def __init__(self, topic: Topic) -> None:
        super().__init__(f"The topic is now “{topic.name}”.")
        self.topic = topic


def _take_address(session: Session, slug: str) -> None:
    """A topic now answers at `slug`: an older topic's old address there gives way."""
    session.execute(delete(TopicOldSlug).where(TopicOldSlug.slug == slug))


def create_topic(session: Session, actor: User, name: str | None) -> Topic:
    workflow.require_topic_action(Action.CREATE_TOPIC, actor)
    clean, slug = _name_and_slug(session, name)
    _take_address(session, slug)
    topic = Topic(name=clean, slug=slug)
    session.add(topic)
    session.flush()  # the topic's id, for the audit event
    _record(session, actor, topic, Action.CREATE_TOPIC, clean)
    return topic


def rename_topic(session: Session, topic: Topic, actor: User, name: str | None) -> Topic:
    """Rename the topic; its address follows the name, and the old address sends readers
    and feed readers on to the new one (`topic_by_slug` raises TopicMoved)."""
    workflow.require_topic_action(Action.RENAME_TOPIC, actor)
    clean, slug = _name_and_slug(session, name, topic)
    before = topic.name
    if slug != topic.slug:
        _take_address(session, slug)
        session.merge(TopicOldSlug(slug=topic.slug, topic_id=topic.id))
    topic.name, topic.slug = clean, slug
    _record(session, actor, topic, Action.RENAME_TOPIC, f"{before} → {clean}")
    session.flush()
    return topic


def delete_topic(session: Session, topic: Topic, actor: User) -> list[int]:
    """Delete the topic; the claims filed under it stay, untagged. Return their ids, which
    the audit event names (nothing else keeps which claims were under it)."""
    workflow.require_topic_action(Action.DELETE_TOPIC, actor)
    filed = filed_under(session, topic)
    session.execute(delete(claim_topics).where(claim_topics.c.topic_id == topic.id))
    session.execute(delete(TopicOldSlug).where(TopicOldSlug.topic_id == topic.id))
    note = f"{topic.name}, on {claim_numbers(filed)}" if filed else topic.name
    _record(session, actor, topic, Action.DELETE_TOPIC, note)
    session.delete(topic)
    session.flush()
    return filed


def filed_under(session: Session, topic: Topic) -> list[int]:
    """The ids of the claims (of any status) filed under the topic."""
    query = select(claim_topics.c.claim_id).where(claim_topics.c.topic_id == topic.id)
    return list(session.scalars(query.order_by(claim_topics.c.claim_id)))


def claim_numbers(ids: Sequence[int]) -> str:
    """ "claim #4" or "claims #4, #9"."""
    return f"{plural(len(ids), 'claim')} {', '.join(f'#{i}' for i in ids)}"


def filed_counts(session: Session) -> dict[int, int]:
    """How many claims (of any status) are filed under each topic that has some."""
    query = select(claim_topics.c.topic_id, func.count()).group_by(claim_topics.c.topic_id)
    return {topic_id: count for topic_id, count in session.execute(query).tuples()}


def _record(session: Session, actor: User, topic: Topic, action: Action, note: str) -> None:
    audit.record(
        session, actor=actor, entity_type="topic", entity_id=topic.id, action=action, note=note
    )


def get_topic(session: Session, topic_id: int) -> Topic:
    topic = session.get(Topic, topic_id)
    if topic is None:
        raise NotFound(f"There is no topic #{topic_id}.")
    return topic


def all_topics(session: Session) -> list[Topic]:
    return list(session.scalars(select(Topic).order_by(func.lower(Topic.name), Topic.id)))


def set_claim_topics(
    session: Session,
    claim: Claim,
    actor: User,
    topic_ids: Sequence[int],
    *,
    expected_version: int | None = None,
) -> list[Topic]:
    """File the claim under exactly these topics (an audit event names them)."""
    wanted = sorted(set(topic_ids))
    if len(wanted) > MAX_TOPICS_PER_CLAIM:
        raise InvalidInput(f"A claim takes at most {MAX_TOPICS_PER_CLAIM} topics.", field="topics")
    topics = list(session.scalars(select(Topic).where(Topic.id.in_(wanted)))) if wanted else []
    if len(topics) != len(wanted):
        raise InvalidInput("One of the topics no longer exists; reload the page.", field="topics")
    topics.sort(key=lambda t: t.name.lower())
    note = ", ".join(t.name for t in topics) or "no topics"
    workflow.move(session, claim, Action.TAG, actor, note=note, expected_version=expected_version)
    claim.topics = topics
    workflow.flush_claim(session, claim)
    return topics


# Reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicCount:
    slug: str
    name: str
    published: int  # published fact-checks filed under it


def public_topics(session: Session) -> list[TopicCount]:
    """Every topic with how many published fact-checks it holds (empty ones too)."""
    published = (
        select(claim_topics.c.topic_id, func.count().label("n"))
        .join(Claim, Claim.id == claim_topics.c.claim_id)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.status == ClaimStatus.PUBLISHED, Article.status == ArticleStatus.PUBLISHED)
        .group_by(claim_topics.c.topic_id)
        .subquery()
    )
    rows = session.execute(
        select(Topic.slug, Topic.name, func.coalesce(published.c.n, 0))
        .outerjoin(published, published.c.topic_id == Topic.id)
        .order_by(func.lower(Topic.name), Topic.id)
    )
    return [TopicCount(slug, name, count) for slug, name, count in rows]


def topic_by_slug(session: Session, slug: str) -> Topic:
    """The topic at this address; TopicMoved when a topic had it before a rename."""
    topic = session.scalars(select(Topic).where(Topic.slug == slug)).first()
    if topic is not None:
        return topic
    old = session.get(TopicOldSlug, slug)
    if old is not None:
        moved = session.get(Topic, old.topic_id)
        if moved is not None:
            raise TopicMoved(moved)
    raise NotFound(f"There is no topic “{slug}”.")


def of_claims(claims: Sequence[Claim]) -> list[Topic]:
    """The topics any of these claims (loaded with their topics) is filed under, by name."""
    unique = {t.id: t for claim in claims for t in claim.topics}
    return sorted(unique.values(), key=lambda t: (t.name.lower(), t.id))
