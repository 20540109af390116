"""The claim workflow as a state machine: random sequences of real domain calls.

Hypothesis drives triage, the queue, research, review, publishing and lease expiry with
two checkers and three editors. Any call may be refused with a DomainError (that is the
workflow doing its job); each rule runs in its own savepoint, so a refusal leaves nothing
behind. After every step the invariants below must hold. Each example runs inside a
savepoint of the test's rolled-back transaction, so examples never see each other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import (
    articles,
    assignment,
    publishing,
    queue,
    research,
    review_panel,
    workflow,
    workload,
)
from factcheck.domain.errors import DomainError
from factcheck.domain.limits import Limits
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Event,
    Evidence,
    ReviewVote,
    Role,
    User,
    Verdict,
    VerdictStatus,
    VoteChoice,
)
from tests.conftest import make_user
from tests.fixtures import ARTICLE
from tests.publishing_helpers import BODY, CONTEXT

S = ClaimStatus
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(hours=24)
# Events that create a claim: they start its history and are not table transitions.
CREATION_ACTIONS = {"extract", "promote"}
HELD = {S.IN_PROGRESS, S.RETURNED}
# Statuses in which nobody holds the claim.
FREE = {S.CANDIDATE, S.REJECTED, S.QUEUED}
RATINGS = ["true", "mostly-true", "false", "no-such-rating"]
STANCES = ["supports", "refutes", "context", "sideways"]
MACHINE_SETTINGS = settings(
    max_examples=30,
    stateful_step_count=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

indexes = st.integers(min_value=0, max_value=99)  # taken modulo the list it picks from


class ClaimWorkflow(RuleBasedStateMachine):
    def __init__(
        self, session: Session, checkers: list[User], editors: list[User], approvals: int
    ) -> None:
        super().__init__()
        self.session = session
        # Fresh copies: the previous example's objects left the session with its rollback.
        self.checkers = [_reload(session, user) for user in checkers]
        self.editors = [_reload(session, user) for user in editors]
        self.staff = checkers + editors
        self.approvals = approvals
        self.now = START
        clock.set_source(lambda: self.now)
        self.example = session.begin_nested()  # rolled back in teardown
        self.refusals: Counter[str] = Counter()
        self.reached: set[ClaimStatus] = set()
        self.articles = [
            articles.create_article(
                session,
                creator=editors[0],
                title=title,
                body=body,
                limits=Limits(max_chars=100_000),
                source_url=url,
                published_on=dt.date(2026, 3, 1),
            )
            for title, body, url in [
                ("Flood defences", ARTICLE, "https://example.org/flood"),
                ("Harbour tunnel", BODY, "https://example.org/tunnel"),
            ]
        ]
        self.claim_ids = [c.id for a in self.articles for c in a.claims]
        assert len(self.claim_ids) >= 4
        # A desk in mid-flow, built through the domain too: one claim queued, one with
        # each checker, one of those already submitted; the rest are candidates.
        queued, held, submitted = (self.claim(2 * n) for n in range(3))
        for claim in (queued, held, submitted):
            articles.triage(session, claim, "accept", editors[0], expected_version=None)
        queue.assign(session, held, checkers[0], editors[0], lease=LEASE)
        queue.assign(session, submitted, checkers[1], editors[0], lease=LEASE)
        research.add_evidence(
            session, submitted, checkers[1], url="https://example.org/log", stance="refutes"
        )
        research.submit_verdict(
            session, submitted, checkers[1], rating_slug="false", explanation="No."
        )
        if approvals > 1:
            # A panel vote already cast, so that a decided review stays within reach of a
            # random walk (two fresh votes from two editors on one claim are rare).
            review_panel.approve(session, submitted, editors[2], required_approvals=approvals)

    # Helpers -------------------------------------------------------------------------------

    def claim(self, index: int, *prefer: ClaimStatus) -> Claim:
        """The claim at `index`; odd indexes pick among claims in the `prefer` statuses
        (when there are any), so that rules act where they can, not only get refused."""
        claims = [self.session.get(Claim, claim_id) for claim_id in self.claim_ids]
        preferred = [c for c in claims if c is not None and c.status in prefer]
        pool = preferred if preferred and index % 2 else claims
        found = pool[(index // 2) % len(pool)]
        assert found is not None
        return found

    def pick(self, users: list[User], index: int, claim: Claim | None = None) -> User:
        """The user at `index`; odd indexes pick the claim's holder when they qualify, or
        for a claim under review an editor who may still vote on it, so that work gets done
        and reviews get decided often enough to reach review and beyond."""
        if claim is not None and index % 2 and claim.assignee_id is not None:
            holder = [u for u in users if u.id == claim.assignee_id]
            if holder and claim.status != S.SUBMITTED:
                return holder[0]
            voted = self.voters(claim)
            others = [u for u in users if u.id != claim.assignee_id and u.id not in voted]
            if others:
                return others[index % len(others)]
        return users[index % len(users)]

    def voters(self, claim: Claim) -> set[int]:
        verdict = claim.current_verdict
        if claim.status != S.SUBMITTED or verdict is None:
            return set()
        return {vote.editor_id for vote in review_panel.votes_on(self.session, verdict)}

    def attempt(self, name: str, action: Callable[[], Any]) -> Any:
        """Run one domain call in a savepoint; a refusal rolls it back and is counted."""
        try:
            with self.session.begin_nested():
                return action()
        except DomainError as error:
            self.refusals[f"{name}: {type(error).__name__}"] += 1
            return None

    # Rules ---------------------------------------------------------------------------------

    @rule(
        claim=indexes,
        editor=indexes,
        action=st.sampled_from(["accept", "reject", "restore", "unaccept"]),
    )
    def triage(self, claim: int, editor: int, action: str) -> None:
        target, actor = self.claim(claim, S.CANDIDATE), self.pick(self.editors, editor)
        self.attempt(
            "triage",
            lambda: articles.triage(self.session, target, action, actor, expected_version=None),
        )

    @rule(claim=indexes, editor=indexes, named=st.booleans())
    def edit_details(self, claim: int, editor: int, named: bool) -> None:
        target, actor = self.claim(claim, S.APPROVED), self.pick(self.editors, editor)
        self.attempt(
            "edit_details",
            lambda: articles.edit_claim_details(
                self.session,
                target,
                actor,
                claimant="A. Speaker" if named else None,
                claim_date=dt.date(2026, 2, 28),
                expected_version=None,
            ),
        )

    @rule(user=indexes)
    def take_next(self, user: int) -> None:
        actor = self.pick(self.staff, user)
        taken = self.attempt("take_next", lambda: queue.take_next(self.session, actor, lease=LEASE))
        if taken is not None:
            assert taken.status == S.IN_PROGRESS
            assert taken.assignee_id == actor.id
            assert taken.lease_expires_at == self.now + LEASE

    @rule(claim=indexes, assignee=indexes, editor=indexes)
    def assign(self, claim: int, assignee: int, editor: int) -> None:
        target = self.claim(claim, S.QUEUED, S.RETURNED)
        to, actor = self.pick(self.staff, assignee), self.pick(self.editors, editor)
        before = target.status
        self.attempt("assign", lambda: queue.assign(self.session, target, to, actor, lease=LEASE))
        if target.status in HELD and before in (S.QUEUED, *HELD):
            assert target.assignee_id == to.id
        if before == S.RETURNED:
            assert target.status == S.RETURNED  # reassigned or refused, never sent elsewhere

    @rule(claim=indexes, user=indexes)
    def release(self, claim: int, user: int) -> None:
        target = self.claim(claim, S.IN_PROGRESS)
        actor = self.pick(self.staff, user, target)
        self.attempt("release", lambda: queue.release(self.session, target, actor))

    @rule(claim=indexes, user=indexes, stance=st.sampled_from(STANCES))
    def add_evidence(self, claim: int, user: int, stance: str) -> None:
        target = self.claim(claim, *HELD)
        actor = self.pick(self.staff, user, target)
        self.attempt(
            "add_evidence",
            lambda: research.add_evidence(
                self.session,
                target,
                actor,
                url="https://example.org/source",
                stance=stance,
                lease=LEASE,
            ),
        )

    @rule(claim=indexes, user=indexes, rating=st.sampled_from(RATINGS))
    def submit_verdict(self, claim: int, user: int, rating: str) -> None:
        target = self.claim(claim, *HELD)
        actor = self.pick(self.staff, user, target)
        verdict = self.attempt(
            "submit_verdict",
            lambda: research.submit_verdict(
                self.session, target, actor, rating_slug=rating, explanation="Because."
            ),
        )
        if verdict is not None:
            assert target.status == S.SUBMITTED and verdict.author_id == actor.id

    @rule(claim=indexes, editor=indexes, choice=st.sampled_from(list(VoteChoice)))
    def vote(self, claim: int, editor: int, choice: VoteChoice) -> None:
        target = self.claim(claim, S.SUBMITTED)
        actor = self.pick(self.editors, editor, target)
        if choice == VoteChoice.APPROVE:
            outcome = self.attempt(
                "approve",
                lambda: review_panel.approve(
                    self.session, target, actor, required_approvals=self.approvals
                ),
            )
        else:
            outcome = self.attempt(
                "return",
                lambda: review_panel.return_to_checker(
                    self.session, target, actor, note="Cite it.", required_approvals=self.approvals
                ),
            )
        expected = {"approved": S.APPROVED, "returned": S.RETURNED, "recorded": S.SUBMITTED}
        if outcome is not None:
            assert target.status == expected[outcome]

    @rule(article=st.integers(0, 1), editor=indexes)
    def publish(self, article: int, editor: int) -> None:
        target, actor = self.articles[article], self.pick(self.editors, editor)
        published = self.attempt(
            "publish",
            lambda: publishing.publish_article(
                self.session,
                target,
                actor,
                context=CONTEXT,
                headlines={c.id: "Headline" for c in target.claims if c.status == S.APPROVED},
            ),
        )
        if published is not None:
            assert published and all(c.status == S.PUBLISHED for c in published)
            assert target.status == ArticleStatus.PUBLISHED

    @rule(claim=indexes, editor=indexes)
    def publish_claim(self, claim: int, editor: int) -> None:
        target, actor = self.claim(claim, S.APPROVED), self.pick(self.editors, editor)
        others = {c.id: c.status for c in target.article.claims if c.id != target.id}
        done = self.attempt(
            "publish_claim",
            lambda: publishing.publish_claim(self.session, target, actor, context=CONTEXT) or True,
        )
        if done is not None:
            assert target.status == S.PUBLISHED
            assert target.article.status == ArticleStatus.PUBLISHED
            # Claim by claim: the article's other claims are left as they were.
            assert {c.id: c.status for c in target.article.claims if c.id != target.id} == others

    @rule(hours=st.sampled_from([1, 12, 25]))
    def time_passes(self, hours: int) -> None:
        self.now += dt.timedelta(hours=hours)

    @rule()
    def expire_leases(self) -> None:
        expired = self.attempt("expire", lambda: queue.expire_leases(self.session))
        for claim_id in expired or []:
            claim = self.session.get(Claim, claim_id)
            assert claim is not None and claim.status == S.QUEUED and claim.assignee_id is None

    # Invariants ----------------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        return list(self.session.scalars(select(Claim).where(Claim.id.in_(self.claim_ids))))

    @invariant()
    def events_are_a_path_through_the_table(self) -> None:
        query = (
            select(Event)
            .where(Event.entity_type == "claim", Event.entity_id.in_(self.claim_ids))
            .order_by(Event.id)
        )
        history: dict[int, list[Event]] = defaultdict(list)
        for event in self.session.scalars(query):
            history[event.entity_id].append(event)
        for claim in self.claims():
            events = history[claim.id]
            first, rest = events[0], events[1:]
            assert first.action in CREATION_ACTIONS and first.from_status is None
            assert first.to_status == S.CANDIDATE.value
            for event in rest:
                key = (S(event.from_status), event.action)
                assert key in workflow.TRANSITIONS, (claim.id, key)
                assert workflow.TRANSITIONS[key].to.value == event.to_status, (claim.id, key)
            for earlier, later in zip(events, rest, strict=False):
                assert earlier.to_status == later.from_status, (claim.id, earlier, later)
            assert events[-1].to_status == claim.status.value
            self.reached.add(claim.status)

    @invariant()
    def published_claims_show_an_approved_verdict(self) -> None:
        for claim in self.claims():
            if claim.status == S.PUBLISHED:
                verdict = claim.published_verdict
                assert verdict is not None and verdict.status == VerdictStatus.APPROVED
                assert claim.published_at is not None
                assert claim.article.status == ArticleStatus.PUBLISHED
            else:
                assert claim.published_verdict_id is None
        for article in self.articles:
            published = [c for c in article.claims if c.status == S.PUBLISHED]
            assert (article.status == ArticleStatus.PUBLISHED) == bool(published)

    @invariant()
    def verdicts_past_the_checker_rest_on_sources(self) -> None:
        # FACTCHECK_MIN_SOURCES (1 here): refused at submission, so never in review or out.
        for claim in self.claims():
            if claim.status in (S.SUBMITTED, S.APPROVED, S.PUBLISHED):
                assert len(claim.evidence) >= 1, claim

    @invariant()
    def each_claim_has_at_most_one_holder(self) -> None:
        for claim in self.claims():
            if claim.status in HELD:
                assert claim.assignee_id in {u.id for u in self.staff}, claim
            if claim.status in FREE:
                assert claim.assignee_id is None, claim
            # Only claims being worked on have a lease running.
            assert (claim.lease_expires_at is not None) == (claim.status == S.IN_PROGRESS), claim
            verdict = claim.current_verdict
            if claim.status == S.SUBMITTED:
                assert verdict is not None and verdict.status == VerdictStatus.SUBMITTED
                assert verdict.author_id == claim.assignee_id  # the holder submitted it
            if claim.status == S.RETURNED:
                assert verdict is not None and verdict.status == VerdictStatus.RETURNED

    @invariant()
    def counts_add_up(self) -> None:
        held = Counter(c.assignee_id for c in self.claims() if c.status in HELD)
        rows = {row.user.id: row for row in workload.workload(self.session, now=self.now)}
        for user in self.staff:
            assert rows[user.id].open_claims == held[user.id] >= 0
            assert rows[user.id].overdue >= 0 and rows[user.id].finished_this_week >= 0
        assert assignment.open_load(self.session) == {k: v for k, v in held.items() if v}
        evidence = self.session.scalar(
            select(func.count()).where(Evidence.claim_id.in_(self.claim_ids))
        )
        assert evidence is not None and evidence >= 0
        needed_returns = review_panel.returns_needed(self.approvals)
        verdicts = select(Verdict).where(Verdict.claim_id.in_(self.claim_ids))
        for verdict in self.session.scalars(verdicts):
            votes = review_panel.votes_on(self.session, verdict)
            voters = [v.editor_id for v in votes]
            assert len(voters) == len(set(voters)), "nobody votes twice"
            assert verdict.author_id not in voters, "nobody votes on their own verdict"
            choices = Counter(v.choice for v in votes)
            approvals, returns = choices[VoteChoice.APPROVE], choices[VoteChoice.RETURN]
            if verdict.status == VerdictStatus.SUBMITTED:
                assert approvals < self.approvals and returns < needed_returns
            elif verdict.status == VerdictStatus.APPROVED:
                assert approvals == self.approvals and returns < needed_returns
            else:
                assert returns == needed_returns and approvals < self.approvals

    def teardown(self) -> None:
        self.example.rollback()
        # Rows the rollback removed must not linger in the identity map: SQLite hands out
        # the same ids again in the next example.
        self.session.expunge_all()
        clock.set_source(None)


def _reload(session: Session, user: User) -> User:
    found = session.get(User, user.id)
    assert found is not None
    return found


@pytest.fixture
def staff(db_session: Session) -> tuple[list[User], list[User]]:
    checkers = [make_user(db_session, Role.CHECKER, f"checker-{n}") for n in range(2)]
    editors = [make_user(db_session, Role.EDITOR, f"editor-{n}") for n in range(3)]
    return checkers, editors


@pytest.fixture(autouse=True)
def _real_clock_afterwards() -> Iterator[None]:
    yield
    clock.set_source(None)


@pytest.mark.parametrize("approvals", [1, 2])
def test_random_workflows_keep_the_invariants(
    db_session: Session, staff: tuple[list[User], list[User]], approvals: int
) -> None:
    checkers, editors = staff
    machines: list[ClaimWorkflow] = []

    def build() -> ClaimWorkflow:
        machine = ClaimWorkflow(db_session, checkers, editors, approvals)
        machines.append(machine)
        return machine

    counts_before = _counts(db_session)
    run_state_machine_as_test(build, settings=MACHINE_SETTINGS)
    assert _counts(db_session) == counts_before, "each example rolled back"
    # The machine gets past the refusals: claims reached review in some example.
    reached = set().union(*(machine.reached for machine in machines))
    refusals = sum((m.refusals for m in machines), Counter())
    assert {S.QUEUED, S.IN_PROGRESS, S.SUBMITTED} <= reached, (reached, refusals)
    assert reached & {S.RETURNED, S.APPROVED}, ("no review ever decided", refusals)


def _counts(session: Session) -> tuple[int | None, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Article, Claim, Event, Evidence, Verdict, ReviewVote)
    )
