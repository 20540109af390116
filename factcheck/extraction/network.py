"""The check-worthiness network, run in numpy (no PyTorch at request time).

A small convolutional network over WordLlama's static token embeddings (the same table the
claim matcher uses, :mod:`factcheck.matching.embedding`), so that word order counts:
"predicted that the economy would grow by 4.3%" and "the economy grew by 4.3%" share most
of their words but not their meaning.

    token vectors (256, frozen) -> linear projection (D) -> conv k=3 -> ReLU -> conv k=3
    -> ReLU -> max and mean over the sentence -> concatenated with the sentence's signals
    (:mod:`factcheck.extraction.signals`) -> dense layer -> ReLU -> two heads:
    check-worthiness (one logit) and claim kind (softmax over KINDS); a sentence of an
    article scores sigmoid(logit) times the probability that its kind is a factual one

The network is an ensemble of ``members`` networks of the same shape, each trained from
its own seed (the first under the plain tensor names, the others under ``m1_``, ``m2_``,
...); their logits are averaged, which steadies a network trained on few labels. The file
holds the ensemble twice: as trained further on the news labels (what the app runs) and,
under ``debate_*`` names, as it was after the debate stage (:func:`debate_network`, what
the CT24 figures measure).

The sentences are run in batches of up to CHUNK_ROWS rows (an article is one batch): their
tokens are laid end to end with one zero vector between sentences, and every layer zeroes
those gaps again, which gives each sentence exactly the zero padding it would have alone.
A sentence is read up to MAX_NETWORK_CHARS characters and MAX_TOKENS tokens, and the
activations of a long text are held one chunk at a time: its time is linear in the text
and its memory bounded.

Weights: ``checkworthiness.safetensors`` next to this module (plain tensors, no pickle),
written by ``scripts/train_scorer.py``; its metadata holds the configuration as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from factcheck.extraction.kinds import FACTUAL_KINDS
from factcheck.matching.embedding import default_embedder

Array = npt.NDArray[np.float32]

WEIGHTS_PATH = Path(__file__).with_name("checkworthiness.safetensors")
NETWORK_FORMAT = "factcheck-checkworthiness/3"
MAX_TOKENS = 64
MAX_NETWORK_CHARS = 400
# Rows (tokens and gaps) whose activations are computed at once: 6 MB an array. In one
# batch, 200,000 characters of distinct names (107,000 rows) made arrays of 41 MB, several
# alive at once in each layer, and took superlinear time.
CHUNK_ROWS = 16_384
# The products here are small: on a busy machine, waking BLAS threads for each one costs
# far more than it saves (16 ms instead of 0.2 ms for a 400 x 200 product). The network
# runs them on one thread, inside :func:`single_threaded`.
_THREADPOOLS = ThreadpoolController()
TENSORS = (
    "proj",
    "conv1_w",
    "conv1_b",
    "conv2_w",
    "conv2_b",
    "dense_w",
    "dense_b",
    "out_w",
    "out_b",
)
# A self-attention layer after the second convolution, in networks trained with it
# (configuration "attention": true, scripts/train_scorer.py --attention): each token's
# features plus a weighted sum of its sentence's, so that a word reads the whole sentence,
# not only its neighbours.
ATTENTION_TENSORS = ("att_q", "att_k", "att_v")
# The same layers as trained on the debates alone (see debate_network).
DEBATE = "debate_"
# A padded or gap row as an attention key: its weight is exp(-1e9), nothing.
MASKED = -1e9


def tensor_names(meta: dict[str, Any]) -> tuple[str, ...]:
    """The tensors of one member of a network with this configuration."""
    return TENSORS + (ATTENTION_TENSORS if meta.get("attention") else ())


def member_prefixes(members: int) -> list[str]:
    """Tensor name prefixes of an ensemble's members: "", "m1_", "m2_", ..."""
    return ["" if index == 0 else f"m{index}_" for index in range(members)]


@dataclass(frozen=True)
class Network:
    """Loaded weights and configuration (see the module docstring for the layers)."""

    tensors: dict[str, Array]
    kinds: tuple[str, ...]
    signals: tuple[str, ...]
    threshold: float
    meta: dict[str, Any]

    @property
    def prefixes(self) -> list[str]:
        """Prefixes of the ensemble members' tensors (one member when the file has none)."""
        return member_prefixes(int(self.meta.get("members", 1)))


def network_from_file(path: Path) -> Network:
    """Read a weights file written by scripts/train_scorer.py."""
    from safetensors import safe_open

    with safe_open(str(path), framework="numpy") as handle:
        metadata = handle.metadata() or {}
    config = json.loads(metadata.get("config", "{}"))
    if config.get("format") != NETWORK_FORMAT:
        raise ValueError(f"unsupported model format: {config.get('format')!r}")
    from safetensors.numpy import load_file  # on first use: building the app needs no weights

    raw = load_file(str(path))
    members = member_prefixes(int(config.get("members", 1)))
    prefixes = [*members, *(DEBATE + prefix for prefix in members)]
    names = [prefix + name for prefix in prefixes for name in tensor_names(config)]
    tensors = {name: np.ascontiguousarray(raw[name], dtype=np.float32) for name in names}
    return Network(
        tensors=tensors,
        kinds=tuple(config["kinds"]),
        signals=tuple(config["signals"]),
        threshold=float(config["threshold"]),
        meta=config,
    )


@lru_cache(maxsize=1)
def load_network(path: Path = WEIGHTS_PATH) -> Network:
    """Load (once) and return the shipped network."""
    return network_from_file(path)


def single_threaded() -> Any:
    """Context in which BLAS runs on one thread (restored on exit)."""
    return _THREADPOOLS.limit(limits=1, user_api="blas")


def token_ids(sentences: list[str]) -> list[npt.NDArray[np.int64]]:
    """WordLlama token ids of each sentence, cut to MAX_NETWORK_CHARS and MAX_TOKENS."""
    return default_embedder().token_ids(
        [sentence[:MAX_NETWORK_CHARS] for sentence in sentences], MAX_TOKENS
    )


def _conv(values: Array, weight: Array, bias: Array, mask: Array) -> Array:
    """Width-3 convolution over the laid-out batch, ReLU, gaps zeroed again. Each row adds
    the row before it and the row after it in place (nothing before the first row or after
    the last: zero padding), with no padded copy of the batch."""
    out = values @ weight[1]
    out[1:] += values[:-1] @ weight[0]
    out[:-1] += values[1:] @ weight[2]
    return _activate(out, bias, mask)


def _activate(out: Array, bias: Array, mask: Array) -> Array:
    """Bias, ReLU and the gaps zeroed again, in place."""
    out += bias
    np.maximum(out, 0.0, out=out)
    out *= mask
    return out


def _first_conv(
    projected: Array, token_rows: npt.NDArray[np.int64], weight: Array, bias: Array, mask: Array
) -> Array:
    """:func:`_conv` of the first layer, computed once per distinct token rather than once
    per row: each distinct token's products with the three taps are looked up for every
    row that holds it, and added in the order :func:`_conv` adds them (on every sentence of
    the shared data sets and articles the pooled features came out the same bits). A long
    text repeats its words, so this is fewer products than rows: a fifth to a quarter of
    the network's time on hostile texts of 200,000 characters (docs/security.md, F1)."""
    width = weight.shape[2]
    # The zero row for the gaps goes through the product too: a product of one row (an
    # article of one distinct word) takes another path in BLAS, with other rounding.
    padded = np.concatenate([projected, np.zeros((1, projected.shape[1]), np.float32)])
    taps = padded @ np.concatenate(list(weight), axis=1)
    out = taps[token_rows, width : 2 * width]
    out[1:] += taps[token_rows[:-1], :width]
    out[:-1] += taps[token_rows[1:], 2 * width :]
    return _activate(out, bias, mask)


def encode(network: Network, ids: list[npt.NDArray[np.int64]]) -> Array:
    """Pooled convolutional features of tokenized sentences: (N, 2F) per ensemble member,
    the members side by side.

    The sentences are laid out end to end in chunks of at most CHUNK_ROWS rows (tokens
    plus one gap each), so that the activations of a long text take bounded memory and
    its time stays linear; a batch that fits in one chunk is one batch, as it always was.
    """
    lengths = np.fromiter((row.size + 1 for row in ids), dtype=np.int64, count=len(ids))
    runs = chunks(lengths)
    if len(runs) <= 1:
        return _encode_chunk(network, ids)
    return np.concatenate([_encode_chunk(network, ids[first:last]) for first, last in runs])


def chunks(lengths: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """Runs [first, last) of consecutive sentences whose `lengths` (laid-out rows) add up
    to at most CHUNK_ROWS; a sentence longer than that is a run of its own."""
    ends = np.cumsum(lengths)
    runs: list[tuple[int, int]] = []
    first, laid_out = 0, 0
    while first < len(lengths):
        last = int(np.searchsorted(ends, laid_out + CHUNK_ROWS, side="right"))
        last = max(last, first + 1)
        runs.append((first, last))
        first, laid_out = last, int(ends[last - 1])
    return runs


def _encode_chunk(network: Network, ids: list[npt.NDArray[np.int64]]) -> Array:
    """:func:`encode` of sentences laid out end to end in one batch."""
    t = network.tensors
    width = 2 * t["conv2_b"].shape[0] * len(network.prefixes)
    if not ids:
        return np.zeros((0, width), np.float32)
    gap = np.full(1, -1, dtype=np.int64)
    flat = np.concatenate([part for row in ids for part in (row, gap)])
    lengths = np.fromiter((row.size + 1 for row in ids), dtype=np.int64, count=len(ids))
    starts = np.zeros(len(ids), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    positions = np.flatnonzero(flat >= 0)
    mask = (flat >= 0).astype(np.float32)[:, None]
    unique, inverse = np.unique(flat[positions], return_inverse=True)
    vectors = default_embedder().table[unique].astype(np.float32)
    # Each row's index among the distinct tokens; a gap row points one past them, at a
    # row of zeros.
    token_rows = np.full(flat.size, unique.size, dtype=np.int64)
    token_rows[positions] = inverse
    groups = _length_groups(lengths, starts)
    divisor = np.maximum(lengths - 1, 1)[:, None]
    pooled: list[npt.NDArray[Any]] = []  # the means are float64, as they always were
    for prefix in network.prefixes:
        projected = vectors @ t[prefix + "proj"]
        hidden = _first_conv(
            projected, token_rows, t[prefix + "conv1_w"], t[prefix + "conv1_b"], mask
        )
        hidden = _conv(hidden, t[prefix + "conv2_w"], t[prefix + "conv2_b"], mask)
        if prefix + "att_q" in t:
            hidden = _attend(hidden, groups, t, prefix, mask)
        most, total = _pool(hidden, groups, len(ids))
        pooled.append(most)
        pooled.append(total / divisor)
    return np.concatenate(pooled, axis=1)


def _attend(
    hidden: Array, groups: list[_LengthGroup], t: dict[str, Array], prefix: str, mask: Array
) -> Array:
    """Self-attention within each sentence, residual, ReLU, gaps zeroed: each group of
    sentences of one length is one (sentences, length, length) block of weights, and a
    sentence's gap row is never a key."""
    query, key, value = (hidden @ t[prefix + name] for name in ATTENTION_TENSORS)
    scale = np.float32(1.0 / np.sqrt(t[prefix + "att_q"].shape[1]))
    for group in groups:
        count, length = len(group.sentences), group.length
        q = query[group.rows].reshape(count, length, -1)
        k = key[group.rows].reshape(count, length, -1)
        v = value[group.rows].reshape(count, length, -1)
        weights = (q @ k.transpose(0, 2, 1)) * scale
        weights[:, :, -1] = MASKED
        weights -= weights.max(axis=2, keepdims=True)
        np.exp(weights, out=weights)
        weights /= weights.sum(axis=2, keepdims=True)
        hidden[group.rows] += (weights @ v).reshape(count * length, -1)
    np.maximum(hidden, 0.0, out=hidden)
    hidden *= mask
    return hidden


@dataclass(frozen=True)
class _LengthGroup:
    """The sentences of a batch that lay out in the same number of rows, and those rows."""

    sentences: npt.NDArray[np.int64]
    length: int
    rows: npt.NDArray[np.int64]


def _length_groups(
    lengths: npt.NDArray[np.int64], starts: npt.NDArray[np.int64]
) -> list[_LengthGroup]:
    """The sentences grouped by laid-out length (a sentence's tokens and its gap row)."""
    order = np.argsort(lengths, kind="stable")
    bounds = np.flatnonzero(np.diff(lengths[order])) + 1
    groups = []
    for sentences in np.split(order, bounds):
        length = int(lengths[sentences[0]])
        rows = (starts[sentences][:, None] + np.arange(length)).ravel()
        groups.append(_LengthGroup(sentences, length, rows))
    return groups


def _pool(hidden: Array, groups: list[_LengthGroup], count: int) -> tuple[Array, Array]:
    """Max and sum over each sentence's rows: (count, F) each. Each group of sentences of
    one length is one (sentences, length, F) block, reduced in one call; np.maximum.reduceat
    over the rows took six to nine times as long, a fifth of a long text's extraction."""
    width = hidden.shape[1]
    most = np.empty((count, width), np.float32)
    total = np.empty((count, width), np.float32)
    for group in groups:
        block = hidden[group.rows].reshape(len(group.sentences), group.length, width)
        most[group.sentences] = block.max(axis=1)
        total[group.sentences] = block.sum(axis=1)
    return most, total


def heads(network: Network, pooled: Array, signals: Array) -> tuple[Array, Array]:
    """Check-worthiness probability (N,) and kind probabilities (N, len(kinds)).

    The members' logits are averaged. When the kind head was trained (the news stage), the
    score is the check-worthiness probability times the probability of a factual kind.
    """
    return heads_from_dense_inputs(network, dense_inputs(network, pooled, signals))


def dense_inputs(network: Network, pooled: Array, signals: Array) -> list[Array]:
    """Each member's dense layer input before ReLU, (N, hidden): its pooled part times the
    pooled rows of its dense weights, plus the signals times the signal rows (so that
    switching a signal off takes exactly its row away: score._contributions)."""
    t = network.tensors
    parts = np.split(pooled, len(network.prefixes), axis=1)
    signals = signals.astype(np.float32)
    result = []
    for prefix, part in zip(network.prefixes, parts, strict=True):
        weight = t[prefix + "dense_w"]
        width = part.shape[1]
        result.append(part @ weight[:width] + signals @ weight[width:] + t[prefix + "dense_b"])
    return result


def signal_weights(network: Network) -> list[Array]:
    """Each member's dense weights of the signals: (len(signals), hidden)."""
    t = network.tensors
    return [t[prefix + "dense_w"][-len(network.signals) :] for prefix in network.prefixes]


def heads_from_dense_inputs(network: Network, dense_inputs: list[Array]) -> tuple[Array, Array]:
    """:func:`heads` from each member's dense layer input before ReLU."""
    t = network.tensors
    out = np.zeros((dense_inputs[0].shape[0], t["out_b"].shape[0]), np.float32)
    for prefix, dense_input in zip(network.prefixes, dense_inputs, strict=True):
        dense = np.maximum(dense_input, 0.0)
        out += dense @ t[prefix + "out_w"] + t[prefix + "out_b"]
    out /= len(network.prefixes)
    score = 1.0 / (1.0 + np.exp(-np.clip(out[:, 0], -60.0, 60.0)))
    kind_logits = out[:, 1:] - out[:, 1:].max(axis=1, keepdims=True)
    kind_exp = np.exp(kind_logits)
    kinds = kind_exp / kind_exp.sum(axis=1, keepdims=True)
    if network.meta.get("kinds_trained"):
        # A sentence of an article is check-worthy only as far as it is of a factual kind.
        # Summed in the network's order, not the set's (which changes with string hashing
        # from one process to the next, and with it the last bits of every score).
        factual = [index for index, kind in enumerate(network.kinds) if kind in FACTUAL_KINDS]
        score = score * kinds[:, factual].sum(axis=1)
    return score.astype(np.float32), kinds.astype(np.float32)


def debate_network(network: Network) -> Network:
    """The network as it was after the debate stage, before the news labels: what the CT24
    figures measure (sentences without an article, at the threshold tuned on CT24 dev)."""
    return Network(
        tensors={
            prefix + name: network.tensors[DEBATE + prefix + name]
            for prefix in network.prefixes
            for name in tensor_names(network.meta)
        },
        kinds=network.kinds,
        signals=network.signals,
        threshold=float(network.meta.get("debate_threshold", network.threshold)),
        meta={**network.meta, "kinds_trained": False},
    )


def predict(network: Network, sentences: list[str], signals: Array) -> tuple[Array, Array]:
    """Run the network on sentences with their signals (N, len(network.signals)).

    Identical sentences are tokenized and convolved once.
    """
    unique: dict[str, int] = {}
    index = np.fromiter(
        (unique.setdefault(sentence, len(unique)) for sentence in sentences),
        dtype=np.int64,
        count=len(sentences),
    )
    pooled = encode(network, token_ids(list(unique)))
    return heads(network, pooled[index], signals)
