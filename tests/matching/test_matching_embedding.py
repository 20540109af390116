"""The static embedder: mean of token vectors, and the bundled model loads and sees
paraphrases. (The fusion is tested in test_matching_ranking.py.)

The texts are written for these tests (no text from the research data sets).
"""

from __future__ import annotations

import numpy as np
import pytest
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace

from factcheck.matching.embedding import StaticEmbedder, default_embedder


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
