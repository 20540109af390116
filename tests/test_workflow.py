"""The transition table, walked entry by entry: every allowed move and every refusal."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy.orm import Session

from factcheck.domain import audit, research, workflow
from factcheck.domain.errors import InvalidTransition, PermissionDenied, StaleVersion
from factcheck.models import (
    ArchiveEntry,
    Claim,
    ClaimStatus,
    Role,
    User,
    Verdict,
    VerdictStatus,
)
from tests.conftest import make_user
from tests.factories import ArticleFactory, ClaimFactory, bind

ROLES = list(Role)
ALL_ACTIONS = sorted(workflow.ACTIONS)


@pytest.fixture
def users(db_session: Session) -> dict[Role, User]:
    bind(db_session)
    return {role: make_user(db_session, role) for role in ROLES}


def _claim(db_session: Session, status: ClaimStatus, holder: User | None, creator: User):
    article = ArticleFactory(created_by_id=creator.id)
    return ClaimFactory(article=article, status=status, assignee_id=holder.id if holder else None)


# On a published claim, votes are on a proposed correction: these need one to exist.
CORRECTION_REVIEW = {"vote", "correct", "decline_correction"}


def _propose_correction(session: Session, claim: Claim, author: User) -> Verdict:
    verdict = Verdict(
        claim=claim,
        rating=research.ratings(session)[0],
        explanation="Corrected.",
        author_id=author.id,
        status=VerdictStatus.SUBMITTED,
        correction_reason="A better source.",
    )
    session.add(verdict)
    session.flush()
    return verdict


def _link(session: Session, claim: Claim) -> None:
    entry = ArchiveEntry(external_id="x-1", outlet="Elsewhere Checks", claim="A claim.")
    session.add(entry)
    session.flush()
    claim.linked_entry_id = entry.id


@pytest.mark.parametrize(("status", "action"), list(workflow.TRANSITIONS))
@pytest.mark.parametrize("role", ROLES)
def test_each_table_entry_allows_exactly_its_roles(
    db_session: Session, users: dict[Role, User], status: ClaimStatus, action: str, role: Role
) -> None:
    rule = workflow.TRANSITIONS[(status, action)]
    actor = users[role]
    claim = _claim(db_session, status, holder=actor, creator=users[Role.ADMIN])
    if status == ClaimStatus.PUBLISHED and action in CORRECTION_REVIEW:
        _propose_correction(db_session, claim, make_user(db_session, Role.EDITOR))
    if action == "unlink_match":  # only a claim linked to an earlier fact-check
        _link(db_session, claim)
    if role in rule.roles:
        assert action in workflow.allowed_actions(claim, actor)
        previous = workflow.transition(db_session, claim, action, actor, note="why")
        assert previous == status
        assert claim.status == rule.to
        event = audit.history(db_session, "claim", claim.id)[-1]
        assert (event.action, event.from_status, event.to_status, event.actor_id, event.note) == (
            action,
            status.value,
            rule.to.value,
            actor.id,
            "why",
        )
    else:
        with pytest.raises(PermissionDenied):
            workflow.transition(db_session, claim, action, actor)
        assert claim.status == status
        assert action not in workflow.allowed_actions(claim, actor)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        pair
        for pair in itertools.product(ClaimStatus, ALL_ACTIONS)
        if pair not in workflow.TRANSITIONS
    ],
)
def test_every_move_outside_the_table_is_refused(
    db_session: Session, users: dict[Role, User], status: ClaimStatus, action: str
) -> None:
    admin = users[Role.ADMIN]
    claim = _claim(db_session, status, holder=admin, creator=admin)
    with pytest.raises(InvalidTransition, match=status.value):
        workflow.transition(db_session, claim, action, admin)
    assert claim.status == status
    assert audit.history(db_session, "claim", claim.id) == []


@pytest.mark.parametrize(
    ("status", "action"), [key for key, rule in workflow.TRANSITIONS.items() if rule.holder_only]
)
def test_holder_only_actions_refuse_everyone_else(
    db_session: Session, users: dict[Role, User], status: ClaimStatus, action: str
) -> None:
    holder = users[Role.CHECKER]
    other = make_user(db_session, Role.CHECKER, "someone-else")
    claim = _claim(db_session, status, holder=holder, creator=users[Role.ADMIN])
    with pytest.raises(PermissionDenied, match="held by"):
        workflow.transition(db_session, claim, action, other)
    assert action not in workflow.allowed_actions(claim, other)


@pytest.mark.parametrize("action", sorted(CORRECTION_REVIEW))
def test_a_published_claim_is_reviewed_only_with_someone_elses_proposed_correction(
    db_session: Session, users: dict[Role, User], action: str
) -> None:
    editor = users[Role.EDITOR]
    claim = _claim(db_session, ClaimStatus.PUBLISHED, None, users[Role.ADMIN])
    with pytest.raises(InvalidTransition, match="No correction of claim"):
        workflow.transition(db_session, claim, action, editor)
    _propose_correction(db_session, claim, editor)
    with pytest.raises(PermissionDenied, match="You proposed this correction"):
        workflow.transition(db_session, claim, action, editor)
    with pytest.raises(InvalidTransition, match="already waiting for review"):
        workflow.transition(db_session, claim, "propose_correction", users[Role.ADMIN])
    assert action not in workflow.allowed_actions(claim, editor)
    assert action in workflow.allowed_actions(claim, users[Role.ADMIN])
    workflow.transition(db_session, claim, action, users[Role.ADMIN])


def test_system_actions_need_no_user_and_refuse_users(
    db_session: Session, users: dict[Role, User]
) -> None:
    claim = _claim(db_session, ClaimStatus.IN_PROGRESS, users[Role.CHECKER], users[Role.ADMIN])
    for role in ROLES:
        assert not workflow.can(claim, "expire", users[role])
    workflow.transition(db_session, claim, "expire", None)
    assert claim.status == ClaimStatus.QUEUED


def test_user_actions_need_a_user(db_session: Session, users: dict[Role, User]) -> None:
    claim = _claim(db_session, ClaimStatus.CANDIDATE, None, users[Role.ADMIN])
    with pytest.raises(PermissionDenied):
        workflow.transition(db_session, claim, "accept", None)


def test_allowed_actions_match_the_table(db_session: Session, users: dict[Role, User]) -> None:
    editor = users[Role.EDITOR]
    claim = _claim(db_session, ClaimStatus.CANDIDATE, None, users[Role.ADMIN])
    assert workflow.allowed_actions(claim, editor) == [
        "accept",
        "reject",
        "reword",
        "split",
        "merge",
        "edit_details",
        "comment",
        "link_match",
        "dismiss_match",
        "tag",
    ]
    assert workflow.allowed_actions(claim, users[Role.CHECKER]) == ["comment"]
    _link(db_session, claim)  # a link made can be taken back, only then
    assert "unlink_match" in workflow.allowed_actions(claim, editor)


def test_a_stale_version_is_refused_and_names_who_changed_it(
    db_session: Session, users: dict[Role, User]
) -> None:
    editor = users[Role.EDITOR]
    claim = _claim(db_session, ClaimStatus.CANDIDATE, None, users[Role.ADMIN])
    opened_at = claim.version
    workflow.transition(db_session, claim, "accept", editor)
    with pytest.raises(StaleVersion, match=f"changed by {editor.display_name}"):
        workflow.transition(db_session, claim, "reword", editor, expected_version=opened_at)


def test_inactive_users_can_do_nothing(db_session: Session, users: dict[Role, User]) -> None:
    editor = users[Role.EDITOR]
    editor.active = False
    claim = _claim(db_session, ClaimStatus.CANDIDATE, None, users[Role.ADMIN])
    assert workflow.allowed_actions(claim, editor) == []
