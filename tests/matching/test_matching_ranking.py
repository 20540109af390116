"""rank(): BM25F over the candidates, then fusion with embeddings and recency.

The first stage (the database) is tested in test_match_index.py; here candidates are made by
hand so that each test says exactly what the second stage does. The texts are written for
these tests (no text from the research data sets).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from factcheck.matching import (
    Candidate,
    Collection,
    Query,
    ScoringParams,
    normalize,
    rank,
    terms_and_words,
)
from factcheck.matching.embedding import Vectors, from_bytes, to_bytes
from factcheck.matching.rerank import fuse, recency, similarity_bonus

LEXICAL = ScoringParams(embedding_weight=0.0)


def candidate(entry_id: str, claim: str, title: str = "", **fields: object) -> Candidate:
    return Candidate(entry_id, tuple(normalize(claim)), tuple(normalize(title)), **fields)  # type: ignore[arg-type]


def collection_of(candidates: list[Candidate], extra_entries: int = 0) -> Collection:
    frequency: dict[str, int] = {}
    for c in candidates:
        for term in set(c.claim_terms) | set(c.title_terms):
            frequency[term] = frequency.get(term, 0) + 1
    return Collection(
        len(candidates) + extra_entries,
        sum(len(c.claim_terms) for c in candidates),
        sum(len(c.title_terms) for c in candidates),
        frequency,
    )


def query(text: str, vector: Vectors | None = None, day: dt.date | None = None) -> Query:
    return Query(tuple(terms_and_words(text)), vector, day.toordinal() if day else None)


def ranked(text: str, candidates: list[Candidate], params: ScoringParams = LEXICAL,
           **query_fields: object) -> list[str]:  # fmt: skip
    found = rank(query(text, **query_fields), candidates, collection_of(candidates), params, 10)  # type: ignore[arg-type]
    return [m.entry_id for m in found]


def test_results_are_sorted_best_first_capped_at_k_and_positive() -> None:
    archive = [
        candidate("deaths", "Joe Biden claimed that five hundred people died after the storm."),
        candidate("straws", "A new state law bans paper straws in restaurants."),
        candidate("vaccine", "The COVID-19 vaccine contains a tracking microchip."),
        candidate("wages", "The minimum wage has not risen in 12 years."),
    ]
    found = rank(
        query("Biden says people died, paper straws, vaccine microchip"),
        archive, collection_of(archive), LEXICAL, 3,
    )  # fmt: skip
    assert len(found) == 3
    assert all(m.score > 0 for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert "wages" not in {m.entry_id for m in found}


def test_nothing_for_no_terms_no_candidates_or_no_k() -> None:
    archive = [candidate("straws", "Paper straws are banned.")]
    collection = collection_of(archive)
    assert rank(query("the and of it"), archive, collection, LEXICAL, 5) == []
    assert rank(query("paper straws"), [], collection, LEXICAL, 5) == []
    assert rank(query("paper straws"), archive, collection, LEXICAL, 0) == []


def test_a_candidate_sharing_no_term_is_never_returned() -> None:
    archive = [candidate("straws", "Paper straws are banned."), candidate("coal", "Coal mines.")]
    assert ranked("paper straws", archive) == ["straws"]


def test_shared_terms_list_rarer_terms_first() -> None:
    archive = [
        candidate("deaths", "Biden said people died."),
        candidate("people", "People say many things."),
    ]
    [first, _] = rank(query("Biden people"), archive, collection_of(archive), LEXICAL, 5)
    assert first.entry_id == "deaths"
    assert first.shared_terms == ("biden", "peopl")  # "peopl" is in two entries


def test_a_term_in_many_entries_weighs_less() -> None:
    # The same entry scores lower once the archive holds many entries with its words.
    entry = candidate("a", "Sharks were seen at the beach.")
    sharks = [candidate(f"s{i}", f"Sharks story {i}.") for i in range(5)]
    alone = rank(query("sharks"), [entry], collection_of([entry], 1), LEXICAL, 1)[0].score
    crowded = collection_of([entry, *sharks])
    assert rank(query("sharks"), [entry], crowded, LEXICAL, 1)[0].score < alone


def test_ties_are_broken_by_entry_id() -> None:
    archive = [candidate("b", "Paper straws."), candidate("a", "Paper straws.")]
    assert ranked("paper straws", archive) == ["a", "b"]


# Embeddings --------------------------------------------------------------------------------

# Words that stand for one topic each; a text's vector is the mean of its topics.
TOPICS = {"wage": 0, "raise": 0, "income": 0, "pay": 0, "crime": 1, "murder": 1, "coal": 2}


def topic_vector(text: str) -> Vectors:
    vector = np.zeros(3, dtype=np.float32)
    for word in text.lower().replace(".", " ").replace(";", " ").split():
        if word in TOPICS:
            vector[TOPICS[word]] += 1.0
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


PAY = "Workers saw their income stall for decades."
CRIME = "Workers fear crime; workers fear murder."
QUESTION = "Workers have not had a raise."


def embedded_archive() -> list[Candidate]:
    # Both share "workers" with the query; only the first is about pay.
    return [
        candidate("fc-pay", PAY, vector=topic_vector(PAY)),
        candidate("fc-crime", CRIME, vector=topic_vector(CRIME)),
    ]


def test_lexical_only_ranks_by_shared_words() -> None:
    # With no embedding the repeated "workers" wins: BM25 alone misses the paraphrase.
    assert ranked(QUESTION, embedded_archive()) == ["fc-crime", "fc-pay"]


def test_embedding_similarity_lifts_the_paraphrase() -> None:
    found = ranked(QUESTION, embedded_archive(), ScoringParams(), vector=topic_vector(QUESTION))
    assert found == ["fc-pay", "fc-crime"]


def test_a_candidate_without_a_stored_vector_gets_no_bonus() -> None:
    archive = [candidate("fc-pay", PAY), embedded_archive()[1]]
    found = ranked(QUESTION, archive, ScoringParams(), vector=topic_vector(QUESTION))
    assert found == ["fc-crime", "fc-pay"]


def test_stored_vectors_are_float16_and_close_to_the_original() -> None:
    vector = np.random.default_rng(1).standard_normal(256).astype(np.float32)
    vector /= np.linalg.norm(vector)
    stored = to_bytes(vector)
    assert len(stored) == 512
    restored = from_bytes(stored)
    assert restored is not None and restored.dtype == np.float32
    assert float(restored @ vector) == pytest.approx(1.0, abs=1e-3)
    assert from_bytes(None) is None and from_bytes(b"\x00") is None


def test_fuse_scales_bm25_to_the_best_and_adds_the_cosine() -> None:
    fused = fuse(
        [("a", 10.0), ("b", 5.0)], [similarity_bonus(-1.0, 1.0), similarity_bonus(1.0, 1.0)]
    )
    assert [(c, round(s, 6)) for c, s in fused] == [("b", 2.5), ("a", 1.0)]


# Recency -----------------------------------------------------------------------------------

CLAIM = "The state's jobless rate fell to 3 percent last year."
MADE = dt.date(2024, 6, 1)


def checked_twice() -> list[Candidate]:
    """The same claim checked in 2012 ("a-old") and a month before MADE ("b-recent")."""
    return [
        candidate("a-old", CLAIM, day=dt.date(2012, 3, 3).toordinal()),
        candidate("b-recent", CLAIM, day=dt.date(2024, 5, 1).toordinal()),
    ]


def test_without_a_date_the_tie_goes_to_the_entry_id() -> None:
    assert ranked("jobless rate fell to 3 percent", checked_twice()) == ["a-old", "b-recent"]


def test_the_fact_check_from_shortly_before_the_claim_comes_first() -> None:
    text = "jobless rate fell to 3 percent"
    assert ranked(text, checked_twice(), day=MADE) == ["b-recent", "a-old"]
    # A claim made in 2012 is the old fact-check's, not one written twelve years later.
    assert ranked(text, checked_twice(), day=dt.date(2012, 3, 10)) == ["a-old", "b-recent"]


def test_the_date_only_breaks_near_ties_it_does_not_override_the_text() -> None:
    archive = [
        *checked_twice(),
        candidate("c-unrelated", "The mayor raised the water rate.", day=MADE.toordinal()),
    ]
    # Shares only "rate"; the recency bonus (0.5 at most) does not lift it over the 2012 check.
    assert ranked("jobless rate fell to 3 percent", archive, day=MADE) == [
        "b-recent", "a-old", "c-unrelated",
    ]  # fmt: skip


def test_date_weight_zero_turns_the_bonus_off() -> None:
    params = ScoringParams(embedding_weight=0.0, date_weight=0.0)
    assert ranked("jobless rate fell", checked_twice(), params, day=MADE) == ["a-old", "b-recent"]


def test_scores_carry_the_bonus() -> None:
    archive = checked_twice()
    recent, old = rank(query(CLAIM, day=MADE), archive, collection_of(archive), LEXICAL, 5)
    assert recent.score - old.score == pytest.approx(
        0.5 * (math.exp(-31 / 365) - math.exp(-(MADE - dt.date(2012, 3, 3)).days / 365))
    )


@pytest.mark.parametrize(
    ("age_days", "expected"),
    [
        (0, 1.0),
        (365, math.exp(-1)),
        (-7, 1.0),  # dated a few days after the claim: time zones, publication dates
        (-8, 0.0),  # checked well after: not a check of this claim
    ],
)
def test_recency_decays_with_age_and_refuses_later_fact_checks(
    age_days: int, expected: float
) -> None:
    query_day = MADE.toordinal()
    assert recency(query_day, query_day - age_days, 365, 7) == pytest.approx(expected)


def test_an_entry_without_a_date_gets_no_bonus() -> None:
    assert recency(MADE.toordinal(), None, 365, 7) == 0.0
