"""The queue: take-next order, atomic taking under concurrency, leases, assignment."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck import clock
from factcheck.domain import accounts, assignment, audit, queue, research
from factcheck.domain.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion
from factcheck.models import Article, Claim, ClaimStatus, Event, Role, User
from tests.conftest import make_user, wipe
from tests.factories import ArticleFactory, ClaimFactory, bind

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_clock() -> Iterator[list[dt.datetime]]:
    current = [NOW]
    clock.set_source(lambda: current[0])
    yield current
    clock.set_source(None)


def _queued(db_session: Session, editor: User, **fields: object) -> Claim:
    bind(db_session)
    article = ArticleFactory(created_by_id=editor.id)
    return ClaimFactory(article=article, **{"status": ClaimStatus.QUEUED, **fields})


def test_take_next_order(
    db_session: Session, editor: User, checker: User, frozen_clock: list[dt.datetime]
) -> None:
    old_low = _queued(db_session, editor, score=0.5)
    high_score = _queued(db_session, editor, score=0.9)
    priority = _queued(db_session, editor, score=0.1, priority=5)
    overdue = _queued(db_session, editor, score=0.1, due_at=NOW - dt.timedelta(hours=1))
    due_later = _queued(db_session, editor, score=0.2, due_at=NOW + dt.timedelta(days=3))
    same_score_newer = _queued(db_session, editor, score=0.5)
    taken = [queue.take_next(db_session, checker) for _ in range(6)]
    assert [c.id for c in taken if c] == [
        overdue.id,
        priority.id,
        high_score.id,
        old_low.id,
        same_score_newer.id,
        due_later.id,
    ]
    assert queue.take_next(db_session, checker) is None


def test_taking_starts_a_lease_and_records_an_event(
    db_session: Session, editor: User, checker: User, frozen_clock: list[dt.datetime]
) -> None:
    claim = _queued(db_session, editor)
    taken = queue.take_next(db_session, checker, lease=dt.timedelta(hours=24))
    assert taken is not None and taken.id == claim.id
    assert taken.status == ClaimStatus.IN_PROGRESS and taken.assignee_id == checker.id
    assert taken.lease_expires_at == NOW + dt.timedelta(hours=24)
    [event] = audit.history(db_session, "claim", claim.id)
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        "take",
        "queued",
        "in_progress",
        checker.id,
    )


def test_an_expired_lease_returns_the_claim_to_the_queue(
    db_session: Session,
    editor: User,
    checker: User,
    checker2: User,
    frozen_clock: list[dt.datetime],
) -> None:
    claim = _queued(db_session, editor)
    queue.take_next(db_session, checker, lease=dt.timedelta(hours=24))
    frozen_clock[0] = NOW + dt.timedelta(hours=23)
    assert queue.expire_leases(db_session) == []
    frozen_clock[0] = NOW + dt.timedelta(hours=24, minutes=1)
    # The next take-next first sends the expired claim back, then hands it out again.
    retaken = queue.take_next(db_session, checker2)
    assert retaken is not None and retaken.id == claim.id and retaken.assignee_id == checker2.id
    actions = [
        (e.action, e.actor_id, e.to_status) for e in audit.history(db_session, "claim", claim.id)
    ]
    assert actions == [
        ("take", checker.id, "in_progress"),
        ("expire", None, "queued"),
        ("take", checker2.id, "in_progress"),
    ]


def test_expire_leases_alone(
    db_session: Session, editor: User, checker: User, frozen_clock: list[dt.datetime]
) -> None:
    claim = _queued(db_session, editor)
    queue.take_next(db_session, checker, lease=dt.timedelta(hours=1))
    frozen_clock[0] = NOW + dt.timedelta(hours=2)
    assert queue.expire_leases(db_session) == [claim.id]
    assert claim.status == ClaimStatus.QUEUED and claim.assignee_id is None
    assert claim.lease_expires_at is None


def test_release_and_unassign(
    db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim = _queued(db_session, editor)
    queue.take_next(db_session, checker)
    with pytest.raises(Exception, match=f"held by {checker.display_name}"):
        queue.release(db_session, claim, checker2)
    queue.release(db_session, claim, checker)
    assert claim.status == ClaimStatus.QUEUED and claim.assignee_id is None
    queue.assign(db_session, claim, checker2, editor)
    assert claim.assignee_id == checker2.id and claim.lease_expires_at is not None
    queue.release(db_session, claim, editor)  # an editor unassigns
    events = [e.action for e in audit.history(db_session, "claim", claim.id)]
    assert events == ["take", "release", "assign", "unassign"]


def test_checkers_cannot_assign(db_session: Session, editor: User, checker: User) -> None:
    claim = _queued(db_session, editor)
    with pytest.raises(PermissionDenied):
        queue.assign(db_session, claim, checker, checker)


# Concurrency: real commits on real connections -------------------------------------------


@pytest.fixture
def committed(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions that really commit; everything they wrote is removed afterwards."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    yield factory
    wipe(engine)


def _fill_queue(factory: sessionmaker[Session], size: int) -> tuple[User, list[User]]:
    with factory() as session:
        editor = make_user(session, Role.EDITOR, "queue-editor")
        checkers = [make_user(session, Role.CHECKER, f"taker-{i}") for i in range(16)]
        article = Article(title="Load", body="x", body_sha256="0" * 64, created_by_id=editor.id)
        session.add(article)
        session.flush()
        session.execute(
            insert(Claim),
            [
                {
                    "article_id": article.id,
                    "text": f"claim {i}",
                    "source_sentence": "x",
                    "span_start": 0,
                    "span_end": 1,
                    "position": i,
                    "score": (i % 10) / 10,
                    "reasons": [],
                    "status": ClaimStatus.QUEUED,
                }
                for i in range(size)
            ],
        )
        session.commit()
        return editor, checkers


def test_sixteen_takers_empty_a_queue_of_a_thousand_without_duplicates(
    committed: sessionmaker[Session],
) -> None:
    _editor, checkers = _fill_queue(committed, 1000)
    taken: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(len(checkers))

    def take_until_empty(user: User) -> None:
        start.wait()
        try:
            while True:
                with committed() as session:
                    claim = queue.take_next(session, session.get(User, user.id))
                    session.commit()
                if claim is None:
                    return
                with lock:
                    taken.append((claim.id, user.id))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=take_until_empty, args=(u,)) for u in checkers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    counts = Counter(claim_id for claim_id, _ in taken)
    assert len(counts) == 1000, "every claim is taken"
    assert max(counts.values()) == 1, "no claim is taken twice"
    with committed() as session:
        rows = session.execute(select(Claim.id, Claim.assignee_id, Claim.status)).all()
        takes = session.scalar(
            select(func.count()).select_from(Event).where(Event.action == "take")
        )
    assert {row.status for row in rows} == {ClaimStatus.IN_PROGRESS}
    assert {(row.id, row.assignee_id) for row in rows} == set(taken), "none is lost"
    assert takes == 1000


def test_two_editors_assigning_at_once_one_wins(committed: sessionmaker[Session]) -> None:
    editor, checkers = _fill_queue(committed, 1)
    with committed() as session:
        editor2 = make_user(session, Role.EDITOR, "second-editor")
        claim_id, version = session.execute(select(Claim.id, Claim.version)).one()
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def assign(name: str, actor_id: int, assignee_id: int) -> None:
        # Both opened the claim at `version`; now both press "Assign" at once.
        start.wait()
        with committed() as session:
            claim = session.get(Claim, claim_id)
            actor, assignee = session.get(User, actor_id), session.get(User, assignee_id)
            try:
                queue.assign(session, claim, assignee, actor, expected_version=version)
                session.commit()
                results[name] = "assigned"
            except StaleVersion as exc:
                session.rollback()
                results[name] = exc

    threads = [
        threading.Thread(target=assign, args=("a", editor.id, checkers[0].id)),
        threading.Thread(target=assign, args=("b", editor2.id, checkers[1].id)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    outcomes = sorted(results.values(), key=str)
    assert outcomes.count("assigned") == 1, results
    [conflict] = [r for r in outcomes if isinstance(r, StaleVersion)]
    assert "changed by" in conflict.message
    with committed() as session:
        assert (
            session.scalar(select(func.count()).select_from(Event).where(Event.action == "assign"))
            == 1
        )


def test_a_token_user_can_be_loaded(db_session: Session, checker: User) -> None:
    raw, _ = accounts.create_token(db_session, checker)
    assert accounts.token_for(db_session, raw).user.id == checker.id


# Conflicts, assignment, schedule ----------------------------------------------------------


def test_take_next_skips_claims_with_a_declared_conflict(
    db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    mine = _queued(db_session, editor, score=0.9)
    by_claimant = _queued(db_session, editor, score=0.8, claimant="Senator Smith")
    other = _queued(db_session, editor, score=0.1)
    queue.declare_conflict(db_session, checker, claim=mine)
    queue.declare_conflict(db_session, checker, claimant="senator SMITH")
    taken = queue.take_next(db_session, checker)
    assert taken is not None and taken.id == other.id
    assert queue.take_next(db_session, checker) is None
    # Others still get them.
    assert queue.take_next(db_session, checker2).id == mine.id
    assert queue.take_next(db_session, checker2).id == by_claimant.id


def test_a_conflict_with_a_name_that_lower_case_lengthens_past_its_field_is_refused_clearly(
    db_session: Session, checker: User
) -> None:
    # "İ" lower-cases to two characters: a 200-character claimant became 226, and
    # PostgreSQL refused the row (a 500 before session 16)
    name = ("İlknur İnce İstanbul " * 10)[:200]
    with pytest.raises(InvalidInput, match="too long"):
        queue.declare_conflict(db_session, checker, claimant=name)


def test_declaring_a_conflict_on_a_held_claim_releases_it(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor)
    queue.take_next(db_session, checker)
    queue.declare_conflict(db_session, checker, claim=claim, note="my brother said it")
    assert claim.status == ClaimStatus.QUEUED and claim.assignee_id is None


def test_assigning_to_a_conflicted_checker_is_refused(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor, claimant="Mayor Okafor")
    queue.declare_conflict(db_session, checker, claimant="Mayor Okafor")
    with pytest.raises(Conflict, match="conflict of interest"):
        queue.assign(db_session, claim, checker, editor)
    assert claim.status == ClaimStatus.QUEUED


def test_auto_assign_picks_the_least_loaded_checker_without_a_conflict(
    db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    busy = [_queued(db_session, editor) for _ in range(2)]
    for claim in busy:
        queue.assign(db_session, claim, checker, editor)
    target = _queued(db_session, editor)
    assert assignment.auto_assign(db_session, target, editor).id == checker2.id
    another = _queued(db_session, editor)
    queue.declare_conflict(db_session, checker2, claim=another)
    assert assignment.auto_assign(db_session, another, editor).id == checker.id


def test_bulk_assign_reports_each_claim_and_keeps_the_good_ones(
    db_session: Session, editor: User, checker: User
) -> None:
    good = _queued(db_session, editor)
    conflicted = _queued(db_session, editor)
    submitted = _queued(db_session, editor, status=ClaimStatus.SUBMITTED)
    queue.declare_conflict(db_session, checker, claim=conflicted)
    results = assignment.bulk_assign(db_session, [good, conflicted, submitted], checker, editor)
    assert [(r.claim_id, r.error is None) for r in results] == [
        (good.id, True),
        (conflicted.id, False),
        (submitted.id, False),
    ]
    assert "conflict" in (results[1].error or "")
    assert "submitted" in (results[2].error or "")
    assert good.assignee_id == checker.id and conflicted.assignee_id is None


def test_schedule_sets_priority_and_due_date(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor)
    due = NOW + dt.timedelta(days=2)
    queue.set_schedule(db_session, claim, editor, priority=5, due_at=due)
    assert (claim.priority, claim.due_at) == (5, due)
    with pytest.raises(PermissionDenied):
        queue.set_schedule(db_session, claim, checker, priority=1, due_at=None)
    with pytest.raises(InvalidInput):
        queue.set_schedule(db_session, claim, editor, priority=1000, due_at=None)


def test_a_form_sent_after_the_lease_ran_out_says_so(
    db_session: Session, editor: User, checker: User, frozen_clock: list[dt.datetime]
) -> None:
    # Found in session 19: "Claim #3 was changed by the system at ... Review the current
    # version and try again", which did not say the lease had run out
    claim = _queued(db_session, editor)
    queue.take_next(db_session, checker, lease=dt.timedelta(hours=1))
    research.add_evidence(
        db_session, claim, checker, url="https://example.org/budget", stance="supports"
    )
    version = claim.version
    frozen_clock[0] = claim.lease_expires_at + dt.timedelta(minutes=1)
    assert queue.expire_leases(db_session) == [claim.id]
    with pytest.raises(StaleVersion) as refused:
        research.submit_verdict(
            db_session,
            claim,
            checker,
            rating_slug="true",
            explanation="Typed while the lease ran out.",
            expected_version=version,
        )
    assert str(refused.value.message).startswith(f"Claim #{claim.id} went back to the queue at ")
    assert (
        f"its lease ran out. Its checker can take it back with “Take claim #{claim.id} back”"
        in (refused.value.message)
    )
