# mypy: disallow-untyped-defs
"""Static sentence embeddings: see paraphrases that share no words with the fact-check.

BM25 only sees shared stems, so "people haven't had a raise" never meets "income didn't
budge". A *static* embedding model gives every sub-word token a fixed vector; a sentence is
the mean of its tokens' vectors, L2-normalized. There is no neural network to run, so one
text costs one tokenizer call and a table look-up: ~0.1 ms, fast enough to embed every
fact-check as it is added and every query as it arrives.

The model is WordLlama "l2_supercat" (256 dimensions; token embeddings taken from Llama 2 and
trained for sentence similarity), MIT licence, whose weights and tokenizer ship *inside* the
``wordllama`` wheel on PyPI: nothing is downloaded at run time. We read those two files
ourselves with ``tokenizers`` and ``safetensors`` instead of calling ``WordLlama.load()``,
because importing ``wordllama`` configures the root logger (``logging.basicConfig``) and its
loader looks for the bundled tokenizer in the wrong folder, then tries the network.

Contract of :class:`StaticEmbedder`: ``embed(texts)`` returns a float32 array of shape
``(len(texts), dim)`` whose rows have unit length, or are all zero for a text without
tokens. It is deterministic and safe to call from many threads.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tokenizers import Tokenizer

Vectors = npt.NDArray[np.float32]

_PACKAGE = "wordllama"
_WEIGHTS = "wordllama/weights/l2_supercat_256.safetensors"
_TOKENIZER = "wordllama/tokenizers/l2_supercat_tokenizer_config.json"
# The figures in docs/matching.md were measured with exactly this file: a wordllama release
# that ships other weights must be measured again before it is used.
_WEIGHTS_SHA256 = "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5"
_TENSOR_KEY = "embedding.weight"


class Embedder(Protocol):
    """Anything that turns texts into unit-length vectors (tests use a tiny fake)."""

    def embed(self, texts: list[str]) -> Vectors: ...


class StaticEmbedder:
    """Mean of static token vectors, L2-normalized (see the module contract)."""

    def __init__(self, table: npt.NDArray[np.floating[Any]], tokenizer: Tokenizer) -> None:
        self._table = table
        self._tokenizer = tokenizer
        # Mean pooling needs no padding, and sentences must not be cut.
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    @property
    def dim(self) -> int:
        return int(self._table.shape[1])

    @property
    def table(self) -> npt.NDArray[np.floating[Any]]:
        """The token vectors (vocabulary size x dim), shared with the check-worthiness network."""
        return self._table

    def token_ids(self, texts: list[str], max_tokens: int) -> list[npt.NDArray[np.int64]]:
        """The first `max_tokens` token ids of each text, each a valid row of :attr:`table`."""
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        last_id = self._table.shape[0] - 1
        return [
            np.minimum(np.asarray(encoding.ids[:max_tokens], dtype=np.int64), last_id)
            for encoding in encodings
        ]

    def embed(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        last_id = self._table.shape[0] - 1
        for row, encoding in enumerate(encodings):
            if encoding.ids:
                ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, last_id)
                vectors[row] = self._table[ids].mean(axis=0, dtype=np.float32)
        return _unit_rows(vectors)


# Stored vectors: float16, little-endian (512 bytes for 256 dimensions). Half precision moves
# a cosine by about 1e-3, far below what reorders candidates (docs/matching.md).
STORED_DTYPE = np.dtype("<f2")


def to_bytes(vector: Vectors) -> bytes:
    """One vector as stored in the database."""
    return np.asarray(vector, dtype=STORED_DTYPE).tobytes()


def from_bytes(blob: bytes | None) -> Vectors | None:
    """A stored vector back as float32; None for a missing or malformed one (such an entry
    gets no similarity bonus rather than failing the search)."""
    if not blob or len(blob) % STORED_DTYPE.itemsize:
        return None
    return np.frombuffer(blob, dtype=STORED_DTYPE).astype(np.float32)


def _unit_rows(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


_DEFAULT: StaticEmbedder | None = None
_DEFAULT_LOCK = threading.Lock()


def _forget_lock_in_child() -> None:
    # A worker forked while another thread loaded the model must not inherit a held lock;
    # it loads the model itself if the parent had not finished.
    global _DEFAULT_LOCK
    _DEFAULT_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_forget_lock_in_child)


def load_in_background() -> None:
    """Start loading the default model in a daemon thread, so that a worker's first match
    does not wait for it (it waits for the thread instead if it comes sooner)."""
    threading.Thread(target=default_embedder, name="embedding-model", daemon=True).start()


def default_embedder() -> StaticEmbedder:
    """The bundled WordLlama model, loaded once per process (~16 MB, a fraction of a second)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = _load_wordllama()
        return _DEFAULT


def _load_wordllama() -> StaticEmbedder:
    weights = _packaged_file(_WEIGHTS)
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    if digest != _WEIGHTS_SHA256:
        raise RuntimeError(f"unexpected {_PACKAGE} weights {weights} (sha256 {digest})")
    # Imported here, on first use: the tokenizer's native library is slow to load, and
    # pages and commands that never embed a text should not wait for it.
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    # Kept in half precision (16 MB a process instead of 32); means are taken in float32.
    table = np.ascontiguousarray(load_file(str(weights))[_TENSOR_KEY], dtype=np.float16)
    return StaticEmbedder(table, Tokenizer.from_file(str(_packaged_file(_TOKENIZER))))


def _packaged_file(relative: str) -> Path:
    """A file inside the installed package, found without importing it (and without
    importlib.metadata, tens of milliseconds of imports for a command's first line)."""
    spec = importlib.util.find_spec(_PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder).parent / relative
        if path.is_file():
            return path
    raise FileNotFoundError(f"{relative} is missing from the installed {_PACKAGE} package")
