"""The extraction pipeline: segment an article, score every sentence, find its claimant.

Two readings of a text. An **article** is segmented, and each sentence is read in its
context by the network trained further on news (:func:`extract`). A **standalone sentence**
(a line of a debate transcript, a post, a claim on its own: what CheckThat! scores) is read
whole by the network as it was after its debate stage, which learnt from such sentences, at
the threshold tuned for it on CT24 dev (:func:`extract_sentence`). :func:`extract_as` picks
one: a text without a line break that the segmenter reads as one sentence is standalone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any, Literal

from factcheck.extraction.attribution import Attribution, attribute
from factcheck.extraction.candidate_text import shape
from factcheck.extraction.features import MAX_SENTENCE_CHARS
from factcheck.extraction.forecasts import forecast_frame
from factcheck.extraction.furniture import blanked, inside, without
from factcheck.extraction.network import Network, debate_network, load_network
from factcheck.extraction.score import (
    DEFAULT_THRESHOLD,
    Reason,
    Scored,
    kind_reason,
    score_sentences,
)
from factcheck.extraction.segment import segment, segment_pages
from factcheck.extraction.signals import sentence_cues, signals_of


@dataclass(frozen=True)
class ExtractedSentence:
    """One sentence of an article with its check-worthiness.

    ``text == body[start:end]`` for the body passed to :func:`extract`: the sentence
    cleaned of lead-ins ("Quote:"), bullet marks and unpaired quotation marks (see
    factcheck.extraction.candidate_text); ``score`` is a probability in [0, 1]; ``reasons``
    are sorted by absolute weight, largest first; ``claimant`` is who made the claim (one
    canonical name per person in the article), or None if the sentence is not attributed,
    and ``claimant_role`` the role the article gives them ("finance minister");
    ``display_text`` is the text to show an editor (a bullet with the subject of its
    lead-in line); ``layout`` is "headline", "dateline", "lead-in", "footnote",
    "signature", "page" (a running header or a page number), "table-header" (a Markdown
    table's header row or its rule) or "furniture" (a site's pitch, link or credit) for
    lines that are never candidates by default, else None; ``kind`` is the
    claim type the network reads (factcheck.extraction.kinds): only factual kinds become
    candidates.
    """

    text: str
    start: int
    end: int
    score: float
    checkworthy: bool
    reasons: tuple[Reason, ...]
    claimant: str | None
    display_text: str
    claimant_role: str | None = None
    layout: str | None = None
    kind: str = "other"


def _with_attribution(reasons: tuple[Reason, ...], found: Attribution) -> tuple[Reason, ...]:
    """Show the attribution's own evidence (with any cited source) in the reasons."""
    if found.evidence is None or found.inherited:
        return reasons
    evidence = found.evidence
    for index, reason in enumerate(reasons):
        if reason.kind == "attributed":
            updated = replace(reason, text=evidence)
            return (*reasons[:index], updated, *reasons[index + 1 :])
    # The model has no weight for this phrasing; the reason is informative only.
    return (*reasons, Reason("attributed", evidence, 0.0))


def _check_threshold(threshold: float) -> float:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold!r}")
    return threshold


def _as_boilerplate(verdict: Scored, why: str | None) -> Scored:
    """A headline, dateline or list lead-in is boilerplate by the labelling guideline
    (docs/annotation.md), whatever the kind head reads into its words, and so is what a
    paste leaves in a text (a page number, a table's header, a site's pitch: `why` says
    which): the desk shows it as such, and its reasons say so."""
    reasons = tuple(r for r in verdict.reasons if r.kind != "kind")
    if why:
        reasons = (*reasons, Reason("boilerplate", why, 0.0))
    return replace(
        verdict,
        kind="boilerplate",
        factual=False,
        reasons=(*reasons, kind_reason("boilerplate")),
    )


def _as_forecast(verdict: Scored, sentence: str) -> Scored:
    """A sentence framed as a forecast ("are forecast to") is a prediction by the labelling
    guideline, however precise its number (factcheck.extraction.forecasts): shown under
    "other sentences" with the frame as its reason."""
    frame = forecast_frame(sentence)
    if frame is None or (verdict.kind == "prediction" and not verdict.factual):
        return verdict
    # The frame's words replace a forecast reason that shows fewer of them ("forecast").
    covered = [r for r in verdict.reasons if r.kind == "prediction" and r.text in frame]
    reasons = tuple(r for r in verdict.reasons if r.kind != "kind" and r not in covered)
    weight = max((r.weight for r in covered), default=0.0)
    reasons = (*reasons, Reason("prediction", frame, weight))
    return replace(
        verdict,
        kind="prediction",
        factual=False,
        reasons=(*reasons, kind_reason("prediction")),
    )


def is_candidate_layout(layout: str | None) -> bool:
    """False for headlines, datelines, list lead-ins, footnotes and email signatures: never
    candidates by default."""
    return layout is None


def extract(text: str, *, threshold: float | None = None) -> list[ExtractedSentence]:
    """Every sentence of `text` in document order (none dropped), scored, with its kind,
    reasons and claimant. A sentence is check-worthy when its kind is factual and its score
    is >= `threshold` (default :data:`DEFAULT_THRESHOLD`)."""
    cutoff = _check_threshold(DEFAULT_THRESHOLD if threshold is None else threshold)
    spans, furniture = segment_pages(text)
    # A sentence that a page broke is read without the page's header and number in it.
    broken = inside(spans, furniture)
    sentences = [without(text, start, end, broken[i]) for i, (start, end) in enumerate(spans)]
    cues = sentence_cues(sentences)
    scored = score_sentences(sentences, signals_of(blanked(text, broken), spans, cues), cues)
    result = []
    # A sentence that occurs again is scored once (the same Scored): so is its boilerplate.
    boilerplate: dict[tuple[int, str | None], Scored] = {}
    for scored_verdict, found, shaped in zip(
        scored, attribute(sentences), shape(text, spans, furniture, broken), strict=True
    ):
        if shaped.layout:
            known = (id(scored_verdict), shaped.why)
            verdict = boilerplate.get(known) or _as_boilerplate(scored_verdict, shaped.why)
            boilerplate[known] = verdict
        else:
            verdict = _as_forecast(scored_verdict, text[shaped.start : shaped.end])
        result.append(
            ExtractedSentence(
                text=text[shaped.start : shaped.end],
                start=shaped.start,
                end=shaped.end,
                score=verdict.score,
                checkworthy=verdict.factual
                and verdict.score >= cutoff
                and is_candidate_layout(shaped.layout),
                reasons=_with_attribution(verdict.reasons, found),
                claimant=shaped.speaker or found.claimant,
                claimant_role=None if shaped.speaker else found.role,
                display_text=shaped.display_text,
                layout=shaped.layout,
                kind=verdict.kind,
            )
        )
    return result


ReadAs = Literal["auto", "article", "sentence"]


@functools.cache
def _standalone_network() -> Network:
    return debate_network(load_network())


def standalone_threshold() -> float:
    """The threshold of a standalone sentence: the best F1 on CT24 dev, in the weights."""
    return _standalone_network().threshold


def is_standalone(text: str) -> bool:
    """True for a text with no line break, of at most MAX_SENTENCE_CHARS characters, that the
    segmenter reads as one sentence. (The bound keeps the test cheap: a long text is not
    segmented twice.)"""
    stripped = text.strip()
    return (
        0 < len(stripped) <= MAX_SENTENCE_CHARS
        and "\n" not in stripped
        and len(segment(stripped)) == 1
    )


def extract_sentence(text: str, *, threshold: float | None = None) -> list[ExtractedSentence]:
    """`text` read whole as one standalone sentence (no article around it): scored by the
    network after its debate stage, check-worthy at `threshold` (default
    :func:`standalone_threshold`: the scores of the two networks differ in scale). Its kind
    comes from its cues and is shown, not applied: the debates count a promise with a
    number as check-worthy, and so does this reading. [] for a blank text."""
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if start >= end:
        return []
    sentence = text[start:end]
    found = sentence_cues([sentence])
    signals = signals_of(sentence, [(0, len(sentence))], found, news=False)
    network = _standalone_network()
    cutoff = _check_threshold(network.threshold if threshold is None else threshold)
    [verdict] = score_sentences([sentence], signals, found, network)
    [attribution] = attribute([sentence])
    return [
        ExtractedSentence(
            text=sentence,
            start=start,
            end=end,
            score=verdict.score,
            checkworthy=verdict.score >= cutoff,
            reasons=_with_attribution(verdict.reasons, attribution),
            claimant=attribution.claimant,
            claimant_role=attribution.role,
            display_text=sentence,
            kind=verdict.kind,
        )
    ]


def extract_as(
    text: str, read_as: ReadAs = "auto", *, threshold: float | None = None
) -> tuple[Literal["article", "sentence"], list[ExtractedSentence]]:
    """The text read as an article or as one standalone sentence ("auto":
    :func:`is_standalone` decides), and how it was read. A `threshold` given (a newsroom's
    setting) applies to either reading; None: each reading's own tuned threshold."""
    if read_as == "sentence" or (read_as == "auto" and is_standalone(text)):
        return "sentence", extract_sentence(text, threshold=threshold)
    return "article", extract(text, threshold=threshold)


def reason_to_dict(reason: Reason) -> dict[str, Any]:
    """JSON-ready form of a reason."""
    return {
        "kind": reason.kind,
        "text": reason.text,
        "weight": reason.weight,
        "label": reason.label(),
    }


def sentence_to_dict(sentence: ExtractedSentence) -> dict[str, Any]:
    """JSON-ready form of an extracted sentence (only str, int, float, bool, None, list)."""
    return {
        "text": sentence.text,
        "start": sentence.start,
        "end": sentence.end,
        "score": sentence.score,
        "checkworthy": sentence.checkworthy,
        "reasons": [reason_to_dict(reason) for reason in sentence.reasons],
        "claimant": sentence.claimant,
        "claimant_role": sentence.claimant_role,
        "display_text": sentence.display_text,
        "layout": sentence.layout,
        "kind": sentence.kind,
    }
