"""Shaping the candidate claims of an article: promote a sentence the model passed over,
reword a claim for checking, split a compound claim, merge several into one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from factcheck import extraction
from factcheck.domain import audit, claimants, stored_suggestions, workflow
from factcheck.domain.errors import InvalidInput
from factcheck.domain.validation import (
    not_in_the_future,
    optional_text,
    required_text,
    web_url,
)
from factcheck.domain.workflow import Action
from factcheck.models import Article, Claim, ClaimStatus, User

MAX_CLAIM_TEXT = 2000
MAX_PARTS = 10


@dataclass(frozen=True)
class Candidate:
    """A sentence proposed as a claim, with its text (a language model may reword it)."""

    position: int
    sentence: extraction.ExtractedSentence
    text: str


def checkworthy(sentences: list[extraction.ExtractedSentence]) -> tuple[Candidate, ...]:
    return tuple(
        Candidate(position, sentence, sentence.display_text[:MAX_CLAIM_TEXT])
        for position, sentence in enumerate(sentences)
        if sentence.checkworthy
    )


def claim_from_sentence(
    article: Article, position: int, sentence: extraction.ExtractedSentence
) -> Claim:
    """A new candidate claim worded as the sentence shows (a bullet with its lead-in), its
    source sentence and span the cleaned sentence in the article."""
    return Claim(
        article=article,
        text=sentence.display_text[:MAX_CLAIM_TEXT],
        source_sentence=sentence.text,
        span_start=sentence.start,
        span_end=sentence.end,
        position=position,
        score=sentence.score,
        reasons=extraction.sentence_to_dict(sentence)["reasons"],
        # The extractor reads any capitalised run as a name; a record's name has a limit.
        claimant=sentence.claimant[: claimants.MAX_NAME] if sentence.claimant else None,
        claimant_role=(
            sentence.claimant_role[: claimants.MAX_NAME] if sentence.claimant_role else None
        ),
        kind=sentence.kind,
        status=ClaimStatus.CANDIDATE,
    )


def kind_filter(value: str | None) -> str | None:
    """The claim kind asked for in a desk filter, or None (all kinds) for none or unknown."""
    return value if value in extraction.KINDS else None


def ranked_claims(article: Article, kind: str | None = None) -> list[Claim]:
    """The article's claims, highest score first, only those of `kind` when one is given."""
    ranked = sorted(article.claims, key=lambda c: (-c.score, c.position))
    return [claim for claim in ranked if kind is None or claim.kind == kind]


def split_parts(claims: list[Claim]) -> dict[int, list[Claim]]:
    """The parts of each split claim among `claims` (an article's), by the split one's id."""
    parts: dict[int, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: c.id):
        if claim.split_from_id is not None:
            parts.setdefault(claim.split_from_id, []).append(claim)
    return parts


def other_sentences(article: Article) -> list[extraction.ExtractedSentence]:
    """The sentences that did not become candidates, for the editor to promote."""
    taken = {(claim.span_start, claim.span_end) for claim in article.claims}
    return [
        sentence
        for sentence in extraction.extract(article.body)
        if (sentence.start, sentence.end) not in taken
    ]


def promote_sentence(
    session: Session, article: Article, actor: User, start: int, end: int
) -> Claim:
    """Make a below-threshold sentence a candidate claim (the editor knows better)."""
    workflow.require(article, Action.PROMOTE, actor)
    taken = {(claim.span_start, claim.span_end) for claim in article.claims}
    sentences = extraction.extract(article.body)
    found = [
        (position, sentence)
        for position, sentence in enumerate(sentences)
        if (sentence.start, sentence.end) == (start, end) and (start, end) not in taken
    ]
    if not found:
        raise InvalidInput("That sentence is not in the article, or is already a claim.")
    [(position, match)] = found
    claim = claim_from_sentence(article, position, match)
    session.add(claim)
    claimants.attach(session, [claim])
    session.flush()  # generate claim.id for the event
    audit.record(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claim.id,
        action=Action.PROMOTE,
        to_status=claim.status.value,
    )
    stored_suggestions.request(session, article.id)
    return claim


def read_alone(wording: str) -> tuple[float, str, list[dict[str, Any]]]:
    """The score, kind and reasons of a claim's own words, read as a sentence alone."""
    alone = extraction.score_alone(wording)
    return alone.score, alone.kind, [extraction.reason_to_dict(r) for r in alone.reasons]


def reword(
    session: Session, claim: Claim, actor: User, text: str | None, *, expected_version: int | None
) -> None:
    """Change the claim's wording for checking; the source sentence and span stay. New
    words are scored on their own, as a split claim's parts are: the reasons shown beside a
    claim explain its text ("first person: I" stayed on a claim reworded without the "I").
    The event keeps the wording and score before."""
    new_text = required_text(text, "text", max_length=MAX_CLAIM_TEXT, label="claim text")
    workflow.move(
        session,
        claim,
        Action.REWORD,
        actor,
        note=f"was: {claim.text} (score {claim.score:.2f})",
        expected_version=expected_version,
    )
    if new_text != claim.text:
        claim.text = new_text
        claim.score, claim.kind, claim.reasons = read_alone(new_text)
    workflow.flush_claim(session, claim)
    stored_suggestions.request(session, claim.article_id)


def _new_candidate(
    session: Session,
    source: Claim,
    actor: User,
    text: str,
    *,
    start: int,
    end: int,
    action: Action,
    note: str,
    split_from: Claim | None = None,
    claimant_from: Claim | None = None,
) -> Claim:
    article = source.article
    who = claimant_from or source
    wording = required_text(text, "text", max_length=MAX_CLAIM_TEXT, label="claim text")
    score, reasons, kind = source.score, source.reasons, source.kind
    if split_from is not None:
        # A part says less than its parent: "wording: Crimean" on a part without Crimea
        # would mislead, so the part is scored as the sentence it now is.
        score, kind, reasons = read_alone(wording)
    claim = Claim(
        article_id=article.id,
        text=wording,
        source_sentence=article.body[start:end],
        span_start=start,
        span_end=end,
        position=source.position,
        score=score,
        reasons=reasons,
        claimant_id=who.claimant_id,
        claimant=who.claimant,
        claimant_role=who.claimant_role,
        split_from_id=split_from.id if split_from is not None else None,
        kind=kind,
        claim_date=source.claim_date,
        status=ClaimStatus.CANDIDATE,
    )
    session.add(claim)
    session.flush()  # generate claim.id for the event
    audit.record(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claim.id,
        action=action,
        to_status=claim.status.value,
        note=note,
    )
    stored_suggestions.request(session, article.id)
    return claim


def split_claim(
    session: Session, claim: Claim, actor: User, parts: list[str], *, expected_version: int | None
) -> list[Claim]:
    """Replace a compound candidate by atomic ones; they keep its sentence, span, claimant
    and date, link back to it (split_from), and get reasons read from their own text."""
    texts = [part.strip() for part in parts if part.strip()]
    if not 2 <= len(texts) <= MAX_PARTS:
        raise InvalidInput(f"Give between 2 and {MAX_PARTS} claims, one per line.", field="parts")
    workflow.require(claim, Action.SPLIT, actor)
    workflow.check_version(session, claim, expected_version)
    created = [
        _new_candidate(
            session,
            claim,
            actor,
            text,
            start=claim.span_start,
            end=claim.span_end,
            action=Action.SPLIT_FROM,
            note=f"from claim #{claim.id}",
            split_from=claim,
        )
        for text in texts
    ]
    workflow.transition(
        session, claim, Action.SPLIT, actor, note="into " + ", ".join(f"#{c.id}" for c in created)
    )
    return created


@dataclass(frozen=True)
class Merged:
    """What a merge made: the new claim, the candidates it replaced (in the article's
    order), the one whose claimant it keeps (None: none had one) and those whose other
    claimant it dropped."""

    claim: Claim
    replaced: list[Claim]
    kept_from: Claim | None
    dropped: list[Claim]

    def summary(self) -> str:
        """What the editor is told: the merge, and which claimants it kept and dropped."""
        ids = [f"#{claim.id}" for claim in self.replaced]
        done = f"Claims {_and(ids)} merged into #{self.claim.id}."
        if self.kept_from is None or not self.dropped:
            return done
        new, kept = self.claim.id, self.kept_from
        by_name: dict[str, list[str]] = {}
        for claim in self.dropped:
            by_name.setdefault(_who(claim), []).append(f"#{claim.id}")
        drops = _and([f"{name} ({', '.join(found)})" for name, found in by_name.items()])
        return (
            f"{done} Their claimants differ: #{new} keeps {_who(kept)} (the claimant of "
            f"#{kept.id}) and drops {drops}. If that is wrong, set the claimant of claim "
            f"#{new} on its page, under “Who made the claim”."
        )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _who(claim: Claim) -> str:
    role = f", {claim.claimant_role}" if claim.claimant_role else ""
    return f"{claim.claimant}{role}"


def _claimant_kept(ordered: list[Claim]) -> tuple[Claim | None, list[Claim]]:
    """The candidate whose claimant a merge keeps (the first with one, in the article's
    order) and those with another claimant, which it drops."""
    named = [claim for claim in ordered if claim.claimant]
    if not named:
        return None, []
    kept = named[0]
    return kept, [claim for claim in named[1:] if not _same_claimant(claim, kept)]


def _same_claimant(one: Claim, other: Claim) -> bool:
    if one.claimant_id is not None and other.claimant_id is not None:
        return one.claimant_id == other.claimant_id
    return claimants.name_key(one.claimant or "") == claimants.name_key(other.claimant or "")


def _mergeable(claims: list[Claim], actor: User) -> list[Claim]:
    """The candidates in the article's order, once each is known mergeable by `actor`."""
    repeated = sorted(claim_id for claim_id, n in Counter(c.id for c in claims).items() if n > 1)
    if repeated:
        raise InvalidInput(
            "Each candidate can be merged once; #"
            + ", #".join(map(str, repeated))
            + " is listed more than once.",
            field="claim_ids",
        )
    if len(claims) < 2:
        raise InvalidInput("Choose at least two candidates to merge.", field="claim_ids")
    if len({claim.article_id for claim in claims}) > 1:
        raise InvalidInput("Only claims of the same article can be merged.", field="claim_ids")
    ordered = sorted(claims, key=lambda c: (c.span_start, c.id))
    for claim in ordered:
        workflow.require(claim, Action.MERGE, actor)
    return ordered


def merge_claims(session: Session, claims: list[Claim], actor: User, text: str | None) -> Merged:
    """Replace several candidates of one article by one claim spanning all of them. It
    keeps one claimant, the first in the article's order (an empty one gives way); the
    answer names those it dropped."""
    ordered = _mergeable(claims, actor)
    typed = (text or "").strip()
    wording = typed or " ".join(claim.text for claim in ordered)
    if not typed and len(wording) > MAX_CLAIM_TEXT:
        raise InvalidInput(
            f"Together these candidates are {len(wording):,} characters, more than the "
            f"{MAX_CLAIM_TEXT:,} a claim can hold. Type the merged claim's wording.",
            field="text",
        )
    kept, dropped = _claimant_kept(ordered)
    note = "from " + ", ".join(f"#{c.id}" for c in ordered)
    if kept is not None and dropped:  # the history says it too
        gone = ", ".join(f"{_who(c)} (#{c.id})" for c in dropped)
        note += f"; kept the claimant of #{kept.id}, dropped {gone}"
    merged = _new_candidate(
        session,
        ordered[0],
        actor,
        wording,
        start=ordered[0].span_start,
        end=max(claim.span_end for claim in ordered),
        action=Action.MERGE_FROM,
        note=note,
        claimant_from=kept,
    )
    merged.score = max(claim.score for claim in ordered)
    for claim in ordered:
        workflow.transition(session, claim, Action.MERGE, actor, note=f"into #{merged.id}")
    return Merged(merged, ordered, kept, dropped)


def accept(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    expected_version: int | None,
    claimant: str | None = None,
    claim_date: dt.date | None = None,
    article_url: str | None = None,
) -> None:
    """Accept a candidate, with what publishing will need if the editor knows it now: who
    made the claim, when, and the article's address. Each is optional (empty: left as it
    is); what stays missing is shown on the claim's pages until set."""
    name = optional_text(claimant, "claimant", max_length=200)
    url = web_url(article_url, "article_url", required=False, label="article URL")
    not_in_the_future(claim_date, "claim_date", "The claim's date")
    workflow.move(session, claim, Action.ACCEPT, actor, expected_version=expected_version)
    dated = stored_suggestions.matching_dates([claim])
    # A name or alias of a record, or a new record; the claim's hint sent back as the page
    # filled the field ("government") stays a hint.
    if name and not claimants.is_hint(claim, name):
        record = claimants.resolve(session, name)
        if record is not None and record.id != claim.claimant_id:
            claim.claimant_role = None  # the role was the extracted claimant's
        claimants.set_on_claim(claim, record)
    claim.claim_date = claim_date or claim.claim_date
    stored_suggestions.request_if_redated(session, claim.article_id, [claim], dated)
    if url and not claim.article.source_url:
        claim.article.source_url = url
    workflow.flush_claim(session, claim)
