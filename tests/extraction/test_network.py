"""The shipped check-worthiness network: a plain weights file run in numpy."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from dataclasses import replace

import numpy as np
import pytest

from factcheck.extraction import network as network_module
from factcheck.extraction.kinds import KINDS
from factcheck.extraction.network import (
    MAX_TOKENS,
    NETWORK_FORMAT,
    TENSORS,
    WEIGHTS_PATH,
    Network,
    chunks,
    debate_network,
    encode,
    heads,
    load_network,
    single_threaded,
    token_ids,
)
from factcheck.extraction.score import DEFAULT_THRESHOLD
from factcheck.extraction.signals import SIGNALS
from factcheck.matching.embedding import default_embedder

SENTENCES = [
    "Exports of Ruritanian timber rose by 12% in the year to March.",
    "x",
    "",
    "Exports of Ruritanian timber rose by 12% in the year to March.",
    "The harbour of Port Vell will, officials hope, reopen before the winter storms arrive.",
]


def test_weights_file_is_small_safetensors_with_its_configuration() -> None:
    # Five members of about 0.6 MB each, stored as float32: it ships in the wheel.
    assert WEIGHTS_PATH.stat().st_size < 4_000_000
    header_size = int.from_bytes(WEIGHTS_PATH.read_bytes()[:8], "little")
    header = json.loads(WEIGHTS_PATH.read_bytes()[8 : 8 + header_size])
    config = json.loads(header["__metadata__"]["config"])
    assert config["format"] == NETWORK_FORMAT
    assert tuple(config["kinds"]) == KINDS
    assert tuple(config["signals"]) == SIGNALS


def test_default_threshold_matches_the_weights_file() -> None:
    assert load_network().threshold == pytest.approx(DEFAULT_THRESHOLD)


def test_extraction_runs_without_torch_or_scikit_learn() -> None:
    code = (
        "import sys; sys.modules['torch'] = None; sys.modules['sklearn'] = None\n"
        "from factcheck.extraction import extract\n"
        "result = extract('Prices rose 5% in 2023. I love it.')\n"
        "assert len(result) == 2\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr


def _one_at_a_time(sentence_ids: np.ndarray) -> np.ndarray:
    """Reference: one sentence alone, zero-padded, no batching tricks, member by member."""
    network = load_network()
    tensors = network.tensors
    pooled = []
    for prefix in network.prefixes:
        values = (
            default_embedder().table[sentence_ids].astype(np.float32) @ tensors[prefix + "proj"]
        )
        for layer in ("conv1", "conv2"):
            padded = np.pad(values, ((1, 1), (0, 0)))
            weight = tensors[f"{prefix}{layer}_w"]
            values = sum(padded[k : k + len(values)] @ weight[k] for k in range(3))
            values = np.maximum(values + tensors[f"{prefix}{layer}_b"], 0.0)
        if not len(values):
            pooled.append(np.zeros(2 * tensors["conv2_b"].shape[0], np.float32))
        else:
            pooled.append(np.concatenate([values.max(axis=0), values.mean(axis=0)]))
    return np.concatenate(pooled)


def test_the_batched_network_equals_one_sentence_at_a_time() -> None:
    ids = token_ids(SENTENCES)
    batched = encode(load_network(), ids)
    for row, sentence_ids in zip(batched, ids, strict=True):
        np.testing.assert_allclose(row, _one_at_a_time(sentence_ids), rtol=1e-4, atol=1e-5)


def test_tokens_are_capped() -> None:
    [ids] = token_ids(["word " * 1000])
    assert ids.size == MAX_TOKENS


def test_scoring_is_deterministic() -> None:
    network = load_network()
    first = encode(network, token_ids(SENTENCES))
    np.testing.assert_array_equal(first, encode(network, token_ids(SENTENCES)))
    # In another order or batch, only the rounding of the products may differ.
    again = encode(network, token_ids(list(reversed(SENTENCES))))[::-1]
    np.testing.assert_allclose(first[0], first[3], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(first, again, rtol=1e-5, atol=1e-5)


def _member(network: Network, prefix: str) -> Network:
    """One member of the shipped ensemble as a network of its own, scores without kinds."""
    tensors = {name: network.tensors[prefix + name] for name in TENSORS}
    meta = {**network.meta, "members": 1, "kinds_trained": False}
    return replace(network, tensors=tensors, meta=meta)


def _logits(network: Network) -> np.ndarray:
    ids = token_ids(SENTENCES)
    signals = np.zeros((len(SENTENCES), len(network.signals)), np.float32)
    score, _ = heads(network, encode(network, ids), signals)
    clipped = np.clip(score.astype(np.float64), 1e-9, 1 - 1e-9)
    return np.log(clipped / (1 - clipped))


def test_the_ensemble_averages_the_logits_of_its_members() -> None:
    network = load_network()
    assert len(network.prefixes) == network.meta["members"] >= 1
    plain = replace(network, meta={**network.meta, "kinds_trained": False})
    members = [_logits(_member(network, prefix)) for prefix in network.prefixes]
    np.testing.assert_allclose(_logits(plain), np.mean(members, axis=0), rtol=1e-4, atol=1e-4)
    assert len(debate_network(network).prefixes) == len(network.prefixes)


@pytest.mark.parametrize("reverse", [False, True])
def test_scores_do_not_depend_on_the_order_of_a_set(
    reverse: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The factual kinds are a set, whose order changes from process to process (string
    hashing): summed in that order, the same article scored differently in the last bits
    in two workers. The probabilities are summed in the network's order of kinds."""
    from factcheck.extraction import kinds

    network = load_network()
    ids = token_ids(SENTENCES)
    signals = np.zeros((len(SENTENCES), len(network.signals)), np.float32)
    pooled = encode(network, ids)
    expected, _ = heads(network, pooled, signals)
    in_order = tuple(sorted(kinds.FACTUAL_KINDS, reverse=reverse))
    monkeypatch.setattr(network_module, "FACTUAL_KINDS", in_order)
    score, _ = heads(network, pooled, signals)
    np.testing.assert_array_equal(score, expected)


def test_a_batch_in_chunks_scores_as_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    network = load_network()
    ids = token_ids(SENTENCES * 4)
    whole = encode(network, ids)
    monkeypatch.setattr(network_module, "CHUNK_ROWS", 40)
    lengths = np.array([row.size + 1 for row in ids])
    runs = chunks(lengths)
    assert len(runs) > 4
    assert [first for first, _ in runs] == [0, *(last for _, last in runs[:-1])]
    assert runs[-1][1] == len(ids)
    for first, last in runs:
        assert lengths[first:last].sum() <= 40 or last == first + 1
    # Only the rounding of the products may differ (as for any other batch).
    np.testing.assert_allclose(encode(network, ids), whole, rtol=1e-5, atol=1e-5)


def test_a_long_text_is_encoded_in_bounded_memory() -> None:
    """200,000 characters of distinct names are 3,000 sentences of 64 tokens: in one batch
    their activations took 400 MB (and superlinear time); in chunks, under 100 MB."""
    network = load_network()
    rng = np.random.default_rng(0)
    ids = [rng.integers(0, 32_000, MAX_TOKENS) for _ in range(3_000)]
    tracemalloc.start()
    try:
        with single_threaded():
            pooled = encode(network, ids)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert pooled.shape == (3_000, 2 * 96 * len(network.prefixes))
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB"


def _reference_encode(network: Network, ids: list[np.ndarray]) -> np.ndarray:
    """encode() written out plainly: every row projected and convolved on its own."""
    t = network.tensors
    table = default_embedder().table
    gap = np.zeros((1, table.shape[1]), np.float32)
    pooled = []
    for prefix in network.prefixes:
        layout = np.concatenate(
            [part for row in ids for part in (table[row].astype(np.float32), gap)]
        )
        mask = np.concatenate(
            [part for row in ids for part in (np.ones((row.size, 1)), np.zeros((1, 1)))]
        ).astype(np.float32)
        values = layout @ t[prefix + "proj"]
        hidden = network_module._conv(values, t[prefix + "conv1_w"], t[prefix + "conv1_b"], mask)
        hidden = network_module._conv(hidden, t[prefix + "conv2_w"], t[prefix + "conv2_b"], mask)
        most, mean, first = [], [], 0
        for row in ids:
            rows = hidden[first : first + row.size + 1]
            most.append(rows.max(axis=0))
            mean.append(rows.sum(axis=0) / max(row.size, 1))
            first += row.size + 1
        pooled += [np.stack(most), np.stack(mean)]
    return np.concatenate(pooled, axis=1)


def test_the_first_convolution_computed_per_distinct_token_is_the_plain_one() -> None:
    """The first layer is computed once per distinct token and looked up for each row;
    with repeated words, one-token sentences, an empty one and a sentence at either end,
    every pooled feature is what convolving each row on its own gives."""
    network = load_network()
    batches = [
        [*SENTENCES, "the the the the", "a", "Timber, timber and more timber rose."],
        ["A"],  # one distinct word: a product of one row
        ["A", "A", "A"],
    ]
    for sentences in batches:
        ids = token_ids(sentences)
        # float32 sums taken in another order differ by a few units in the last place per
        # term: 4.3e-6 on one machine's vector kernels, so 1e-6 held on some machines only.
        # A wrong row or token would be off by the size of the features themselves.
        with single_threaded():
            np.testing.assert_allclose(
                encode(network, ids), _reference_encode(network, ids), rtol=1e-5, atol=1e-5
            )


def _with_attention(network: Network, value_scale: float) -> Network:
    """The shipped network with a self-attention layer in each member (scripts/train_scorer.py
    --attention), its weights drawn at random: `value_scale` 0 adds nothing."""
    generator = np.random.default_rng(7)
    tensors = dict(network.tensors)
    filters = network.tensors["conv2_b"].shape[0]
    for prefix in network.prefixes:
        tensors[prefix + "att_q"] = generator.normal(0, 0.3, (filters, 8)).astype(np.float32)
        tensors[prefix + "att_k"] = generator.normal(0, 0.3, (filters, 8)).astype(np.float32)
        value = generator.normal(0, 0.3, (filters, filters)) * value_scale
        tensors[prefix + "att_v"] = value.astype(np.float32)
    return replace(network, tensors=tensors, meta={**network.meta, "attention": True})


def _attended_alone(network: Network, sentence_ids: np.ndarray) -> np.ndarray:
    """Reference for one sentence alone: its convolutional features, then softmax attention
    over its own tokens only, residual, ReLU; max and mean."""
    t = network.tensors
    pooled = []
    for prefix in network.prefixes:
        values = default_embedder().table[sentence_ids].astype(np.float32) @ t[prefix + "proj"]
        for layer in ("conv1", "conv2"):
            padded = np.pad(values, ((1, 1), (0, 0)))
            weight = t[f"{prefix}{layer}_w"]
            values = sum(padded[k : k + len(values)] @ weight[k] for k in range(3))
            values = np.maximum(values + t[f"{prefix}{layer}_b"], 0.0)
        if not len(values):
            pooled.append(np.zeros(2 * t["conv2_b"].shape[0], np.float32))
            continue
        query, key = values @ t[prefix + "att_q"], values @ t[prefix + "att_k"]
        weights = query @ key.T / np.sqrt(query.shape[1])
        weights = np.exp(weights - weights.max(axis=1, keepdims=True))
        weights /= weights.sum(axis=1, keepdims=True)
        values = np.maximum(values + weights @ (values @ t[prefix + "att_v"]), 0.0)
        pooled.append(np.concatenate([values.max(axis=0), values.mean(axis=0)]))
    return np.concatenate(pooled)


def test_an_attention_layer_reads_each_sentence_alone_in_a_batch() -> None:
    # The batch lays sentences end to end: attention must not reach across the gaps.
    network = _with_attention(load_network(), 1.0)
    ids = token_ids(SENTENCES)
    batched = encode(network, ids)
    for row, sentence_ids in zip(batched, ids, strict=True):
        np.testing.assert_allclose(
            row, _attended_alone(network, sentence_ids), rtol=1e-4, atol=1e-5
        )
    plain = encode(load_network(), ids)
    assert not np.allclose(batched, plain, atol=1e-3), "the layer changed nothing"
    # Its value weights start at zero in training: the network is then the one without it.
    np.testing.assert_allclose(
        encode(_with_attention(load_network(), 0.0), ids), plain, rtol=1e-6, atol=1e-6
    )
