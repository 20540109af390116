"""Embedding fusion: paraphrases rise, entries are embedded once, the bundled model loads.

The texts are written for these tests (no text from the research data sets). Most tests use a
tiny fake embedder with hand-made "topic" vectors so that they say exactly what the fusion
does; one test loads the real bundled WordLlama model from the installed wheel.
"""

from __future__ import annotations

import numpy as np
import pytest
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace

from factcheck.matching import MatchIndex, ScoringParams
from factcheck.matching.embedding import StaticEmbedder, Vectors, default_embedder
from factcheck.matching.rerank import Candidate, fuse, similarity_bonus

# Words that stand for one topic each; a text's vector is the mean of its topics.
TOPICS = {"wage": 0, "raise": 0, "income": 0, "pay": 0, "crime": 1, "murder": 1, "coal": 2}


class TopicEmbedder:
    """Maps texts to unit vectors over three hand-made topics; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def embed(self, texts: list[str]) -> Vectors:
        self.calls.extend(texts)
        vectors = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                if word in TOPICS:
                    vectors[row, TOPICS[word]] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def build(embedder: TopicEmbedder, weight: float = 1.0) -> MatchIndex:
    index = MatchIndex(ScoringParams(embedding_weight=weight), embedder=embedder)
    # Both share "workers" with the query below; only the first is about pay.
    index.add("fc-pay", "Workers saw their income stall for decades.")
    index.add("fc-crime", "Workers fear crime; workers fear murder.")
    return index


QUERY = "Workers have not had a raise."


def test_lexical_only_ranks_by_shared_words() -> None:
    index = build(TopicEmbedder(), weight=0.0)
    # With no embedder the repeated "workers" wins: BM25 alone misses the paraphrase.
    assert [m.entry_id for m in index.search(QUERY)] == ["fc-crime", "fc-pay"]


def test_embedding_similarity_lifts_the_paraphrase() -> None:
    matches = build(TopicEmbedder()).search(QUERY)
    assert [m.entry_id for m in matches] == ["fc-pay", "fc-crime"]
    assert all(m.score > 0 for m in matches)
    assert matches[0].shared_terms == ("worker",)


def test_embedding_never_adds_entries_without_a_shared_term() -> None:
    # The first stage still decides what can match: a pure paraphrase with no shared term
    # is not returned (the contract of search() is unchanged).
    assert build(TopicEmbedder()).search("coal") == []


def test_each_entry_is_embedded_once_when_added() -> None:
    embedder = TopicEmbedder()
    index = build(embedder)
    added = list(embedder.calls)
    index.search(QUERY)
    index.search(QUERY)
    assert len(added) == 2
    assert embedder.calls[2:] == [QUERY, QUERY]  # searches embed only the query


def test_removed_and_replaced_entries_use_their_current_vector() -> None:
    index = build(TopicEmbedder())
    index.remove("fc-pay")
    assert [m.entry_id for m in index.search(QUERY)] == ["fc-crime"]
    index.add("fc-crime", "Workers got a pay raise.")
    assert [m.entry_id for m in index.search(QUERY)] == ["fc-crime"]
    assert len(index) == 1


def test_weight_zero_loads_no_embedder() -> None:
    # A lexical index works without the model (and never calls an embedder it is given).
    embedder = TopicEmbedder()
    index = MatchIndex(ScoringParams(embedding_weight=0.0), embedder=embedder)
    index.add("a", "Workers got a raise.")
    assert index.search("raise")[0].entry_id == "a"
    assert embedder.calls == []


def candidate(entry_id: str, score: float) -> Candidate:
    return Candidate(entry_id, score, (), ())


def test_fuse_scales_bm25_to_the_best_and_adds_the_cosine() -> None:
    ranked = [(candidate("a", 10.0), 10.0), (candidate("b", 5.0), 5.0)]
    fused = fuse(ranked, [similarity_bonus(-1.0, 1.0), similarity_bonus(1.0, 1.0)])
    assert [(c.entry_id, round(s, 6)) for c, s in fused] == [("b", 2.5), ("a", 1.0)]


def test_fuse_breaks_ties_by_entry_id() -> None:
    ranked = [(candidate("b", 4.0), 4.0), (candidate("a", 4.0), 4.0)]
    assert [c.entry_id for c, _ in fuse(ranked, [1.0, 1.0])] == ["a", "b"]


def tiny_static_embedder() -> StaticEmbedder:
    vocab = {"[UNK]": 0, "up": 1, "down": 2, "north": 3}
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    table = np.array([[0, 0], [1, 0], [-1, 0], [0, 2]], dtype=np.float32)
    return StaticEmbedder(table, tokenizer)


def test_static_embedder_means_token_vectors_and_normalizes() -> None:
    vectors = tiny_static_embedder().embed(["up north", "up down", ""])
    assert vectors.shape == (3, 2) and vectors.dtype == np.float32
    assert vectors[0] == pytest.approx([1 / np.sqrt(5), 2 / np.sqrt(5)])
    assert vectors[1].tolist() == [0.0, 0.0]  # cancelling tokens give a zero row, not NaN
    assert vectors[2].tolist() == [0.0, 0.0]  # so does a text without tokens


def test_bundled_model_loads_once_and_sees_paraphrases() -> None:
    embedder = default_embedder()
    assert default_embedder() is embedder
    a, b, c = embedder.embed(
        [
            "Wages have not gone up for years.",
            "Pay has been frozen for a long time.",
            "The bridge was painted green.",
        ]
    )
    assert float(np.linalg.norm(a)) == pytest.approx(1.0, abs=1e-5)
    assert float(a @ b) > float(a @ c)
