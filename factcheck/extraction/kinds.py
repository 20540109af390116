"""Claim kinds: what sort of sentence it is, and which sorts become candidates."""

from __future__ import annotations

# The order is the order of the network's kind head; changing it needs retraining.
KINDS = (
    "quantity", "comparison", "causal", "event", "attributed",
    "prediction", "opinion", "experience", "question", "boilerplate", "other",
)  # fmt: skip
FACTUAL_KINDS = frozenset(("quantity", "comparison", "causal", "event", "attributed"))

KIND_LABELS = {
    "quantity": "a quantity",
    "comparison": "a comparison",
    "causal": "a cause and effect",
    "event": "an event",
    "attributed": "an attributed fact",
    "prediction": "a prediction",
    "opinion": "an opinion",
    "experience": "personal experience",
    "question": "a question",
    "boilerplate": "boilerplate",
    "other": "other",
}
