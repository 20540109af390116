"""Each action moves a claim's version once: a form opened before it is stale by exactly
one version, and the history and the version agree. (Assigning used to flush twice and
take a claim from version 1 to 3; submitting and releasing did the same, publishing
moved it by three.) Work beside the claim (evidence, drafts, replies, comments) is not an
edit of the claim and leaves its version alone; so do dismissing a suggestion, declining
a correction and a panel's vote that decides nothing yet. Every action of the transition
table is walked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import (
    articles,
    candidates,
    comments,
    drafts,
    earlier_checks,
    publishing,
    queue,
    replies,
    research,
    review_panel,
    source_corrections,
    topics,
    workflow,
)
from factcheck.models import ArchiveEntry, Claim, Evidence, User
from tests.page_world import add_article
from tests.publishing_helpers import CONTEXT


class Walk:
    """One claim taken through the workflow, each step committed and measured."""

    def __init__(self, session: Session, claim: Claim) -> None:
        self.session, self.claim = session, claim
        self.moved: dict[str, int] = {}

    def step(self, name: str, action: Callable[[], object]) -> None:
        self.session.refresh(self.claim)
        before = self.claim.version
        action()
        self.session.commit()
        self.session.refresh(self.claim)
        self.moved[name] = self.claim.version - before


def test_every_action_moves_the_claims_version_once(
    db_session: Session, editor: User, editor2: User, checker: User, checker2: User
) -> None:
    s = db_session
    article = add_article(s, editor, "Versions")
    s.commit()
    claim = max(article.claims, key=lambda c: c.score)
    walk = Walk(s, claim)
    step = walk.step

    step("reject", lambda: articles.triage(s, claim, "reject", editor, expected_version=None))
    step("restore", lambda: articles.triage(s, claim, "restore", editor, expected_version=None))
    step("reword", lambda: candidates.reword(s, claim, editor, "Reworded", expected_version=None))
    step(
        "edit_details",
        lambda: articles.edit_claim_details(
            s, claim, editor, claimant="Ana", claim_date=dt.date(2026, 1, 1), expected_version=None
        ),
    )
    topic = topics.create_topic(s, editor, "Versions")
    step("tag", lambda: topics.set_claim_topics(s, claim, editor, [topic.id]))
    entry = ArchiveEntry(external_id="v-1", outlet="Other Desk", claim="An earlier check.")
    s.add(entry)
    s.flush()
    step("link_match", lambda: earlier_checks.link(s, claim, editor, entry.id))
    step("unlink_match", lambda: earlier_checks.unlink(s, claim, editor))
    step("dismiss_match", lambda: earlier_checks.dismiss(s, claim, editor, f"archive:{entry.id}"))
    step("accept", lambda: articles.triage(s, claim, "accept", editor, expected_version=None))
    step("unaccept", lambda: articles.triage(s, claim, "unaccept", editor, expected_version=None))
    step("accept again", lambda: articles.triage(s, claim, "accept", editor, expected_version=None))
    step("schedule", lambda: queue.set_schedule(s, claim, editor, priority=3, due_at=None))
    step("assign", lambda: queue.assign(s, claim, checker, editor))
    step("reassign", lambda: queue.assign(s, claim, checker2, editor))
    step("release", lambda: queue.release(s, claim, checker2))
    step("take", lambda: queue.take_next(s, checker))
    step("unassign", lambda: queue.release(s, claim, editor))
    step("assign again", lambda: queue.assign(s, claim, checker, editor))
    later = clock.now() + dt.timedelta(days=30)
    step("expire", lambda: queue.expire_leases(s, now=later))
    step("take again", lambda: queue.take_next(s, checker))
    source: dict[str, Evidence] = {}
    beside = {
        "add_evidence": lambda: source.setdefault(
            "a",
            research.add_evidence(
                s, claim, checker, url="https://example.org/a", stance="supports"
            ),
        ),
        "edit_evidence": lambda: research.edit_evidence(
            s,
            source["a"],
            checker,
            expected_version=None,
            url="https://example.org/b",
            stance="refutes",
        ),
        "remove_evidence": lambda: research.remove_evidence(
            s, source["a"], checker, expected_version=None
        ),
        "save_draft": lambda: drafts.save_draft(
            s, claim, checker, rating_slug="true", explanation="Draft."
        ),
        "record_reply": lambda: replies.record_reply(
            s, claim, checker, contacted_at=None, channel="email", contact=None, answer=None
        ),
        "comment": lambda: comments.add_comment(s, claim, checker, "Looks right."),
        # The source the verdict rests on (FACTCHECK_MIN_SOURCES): the first one was removed.
        "add_evidence again": lambda: research.add_evidence(
            s, claim, checker, url="https://example.org/c", stance="supports"
        ),
    }
    for name, action in beside.items():
        step(name, action)
    step(
        "submit",
        lambda: research.submit_verdict(s, claim, checker, rating_slug="true", explanation="x"),
    )
    step("return", lambda: review_panel.return_to_checker(s, claim, editor, note="More."))
    step(
        "submit again",
        lambda: research.submit_verdict(s, claim, checker, rating_slug="true", explanation="y"),
    )
    step("vote", lambda: review_panel.approve(s, claim, editor, required_approvals=2))
    step("approve", lambda: review_panel.approve(s, claim, editor2, required_approvals=2))
    step(
        "publish",
        lambda: publishing.publish_article(
            s, claim.article, editor, context=CONTEXT, headlines={claim.id: "Close to the count"}
        ),
    )
    propose = lambda: publishing.propose_correction(  # noqa: E731
        s, claim, editor, rating_slug="false", explanation="No.", reason="New data."
    )
    published_source = claim.evidence[0]
    step(
        "correct_source",
        lambda: source_corrections.correct_source(
            s,
            published_source,
            editor,
            reason="The quote had a typo.",
            expected_version=None,
            url=published_source.url,
            excerpt="The count was 3,200.",
            title=published_source.title,
            publisher=published_source.publisher,
            accessed_on=None,
        ),
    )
    step("propose_correction", propose)
    step("correct", lambda: review_panel.approve(s, claim, editor2))
    step("propose again", propose)
    step(
        "decline_correction",
        lambda: review_panel.return_to_checker(s, claim, editor2, note="Not needed."),
    )

    walked = {name for name in walk.moved if name in workflow.ACTIONS}
    assert walked | {"split", "merge"} == workflow.ACTIONS, "walk each new action here"
    # Dismissing a suggestion and declining a correction change nothing of the claim itself
    # (a note in the trail; the proposal's own record): like the work beside it, they leave
    # its version alone, so a form opened before them is still current. Filing the claim
    # under topics is the same: it changes where readers find it, not the claim. A vote
    # that decides nothing yet leaves the verdict under review as it was: another editor's
    # vote from a page opened before it counts too (a review walk found a panel's second
    # Approve refused as out of date). Correcting a published source checks and moves the
    # source's own version, as editing one does before publication.
    unchanged = {"dismiss_match", "decline_correction", "tag", "vote", "correct_source"}
    edits = {
        name: moved for name, moved in walk.moved.items() if name not in beside.keys() | unchanged
    }
    assert edits == dict.fromkeys(edits, 1)
    assert {name: walk.moved[name] for name in unchanged} == dict.fromkeys(unchanged, 0)
    assert {name: walk.moved[name] for name in beside} == dict.fromkeys(beside, 0)
    assert claim.published_verdict is not None and claim.published_verdict.rating.slug == "false"


def test_splitting_and_merging_move_the_replaced_claims_version_once(
    db_session: Session, editor: User
) -> None:
    s = db_session
    article = add_article(s, editor, "Versions of replaced claims")
    s.commit()
    first, second, third = sorted(article.claims, key=lambda c: c.id)[:3]
    walk = Walk(s, first)
    walk.step(
        "split",
        lambda: candidates.split_claim(s, first, editor, ["One.", "Two."], expected_version=None),
    )
    pair = Walk(s, second)
    pair.step("merge", lambda: candidates.merge_claims(s, [second, third], editor, "Both."))
    s.refresh(third)
    assert walk.moved == {"split": 1} and pair.moved == {"merge": 1}
    assert third.version == 2, "each merged claim moves once"


def test_new_candidates_start_at_version_one_with_their_claimants_linked(
    db_session: Session, editor: User
) -> None:
    # Linking the extractor's claimants flushed the claims first and then wrote them again:
    # a new candidate with a claimant started at version 2, as if someone had edited it.
    body = (
        "The ferry carried 1.2 million passengers in 2025, up 8 percent, the Westford Port "
        "Authority said on Monday.\n\nFares rose by 12 percent last year, the operator "
        "reported.\n\nUnemployment in the harbour district fell to 5.2 percent, Ana Lind said."
    )
    article = add_article(db_session, editor, "New candidates, unedited", body)
    db_session.commit()
    db_session.expire_all()
    claims = sorted(article.claims, key=lambda c: c.id)
    linked = {c.claimant for c in claims if c.claimant_record is not None}
    assert linked == {"Westford Port Authority", "Ana Lind"}
    # "the operator" names no particular body: the claim keeps the words, linked to none.
    assert "operator" in {c.claimant for c in claims if c.claimant_record is None}
    assert [c.version for c in claims] == [1] * len(claims)
